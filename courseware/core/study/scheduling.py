"""Flashcard scheduling with FSRS: which card directions are due, new cards per day, leeches.

A card with ``reverse: true`` is two study items, ``DECK/CARD`` and ``DECK/CARD:reverse``, each with its
own schedule. The FSRS card of each item is stored as JSON in ``store.reviews`` with every review, so the
schedule survives a crash after any single rating. ``fsrs`` is imported only when a card is rated or a
rating previewed: the home screen counts due cards from the stored due dates alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from courseware.core.course.course import Course
from courseware.core.model import Card
from courseware.core.store import CardState, Store

if TYPE_CHECKING:
    import fsrs

REVERSE = ":reverse"
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATINGS = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
#: A card forgotten this many times after it was learnt is a leech: rewrite it rather than drill it.
LEECH_LAPSES = 6
DEFAULT_NEW_PER_DAY = 20


@dataclass(frozen=True)
class StudyCard:
    """One direction of one card: what is shown, what is hidden, and the key its schedule is stored under."""

    deck_id: str
    card: Card
    reverse: bool = False

    @property
    def key(self) -> str:
        return f"{self.deck_id}/{self.card.id}{REVERSE if self.reverse else ''}"

    @property
    def front(self) -> str:
        return self.card.back if self.reverse else self.card.front

    @property
    def back(self) -> str:
        return self.card.front if self.reverse else self.card.back

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(self.card.tags)


def study_cards(course: Course, *, deck_id: str | None = None, tag: str | None = None,
                card_ids: Iterable[str] | None = None) -> list[StudyCard]:
    """Every card direction of the course, in deck order, optionally of one deck, one tag (nested tags
    included: ``ccsm`` takes ``ccsm::finance``) or some cards."""
    wanted = set(card_ids) if card_ids is not None else None
    cards: list[StudyCard] = []
    for deck in course.decks.values():
        if deck_id is not None and deck.id != deck_id:
            continue
        for card in deck.cards:
            if tag is not None and not any(name == tag or name.startswith(f"{tag}::") for name in card.tags):
                continue
            if wanted is not None and card.id not in wanted:
                continue
            cards.append(StudyCard(deck.id, card))
            if card.reverse:
                cards.append(StudyCard(deck.id, card, reverse=True))
    return cards


def course_tags(course: Course) -> list[str]:
    """Every card tag of the course with the tags it is nested under (``ccsm::finance`` gives ``ccsm`` too)."""
    found: set[str] = set()
    for deck in course.decks.values():
        for card in deck.cards:
            for tag in card.tags:
                parts = tag.split("::")
                found.update("::".join(parts[:depth]) for depth in range(1, len(parts) + 1))
    return sorted(found)


def day_start(now: datetime) -> datetime:
    """The learner's local midnight before ``now``, in UTC: "per day" limits follow the learner's day."""
    local = now.astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def format_interval(delta: timedelta) -> str:
    """A short human interval: ``1m``, ``10m``, ``3h``, ``9d``, ``4mo``, ``1.5y``."""
    seconds = max(delta.total_seconds(), 0)
    if seconds < 3600:
        return f"{max(round(seconds / 60), 1)}m"
    if seconds < 23.5 * 3600:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 31:
        return f"{round(days)}d"
    if days < 365:
        return f"{round(days / 30.4)}mo"
    return f"{days / 365:.1f}y"


class FsrsScheduler:
    """The FSRS algorithm behind one small interface: preview and apply a rating to a stored card state."""

    def __init__(self, *, fuzzing: bool = True) -> None:
        from fsrs import Scheduler

        self._scheduler = Scheduler(enable_fuzzing=fuzzing)

    @staticmethod
    def _card(state: str | None, now: datetime) -> fsrs.Card:
        from fsrs import Card as FsrsCard

        return FsrsCard.from_json(state) if state else FsrsCard(card_id=0, due=now)

    def review(self, state: str | None, rating: int, now: datetime) -> tuple[str, datetime, bool]:
        """The card's new state (JSON), when it is next due, and whether this rating was a lapse."""
        from fsrs import Rating, State

        card = self._card(state, now)
        lapsed = rating == AGAIN and card.state == State.Review
        updated, _ = self._scheduler.review_card(card, Rating(rating), now)
        return updated.to_json(), updated.due, lapsed

    def preview(self, state: str | None, now: datetime) -> dict[int, timedelta]:
        """For each rating, how long until the card would come back."""
        return {rating: self.review(state, rating, now)[1] - now for rating in RATINGS}


