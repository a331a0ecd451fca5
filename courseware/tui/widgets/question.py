"""Question widgets: every question type shown and answered from the keyboard.

``QuestionView`` shows one question (number, type, prompt) with the input its type needs, and posts
``Answered`` with a grading response (see ``courseware.core.assessment.grading``) when the learner
presses enter, and ``QuestionView.Changed`` the moment a choice, pairing or order is changed, so that an
exam can keep a selection the learner never confirmed. It never grades: the screen hands the response
to the session, which may refuse it, and then ``show_problem`` says why. Course text is never read as
Textual markup; prompts are Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Input, Static

from courseware.core.assessment.presentation import LETTERS, Shown, markdown_spans
from courseware.core.model import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from courseware.core.text import printable
from courseware.tui import bindings

HINTS = {
    "single": "a letter (or ↑↓ and space) to choose, enter to answer",
    "multiple": "letters or space to tick, ↑↓ to move, enter to answer",
    "true_false": "t or f (or ↑↓ and space), enter to answer",
    "short": "type the answer, enter to answer",
    "numeric": "type a number, enter to answer",
    "matching": "↑↓ pick an item, its partner's letter (or ←→) pairs it, enter to answer",
    "ordering": "↑↓ pick an item, shift+↑↓ or [ ] move it, enter to answer",
}


@dataclass
class Answered(Message):
    """The learner answered: ``response`` is ready for ``QuizSession.answer``."""

    response: Any


@dataclass
class Picked(Message):
    """The selection of a lettered input changed (display positions, not yet a grading response)."""

    positions: list[int]


class LetteredInput(Widget, can_focus=True):
    """A list of lettered options with a cursor; subclasses decide what the keys do."""

    BINDINGS = bindings.QUESTION_OPTIONS

    cursor: reactive[int] = reactive(0)

    def __init__(self, options: list[str], letters: str = LETTERS) -> None:
        super().__init__()
        self.options = options
        self.letters = letters[: len(options)]

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.options)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.lower() in self.letters and len(event.character) == 1:
            event.stop()
            event.prevent_default()
            self.letter(self.letters.index(event.character.lower()))

    def letter(self, position: int) -> None:
        """What typing an option's letter does; by default, move to it."""
        self.cursor = position

    def label(self, position: int) -> str:
        return f"{self.letters[position]}) {printable(self.options[position])}"

    def line(self, row: int, text: str) -> Text:
        """One row, marked and highlighted when the cursor is on it."""
        line = Text(f"{'▶' if row == self.cursor else ' '} {text}")
        if row == self.cursor:
            line.stylize("reverse" if self.has_focus else "bold")
        return line


class ChoiceInput(LetteredInput):
    """Single choice (and true/false): one pick; multiple choice: any number of ticks."""

    BINDINGS = bindings.QUESTION_CHOICE

    picked: reactive[frozenset[int]] = reactive(frozenset())

    def __init__(self, options: list[str], *, many: bool, letters: str = LETTERS,
                 picked: list[int] | None = None) -> None:
        super().__init__(options, letters)
        self.many = many
        self.set_reactive(ChoiceInput.picked, frozenset(picked or ()))
        if picked:
            self.set_reactive(LetteredInput.cursor, picked[0])

    def letter(self, position: int) -> None:
        self.cursor = position
        self.action_tick()

    def action_tick(self) -> None:
        if self.many:
            self.picked = self.picked ^ {self.cursor}
        else:
            self.picked = frozenset({self.cursor})
        self.post_message(Picked(sorted(self.picked)))

    def action_submit(self) -> None:
        """Enter confirms what is ticked; with nothing ticked it answers nothing (the highlight is no answer)."""
        self.post_message(Answered(sorted(self.picked)))

    def mark(self, position: int) -> str:
        chosen = position in self.picked
        if self.many:
            return "[x]" if chosen else "[ ]"
        return "(•)" if chosen else "( )"

    def render(self) -> Text:
        return Text("\n").join(self.line(position, f"{self.mark(position)} {self.label(position)}")
                               for position in range(len(self.options)))


class MatchingInput(LetteredInput):
    """Rows of left-hand items, each paired with a lettered partner."""

    BINDINGS = bindings.QUESTION_MATCHING

    partners: reactive[tuple[int, ...]] = reactive(())

    def __init__(self, lefts: list[str], options: list[str], picked: list[int] | None = None) -> None:
        super().__init__(options)
        self.lefts = lefts
        self.set_reactive(MatchingInput.partners, tuple(picked or [-1] * len(lefts)))

    def action_move(self, step: int) -> None:
        self.cursor = (self.cursor + step) % len(self.lefts)

    def _set(self, position: int) -> None:
        partners = list(self.partners)
        partners[self.cursor] = position
        self.partners = tuple(partners)
        self.post_message(Picked(partners))

    def letter(self, position: int) -> None:
        self._set(position)
        if self.cursor < len(self.lefts) - 1:
            self.cursor += 1

    def action_cycle(self, step: int) -> None:
        self._set((self.partners[self.cursor] + step) % len(self.options))

    def action_submit(self) -> None:
        self.post_message(Answered(list(self.partners)))

    def render(self) -> Text:
        rows = [self.line(row, f"{row + 1}. {printable(left)}  →  "
                               f"{self.label(self.partners[row]) if self.partners[row] >= 0 else '?'}")
                for row, left in enumerate(self.lefts)]
        rows.append(Text("\nPartners:"))
        rows.extend(Text(f"  {self.label(position)}") for position in range(len(self.options)))
        return Text("\n").join(rows)


