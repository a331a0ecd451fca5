"""The module reader: Markdown with a table of contents, section and module navigation, and links.

The learner's place (scroll fraction and section) is saved as they read and restored when they come
back. A module is marked read when the learner has scrolled through it to the end, one screenful
after another: jumping to the end (End) or paging past the module (]) does not count, and a module only
opened and left at once is not "started". ``module:`` and ``glossary:`` links stay inside the app.
"""

from __future__ import annotations

import asyncio
import time

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Header, Markdown, Static, Tree
from textual.widgets.markdown import MarkdownTableOfContents

from courseware.core.course.course import Module
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.context import Courseware, courseware_of
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer

#: Narrower terminals hide the table of contents until the learner asks for it (t).
TOC_MIN_WIDTH = 100
SAVE_DELAY = 0.5
#: Longest stretch counted as reading per visit: a learner who walked away is not studying.
MAX_VISIT_SECONDS = 3600
#: A module is shown in pieces of about this many lines (the first about one screenful), so its
#: first screenful is painted before the rest is parsed and laid out, however long the module. Each piece
#: lays the page out again, so fewer, larger pieces finish sooner; 80 lines also keeps the longest wait for
#: a key pressed meanwhile shortest (measured on the longest bundled module: 40 lines, 102 ms; 80, 68 ms;
#: all the rest at once, 101 ms).
PIECE_LINES = 80


def pieces(body: str, first_rows: int, width: int, size: int = PIECE_LINES) -> list[str]:
    """``body`` cut at blank lines outside code fences: a first piece that fills about ``first_rows`` rows of
    ``width`` columns once wrapped, then pieces of at least ``size`` lines. Joined again they are ``body``; the
    Markdown widget re-reads the block a cut ends in when the next piece is appended, so a cut never splits
    what is shown."""
    cuts: list[str] = []
    lines = body.splitlines(keepends=True)
    start, fence, rows = 0, "", 0
    for index, line in enumerate(lines):
        marker = line.lstrip()[:3]
        if marker in ("```", "~~~"):
            fence = "" if fence == marker else fence or marker
        rows += 1 + len(line.rstrip()) // max(width, 1)
        enough = rows >= first_rows if not cuts else index + 1 - start >= size
        if not fence and not line.strip() and enough:
            cuts.append("".join(lines[start:index + 1]))
            start = index + 1
    if start < len(lines):
        cuts.append("".join(lines[start:]))
    return cuts or [""]


