"""Line mode: a quiz or exam as plain lines of text, for screen readers and scripts.

Each question is printed with its choices lettered and one line of stdin answers it (see
``courseware.core.assessment.presentation.parse_line``). A line that cannot be read is refused and asked
again; a blank line skips the question. Lines starting with ``:`` are commands (``:help`` lists them), so
a learner can move back, flag, list, review and submit as in the app. A quiz ends after its last
question; an exam only when ``:submit`` is typed, the input ends or the time is up, and the time-out is
noticed while waiting for a line, not when the next one arrives. Course text is printed as plain text
(Markdown written out) with control characters made visible, so a course file cannot drive the terminal.
"""

from __future__ import annotations

import math
import queue
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Protocol, TextIO

from courseware.core.assessment.grading import Grade
from courseware.core.assessment.presentation import LETTERS, Shown, describe, parse_line, plain_text
from courseware.core.assessment.quiz_session import QuizSession, TimeUp
from courseware.core.assessment.results import Result, percent_text
from courseware.core.errors import AnswerFormatError, CoursewareError
from courseware.core.model import Matching, MultipleChoice, Numeric, Ordering, SingleChoice, TrueFalse
from courseware.core.store import StoreError
from courseware.core.text import printable

_HINTS = {
    "single": "one letter", "multiple": "letters, such as a,c", "true_false": "true or false",
    "short": "text", "numeric": "a number", "matching": "a letter for each item, in order, such as b,a,c",
    "ordering": "the letters in the right order, such as c,a,b",
}

TIME_UP = "Time is up: the exam is submitted as it stands; that answer was not recorded."
TIME_UP_WAITING = "Time is up: the exam is submitted as it stands."
ANNOUNCE_AT = (600, 300, 60)
"""Seconds left at which a timed exam says how long is left, even while waiting for a line."""

COMMANDS = (
    (":next", "the next question"), (":back", "the previous question"), (":go N", "question N"),
    (":flag", "flag or unflag this question"), (":list", "which questions are answered, flagged or blank"),
    (":review", "every question with your answer so far"), (":submit", "hand it in now"),
    (":time", "the time left"), (":help", "these commands"),
)


class Lines(Protocol):
    """Where line mode reads from: ``read`` returns a line, ``""`` at the end of input, or ``None`` when
    ``timeout`` seconds passed first (``None`` waits for ever)."""

    def read(self, timeout: float | None) -> str | None: ...


class StreamLines:
    """Lines of a text stream; a timed read waits on a reader thread, so a deadline can pass mid-wait."""

    UNREADABLE = "\x00unreadable"

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._queue: queue.Queue[str] | None = None

    def _readline(self) -> str:
        try:
            return self.stream.readline()
        except UnicodeDecodeError:
            return self.UNREADABLE

    def _pump(self) -> None:
        assert self._queue is not None
        while True:
            line = self._readline()
            self._queue.put(line)
            if not line:
                return

    def read(self, timeout: float | None) -> str | None:
        if timeout is None and self._queue is None:
            return self._readline()
        if self._queue is None:
            self._queue = queue.Queue()
            threading.Thread(target=self._pump, name="line-mode-input", daemon=True).start()
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None


