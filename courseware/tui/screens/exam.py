"""Sitting an exam: a countdown, free movement between questions, flags, an overview, no feedback.

The countdown is a ``set_interval`` tick that reads ``app.clock()``, so tests move a fake clock instead
of waiting, and the exam submits itself on the first tick after the deadline. Answers are kept as given:
a selection is stored the moment it is made, typed text when the learner leaves the field, moves,
submits or the time runs out, so what the screen shows is what is scored. Quitting or a crash leaves the
attempt to be resumed with its clock still running. Unless the blueprint says ``open_book``, the
reader, quizzes, cards and calculators stay shut while it runs.
"""

from __future__ import annotations

import getpass
import math
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Static

from courseware.core.assessment import certificate, credential
from courseware.core.assessment.exams import history, resume_exam, review_seen, start_exam, time_limit
from courseware.core.assessment.presentation import plain_text
from courseware.core.assessment.quiz_session import QuizSession, TimeUp, abandon
from courseware.core.assessment.results import percent_text
from courseware.core.errors import AnswerFormatError, CoursewareError
from courseware.core.model import Exam
from courseware.core.paths import class_learner
from courseware.core.store import Attempt, StoreError
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.screens.attempt import AttemptScreen
from courseware.tui.screens.dialogs import ChoiceDialog, OverviewDialog
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer
from courseware.tui.widgets.question import QuestionView, not_saved
from courseware.tui.widgets.results import ResultView

TICK_SECONDS = 0.25


def attempt_line(attempt: Attempt) -> str:
    """One attempt in the history list."""
    when = attempt.started_at.strftime("%Y-%m-%d %H:%M")
    if attempt.submitted_at is None or attempt.earned is None or attempt.possible is None:
        return f"#{attempt.id} {when}  seed {attempt.seed}  not submitted"
    verdict = "pass" if attempt.passed else "fail"
    verdict += " (abandoned)" if attempt.abandoned else " (practice paper)" if attempt.practice else ""
    return f"#{attempt.id} {when}  seed {attempt.seed}  {percent_text(attempt.earned, attempt.possible)} {verdict}"


