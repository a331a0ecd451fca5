"""The home dashboard and the reader, driven as a learner would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Static

from courseware.core.store import open_store
from courseware.tui.screens.glossary import GlossaryScreen
from courseware.tui.screens.home import HomeScreen
from courseware.tui.screens.reader import ReaderScreen
from tests.apphelpers import MINI as MINI_COURSE
from tests.apphelpers import make_app, sync
from tests.quiz_helpers import wait_for


def _summary(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#summary", Static).render())


@sync
async def test_home_lists_modules_and_suggests_the_first(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        assert isinstance(app.screen, HomeScreen)
        menu = app.screen.query_one("#menu", OptionList)
        prompts = [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
        assert any("1. Retention and churn" in p for p in prompts)
        assert any("2. Growth" in p for p in prompts)
        assert "▶ Next: Start module 1: Retention and churn" in prompts[0]
        assert "3 new" in _summary(app)
        await pilot.press("q")
    assert app._exit_renderables == [] and not app.is_running


@sync
async def test_reading_to_the_end_marks_the_module_read(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.press("n")  # next step: start module 1
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen._ready)
        page = app.screen.query_one("#page", VerticalScroll)
        assert page.max_scroll_y > 0, "the module is longer than a 12-line terminal"
        assert "retention" not in app.store.modules.all()  # only opened: not started yet
        await pilot.press("end")  # jumping to the end is not reading
        await wait_for(pilot, lambda: page.scroll_y >= page.max_scroll_y - 1)
        await pilot.press("home")
        await wait_for(pilot, lambda: page.scroll_y == 0)
        await wait_for(pilot, lambda: "retention" in app.store.modules.all())  # scrolled: started
        assert not app.store.modules.all()["retention"].read
        while page.scroll_y < page.max_scroll_y - 1:  # a screenful after another
            moved = scrolled_past(page, page.scroll_y)
            await pilot.press("pagedown")
            await wait_for(pilot, moved)
        await wait_for(pilot, lambda: app.store.modules.all()["retention"].read)
        await pilot.press("right_square_bracket")  # paging on to module 2 and straight back out
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.module_id == "growth")
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        menu = app.screen.query_one("#menu", OptionList)
        assert "✓ read" in str(menu.get_option("module:retention").prompt)
        assert "reading" not in str(menu.get_option("module:growth").prompt)


def scrolled_past(page: VerticalScroll, before: float) -> Callable[[], bool]:
    return lambda: page.scroll_y > before


def scrolled(app: App[None]) -> bool:
    """Whether the reader on top has been scrolled down (it may still be mounting)."""
    pages = app.screen.query("#page").results(VerticalScroll)
    return any(page.scroll_y > 0 for page in pages)


def laid_out(app: App[None]) -> bool:
    """Whether the reader on top has its module laid out, taller than the window."""
    pages = app.screen.query("#page").results(VerticalScroll)
    return any(page.max_scroll_y > 0 for page in pages)


@sync
async def test_reader_remembers_the_place(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 12)) as pilot:
        app.action_read("retention")
        await wait_for(pilot, lambda: laid_out(app))
        await pilot.press("n", "n", "n")  # title, "Renewal rate", "Summary"
        await wait_for(pilot, lambda: scrolled(app))
        await pilot.pause(0.8)
        await pilot.press("q")
    saved = open_store(tmp_path).modules.all()["retention"]
    assert saved.scroll > 0 and saved.anchor == "summary"
    again = make_app(tmp_path)
    async with again.run_test(size=(80, 12)) as pilot:
        again.action_read("retention")
        # The place is restored once the Markdown has been laid out, which takes longer on a busy machine.
        await wait_for(pilot, lambda: isinstance(again.screen, ReaderScreen) and scrolled(again))


@sync
async def test_links_open_modules_and_glossary_cards(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        app.action_read("retention")
        await pilot.pause(0.3)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.follow("glossary:renewal-rate")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        assert "Customers who renewed" in str(app.screen.query_one("#glossary-back", Static).render())
        await pilot.press("escape")
        assert app.screen is reader
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("down", "enter")  # the second link: module growth
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReaderScreen) and app.screen.module_id == "growth"
        await pilot.press("left_square_bracket")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReaderScreen) and app.screen.module_id == "retention"


def test_the_home_screen_loads_neither_markdown_nor_fsrs(tmp_path: Path) -> None:
    """Start-up pays only for the first screen: the reader's Markdown and FSRS load when first used."""
    import subprocess
    import sys

    script = (
        "import asyncio, sys\n"
        "from pathlib import Path\n"
        "from courseware.tui.app import create_app\n"
        f"app = create_app(course_root=Path({str(MINI_COURSE)!r}), data_root=Path({str(tmp_path)!r}))\n"
        "async def main():\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.pause()\n"
        "asyncio.run(main())\n"
        "print(sorted(m for m in sys.modules if m == 'fsrs' or m.startswith(('fsrs.', 'markdown_it', "
        "'textual.widgets._markdown'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@sync
async def test_a_module_link_with_a_heading_opens_that_module_at_the_heading(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(80, 10)) as pilot:
        app.action_read("retention")
        await pilot.pause(0.3)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        reader.follow("module:growth#land-and-expand")
        await pilot.pause(0.5)
        growth = app.screen
        assert isinstance(growth, ReaderScreen) and growth.module_id == "growth"
        assert growth.query_one("#page", VerticalScroll).scroll_y > 0


@sync
async def test_no_color_runs_in_monochrome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path)
    async with app.run_test():
        assert app.no_color
        assert isinstance(app.screen, HomeScreen)


@sync
async def test_the_links_list_names_the_card_and_the_module_not_the_raw_target(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_read("retention")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen._ready)
        await pilot.press("l")
        await wait_for(pilot, lambda: bool(app.screen.query(OptionList)))
        menu = app.screen.query_one(OptionList)
        shown = [str(menu.get_option_at_index(index).prompt) for index in range(menu.option_count)]
        assert shown == ["Glossary: Renewal rate", "Module 2: Growth § land and expand"]
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.module_id == "growth")
