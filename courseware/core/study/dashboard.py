"""What the home screen shows: each module's progress, cards due, leeches and the next suggested step.

Computed from stored due dates and attempts only (no FSRS, no Markdown parsing) so the first screen
paints fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from courseware.core.course.course import Course
from courseware.core.store import Store
from courseware.core.store.reviews import DueCounts
from courseware.core.study.scheduling import LEARN_AHEAD, Schedule, StudyCard, day_start


@dataclass(frozen=True)
class ModuleRow:
    module_id: str
    order: int
    title: str
    read: bool
    started: bool
    quiz_id: str | None
    best_quiz_score: float | None
    cards_due: int


@dataclass(frozen=True)
class NextStep:
    """A suggestion and the app action that carries it out (``read``, ``drill``, ``quiz``, ``exam``)."""

    text: str
    action: str
    ref: str | None = None


@dataclass(frozen=True)
class Dashboard:
    modules: tuple[ModuleRow, ...]
    cards_due: int
    new_cards: int
    leeches: tuple[StudyCard, ...]
    next_step: NextStep
    #: The same counts a flashcard session over every card starts with.
    counts: DueCounts = DueCounts(0, 0, 0)
    #: Whether the learner has done anything yet (read, reviewed, answered): "Welcome back" only then.
    has_history: bool = False


def best_quiz_scores(store: Store) -> dict[str, float]:
    """The best score (0-1) of each quiz over its submitted attempts."""
    best: dict[str, float] = {}
    for attempt in store.attempts.list("quiz"):
        if attempt.submitted_at is None or not attempt.possible:
            continue
        score = (attempt.earned or 0) / attempt.possible
        best[attempt.ref_id] = max(score, best.get(attempt.ref_id, 0.0))
    return best


def card_modules(course: Course) -> dict[str, str]:
    """Card id -> the module it belongs to: the first module linking to it as a glossary term, else the
    module teaching one of its tags.

    This parses the modules' Markdown, so the dashboard asks for it only when some card is due.
    """
    owners: dict[str, str] = {}
    for module in course.modules:
        for link in module.links:
            scheme, _, card_id = link.target.partition(":")
            if scheme == "glossary":
                owners.setdefault(card_id, module.id)
    for card in course.glossary.values():
        if card.id not in owners:
            module_id = next((course.topic_modules[tag] for tag in card.tags if tag in course.topic_modules), None)
            if module_id is not None:
                owners[card.id] = module_id
    return owners


def _unfinished(store: Store, course: Course, now: datetime) -> NextStep | None:
    """The most recent quiz or exam left half done (still open and in time), as a step to resume."""
    for attempt in sorted(store.attempts.list(), key=lambda attempt: attempt.started_at, reverse=True):
        if attempt.submitted_at is not None or attempt.kind not in ("quiz", "exam"):
            continue
        if attempt.deadline is not None and attempt.deadline <= now:
            continue
        source = course.quizzes.get(attempt.ref_id) if attempt.kind == "quiz" else course.exams.get(attempt.ref_id)
        if source is None:
            continue
        plan = attempt.plan.get("questions", []) if isinstance(attempt.plan, dict) else []
        answered = len({answer.question_key for answer in store.attempts.answers(attempt.id)})
        text = f"Resume the {attempt.kind}: {source.title}, {answered} of {len(plan)} answered"
        if attempt.deadline is not None:
            text += f", {int((attempt.deadline - now).total_seconds() // 60)} min left"
        return NextStep(text, attempt.kind, attempt.ref_id)
    return None


def build_dashboard(course: Course, store: Store, now: datetime, *, new_per_day: int) -> Dashboard:
    schedule = Schedule(course, store, new_per_day=new_per_day)
    counts = schedule.counts(now)
    start = day_start(now)
    due_by_module: dict[str, int] = {}
    if counts.learning or counts.review:
        owners = card_modules(course)
        keys = {card.key: card for card in schedule.cards}
        for key in store.reviews.due_keys(now + LEARN_AHEAD, review_until=start + timedelta(days=1), day=start):
            module_id = owners.get(keys[key].card.id) if key in keys else None
            if module_id:
                due_by_module[module_id] = due_by_module.get(module_id, 0) + 1
    progress = store.modules.all()
    scores = best_quiz_scores(store)
    rows = []
    for module in course.modules:
        quizzes = course.quizzes_for_module(module.id)
        quiz_id = quizzes[0].id if quizzes else None
        state = progress.get(module.id)
        rows.append(ModuleRow(module.id, module.meta.order, module.title, bool(state and state.read),
                              state is not None, quiz_id, scores.get(quiz_id) if quiz_id else None,
                              due_by_module.get(module.id, 0)))
    dashboard_rows = tuple(rows)
    due = counts.learning + counts.review
    step = _unfinished(store, course, now) or next_step(course, dashboard_rows, due, counts.new)
    return Dashboard(dashboard_rows, due, counts.new, tuple(schedule.leeches()), step, counts,
                     has_history=bool(progress) or store.has_history())


def next_step(course: Course, rows: tuple[ModuleRow, ...], cards_due: int, new_cards: int) -> NextStep:
    """The one thing most worth doing now: finish what was started, review, repair, then move on."""
    for row in rows:
        if row.started and not row.read:
            return NextStep(f"Continue module {row.order}: {row.title}", "read", row.module_id)
    if cards_due:
        return NextStep(f"Review {cards_due} due card{'s' if cards_due != 1 else ''}", "drill")
    for row in rows:
        if row.read and row.quiz_id and row.best_quiz_score is not None:
            quiz = course.quizzes[row.quiz_id]
            if row.best_quiz_score < quiz.pass_mark:
                return NextStep(f"Retake the quiz: {quiz.title} (best {row.best_quiz_score:.0%})", "quiz", quiz.id)
    for row in rows:
        if row.read and row.quiz_id and row.best_quiz_score is None:
            return NextStep(f"Take the quiz: {course.quizzes[row.quiz_id].title}", "quiz", row.quiz_id)
    for row in rows:
        if not row.read:
            return NextStep(f"Start module {row.order}: {row.title}", "read", row.module_id)
    if new_cards:
        return NextStep(f"Learn {new_cards} new card{'s' if new_cards != 1 else ''}", "drill")
    if course.exams:
        exam = next(iter(course.exams.values()))
        return NextStep(f"Sit the exam: {exam.title}", "exam", exam.id)
    return NextStep("All done: review your statistics", "stats")
