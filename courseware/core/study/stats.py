"""Study statistics from the progress store, shared by ``courseware stats`` and the statistics screen.

Everything is computed from the stored history (attempts, answers, reviews, reading progress, study
time), so the numbers a script reads with ``--json`` are the ones the learner sees.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from courseware.core.course.course import Course
from courseware.core.store import Store, StoredAnswer
from courseware.core.study.dashboard import best_quiz_scores
from courseware.core.study.scheduling import AGAIN, Schedule, study_cards

BARS = " ▁▂▃▄▅▆▇█"


@dataclass(frozen=True)
class ExamResult:
    exam_id: str
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    passed: bool | None


@dataclass
class Statistics:
    answers: int
    reviews: int
    modules: dict[str, dict[str, Any]]
    exam_attempts: list[ExamResult]
    reviews_per_day: dict[date, int]
    #: Of reviews of cards seen before (first sightings excluded), how many were remembered.
    retention_reviews: int
    retention_recalled: int
    cards_total: int
    cards_seen: int
    cards_due: int
    leeches: int
    seconds_studied: float
    seconds_by_activity: dict[str, float]
    #: Per topic, per day: the fraction of points earned in quiz and exam answers.
    topic_scores: dict[str, dict[date, float]] = field(default_factory=dict)

    @property
    def retention(self) -> float | None:
        return self.retention_recalled / self.retention_reviews if self.retention_reviews else None

    def to_json(self) -> dict[str, Any]:
        return {
            "answers": self.answers,
            "reviews": self.reviews,
            "modules": self.modules,
            "exam_attempts": [
                {"exam_id": attempt.exam_id, "started_at": attempt.started_at.isoformat(),
                 "submitted_at": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
                 "score": attempt.score, "passed": attempt.passed} for attempt in self.exam_attempts],
            "reviews_per_day": {day.isoformat(): count for day, count in sorted(self.reviews_per_day.items())},
            "retention": {"reviews": self.retention_reviews, "recalled": self.retention_recalled,
                          "rate": self.retention},
            "cards": {"total": self.cards_total, "seen": self.cards_seen, "due": self.cards_due,
                      "leeches": self.leeches},
            "time_studied": {"seconds": round(self.seconds_studied, 1),
                             "by_activity": {key: round(value, 1) for key, value in self.seconds_by_activity.items()}},
            "topic_scores": {topic: {day.isoformat(): round(score, 4) for day, score in sorted(days.items())}
                             for topic, days in sorted(self.topic_scores.items())},
        }


def _day(moment: datetime) -> date:
    return moment.astimezone().date()


def compute(course: Course, store: Store, now: datetime) -> Statistics:
    history = store.reviews.history()
    per_day: dict[date, int] = defaultdict(int)
    seen: set[str] = set()
    retention_reviews = retention_recalled = 0
    for review in history:
        per_day[_day(review.reviewed_at)] += 1
        if review.card_key in seen:
            retention_reviews += 1
            retention_recalled += review.rating != AGAIN
        seen.add(review.card_key)

    answers = store.attempts.answers()
    earned: dict[str, dict[date, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    for answer in answers:
        if answer.topic:
            totals = earned[answer.topic][_day(answer.answered_at)]
            totals[0] += answer.earned
            totals[1] += answer.possible
    topic_scores = {topic: {day: got / possible for day, (got, possible) in days.items() if possible}
                    for topic, days in earned.items()}

    progress = store.modules.all()
    scores = best_quiz_scores(store)
    modules: dict[str, dict[str, Any]] = {}
    for module in course.modules:
        quiz_ids = [quiz.id for quiz in course.quizzes_for_module(module.id)]
        best = max((scores[quiz_id] for quiz_id in quiz_ids if quiz_id in scores), default=None)
        modules[module.id] = {"read": bool(module.id in progress and progress[module.id].read),
                              "best_quiz_score": None if best is None else round(best, 4)}

    exams = [ExamResult(attempt.ref_id, attempt.started_at, attempt.submitted_at,
                        (attempt.earned or 0.0) / attempt.possible if attempt.possible else None, attempt.passed)
             for attempt in store.attempts.list("exam")]

    schedule = Schedule(course, store)
    keys = {card.key for card in study_cards(course)}
    states = schedule.states()
    by_activity: dict[str, float] = defaultdict(float)
    for stretch in store.study_time.all():
        by_activity[stretch.activity] += stretch.seconds
    for activity, seconds in _attempt_time(store, answers).items():
        by_activity[activity] += seconds
    return Statistics(
        answers=len(answers), reviews=len(history), modules=modules, exam_attempts=exams,
        reviews_per_day=dict(per_day), retention_reviews=retention_reviews, retention_recalled=retention_recalled,
        cards_total=len(keys), cards_seen=len(keys & states.keys()),
        cards_due=len(schedule.due_keys(now)), leeches=len(schedule.leeches()),
        seconds_studied=sum(by_activity.values()), seconds_by_activity=dict(by_activity),
        topic_scores=topic_scores)


#: An attempt left open longer than this (a quiz abandoned overnight) counts only this long.
LONGEST_ATTEMPT = timedelta(hours=3)


def _attempt_time(store: Store, answers: list[StoredAnswer]) -> dict[str, float]:
    """Seconds spent in quizzes, exams and practice: from each attempt's start to its submission or last answer."""
    last_answer: dict[int, datetime] = {}
    for answer in answers:
        last_answer[answer.attempt_id] = max(answer.answered_at, last_answer.get(answer.attempt_id, answer.answered_at))
    spent: dict[str, float] = defaultdict(float)
    for attempt in store.attempts.list():
        end = attempt.submitted_at or last_answer.get(attempt.id)
        if end is not None and end > attempt.started_at:
            spent[{"quiz": "quizzes", "exam": "exams"}.get(attempt.kind, attempt.kind)] += \
                min(end - attempt.started_at, LONGEST_ATTEMPT).total_seconds()
    return dict(spent)


