"""The course's quizzes with their best scores and its exams with their attempt history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from courseware.core.assessment.results import percent_text
from courseware.core.store import Attempt
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.context import Courseware, courseware_of
from courseware.tui.screens.exam import ExamScreen, attempt_line
from courseware.tui.screens.quiz import QuizScreen
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer


def best(attempts: list[Attempt]) -> str:
    """The best submitted score, or what there is instead."""
    scored = [a for a in attempts if a.earned is not None and a.possible]
    if not scored:
        return "not taken yet" if not attempts else "not finished yet"
    top = max(scored, key=lambda a: (a.earned or 0) / (a.possible or 1))
    return f"best {percent_text(top.earned or 0, top.possible or 0)}{' - passed' if top.passed else ''}"


class QuizzesScreen(Screen[None]):
    """Enter on a quiz or exam starts it; the history of the highlighted exam is shown below the list."""

    CSS = screen_css("quizzes.tcss")
    BINDINGS = bindings.QUIZZES

    @property
    def courseware(self) -> Courseware:
        return courseware_of(self.app)

    def compose(self) -> ComposeResult:
        yield Static("Quizzes and exams", markup=False, classes="screen-title")
        with VerticalScroll(id="quizzes-main"):
            yield OptionList(id="quizzes-list")
            yield Static("", markup=False, id="quizzes-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.refill()

    def on_screen_resume(self) -> None:
        self.refill()

    def refill(self) -> None:
        """List every quiz and exam with its standing (again after coming back from one)."""
        course, attempts = self.courseware.course, self.courseware.store.attempts
        options = self.query_one("#quizzes-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for quiz in course.quizzes_in_order():
            label = f"Quiz: {printable(quiz.title)} - {len(quiz.questions)} questions - " \
                    f"{best(attempts.list('quiz', quiz.id))}"
            options.add_option(Option(Text(label), id=f"quiz:{quiz.id}"))
        for exam in course.exams.values():
            past = attempts.list("exam", exam.id)
            label = f"Exam: {printable(exam.title)} - {exam.time_limit_minutes:g} min - " \
                    f"{len(past)} attempt{'s' * (len(past) != 1)} - {best(past)}"
            options.add_option(Option(Text(label), id=f"exam:{exam.id}"))
        if not options.option_count:
            self.query_one("#quizzes-detail", Static).update(Text("This course has no quizzes or exams yet."))
            return
        options.highlighted = highlighted if highlighted is not None else 0
        options.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        kind, _, ref_id = (event.option.id or "").partition(":")
        detail = self.query_one("#quizzes-detail", Static)
        if kind != "exam":
            detail.update(Text("Enter starts the quiz; an unfinished attempt can be resumed."))
            return
        past = self.courseware.store.attempts.list("exam", ref_id)
        lines = [printable(attempt_line(attempt)) for attempt in past] or ["No attempts yet."]
        detail.update(Text("Attempts:\n" + "\n".join(lines)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, ref_id = (event.option.id or "").partition(":")
        self.app.push_screen(ExamScreen(ref_id) if kind == "exam" else QuizScreen(ref_id))
