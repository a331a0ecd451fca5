"""The calculators screen: every calculator of the course, each opening its form or its practice."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, ListItem, ListView, Static

from courseware.core.calculators import CALCULATORS
from courseware.tui import bindings
from courseware.tui.screens.calculator_form import CalculatorScreen
from courseware.tui.screens.practice import PracticeScreen
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer


class CalculatorsScreen(Screen[None]):
    """Lists the calculators; enter opens one with the course's worked example filled in, p practises it."""

    CSS = screen_css("calculators.tcss")
    BINDINGS = bindings.CALCULATORS

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Calculators: enter opens one with the course's example, p practises it.",
                     markup=False, classes="intro")
        items = []
        for name, calculator in CALCULATORS.items():
            items.append(ListItem(Static(calculator.title, markup=False, classes="title"),
                                  Static(calculator.summary, markup=False, classes="summary"),
                                  id=f"calc-{name}", name=name))
        yield ListView(*items, id="calculator-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#calculator-list", ListView).focus()

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if event.item.name:
            self.app.push_screen(CalculatorScreen(event.item.name))

    def action_practise(self) -> None:
        item = self.query_one("#calculator-list", ListView).highlighted_child
        if item is not None and item.name:
            self.app.push_screen(PracticeScreen(item.name))

    def action_back(self) -> None:
        self.app.pop_screen()
