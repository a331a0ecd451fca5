"""Sitting an exam: a countdown, free movement between questions, flags, an overview, no feedback.

The countdown is a ``set_interval`` tick that reads ``app.clock()``, so tests move a fake clock instead
of waiting, and the exam submits itself on the first tick after the deadline. Answers are stored as
they are given; quitting or a crash leaves the attempt to be resumed with its clock still running.
"""

from __future__ import annotations

import getpass
import math
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from courseware.core.assessment import certificate
from courseware.core.assessment.exams import history, resume_exam, start_exam, time_limit
from courseware.core.assessment.quiz_session import QuizSession, TimeUp
from courseware.core.assessment.results import Result, cards_for_topics, percent_text
from courseware.core.errors import AnswerFormatError, CoursewareError
from courseware.core.model import Exam
from courseware.core.store import Attempt
from courseware.core.text import printable
from courseware.tui.context import Courseware, courseware_of
from courseware.tui.screens.dialogs import ChoiceDialog, OverviewDialog
from courseware.tui.styles import screen_css
from courseware.tui.widgets.question import QuestionView
from courseware.tui.widgets.results import ResultView

TICK_SECONDS = 0.25


def attempt_line(attempt: Attempt) -> str:
    """One attempt in the history list."""
    when = attempt.started_at.strftime("%Y-%m-%d %H:%M")
    if attempt.submitted_at is None or attempt.earned is None or attempt.possible is None:
        return f"#{attempt.id} {when}  seed {attempt.seed}  not submitted"
    verdict = "pass" if attempt.passed else "fail"
    return f"#{attempt.id} {when}  seed {attempt.seed}  {percent_text(attempt.earned, attempt.possible)} {verdict}"