class Schedule:
    """The course's cards together with the learner's stored schedule."""

    def __init__(self, course: Course, store: Store, *, new_per_day: int = DEFAULT_NEW_PER_DAY,
                 leech_lapses: int = LEECH_LAPSES, fuzzing: bool = True) -> None:
        self.course = course
        self.store = store
        self.new_per_day = new_per_day
        self.leech_lapses = leech_lapses
        self._fuzzing = fuzzing
        self._fsrs: FsrsScheduler | None = None

    @property
    def fsrs(self) -> FsrsScheduler:
        if self._fsrs is None:
            self._fsrs = FsrsScheduler(fuzzing=self._fuzzing)
        return self._fsrs

    def states(self) -> dict[str, CardState]:
        return self.store.reviews.states()

    def new_introduced_today(self, now: datetime) -> int:
        return self.store.reviews.introduced_since(day_start(now))

    def new_remaining(self, now: datetime) -> int:
        return max(self.new_per_day - self.new_introduced_today(now), 0)

    def next_due_card(self, now: datetime, index: Mapping[str, StudyCard]) -> StudyCard | None:
        """The longest-overdue card among ``index`` (cards by key), read from the store in due order.

        Lazy, so it stays fast however many cards and reviews there are.
        """
        return next((index[key] for key in self.store.reviews.due_keys(now) if key in index), None)

    def state(self, card: StudyCard) -> CardState | None:
        return self.store.reviews.state(card.key)

    def due_keys(self, until: datetime) -> set[str]:
        """Keys of the course's card directions that are due by ``until``."""
        known = {card.key for card in study_cards(self.course)}
        return {key for key, state in self.states().items() if key in known and state.due <= until}

    def next_due(self, after: datetime) -> datetime | None:
        known = {card.key for card in study_cards(self.course)}
        dues = [state.due for key, state in self.states().items() if key in known and state.due > after]
        return min(dues, default=None)

    def leeches(self) -> list[StudyCard]:
        """Card directions forgotten ``leech_lapses`` times or more, worst first."""
        states = self.states()
        leeches = [card for card in study_cards(self.course)
                   if card.key in states and states[card.key].lapses >= self.leech_lapses]
        return sorted(leeches, key=lambda card: -states[card.key].lapses)

    def preview(self, card: StudyCard, now: datetime) -> dict[int, timedelta]:
        state = self.state(card)
        return self.fsrs.preview(state.state if state else None, now)

    def rate(self, card: StudyCard, rating: int, now: datetime, *, duration_ms: int | None = None) -> datetime:
        """Apply and store a rating at once (review and new state in one commit); returns the new due time."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be 1-4, not {rating}")
        state = self.state(card)
        new_state, due, lapsed = self.fsrs.review(state.state if state else None, rating, now)
        self.store.reviews.record(card.key, rating, state=new_state, due=due, lapsed=lapsed, reviewed_at=now,
                                  duration_ms=duration_ms)
        return due

    def record_cram(self, card: StudyCard, rating: int, now: datetime, *, duration_ms: int | None = None) -> None:
        """A crammed answer is kept in the history but leaves the schedule alone."""
        self.store.reviews.record(card.key, rating, state=None, due=None, reviewed_at=now,
                                  duration_ms=duration_ms, mode="cram")
