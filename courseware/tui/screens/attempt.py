"""What the quiz and exam screens share: one session shown a question at a time, and the result's links.

Both screens replace the contents of one scrolling main area (a question, then the result), show the
quiz's description before starting, and act on the result's ``read-MODULE`` and ``drill-TOPIC``
buttons; only how answers are taken differs (feedback after each in a quiz, none in an exam).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Static

from courseware.core.assessment.quiz_session import QuizSession
from courseware.core.assessment.results import Result, cards_for_topics
from courseware.tui.context import Courseware, courseware_of
from courseware.tui.widgets.question import QuestionView, markdown_text


class AttemptScreen(Screen[None]):
    """A quiz or exam attempt in ``#<MAIN>``; subclasses set ``MAIN`` and decide how answers are taken."""

    MAIN: ClassVar[str] = "quiz-main"

    def __init__(self, *, classes: str) -> None:
        super().__init__(classes=classes)
        self.session: QuizSession | None = None
        self.result: Result | None = None
        self.index = 0

    @property
    def courseware(self) -> Courseware:
        return courseware_of(self.app)

    @property
    def main(self) -> VerticalScroll:
        return self.query_one(f"#{self.MAIN}", VerticalScroll)

    async def _replace(self, *widgets: Any) -> None:
        main = self.main
        await main.remove_children()
        await main.mount_all(widgets)
        main.scroll_home(animate=False)

    async def _show_question(self, index: int, previous: Any = None) -> None:
        assert self.session is not None
        self.index = index
        await self._replace(QuestionView(self.session.shown[index], number=index + 1, count=len(self.session.shown),
                                         previous=previous, id="question"))

    def question_view(self) -> QuestionView | None:
        views = self.query(QuestionView)
        return views.first() if views else None

    @staticmethod
    def description(text: str | None) -> Static | None:
        """The quiz or exam's description, shown before it starts (Markdown)."""
        return Static(markdown_text(text), id="attempt-description", classes="attempt-description") if text else None

    def drill(self, topics: list[str]) -> None:
        cards = cards_for_topics(self.courseware.course, topics)
        if not cards:
            self.notify("No flashcards cover these topics.")
            return
        from courseware.tui.screens.flashcards import FlashcardScreen

        self.app.push_screen(FlashcardScreen(card_ids=cards, cram=True))

    @on(Button.Pressed, ".result-drill")
    def _drill_topic(self, event: Button.Pressed) -> None:
        """A result's ``drill-TOPIC`` button."""
        event.stop()
        self.drill([(event.button.id or "").removeprefix("drill-")])

    @on(Button.Pressed, ".result-read")
    def _read_module(self, event: Button.Pressed) -> None:
        """A result's ``read-MODULE`` button."""
        event.stop()
        self.courseware.action_read((event.button.id or "").removeprefix("read-"))

    @on(Button.Pressed, "#close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.pop_screen()

