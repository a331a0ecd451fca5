"""A deck as a real Anki package (genanki), with each card's schedule and review history.

Reversible cards get both directions, Markdown becomes HTML. Deck and note ids are derived from the
course's ids, so exporting again updates the cards a learner already imported into Anki instead of
duplicating them. When the learner's history is given, every card direction carries its schedule (new,
learning, review or relearning; its interval, due date, repetitions and lapses) and one review-log entry
per rating, so a learner moving to Anki keeps their progress. Reading packages back is ``anki_reader.py``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import genanki

from courseware.core.interop.html_text import markdown_to_html
from courseware.core.model import Card, Deck
from courseware.core.store import CardState, Review
from courseware.core.study.scheduling import REVERSE, replay

#: The creation time genanki gives every collection it writes: Anki counts review due days from it.
COLLECTION_CREATED = datetime.fromtimestamp(1411124400, UTC)
_NEW, _LEARNING, _REVIEW, _RELEARNING = 0, 1, 2, 3
_FSRS_TYPES = {1: _LEARNING, 2: _REVIEW, 3: _RELEARNING}
_DEFAULT_EASE = 2500
_MAX_ANSWER_MS = 60_000


def card_html(text: str) -> str:
    """Course Markdown as the HTML Anki shows: one line stays inline, paragraphs stay paragraphs."""
    return markdown_to_html(text)


def anki_deck_id(deck_id: str) -> int:
    """A stable Anki deck id (a positive 63-bit number) from the course's deck id."""
    return int.from_bytes(hashlib.sha256(f"courseware-deck:{deck_id}".encode()).digest()[:7], "big") + (1 << 32)


@dataclass(frozen=True)
class CardHistory:
    """One card direction's stored schedule (None when never scheduled) and its reviews, oldest first."""

    state: CardState | None
    reviews: Sequence[Review] = field(default_factory=tuple)


def histories(deck_id: str, states: Mapping[str, CardState], reviews: Sequence[Review]) -> dict[str, CardHistory]:
    """The history of each card direction of a deck, from what the store holds."""
    prefix = f"{deck_id}/"
    by_key: dict[str, list[Review]] = {}
    for review in reviews:
        if review.card_key.startswith(prefix):
            by_key.setdefault(review.card_key, []).append(review)
    keys = {key for key in states if key.startswith(prefix)} | set(by_key)
    return {key: CardHistory(states.get(key), tuple(by_key.get(key, ()))) for key in keys}


def _day(moment: datetime) -> int:
    return (moment.astimezone(UTC).date() - COLLECTION_CREATED.date()).days


def _interval(due: datetime, reviewed: datetime, review_state: bool) -> int:
    """Anki's revlog interval: days for a card in review, negative seconds for one still being learnt."""
    seconds = (due - reviewed).total_seconds()
    return max(1, round(seconds / 86400)) if review_state else -max(1, round(seconds))


@dataclass(frozen=True)
class _LogEntry:
    ease: int
    interval: int
    last_interval: int
    kind: int
    reviewed_at: datetime
    duration_ms: int | None


def _replayed(reviews: Sequence[Review]) -> Iterator[_LogEntry]:
    """Each review with the interval it gave, found by replaying the ratings through FSRS (without fuzz)."""
    last_interval, card_type = 0, _NEW
    for review, replayed in replay(reviews):
        if replayed is None:
            yield _LogEntry(review.rating, last_interval, last_interval, 3, review.reviewed_at, review.duration_ms)
            continue
        state, due = replayed
        kind = {_NEW: 0, _LEARNING: 0, _REVIEW: 1, _RELEARNING: 2}[card_type]
        card_type = _FSRS_TYPES[json.loads(state)["state"]]
        interval = _interval(due, review.reviewed_at, card_type == _REVIEW)
        yield _LogEntry(review.rating, interval, last_interval, kind, review.reviewed_at, review.duration_ms)
        last_interval = interval


