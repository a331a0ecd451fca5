"""Taking a quiz: one question at a time, feedback after each answer, the result at the end.

Every answer is stored by the session as it is given, so leaving (escape) keeps the attempt and opening
the quiz again offers to resume it.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from courseware.core.assessment.grading import Grade
from courseware.core.assessment.quiz_session import QuizSession, resume_quiz, start_quiz
from courseware.core.assessment.results import Result, cards_for_topics
from courseware.core.errors import AnswerFormatError
from courseware.core.model import Quiz
from courseware.core.text import printable
from courseware.tui.context import Courseware, courseware_of
from courseware.tui.screens.dialogs import ChoiceDialog
from courseware.tui.styles import screen_css
from courseware.tui.widgets.question import QuestionView
from courseware.tui.widgets.results import ResultView, review_text


class QuizScreen(Screen[None]):
    """A quiz by id (or a ``quiz`` read from a file); ``fresh`` starts anew instead of offering to resume."""

    CSS = screen_css("quiz.tcss")
    BINDINGS = [Binding("escape", "leave", "Leave (resume later)", id="quiz-leave")]

    def __init__(self, quiz_id: str, *, quiz: Quiz | None = None, seed: int | None = None,
                 shuffle: bool = True, fresh: bool = False) -> None:
        super().__init__(classes="quiz-screen")
        self.quiz_id = quiz_id
        self.quiz = quiz
        self.seed = seed
        self.shuffle = shuffle
        self.fresh = fresh
        self.session: QuizSession | None = None
        self.index = 0
        self.result: Result | None = None

    @property
    def courseware(self) -> Courseware:
        return courseware_of(self.app)

    def compose(self) -> ComposeResult:
        yield Static("", markup=False, id="quiz-title", classes="screen-title")
        yield VerticalScroll(id="quiz-main")
        yield Footer()

    def on_mount(self) -> None:
        quiz = self.quiz or self.courseware.course.quizzes.get(self.quiz_id)
        if quiz is None:
            self.notify(f"There is no quiz '{self.quiz_id}'.", severity="error", markup=False)
            self.app.pop_screen()
            return
        self.quiz = quiz
        self.query_one("#quiz-title", Static).update(Text(printable(quiz.title)))
        unfinished = None
        if not self.fresh and self.seed is None:
            unfinished = resume_quiz(self.courseware.store, quiz, clock=self.courseware.clock)
        if unfinished is None:
            self._begin(self._new_session())
            return
        answered = len(unfinished.answers)

        def chosen(choice: str | None) -> None:
            self._begin(unfinished if choice == "resume" else self._new_session())

        self.app.push_screen(ChoiceDialog(
            f"You left this quiz with {answered} of {len(unfinished.shown)} questions answered.",
            [("resume", "Resume"), ("restart", "Start over")], cancel="resume"), chosen)

    def _new_session(self) -> QuizSession:
        assert self.quiz is not None
        return start_quiz(self.courseware.store, self.quiz, seed=self.seed, shuffle=self.shuffle,
                          clock=self.courseware.clock)

    def _begin(self, session: QuizSession) -> None:
        self.session = session
        following = session.next_unanswered()
        if following is None:
            self.call_later(self._finish)
        else:
            self.call_later(self._show, following)

    async def _replace(self, *widgets: Any) -> None:
        main = self.query_one("#quiz-main", VerticalScroll)
        await main.remove_children()
        await main.mount_all(widgets)
        main.scroll_home(animate=False)

    async def _show(self, index: int) -> None:
        assert self.session is not None
        self.index = index
        shown = self.session.shown[index]
        await self._replace(QuestionView(shown, number=index + 1, count=len(self.session.shown),
                                         id="question"))

    async def on_question_view_answered(self, message: QuestionView.Answered) -> None:
        message.stop()
        if self.session is None or self.index in self.session.answers:
            return
        view = self.query_one(QuestionView)
        try:
            graded = self.session.answer(self.index, message.response)
        except AnswerFormatError as error:
            view.show_problem(str(error))
            return
        view.disabled = True
        main = self.query_one("#quiz-main", VerticalScroll)
        await main.mount(Static(self._feedback(graded), id="feedback",
                                classes="feedback right" if graded.correct else "feedback wrong"))
        last = self.session.next_unanswered(self.index) is None
        button = Button(Text("See the result" if last else "Next question"), id="next", variant="primary")
        await main.mount(button)
        button.focus()
        button.scroll_visible()

    def _feedback(self, graded: Grade) -> Text:
        assert self.session is not None
        shown = self.session.shown[self.index]
        question = shown.question
        text = Text("Right." if graded.correct else "Wrong.", style="bold")
        for line in graded.feedback:
            text.append("\n" + printable(line))
        if not graded.correct:
            text.append(f"\nCorrect answer: {printable(shown.correct_answer())}")
        if question.explanation:
            text.append(f"\n{printable(question.explanation)}")
        for step in shown.steps:
            text.append(f"\n  {printable(step)}")
        return text

    @on(Button.Pressed, "#next")
    async def _next_question(self) -> None:
        if self.session is not None:
            following = self.session.next_unanswered(self.index)
            await (self._finish() if following is None else self._show(following))

    @on(Button.Pressed, "#review")
    async def _review_mistakes(self) -> None:
        if self.result is not None:
            mistakes = self.result.mistakes
            review = Static(review_text(mistakes) if mistakes else Text("No mistakes to review."),
                            id="mistakes", classes="result-review")
            await self.query_one("#quiz-main", VerticalScroll).mount(review)
            review.scroll_visible()

    @on(Button.Pressed, "#drill")
    def _drill_mistakes(self) -> None:
        if self.result is not None:
            self._drill(sorted({outcome.topic for outcome in self.result.mistakes}))

    @on(Button.Pressed, ".result-drill")
    def _drill_topic(self, event: Button.Pressed) -> None:
        self._drill([(event.button.id or "").removeprefix("drill-")])

    @on(Button.Pressed, ".result-read")
    def _read_module(self, event: Button.Pressed) -> None:
        from courseware.tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen((event.button.id or "").removeprefix("read-")))

    @on(Button.Pressed, "#again")
    def _try_again(self) -> None:
        self.fresh, self.seed = True, None
        self._begin(self._new_session())

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.app.pop_screen()

    def _drill(self, topics: list[str]) -> None:
        cards = cards_for_topics(self.courseware.course, topics)
        if not cards:
            self.notify("No flashcards cover these topics.")
            return
        from courseware.tui.screens.flashcards import FlashcardScreen

        self.app.push_screen(FlashcardScreen(card_ids=cards, cram=True))

    async def _finish(self) -> None:
        assert self.session is not None and self.quiz is not None
        self.result = result = self.session.finish()
        actions = [Button(Text("Review mistakes"), id="review"), Button(Text("Try again"), id="again"),
                   Button(Text("Close"), id="close")]
        if result.mistakes and cards_for_topics(self.courseware.course,
                                                {outcome.topic for outcome in result.mistakes}):
            actions.insert(1, Button(Text("Drill these terms as cards"), id="drill"))
        await self._replace(ResultView(result, self.courseware.course, title=self.quiz.title, review=False,
                                       id="result"), Horizontal(*actions, classes="actions"))
        actions[0].focus(scroll_visible=False)

    def action_leave(self) -> None:
        if self.session is not None and not self.session.submitted:
            self.notify("Your answers are saved: open the quiz again to resume.")
        self.app.pop_screen()
