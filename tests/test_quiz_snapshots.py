"""Pinned pictures of the quiz and exam screens at 80×24 (update with `pytest --snapshot-update` after a
review). Fixed seeds, a fixed clock and a fresh data directory, so every run draws the same screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from courseware.tui.screens.exam import ExamScreen
from courseware.tui.screens.quiz import QuizScreen
from tests.quiz_helpers import app_for

SIZE = (80, 24)


def test_quiz_feedback_after_a_wrong_choice(snap_compare: Any, tmp_path: Path) -> None:
    async def open_quiz(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(QuizScreen("retention-quiz", seed=1, shuffle=False))
        await pilot.pause()

    assert snap_compare(app_for(tmp_path), run_before=open_quiz, press=["b", "enter"], terminal_size=SIZE)


def test_exam_matching_question_with_the_countdown(snap_compare: Any, tmp_path: Path) -> None:
    async def open_exam(pilot: Pilot[None]) -> None:
        await pilot.app.push_screen(ExamScreen("mini-exam", seed=6))
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app_for(tmp_path), run_before=open_exam, press=["pageup", "c", "down"],
                        terminal_size=SIZE)
