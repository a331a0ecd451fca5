"""A flashcard session: the order cards come up in, learning steps within the session, cram, undo.

The schedule lives in the store (see ``scheduling``); a session only decides what to show next. Cards in
their short learning steps (1 and 10 minutes) come back in the same session, early if nothing else is
left, as a learner expects from Anki.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from courseware.core.store import CardState
from courseware.core.store.reviews import DueCounts
from courseware.core.study.scheduling import AGAIN, HARD, LEARN_AHEAD, CardScope, Schedule, StudyCard
from courseware.core.text import normalise_text


def similarity(typed: str, expected: str) -> float:
    """How close a typed answer is to the card's back, 0 to 1, ignoring case, spacing and punctuation."""
    a, b = normalise_text(typed), normalise_text(expected)
    if not a or not b:
        return 1.0 if a == b else 0.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def match_verdict(score: float) -> str:
    """What the learner is told about a typed answer before rating it."""
    percent = round(score * 100)
    if percent >= 100:
        return "exact match"
    if percent >= 75:
        return f"so close: {percent}% match"
    if percent >= 40:
        return f"partly: {percent}% match"
    return f"not quite: {percent}% match"


@dataclass(frozen=True)
class Summary:
    reviewed: int
    right: int
    next_due: datetime | None


@dataclass(frozen=True)
class _Undo:
    """Everything one rating changed in the session, to put back."""

    card: StudyCard
    previous: CardState | None
    pending: list[tuple[datetime, StudyCard]]
    queue: list[StudyCard]
    reviewed: int
    right: int


@dataclass
class StudySession:
    """A drill over some cards.

    A scheduled session asks the store for the next due card each time (in due order, read lazily, so a
    collection of any size starts at once), then for the first card never seen, up to today's limit: the
    session holds no list of its cards, only where the store finds them (``scope``). Both directions of a
    card are never shown on the same day (the second is buried until tomorrow).
    ``cram`` drills the given cards in order, again until they are known, without touching the schedule.
    Every rating can be undone, back to the start of the session.
    """

    schedule: Schedule
    queue: list[StudyCard]
    cram: bool = False
    reviewed: int = 0
    right: int = 0
    #: The store's table of this session's cards: the course's card list, or the session's own selection.
    scope: str = "course_cards"
    _pending: list[tuple[datetime, StudyCard]] = field(default_factory=list)
    _undo: list[_Undo] = field(default_factory=list)

    @classmethod
    def start(cls, schedule: Schedule, cards: CardScope | Sequence[StudyCard], *, cram: bool = False) -> StudySession:
        """A session over some of the course's cards (a :class:`CardScope`) or over the cards listed; a cram
        session drills the listed cards in their order."""
        if cram:
            if isinstance(cards, CardScope):
                raise ValueError("a cram session drills a list of cards")
            return cls(schedule, list(cards), cram=True)
        if isinstance(cards, CardScope):
            return cls(schedule, [], scope=schedule.use_scope(cards))
        return cls(schedule, [], scope=schedule.use_session_keys(card.key for card in cards))

    def _due_pending(self, now: datetime) -> bool:
        self._pending.sort(key=lambda item: item[0])
        return bool(self._pending) and self._pending[0][0] <= now

    def _next_scheduled(self, now: datetime) -> StudyCard | None:
        """The longest-overdue card of this session, else a new one if today's limit allows."""
        if self.cram:
            return self.queue[0] if self.queue else None
        due = self.schedule.next_due_card(now, scope=self.scope, skip=(card.key for _, card in self._pending))
        if due is not None:
            return due
        if self.schedule.new_remaining(now) > 0:
            return self.schedule.next_new_card(now, scope=self.scope)
        return None

    def current(self, now: datetime) -> StudyCard | None:
        """The card to show: a learning card that is due, else the next scheduled, else one learnt ahead."""
        if self._due_pending(now):
            return self._pending[0][1]
        card = self._next_scheduled(now)
        if card is None and self._pending:
            return self._pending[0][1]
        return card

    def counts(self, now: datetime) -> DueCounts:
        """What is left in this session: new, learning (steps coming back in it) and review cards."""
        if self.cram:
            return DueCounts(0, 0, len(self.queue))
        return self.schedule.counts(now, scope=self.scope)

    def remaining(self, now: datetime) -> int:
        return self.counts(now).total

    def rate(self, rating: int, now: datetime, *, duration_ms: int | None = None) -> None:
        """Rate the current card; stored first (unless cramming), so a failed write changes nothing."""
        card = self.current(now)
        if card is None:
            raise ValueError("no card to rate")
        undo = _Undo(card, self.schedule.state(card), list(self._pending), list(self.queue), self.reviewed,
                     self.right)
        if self.cram:
            self.schedule.record_cram(card, rating, now, duration_ms=duration_ms)
        else:
            due = self.schedule.rate(card, rating, now, duration_ms=duration_ms)
        self._undo.append(undo)
        self._pending = [(when, other) for when, other in self._pending if other.key != card.key]
        if self.cram and self.queue and self.queue[0].key == card.key:
            self.queue.pop(0)
        self.reviewed += 1
        self.right += rating != AGAIN
        if self.cram:
            if rating in (AGAIN, HARD):
                self.queue.append(card)
        elif due <= now + LEARN_AHEAD:
            self._pending.append((due, card))

    def suspend(self, card: StudyCard, now: datetime) -> None:
        """Take the card out of this session and of every scheduled one until it is unsuspended."""
        self.schedule.suspend(card, now)
        self._pending = [(when, other) for when, other in self._pending if other.key != card.key]
        self.queue = [other for other in self.queue if other.key != card.key]

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> StudyCard:
        """Take back the last rating not yet taken back, in the store too; returns the card, shown again."""
        if not self._undo:
            raise ValueError("nothing to undo")
        undo = self._undo[-1]
        self.schedule.store.reviews.undo_last(undo.card.key, undo.previous)
        self._undo.pop()
        self._pending, self.queue = undo.pending, undo.queue
        self.reviewed, self.right = undo.reviewed, undo.right
        return undo.card

    def summary(self, now: datetime) -> Summary:
        return Summary(self.reviewed, self.right, self.schedule.next_due(now))

