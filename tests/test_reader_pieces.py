"""A module opens on its first screenful and the rest follows a piece at a time, to the same page."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.containers import VerticalScroll
from textual.widgets import Markdown, Tree
from textual.widgets.tree import TreeNode

from courseware.core.paths import bundled_course
from courseware.tui.screens.reader import PIECE_LINES, Page, ReaderScreen, pieces
from tests.apphelpers import make_app, screen_text, sync, wait_for

LONGEST = max((bundled_course() / "content").glob("*.md"), key=lambda path: path.stat().st_size)
LONGEST_ID = LONGEST.read_text(encoding="utf-8").split("id:", 1)[1].split()[0]
FENCED = "# Title\n\nIntro.\n\n```\ncode\n\nmore code\n```\n\n" + "".join(f"Paragraph {n}.\n\n" for n in range(60))


@given(st.lists(st.sampled_from(["# Heading\n", "text\n", "\n", "- item\n", "```\n", "| a | b |\n"]), max_size=200),
       st.integers(1, 60), st.integers(10, 120))
def test_the_pieces_join_to_the_module(lines: list[str], rows: int, width: int) -> None:
    body = "".join(lines)
    assert "".join(pieces(body, rows, width)) == body


def test_cuts_fall_on_blank_lines_outside_code_and_the_first_piece_fills_the_screen() -> None:
    cut = pieces(FENCED, first_rows=6, width=80)
    assert len(cut) > 2
    assert all(piece.endswith("\n\n") for piece in cut[:-1])
    assert "```\ncode\n\nmore code\n```" in cut[0]  # the blank line inside the code block is not a cut
    assert cut[0].count("\n") >= 6
    assert all(piece.count("\n") >= PIECE_LINES for piece in cut[1:-1])


@sync
async def test_the_longest_module_opens_on_its_first_screen_and_keys_go_to_it_meanwhile(tmp_path: Path) -> None:
    app = make_app(tmp_path, course=bundled_course())
    module_id = LONGEST.read_text(encoding="utf-8").split("id:", 1)[1].split()[0]
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_read(module_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.shown)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert not screen.complete, "the rest of a long module is still being added after the first screen"
        assert not screen.query("#module-end")  # the end of the module is not shown before it is
        page = screen.query_one("#page", VerticalScroll)
        await pilot.press("pagedown", "pagedown", "pagedown", "down", "down")
        await wait_for(pilot, lambda: screen.complete)
        # The keys pressed meanwhile scrolled the module on, past what had been laid out when they came.
        await wait_for(pilot, lambda: page.scroll_y >= 3 * page.scrollable_content_region.height)
        markdown = screen.query_one(Markdown)
        body = screen.module.body
        assert markdown.source.rstrip() == body.rstrip()
        titles = [title for _, title, _ in markdown.table_of_contents or []]
        assert titles == [heading.text for heading in screen.module.headings]  # every heading, in order, once
        assert contents_listed(screen) == titles  # and the contents list them all
        assert screen.query_one("#module-end").display
        assert module_id not in app.store.modules.all() or not app.store.modules.all()[module_id].read


def text_rows_of(screen: str) -> list[str]:
    """The rows of a screen's text that have text, less the page's scroll bar (its thumb moves as the page
    grows)."""
    return [row for line in screen.splitlines() if (row := line.rstrip("▁▂▃▄▅▆▇█▔ "))]


def contents_listed(screen: ReaderScreen) -> list[str]:
    """The headings the contents panel lists, top to bottom (each label is a numeral and the title)."""
    def walk(node: TreeNode[object]) -> list[str]:
        return [title for child in node.children
                for title in [str(child.label).split(" ", 1)[1], *walk(child)]]
    return walk(screen.query_one("#toc Tree", Tree).root)


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])
@sync
async def test_the_first_screen_is_laid_out_and_painted_full_of_the_module_when_shown(
        tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path, course=bundled_course())
    async with app.run_test(size=size) as pilot:
        screen = ReaderScreen(LONGEST_ID)
        at_first: list[tuple[str, int, int]] = []

        def shown(now: bool) -> None:
            if now:
                page = screen.query_one("#page", VerticalScroll)
                at_first.append((screen_text(app), screen.query_one(Markdown).outer_size.height,
                                 page.scrollable_content_region.height))

        screen.watch(screen, "shown", shown, init=False)
        app.push_screen(screen)
        await wait_for(pilot, lambda: screen.complete and screen._ready)
        painted, text_rows, page_rows = at_first[0]
        assert page_rows > 0 and text_rows >= page_rows  # the module's text reaches the page's last row
        # The top of the module, under the header (and the scroll bar's thumb, at the top of a long page).
        assert any(screen.module.title in line for line in painted.splitlines()[1:3])
        if not screen.query_one("#toc").display:  # the page alone: what was painted first is what stays
            once_complete = text_rows_of(screen_text(app))[:-1]  # less the footer, added after
            assert text_rows_of(painted)[:len(once_complete)] == once_complete


@sync
async def test_the_contents_asked_for_before_they_are_added_open_once_they_are(tmp_path: Path) -> None:
    app = make_app(tmp_path, course=bundled_course())
    async with app.run_test(size=(80, 24)) as pilot:
        screen = ReaderScreen(LONGEST_ID)
        app.push_screen(screen)
        assert not screen.query("#toc")
        await pilot.press("t")
        await wait_for(pilot, lambda: screen.complete)
        toc = screen.query_one("#toc")
        await wait_for(pilot, lambda: toc.display and toc.has_focus_within)
        assert contents_listed(screen) == [heading.text for heading in screen.module.headings]


@sync
async def test_scrolling_while_the_module_arrives_wins_over_the_saved_place(tmp_path: Path) -> None:
    app = make_app(tmp_path, course=bundled_course())
    app.store.modules.save_position(LONGEST_ID, scroll=0.8)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_read(LONGEST_ID)
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.shown)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and not screen.complete
        await pilot.press("pagedown", "pagedown")
        page = screen.query_one("#page", VerticalScroll)
        await wait_for(pilot, lambda: screen.complete and screen._ready)
        await pilot.pause()
        assert 0 < page.scroll_y < 0.5 * page.max_scroll_y  # where the keys took it, not 80% down


@sync
async def test_keys_arriving_together_each_scroll_a_line(tmp_path: Path) -> None:
    """A burst of keys (one held down, or typed ahead in one read of the terminal) is handled before the next
    refresh: each must move the page, not all of them the same one line."""
    app = make_app(tmp_path, course=bundled_course())
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_read(LONGEST_ID)
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.complete)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        page = screen.query_one("#page", Page)
        for _ in range(3):
            page.action_scroll_down()  # what the "down" key runs
            screen.action_scroll_down()  # and "j"
        assert page.scroll_y == 6
        screen.action_scroll_up()
        assert page.scroll_y == 5
