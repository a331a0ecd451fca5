"""The one place for what tests share: where the fixtures are, one fake clock, the mini course, one app builder,
and the Pilot helpers (run an async test, wait for a state, read the screen).

``tests/conftest.py`` turns the clock, the mini course and the app into fixtures; ``tests/quiz_helpers.py``
adds the answering helpers of the quiz and exam tests. Imported one way: ``from tests.apphelpers import ...``.
"""

from __future__ import annotations

import asyncio
import functools
import html
import re
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from courseware.core.course.course import Course
from courseware.core.course.loader import load_course
from courseware.core.settings import LoadedSettings, Settings
from courseware.tui.app import CoursewareApp, create_app
from courseware.tui.screens.reader import ReaderScreen

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
#: The small course most tests run on: two modules, a deck, a quiz of every question type and an exam.
MINI = FIXTURES / "mini"
START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand, so due dates, intervals and countdowns are exact."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def mini_course() -> Course:
    """The mini course, loaded, with no problem in it."""
    course = load_course(MINI)
    assert not course.problems, course.problems
    return course


def make_app(data: Path, *, clock: FakeClock | None = None, settings: Settings | None = None,
             course: Path = MINI, first_screen: Callable[[], Screen[Any]] | None = None) -> CoursewareApp:
    """The app as users run it (``create_app``), on ``course`` with its progress in ``data``, a fake clock,
    the given settings (defaults otherwise, never the learner's file) and FSRS fuzzing off."""
    loaded = LoadedSettings(settings or Settings(), data / "settings.toml")
    return create_app(course_root=course, data_root=data, clock=clock or FakeClock(), settings=loaded,
                      fuzzing=False, first_screen=first_screen)


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test with asyncio, with no async pytest plugin (fixtures still resolve)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app's messages and timers run until ``condition`` holds (a busy machine may need many frames)."""
    for _ in range(int(timeout / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition(), "the app did not get there in time"


def reading(app: App[Any], module_id: str) -> bool:
    """Whether the screen on top is the reader of ``module_id``, laid out, with the learner's place restored."""
    screen = app.screen
    return isinstance(screen, ReaderScreen) and screen.module_id == module_id and screen._ready


def screen_text(app: App[Any]) -> str:
    """The characters on the app's screen, row by row, as the terminal would show them.

    Read from the screenshot Textual exports, so it is what the learner sees, after markup (if any had
    been interpreted) and styles are applied.
    """
    rows: dict[float, list[tuple[float, str]]] = {}
    for match in _SVG_TEXT.finditer(app.export_screenshot()):
        x, y, text = match.groups()
        rows.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join("".join(text for _, text in sorted(parts)) for _, parts in sorted(rows.items()))


_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


def text_of(pilot: Pilot[Any], selector: str) -> str:
    """The plain text of the ``Static`` matching ``selector`` on the current screen."""
    rendered = pilot.app.screen.query_one(selector, Static).render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)
