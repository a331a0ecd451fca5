"""FSRS scheduling in the core: exact intervals (fuzzing off), due queue, new-card limit, leeches, sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from courseware.core.course.course import Course
from courseware.core.course.loader import load_course
from courseware.core.model import CourseMeta, Deck
from courseware.core.store import open_store
from courseware.core.study.flashcards import StudySession, match_verdict, similarity
from courseware.core.study.scheduling import (
    AGAIN,
    EASY,
    GOOD,
    FsrsScheduler,
    Schedule,
    course_tags,
    format_interval,
    study_cards,
)
from tests.apphelpers import MINI

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def intervals(ratings: list[int]) -> list[timedelta]:
    """Rate a new card in sequence, each review exactly when the card falls due."""
    scheduler = FsrsScheduler(fuzzing=False)
    state, when, gaps = None, NOW, []
    for rating in ratings:
        state, due, _ = scheduler.review(state, rating, when)
        gaps.append(due - when)
        when = due
    return gaps


def test_good_every_time_spaces_the_card_out() -> None:
    days = timedelta(days=1)
    assert intervals([GOOD] * 6) == [timedelta(minutes=10), 2 * days, 11 * days, 46 * days, 163 * days, 498 * days]


def test_easy_every_time_skips_the_learning_steps() -> None:
    assert intervals([EASY] * 3) == [timedelta(days=8), timedelta(days=66), timedelta(days=397)]


def test_a_lapse_sends_the_card_back_to_relearning() -> None:
    gaps = intervals([AGAIN, GOOD, GOOD, EASY, AGAIN, GOOD, GOOD])
    assert gaps == [timedelta(minutes=1), timedelta(minutes=10), timedelta(days=1), timedelta(days=4),
                    timedelta(minutes=10), timedelta(days=1), timedelta(days=2)]
    scheduler = FsrsScheduler(fuzzing=False)
    state, when = None, NOW
    lapses = []
    for rating in [AGAIN, GOOD, GOOD, EASY, AGAIN]:
        state, due, lapsed = scheduler.review(state, rating, when)
        lapses.append(lapsed)
        when = due
    assert lapses == [False, False, False, False, True]


def test_preview_shows_when_each_rating_brings_the_card_back() -> None:
    preview = FsrsScheduler(fuzzing=False).preview(None, NOW)
    assert {rating: format_interval(gap) for rating, gap in preview.items()} == \
        {1: "1m", 2: "6m", 3: "10m", 4: "8d"}


@pytest.mark.parametrize(("gap", "text"), [
    (timedelta(seconds=20), "1m"), (timedelta(hours=5), "5h"), (timedelta(days=45), "1mo"),
    (timedelta(days=400), "1.1y")])
def test_format_interval(gap: timedelta, text: str) -> None:
    assert format_interval(gap) == text


def test_reversible_cards_are_two_study_items() -> None:
    course = load_course(MINI)
    assert [card.key for card in study_cards(course)] == \
        ["terms/renewal-rate", "terms/renewal-rate:reverse", "terms/churn"]
    reverse = study_cards(course)[1]
    assert reverse.front.startswith("Customers who renewed") and reverse.back == "Renewal rate"
    assert [card.key for card in study_cards(course, tag="retention", card_ids=["churn"])] == ["terms/churn"]


def test_sessions_offer_due_cards_first_then_new_ones_up_to_the_daily_limit(tmp_path: Path) -> None:
    course = load_course(MINI)
    schedule = Schedule(course, open_store(tmp_path), new_per_day=2, fuzzing=False)
    cards = study_cards(course)

    first = StudySession.start(schedule, cards)
    assert first.current(NOW) == cards[0] and first.remaining(NOW) == 2  # three new cards, two allowed today
    due = schedule.rate(cards[0], GOOD, NOW)
    assert due == NOW + timedelta(minutes=10)
    schedule.rate(cards[1], EASY, NOW)
    # Both new cards of today are used up; the first comes back when due.
    assert schedule.next_due_card(NOW + timedelta(minutes=11)) == cards[0]
    assert schedule.new_remaining(NOW) == 0
    assert StudySession.start(schedule, cards).remaining(NOW + timedelta(minutes=11)) == 1
    tomorrow = NOW + timedelta(days=1)
    session = StudySession.start(schedule, cards)
    assert session.current(tomorrow) == cards[0] and session.remaining(tomorrow) == 2
    session.rate(GOOD, tomorrow)
    assert session.current(tomorrow) == cards[2]
    stored = schedule.store.reviews.history()
    assert [(review.card_key, review.rating) for review in stored] == \
        [("terms/renewal-rate", 3), ("terms/renewal-rate:reverse", 4), ("terms/renewal-rate", 3)]


def test_cards_forgotten_again_and_again_are_leeches(tmp_path: Path) -> None:
    course = load_course(MINI)
    schedule = Schedule(course, open_store(tmp_path), leech_lapses=2, fuzzing=False)
    churn = study_cards(course)[2]
    when = NOW
    for rating in [EASY, AGAIN, EASY, AGAIN]:
        when = schedule.rate(churn, rating, when)
    assert [card.key for card in schedule.leeches()] == ["terms/churn"]


def test_a_session_brings_learning_cards_back_and_summarises(tmp_path: Path) -> None:
    course = load_course(MINI)
    schedule = Schedule(course, open_store(tmp_path), fuzzing=False)
    session = StudySession.start(schedule, study_cards(course))
    seen = []
    now = NOW
    while (card := session.current(now)) is not None:
        seen.append(card.key)
        session.rate(EASY if card.key in seen[:-1] else GOOD, now)
        now += timedelta(minutes=1)
    # The reverse of renewal-rate is buried: both directions of a card are not shown on the same day.
    assert seen == ["terms/renewal-rate", "terms/churn", "terms/renewal-rate", "terms/churn"]
    summary = session.summary(now)
    assert (summary.reviewed, summary.right) == (4, 4)
    assert summary.next_due is not None and summary.next_due > now + timedelta(days=1)


def test_undo_takes_the_rating_back_from_the_store(tmp_path: Path) -> None:
    course = load_course(MINI)
    schedule = Schedule(course, open_store(tmp_path), fuzzing=False)
    session = StudySession.start(schedule, study_cards(course))
    first = session.current(NOW)
    session.rate(AGAIN, NOW)
    assert session.undo() == first
    assert session.current(NOW) == first and session.reviewed == 0
    assert schedule.store.reviews.history() == [] and schedule.states() == {}


def test_cram_drills_everything_and_leaves_the_schedule_alone(tmp_path: Path) -> None:
    course = load_course(MINI)
    schedule = Schedule(course, open_store(tmp_path), new_per_day=0, fuzzing=False)
    session = StudySession.start(schedule, study_cards(course, tag="retention"), cram=True)
    ratings = iter([AGAIN, GOOD, GOOD, GOOD])
    shown = []
    while (card := session.current(NOW)) is not None:
        shown.append(card.key)
        session.rate(next(ratings), NOW)
    assert shown == ["terms/renewal-rate", "terms/renewal-rate:reverse", "terms/churn", "terms/renewal-rate"]
    assert schedule.states() == {}
    assert {review.mode for review in schedule.store.reviews.history()} == {"cram"}


def test_typed_answers_are_compared_leniently() -> None:
    assert similarity("customers lost in a period", "Customers lost in a period.") == 1.0
    score = similarity("customers lost in period", "Customers lost in a period")
    assert match_verdict(score) == "exact match"
    close = similarity("customer lost in a perod", "Customers lost in a period")
    assert match_verdict(close).startswith("so close: ")
    assert match_verdict(similarity("revenue", "Customers lost in a period")).startswith("not quite")


def test_nested_tags_are_drilled_under_their_parent(tmp_path: Path) -> None:
    """A card tagged ccsm::finance is drilled with tag ccsm too, and ccsm is offered as a tag."""
    deck = Deck.model_validate({"kind": "deck", "id": "d", "title": "D", "cards": [
        {"id": "nrr", "front": "NRR", "back": "Net revenue retention", "tags": ["ccsm::finance"]},
        {"id": "qbr", "front": "QBR", "back": "Quarterly business review", "tags": ["ccsm-meetings"]}]})
    course = Course(root=tmp_path, meta=CourseMeta(id="c", title="C"), decks={"d": deck})
    assert course_tags(course) == ["ccsm", "ccsm-meetings", "ccsm::finance"]
    assert [card.card.id for card in study_cards(course, tag="ccsm")] == ["nrr"]  # not ccsm-meetings
    assert [card.card.id for card in study_cards(course, tag="ccsm::finance")] == ["nrr"]
