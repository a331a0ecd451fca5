"""Line mode: a quiz or exam as plain lines of text, for screen readers and scripts.

Each question is printed with its choices lettered and one line of stdin answers it (see
``courseware.core.presentation.parse_line``). A line that cannot be read is refused and asked again; a
blank line leaves the question unanswered; end of input submits what was answered. Course text is
printed with control characters made visible, so a course file cannot drive the terminal.
"""

from __future__ import annotations

import math
from typing import TextIO

from courseware.core.assessment.grading import Grade
from courseware.core.assessment.presentation import LETTERS, Shown, describe, parse_line
from courseware.core.assessment.quiz_session import QuizSession, TimeUp
from courseware.core.assessment.results import Result, percent_text
from courseware.core.errors import AnswerFormatError
from courseware.core.model import Matching, MultipleChoice, Numeric, Ordering, SingleChoice, TrueFalse
from courseware.core.text import printable

_HINTS = {
    "single": "one letter", "multiple": "letters, such as a,c", "true_false": "true or false",
    "short": "text", "numeric": "a number", "matching": "a letter for each item, in order, such as b,a,c",
    "ordering": "the letters in the right order, such as c,a,b",
}

TIME_UP = "Time is up: the exam is submitted as it stands; that answer was not recorded."


def _clock_text(seconds: float) -> str:
    whole = math.ceil(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class LineSession:
    """Runs a session over text streams; ``feedback`` is on for quizzes and off for exams."""

    def __init__(self, session: QuizSession, stdin: TextIO, stdout: TextIO, *, feedback: bool) -> None:
        self.session = session
        self.stdin = stdin
        self.stdout = stdout
        self.feedback = feedback

    def say(self, text: str = "") -> None:
        print(text, file=self.stdout, flush=True)

    def run(self, *, resumed: bool = False) -> Result:
        session = self.session
        source = session.source
        count = len(session.shown)
        plural = "s" * (count != 1)
        self.say(f"{printable(source.title)}: {count} question{plural}, "
                 f"pass mark {source.pass_mark * 100:.0f}%, seed {session.seed}, "
                 f"attempt {session.attempt_id}")
        if resumed:
            self.say(f"Resuming: {len(session.answers)} of {count} already answered.")
        remaining = session.remaining()
        if remaining is not None:
            self.say(f"Time left: {_clock_text(remaining.total_seconds())}. No feedback until you submit.")
        for index, shown in enumerate(session.shown):
            if index in session.answers:
                continue
            if session.expired:
                self.say("Time is up: the exam is submitted as it stands.")
                break
            if not self._ask(index, shown):
                break
        return self._finish()

    def _ask(self, index: int, shown: Shown) -> bool:
        """Ask until answered or skipped; ``False`` when input ended or time ran out."""
        self._print_question(index, shown)
        while True:
            self.say(f"Answer ({_HINTS[shown.question.type]}):")
            try:
                line = self.stdin.readline()
            except UnicodeDecodeError:
                self.say("Not accepted: that line is not readable text. Try again.")
                continue
            if not line:
                self.say("End of input: submitting what was answered.")
                return False
            if self.session.expired:
                self.say(TIME_UP)
                return False
            if not line.strip():
                self.say("Skipped.")
                return True
            try:
                graded = self.session.answer(index, parse_line(shown, line))
            except TimeUp:
                self.say(TIME_UP)
                return False
            except AnswerFormatError as error:
                self.say(f"Not accepted: {error}. Try again.")
                continue
            if self.feedback:
                self._print_feedback(shown, graded)
            return True

    def _print_question(self, index: int, shown: Shown) -> None:
        question = shown.question
        session = self.session
        header = f"Question {index + 1} of {len(session.shown)} ({shown.type_name}"
        header += f", {question.points:g} points)" if question.points != 1 else ")"
        remaining = session.remaining()
        if remaining is not None:
            header += f" - time left {_clock_text(remaining.total_seconds())}"
        self.say()
        self.say(header)
        self.say(printable(shown.prompt))
        if isinstance(question, Matching):
            for number, left in enumerate(shown.lefts(), start=1):
                self.say(f"  {number}. {printable(left)}")
            self.say("Partners:")
        if isinstance(question, SingleChoice | MultipleChoice | Matching | Ordering):
            for letter, option in zip(LETTERS, shown.options(), strict=False):
                self.say(f"  {letter}) {printable(option)}")
        if isinstance(question, Numeric) and question.unit:
            self.say(f"(in {printable(question.unit)})")
        if isinstance(question, TrueFalse):
            self.say("  true / false")

    def _print_feedback(self, shown: Shown, graded: Grade) -> None:
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
        result = session.finish()
        self.say()
        if session.kind == "exam":
            self.say("Review:")
            for outcome in result.outcomes:
                answer = outcome.answer
                mark = "right" if outcome.correct else "blank" if answer is None else "wrong"
                self.say(f"{outcome.number}. [{mark}] {printable(outcome.shown.prompt)}")
                given = describe(outcome.shown, answer.response if answer else None)
                self.say(f"   Your answer: {printable(given)}")
                if not outcome.correct:
                    self.say(f"   Correct answer: {printable(outcome.shown.correct_answer())}")
                if outcome.shown.question.explanation:
                    self.say(f"   Explanation: {printable(outcome.shown.question.explanation)}")
                for step in outcome.shown.steps:
                    self.say(f"     {printable(step)}")
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
