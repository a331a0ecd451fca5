"""The home dashboard: modules in order with their progress, cards due, leeches and the next step."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from courseware.core.study.dashboard import Dashboard, ModuleRow, build_dashboard
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.context import Courseware, courseware_of
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer

TITLE_WIDTH = 34


def module_header() -> Text:
    return Text(f"    {'Module':<{TITLE_WIDTH}} {'Read':<10} {'Best quiz':<10} Cards due", style="dim")


def module_line(row: ModuleRow) -> Text:
    """One module's row: number, title, read mark, best quiz score and cards due, in fixed columns."""
    title = printable(row.title)
    title = title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"
    line = Text(f"{row.order:>2}. ")
    line.append(f"{title:<{TITLE_WIDTH}} ", style="bold" if row.started and not row.read else "")
    if row.read:
        line.append(f"{'✓ read':<10} ", style="green")
    elif row.started:
        line.append(f"{'… reading':<10} ", style="yellow")
    else:
        line.append(f"{'—':<10} ", style="dim")
    if row.best_quiz_score is None:
        line.append(f"{'—':<10} ", style="dim")
    else:
        line.append(f"{row.best_quiz_score:<10.0%} ")
    line.append(f"{row.cards_due}" if row.cards_due else "—", style="" if row.cards_due else "dim")
    return line


def cards_line(board: Dashboard) -> str:
    """Cards to study now as a session will count them: due (learning and review) and new."""
    counts = board.counts
    line = f"{board.cards_due} card{'s' if board.cards_due != 1 else ''} due today"
    if counts.learning:
        line += f" ({counts.learning} learning, {counts.review} review)"
    if board.new_cards:
        line += f" · {board.new_cards} new"
    return line


class HomeScreen(Screen[None]):
    """The first screen: where the learner is and what to do next, one key away."""

    CSS = screen_css("home.tcss")
    BINDINGS = bindings.HOME

    @property
    def courseware(self) -> Courseware:
        return courseware_of(self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary", markup=False)
        yield OptionList(id="menu")
        yield Footer()

    #: Whether the screen shows what it computed on mounting and has not been left since: the first show
    #: needs no second computation of the summary.
    _just_mounted = False

    def on_mount(self) -> None:
        self.refresh_dashboard()
        self._just_mounted = True
        self.query_one("#menu", OptionList).focus()

    def on_screen_resume(self) -> None:
        if self._just_mounted:
            self._just_mounted = False
        else:
            self.refresh_dashboard()

    def dashboard(self, *, whole: bool = False) -> Dashboard:
        """From the course as far as it has loaded (the home screen paints before the course is checked, and a
        large course's before its quizzes load), or ``whole``, once all of it has."""
        app = self.courseware
        return build_dashboard(app.course if whole else app.course_so_far, app.store, app.clock(),
                               new_per_day=app.settings.new_cards_per_day)

    def refresh_dashboard(self) -> None:
        app = self.courseware
        board = self.dashboard()
        name = app.settings.learner_name
        greeting = f"{'Welcome back' if board.has_history else 'Welcome'}{', ' + name if name else ''}. "
        cards = cards_line(board)
        if board.leech_count:
            cards += f" · {board.leech_count} leech{'es' if board.leech_count != 1 else ''}"
        if app.course_outline_only:
            cards = "Loading the course's quizzes and cards…"
        self.query_one("#summary", Static).update(Text(greeting + cards))
        menu = self.query_one("#menu", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        menu.add_option(Option(Text.assemble(("▶ Next: ", "bold"), printable(board.next_step.text), ("  (n)", "dim")),
                               id="next"))
        menu.add_option(Option(module_header(), id="header", disabled=True))
        for row in board.modules:
            menu.add_option(Option(module_line(row), id=f"module:{row.module_id}"))
        menu.add_option(None)
        menu.add_option(Option(f"Flashcards       {cards}", id="flashcards"))
        menu.add_option(Option("Decks and tags   drill or cram one deck or tag", id="decks"))
        if board.leeches:
            names = ", ".join(printable(card.card.front) for card in board.leeches)
            menu.add_option(Option(Text(f"Leeches          drill the cards you keep failing: {names}"),
                                   id="leeches"))
        menu.add_option(Option("Quizzes          every quiz and exam", id="quizzes"))
        exam = next(iter(app.course_so_far.exams.values()), None)
        if exam is not None:
            menu.add_option(Option(Text(f"Exam             {printable(exam.title)}, {exam.time_limit_minutes:g} min"),
                                   id="exam"))
        menu.add_option(Option("Calculators      CS metrics, worked out", id="calculators"))
        menu.add_option(Option("Statistics       reviews, retention, scores", id="stats"))
        menu.highlighted = highlighted if highlighted is not None else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.open(event.option.id or "")

    def open(self, entry: str) -> None:
        app = self.courseware
        if entry == "next":
            self.action_next_step()
        elif entry.startswith("module:"):
            app.action_read(entry.removeprefix("module:"))
        elif entry == "flashcards":
            app.action_drill()
        elif entry == "decks":
            app.action_choose_drill()
        elif entry == "leeches":
            app.action_drill(leeches=True)
        elif entry == "quizzes":
            app.action_open_quizzes()
        elif entry == "exam":
            app.action_start_exam(next(iter(app.course.exams)))
        elif entry == "calculators":
            app.action_open_calculators()
        elif entry == "stats":
            app.action_open_stats()

    def action_next_step(self) -> None:
        app = self.courseware
        step = self.dashboard(whole=True).next_step
        if step.action == "read" and step.ref:
            app.action_read(step.ref)
        elif step.action == "drill":
            app.action_drill()
        elif step.action == "quiz" and step.ref:
            app.action_start_quiz(step.ref)
        elif step.action == "exam" and step.ref:
            app.action_start_exam(step.ref)
        else:
            app.action_open_stats()
