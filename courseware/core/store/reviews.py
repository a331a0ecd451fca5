"""Flashcard schedule state and the append-only history of reviews.

Counts over the course's cards are ``course_cards``'s (the store's copy of the course's card list); this
module writes and reads the schedule itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from courseware.core.store.connection import iso_utc, transaction, utc_now


@dataclass(frozen=True)
class CardState:
    """The scheduler's state of one card direction, as JSON the scheduler wrote."""

    card_key: str
    state: str
    due: datetime
    lapses: int
    introduced_at: datetime
    #: FSRS's state of the card: 1 learning, 2 review, 3 relearning (None for a state FSRS did not write).
    phase: int | None = None


@dataclass(frozen=True)
class Review:
    card_key: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    mode: str


@dataclass(frozen=True)
class DueCounts:
    """Cards to study now, by FSRS state: never seen, in (re)learning steps, and due for review."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


_PHASE = "CASE WHEN json_valid(?) THEN json_extract(?, '$.state') END"


def _state(row: sqlite3.Row) -> CardState:
    return CardState(row["card_key"], row["state"], datetime.fromisoformat(row["due"]), row["lapses"],
                     datetime.fromisoformat(row["introduced_at"]), row["phase"])


class ReviewRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def record(self, card_key: str, rating: int, *, state: str | None, due: datetime | None,
               lapsed: bool = False, reviewed_at: datetime | None = None, duration_ms: int | None = None,
               mode: str = "schedule") -> None:
        """Append a review and, unless it was crammed (``state`` None), the card's new schedule, in one commit."""
        when = iso_utc(reviewed_at or utc_now())
        with transaction(self._connection) as db:
            db.execute("INSERT INTO reviews (card_key, rating, reviewed_at, duration_ms, mode) VALUES (?, ?, ?, ?, ?)",
                       (card_key, rating, when, duration_ms, mode))
            if state is not None and due is not None:
                db.execute(
                    "INSERT INTO card_state (card_key, state, due, lapses, introduced_at, phase) "
                    f"VALUES (?, ?, ?, ?, ?, {_PHASE}) "
                    "ON CONFLICT(card_key) DO UPDATE SET state = excluded.state, due = excluded.due, "
                    "lapses = card_state.lapses + excluded.lapses, phase = excluded.phase",
                    (card_key, state, iso_utc(due), int(lapsed), when, state, state))

    def undo_last(self, card_key: str, previous: CardState | None) -> None:
        """Take back the latest review of a card and put its schedule back as it was before (or unseen)."""
        with transaction(self._connection) as db:
            db.execute("DELETE FROM reviews WHERE id = (SELECT max(id) FROM reviews WHERE card_key = ?)", (card_key,))
            if previous is None:
                db.execute("DELETE FROM card_state WHERE card_key = ?", (card_key,))
            else:
                db.execute("UPDATE card_state SET state = ?, due = ?, lapses = ?, introduced_at = ?, phase = ? "
                           "WHERE card_key = ?", (previous.state, iso_utc(previous.due), previous.lapses,
                                                  iso_utc(previous.introduced_at), previous.phase, card_key))

    def state(self, card_key: str) -> CardState | None:
        """One card direction's schedule, looked up by key (the hot path while drilling)."""
        row = self._connection.execute("SELECT * FROM card_state WHERE card_key = ?", (card_key,)).fetchone()
        return _state(row) if row else None

    def known_keys(self) -> set[str]:
        """Keys of every card direction that has a schedule (has been seen at least once)."""
        return {row[0] for row in self._connection.execute("SELECT card_key FROM card_state")}

    def suspend(self, card_key: str, when: datetime) -> None:
        with transaction(self._connection) as db:
            db.execute("INSERT OR IGNORE INTO suspended (card_key, suspended_at) VALUES (?, ?)",
                       (card_key, iso_utc(when)))

    def unsuspend(self, card_key: str) -> None:
        with transaction(self._connection) as db:
            db.execute("DELETE FROM suspended WHERE card_key = ?", (card_key,))

    def suspended_keys(self) -> set[str]:
        return {row[0] for row in self._connection.execute("SELECT card_key FROM suspended")}

    def introduced_since(self, start: datetime) -> int:
        """How many card directions were seen for the first time at or after ``start``."""
        row = self._connection.execute("SELECT count(*) FROM card_state WHERE introduced_at >= ?",
                                       (iso_utc(start),)).fetchone()
        return int(row[0])

    def states(self) -> dict[str, CardState]:
        return {row["card_key"]: _state(row) for row in self._connection.execute("SELECT * FROM card_state")}

    def scheduled_history(self) -> Iterator[tuple[str, int, datetime, int | None]]:
        """(card key, rating, when, milliseconds) of every scheduled (not crammed) review, oldest first."""
        rows = self._connection.execute("SELECT card_key, rating, reviewed_at, duration_ms FROM reviews "
                                        "WHERE mode = 'schedule' ORDER BY reviewed_at, id")
        return ((row[0], int(row[1]), datetime.fromisoformat(row[2]), row[3]) for row in rows)

    def history(self, since: datetime | None = None) -> list[Review]:
        rows = self._connection.execute(
            "SELECT * FROM reviews WHERE (?1 IS NULL OR reviewed_at >= ?1) ORDER BY reviewed_at, id",
            (iso_utc(since) if since else None,))
        return [Review(row["card_key"], row["rating"], datetime.fromisoformat(row["reviewed_at"]),
                       row["duration_ms"], row["mode"]) for row in rows]
