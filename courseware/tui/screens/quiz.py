"""Taking a quiz: one question at a time, feedback after each answer, the result at the end.

Every answer is stored by the session as it is given, so leaving (escape) keeps the attempt and opening
the quiz again offers to resume it.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from courseware.core.assessment.grading import Grade
from courseware.core.assessment.quiz_session import QuizSession, resume_quiz, start_quiz
from courseware.core.assessment.results import cards_for_topics
from courseware.core.errors import AnswerFormatError
from courseware.core.model import Quiz
from courseware.core.store import StoreError
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.screens.attempt import AttemptScreen
from courseware.tui.screens.dialogs import ChoiceDialog
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer
from courseware.tui.widgets.question import QuestionView, not_saved
from courseware.tui.widgets.results import ResultView, review_text


class QuizScreen(AttemptScreen):
    """A quiz by id (or a ``quiz`` read from a file); ``fresh`` starts anew instead of offering to resume."""

    CSS = screen_css("quiz.tcss")
    MAIN = "quiz-main"
    BINDINGS = bindings.QUIZ

    def __init__(self, quiz_id: str, *, quiz: Quiz | None = None, seed: int | None = None,
                 shuffle: bool = True, fresh: bool = False) -> None:
        super().__init__(classes="quiz-screen")
        self.quiz_id = quiz_id
        self.quiz = quiz
        self.seed = seed
        self.shuffle = shuffle
        self.fresh = fresh

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
            self.call_later(self._intro_or_begin)
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

    async def _intro_or_begin(self) -> None:
        """A quiz with a description shows it first, with a button to start."""
        assert self.quiz is not None
        description = self.description(self.quiz.description)
        if description is None:
            self._begin(self._new_session())
            return
        start = Button(Text("Start the quiz"), id="start", variant="primary")
        await self._replace(description, Horizontal(start, Button(Text("Close"), id="close"), classes="actions"))
        start.focus()

    def _begin(self, session: QuizSession) -> None:
        self.session = session
        following = session.next_unanswered()
        if following is None:
            self.call_later(self._finish)
        else:
            self.call_later(self._show, following)

    async def _show(self, index: int) -> None:
        await self._show_question(index)

    def on_question_view_changed(self, message: QuestionView.Changed) -> None:
        """A quiz answers on enter, with feedback: a selection alone is not yet an answer."""
        message.stop()

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
        except StoreError as error:
            view.show_problem(not_saved(self.index, error))
            return
        view.disabled = True
        main = self.main
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
        verdict = "Right." if graded.correct else \
            f"Partly right: {graded.earned:g} of {graded.possible:g} points." if graded.partial else "Wrong."
        text = Text(verdict, style="bold")
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
            await self.main.mount(review)
            review.scroll_visible()

    @on(Button.Pressed, "#drill")
    def _drill_mistakes(self) -> None:
        if self.result is not None:
            self.drill(sorted({outcome.topic for outcome in self.result.mistakes}))

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        self._begin(self._new_session())

    @on(Button.Pressed, "#again")
    def _try_again(self) -> None:
        self.fresh, self.seed = True, None
        self._begin(self._new_session())

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
