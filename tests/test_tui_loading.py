"""A large course paints its home screen from its outline and loads the rest in a worker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from courseware.core.course.loader import LoadingStopped, load_course
from courseware.core.settings import LoadedSettings, Settings
from courseware.tui.app import CoursewareApp, create_app
from courseware.tui.screens.home import HomeScreen
from courseware.tui.screens.quizzes import QuizzesScreen
from tests.apphelpers import MINI, FakeClock, sync
from tests.quiz_helpers import wait_for


def _large(data: Path, course: Path = MINI) -> CoursewareApp:
    """The mini course treated as a large one: any course over 0 bytes loads in the background."""
    return create_app(course_root=course, data_root=data, clock=FakeClock(),
                      settings=LoadedSettings(Settings(), data / "settings.toml"), fuzzing=False, eager_bytes=0)


def _texts(app: CoursewareApp) -> tuple[str, list[str]]:
    menu = app.screen.query_one("#menu", OptionList)
    return (str(app.screen.query_one("#summary", Static).render()),
            [str(menu.get_option_at_index(index).prompt) for index in range(menu.option_count)])


def test_only_the_outline_is_loaded_before_the_app_runs(tmp_path: Path) -> None:
    app = _large(tmp_path)
    assert app.course_loading
    outline = app.course_so_far
    assert [module.id for module in outline.modules] == ["retention", "growth"]
    assert not outline.quizzes and not outline.decks and not outline.exams


@sync
async def test_home_paints_from_the_outline_then_shows_the_whole_course(tmp_path: Path) -> None:
    app = _large(tmp_path)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, HomeScreen)
        summary, prompts = _texts(app)
        if app.course_loading:  # a fast machine may have loaded it already
            assert "Loading the course's quizzes and cards" in summary
            assert any("1. Retention and churn" in prompt for prompt in prompts)
        await wait_for(pilot, lambda: not app.course_loading)
        summary, prompts = _texts(app)
        assert "3 new" in summary
        assert "▶ Next: Start module 1: Retention and churn" in prompts[0]
        assert app.course.quizzes


@sync
async def test_a_key_that_needs_the_quizzes_waits_for_them(tmp_path: Path) -> None:
    app = _large(tmp_path)
    async with app.run_test() as pilot:
        app.action_open_quizzes()
        await wait_for(pilot, lambda: isinstance(app.screen, QuizzesScreen) and bool(app.screen.query("#quizzes-list")))
        options = app.screen.query_one("#quizzes-list", OptionList)
        await wait_for(pilot, lambda: options.option_count > 0)
        assert str(options.get_option_at_index(0).prompt).startswith("Quiz: Retention quiz")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert "3 new" in _texts(app)[0]


@sync
async def test_problems_found_in_the_background_are_one_notification(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(MINI, course)
    (course / "quizzes" / "broken.yaml").write_text("kind: quiz\nid: [oops\n", encoding="utf-8")
    app = _large(tmp_path / "data", course)
    async with app.run_test(size=(100, 50), notifications=True) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        assert not app.course_loading
        assert [str(toast.render()) for toast in app.screen.query("Toast")] == [
            "Some course files have problems: quizzes/broken.yaml. Broken ones were skipped; "
            "`courseware validate` lists every problem."]


def test_loading_stops_between_files_when_asked() -> None:
    with pytest.raises(LoadingStopped):
        load_course(MINI, stop=lambda: True)
    assert load_course(MINI, stop=lambda: False).quizzes
