"""Flashcard schedule state and the append-only history of reviews."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from courseware.core.store.connection import transaction, utc_now


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


class ReviewRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def record(self, card_key: str, rating: int, *, state: str | None, due: datetime | None,
               lapsed: bool = False, reviewed_at: datetime | None = None, duration_ms: int | None = None,
               mode: str = "schedule") -> None:
        """Append a review and, unless it was crammed (``state`` None), the card's new schedule, in one commit."""
        when = (reviewed_at or utc_now()).isoformat()
        with transaction(self._connection) as db:
            db.execute("INSERT INTO reviews (card_key, rating, reviewed_at, duration_ms, mode) VALUES (?, ?, ?, ?, ?)",
                       (card_key, rating, when, duration_ms, mode))
            if state is not None and due is not None:
                db.execute(
                    "INSERT INTO card_state (card_key, state, due, lapses, introduced_at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT(card_key) DO UPDATE SET state = excluded.state, due = excluded.due, "
                    "lapses = card_state.lapses + excluded.lapses",
                    (card_key, state, due.isoformat(), int(lapsed), when))

    def states(self) -> dict[str, CardState]:
        rows = self._connection.execute("SELECT * FROM card_state")
        return {row["card_key"]: CardState(row["card_key"], row["state"], datetime.fromisoformat(row["due"]),
                                           row["lapses"], datetime.fromisoformat(row["introduced_at"]))
                for row in rows}

    def next_due(self, now: datetime | None = None) -> CardState | None:
        """The card that has been due longest, if any is due."""
        row = self._connection.execute("SELECT * FROM card_state WHERE due <= ? ORDER BY due LIMIT 1",
                                       ((now or utc_now()).isoformat(),)).fetchone()
        if row is None:
            return None
        return CardState(row["card_key"], row["state"], datetime.fromisoformat(row["due"]), row["lapses"],
                         datetime.fromisoformat(row["introduced_at"]))

    def history(self, since: datetime | None = None) -> list[Review]:
        rows = self._connection.execute(
            "SELECT * FROM reviews WHERE (?1 IS NULL OR reviewed_at >= ?1) ORDER BY reviewed_at, id",
            (since.isoformat() if since else None,))
        return [Review(row["card_key"], row["rating"], datetime.fromisoformat(row["reviewed_at"]),
                       row["duration_ms"], row["mode"]) for row in rows]
