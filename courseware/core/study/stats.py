"""Study statistics from the progress store, shared by ``courseware stats`` and the statistics screen.

Everything is computed from the stored history (attempts, answers, reviews, reading progress, study
time) by SQL aggregates in the store, so the numbers a script reads with ``--json`` are the ones the
learner sees, and years of history cost what SQLite takes to add them up.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from courseware.core.course.course import Course
from courseware.core.course.loader import load_course
from courseware.core.store import Store
from courseware.core.study.scheduling import Schedule, day_start

BARS = " ▁▂▃▄▅▆▇█"


#: How many days the charts cover, back (reviews, retention, time) and ahead (the due forecast).
CHART_DAYS = 30
#: An attempt left open longer than this (a quiz abandoned overnight) counts only this long.
LONGEST_ATTEMPT = timedelta(hours=3)


@dataclass(frozen=True)
class ExamResult:
    exam_id: str
    started_at: datetime
    submitted_at: datetime | None
    score: float | None
    passed: bool | None


@dataclass(frozen=True)
class TopicMastery:
    """How well a topic is known: quiz, exam and practice answers, and FSRS's recall odds for its cards."""

    answers: int
    score: float | None
    cards: int
    cards_seen: int
    #: Mean FSRS retrievability (probability of recall now) of the topic's cards seen so far.
    retrievability: float | None


@dataclass(frozen=True)
class Score:
    submitted_at: datetime
    kind: str
    ref_id: str
    score: float
    passed: bool


@dataclass
class Statistics:
    answers: int
    reviews: int
    modules: dict[str, dict[str, Any]]
    exam_attempts: list[ExamResult]
    #: The last :data:`CHART_DAYS` days, oldest first, and the next ones for the forecast, today first.
    days: list[date]
    forecast_days: list[date]
    reviews_per_day: dict[date, int]
    due_forecast: dict[date, int]
    #: Per day, Anki's "true retention": (first reviews of cards seen on an earlier day, remembered).
    retention_per_day: dict[date, tuple[int, int]]
    seconds_per_day: dict[date, float]
    retention_reviews: int
    retention_recalled: int
    cards_total: int
    cards_seen: int
    cards_due: int
    cards_suspended: int
    leeches: int
    seconds_studied: float
    seconds_by_activity: dict[str, float]
    topic_mastery: dict[str, TopicMastery] = field(default_factory=dict)
    scores: list[Score] = field(default_factory=list)

    @property
    def retention(self) -> float | None:
        return self.retention_recalled / self.retention_reviews if self.retention_reviews else None

    def to_json(self) -> dict[str, Any]:
        def series(days: list[date], values: dict[date, Any]) -> list[dict[str, Any]]:
            return [{"day": day.isoformat(), "value": values.get(day, 0)} for day in days]

        retention = [{"day": day.isoformat(), "reviews": self.retention_per_day.get(day, (0, 0))[0],
                      "recalled": self.retention_per_day.get(day, (0, 0))[1],
                      "rate": _rate(self.retention_per_day.get(day))} for day in self.days]
        return {
            "answers": self.answers,
            "reviews": self.reviews,
            "modules": self.modules,
            "exam_attempts": [
                {"exam_id": attempt.exam_id, "started_at": attempt.started_at.isoformat(),
                 "submitted_at": attempt.submitted_at.isoformat() if attempt.submitted_at else None,
                 "score": attempt.score, "passed": attempt.passed} for attempt in self.exam_attempts],
            "retention": {"reviews": self.retention_reviews, "recalled": self.retention_recalled,
                          "rate": self.retention},
            "cards": {"total": self.cards_total, "seen": self.cards_seen, "due": self.cards_due,
                      "suspended": self.cards_suspended, "leeches": self.leeches},
            "time_studied": {"seconds": round(self.seconds_studied, 1),
                             "by_activity": {key: round(value, 1) for key, value in self.seconds_by_activity.items()}},
            "series": {
                "reviews_per_day": series(self.days, self.reviews_per_day),
                "due_forecast": series(self.forecast_days, self.due_forecast),
                "true_retention_per_day": retention,
                "seconds_per_day": [{"day": day.isoformat(), "value": round(self.seconds_per_day.get(day, 0.0), 1)}
                                    for day in self.days],
                "scores": [{"submitted_at": score.submitted_at.isoformat(), "kind": score.kind, "id": score.ref_id,
                            "score": round(score.score, 4), "passed": score.passed} for score in self.scores],
            },
            "topic_mastery": {
                topic: {"answers": mastery.answers,
                        "score": None if mastery.score is None else round(mastery.score, 4),
                        "cards": mastery.cards, "cards_seen": mastery.cards_seen,
                        "retrievability": None if mastery.retrievability is None else round(mastery.retrievability, 4)}
                for topic, mastery in sorted(self.topic_mastery.items())},
        }