class ExamScreen(Screen[None]):
    """An exam by id; ``seed`` repeats a draw, ``fresh`` starts anew instead of offering to resume."""

    CSS = screen_css("exam.tcss")
    BINDINGS = [
        Binding("pagedown", "go(1)", "Next", id="exam-next", priority=True),
        Binding("pageup", "go(-1)", "Previous", id="exam-previous", priority=True),
        Binding("ctrl+s", "submit_exam", "Submit", id="exam-submit", priority=True),
        Binding("ctrl+o", "overview", "Overview", id="exam-overview", priority=True),
        Binding("ctrl+t", "flag", "Flag", id="exam-flag", priority=True),
        Binding("escape", "leave", "Leave", id="exam-leave"),
    ]

    def __init__(self, exam_id: str, *, seed: int | None = None, shuffle: bool = True,
                 fresh: bool = False) -> None:
        super().__init__(classes="exam-screen")
        self.exam_id = exam_id
        self.seed = seed
        self.shuffle = shuffle
        self.fresh = fresh
        self.exam: Exam | None = None
        self.session: QuizSession | None = None
        self.result: Result | None = None
        self.index = 0
        self.finishing = False

    @property
    def courseware(self) -> Courseware:
        return courseware_of(self.app)

    def compose(self) -> ComposeResult:
        yield Static("", markup=False, id="exam-title", classes="screen-title")
        yield Static("", markup=False, id="exam-status")
        yield VerticalScroll(id="exam-main")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moving, flagging and submitting only while the exam runs."""
        if action in {"go", "flag", "overview", "submit_exam"}:
            return self.session is not None and not self.session.submitted
        return True

    def on_mount(self) -> None:
        exam = self.courseware.course.exams.get(self.exam_id)
        if exam is None:
            self.notify(f"There is no exam '{self.exam_id}'.", severity="error", markup=False)
            self.app.pop_screen()
            return
        self.exam = exam
        self.query_one("#exam-title", Static).update(Text(printable(exam.title)))
        self.set_interval(TICK_SECONDS, self.tick)
        unfinished = None
        if not self.fresh and self.seed is None:
            unfinished = resume_exam(self.courseware.store, self.courseware.course, exam,
                                     clock=self.courseware.clock)
        if unfinished is None:
            self.call_later(self._intro)
        elif unfinished.expired:
            self.session = unfinished
            self.notify("Time ran out on your unfinished attempt: it was submitted as it stood.")
            self.call_later(self._finish)
        else:
            self._offer_resume(unfinished)

    def _offer_resume(self, unfinished: QuizSession) -> None:
        left = unfinished.remaining()
        minutes = math.ceil(left.total_seconds() / 60) if left is not None else 0

        def chosen(choice: str | None) -> None:
            if choice == "resume":
                self._run(unfinished)
            else:
                unfinished.finish()
                self.call_later(self._intro)

        self.app.push_screen(ChoiceDialog(
            f"You have an unfinished attempt (seed {unfinished.seed}): {len(unfinished.answers)} of "
            f"{len(unfinished.shown)} answered, about {minutes} min left on its clock, which kept running.",
            [("resume", "Resume"), ("abandon", "Submit it and start over")], cancel="resume"), chosen)

    async def _replace(self, *widgets: Any) -> None:
        main = self.query_one("#exam-main", VerticalScroll)
        await main.remove_children()
        await main.mount_all(widgets)
        main.scroll_home(animate=False)

    async def _intro(self) -> None:
        assert self.exam is not None
        exam = self.exam
        count = sum(rule.count for rule in exam.draw)
        text = Text(printable(exam.description or "") + "\n\n" if exam.description else "")
        text.append(f"{count} questions drawn at random, {time_limit(exam).total_seconds() / 60:g} minutes, "
                    f"pass mark {exam.pass_mark * 100:.0f}%. No feedback until you submit; move with "
                    f"page up/down, flag with ctrl+t, see the overview with ctrl+o, submit with ctrl+s.")
        past = history(self.courseware.store, exam.id)
        if past:
            text.append("\n\nYour attempts:\n" + "\n".join(printable(attempt_line(a)) for a in past))
        start = Button(Text("Start the exam"), id="start", variant="primary")
        await self._replace(Static(text, classes="exam-intro", id="exam-intro"),
                            Horizontal(start, Button(Text("Close"), id="close"), classes="actions"))
        start.focus()

    def _run(self, session: QuizSession) -> None:
        self.session = session
        self.refresh_bindings()
        following = session.next_unanswered()
        self.call_later(self._show, 0 if following is None else following)

    async def _show(self, index: int) -> None:
        """Show question ``index`` (not once submitted: a dialog may answer after the clock ran out)."""
        if self.session is None or self.session.submitted:
            return
        self.index = index
        shown = self.session.shown[index]
        previous = self.session.answers.get(index)
        await self._replace(QuestionView(shown, number=index + 1, count=len(self.session.shown),
                                         previous=previous.response if previous else None, id="question"))
        self.tick()

    def tick(self) -> None:
        """Update the countdown from ``app.clock()``; submit when the time is up."""
        session = self.session
        if session is None or session.submitted:
            return
        left = session.remaining()
        seconds = math.ceil(left.total_seconds()) if left is not None else 0
        if seconds <= 0:
            self.notify("Time is up: the exam was submitted.", severity="warning")
            self.call_later(self._finish)
            return
        flagged = " - flagged" if self.index in session.flags else ""
        status = self.query_one("#exam-status", Static)
        status.update(Text(f"Time left {seconds // 60}:{seconds % 60:02d} - question {self.index + 1} of "
                           f"{len(session.shown)} - {len(session.answers)} answered{flagged} - "
                           f"seed {session.seed}"))
        status.set_class(seconds <= 60, "urgent")

    async def on_question_view_answered(self, message: QuestionView.Answered) -> None:
        message.stop()
        if self.session is None or self.session.submitted:
            return
        try:
            self.session.answer(self.index, message.response)
        except TimeUp:
            await self._finish()
            return
        except AnswerFormatError as error:
            self.query_one(QuestionView).show_problem(str(error))
            return
        following = self.session.next_unanswered(self.index)
        if following is None:
            self.notify("Every question is answered: submit with ctrl+s, or review with ctrl+o.")
            self.tick()
        else:
            await self._show(following)

    async def action_go(self, step: int) -> None:
        if self.session is not None:
            await self._show((self.index + step) % len(self.session.shown))

    def action_flag(self) -> None:
        if self.session is not None:
            self.session.set_flag(self.index, self.index not in self.session.flags)
            self.tick()

    def action_overview(self) -> None:
        session = self.session
        if session is None:
            return
        lines = []
        for number, shown in enumerate(session.shown):
            state = "answered" if number in session.answers else "blank"
            flag = ", flagged" if number in session.flags else ""
            lines.append(f"{number + 1:>2}. [{state}{flag}] {printable(shown.prompt)[:60]}")

        async def chosen(index: int | None) -> None:
            if index is not None:
                await self._show(index)

        self.app.push_screen(OverviewDialog(lines, self.index), chosen)

    def action_submit_exam(self) -> None:
        session = self.session
        if session is None:
            return
        blank = len(session.shown) - len(session.answers)
        message = f"Submit now? {blank} question{'s' * (blank != 1)} unanswered." if blank else "Submit now?"

        async def chosen(choice: str | None) -> None:
            if choice == "submit":
                await self._finish()

        self.app.push_screen(ChoiceDialog(message, [("submit", "Submit"), ("back", "Back to the exam")],
                                          cancel="back"), chosen)

    async def _finish(self) -> None:
        session, exam = self.session, self.exam
        if session is None or exam is None or self.finishing:
            return
        self.finishing = True
        self.result = result = session.finish()
        self.refresh_bindings()
        status = self.query_one("#exam-status", Static)
        status.update(Text(f"Submitted - attempt #{session.attempt_id}, seed {session.seed}"))
        status.remove_class("urgent")
        actions = [Button(Text("Close"), id="close")]
        if result.passed:
            actions.insert(0, Button(Text("Write certificate"), id="certificate", variant="success"))
        past = "\n".join(printable(attempt_line(a)) for a in history(self.courseware.store, exam.id))
        await self._replace(ResultView(result, self.courseware.course, title=exam.title, review=True, id="result"),
                            Static(Text("Your attempts:\n" + past), id="exam-history"),
                            Horizontal(*actions, classes="actions"))
        actions[0].focus(scroll_visible=False)

    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        if self.exam is None:
            return
        try:
            session = start_exam(self.courseware.store, self.courseware.course, self.exam, seed=self.seed,
                                 shuffle=self.shuffle, clock=self.courseware.clock)
        except CoursewareError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._run(session)

    @on(Button.Pressed, ".result-read")
    def _read_module(self, event: Button.Pressed) -> None:
        from courseware.tui.screens.reader import ReaderScreen

        self.app.push_screen(ReaderScreen((event.button.id or "").removeprefix("read-")))

    @on(Button.Pressed, ".result-drill")
    def _drill_topic(self, event: Button.Pressed) -> None:
        from courseware.tui.screens.flashcards import FlashcardScreen

        cards = cards_for_topics(self.courseware.course, [(event.button.id or "").removeprefix("drill-")])
        self.app.push_screen(FlashcardScreen(card_ids=cards, cram=True))

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.app.pop_screen()

    @on(Button.Pressed, "#certificate")
    def _write_certificate(self) -> None:
        """Write the certificate next to the progress store (or here, when progress is not saved)."""
        session = self.session
        if session is None:
            return
        store = self.courseware.store
        directory = store.path.parent / "certificates" if store.path else Path.cwd()
        try:
            name = self.courseware.settings.learner_name or getpass.getuser()
        except (KeyError, OSError):
            name = ""
        try:
            issued = certificate.issue(self.courseware.course, store, session.attempt_id, name)
            html_path, md_path = certificate.write(issued, directory, f"certificate-attempt-{issued.attempt}")
        except CoursewareError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(f"Certificate written: {html_path} and {md_path.name}", timeout=15, markup=False)

    def action_leave(self) -> None:
        session = self.session
        if session is None or session.submitted:
            self.app.pop_screen()
            return

        def chosen(choice: str | None) -> None:
            if choice == "leave":
                self.app.pop_screen()

        self.app.push_screen(ChoiceDialog(
            "Leave the exam? Your answers are kept and the clock keeps running; open it again to resume.",
            [("leave", "Leave"), ("stay", "Stay")], cancel="stay"), chosen)