class ExamScreen(AttemptScreen):
    """An exam by id; ``seed`` repeats a draw, ``fresh`` starts anew instead of offering to resume."""

    CSS = screen_css("exam.tcss")
    MAIN = "exam-main"
    BINDINGS = bindings.EXAM

    def __init__(self, exam_id: str, *, seed: int | None = None, shuffle: bool = True,
                 fresh: bool = False) -> None:
        super().__init__(classes="exam-screen")
        self.exam_id = exam_id
        self.seed = seed
        self.shuffle = shuffle
        self.fresh = fresh
        self.exam: Exam | None = None
        self.finishing = False

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
                abandon(unfinished)
                self.call_later(self._intro)

        self.app.push_screen(ChoiceDialog(
            f"You have an unfinished attempt (seed {unfinished.seed}): {len(unfinished.answers)} of "
            f"{len(unfinished.shown)} answered, about {minutes} min left on its clock, which kept running.",
            [("resume", "Resume"), ("abandon", "Abandon it (a fail) and start over")], cancel="resume"), chosen)

    async def _intro(self) -> None:
        assert self.exam is not None
        exam = self.exam
        count = sum(rule.count for rule in exam.draw)
        text = Text(f"{count} questions drawn at random, {time_limit(exam).total_seconds() / 60:g} minutes, "
                    f"pass mark {exam.pass_mark * 100:.0f}%. No feedback until you submit; move with "
                    f"page up/down, flag with ctrl+t, see the overview with ctrl+o, submit with ctrl+s.")
        text.append(" Open book: the course stays open while you sit it." if exam.open_book else
                    " Closed book: the reader, quizzes, cards and calculators are shut until you submit.")
        past = history(self.courseware.store, exam.id)
        if past:
            text.append("\n\nYour attempts:\n" + "\n".join(printable(attempt_line(a)) for a in past))
        start = Button(Text("Start the exam"), id="start", variant="primary")
        description = self.description(exam.description)
        await self._replace(*([description] if description else []),
                            Static(text, classes="exam-intro", id="exam-intro"),
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
        previous = self.session.answers.get(index)
        await self._show_question(index, previous.response if previous else None)
        self.tick()

    def tick(self) -> None:
        """Update the countdown from ``app.clock()``; submit when the time is up."""
        session = self.session
        if session is None or session.submitted:
            return
        left = session.remaining()
        seconds = math.ceil(left.total_seconds()) if left is not None else 0
        if seconds <= 0:
            self.keep_typed(at_deadline=True)
            self.notify("Time is up: the exam was submitted.", severity="warning")
            self.call_later(self._finish)
            return
        flagged = " - flagged" if self.index in session.flags else ""
        status = self.query_one("#exam-status", Static)
        status.update(Text(f"Time left {seconds // 60}:{seconds % 60:02d} - question {self.index + 1} of "
                           f"{len(session.shown)} - {len(session.answers)} answered{flagged} - "
                           f"seed {session.seed}"))
        status.set_class(seconds <= 60, "urgent")

    def _record(self, response: object, *, at_deadline: bool = False) -> bool:
        """Store ``response`` to the current question unless it is what is stored; ``False`` when refused."""
        session = self.session
        if session is None or session.submitted:
            return False
        stored = session.answers.get(self.index)
        if stored is not None and stored.response == response:
            return True
        try:
            session.answer(self.index, response, at_deadline=at_deadline)
        except TimeUp:
            self.call_later(self._finish)
            return False
        except AnswerFormatError as error:
            view = self.question_view()
            if view is not None:
                view.show_problem(str(error))
            return False
        except StoreError as error:
            view = self.question_view()
            if view is not None:
                view.show_problem(not_saved(self.index, error))
            return False
        view = self.question_view()
        if view is not None:
            view.show_problem("")
        self.tick()
        return True

    def keep_typed(self, *, at_deadline: bool = False) -> bool:
        """Store the text in the current question's field (leaving, moving, submitting, time-out);
        ``False`` when it cannot be read, and then the learner is told why and stays."""
        view = self.question_view()
        typed = view.typed() if view is not None else None
        return typed is None or self._record(typed, at_deadline=at_deadline)

    def on_question_view_changed(self, message: QuestionView.Changed) -> None:
        message.stop()
        self._record(message.response)

    async def on_question_view_answered(self, message: QuestionView.Answered) -> None:
        message.stop()
        if self.session is None or self.session.submitted or not self._record(message.response):
            return
        following = self.session.next_unanswered(self.index)
        if following is None:
            self.notify("Every question is answered: submit with ctrl+s, or review with ctrl+o.")
            self.tick()
        else:
            await self._show(following)

    async def action_go(self, step: int) -> None:
        if self.session is not None and self.keep_typed():
            await self._show((self.index + step) % len(self.session.shown))

    def action_flag(self) -> None:
        if self.session is not None:
            with self.courseware.saving():
                self.session.set_flag(self.index, self.index not in self.session.flags)
            self.tick()

    def action_overview(self) -> None:
        session = self.session
        if session is None or not self.keep_typed():
            return
        lines = []
        for number, shown in enumerate(session.shown):
            state = "answered" if number in session.answers else "blank"
            flag = ", flagged" if number in session.flags else ""
            lines.append(f"{number + 1:>2}. [{state}{flag}] {printable(plain_text(shown.prompt))[:60]}")

        async def chosen(index: int | None) -> None:
            if index is not None:
                await self._show(index)

        self.app.push_screen(OverviewDialog(lines, self.index), chosen)

    def action_submit_exam(self) -> None:
        session = self.session
        if session is None or not self.keep_typed():
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
        try:
            self.result = result = session.finish()
        except StoreError as error:
            self.finishing = False
            self.notify(f"The exam could not be submitted: {error}. Every answer given is saved; submit again "
                        "with ctrl+s when there is room.", title="Progress", severity="error", timeout=10,
                        markup=False)
            return
        review_seen(self.courseware.store, session.attempt_id)
        self.refresh_bindings()
        status = self.query_one("#exam-status", Static)
        status.update(Text(f"Submitted - attempt #{session.attempt_id}, seed {session.seed}"))
        status.remove_class("urgent")
        actions: list[Button | Static] = [Button(Text("Close"), id="close")]
        if result.passed and session.attempt.practice:
            actions.append(Static(Text("A practice paper (this draw was sat again after its review was seen): "
                                       "no record of a pass."), id="credential-note"))
        elif result.passed and class_learner():
            # On a class server the record would be written where the learner cannot reach it; the trainer
            # signs the credential that proves the pass.
            actions.append(Static(Text(f"Passed: ask your trainer for your signed credential of attempt "
                                       f"#{session.attempt_id}."), id="credential-note"))
        elif result.passed:
            actions.insert(0, Button(Text("Write self-assessment record"), id="certificate", variant="success"))
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

    @on(Button.Pressed, "#certificate")
    def _certificate(self) -> None:
        self._write_certificate()

    def _write_certificate(self) -> None:
        """Write the self-assessment record next to the progress store (or here, when progress is not saved).

        It is unsigned and says so: on the learner's own machine nothing written can prove who took the exam.
        """
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
            record = credential.exam_record(self.courseware.course, store,
                                            session.attempt_id, name)
            html_path, md_path = certificate.write_files(
                directory, certificate.record_files(record, f"self-assessment-attempt-{record.attempt}"))
        except CoursewareError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self.notify(f"Self-assessment record written (unsigned): {html_path} and {md_path.name}", timeout=15,
                    markup=False)

    def action_leave(self) -> None:
        session = self.session
        if session is None or session.submitted:
            self.app.pop_screen()
            return

        if not self.keep_typed():
            return

        def chosen(choice: str | None) -> None:
            if choice == "leave":
                self.app.pop_screen()

        self.app.push_screen(ChoiceDialog(
            "Leave the exam? Your answers are kept and the clock keeps running; open it again to resume.",
            [("leave", "Leave"), ("stay", "Stay")], cancel="stay"), chosen)