def _rate(pair: tuple[int, int] | None) -> float | None:
    return pair[1] / pair[0] if pair and pair[0] else None


def _day(moment: datetime) -> date:
    return moment.astimezone().date()


def compute(course: Course, store: Store, now: datetime) -> Statistics:
    """Every figure and series of the statistics, each an SQL aggregate over the stored history."""
    aggregates = store.aggregates
    start = day_start(now)
    today = _day(now)
    days = [today - timedelta(days=offset) for offset in range(CHART_DAYS - 1, -1, -1)]
    since = start - timedelta(days=CHART_DAYS - 1)
    schedule = Schedule(course, store)
    total, seen, due, suspended = schedule.course_counts(now)
    retention_days = aggregates.true_retention_per_day()
    longest = LONGEST_ATTEMPT.total_seconds()
    by_activity = aggregates.seconds_by_activity(longest)

    progress = store.modules.all()
    best = store.attempts.best_scores("quiz")
    modules: dict[str, dict[str, Any]] = {}
    for module in course.modules:
        quiz_ids = [quiz.id for quiz in course.quizzes_for_module(module.id)]
        top = max((best[quiz_id] for quiz_id in quiz_ids if quiz_id in best), default=None)
        modules[module.id] = {"read": bool(module.id in progress and progress[module.id].read),
                              "best_quiz_score": None if top is None else round(top, 4)}
    exams = [ExamResult(attempt.ref_id, attempt.started_at, attempt.submitted_at,
                        (attempt.earned or 0.0) / attempt.possible if attempt.possible else None, attempt.passed)
             for attempt in store.attempts.list("exam")]
    return Statistics(
        answers=aggregates.answer_count(), reviews=aggregates.review_count(), modules=modules, exam_attempts=exams,
        days=days, forecast_days=[today + timedelta(days=offset) for offset in range(CHART_DAYS)],
        reviews_per_day={day: int(count) for day, count in aggregates.reviews_per_day(since).items()},
        due_forecast={day: int(count) for day, count in
                      aggregates.due_per_day(start, start + timedelta(days=CHART_DAYS)).items()},
        retention_per_day={day: pair for day, pair in retention_days.items() if day >= days[0]},
        seconds_per_day=aggregates.study_seconds_per_day(since, longest),
        retention_reviews=sum(reviews for reviews, _ in retention_days.values()),
        retention_recalled=sum(recalled for _, recalled in retention_days.values()),
        cards_total=total, cards_seen=seen, cards_due=due, cards_suspended=suspended,
        leeches=schedule.leech_count(), seconds_studied=sum(by_activity.values()), seconds_by_activity=by_activity,
        topic_mastery=topic_mastery(course, store, schedule, now),
        scores=[Score(*row) for row in aggregates.scores()])


