"""Flashcard scheduling with FSRS: which card directions are due, new cards per day, leeches.

A card with ``reverse: true`` is two study items, ``DECK/CARD`` and ``DECK/CARD:reverse``, each with its
own schedule. The FSRS card of each item is stored as JSON in ``store.reviews`` with every review, so the
schedule survives a crash after any single rating. ``fsrs`` is imported only when a card is rated or a
rating previewed: the home screen counts due cards from the stored due dates alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from courseware.core.course.course import Course
from courseware.core.model import Card
from courseware.core.store import CardState, CourseCard, Review, Store
from courseware.core.store.course_cards import OWNERS_FINGERPRINT
from courseware.core.store.reviews import DueCounts

if TYPE_CHECKING:
    import fsrs

REVERSE = ":reverse"
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATINGS = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
#: A card forgotten this many times after it was learnt is a leech: rewrite it rather than drill it.
LEECH_LAPSES = 6
DEFAULT_NEW_PER_DAY = 20
DEFAULT_RETENTION = 0.9
#: A card in its learning steps due within this time is shown in the session already (Anki's learn-ahead).
LEARN_AHEAD = timedelta(minutes=20)
#: Marks a stored card list made from a course read without its checks (see ``Course.checked``).
UNCHECKED = ":unchecked"


@dataclass(frozen=True)
class StudyCard:
    """One direction of one card: what is shown, what is hidden, and the key its schedule is stored under."""

    deck_id: str
    card: Card
    reverse: bool = False

    #: Made once per card direction: sessions and counts look cards up by key many times over.
    key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", f"{self.deck_id}/{self.card.id}{REVERSE if self.reverse else ''}")

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


@dataclass(frozen=True)
class CardScope:
    """Which of the course's cards a session covers: all of them, one deck, one tag (nested tags included:
    ``ccsm`` takes ``ccsm::finance``) or some cards by id. Selected in SQL from the store's card list, so a
    session over a course of any size starts without listing its cards in Python."""

    deck_id: str | None = None
    tag: str | None = None
    card_ids: tuple[str, ...] | None = None

    @property
    def everything(self) -> bool:
        return self.deck_id is None and self.tag is None and self.card_ids is None


def course_card_list(course: Course) -> Iterator[CourseCard]:
    """The course's card directions in course order, as the store keeps them."""
    for deck in course.decks.values():
        for index, card in enumerate(deck.cards):
            directions = (False, True) if card.reverse else (False,)
            for reverse in directions:
                yield CourseCard(f"{deck.id}/{card.id}{REVERSE if reverse else ''}", deck.id, card.id, index,
                                 tuple(card.tags))


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

    def __init__(self, *, fuzzing: bool = True, desired_retention: float = DEFAULT_RETENTION,
                 parameters: tuple[float, ...] | None = None) -> None:
        from fsrs import Scheduler

        if parameters is None:
            self._scheduler = Scheduler(enable_fuzzing=fuzzing, desired_retention=desired_retention)
        else:
            self._scheduler = Scheduler(parameters, enable_fuzzing=fuzzing, desired_retention=desired_retention)

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

    def retrievability(self, state: str, now: datetime) -> float:
        """How likely the learner remembers a card now, by FSRS."""
        return float(self._scheduler.get_card_retrievability(self._card(state, now), now))

    def recall_odds(self, stability: float | None, last_review: datetime | None, now: datetime) -> float:
        """The same from the two figures it depends on (what statistics read from the store per card)."""
        from fsrs import Card as FsrsCard

        card = FsrsCard(card_id=0, stability=stability, last_review=last_review, due=now)
        return float(self._scheduler.get_card_retrievability(card, now))

    def preview(self, state: str | None, now: datetime) -> dict[int, timedelta]:
        """For each rating, how long until the card would come back."""
        return {rating: self.review(state, rating, now)[1] - now for rating in RATINGS}


