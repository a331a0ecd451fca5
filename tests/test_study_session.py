"""What a learner can believe in a flashcard session: counts that match the home screen, siblings kept
apart, undo back to the start, suspended cards left out, and rebound keys shown in the rating line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Static

from courseware.core.course.loader import load_course
from courseware.core.settings import Settings
from courseware.core.store import open_store
from courseware.core.study.dashboard import build_dashboard
from courseware.core.study.flashcards import StudySession
from courseware.core.study.scheduling import AGAIN, EASY, GOOD, Schedule, study_cards
from courseware.tui.screens.flashcards import FlashcardScreen
from tests.apphelpers import MINI, START, FakeClock, make_app, sync
from tests.quiz_helpers import wait_for


def test_home_and_a_session_count_the_same_cards(tmp_path: Path) -> None:
    course = load_course(MINI)
    store = open_store(tmp_path)
    schedule = Schedule(course, store, fuzzing=False)
    churn = study_cards(course)[2]
    due = schedule.rate(churn, EASY, START - timedelta(days=10))
    later = due + timedelta(hours=1)
    board = build_dashboard(course, store, later, new_per_day=20)
    session = StudySession.start(Schedule(course, store, fuzzing=False), study_cards(course))
    counts = session.counts(later)
    assert (board.cards_due, board.new_cards) == (counts.learning + counts.review, counts.new) == (1, 2)
    assert (counts.learning, counts.review) == (0, 1)


def test_a_learning_step_that_comes_back_is_counted_as_learning(tmp_path: Path) -> None:
    course = load_course(MINI)
    schedule = Schedule(course, open_store(tmp_path), fuzzing=False)
    session = StudySession.start(schedule, study_cards(course))
    assert session.counts(START).new == 3
    session.rate(AGAIN, START)  # back in a minute: still part of this session
    counts = session.counts(START)
    assert (counts.new, counts.learning, counts.review) == (1, 1, 0)  # the reverse waits for tomorrow


def test_both_directions_of_a_card_are_not_shown_the_same_day(tmp_path: Path) -> None:
    course = load_course(MINI)
    schedule = Schedule(course, open_store(tmp_path), fuzzing=False)
    session = StudySession.start(schedule, study_cards(course))
    shown = []
    now = START
    while (card := session.current(now)) is not None:
        shown.append(card.key)
        session.rate(EASY, now)
    assert "terms/renewal-rate:reverse" not in shown and shown[0] == "terms/renewal-rate"
    tomorrow = START + timedelta(days=1)
    following = StudySession.start(schedule, study_cards(course))
    assert following.current(tomorrow) is not None
    assert following.current(tomorrow).key == "terms/renewal-rate:reverse"  # type: ignore[union-attr]


def test_undo_goes_back_as_many_steps_as_the_session_has(tmp_path: Path) -> None:
    course = load_course(MINI)
    store = open_store(tmp_path)
    schedule = Schedule(course, store, fuzzing=False)
    session = StudySession.start(schedule, study_cards(course))
    first = session.current(START)
    session.rate(GOOD, START)
    session.rate(EASY, START)
    session.rate(EASY, START + timedelta(minutes=10))
    assert len(store.reviews.history()) == 3
    for _ in range(3):
        session.undo()
    assert store.reviews.history() == [] and store.reviews.states() == {}
    assert not session.can_undo() and session.current(START) == first and session.reviewed == 0


def test_a_suspended_card_leaves_the_session_until_unsuspended(tmp_path: Path) -> None:
    course = load_course(MINI)
    store = open_store(tmp_path)
    schedule = Schedule(course, store, fuzzing=False)
    cards = study_cards(course)
    session = StudySession.start(schedule, cards)
    session.suspend(cards[0], START)
    assert session.current(START) == cards[1] or session.current(START) == cards[2]
    assert StudySession.start(schedule, cards).counts(START).new == 2
    schedule.unsuspend(cards[0])
    assert StudySession.start(schedule, cards).current(START) == cards[0]


@sync
async def test_a_rebound_rating_key_shows_in_the_rating_line(tmp_path: Path) -> None:
    app = make_app(tmp_path, clock=FakeClock(), settings=Settings(keys={"rate-good": "g", "reveal": "r"}))
    async with app.run_test() as pilot:
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FlashcardScreen))
        ratings = app.screen.query_one("#ratings", Static)
        assert str(ratings.render()) == "r: show the answer"
        await pilot.press("r")
        await wait_for(pilot, lambda: "g Good" in str(ratings.render()))
        assert "3 Good" not in str(ratings.render())
        await pilot.press("g")
        await wait_for(pilot, lambda: [review.rating for review in app.store.reviews.history()] == [3])


@sync
async def test_typed_answers_have_a_footer_and_q_types_there(tmp_path: Path) -> None:
    app = make_app(tmp_path, clock=FakeClock())
    async with app.run_test() as pilot:
        app.action_drill(typed=True)
        await wait_for(pilot, lambda: isinstance(app.screen, FlashcardScreen) and app.focused is not None
                       and app.focused.id == "answer")
        keys = {binding.binding.description for binding in app.screen.active_bindings.values()
                if binding.binding.show}
        assert {"Check", "Back", "Help"} <= keys
        await pilot.press("q", "question_mark")
        assert isinstance(app.screen, FlashcardScreen)
        assert app.screen.query_one("#answer").value == "q?"  # type: ignore[attr-defined]


@sync
async def test_nothing_to_review_and_q_goes_back(tmp_path: Path) -> None:
    app = make_app(tmp_path, clock=FakeClock(), settings=Settings(new_cards_per_day=0))
    async with app.run_test() as pilot:
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FlashcardScreen))
        assert "Nothing to review right now." in str(app.screen.query_one("#front", Static).render())
        await pilot.press("q")
        await wait_for(pilot, lambda: not isinstance(app.screen, FlashcardScreen))


@sync
async def test_on_a_calculator_question_mark_types_and_keeps_the_example_and_f1_helps(tmp_path: Path) -> None:
    from textual.widgets import Input

    from courseware.tui.screens.calculator_form import CalculatorScreen
    from courseware.tui.screens.help import HelpScreen

    app = make_app(tmp_path, clock=FakeClock())
    async with app.run_test() as pilot:
        app.push_screen(CalculatorScreen("retention"))
        await wait_for(pilot, lambda: isinstance(app.focused, Input))
        field = app.focused
        assert isinstance(field, Input)
        example = field.value
        assert example
        await pilot.press("question_mark", "q")
        assert field.value == example + "?q" and isinstance(app.screen, CalculatorScreen)
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))


@sync
async def test_a_rebound_back_key_shows_in_the_glossary_hint(tmp_path: Path) -> None:
    app = make_app(tmp_path, clock=FakeClock(), settings=Settings(keys={"back": "x"}))
    async with app.run_test() as pilot:
        app.action_glossary("churn")
        await wait_for(pilot, lambda: bool(app.screen.query(".hint")))
        assert str(app.screen.query_one(".hint", Static).render()) == "x, esc or enter to close"
        await pilot.press("x")
        await wait_for(pilot, lambda: not app.screen.query(".hint"))
