"""Across the app: help, command palette, settings applied, safe course text, bad files and stores."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import CommandList
from textual.widgets import OptionList, Static

from courseware.core.settings import Settings
from courseware.core.store import open_store
from courseware.tui.screens.flashcards import FlashcardScreen
from courseware.tui.screens.help import HelpScreen
from courseware.tui.screens.home import HomeScreen
from courseware.tui.screens.stats import StatsScreen
from tests.apphelpers import MINI, make_app, reading, sync, wait_for


def palette_offers(app: App[Any], text: str) -> bool:
    """Whether the command palette is open and the command enter would run (the highlighted or first) names
    ``text``."""
    lists = app.screen.query(CommandList)
    if not lists or not lists.first().option_count:
        return False
    commands = lists.first()
    return text in str(commands.get_option_at_index(commands.highlighted or 0).prompt)


def _spy_notifications(app: Any) -> list[str]:
    messages: list[str] = []
    app.notify = lambda message, **_: messages.append(str(message))
    return messages


@sync
async def test_help_lists_the_bindings_of_the_screen_and_q_and_escape_go_back(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.press("f")
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows()
        assert ("space", "Reveal", "reveal") in rows and ("3", "Good", "rate-good") in rows
        assert ("q", "Back", "back") in rows and ("esc", "Back", "back-escape") in rows
        assert ("?", "Help", "help") in rows and ("u", "Undo", "undo") in rows
        await pilot.press("escape")
        assert isinstance(app.screen, FlashcardScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("q")
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_command_palette_opens_a_module(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"open module 2")
        await wait_for(pilot, lambda: palette_offers(app, "Open module 2"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: reading(app, "growth"))


@sync
async def test_settings_rebind_keys_and_bad_ones_are_reported(tmp_path: Path) -> None:
    settings = Settings(learner_name="Ada", theme="no-such-theme", keys={"reveal": "r", "nonsense": "x"})
    app = make_app(tmp_path, settings=settings)
    messages = _spy_notifications(app)
    async with app.run_test() as pilot:
        assert app.settings.learner_name == "Ada"
        # The very first launch: nothing studied yet, so no "back".
        assert str(app.screen.query_one("#summary", Static).render()).startswith("Welcome, Ada.")
        assert any("theme: unknown theme 'no-such-theme'" in message for message in messages)
        assert any("unknown binding id 'nonsense'" in message for message in messages)
        await pilot.press("f", "r")
        assert "Customers who renewed" in str(app.screen.query_one("#back", Static).render())


@sync
async def test_course_text_cannot_restyle_the_screen_and_a_broken_file_is_named(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(MINI, course)
    module = course / "content" / "02-growth.md"
    module.write_text(module.read_text(encoding="utf-8").replace(
        "title: Growth", 'title: "[bold red]Growth\\e[2J"'), encoding="utf-8")
    (course / "quizzes" / "broken.yaml").write_text("kind: quiz\nid: [oops\n", encoding="utf-8")
    app = make_app(tmp_path / "data", course=course)
    messages = _spy_notifications(app)
    async with app.run_test() as pilot:
        await wait_for(pilot, lambda: bool(messages))  # found by the whole load, after the first paint
        assert messages == ["Some course files have problems: quizzes/broken.yaml. Broken ones were skipped; "
                            "`courseware validate` lists every problem."]
        menu = app.screen.query_one("#menu", OptionList)
        prompt = menu.get_option("module:growth").prompt
        assert "[bold red]Growth" in str(prompt)
        app.action_read("growth")
        await wait_for(pilot, lambda: reading(app, "growth"))
        assert app.screen.title == "2. [bold red]Growth^[[2J"  # the escape is shown, never obeyed
        await pilot.press("q", "ctrl+p", *"bold red")
        await wait_for(pilot, lambda: palette_offers(app, "[bold red]Growth"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: reading(app, "growth"))


@sync
async def test_a_corrupt_store_is_moved_aside_with_a_message_and_the_app_works(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "progress.sqlite3").write_bytes(b"this is not a database" * 100)
    app = make_app(tmp_path)
    messages = _spy_notifications(app)
    async with app.run_test() as pilot:
        assert len(messages) == 1 and "could not be read" in messages[0] and "moved to" in messages[0]
        await pilot.press("f", "space", "3")
    assert len(open_store(tmp_path).reviews.history()) == 1


@sync
async def test_a_populated_store_shows_progress_on_the_home_screen(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.modules.mark_read("retention")
    attempt = store.attempts.start("quiz", "retention-quiz")
    store.attempts.finish(attempt, earned=11, possible=20, passed=False)
    store.close()
    app = make_app(tmp_path)
    async with app.run_test():
        row = str(app.screen.query_one("#menu", OptionList).get_option("module:retention").prompt)
        assert "✓ read" in row and "55%" in row
        next_step = str(app.screen.query_one("#menu", OptionList).get_option("next").prompt)
        assert "Next: Retake the quiz: Retention quiz (best 55%)" in next_step
        assert str(app.screen.query_one("#summary", Static).render()).startswith("Welcome back.")


@sync
async def test_pick_a_tag_to_cram_from_the_deck_picker(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.press("d")
        picker = app.screen
        labels = [label for label, _ in picker.choices]  # type: ignore[attr-defined]
        assert "Tag #retention: cram every card" in labels
        menu = picker.query_one(OptionList)
        menu.highlighted = labels.index("Tag #retention: cram every card")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FlashcardScreen) and app.screen.cram and app.screen.tag == "retention"


@sync
async def test_leeches_are_shown_on_the_home_screen_and_can_be_drilled(tmp_path: Path) -> None:
    from courseware.core.study.scheduling import AGAIN, EASY, Schedule, study_cards

    app = make_app(tmp_path)
    schedule = Schedule(app.course, app.store, fuzzing=False)
    churn = study_cards(app.course)[2]
    when = app.clock()
    for _ in range(schedule.leech_lapses):
        when = schedule.rate(churn, EASY, when)
        when = schedule.rate(churn, AGAIN, when)
    async with app.run_test() as pilot:
        assert "1 leech" in str(app.screen.query_one("#summary", Static).render())
        leeches = str(app.screen.query_one("#menu", OptionList).get_option("leeches").prompt)
        assert "Churn" in leeches
        app.screen.open("leeches")  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(app.screen, FlashcardScreen) and app.screen.card_ids == ["churn"] and app.screen.cram
        assert str(app.screen.query_one("#front", Static).render()) == "Churn"


@sync
async def test_settings_file_problems_are_located(tmp_path: Path) -> None:
    from courseware.core.settings import parse_settings

    path = tmp_path / "settings.toml"
    loaded = parse_settings('theme = "nope"\n\n[keys]\nreveal = "r"\nbogus = "x"\n', path)
    app = make_app(tmp_path)
    app = type(app)(app.course, app.store, clock=app.clock, settings=loaded, fuzzing=False)
    messages = _spy_notifications(app)
    async with app.run_test():
        # Every problem in one notification, one line each, in the order of the file.
        assert len(messages) == 1
        lines = messages[0].splitlines()
        assert lines[0].startswith(f"{path}:1: theme: unknown theme 'nope'")
        assert lines[1].startswith(f"{path}:5: keys: unknown binding id 'bogus'")
        assert app.applied_keymap == {"reveal": "r"}


@sync
async def test_the_statistics_screen_shows_the_reviews_just_made(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.press("f", "space", "3", "q", "s")
        assert isinstance(app.screen, StatsScreen)
        text = str(app.screen.query_one("#report", Static).render())
        assert "Flashcards: 1 review, 1 of 3 card directions seen" in text
        assert "1. Retention and churn" in text


@sync
async def test_q_does_what_escape_does_on_screens_that_bind_only_escape(tmp_path: Path) -> None:
    from textual.binding import Binding
    from textual.screen import Screen

    class EscapeOnly(Screen[None]):
        BINDINGS = [Binding("escape", "leave", "Leave", id="test-leave")]
        left = False

        def action_leave(self) -> None:
            EscapeOnly.left = True
            self.app.pop_screen()

    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await app.push_screen(EscapeOnly())
        await pilot.press("q")
        assert EscapeOnly.left and isinstance(app.screen, HomeScreen)
