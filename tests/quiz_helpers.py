"""Shared helpers of the quiz, exam and certificate tests: the mini course, a fake clock, a fresh store."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from courseware.core.assessment.presentation import LETTERS, Shown
from courseware.core.course.course import Course
from courseware.core.course.loader import load_course
from courseware.core.model import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from courseware.tui.app import CoursewareApp, create_app

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


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test with asyncio, with no pytest plugin needed (fixtures still resolve)."""
    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


def text_of(pilot: Pilot[None], selector: str) -> str:
    rendered = pilot.app.screen.query_one(selector, Static).render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


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


def app_for(data: Path, clock: FakeClock | None = None) -> CoursewareApp:
    """The app as users run it, on the mini course, with a temporary data directory and a fake clock."""
    return create_app(course_root=MINI, data_root=data, clock=clock or FakeClock())


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app's timers run until ``condition`` holds (a busy machine may need more than one tick)."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition(), "the app did not get there in time"
