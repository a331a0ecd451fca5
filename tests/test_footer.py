"""A screen covered by another leaves its footer alone, and shows its keys again once back on top."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Footer

from courseware.tui.screens.home import HomeScreen
from courseware.tui.screens.reader import ReaderScreen
from tests.apphelpers import make_app, reading, screen_text, sync, wait_for


@sync
async def test_the_home_footer_waits_under_the_reader_and_shows_its_keys_on_return(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        footer = home.query_one(Footer)
        await wait_for(pilot, lambda: "Quit" in screen_text(app).splitlines()[-1])
        keys = list(footer.children)
        await pilot.press("n")  # next step: the first module
        await wait_for(pilot, lambda: reading(app, "retention"))
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_for(pilot, lambda: "Contents" in screen_text(app).splitlines()[-1])  # the reader's own keys
        assert list(footer.children) == keys  # the covered home footer was not rebuilt
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is home and "Quit" in screen_text(app).splitlines()[-1])
        assert "Contents" not in screen_text(app)
