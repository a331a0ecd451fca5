"""The home and flashcard screens ask SQLite a bounded number of questions, however large the store and the
course grow.

Counted with SQLite's own trace callback (every statement the connection runs, each row of an
``executemany`` included), on the same course with a store of a few rows and one of thousands, and on a
course of three card directions and one of hundreds, all of them scheduled.
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


def _card_course(root: Path, cards: int) -> Path:
    """A course of one module and one deck of ``cards`` cards, every other one with a reverse."""
    (root / "content").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text("id: counted\ntitle: Counted\n", encoding="utf-8")
    (root / "content" / "01-terms.md").write_text(
        "---\nid: terms\ntitle: Terms\norder: 1\nsummary: Terms.\nobjectives: [Know them]\ntopics: [terms]\n---\n"
        "# Terms\n\nSee [the first](glossary:card-0).\n", encoding="utf-8")
    lines = ["kind: deck", "id: deck", "title: Deck", "cards:"]
    lines += [f"  - {{id: card-{n}, front: Term {n}, back: Meaning {n}, tags: [terms], "
              f"reverse: {str(n % 2 == 0).lower()}}}" for n in range(cards)]
    (root / "quizzes" / "deck.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def _core_statements(root: Path, data: Path) -> dict[str, int]:
    """Statements the core runs for the home summary and for a session's first card and cards left, on a
    store where every card of the course is scheduled, due and forgotten often (a leech)."""
    from courseware.core.course.loader import load_course
    from courseware.core.study.dashboard import build_dashboard
    from courseware.core.study.flashcards import StudySession
    from courseware.core.study.scheduling import AGAIN, GOOD, CardScope, Schedule, study_cards

    course = load_course(root)
    store = open_store(data)
    schedule = Schedule(course, store, fuzzing=False)
    first = START - timedelta(days=90)
    for card in study_cards(course):
        schedule.rate(card, GOOD, first)
        for lapse in range(7):
            schedule.rate(card, GOOD, first + timedelta(days=10 * lapse + 2))
            schedule.rate(card, AGAIN, first + timedelta(days=10 * lapse + 5))
    build_dashboard(course, store, START, new_per_day=20)  # the card list made once, as the app does
    statements: list[str] = []
    counts: dict[str, int] = {}
    store.connection.set_trace_callback(statements.append)
    board = build_dashboard(load_course(root), store, START, new_per_day=20)
    counts["home"], counts["leeches"] = len(statements), board.leech_count
    statements.clear()
    session = StudySession.start(Schedule(course, store), CardScope())
    assert session.current(START) is not None
    session.remaining(START)
    counts["session"] = len(statements)
    store.connection.set_trace_callback(None)
    return counts


def test_the_core_asks_as_often_for_a_course_of_hundreds_of_cards_as_for_one_of_three(tmp_path: Path) -> None:
    small = _core_statements(_card_course(tmp_path / "small", 2), tmp_path / "small-data")
    large = _core_statements(_card_course(tmp_path / "large", 300), tmp_path / "large-data")
    assert (small["leeches"], large["leeches"]) == (3, 450)  # every direction of every card is a leech
    assert {key: small[key] for key in ("home", "session")} == {key: large[key] for key in ("home", "session")}
    assert 0 < small["home"] <= BOUND and 0 < small["session"] <= BOUND, small
