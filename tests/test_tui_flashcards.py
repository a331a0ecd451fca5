"""The flashcard screen, driven as a learner would: reveal, rate, see the schedule move, quit mid-way."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Input, Static

from courseware.core.settings import Settings
from courseware.core.store import open_store
from courseware.tui.screens.flashcards import FlashcardScreen
from courseware.tui.screens.home import HomeScreen
from tests.apphelpers import START, FakeClock, make_app, sync


def _text(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


@sync
async def test_review_cards_and_see_the_schedule_move(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, clock=clock)
    async with app.run_test() as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FlashcardScreen)
        assert _text(app, "#front") == "Renewal rate"
        assert _text(app, "#back") == ""
        await pilot.press("3")  # rating before the answer is shown does nothing
        assert app.store.reviews.history() == []
        await pilot.press("space")
        assert "Customers who renewed" in _text(app, "#back")
        assert "3 Good 10m" in _text(app, "#ratings") and "4 Easy 8d" in _text(app, "#ratings")
        assert _text(app, "#status").startswith("Left: 3 new · 0 learning · 0 review")
        await pilot.press("3")
        states = app.store.reviews.states()
        assert states["terms/renewal-rate"].due == START + timedelta(minutes=10)
        # Not the reverse direction (buried until tomorrow) but the next new card; the first is learning.
        assert _text(app, "#front") == "Churn"
        assert _text(app, "#status").startswith("Left: 1 new · 1 learning · 0 review")
        await pilot.press("space", "4")
        clock.advance(minutes=10)
        # The learning card comes back in the same session.
        assert _text(app, "#front") == "Renewal rate"
        await pilot.press("space", "3")
        assert "Session over: 3 reviewed, 3 right (100%)." in _text(app, "#front")
        assert app.store.reviews.states()["terms/renewal-rate"].due == clock.now + timedelta(days=2)
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)
        assert "0 cards due today" in _text(app, "#summary")


@sync
async def test_quitting_mid_session_keeps_every_rating(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.press("f", "space", "1", "space", "3")
        await pilot.press("ctrl+q")
    reviews = open_store(tmp_path).reviews.history()
    assert [(review.card_key, review.rating) for review in reviews] == \
        [("terms/renewal-rate", 1), ("terms/churn", 3)]
    assert open_store(tmp_path).study_time.all()[0].activity == "flashcards"


@sync
async def test_undo_takes_the_last_rating_back(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.press("f", "space", "1", "u")
        assert _text(app, "#front") == "Renewal rate"
        assert app.store.reviews.history() == []


@sync
async def test_new_cards_per_day_comes_from_the_settings(tmp_path: Path) -> None:
    app = make_app(tmp_path, settings=Settings(new_cards_per_day=1))
    async with app.run_test() as pilot:
        await pilot.press("f", "space", "4")
        assert "Session over: 1 reviewed" in _text(app, "#front")


@sync
async def test_typed_answers_show_how_close_they_were(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        app.action_drill(typed=True)
        await pilot.pause()
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*"customers who renewd / customers due", "enter")
        assert "so close: " in _text(app, "#verdict")
        assert "Customers who renewed" in _text(app, "#back")
        await pilot.press("3")
        assert app.store.reviews.history()[0].rating == 3


@sync
async def test_cram_a_tag_without_touching_the_schedule(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        app.action_drill(tag="retention", cram=True)
        await pilot.pause()
        assert "cram" in _text(app, "#status")
        for _ in range(3):
            await pilot.press("space", "3")
        assert "Session over: 3 reviewed" in _text(app, "#front")
    assert app.store.reviews.states() == {}
    assert {review.mode for review in app.store.reviews.history()} == {"cram"}


@sync
async def test_a_refused_write_is_reported_and_the_card_stays(tmp_path: Path) -> None:
    from courseware.core.store import StoreError

    app = make_app(tmp_path)
    messages: list[str] = []
    app.notify = lambda message, **_: messages.append(str(message))  # type: ignore[method-assign]

    def refuse(*_: object, **__: object) -> None:
        raise StoreError("cannot save progress: database or disk is full")

    async with app.run_test() as pilot:
        await pilot.press("f", "space")
        app.store.reviews.record = refuse  # type: ignore[method-assign]
        await pilot.press("3")
        assert messages == ["cannot save progress: database or disk is full. This was not saved."]
        assert isinstance(app.screen, FlashcardScreen) and app.screen.session.reviewed == 0
        assert _text(app, "#front") == "Renewal rate"