class _ScheduledCard(genanki.Card):  # type: ignore[misc]
    """A genanki card that is written with its schedule and its review log instead of as new."""

    def __init__(self, ordinal: int, history: CardHistory | None, taken: set[int]) -> None:
        super().__init__(ordinal)
        self.history = history
        self.taken = taken

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, note_id: int, id_gen: Iterator[int],
                    due: int = 0) -> None:
        card_id = next(id_gen)
        card_type, queue, card_due, interval = _NEW, 0, due, 0
        reviews = list(self.history.reviews) if self.history else []
        scheduled = [review for review in reviews if review.mode != "cram"]
        state = self.history.state if self.history else None
        if state is not None:
            fsrs = json.loads(state.state)
            card_type = _FSRS_TYPES.get(int(fsrs.get("state", 1)), _LEARNING)
            if card_type == _REVIEW:
                last = datetime.fromisoformat(fsrs["last_review"]) if fsrs.get("last_review") else state.due
                queue, card_due, interval = 2, _day(state.due), _interval(state.due, last, True)
            else:
                queue, card_due = 1, int(state.due.timestamp())
        cursor.execute("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?);", (
            card_id, note_id, deck_id, self.ord, int(timestamp), -1, card_type, queue, card_due, interval,
            _DEFAULT_EASE if card_type else 0, len(scheduled), state.lapses if state else 0, 0, 0, 0, 0, ""))
        for entry in _replayed(reviews):
            log_id = int(entry.reviewed_at.timestamp() * 1000)
            while log_id in self.taken:
                log_id += 1
            self.taken.add(log_id)
            cursor.execute("INSERT INTO revlog VALUES(?,?,?,?,?,?,?,?,?);", (
                log_id, card_id, -1, entry.ease, entry.interval, entry.last_interval,
                _DEFAULT_EASE if entry.kind == 1 else 0, min(entry.duration_ms or 0, _MAX_ANSWER_MS), entry.kind))


class _Package(genanki.Package):  # type: ignore[misc]
    """genanki's package, marked as using Anki's v2 scheduler (four answer buttons in learning too), which the
    review log is written for; unmarked, Anki reads it as v1's and shifts the learning answers."""

    def write_to_db(self, cursor: Any, timestamp: float, id_gen: Iterator[int]) -> None:
        super().write_to_db(cursor, timestamp, id_gen)
        (conf,) = cursor.execute("SELECT conf FROM col").fetchone()
        cursor.execute("UPDATE col SET conf = ?", (json.dumps({**json.loads(conf), "schedVer": 2}),))


def _note(deck: Deck, card: Card, history: Mapping[str, CardHistory], taken: set[int]) -> genanki.Note:
    model = genanki.BASIC_AND_REVERSED_CARD_MODEL if card.reverse else genanki.BASIC_MODEL
    note = genanki.Note(model=model, fields=[card_html(card.front), card_html(card.back)],
                        tags=list(card.tags), guid=genanki.guid_for("courseware", deck.id, card.id))
    key = f"{deck.id}/{card.id}"
    directions = [key, key + REVERSE] if card.reverse else [key]
    note.cards = [_ScheduledCard(ordinal, history.get(name), taken) for ordinal, name in enumerate(directions)]
    return note


def write_apkg(deck: Deck, path: Path, history: Mapping[str, CardHistory] | None = None) -> int:
    """Write ``deck`` as an .apkg file; the result is the number of Anki cards (two per reversible card).

    ``history`` (by card key, as ``histories`` builds it) gives cards their schedule and review log.
    """
    anki_deck = genanki.Deck(anki_deck_id(deck.id), deck.title, deck.description or "")
    taken: set[int] = set()
    for card in deck.cards:
        anki_deck.add_note(_note(deck, card, history or {}, taken))
    _Package(anki_deck).write_to_file(str(path))
    return sum(2 if card.reverse else 1 for card in deck.cards)
