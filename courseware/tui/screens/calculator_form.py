"""One calculator as a form: an input per option, the results and the worked steps updated as you type."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Static

from courseware.core.calculators import CALCULATORS, CalculatorInputError, Kind, Option, parse_input
from courseware.core.calculators.formatting import fmt_number
from courseware.core.practice import COURSE_EXAMPLES
from courseware.tui.screens.practice import PracticeScreen
from courseware.tui.styles import screen_css


def typed_form(option: Option, value: Any) -> str:
    """How a value is typed into the form: rates as percentages, scores as a list."""
    if option.kind is Kind.SCORES:
        return ", ".join(str(score) for score in value)
    return fmt_number(value * 100 if option.is_rate else value)


def input_hint(option: Option) -> str:
    if option.is_rate:
        return "percentage, e.g. 4 or 4%"
    if option.kind is Kind.SCORES:
        return "scores 0–10, e.g. 0, 7, 10"
    return "amount in $" if option.is_money else option.help


class CalculatorScreen(Screen[None]):
    """The form of one calculator, filled in with the course's worked example to start from."""

    CSS = screen_css("calculator_form.tcss")
    BINDINGS = [Binding("escape", "back", "Back", id="back")]

    def __init__(self, calculator_name: str) -> None:
        super().__init__()
        self.calculator = CALCULATORS[calculator_name]

    def compose(self) -> ComposeResult:
        yield Header()
        calculator = self.calculator
        examples = COURSE_EXAMPLES.get(calculator.name, ())
        start: dict[str, Any] = dict(examples[0].inputs) if examples else {}
        with VerticalScroll(id="form"):
            yield Static(f"{calculator.title}: {calculator.summary}", markup=False, classes="heading")
            for option in calculator.options:
                value = typed_form(option, start[option.name]) if option.name in start else ""
                with Horizontal(classes="row"):
                    label = f"{option.label[:1].upper()}{option.label[1:]}"
                    yield Static(label, markup=False, classes="label")
                    yield Input(value, placeholder=input_hint(option), id=f"opt-{option.name}", compact=True,
                                tooltip=option.help)
            yield Static("", id="results")
            yield Static("", id="steps")
            yield Button("Practise this calculator", id="practise")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.calculator.title
        self.query(Input).first().focus()
        self.recompute()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.recompute()

    def recompute(self) -> None:
        results, steps = self.query_one("#results", Static), self.query_one("#steps", Static)
        try:
            inputs = {}
            for option in self.calculator.options:
                text = self.query_one(f"#opt-{option.name}", Input).value
                if text.strip():
                    inputs[option.name] = parse_input(option, text)
            calculation = self.calculator.calculate(inputs)
        except CalculatorInputError as error:
            results.update(Text(error.for_people, style="bold red"))
            results.add_class("error")
            steps.update("")
            return
        results.remove_class("error")
        shown = Text("Results\n", style="bold")
        for key, value in calculation.results.items():
            spec = self.calculator.result(key)
            if spec is not None:
                shown.append(f"  {spec.label}: {spec.show(value)}\n")
        results.update(shown)
        worked = "\n".join(f"  {step}" for step in calculation.steps)
        steps.update(Text("Worked steps\n", style="bold") + Text(worked))

    @on(Button.Pressed, "#practise")
    def _practise(self) -> None:
        self.app.push_screen(PracticeScreen(self.calculator.name))

    def action_back(self) -> None:
        self.app.pop_screen()
