"""The home screen paints from the course's files before they are checked, and the checked course changes
nothing a learner sees but what is wrong with it; start-up imports only what that first screen needs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from courseware.core.course.loader import load_course
from courseware.core.store import open_store
from courseware.core.study.scheduling import GOOD, Schedule, study_cards
from courseware.tui import app as app_module
from courseware.tui.app import CoursewareApp
from tests.apphelpers import MINI, START, FakeClock, make_app, sync, wait_for


def _home(app: CoursewareApp) -> tuple[str, list[str]]:
    menu = app.screen.query_one("#menu", OptionList)
    return (str(app.screen.query_one("#summary", Static).render()),
            [str(menu.get_option_at_index(index).prompt) for index in range(menu.option_count)])


def _history(data: Path) -> None:
    """A learner part-way through: two cards due, one module read, the quiz passed."""
    course, store = load_course(MINI), open_store(data)
    schedule = Schedule(course, store, fuzzing=False)
    for card in study_cards(course)[:2]:
        schedule.rate(card, GOOD, START - timedelta(days=2))
    store.modules.mark_read("retention")
    attempt = store.attempts.start("quiz", "retention-quiz")
    store.attempts.finish(attempt, earned=9, possible=10, passed=True)
    store.close()


@sync
async def test_the_first_paint_is_what_the_checked_course_shows(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "LOADING_DELAY", 3600)  # the whole load waits until the test asks for it
    _history(tmp_path)
    app = make_app(tmp_path, clock=FakeClock(START))
    async with app.run_test(size=(100, 40)) as pilot:
        assert app.course_loading and app.course_so_far.quizzes and app.course_so_far.decks
        first = _home(app)
        assert "2 cards due today" in first[0] and "Loading" not in first[0]
        assert any("Retention and churn" in line and "✓ read" in line and "90%" in line for line in first[1])
        assert app.course.problems == ()  # the whole load, checked
        await pilot.pause()
        assert not app.course_loading
        assert _home(app) == first


@sync
async def test_files_changed_before_the_whole_load_leave_the_course_shown(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "LOADING_DELAY", 3600)
    course = tmp_path / "course"
    shutil.copytree(MINI, course)
    app = make_app(tmp_path / "data", course=course)
    async with app.run_test(size=(100, 50), notifications=True) as pilot:
        shown = _home(app)
        (course / "quizzes" / "retention.yaml").write_text("kind: [nonsense\n", encoding="utf-8")
        assert "retention-quiz" in app.course.quizzes
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        assert [str(toast.render()) for toast in app.screen.query("Toast")] == [
            "The course's files changed as the app started: it goes on with the course as it first read it, "
            "unchecked. Start it again for the new files (`courseware validate` checks them)."]
        assert _home(app) == shown


def test_start_up_imports_only_what_the_home_screen_needs(tmp_path: Path) -> None:
    """The checks (and the calculators they use), Markdown, FSRS and every other screen load later."""
    code = ("import sys\nfrom pathlib import Path\nfrom courseware.tui.app import create_app\n"
            f"create_app(course_root=Path({str(MINI)!r}), data_root=Path({str(tmp_path)!r}))\n"
            "from courseware.tui.screens.home import HomeScreen\n"
            "print('\\n'.join(sys.modules))")
    imported = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                  timeout=120, env={**os.environ, "COURSEWARE_CONFIG": str(tmp_path)}).stdout.split())
    assert "courseware.tui.screens.home" in imported
    later = {"courseware.core.course.loader", "courseware.core.course.checks", "courseware.core.calculators",
             "markdown_it", "fsrs", "argon2", "courseware.tui.screens.reader", "courseware.tui.screens.quiz"}
    assert not later & imported
