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


TABLES = Path(__file__).resolve().parent / "fixtures" / "tables"


async def _reader_ready(pilot: Any) -> None:
    from courseware.tui.screens.reader import ReaderScreen
    from tests.quiz_helpers import wait_for

    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen) and pilot.app.screen._ready)


def test_contents_panel_with_whole_titles_and_the_cursor(snap_compare: Any, tmp_path: Path) -> None:
    async def open_contents(pilot: Any) -> None:
        await pilot.press("n")
        await _reader_ready(pilot)
        await pilot.press("t", "down")

    assert snap_compare(make_app(tmp_path, course=TABLES), run_before=open_contents, terminal_size=SIZE)


def test_a_table_at_80_columns_wraps_cells_not_words(snap_compare: Any, tmp_path: Path) -> None:
    async def open_module(pilot: Any) -> None:
        await pilot.press("n")
        await _reader_ready(pilot)

    assert snap_compare(make_app(tmp_path, course=TABLES), run_before=open_module, terminal_size=SIZE)


def test_statistics_screen_with_a_seeded_history(snap_compare: Any, tmp_path: Path) -> None:
    from courseware.tui.screens.stats import StatsScreen
    from tests.quiz_helpers import wait_for
    from tests.stats_history import seed_history

    async def open_stats(pilot: Any) -> None:
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, StatsScreen)
                       and all(chart.size.height > 0 for chart in pilot.app.screen.query(".chart")))
        await pilot.wait_for_scheduled_animations()

    clock = seed_history(tmp_path)
    assert snap_compare(make_app(tmp_path, clock=clock), run_before=open_stats, terminal_size=(100, 40))