def wrapped_rows(text: str, width: int) -> int:
    """About how many rows ``text`` takes once wrapped to ``width`` columns (each line, and its overflow)."""
    return sum(1 + len(line.rstrip()) // max(width, 1) for line in text.splitlines())


class Page(VerticalScroll):
    """The module's page. Home and End jump at once (no animation through the text between), so a jump
    to the end is told apart from scrolling through the module."""

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    def action_scroll_down(self) -> None:
        # At once, not after the next refresh: keys arriving together (held down, or typed ahead) each count.
        self.scroll_down(animate=False, immediate=True)

    def action_scroll_up(self) -> None:
        self.scroll_up(animate=False, immediate=True)


class ReaderScreen(Screen[None]):
    """One module, read top to bottom."""

    # Default CSS (still scoped to this screen) is added to the app's stylesheet as it stands, where a
    # screen's CSS makes Textual parse the whole stylesheet again and restyle every widget of every screen
    # the first time the screen opens.
    DEFAULT_CSS = screen_css("reader.tcss")
    BINDINGS = bindings.READER

    #: Whether the module's first screenful has been laid out and painted (watchable, so the moment it is
    #: can be checked); ``complete`` says when all of the module has been.
    shown: var[bool] = var(False)

    def __init__(self, module_id: str, *, anchor: str | None = None) -> None:
        super().__init__()
        self.module_id = module_id
        self._anchor = anchor
        self._ready = False
        self._save_timer: Timer | None = None
        self._marked_read = False
        #: The stretch of the page seen this visit, grown only by scrolling on from what was seen.
        self._seen: tuple[float, float] | None = None
        #: Whether the learner has scrolled this visit (a module only opened is not "started").
        self._moved = False
        self._opened: float | None = time.monotonic()
        self.complete = False
        #: Whether the learner asked for the contents before they were added (t pressed at once).
        self._contents_asked = False

    @property
    def courseware(self) -> Courseware:
        return courseware_of(self.app)

    @property
    def module(self) -> Module:
        # As far as the course has loaded: its modules are all there from the first paint, and opening one
        # must not wait for the quizzes and cards still being checked in the background.
        module = self.courseware.course_so_far.module(self.module_id)
        assert module is not None, "ReaderScreen is only opened for a module of the course"
        return module

    def compose(self) -> ComposeResult:
        module = self.module
        self.title = f"{module.meta.order}. {printable(module.title)}"
        markdown = Markdown(open_links=False, id="document")
        yield Header()
        with Horizontal(id="columns"):
            if self._contents_beside():  # beside the page, they are part of the first screen
                yield self._contents(markdown)
            with Page(id="page"):
                yield markdown
                # Room for the text still to come, so a key scrolling on before it is laid out is not lost
                # at the end of the first screen; it shrinks as the pieces arrive and goes when all have.
                yield Static(id="still-to-come")
        # The footer, the contents over a narrow page and the end of the module are added after the first
        # screenful (see _show_module): none of them is module text, and the footer alone would cost more
        # than the text, being composed again for every change of bindings while the screen is set up.

    def _text_width(self) -> int:
        """The page's width for its text before it is laid out: the terminal's less the padding and scroll bar
        (and the contents beside it, if they are)."""
        width = self.app.size.width
        return width - (width // 3 if self._contents_beside() else 0) - 6

    def _pieces(self) -> list[str]:
        """The module cut for the terminal it opens in (its height less the header and footer)."""
        return pieces(printable(self.module.body), first_rows=self.app.size.height - 2, width=self._text_width())

    def _contents_beside(self) -> bool:
        return self.app.size.width >= TOC_MIN_WIDTH

    def _contents(self, markdown: Markdown) -> MarkdownTableOfContents:
        toc = MarkdownTableOfContents(markdown, id="toc")
        toc.display = self._contents_beside()
        toc.set_class(not toc.display, "overlay")
        return toc

    def _module_end(self) -> Vertical:
        module = self.module
        quizzes = self.courseware.course.quizzes_for_module(module.id)
        buttons: list[Widget] = []
        if quizzes:
            buttons.append(Button(Text(f"Take the quiz: {printable(quizzes[0].title)}"), id="take-quiz",
                                  variant="primary"))
        if self._neighbour(1) is not None:
            buttons.append(Button("Next module", id="next-module"))
        return Vertical(Static(f"End of module {module.meta.order}.", markup=False), *buttons, id="module-end")

    def on_mount(self) -> None:
        self.query_one("#page").focus()
        progress = self.courseware.store.modules.all().get(self.module_id)
        self._marked_read = bool(progress and progress.read)
        self.run_worker(self._show_module(), group="reader")

    async def _show_module(self) -> None:
        """Pieces until the page is full, painted; then the footer and the contents; then the rest, a piece at
        a time, so keys pressed meanwhile reach the page (which has the focus) between pieces."""
        markdown = self.query_one(Markdown)
        page = self.query_one("#page", VerticalScroll)
        still_to_come = self.query_one("#still-to-come", Static)
        rest = self._pieces()
        still_to_come.styles.height = wrapped_rows("".join(rest[1:]), self._text_width())
        await markdown.append(rest.pop(0))
        await self._refreshed()
        while rest and markdown.outer_size.height < page.scrollable_content_region.height:
            # The guess fell short: now the page is laid out, add what fills the rows still empty.
            region = page.scrollable_content_region
            rest = pieces("".join(rest), region.height - markdown.outer_size.height, region.width)
            await markdown.append(rest.pop(0))
            await self._refreshed()
        self.shown = True
        await self._refreshed()  # the first screen is seen before anything else is added
        footer = Footer()
        await self.mount(footer)
        if not footer.is_mounted:  # the learner left at once (the screen is being removed)
            return
        self.refresh_bindings()
        toc = next(iter(self.query(MarkdownTableOfContents).results()), None)
        if toc is None:
            toc = self._contents(markdown)
            await self.query_one("#columns").mount(toc, before=page)
            if not toc.is_mounted:
                return
        toc.table_of_contents = markdown.table_of_contents
        if self._contents_asked:
            self.action_toggle_contents()
        for number, piece in enumerate(rest, 1):
            await markdown.append(piece)
            still_to_come.styles.height = wrapped_rows("".join(rest[number:]), page.scrollable_content_region.width)
        await still_to_come.remove()
        await page.mount(self._module_end())
        self.complete = True
        self.call_after_refresh(self._restore)

    async def _refreshed(self) -> None:
        painted = asyncio.get_running_loop().create_future()
        self.call_after_refresh(painted.set_result, None)
        await painted

    def _saved_fraction(self) -> float:
        """How far down the learner was, as a fraction, so a different terminal size lands nearby."""
        progress = self.courseware.store.modules.all().get(self.module_id)
        return progress.scroll if progress else 0.0

    @on(Markdown.TableOfContentsUpdated)
    def _contents_ready(self, event: Markdown.TableOfContentsUpdated) -> None:
        event.stop()
        for toc in self.query(MarkdownTableOfContents).results():  # none before the first screen is painted
            toc.table_of_contents = event.table_of_contents
        if self.complete:
            self.call_after_refresh(self._restore)

    def _restore(self) -> None:
        """Back to the saved place (or the anchor asked for), once the whole module is laid out."""
        if self._ready:
            return
        page = self.query_one("#page", VerticalScroll)
        fraction = self._saved_fraction()
        read_on = page.scroll_y > 0  # the learner scrolled while the module was still arriving
        self._moved = self._moved or read_on
        if self._anchor:
            self.query_one(Markdown).goto_anchor(self._anchor)
        elif fraction > 0 and not read_on:
            page.scroll_to(y=round(fraction * page.max_scroll_y), animate=False, immediate=True)
        self._ready = True
        self.watch(page, "scroll_y", self._scrolled, init=False)
        self.call_after_refresh(self._start_seen)

    def _start_seen(self) -> None:
        pages = self.query("#page").results(VerticalScroll)
        page = next(iter(pages), None)
        if page is None:  # a link already replaced this reader with another before it was laid out
            return
        self._seen = (page.scroll_y, page.scroll_y + page.scrollable_content_region.height)
        self._check_end()

    def _scrolled(self, _: float) -> None:
        if not self._ready:
            return
        self._moved = True
        self._check_end()
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_position)

    def _extend_seen(self) -> None:
        """Grow the stretch seen when the new view touches it; a jump past it starts nothing new."""
        page = self.query_one("#page", VerticalScroll)
        top, bottom = page.scroll_y, page.scroll_y + page.scrollable_content_region.height
        if self._seen is None:
            self._seen = (top, bottom)
        elif top <= self._seen[1] and bottom >= self._seen[0]:
            self._seen = (min(top, self._seen[0]), max(bottom, self._seen[1]))

    def _check_end(self) -> None:
        if not self.is_attached:  # a link switched to another module before this check, due after a refresh, ran
            return
        page = self.query_one("#page", VerticalScroll)
        self._extend_seen()
        seen_to_end = self._seen is not None and self._seen[1] >= page.max_scroll_y + \
            page.scrollable_content_region.height - 1
        if not self._marked_read and seen_to_end:
            self._marked_read = True
            with self.courseware.saving():
                self.courseware.store.modules.mark_read(self.module_id)
                self.notify(f"Module {self.module.meta.order} marked read.", timeout=3)

    def save_position(self) -> None:
        """Save the place, once the learner has moved in the module (opening and leaving is not reading)."""
        if not self._ready or not self._moved:
            return
        page = self.query_one("#page", VerticalScroll)
        fraction = page.scroll_y / page.max_scroll_y if page.max_scroll_y else 0.0
        with self.courseware.saving():
            self.courseware.store.modules.save_position(self.module_id, scroll=fraction,
                                                        anchor=self._current_slug())

    def on_screen_suspend(self) -> None:
        self.save_position()
        self._record_time()

    def on_screen_resume(self) -> None:
        self._opened = time.monotonic()

    def _record_time(self) -> None:
        if self._opened is None:
            return
        seconds = min(time.monotonic() - self._opened, MAX_VISIT_SECONDS)
        self._opened = None
        with self.courseware.saving():
            self.courseware.store.study_time.add("reading", self.module_id, started_at=self.courseware.clock(),
                                                 seconds=seconds)

    def on_unmount(self) -> None:
        self._record_time()

    # Sections.

    def _heading_offsets(self) -> list[tuple[int, str, Widget]]:
        """(y within the page, title, widget) of every heading, top to bottom.

        Scrolling goes to these offsets directly: ``scroll_to_widget`` leaves a heading that is already
        visible where it is, and "next section" should bring it to the top.
        """
        markdown = self.query_one(Markdown)
        top = markdown.virtual_region.y
        headings = []
        for _, title, block_id in markdown.table_of_contents or []:
            widget = markdown.query_one(f"#{block_id}")
            headings.append((top + widget.virtual_region.y, title, widget))
        return headings

    def _current_slug(self) -> str | None:
        from courseware.core.course.course import slugify

        scroll_y = self.query_one("#page", VerticalScroll).scroll_y
        current = [title for y, title, _ in self._heading_offsets() if y <= scroll_y + 1]
        return slugify(current[-1]) if current else None

    def action_next_section(self) -> None:
        page = self.query_one("#page", VerticalScroll)
        following = [y for y, _, _ in self._heading_offsets() if y > page.scroll_y + 1]
        if following:
            page.scroll_to(y=following[0], animate=False)
        else:
            page.scroll_end(animate=False)

    def action_previous_section(self) -> None:
        page = self.query_one("#page", VerticalScroll)
        before = [y for y, _, _ in self._heading_offsets() if y < page.scroll_y - 1]
        if before:
            page.scroll_to(y=before[-1], animate=False)
        else:
            page.scroll_home(animate=False)

    def action_scroll_down(self) -> None:
        self.query_one("#page", Page).action_scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#page", Page).action_scroll_up()

    def action_toggle_contents(self) -> None:
        """Show the contents and put the cursor in them (arrows move, enter goes); again hides them."""
        if not self.query("#toc"):  # not added yet: done once they are
            self._contents_asked = not self._contents_asked
            return
        toc = self.query_one("#toc")
        if toc.display and not toc.has_focus_within and self.app.size.width >= TOC_MIN_WIDTH:
            self.query_one(Tree).focus()
            return
        toc.display = not toc.display
        if toc.display:
            self.query_one(Tree).focus()
        else:
            self.query_one("#page").focus()

    @on(Markdown.TableOfContentsSelected)
    def _go_to_heading(self, event: Markdown.TableOfContentsSelected) -> None:
        event.stop()
        page = self.query_one("#page", VerticalScroll)
        page.focus()  # the contents narrow again, so the page is laid out anew before scrolling to the heading

        def scroll() -> None:
            page.scroll_to(y=next(y for y, _, widget in self._heading_offsets() if widget.id == event.block_id),
                           animate=False)

        self.call_after_refresh(lambda: self.call_after_refresh(scroll))

    # Modules and links.

    def _neighbour(self, step: int) -> Module | None:
        modules = self.courseware.course.modules
        index = next(i for i, module in enumerate(modules) if module.id == self.module_id)
        return modules[index + step] if 0 <= index + step < len(modules) else None

    def _open_module(self, module_id: str, anchor: str | None = None) -> None:
        self.save_position()
        self.app.switch_screen(ReaderScreen(module_id, anchor=anchor))

    def action_next_module(self) -> None:
        module = self._neighbour(1)
        if module is None:
            self.notify("This is the last module.")
        else:
            self._open_module(module.id)

    def action_previous_module(self) -> None:
        module = self._neighbour(-1)
        if module is None:
            self.notify("This is the first module.")
        else:
            self._open_module(module.id)

    def action_take_quiz(self) -> None:
        quizzes = self.courseware.course.quizzes_for_module(self.module_id)
        if not quizzes:
            self.notify("This module has no quiz.")
            return
        self.courseware.action_start_quiz(quizzes[0].id)

    @on(Button.Pressed, "#take-quiz")
    def _take_quiz_pressed(self) -> None:
        self.action_take_quiz()

    @on(Button.Pressed, "#next-module")
    def _next_module_pressed(self) -> None:
        self.action_next_module()

    @on(Markdown.LinkClicked)
    def _link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.follow(event.href)

    def follow(self, href: str) -> None:
        """Follow a link: another module (and heading), a glossary card, a heading here, or the web."""
        scheme, _, rest = href.partition(":")
        if href.startswith("#"):
            self.query_one(Markdown).goto_anchor(href[1:])
        elif scheme == "module":
            module_id, _, anchor = rest.partition("#")
            if self.courseware.course.module(module_id) is None:
                self.notify(f"No module '{module_id}' in this course", severity="error", markup=False)
            elif module_id == self.module_id:
                self.query_one(Markdown).goto_anchor(anchor)
            else:
                self._open_module(module_id, anchor or None)
        elif scheme == "glossary":
            self.courseware.action_glossary(rest)
        elif scheme in ("http", "https"):
            self.app.open_url(href)
        else:
            self.notify(f"Cannot open link '{href}'", severity="warning", markup=False)

    def link_label(self, target: str) -> str:
        """What a link leads to, named as the learner knows it: the card's term, the module's title."""
        scheme, _, rest = target.partition(":")
        course = self.courseware.course
        if target.startswith("#"):
            return f"Section: {target[1:].replace('-', ' ')}"
        if scheme == "module":
            module_id, _, anchor = rest.partition("#")
            module = course.module(module_id)
            if module is None:
                return f"Missing module '{module_id}'"
            section = f" § {anchor.replace('-', ' ')}" if anchor else ""
            return f"Module {module.meta.order}: {module.title}{section}"
        if scheme == "glossary":
            card = course.glossary.get(rest)
            return f"Glossary: {card.front}" if card else f"Missing glossary card '{rest}'"
        return f"Web: {target}"

    def action_links(self) -> None:
        from courseware.tui.screens.links import LinksScreen

        targets = list(dict.fromkeys(link.target for link in self.module.links))
        links = [(printable(self.link_label(target)), target) for target in targets]

        def chosen(target: str | None) -> None:
            if target:
                self.follow(target)

        self.app.push_screen(LinksScreen(links), chosen)

    def action_back(self) -> None:
        self.save_position()
        self.app.pop_screen()