def replay(reviews: Iterable[Review]) -> Iterator[tuple[Review, tuple[str, datetime] | None]]:
    """Each review with the FSRS state (JSON) and due time it led to, replayed from the ratings in order.

    Fuzzing is off: it moves due dates only, never the state, so the states are the ones the learner's
    schedule went through. A crammed review changed no schedule and comes with ``None``. Reviews of many
    cards may be mixed; each card's own reviews are replayed in turn.
    """
    scheduler: FsrsScheduler | None = None
    states: dict[str, str] = {}
    for review in reviews:
        if review.mode == "cram" or review.rating not in RATINGS:
            yield review, None
            continue
        scheduler = scheduler or FsrsScheduler(fuzzing=False)
        when = review.reviewed_at if review.reviewed_at.tzinfo else review.reviewed_at.replace(tzinfo=UTC)
        state, due, _ = scheduler.review(states.get(review.card_key), review.rating, when)
        states[review.card_key] = state
        yield review, (state, due)


class Schedule:
    """The course's cards together with the learner's stored schedule."""

    def __init__(self, course: Course, store: Store, *, new_per_day: int = DEFAULT_NEW_PER_DAY,
                 leech_lapses: int = LEECH_LAPSES, fuzzing: bool = True,
                 desired_retention: float = DEFAULT_RETENTION) -> None:
        self.course = course
        self.store = store
        self.new_per_day = new_per_day
        self.leech_lapses = leech_lapses
        self.desired_retention = desired_retention
        self._fuzzing = fuzzing
        self._fsrs: FsrsScheduler | None = None
        self._synced = False

    @property
    def fsrs(self) -> FsrsScheduler:
        """FSRS with the learner's desired retention, and their own fitted parameters once there are some."""
        if self._fsrs is None:
            fitted = self.store.fsrs.latest()
            self._fsrs = FsrsScheduler(fuzzing=self._fuzzing, desired_retention=self.desired_retention,
                                       parameters=fitted.parameters if fitted else None)
        return self._fsrs

    @cached_property
    def cards(self) -> list[StudyCard]:
        """Every card direction of the course (an export or the deck picker lists them; counts and sessions
        ask the store instead, which holds the course's card list)."""
        return study_cards(self.course)

    def _list_made_from(self) -> tuple[str, ...]:
        """The stored card list's fingerprints that are this course's: made from it checked, or unchecked (a
        deck the checks refuse still in it, until the checked course makes the list again)."""
        fingerprint = self.course.fingerprint
        if not fingerprint:
            return ()
        return (fingerprint,) if self.course.checked else (fingerprint, fingerprint + UNCHECKED)

    def _sync(self) -> None:
        """Make the store's copy of the course's card list this course's, once per schedule; a fingerprint
        that matches (the course's files unchanged since) costs one query."""
        if self._synced:
            return
        self._synced = True
        cards = self.store.course_cards
        if cards.fingerprint() in self._list_made_from():
            return
        if not self.course.complete:
            # Its decks are not read (or not yet): none are counted until a course that has them lists them.
            cards.replace("", ())
            return
        suffix = "" if self.course.checked else UNCHECKED
        cards.replace(self.course.fingerprint + suffix if self.course.fingerprint else "",
                      course_card_list(self.course))

    def card(self, key: str) -> StudyCard | None:
        """The course's card direction stored under ``key`` (found through the store's copy of the card list)."""
        self._sync()
        place = self.store.course_cards.locate(key)
        deck = self.course.decks.get(place[0]) if place else None
        if place is None or deck is None or place[1] >= len(deck.cards):
            return None
        return StudyCard(deck.id, deck.cards[place[1]], reverse=key.endswith(REVERSE))

    def use_scope(self, scope: CardScope) -> str:
        """Where a session over ``scope`` counts and draws its cards from: the course's card list, or the
        scope's cards selected from it into the session's table."""
        self._sync()
        if scope.everything:
            return "course_cards"
        self.store.course_cards.scope(deck_id=scope.deck_id, tag=scope.tag, card_ids=scope.card_ids)
        return "session_keys"

    def use_session_keys(self, keys: Iterable[str]) -> str:
        """The cards of a session given as a list, for ``counts(now, scope="session_keys")``."""
        self._sync()
        self.store.course_cards.use_keys(keys)
        return "session_keys"

    def counts(self, now: datetime, *, scope: str = "course_cards") -> DueCounts:
        """New, learning and review cards to study now (of the course, or of the session), counted in SQL.

        The home screen and a session both ask this, so they agree: reviews due by the end of the day,
        learning steps due within :data:`LEARN_AHEAD`, new cards up to today's limit; suspended cards and
        the other direction of a card studied today left out.
        """
        self._sync()
        start = day_start(now)
        return self.store.course_cards.due_counts(review_until=start + timedelta(days=1),
                                                  learning_until=now + LEARN_AHEAD, day=start,
                                                  new_limit=self.new_remaining(now), scope=scope)

    def course_counts(self, now: datetime) -> tuple[int, int, int, int]:
        """(card directions of the course, seen, due now, suspended)."""
        self._sync()
        return self.store.course_cards.counts(now)

    def due_per_module(self, now: datetime) -> dict[str, int]:
        """Cards due today (learning steps a little ahead) per module they belong to (see ``Course.card_owners``)."""
        self._sync()
        cards = self.store.course_cards
        fingerprint = self.course.fingerprint
        if self.course.complete and (not fingerprint or cards.fingerprint(OWNERS_FINGERPRINT) != fingerprint):
            # Filed only now: finding a card's module parses the modules' Markdown, which a start-up with
            # nothing due never needs.
            cards.set_owners(fingerprint, self.course.card_owners)
        start = day_start(now)
        return cards.due_per_module(now + LEARN_AHEAD, review_until=start + timedelta(days=1),
                                                      day=start)

    def states(self) -> dict[str, CardState]:
        return self.store.reviews.states()

    def new_introduced_today(self, now: datetime) -> int:
        return self.store.reviews.introduced_since(day_start(now))

    def new_remaining(self, now: datetime) -> int:
        return max(self.new_per_day - self.new_introduced_today(now), 0)

    def next_due_card(self, now: datetime, *, scope: str = "course_cards",
                      skip: Iterable[str] = ()) -> StudyCard | None:
        """The longest-overdue card of the scope, read from the store in due order.

        Learning steps due now and reviews due today; not suspended, not buried (its other direction
        studied today), not in ``skip``. Lazy, so it stays fast however many cards and reviews there are.
        """
        self._sync()
        skipped = set(skip)
        start = day_start(now)
        for key in self.store.course_cards.due_keys(now, review_until=start + timedelta(days=1), day=start,
                                                    scope=scope):
            card = self.card(key) if key not in skipped else None
            if card is not None:
                return card
        return None

    def next_new_card(self, now: datetime, *, scope: str = "course_cards") -> StudyCard | None:
        """The first card of the scope never seen, in course order (not suspended, not buried today)."""
        self._sync()
        key = self.store.course_cards.next_new_key(day=day_start(now), scope=scope)
        return self.card(key) if key is not None else None

    def state(self, card: StudyCard) -> CardState | None:
        return self.store.reviews.state(card.key)

    def next_due(self, after: datetime) -> datetime | None:
        """When the next card of the course comes due after ``after``."""
        self._sync()
        return self.store.course_cards.next_due_after(after)

    def leeches(self, *, limit: int | None = None) -> list[StudyCard]:
        """Card directions forgotten ``leech_lapses`` times or more, worst first (suspended ones left out)."""
        self._sync()
        found = (self.card(key) for key, _ in self.store.course_cards.leeches(self.leech_lapses, limit=limit))
        return [card for card in found if card is not None]

    def tagged_schedules(self) -> Iterator[tuple[tuple[str, ...], bool, float | None, str | None]]:
        """(tags, seen, FSRS stability, last review) of each tagged card direction of the course, read lazily."""
        self._sync()
        return self.store.course_cards.tagged_schedules()

    def has_card_list(self) -> bool:
        """Whether the store holds this course's card list (made when the course, as it is now, was last
        loaded whole), so that counts need not load its decks."""
        return self.store.course_cards.fingerprint() in self._list_made_from()

    def suspended(self) -> list[StudyCard]:
        """The course's suspended card directions, in course order."""
        self._sync()
        found = (self.card(key) for key in self.store.course_cards.suspended())
        return [card for card in found if card is not None]

    def leech_count(self) -> int:
        self._sync()
        return self.store.course_cards.leech_count(self.leech_lapses)

    def suspend(self, card: StudyCard, now: datetime) -> None:
        """Take a card direction out of every scheduled session until it is unsuspended."""
        self.store.reviews.suspend(card.key, now)

    def unsuspend(self, card: StudyCard) -> None:
        self.store.reviews.unsuspend(card.key)

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
