"""Shared helpers for the app's tests: the mini course, a fixed clock, and an app built like the real one."""

from __future__ import annotations

import asyncio
import functools
import html
import re
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from courseware.core.settings import LoadedSettings, Settings
from courseware.tui.app import CoursewareApp, create_app

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand, so due dates and intervals are exact."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def make_app(data: Path, *, clock: FakeClock | None = None, settings: Settings | None = None,
             course: Path = MINI) -> CoursewareApp:
    loaded = LoadedSettings(settings or Settings(), data / "settings.toml")
    return create_app(course_root=course, data_root=data, clock=clock or FakeClock(), settings=loaded,
                      fuzzing=False)


def sync(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async Pilot test with asyncio, without an async pytest plugin."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def screen_text(app: CoursewareApp) -> str:
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