def _clock_text(seconds: float) -> str:
    whole = math.ceil(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _minutes_text(seconds: int) -> str:
    minutes = seconds // 60
    return f"{minutes} minute{'s' * (minutes != 1)} left."


class LineSession:
    """Runs a session over text; ``feedback`` is on for quizzes and off for exams."""

    def __init__(self, session: QuizSession, lines: Lines, stdout: TextIO, *, feedback: bool) -> None:
        self.session = session
        self.lines = lines
        self.stdout = stdout
        self.feedback = feedback
        self.current = 0
        self.announced: set[int] = set()

    @property
    def exam(self) -> bool:
        return self.session.kind == "exam"

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout, flush=True)

    def run(self, *, resumed: bool = False, description: str | None = None) -> Result:
        session = self.session
        source = session.source
        count = len(session.shown)
        self.say(f"{printable(source.title)}: {count} question{'s' * (count != 1)}, "
                 f"pass mark {source.pass_mark * 100:.0f}%, seed {session.seed}, attempt {session.attempt_id}")
        if description:
            self.say(printable(plain_text(description)))
        if resumed:
            self.say(f"Resuming: {len(session.answers)} of {count} already answered.")
        remaining = session.remaining()
        if remaining is not None:
            self.say(f"Time left: {_clock_text(remaining.total_seconds())}. No feedback until you submit.")
            self._mark_announced(remaining)
        if self.exam:
            self.say("Answer each question on one line; a blank line skips it. Commands: type :help.")
        first = session.next_unanswered()
        if first is None:
            return self._finish()
        self.current = first
        self._ask()
        while self._step():
            pass
        return self._finish()

    def _mark_announced(self, remaining: timedelta) -> None:
        self.announced |= {mark for mark in ANNOUNCE_AT if remaining.total_seconds() <= mark}

    def _read(self) -> str | None:
        """The next line; ``None`` when the time ran out first. Announces 10, 5 and 1 minutes left."""
        while True:
            remaining = self.session.remaining()
            if remaining is None:
                return self.lines.read(None)
            left = remaining.total_seconds()
            if left <= 0:
                return None
            pending = [mark for mark in ANNOUNCE_AT if mark < left and mark not in self.announced]
            line = self.lines.read(left - max(pending) if pending else left)
            if line is not None:
                return line
            remaining = self.session.remaining()
            if remaining is not None and remaining.total_seconds() > 0:
                due = [mark for mark in ANNOUNCE_AT if remaining.total_seconds() <= mark and mark not in self.announced]
                self._mark_announced(remaining)
                if due:
                    self.say(_minutes_text(min(due)))

    def _step(self) -> bool:
        """Read and act on one line; ``False`` when the attempt is to be submitted."""
        line = self._read()
        if line is None:
            self.say(TIME_UP_WAITING)
            return False
        if not line:
            self.say("End of input: submitting what was answered.")
            return False
        if line == StreamLines.UNREADABLE:
            self.say("Not accepted: that line is not readable text. Try again.")
            return True
        if self.session.expired:
            self.say(TIME_UP)
            return False
        text = line.strip()
        if text.startswith(":"):
            return self._command(text)
        if not text:
            self.say("Skipped.")
            return self._move_on()
        shown = self.session.shown[self.current]
        try:
            graded = self.session.answer(self.current, parse_line(shown, text))
        except StoreError as error:
            raise CoursewareError(
                f"your answer to question {self.current + 1} ({shown.key}) was not saved: {error}; every answer "
                "before it is saved: run the same command again to resume") from None
        except TimeUp:
            self.say(TIME_UP)
            return False
        except AnswerFormatError as error:
            self.say(f"Not accepted: {error}. Try again.")
            self._prompt()
            return True
        if self.feedback:
            self._print_feedback(shown, graded)
        return self._move_on()

    def _move_on(self) -> bool:
        """After an answer or a skip: a quiz goes to its next question (and ends after the last); an exam
        to the next unanswered one, or says everything is answered and waits for a command."""
        session = self.session
        if not self.exam:
            later = [index for index in range(self.current + 1, len(session.shown)) if index not in session.answers]
            if not later:
                return False
            self.current = later[0]
            self._ask()
            return True
        following = session.next_unanswered(self.current)
        if following is None:
            self.say(f"All {len(session.shown)} questions are answered: :review to check them, :go N to change "
                     "one, :submit to hand in.")
            return True
        if following == self.current:
            following = (self.current + 1) % len(session.shown)
        self.current = following
        self._ask()
        return True

    def _command(self, text: str) -> bool:
        name, _, argument = text.partition(" ")
        session = self.session
        count = len(session.shown)
        if name == ":submit":
            blank = count - len(session.answers)
            if blank:
                self.say(f"Submitting with {blank} question{'s' * (blank != 1)} unanswered.")
            return False
        if name in {":next", ":back"}:
            self.current = (self.current + (1 if name == ":next" else -1)) % count
            self._ask()
        elif name == ":go":
            number = int(argument) if argument.strip().isdigit() else 0
            if not 1 <= number <= count:
                self.say(f"Not accepted: ':go' needs a question number from 1 to {count}, such as :go 3.")
            else:
                self.current = number - 1
                self._ask()
        elif name == ":flag":
            flagged = self.current not in session.flags
            session.set_flag(self.current, flagged)
            self.say(f"Question {self.current + 1} {'flagged' if flagged else 'no longer flagged'}.")
        elif name == ":list":
            self._list()
        elif name == ":review":
            self._review()
        elif name == ":time":
            remaining = session.remaining()
            self.say("This quiz is not timed." if remaining is None
                     else f"Time left: {_clock_text(remaining.total_seconds())}.")
        elif name == ":help":
            self.say("Commands, each on its own line:")
            for command, meaning in COMMANDS:
                self.say(f"  {command:<8} {meaning}")
        else:
            self.say(f"Not accepted: unknown command '{printable(name)}'; type :help for the commands.")
        return True

    def _numbers(self, wanted: Callable[[int], bool]) -> str:
        numbers = [str(index + 1) for index in range(len(self.session.shown)) if wanted(index)]
        return ", ".join(numbers) if numbers else "none"

    def _list(self) -> None:
        session = self.session
        self.say(f"Answered: {self._numbers(lambda index: index in session.answers)}")
        self.say(f"Flagged: {self._numbers(lambda index: index in session.flags)}")
        self.say(f"Blank: {self._numbers(lambda index: index not in session.answers)}")

    def _review(self) -> None:
        """Every question with the answer given so far (no verdicts before submitting an exam)."""
        session = self.session
        for index, shown in enumerate(session.shown):
            answer = session.answers.get(index)
            flag = ", flagged" if index in session.flags else ""
            state = "answered" if answer else "blank"
            self.say(f"{index + 1}. [{state}{flag}] {printable(plain_text(shown.prompt))}")
            if answer is not None:
                self.say(f"   Your answer: {printable(describe(shown, answer.response))}")

    def _ask(self) -> None:
        self._print_question(self.current, self.session.shown[self.current])
        self._prompt()

    def _prompt(self) -> None:
        self.say(f"Answer ({_HINTS[self.session.shown[self.current].question.type]}):")

    def _print_question(self, index: int, shown: Shown) -> None:
        question = shown.question
        session = self.session
        header = f"Question {index + 1} of {len(session.shown)} ({shown.type_name}"
        header += f", {question.points:g} points)" if question.points != 1 else ")"
        if index in session.flags:
            header += " - flagged"
        remaining = session.remaining()
        if remaining is not None:
            header += f" - time left {_clock_text(remaining.total_seconds())}"
        self.say()
        self.say(header)
        case = shown.case
        if case is not None:
            self.say(f"Case{': ' + printable(case.title) if case.title else ''}")
            self.say(printable(plain_text(case.text)))
        self.say(printable(plain_text(shown.prompt)))
        if isinstance(question, Matching):
            for number, left in enumerate(shown.lefts(), start=1):
                self.say(f"  {number}. {printable(left)}")
            self.say("Partners:")
        if isinstance(question, SingleChoice | MultipleChoice | Matching | Ordering):
            for letter, option in zip(LETTERS, shown.options(), strict=False):
                self.say(f"  {letter}) {printable(plain_text(option))}")
        if isinstance(question, Numeric) and question.unit:
            self.say(f"(in {printable(question.unit)})")
        if isinstance(question, TrueFalse):
            self.say("  true / false")
        answer = session.answers.get(index)
        if answer is not None:
            self.say(f"Your answer so far: {printable(describe(shown, answer.response))}")

    def _print_feedback(self, shown: Shown, graded: Grade) -> None:
        if graded.partial:
            self.say(f"Partly right: {graded.earned:g} of {graded.possible:g} points.")
        else:
            self.say("Right." if graded.correct else "Wrong.")
        for text in graded.feedback:
            self.say(printable(text))
        if not graded.correct:
            self.say(f"Correct answer: {printable(shown.correct_answer())}")
        if shown.question.explanation:
            self.say(f"Explanation: {printable(shown.question.explanation)}")
        for step in shown.steps:
            self.say(f"  {printable(step)}")

    def _finish(self) -> Result:
        session = self.session
        try:
            result = session.finish()
        except StoreError as error:
            raise CoursewareError(f"the attempt could not be submitted: {error}; every answer given is saved: run "
                                  "the same command again to resume and submit") from None
        self.say()
        if self.exam:
            self.say("Review:")
            print_review(result, self.say)
        self.say("By topic:")
        for topic in result.topics:
            self.say(f"  {printable(topic.topic)}: {percent_text(topic.earned, topic.possible)}, "
                     f"{topic.right} of {topic.total} right")
        weakest = result.weakest()
        if weakest:
            self.say("Study next: " + ", ".join(printable(topic.topic) for topic in weakest))
        self.say(f"Attempt {session.attempt_id}, seed {session.seed}.")
        self.say(result.score_line)
        return result


def print_review(result: Result, say: Callable[[str], None]) -> None:
    """Each question of a finished attempt: the verdict (with the points of a partly right answer), the
    answer given, the right one and the explanation. Line mode and ``courseware attempts ID --review``."""
    for outcome in result.outcomes:
        answer = outcome.answer
        if answer is not None and answer.grade.partial:
            mark = f"partly right, {answer.grade.earned:g} of {answer.grade.possible:g} points"
        else:
            mark = "right" if outcome.correct else "blank" if answer is None else "wrong"
        say(f"{outcome.number}. [{mark}] {printable(plain_text(outcome.shown.prompt))}")
        given = describe(outcome.shown, answer.response if answer else None)
        say(f"   Your answer: {printable(given)}")
        if not outcome.correct:
            say(f"   Correct answer: {printable(outcome.shown.correct_answer())}")
        if outcome.shown.question.explanation:
            say(f"   Explanation: {printable(outcome.shown.question.explanation)}")
        for step in outcome.shown.steps:
            say(f"     {printable(step)}")
