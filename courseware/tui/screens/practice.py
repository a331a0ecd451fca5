"""Practice one calculator: a scenario, the answer, right or wrong with the likely mistake, the steps."""

from __future__ import annotations

import random

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static

from courseware.core.calculators import CALCULATORS
from courseware.core.errors import AnswerFormatError
from courseware.core.practice import PracticeDeck, Scenario, check_answer, record_practice, start_practice
from courseware.tui import bindings
from courseware.tui.context import courseware_of
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer


class PracticeScreen(Screen[None]):
    """Poses the course's examples first, then generated ones; every answer is stored under the topic."""

    CSS = screen_css("practice.tcss")
    BINDINGS = bindings.PRACTICE

    def __init__(self, calculator_name: str, *, seed: int | None = None) -> None:
        super().__init__()
        self.calculator = CALCULATORS[calculator_name]
        self.deck = PracticeDeck(calculator_name, seed if seed is not None else random.randrange(2**31))
        self.index = 0
        self.attempt_id: int | None = None
        self.answered = False

    @property
    def scenario(self) -> Scenario:
        return self.deck.scenario(self.index)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="practice"):
            yield Static(f"Practice: {self.calculator.title}", markup=False, classes="heading")
            yield Static("", id="prompt")
            yield Input(placeholder="your answer", id="answer")
            yield Static("", id="verdict")
            yield Static("", id="steps")
            yield Button("Next scenario", id="next", disabled=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Practice: {self.calculator.title}"
        self.show_scenario()

    def show_scenario(self) -> None:
        scenario = self.scenario
        origin = "from the course" if scenario.source == "course" else "new numbers"
        self.query_one("#prompt", Static).update(Text(f"{scenario.prompt}\n({origin})"))
        answer = self.query_one("#answer", Input)
        answer.value = ""
        if scenario.unit == "%":
            answer.placeholder = "your answer as a percentage to one decimal, e.g. 72.4 or 72.4%"
        else:
            answer.placeholder = f"your answer ({scenario.unit})" if scenario.unit else "your answer"
        answer.disabled = False
        self.query_one("#verdict", Static).update("")
        self.query_one("#steps", Static).update("")
        self.query_one("#next", Button).disabled = True
        self.answered = False
        answer.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.answered or not event.value.strip():
            return
        verdict_box = self.query_one("#verdict", Static)
        try:
            verdict = check_answer(self.scenario, event.value)
        except AnswerFormatError as error:
            verdict_box.update(Text(f"{error}: type a number, e.g. 80 or 80%", style="yellow"))
            return
        store = courseware_of(self.app).store
        if self.attempt_id is None:
            self.attempt_id = start_practice(store, self.calculator.name, self.deck.seed)
        record_practice(store, self.attempt_id, self.scenario, event.value, verdict)
        self.answered = True
        verdict_box.set_class(verdict.correct, "right")
        verdict_box.set_class(not verdict.correct, "wrong")
        verdict_box.update(Text(verdict.message, style="bold"))
        self.query_one("#steps", Static).update(
            Text("Worked steps\n", style="bold") + Text("\n".join(f"  {step}" for step in verdict.steps)))
        self.query_one("#answer", Input).disabled = True
        next_button = self.query_one("#next", Button)
        next_button.disabled = False
        next_button.focus()

    @on(Button.Pressed, "#next")
    def _next_scenario(self) -> None:
        self.index += 1
        self.show_scenario()

    def action_back(self) -> None:
        self.app.pop_screen()
