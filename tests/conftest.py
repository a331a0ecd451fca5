"""The fixtures every test uses: its own data and config directories (for every test, never the learner's
real ones), one fake clock, the mini course, and the app built on them the way users run it.

The helpers behind them live in ``tests/apphelpers.py``; the paths are re-exported here under the names the
loader and validation tests import (``from tests.conftest import FIXTURES, MINI_COURSE, ROOT``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.core.course.course import Course
from courseware.tui.app import CoursewareApp
from tests.apphelpers import FIXTURES, MINI, ROOT, FakeClock, make_app, mini_course

__all__ = ["FIXTURES", "MINI_COURSE", "ROOT", "app", "clock", "isolated_dirs", "mini"]

MINI_COURSE = MINI


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The test's data directory (``COURSEWARE_DATA``); its config directory is empty."""
    data = tmp_path / "data"
    monkeypatch.setenv("COURSEWARE_DATA", str(data))
    monkeypatch.setenv("COURSEWARE_CONFIG", str(tmp_path / "config"))
    monkeypatch.delenv("COURSEWARE_COURSE", raising=False)
    return data


@pytest.fixture
def clock() -> FakeClock:
    """A clock at ``apphelpers.START`` that the test moves with ``clock.advance(minutes=...)``."""
    return FakeClock()


@pytest.fixture
def mini() -> Course:
    """The mini course (``tests/fixtures/mini``), loaded, with no problems."""
    return mini_course()


@pytest.fixture
def app(isolated_dirs: Path, clock: FakeClock) -> CoursewareApp:
    """The app on the mini course, its progress where ``COURSEWARE_DATA`` points, on the test's clock."""
    return make_app(isolated_dirs, clock=clock)
