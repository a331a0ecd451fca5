"""Answering helpers of the quiz, exam and certificate tests: the right or a wrong answer to any question, as a
line-mode line or as the keys a learner presses.

What every test shares (the clock, the mini course, the app builder, the Pilot helpers) is in
``tests/apphelpers.py``; the names the quiz tests have always imported from here are re-exported, so
``from tests.quiz_helpers import FakeClock, app_for, run_async, wait_for`` keeps working.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from courseware.core.assessment.presentation import LETTERS, Shown
from courseware.core.model import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from courseware.tui.app import CoursewareApp
from tests import apphelpers
from tests.apphelpers import MINI, make_app, mini_course, sync, text_of, wait_for

__all__ = ["MINI", "QUIZ_START", "FakeClock", "app_for", "keys_for", "mini_course", "right_line", "run_async",
           "text_of", "typed", "wait_for", "wrong_line"]

#: When the quiz and exam tests' clock starts: their expected attempt dates ("2026-03-01 09:00") are written
#: from it.
QUIZ_START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

#: The quiz tests run their Pilot tests the same way as every other test.
run_async = sync


class FakeClock(apphelpers.FakeClock):
    """The one fake clock, starting at ``QUIZ_START`` unless given another time."""

    def __init__(self, now: datetime = QUIZ_START) -> None:
        super().__init__(now)


def right_line(shown: Shown) -> str:
    """The line-mode answer that is right for ``shown``, worked out from the file's answer."""
    question = shown.question
    options = shown.options()
    if isinstance(question, SingleChoice | MultipleChoice):
        return ",".join(LETTERS[position] for position, index in enumerate(shown.order)
                        if question.choices[index].correct)
    if isinstance(question, TrueFalse):
        return "true" if question.answer else "false"
    if isinstance(question, ShortAnswer):
        return question.answers[0]
    if isinstance(question, Numeric):
        return str(shown.expected if shown.expected is not None else question.answer)
    if isinstance(question, Matching):
        return ",".join(LETTERS[options.index(question.pairs[left])] for left in shown.lefts())
    assert isinstance(question, Ordering)
    return ",".join(LETTERS[options.index(item)] for item in question.items)


def wrong_line(shown: Shown) -> str:
    """A readable but wrong answer to ``shown``."""
    question = shown.question
    right = right_line(shown)
    if isinstance(question, SingleChoice):
        return next(letter for letter in LETTERS[: len(shown.options())] if letter != right)
    if isinstance(question, MultipleChoice):
        return next(letter for letter in LETTERS[: len(shown.options())] if letter not in right.split(","))
    if isinstance(question, TrueFalse):
        return "false" if question.answer else "true"
    if isinstance(question, ShortAnswer):
        return "something else"
    if isinstance(question, Numeric):
        return str((question.answer or 0) + 100)
    return ",".join(reversed(right.split(",")))


def typed(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


def keys_for(shown: Shown, *, right: bool) -> list[str]:
    """The key presses that answer ``shown`` rightly (or wrongly), as a learner would type them."""
    question = shown.question
    options = shown.options()
    if isinstance(question, SingleChoice | MultipleChoice):
        wanted = [LETTERS[p] for p, index in enumerate(shown.order) if question.choices[index].correct == right]
        return [*(wanted[:1] if isinstance(question, SingleChoice) else wanted), "enter"]
    if isinstance(question, TrueFalse):
        return ["t" if question.answer == right else "f", "enter"]
    if isinstance(question, ShortAnswer):
        return [*typed(question.answers[0] if right else "average revenue"), "enter"]
    if isinstance(question, Numeric):
        return [*typed(f"{question.answer:g}" if right else "12"), "enter"]
    if isinstance(question, Matching):
        partners = [LETTERS[options.index(question.pairs[left])] for left in shown.lefts()]
        return [*(partners if right else partners[1:] + partners[:1]), "enter"]
    assert isinstance(question, Ordering)
    target = [options.index(item) for item in question.items]
    if not right:
        return ["enter"] if list(shown.order) != list(range(len(options))) and target != list(
            range(len(options))) else ["shift+down", "enter"]
    keys: list[str] = []
    arrangement, cursor = list(range(len(options))), 0
    for row, position in enumerate(target):
        current = arrangement.index(position)
        keys += ["down" if current > cursor else "up"] * abs(current - cursor)
        for step in range(current, row, -1):
            arrangement[step - 1], arrangement[step] = arrangement[step], arrangement[step - 1]
            keys.append("shift+up")
        cursor = row
    return [*keys, "enter"]


def app_for(data: Path, clock: apphelpers.FakeClock | None = None) -> CoursewareApp:
    """The app on the mini course with its progress in ``data``, its clock starting at ``QUIZ_START``."""
    return make_app(data, clock=clock or FakeClock())
