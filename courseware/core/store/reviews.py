"""Flashcard schedule state and the append-only history of reviews.

Counting is SQLite's job here (indexed aggregates), never a loop over every card or review: a learner
with years of history opens the app as fast as a new one. Counts over "the course's cards" use a
temporary table of the course's card keys (:meth:`ReviewRepository.use_course_keys`), so a card removed
from the course is not counted.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
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


#: The other direction of a card's key (``d/c`` <-> ``d/c:reverse``), in SQL.
_SIBLING = ("CASE WHEN {key} LIKE '%:reverse' THEN substr({key}, 1, length({key}) - 8) "
            "ELSE {key} || ':reverse' END")
#: A card whose other direction was reviewed since :day is buried for the day (as Anki buries siblings),
#: unless the card itself was reviewed that day too (its learning steps go on).
_NOT_BURIED = ("(NOT EXISTS (SELECT 1 FROM reviews sib WHERE sib.card_key = " + _SIBLING.format(key="{key}")
               + " AND sib.reviewed_at >= :day) OR EXISTS (SELECT 1 FROM reviews own WHERE own.card_key = {key} "
               "AND own.reviewed_at >= :day))")
_NOT_SUSPENDED = "NOT EXISTS (SELECT 1 FROM suspended x WHERE x.card_key = {key})"
_KEY_TABLES = ("course_keys", "session_keys")
_PHASE = "CASE WHEN json_valid(?) THEN json_extract(?, '$.state') END"


def _table(name: str) -> str:
    if name not in _KEY_TABLES:
        raise ValueError(f"no key table {name!r}")
    return name


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

    def due_keys(self, now: datetime, *, review_until: datetime | None = None,
                 day: datetime | None = None) -> Iterator[str]:
        """Keys of the card directions due by ``now``, longest overdue first, read lazily.

        With ``review_until``, cards in the review state due by then too (the rest of the day). Suspended
        cards are left out, and with ``day`` (the start of the learner's day) so are cards whose other
        direction was reviewed that day.
        """
        buried = f"AND {_NOT_BURIED.format(key='s.card_key')}" if day is not None else ""
        cursor = self._connection.execute(
            "SELECT card_key FROM card_state s WHERE (due <= :now OR (phase = 2 AND due <= :review)) "
            f"AND {_NOT_SUSPENDED.format(key='s.card_key')} {buried} ORDER BY due",
            {"now": iso_utc(now), "review": iso_utc(review_until or now), "day": iso_utc(day) if day else None})
        return (row[0] for row in cursor)

    def use_keys(self, keys: Iterable[str], *, table: str = "course_keys") -> None:
        """Remember a set of card keys (the course's, or a session's) in a temporary table for the counts."""
        if table not in _KEY_TABLES:
            raise ValueError(f"no key table {table!r}")
        with transaction(self._connection) as db:
            db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (card_key TEXT PRIMARY KEY) WITHOUT ROWID")
            db.execute(f"DELETE FROM {table}")
            # One statement for all the keys (SQLite reads them from a JSON array), not one per key.
            db.execute(f"INSERT OR IGNORE INTO {table} SELECT value FROM json_each(?)", (json.dumps(list(keys)),))

    def due_counts(self, *, review_until: datetime, learning_until: datetime, day: datetime,
                   new_limit: int, table: str = "course_keys") -> DueCounts:
        """New, learning and review cards of the course to study now, as one session would show them.

        Reviews due by ``review_until`` (the end of the day), learning steps due by ``learning_until``
        (now and a little ahead), never-seen cards up to ``new_limit``; suspended and buried cards left out.
        """
        params = {"review": iso_utc(review_until), "learning": iso_utc(learning_until), "day": iso_utc(day)}
        active = f"{_NOT_SUSPENDED.format(key='c.card_key')} AND {_NOT_BURIED.format(key='c.card_key')}"
        row = self._connection.execute(
            "SELECT coalesce(sum(s.phase = 2 AND s.due <= :review), 0), "
            "coalesce(sum(coalesce(s.phase, 1) != 2 AND s.due <= :learning), 0) "
            f"FROM {_table(table)} c JOIN card_state s ON s.card_key = c.card_key WHERE {active}", params).fetchone()
        new = self._connection.execute(
            f"SELECT count(*) FROM {_table(table)} c WHERE NOT EXISTS (SELECT 1 FROM card_state s "
            f"WHERE s.card_key = c.card_key) AND {active}", params).fetchone()[0]
        return DueCounts(min(int(new), max(new_limit, 0)), int(row[1]), int(row[0]))

    def course_counts(self, now: datetime) -> tuple[int, int, int, int]:
        """(cards of the course, seen, due by ``now``, suspended), counted in SQL."""
        row = self._connection.execute(
            "SELECT count(*), count(s.card_key), coalesce(sum(s.due <= ?), 0), count(x.card_key) "
            "FROM course_keys c LEFT JOIN card_state s ON s.card_key = c.card_key "
            "LEFT JOIN suspended x ON x.card_key = c.card_key", (iso_utc(now),)).fetchone()
        return int(row[0]), int(row[1]), int(row[2]), int(row[3])

    def reviewed_since(self, start: datetime) -> set[str]:
        """Keys of the card directions reviewed at or after ``start`` (today's, for burying siblings)."""
        return {row[0] for row in self._connection.execute(
            "SELECT DISTINCT card_key FROM reviews WHERE reviewed_at >= ?", (iso_utc(start),))}

    def lapsed_at_least(self, lapses: int) -> dict[str, int]:
        """Card keys forgotten at least ``lapses`` times (leeches), with their lapses."""
        return {row[0]: int(row[1]) for row in self._connection.execute(
            "SELECT card_key, lapses FROM card_state WHERE lapses >= ?", (lapses,))}

    def next_due_after(self, after: datetime) -> datetime | None:
        """The earliest due time after ``after`` among the course's cards (see :meth:`use_keys`)."""
        row = self._connection.execute(
            "SELECT min(s.due) FROM course_keys c JOIN card_state s ON s.card_key = c.card_key "
            f"WHERE s.due > ? AND {_NOT_SUSPENDED.format(key='s.card_key')}", (iso_utc(after),)).fetchone()
        return datetime.fromisoformat(row[0]) if row and row[0] else None

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

    def states_of(self, keys: Iterable[str]) -> dict[str, CardState]:
        """The states of some card directions (those seen of them), looked up by key."""
        found: dict[str, CardState] = {}
        wanted = list(dict.fromkeys(keys))
        for offset in range(0, len(wanted), 500):
            chunk = wanted[offset:offset + 500]
            rows = self._connection.execute(
                f"SELECT * FROM card_state WHERE card_key IN ({', '.join('?' * len(chunk))})", chunk)
            found.update({row["card_key"]: _state(row) for row in rows})
        return found

    def states(self) -> dict[str, CardState]:
        return {row["card_key"]: _state(row) for row in self._connection.execute("SELECT * FROM card_state")}

    def next_due(self, now: datetime | None = None) -> CardState | None:
        """The card that has been due longest, if any is due."""
        row = self._connection.execute("SELECT * FROM card_state WHERE due <= ? ORDER BY due LIMIT 1",
                                       (iso_utc(now or utc_now()),)).fetchone()
        return _state(row) if row else None

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
