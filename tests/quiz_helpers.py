"""Shared helpers of the quiz, exam and certificate tests: the mini course, a fake clock, a fresh store."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from courseware.core.course import Course
from courseware.core.loader import load_course
from courseware.core.model import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from courseware.core.presentation import LETTERS, Shown

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


class FakeClock:
    """A time source tests move forward by hand, instead of sleeping."""

    def __init__(self, start: datetime = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def mini_course() -> Course:
    course = load_course(MINI)
    assert not course.problems, course.problems
    return course


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
        return str(question.answer)
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


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test with asyncio, with no pytest plugin needed (fixtures still resolve)."""
    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper
