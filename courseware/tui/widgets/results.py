"""The end of an attempt: score, pass or fail, per-topic breakdown, weakest topics and a review.

Shared by the quiz and exam screens, with its own styles (``DEFAULT_CSS``). Each weak topic has a
``.result-read`` button (id ``read-MODULE``) and a ``.result-drill`` button (id ``drill-TOPIC``) the
screens act on; the screens add their own actions around it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from courseware.core.assessment.presentation import describe, plain_text
from courseware.core.assessment.results import Outcome, Result, cards_for_topics, percent_text
from courseware.core.course.course import Course
from courseware.core.text import printable


def review_text(outcomes: tuple[Outcome, ...]) -> Text:
    """Each question with the learner's answer, the correct one and the explanation."""
    text = Text()
    for outcome in outcomes:
        answer = outcome.answer
        partly = answer is not None and answer.grade.partial
        mark = "right" if outcome.correct else "not answered" if answer is None else \
            f"partly right, {answer.grade.earned:g} of {answer.grade.possible:g} points" if partly else "wrong"
        text.append(f"{outcome.number}. ", style="bold")
        text.append(f"[{mark}] ", style="green" if outcome.correct else "yellow" if partly else "red")
        text.append(printable(plain_text(outcome.shown.prompt)) + "\n")
        text.append(f"   Your answer: {printable(describe(outcome.shown, answer.response if answer else None))}\n")
        text.append(f"   Correct answer: {printable(outcome.shown.correct_answer())}\n")
        if outcome.shown.question.explanation:
            text.append(f"   Explanation: {printable(outcome.shown.question.explanation)}\n")
        for step in outcome.shown.steps:
            text.append(f"     {printable(step)}\n")
        text.append("\n")
    return text


class ResultView(Vertical):
    """Score and breakdown; ``review`` also lists every question (exams) or is left for a button (quizzes)."""

    DEFAULT_CSS = """
    ResultView {
        height: auto;
    }

    ResultView .result-score {
        text-style: bold;
        margin-bottom: 1;
    }

    ResultView .result-score.passed {
        color: $success;
    }

    ResultView .result-score.failed {
        color: $error;
    }

    ResultView .result-heading {
        text-style: bold;
        margin-top: 1;
    }

    ResultView .result-weak {
        height: auto;
    }

    ResultView .result-weak-name {
        width: 30;
        padding-top: 1;
    }

    ResultView .result-review {
        margin-top: 1;
    }
    """

    def __init__(self, result: Result, course: Course, *, title: str, review: bool,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="result")
        self.result = result
        self.course = course
        self.title = title
        self.review = review

    def compose(self) -> ComposeResult:
        result = self.result
        verdict = "PASS" if result.passed else "FAIL"
        yield Static(f"{printable(self.title)}: {result.score_text} - {verdict} "
                     f"(pass mark {result.pass_mark * 100:.0f}%)", markup=False,
                     classes=f"result-score {'passed' if result.passed else 'failed'}", id="result-score")
        table = Text("By topic:\n", style="bold")
        for topic in result.topics:
            table.append(f"  {printable(topic.topic)}: {percent_text(topic.earned, topic.possible)}, "
                         f"{topic.right} of {topic.total} right\n", style="")
        yield Static(table, classes="result-topics", id="result-topics")
        weakest = result.weakest()
        if weakest:
            yield Static("Study next:", markup=False, classes="result-heading")
            for topic in weakest:
                with Horizontal(classes="result-weak"):
                    yield Static(f"{printable(topic.topic)} ({topic.percent:.0f}%)", markup=False,
                                 classes="result-weak-name")
                    module = self.course.topic_modules.get(topic.topic)
                    if module is not None:
                        yield Button(Text(f"Read {printable(module)}"), id=f"read-{module}", classes="result-read")
                    if cards_for_topics(self.course, [topic.topic]):
                        yield Button("Drill cards", id=f"drill-{topic.topic}", classes="result-drill")
        if self.review:
            yield Static("Review:", markup=False, classes="result-heading")
            yield Static(review_text(result.outcomes), classes="result-review", id="result-review")
