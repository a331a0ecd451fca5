"""A screen's styles apply to that screen only: a screen looks the same whatever was opened before it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.geometry import Spacing
from textual.screen import Screen

from courseware.tui.app import CoursewareApp
from courseware.tui.screens.calculator_form import CalculatorScreen
from courseware.tui.screens.calculators import CalculatorsScreen
from courseware.tui.screens.flashcards import FlashcardScreen
from courseware.tui.screens.practice import PracticeScreen
from courseware.tui.screens.quiz import QuizScreen
from courseware.tui.screens.quizzes import QuizzesScreen
from tests.apphelpers import make_app, sync, wait_for

Box = tuple[str, str | None, Spacing, Spacing, str, str]


def boxes(screen: Screen[object]) -> list[Box]:
    """Every widget of ``screen`` with its margin, padding, border and colour, as the styles resolved them."""
    return [(type(widget).__name__, widget.id, widget.styles.margin, widget.styles.padding, str(widget.styles.border),
             str(widget.styles.color)) for widget in screen.walk_children()]


def on(app: App[None], kind: type[Screen[Any]]) -> bool:
    return isinstance(app.screen, kind) and app.screen.is_mounted


@sync
async def test_the_flashcards_verdict_has_no_margin_after_the_calculators_were_open(app: CoursewareApp) -> None:
    async with app.run_test() as pilot:
        await pilot.press("c")
        await wait_for(pilot, lambda: on(app, CalculatorsScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: on(app, CalculatorScreen))
        await pilot.press("escape", "escape", "f")
        await wait_for(pilot, lambda: on(app, FlashcardScreen))
        assert app.screen.query_one("#verdict").styles.margin == Spacing(0, 0, 0, 0)


async def flashcard_boxes(app: App[None], visit_first: bool) -> list[Box]:
    async with app.run_test() as pilot:
        if visit_first:
            for key, kind in (("c", CalculatorsScreen), ("enter", CalculatorScreen), ("escape", CalculatorsScreen),
                              ("p", PracticeScreen), ("escape", CalculatorsScreen)):
                await pilot.press(key)
                await wait_for(pilot, lambda kind=kind: on(app, kind))  # type: ignore[misc]
            await pilot.press("escape", "z")
            await wait_for(pilot, lambda: on(app, QuizzesScreen))
            await pilot.press("enter")
            await wait_for(pilot, lambda: on(app, QuizScreen) and bool(app.screen.query("#question")))
            await pilot.press("escape", "escape")
        await pilot.press("f")
        await wait_for(pilot, lambda: on(app, FlashcardScreen))
        return boxes(app.screen)


@sync
async def test_the_flashcard_screen_looks_the_same_after_every_other_stylesheet_was_loaded(tmp_path: Path) -> None:
    fresh = await flashcard_boxes(make_app(tmp_path / "fresh"), visit_first=False)
    visited = await flashcard_boxes(make_app(tmp_path / "visited"), visit_first=True)
    assert [box for box in fresh if box[1] == "verdict"]
    assert visited == fresh
