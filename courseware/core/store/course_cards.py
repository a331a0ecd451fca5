"""The store's copy of the course's card directions, made from the course and checked by its fingerprint.

Counting "the course's cards that are due" needs the course's card list inside SQLite. Loading 100,000 keys
into a temporary table on every start costs more than all the counts together, so the list is kept in the
store, with the fingerprint of the course it was made from, and made again only when that changes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from courseware.core.store.connection import iso_utc, transaction
from courseware.core.store.reviews import DueCounts

#: Where the fingerprint of the course ``course_cards`` was made from is kept in ``store_meta``, and that of
#: the course whose modules its ``module_id`` column was filled from (later, and only when first wanted).
FINGERPRINT = "course_cards_fingerprint"
OWNERS_FINGERPRINT = "course_cards_owners_fingerprint"
#: Tags are kept between these, one string per card (``\x1ftag\x1fother\x1f``), to be matched with instr().
TAG_SEPARATOR = "\x1f"
#: What a count or a session covers: the course's cards, or those of a session (a deck, a tag, some cards).
SCOPES = ("course_cards", "session_keys")

@dataclass(frozen=True)
class CourseCard:
    """One card direction of the course, in course order: where it is in its deck and its tags."""

    card_key: str
    deck_id: str
    card_id: str
    card_index: int
    tags: tuple[str, ...]


#: The other direction of a card's key (``d/c`` <-> ``d/c:reverse``), in SQL.
_SIBLING = ("CASE WHEN {key} LIKE '%:reverse' THEN substr({key}, 1, length({key}) - 8) "
            "ELSE {key} || ':reverse' END")
#: A card whose other direction was reviewed since :day is buried for the day (as Anki buries siblings),
#: unless the card itself was reviewed that day too (its learning steps go on). Both lists are the day's
#: reviews, read once per query from the time index, not looked up per card.
_NOT_BURIED = ("({key} NOT IN (SELECT " + _SIBLING.format(key="r.card_key") + " FROM reviews r WHERE "
               "r.reviewed_at >= :day) OR {key} IN (SELECT r.card_key FROM reviews r WHERE r.reviewed_at >= :day))")
_NOT_SUSPENDED = "{key} NOT IN (SELECT card_key FROM suspended)"


def _in(scope: str, key: str) -> str:
    """SQL: the scheduled card ``key`` is one of ``scope``'s. Every schedule is of a course card but the few
    stray ones, so the course's scope is "not stray", a look-up in a small table."""
    if scope == "course_cards":
        return f"{key} NOT IN stray_states"
    if scope == "session_keys":
        return f"{key} IN session_keys"
    raise ValueError(f"no card scope {scope!r}")


def _never_seen(scope: str) -> str:
    """SQL: the course card ``c`` has no schedule yet and is one of ``scope``'s (read from the index of unseen
    cards, in course order)."""
    return "c.seen = 0" if scope == "course_cards" else f"c.seen = 0 AND {_in(scope, 'c.card_key')}"


#: SQL: the schedule ``s`` is due by :now, or in the review state and due by :review (the end of the day);
#: the range on :until (the later of the two) is what the due-date index is searched by.
_DUE = "s.due <= :until AND (s.due <= :now OR (s.phase = 2 AND s.due <= :review))"


def _due_params(now: datetime, review_until: datetime, day: datetime) -> dict[str, str]:
    return {"now": iso_utc(now), "review": iso_utc(review_until), "until": iso_utc(max(now, review_until)),
            "day": iso_utc(day)}


def _active(key: str, *, buried: bool = True) -> str:
    return f"{_NOT_SUSPENDED.format(key=key)}" + (f" AND {_NOT_BURIED.format(key=key)}" if buried else "")


def _set_meta(db: sqlite3.Connection, name: str, value: str) -> None:
    db.execute("INSERT INTO store_meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = "
               "excluded.value", (name, value))


def _empty_session(db: sqlite3.Connection) -> None:
    db.execute("CREATE TEMP TABLE IF NOT EXISTS session_keys (card_key TEXT PRIMARY KEY) WITHOUT ROWID")
    db.execute("DELETE FROM session_keys")


class CourseCardRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def fingerprint(self, name: str = FINGERPRINT) -> str | None:
        """The fingerprint of the course the stored card list (or its modules) was made from, if one was."""
        row = self._connection.execute("SELECT value FROM store_meta WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_owners(self, fingerprint: str, owners: dict[str, str]) -> None:
        """File each card under its module (card id -> module id), in one transaction."""
        with transaction(self._connection) as db:
            db.execute("UPDATE course_cards SET module_id = NULL")
            db.execute("UPDATE course_cards SET module_id = o.value FROM json_each(?) o WHERE o.key = card_id",
                       (json.dumps(owners),))
            _set_meta(db, OWNERS_FINGERPRINT, fingerprint)

    def replace(self, fingerprint: str, cards: Iterable[CourseCard]) -> None:
        """Make the stored card list the course's ``cards`` (in course order), in one transaction."""
        rows = [[card.card_key, card.deck_id, card.card_id, card.card_index,
                 TAG_SEPARATOR + TAG_SEPARATOR.join(card.tags) + TAG_SEPARATOR if card.tags else ""]
                for card in cards]
        with transaction(self._connection) as db:
            db.execute("DELETE FROM course_cards")
            # One statement for every card (SQLite reads them from a JSON array), not one per card.
            db.execute(
                "INSERT OR IGNORE INTO course_cards (card_key, position, deck_id, card_id, card_index, tags, seen) "
                "SELECT json_extract(value, '$[0]'), key, json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
                "json_extract(value, '$[3]'), json_extract(value, '$[4]'), EXISTS (SELECT 1 FROM card_state s "
                "WHERE s.card_key = json_extract(value, '$[0]')) FROM json_each(?)", (json.dumps(rows),))
            db.execute("DELETE FROM stray_states")
            db.execute("INSERT INTO stray_states SELECT card_key FROM card_state s "
                       "WHERE NOT EXISTS (SELECT 1 FROM course_cards c WHERE c.card_key = s.card_key)")
            _set_meta(db, FINGERPRINT, fingerprint)
            db.execute("DELETE FROM store_meta WHERE name = ?", (OWNERS_FINGERPRINT,))

    def locate(self, card_key: str) -> tuple[str, int] | None:
        """The deck and the index in it of a card direction of the course."""
        row = self._connection.execute("SELECT deck_id, card_index FROM course_cards WHERE card_key = ?",
                                       (card_key,)).fetchone()
        return (row[0], int(row[1])) if row else None

    def scope(self, *, deck_id: str | None = None, tag: str | None = None,
              card_ids: Iterable[str] | None = None) -> None:
        """Put the course's cards of one deck, one tag (nested tags included) or some card ids into the
        temporary ``session_keys`` table the session counts use, selected in SQL."""
        conditions, params = [], []
        if deck_id is not None:
            conditions.append("deck_id = ?")
            params.append(deck_id)
        if tag is not None:
            conditions.append("(instr(tags, ?) > 0 OR instr(tags, ?) > 0)")
            params += [f"{TAG_SEPARATOR}{tag}{TAG_SEPARATOR}", f"{TAG_SEPARATOR}{tag}::"]
        if card_ids is not None:
            conditions.append("card_id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(card_ids)))
        where = " AND ".join(conditions) or "1"
        with transaction(self._connection) as db:
            _empty_session(db)
            db.execute(f"INSERT INTO session_keys SELECT card_key FROM course_cards WHERE {where}", params)

    def use_keys(self, keys: Iterable[str]) -> None:
        """Put some card keys (a session over a list of cards) into ``session_keys``."""
        with transaction(self._connection) as db:
            _empty_session(db)
            db.execute("INSERT OR IGNORE INTO session_keys SELECT value FROM json_each(?)", (json.dumps(list(keys)),))

    def due_keys(self, now: datetime, *, review_until: datetime, day: datetime,
                 scope: str = "course_cards") -> Iterator[str]:
        """Keys of the scope's card directions due by ``now`` (and, in the review state, by ``review_until``),
        longest overdue first, read lazily; suspended cards and cards buried today left out."""
        cursor = self._connection.execute(
            f"SELECT s.card_key FROM card_state s WHERE {_DUE} AND {_in(scope, 's.card_key')} "
            f"AND {_active('s.card_key')} ORDER BY s.due", _due_params(now, review_until, day))
        return (row[0] for row in cursor)

    def next_new_key(self, *, day: datetime, scope: str = "course_cards") -> str | None:
        """The first card direction of the scope, in course order, never seen (not suspended, not buried)."""
        row = self._connection.execute(
            f"SELECT c.card_key FROM course_cards c WHERE {_never_seen(scope)} AND {_active('c.card_key')} "
            "ORDER BY c.position LIMIT 1", {"day": iso_utc(day)}).fetchone()
        return row[0] if row else None

    def due_counts(self, *, review_until: datetime, learning_until: datetime, day: datetime,
                   new_limit: int, scope: str = "course_cards") -> DueCounts:
        """New, learning and review cards of the scope to study now, as one session would show them.

        Reviews due by ``review_until`` (the end of the day), learning steps due by ``learning_until``
        (now and a little ahead), never-seen cards up to ``new_limit``; suspended and buried cards left out.
        """
        params = {"review": iso_utc(review_until), "learning": iso_utc(learning_until), "day": iso_utc(day),
                  "until": iso_utc(max(review_until, learning_until)), "limit": max(new_limit, 0)}
        row = self._connection.execute(
            "SELECT coalesce(sum(s.phase = 2 AND s.due <= :review), 0), "
            "coalesce(sum(coalesce(s.phase, 1) != 2 AND s.due <= :learning), 0) FROM card_state s "
            f"WHERE s.due <= :until AND {_in(scope, 's.card_key')} AND {_active('s.card_key')}", params).fetchone()
        new = self._connection.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM course_cards c WHERE {_never_seen(scope)} "
            f"AND {_active('c.card_key')} LIMIT :limit)", params).fetchone()[0]
        return DueCounts(int(new), int(row[1]), int(row[0]))

    def due_per_module(self, now: datetime, *, review_until: datetime, day: datetime) -> dict[str, int]:
        """How many of the course's cards due (as :meth:`due_keys` has them) belong to each module."""
        rows = self._connection.execute(
            "SELECT c.module_id, count(*) FROM card_state s CROSS JOIN course_cards c ON c.card_key = s.card_key "
            f"WHERE {_DUE} AND c.module_id IS NOT NULL AND {_active('s.card_key')} GROUP BY c.module_id",
            _due_params(now, review_until, day))
        return {row[0]: int(row[1]) for row in rows}

    def counts(self, now: datetime) -> tuple[int, int, int, int]:
        """(cards of the course, seen, due by ``now``, suspended)."""
        row = self._connection.execute(
            "SELECT (SELECT count(*) FROM course_cards), (SELECT count(*) FROM course_cards WHERE seen = 0), "
            f"(SELECT count(*) FROM card_state s WHERE s.due <= ? AND {_in('course_cards', 's.card_key')}), "
            "(SELECT count(*) FROM suspended x WHERE EXISTS (SELECT 1 FROM course_cards c "
            "WHERE c.card_key = x.card_key))",
            (iso_utc(now),)).fetchone()
        return int(row[0]), int(row[0]) - int(row[1]), int(row[2]), int(row[3])

    def next_due_after(self, after: datetime) -> datetime | None:
        """The earliest due time after ``after`` among the course's cards, suspended ones left out."""
        row = self._connection.execute(
            f"SELECT s.due FROM card_state s WHERE s.due > ? AND {_in('course_cards', 's.card_key')} "
            f"AND {_active('s.card_key', buried=False)} ORDER BY s.due LIMIT 1", (iso_utc(after),)).fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def leeches(self, lapses: int, *, limit: int | None = None) -> list[tuple[str, int]]:
        """The course's card directions forgotten ``lapses`` times or more (not suspended), with their lapses:
        worst first (read in the order of the lapses index)."""
        rows = self._connection.execute(
            "SELECT s.card_key, s.lapses FROM card_state s WHERE s.lapses >= ? "
            f"AND {_in('course_cards', 's.card_key')} AND {_active('s.card_key', buried=False)} "
            "ORDER BY s.lapses DESC, s.card_key LIMIT ?", (lapses, -1 if limit is None else limit))
        return [(row[0], int(row[1])) for row in rows]

    def leech_count(self, lapses: int) -> int:
        """How many of the course's card directions (not suspended) are leeches: every schedule's count, read
        from the lapses index, less the stray and the suspended ones (a few each)."""
        row = self._connection.execute(
            "SELECT (SELECT count(*) FROM card_state WHERE lapses >= :lapses) "
            "- (SELECT count(*) FROM stray_states t CROSS JOIN card_state s ON s.card_key = t.card_key "
            "WHERE s.lapses >= :lapses) "
            "- (SELECT count(*) FROM suspended x CROSS JOIN card_state s ON s.card_key = x.card_key WHERE s.lapses >= "
            f":lapses AND {_in('course_cards', 'x.card_key')})", {"lapses": lapses}).fetchone()
        return int(row[0])

    def tagged_schedules(self) -> Iterator[tuple[tuple[str, ...], bool, float | None, str | None]]:
        """(tags, seen, FSRS stability, last review) of each of the course's tagged card directions, read
        lazily: per-topic figures add them up without holding a card or a state per row."""
        rows = self._connection.execute(
            "SELECT c.tags, s.card_key IS NOT NULL, json_extract(s.state, '$.stability'), "
            "json_extract(s.state, '$.last_review') FROM course_cards c "
            "LEFT JOIN card_state s ON s.card_key = c.card_key WHERE c.tags != ''")
        return ((tuple(row[0].strip(TAG_SEPARATOR).split(TAG_SEPARATOR)), bool(row[1]), row[2], row[3])
                for row in rows)

    def suspended(self) -> list[str]:
        """The keys of the course's suspended card directions, in course order."""
        return [row[0] for row in self._connection.execute(
            "SELECT c.card_key FROM suspended x JOIN course_cards c ON c.card_key = x.card_key ORDER BY c.position")]

