"""Pinned pictures of the main screens at 80×24 (update with `pytest --snapshot-update` after a review).

Built with ``create_app`` on the mini course, a fixed clock, FSRS fuzzing off and a fresh data directory,
so every run draws the same screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.apphelpers import make_app

SIZE = (80, 24)


def test_home_screen(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), terminal_size=SIZE)


def test_reader_screen(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["n", "_", "_"], terminal_size=SIZE)


def test_flashcard_screen_with_the_answer_shown(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["f", "space"], terminal_size=SIZE)


def test_help_screen(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(make_app(tmp_path), press=["question_mark"], terminal_size=SIZE)