class OrderingInput(LetteredInput):
    """Items the learner moves up and down into order."""

    BINDINGS = bindings.QUESTION_ORDERING

    arrangement: reactive[tuple[int, ...]] = reactive(())

    def __init__(self, options: list[str], picked: list[int] | None = None) -> None:
        super().__init__(options)
        self.set_reactive(OrderingInput.arrangement, tuple(picked or range(len(options))))

    def letter(self, position: int) -> None:
        """Typing an item's letter moves the cursor to wherever that item is now."""
        self.cursor = self.arrangement.index(position)

    def action_shift(self, step: int) -> None:
        target = self.cursor + step
        if 0 <= target < len(self.arrangement):
            order = list(self.arrangement)
            order[self.cursor], order[target] = order[target], order[self.cursor]
            self.arrangement = tuple(order)
            self.cursor = target
            self.post_message(Picked(order))

    def action_submit(self) -> None:
        self.post_message(Answered(list(self.arrangement)))

    def render(self) -> Text:
        return Text("\n").join(self.line(row, f"{row + 1}. {self.label(position)}")
                               for row, position in enumerate(self.arrangement))


class QuestionView(Vertical):
    """One question with the input its type needs; ``previous`` shows an earlier response again."""

    @dataclass
    class Changed(Message):
        """A complete selection was made (not confirmed with enter): ``response`` is a grading response."""

        response: Any

    def __init__(self, shown: Shown, *, number: int, count: int, previous: Any = None,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="question")
        self.shown = shown
        self.number = number
        self.count = count
        self.previous = previous

    def compose(self) -> ComposeResult:
        question = self.shown.question
        points = f", {question.points:g} points" if question.points != 1 else ""
        yield Static(f"Question {self.number} of {self.count} ({self.shown.type_name}{points})",
                     markup=False, classes="question-header")
        case = self.shown.case
        if case is not None:
            title = Text(printable(case.title) + "\n", style="bold") if case.title else Text()
            yield Static(title + markdown_text(case.text), classes="question-case")
        yield Static(markdown_text(self.shown.prompt), classes="question-prompt")
        yield self._input()
        yield Static(HINTS[question.type], markup=False, classes="question-hint")
        yield Static("", markup=False, classes="question-problem")

    def _input(self) -> Widget:
        shown, question, previous = self.shown, self.shown.question, self.previous
        picked = shown.positions_of(previous) if previous is not None else None
        if isinstance(question, SingleChoice | MultipleChoice):
            return ChoiceInput(shown.options(), many=isinstance(question, MultipleChoice), picked=picked)
        if isinstance(question, TrueFalse):
            initial = None if previous is None else [0 if previous else 1]
            return ChoiceInput(["True", "False"], many=False, letters="tf", picked=initial)
        if isinstance(question, Matching):
            return MatchingInput(shown.lefts(), shown.options(), picked=picked)
        if isinstance(question, Ordering):
            return OrderingInput(shown.options(), picked=picked or None)
        placeholder = f"a number ({question.unit})" if isinstance(question, Numeric) and question.unit else \
            "a number" if isinstance(question, Numeric) else "your answer"
        return Input(value="" if previous is None else str(previous), placeholder=placeholder)

    def on_mount(self) -> None:
        self.focus_input()

    def focus_input(self) -> None:
        self.query_one(".question-prompt").scroll_visible()
        for child in self.children:
            if child.can_focus:
                child.focus()
                return

    def typed(self) -> str | None:
        """The text in a short or numeric answer's field, or ``None`` when blank or not a typed question."""
        if not isinstance(self.shown.question, ShortAnswer | Numeric):
            return None
        value = self.query_one(Input).value
        return value if value.strip() else None

    def _response(self, positions: list[int]) -> Any:
        """The grading response for display ``positions``, or ``None`` while the selection is incomplete."""
        question = self.shown.question
        if isinstance(question, TrueFalse):
            return positions == [0] if positions else None
        if not positions or -1 in positions:
            return None
        return self.shown.response_for_options(positions)

    def on_picked(self, message: Picked) -> None:
        message.stop()
        response = self._response(message.positions)
        if response is not None:
            self.post_message(self.Changed(response))

    def on_answered(self, message: Answered) -> None:
        """Turn display positions into the grading response before passing it on."""
        question = self.shown.question
        if isinstance(question, ShortAnswer | Numeric):
            return
        response = self._response(list(message.response))
        if response is None:
            message.stop()
            self.show_problem("pair every item first" if isinstance(question, Matching)
                              else "choose true or false first" if isinstance(question, TrueFalse)
                              else "choose one first" if isinstance(question, SingleChoice)
                              else "choose at least one first")
            return
        message.response = response

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(Answered(event.value))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        """Leaving the field keeps what was typed (an exam records it as the answer)."""
        event.stop()
        if event.value.strip():
            self.post_message(self.Changed(event.value))

    def show_problem(self, text: str) -> None:
        self.query_one(".question-problem", Static).update(Text(text))


def markdown_text(source: str) -> Text:
    """Course Markdown as styled text: bold, italics, code and lists, never Textual markup."""
    text = Text()
    for span, styles in markdown_spans(printable(source)):
        text.append(span, style=" ".join(sorted(_STYLES[name] for name in styles)) or None)
    return text


_STYLES = {"bold": "bold", "italic": "italic", "code": "reverse"}


def not_saved(index: int, error: Exception) -> str:
    """What a question says when the store refused its answer (a full disk): the question stays open."""
    return (f"Your answer to question {index + 1} was not saved: {error}. Answer again once there is room, or "
            "leave: everything saved before it is kept.")