def sparkline(values: list[float], top: float | None = None) -> str:
    """Values as one line of block characters, the tallest (or ``top``) a full block."""
    peak = top if top is not None else max(values, default=0)
    if not peak:
        return BARS[0] * len(values)
    return "".join(BARS[min(round(value / peak * (len(BARS) - 1)), len(BARS) - 1)] for value in values)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _duration(seconds: float) -> str:
    if 0 < seconds < 30:
        return "<1m"
    minutes = round(seconds / 60)
    return f"{minutes // 60}h {minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m"


def report(stats: Statistics, course: Course, today: date, *, days: int = 14) -> str:
    """The statistics as text for a person: the CLI prints it and the statistics screen shows it."""
    lines = ["Modules"]
    for module in course.modules:
        info = stats.modules[module.id]
        read = "read" if info["read"] else "not read"
        score = "—" if info["best_quiz_score"] is None else f"{info['best_quiz_score']:.0%}"
        lines.append(f"  {module.meta.order:>2}. {module.title[:40]:<40} {read:<9} best quiz {score:>4}")
    span = [today - timedelta(days=offset) for offset in range(days - 1, -1, -1)]
    counts = [stats.reviews_per_day.get(day, 0) for day in span]
    lines += ["", f"Flashcards: {_count(stats.reviews, 'review')}, "
              f"{stats.cards_seen} of {stats.cards_total} cards seen, {stats.cards_due} due, "
              f"{stats.leeches} leech{'' if stats.leeches == 1 else 'es'}",
              f"  Reviews per day, last {days} days: {sparkline([float(c) for c in counts])}  "
              f"(max {max(counts, default=0)}, today {counts[-1] if counts else 0})"]
    retention = "—" if stats.retention is None else f"{stats.retention:.0%}"
    lines.append(f"  Retention: {retention} of {_count(stats.retention_reviews, 'repeat review')} remembered")
    by_activity = ", ".join(f"{name} {_duration(seconds)}"
                            for name, seconds in sorted(stats.seconds_by_activity.items()))
    lines += ["", f"Time studied: {_duration(stats.seconds_studied)}" + (f" ({by_activity})" if by_activity else "")]
    lines += ["", f"Quiz scores per topic ({_count(stats.answers, 'answer')})"]
    if not stats.topic_scores:
        lines.append("  none yet")
    for topic, by_day in sorted(stats.topic_scores.items()):
        ordered = [score for _, score in sorted(by_day.items())]
        lines.append(f"  {topic[:24]:<24} {sparkline(ordered, top=1.0)[-20:]:<20} latest {ordered[-1]:.0%}")
    lines += ["", "Exam attempts"]
    if not stats.exam_attempts:
        lines.append("  none yet")
    for attempt in stats.exam_attempts:
        if attempt.score is None:
            result = "not submitted"
        else:
            result = f"{attempt.score:.0%} {'passed' if attempt.passed else 'not passed'}"
        lines.append(f"  {_day(attempt.started_at).isoformat()}  {attempt.exam_id:<24} {result}")
    return "\n".join(lines)
