"""The home and flashcard screens ask SQLite a bounded number of questions, however large the store grows.

Counted with SQLite's own trace callback (every statement the connection runs, each row of an
``executemany`` included), on the same course with a store of a few rows and one of thousands.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from courseware.core.store import STORE_FILE, open_store
from courseware.tui.screens.flashcards import FlashcardScreen
from courseware.tui.screens.home import HomeScreen
from tests.apphelpers import START, make_app, sync
from tests.quiz_helpers import wait_for

#: Generous, but fixed: a screen that asked once per card or per review would pass it on a small store only.
BOUND = 60
_STATE = ('{"card_id": 1, "state": 2, "step": null, "stability": 40.0, "difficulty": 5.0, "due": "%s", '
          '"last_review": "%s"}')


def _history(data: Path, size: int) -> None:
    """``size`` scheduled card directions of decks since removed from the course, ten reviews each."""
    open_store(data, fallback_to_memory=False).close()
    db = sqlite3.connect(data / STORE_FILE)
    with db:
        due, last = (START + timedelta(days=3)).isoformat(), (START - timedelta(days=9)).isoformat()
        db.executemany("INSERT INTO card_state (card_key, state, due, lapses, introduced_at) VALUES (?, ?, ?, ?, ?)",
                       ((f"old-deck/card-{n}", _STATE % (due, last), due, n % 8, last) for n in range(size)))
        db.executemany("INSERT INTO reviews (card_key, rating, reviewed_at, duration_ms, mode) VALUES (?, ?, ?, ?, ?)",
                       ((f"old-deck/card-{n % size}", 3, (START - timedelta(hours=n)).isoformat(), 4000, "schedule")
                        for n in range(10 * size)))
    db.close()


async def _counted(data: Path) -> dict[str, int]:
    """Statements run to show the home screen, to open the flashcards on their first card, and to rate it."""
    app = make_app(data)
    statements: list[str] = []
    counts: dict[str, int] = {}
    async with app.run_test() as pilot:
        assert isinstance(app.screen, HomeScreen)
        app.store.connection.set_trace_callback(statements.append)
        app.screen.refresh_dashboard()
        counts["home"] = len(statements)
        statements.clear()
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FlashcardScreen)
                       and str(app.screen.query_one("#front", Static).render()) == "Renewal rate")
        counts["flashcards"] = len(statements)
        statements.clear()
        await pilot.press("space", "3")
        await wait_for(pilot, lambda: str(app.screen.query_one("#front", Static).render()) == "Churn")
        counts["rating"] = len(statements)
        app.store.connection.set_trace_callback(None)
    return counts


@sync
async def test_home_and_flashcards_ask_as_often_with_a_large_store_as_with_a_small_one(tmp_path: Path) -> None:
    _history(tmp_path / "small", 3)
    _history(tmp_path / "large", 3000)
    small, large = await _counted(tmp_path / "small"), await _counted(tmp_path / "large")
    assert small == large
    assert all(0 < count <= BOUND for count in small.values()), small