def topic_mastery(course: Course, store: Store, schedule: Schedule, now: datetime) -> dict[str, TopicMastery]:
    """Per topic of the course (and any topic answered): answers' score and the recall odds of its cards
    (those tagged with it), added up card by card as SQLite reads them."""
    answers = store.aggregates.topic_answers()
    topics = set(answers) | set(course.topic_modules)
    cards: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    odds: dict[str, float] = defaultdict(float)
    for tags, scheduled, stability, last_review in schedule.tagged_schedules():
        wanted = [tag for tag in tags if tag in topics]
        if not wanted:
            continue
        recall = (schedule.fsrs.recall_odds(stability, datetime.fromisoformat(last_review) if last_review else None,
                                            now) if scheduled else 0.0)
        for tag in wanted:
            cards[tag] += 1
            seen[tag] += scheduled
            odds[tag] += recall
    mastery: dict[str, TopicMastery] = {}
    for topic in topics:
        earned, possible, count = answers.get(topic, (0.0, 0.0, 0))
        mastery[topic] = TopicMastery(count, earned / possible if possible else None, cards[topic], seen[topic],
                                      odds[topic] / seen[topic] if seen[topic] else None)
    return mastery


def course_for_statistics(root: Path, store: Store) -> Course:
    """The course as statistics need it: without its decks when the store already holds its card list (a
    course of 100,000 cards is not read for counts SQLite has), else whole (which stores the list)."""
    course = load_course(root, decks=False)
    return course if Schedule(course, store).has_card_list() else load_course(root)


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


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def report(stats: Statistics, course: Course, today: date) -> str:
    """The statistics as text for a person: the CLI prints it, the statistics screen shows it under its charts."""
    lines = ["Modules"]
    for module in course.modules:
        info = stats.modules[module.id]
        read = "read" if info["read"] else "not read"
        lines.append(f"  {module.meta.order:>2}. {module.title[:40]:<40} {read:<9} "
                     f"best quiz {_percent(info['best_quiz_score']):>4}")
    reviews = [float(stats.reviews_per_day.get(day, 0)) for day in stats.days]
    forecast = [float(stats.due_forecast.get(day, 0)) for day in stats.forecast_days]
    lines += ["", f"Flashcards: {_count(stats.reviews, 'review')}, "
              f"{stats.cards_seen} of {stats.cards_total} card directions seen, {stats.cards_due} due, "
              f"{stats.cards_suspended} suspended, {stats.leeches} leech{'' if stats.leeches == 1 else 'es'}",
              f"  Reviews per day, last {CHART_DAYS} days: {sparkline(reviews)}  "
              f"(max {max(reviews, default=0):g}, today {reviews[-1] if reviews else 0:g})",
              f"  Due, next {CHART_DAYS} days:          {sparkline(forecast)}  "
              f"(today {forecast[0] if forecast else 0:g})"]
    lines.append(f"  True retention: {_percent(stats.retention)} of "
                 f"{_count(stats.retention_reviews, 'review')} (first review of a card each day, no cram, "
                 "no same-day steps)")
    by_activity = ", ".join(f"{name} {_duration(seconds)}"
                            for name, seconds in sorted(stats.seconds_by_activity.items()))
    lines += ["", f"Time studied: {_duration(stats.seconds_studied)}" + (f" ({by_activity})" if by_activity else "")]
    lines += ["", f"Mastery per topic ({_count(stats.answers, 'answer')}; recall = FSRS odds for its cards)"]
    known = {topic: mastery for topic, mastery in stats.topic_mastery.items() if mastery.answers or mastery.cards_seen}
    if not known:
        lines.append("  none yet")
    for topic, mastery in sorted(known.items()):
        lines.append(f"  {topic[:28]:<28} answers {_percent(mastery.score):>4} of {mastery.answers:<4} "
                     f"recall {_percent(mastery.retrievability):>4} ({mastery.cards_seen}/{mastery.cards} cards seen)")
    lines += ["", "Quiz and exam scores"]
    if not stats.scores:
        lines.append("  none yet")
    for score in stats.scores:
        lines.append(f"  {_day(score.submitted_at).isoformat()}  {score.kind:<5} {score.ref_id:<28} "
                     f"{score.score:>4.0%} {'passed' if score.passed else 'not passed'}")
    return "\n".join(lines)
