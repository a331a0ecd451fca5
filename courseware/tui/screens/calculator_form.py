"""One calculator as a form: an input per option, the results and the worked steps updated as you type."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static

from courseware.core.calculators import CALCULATORS, CalculatorInputError, Kind, Option, parse_input
from courseware.core.calculators.formatting import fmt_number
from courseware.core.practice import COURSE_EXAMPLES
from courseware.tui import bindings
from courseware.tui.screens.practice import PracticeScreen
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer

SAMPLE_INPUTS: dict[str, dict[str, Any]] = {
    "monthly-churn": {"annual_churn": 0.4},
    "revenue-churn": {"start_mrr": 100_000, "contraction": 2_000, "churned": 3_000, "start_customers": 200,
                      "lost_customers": 4},
    "mrr-movements": {"start_mrr": 100_000, "new": 5_000, "expansion": 2_000, "contraction": 1_000,
                      "churned": 3_000},
    "quick-ratio": {"new": 5_000, "expansion": 2_000, "contraction": 1_000, "churned": 1_000},
    "ltv-cac": {"ltv": 3_000, "cac": 1_000},
    "health-score": {"signal": ["usage=80:40", "support=60:30", "sentiment=70:30"]},
}
"""Inputs to start the form with when the course has no worked example for the calculator."""


def typed_form(option: Option, value: Any) -> str:
    """How a value is typed into the form: rates as percentages, scores and signals as lists."""
    if option.kind in {Kind.SCORES, Kind.SIGNALS}:
        return ", ".join(str(item) for item in value)
    if not option.is_number:
        return str(value)
    return fmt_number(value * 100 if option.is_rate else value)


def input_hint(option: Option) -> str:
    hints = {Kind.RATE: "percentage, e.g. 4 or 4%", Kind.SCORES: "scores 0–10, e.g. 0, 7, 10",
             Kind.MONEY: "amount in $, e.g. 1,200 or 85k", Kind.SIGNALS: "NAME=VALUE:WEIGHT, … e.g. usage=80:40",
             Kind.FILE: "path of a CSV file: customer,start,end", Kind.MONTHS: "months, or e.g. 2 years",
             Kind.YEARS: "years, or e.g. 18 months", Kind.MONTH: "YYYY-MM"}
    return hints.get(option.kind, option.help)


class CalculatorScreen(Screen[None]):
    """The form of one calculator, filled in with the course's worked example to start from."""

    CSS = screen_css("calculator_form.tcss")
    BINDINGS = bindings.CALCULATOR

    def __init__(self, calculator_name: str) -> None:
        super().__init__()
        self.calculator = CALCULATORS[calculator_name]

    def compose(self) -> ComposeResult:
        yield Header()
        calculator = self.calculator
        examples = COURSE_EXAMPLES.get(calculator.name, ())
        start: dict[str, Any] = dict(examples[0].inputs) if examples else dict(SAMPLE_INPUTS.get(calculator.name, {}))
        with VerticalScroll(id="form"):
            yield Static(f"{calculator.title}: {calculator.summary}", markup=False, classes="heading")
            for option in calculator.options:
                value = typed_form(option, start[option.name]) if option.name in start else ""
                with Horizontal(classes="row"):
                    label = f"{option.label[:1].upper()}{option.label[1:]}"
                    yield Static(label, markup=False, classes="label")
                    # Not selected on focus: a key typed there (even ``?``) adds to the example, never wipes it.
                    yield Input(value, placeholder=input_hint(option), id=f"opt-{option.name}", compact=True,
                                tooltip=option.help, select_on_focus=False)
            yield Static("", id="results")
            yield Static("", id="table")
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
        table = self.query_one("#table", Static)
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
            table.update("")
            return
        results.remove_class("error")
        shown = Text("Results\n", style="bold")
        for spec in self.calculator.results:
            if spec.key in calculation.exact or spec.key in calculation.words:
                shown.append(f"  {spec.label}: {calculation.shown(spec)}\n")
        results.update(shown)
        table.update(Text("\n".join(calculation.table)))
        worked = "\n".join(f"  {step}" for step in calculation.steps)
        steps.update(Text("Worked steps\n", style="bold") + Text(worked))

    @on(Button.Pressed, "#practise")
    def _practise(self) -> None:
        self.app.push_screen(PracticeScreen(self.calculator.name))

    def action_back(self) -> None:
        self.app.pop_screen()
