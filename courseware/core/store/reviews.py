"""Flashcard schedule state and the append-only history of reviews."""

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


@dataclass(frozen=True)
class Review:
    card_key: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None
    mode: str


def _state(row: sqlite3.Row) -> CardState:
    return CardState(row["card_key"], row["state"], datetime.fromisoformat(row["due"]), row["lapses"],
                     datetime.fromisoformat(row["introduced_at"]))


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
                    "INSERT INTO card_state (card_key, state, due, lapses, introduced_at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(card_key) DO UPDATE SET state = excluded.state, due = excluded.due, "
                    "lapses = card_state.lapses + excluded.lapses",
                    (card_key, state, iso_utc(due), int(lapsed), when))

    def undo_last(self, card_key: str, previous: CardState | None) -> None:
        """Take back the latest review of a card and put its schedule back as it was before (or unseen)."""
        with transaction(self._connection) as db:
            db.execute("DELETE FROM reviews WHERE id = (SELECT max(id) FROM reviews WHERE card_key = ?)", (card_key,))
            if previous is None:
                db.execute("DELETE FROM card_state WHERE card_key = ?", (card_key,))
            else:
                db.execute("UPDATE card_state SET state = ?, due = ?, lapses = ?, introduced_at = ? WHERE card_key = ?",
                           (previous.state, iso_utc(previous.due), previous.lapses,
                            iso_utc(previous.introduced_at), card_key))

    def state(self, card_key: str) -> CardState | None:
        """One card direction's schedule, looked up by key (the hot path while drilling)."""
        row = self._connection.execute("SELECT * FROM card_state WHERE card_key = ?", (card_key,)).fetchone()
        return _state(row) if row else None

    def known_keys(self) -> set[str]:
        """Keys of every card direction that has a schedule (has been seen at least once)."""
        return {row[0] for row in self._connection.execute("SELECT card_key FROM card_state")}

    def due_keys(self, now: datetime) -> Iterator[str]:
        """Keys of the card directions due by ``now``, longest overdue first, read lazily."""
        cursor = self._connection.execute("SELECT card_key FROM card_state WHERE due <= ? ORDER BY due",
                                          (iso_utc(now),))
        return (row[0] for row in cursor)

    def introduced_since(self, start: datetime) -> int:
        """How many card directions were seen for the first time at or after ``start``."""
        row = self._connection.execute("SELECT count(*) FROM card_state WHERE introduced_at >= ?",
                                       (iso_utc(start),)).fetchone()
        return int(row[0])

    def states(self) -> dict[str, CardState]:
        return {row["card_key"]: _state(row) for row in self._connection.execute("SELECT * FROM card_state")}

    def next_due(self, now: datetime | None = None) -> CardState | None:
        """The card that has been due longest, if any is due."""
        row = self._connection.execute("SELECT * FROM card_state WHERE due <= ? ORDER BY due LIMIT 1",
                                       (iso_utc(now or utc_now()),)).fetchone()
        return _state(row) if row else None

    def history(self, since: datetime | None = None) -> list[Review]:
        rows = self._connection.execute(
            "SELECT * FROM reviews WHERE (?1 IS NULL OR reviewed_at >= ?1) ORDER BY reviewed_at, id",
            (iso_utc(since) if since else None,))
        return [Review(row["card_key"], row["rating"], datetime.fromisoformat(row["reviewed_at"]),
                       row["duration_ms"], row["mode"]) for row in rows]
