"""What an attempt came to: the score, pass or fail, and where the learner is weakest.

Kept apart from the session so the result screen, the line mode and the certificate read the same
numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from courseware.core.assessment.grading import Grade, exact
from courseware.core.assessment.presentation import Shown
from courseware.core.course.course import Course
from courseware.core.store import Attempt

NO_TOPIC = "general"


@dataclass(frozen=True)
class Answer:
    """A response as given, with its grade."""

    response: Any
    grade: Grade
    answered_at: datetime


@dataclass(frozen=True)
class Outcome:
    """One question of the attempt and the learner's answer to it (``None`` when left blank)."""

    number: int
    shown: Shown
    answer: Answer | None

    @property
    def correct(self) -> bool:
        return self.answer is not None and self.answer.grade.correct

    @property
    def topic(self) -> str:
        return self.shown.ref.topic or NO_TOPIC


@dataclass(frozen=True)
class TopicScore:
    topic: str
    earned: float
    possible: float
    right: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.earned / self.possible if self.possible else 0.0


def percent_of(earned: Fraction | float, possible: Fraction | float) -> str:
    """A percentage that never reads as a whole percent it has not reached: whole when it is whole,
    else to one decimal, rounded down when rounding would reach the next whole percent.

    79.96% shows as 79.9%, never 80%, so a score just below an 80% pass mark never reads as 80%.
    """
    total = possible if isinstance(possible, Fraction) else exact(possible)
    share = (earned if isinstance(earned, Fraction) else exact(earned)) / total * 100 if total else Fraction(0)
    if share.denominator == 1:
        return f"{share.numerator}%"
    tenths = round(share * 10)
    if tenths % 10 == 0 and tenths > share * 10:
        tenths -= 1
    return f"{tenths // 10}.{tenths % 10}%"


def _number(value: Fraction | float) -> str:
    return f"{float(value):g}"


def percent_text(earned: Fraction | float, possible: Fraction | float) -> str:
    """``EARNED/POSSIBLE (PERCENT%)`` as the score line and the certificate write it."""
    return f"{_number(earned)}/{_number(possible)} ({percent_of(earned, possible)})"


def passes(earned: Fraction, possible: Fraction, pass_mark: float) -> bool:
    """The verdict, on exact fractions: no rounding can move a score across the pass mark."""
    return possible > 0 and earned >= exact(pass_mark) * possible


@dataclass(frozen=True)
class Result:
    """The score of an attempt over every question it showed, blanks counting as wrong."""

    outcomes: tuple[Outcome, ...]
    pass_mark: float

    @property
    def exact_earned(self) -> Fraction:
        return sum((outcome.answer.grade.exact_earned for outcome in self.outcomes if outcome.answer), Fraction(0))

    @property
    def exact_possible(self) -> Fraction:
        return sum((exact(outcome.shown.question.points) for outcome in self.outcomes), Fraction(0))

    @property
    def earned(self) -> float:
        return float(self.exact_earned)

    @property
    def possible(self) -> float:
        return float(self.exact_possible)

    @property
    def fraction(self) -> float:
        return float(self.exact_earned / self.exact_possible) if self.exact_possible else 0.0

    @property
    def passed(self) -> bool:
        return passes(self.exact_earned, self.exact_possible, self.pass_mark)

    @property
    def score_text(self) -> str:
        return percent_text(self.exact_earned, self.exact_possible)

    @property
    def score_line(self) -> str:
        return f"score: {self.score_text} {'pass' if self.passed else 'fail'}"

    @property
    def mistakes(self) -> tuple[Outcome, ...]:
        return tuple(outcome for outcome in self.outcomes if not outcome.correct)

    @property
    def topics(self) -> tuple[TopicScore, ...]:
        """Per-topic scores in the order the topics first appear."""
        table: dict[str, list[Fraction]] = {}
        for outcome in self.outcomes:
            row = table.setdefault(outcome.topic, [Fraction(0)] * 4)
            row[0] += outcome.answer.grade.exact_earned if outcome.answer else 0
            row[1] += exact(outcome.shown.question.points)
            row[2] += int(outcome.correct)
            row[3] += 1
        return tuple(TopicScore(topic, float(earned), float(possible), int(right), int(total))
                     for topic, (earned, possible, right, total) in table.items())

    def weakest(self) -> tuple[TopicScore, ...]:
        """Topics scored below the pass mark, weakest first: what to study next."""
        below = [score for score in self.topics if score.percent + 1e-9 < 100 * self.pass_mark]
        return tuple(sorted(below, key=lambda score: (score.percent, score.topic)))


def describe_attempt(attempt: Attempt) -> str:
    """One attempt in a history list: number, date, what it was at, seed, score, verdict and marks."""
    when = attempt.started_at.strftime("%Y-%m-%d %H:%M")
    if attempt.submitted_at is None or attempt.earned is None or attempt.possible is None:
        outcome = "not submitted"
    else:
        outcome = f"{percent_text(attempt.earned, attempt.possible)} {'pass' if attempt.passed else 'fail'}"
        outcome += " (abandoned)" if attempt.abandoned else " (practice paper)" if attempt.practice else ""
    return f"#{attempt.id}  {when}  {attempt.kind} {attempt.ref_id}  seed {attempt.seed}  {outcome}"


def cards_for_topics(course: Course, topics: Iterable[str]) -> list[str]:
    """Ids of the flashcards that drill ``topics``: cards tagged with a topic or with its module, and the
    glossary cards the module's own text links to (so a module whose deck tags differ from its id still
    leads to its cards)."""
    wanted = set(topics)
    modules = {course.topic_modules[topic] for topic in wanted if topic in course.topic_modules}
    wanted |= modules
    linked = {link.target.removeprefix("glossary:") for module_id in sorted(modules)
              if (module := course.module(module_id)) is not None
              for link in module.links if link.target.startswith("glossary:")}
    return [card.id for card in course.glossary.values() if wanted.intersection(card.tags) or card.id in linked]
