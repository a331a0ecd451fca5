"""What the home screen shows: each module's progress, cards due, leeches and the next suggested step.

Computed from stored due dates and attempts only, as SQL counts over the store's copy of the course's card
list (no FSRS, no loop over the cards), so the home screen costs the same for a course of any size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from courseware.core.course.course import Course
from courseware.core.store import Store
from courseware.core.store.reviews import DueCounts
from courseware.core.study.scheduling import Schedule, StudyCard

#: How many leeches the home screen names (the worst first).
LEECHES_NAMED = 3


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
    #: The worst leeches (at most :data:`LEECHES_NAMED`), named on the home screen; ``leech_count`` has them all.
    leeches: tuple[StudyCard, ...]
    next_step: NextStep
    #: The same counts a flashcard session over every card starts with.
    counts: DueCounts = DueCounts(0, 0, 0)
    #: Whether the learner has done anything yet (read, reviewed, answered): "Welcome back" only then.
    has_history: bool = False
    leech_count: int = 0


def _unfinished(store: Store, course: Course, now: datetime) -> NextStep | None:
    """The most recent quiz or exam left half done (still open and in time), as a step to resume."""
    for attempt in store.attempts.open_attempts():
        if attempt.kind not in ("quiz", "exam"):
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
    due_by_module = schedule.due_per_module(now) if counts.learning or counts.review else {}
    progress = store.modules.all()
    scores = store.attempts.best_scores("quiz")
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
    return Dashboard(dashboard_rows, due, counts.new, tuple(schedule.leeches(limit=LEECHES_NAMED)), step, counts,
                     has_history=bool(progress) or store.has_history(), leech_count=schedule.leech_count())


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
