"""The course under the app's feet: a directory that vanishes or changes while the app runs, and a course
with broken files, which the app names once while the good parts still open."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static

from courseware.tui.screens.flashcards import FlashcardScreen
from courseware.tui.screens.quiz import QuizScreen
from courseware.tui.screens.reader import ReaderScreen
from tests.apphelpers import MINI, make_app, sync
from tests.quiz_helpers import keys_for, text_of, wait_for

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"


def rewrite(course: Path) -> None:
    """Every course file replaced by nonsense, as an editor or a checkout might do mid-session."""
    for path in course.rglob("*"):
        if path.is_file():
            path.write_text("kind: [nonsense\n", encoding="utf-8")


@pytest.mark.parametrize("change", [shutil.rmtree, rewrite], ids=["deleted", "rewritten"])
@sync
async def test_the_app_keeps_working_on_the_course_it_loaded(tmp_path: Path, change) -> None:  # type: ignore[no-untyped-def]
    course = tmp_path / "course"
    shutil.copytree(MINI, course)
    app = make_app(tmp_path / "data", course=course)
    async with app.run_test(size=(100, 50)) as pilot:
        change(course)
        app.action_read("retention")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReaderScreen)
        assert "Of 100 customers due, 80 renew" in str(app.screen.query_one("#document").source)  # type: ignore[attr-defined]
        await pilot.press("q")
        screen = QuizScreen("retention-quiz", seed=1)
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.session is not None
        await pilot.press(*keys_for(screen.session.shown[0], right=True))
        await pilot.pause()
        assert text_of(pilot, "#feedback").startswith("Right.")
        await pilot.press("escape")
        await pilot.pause()
        app.action_drill()
        await pilot.pause()
        assert isinstance(app.screen, FlashcardScreen)
        await pilot.press("space", "3")
        # The reverse direction waits for tomorrow (siblings are buried): the next new card comes up.
        assert str(app.screen.query_one("#front", Static).render()) == "Churn"
    assert len(app.store.attempts.answers()) == 1 and len(app.store.reviews.history()) == 1


@sync
async def test_a_broken_course_is_named_in_one_notification_and_its_good_parts_open(tmp_path: Path) -> None:
    app = make_app(tmp_path, course=BROKEN)
    async with app.run_test(size=(100, 50), notifications=True) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert len(toasts) == 1 and toasts[0].startswith("Some course files have problems: ")
        named = toasts[0].removeprefix("Some course files have problems: ").split(". Broken")[0].split(", ")
        assert named == sorted({str(problem.path.relative_to(BROKEN)) for problem in app.course.problems})
        assert "quizzes/alias-bomb.yaml" in named
        assert "content/01-ok.md" not in named
        app.action_read("ok")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReaderScreen) and app.screen.module_id == "ok"
        await pilot.press("q")
        quiz_id = next(iter(sorted(app.course.quizzes)))
        screen = QuizScreen(quiz_id, seed=1)
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.session is not None and text_of(pilot, ".question-prompt")
