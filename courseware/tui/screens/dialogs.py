"""Small modal questions the quiz and exam screens ask: resume or start over, submit now, where to go."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from courseware.tui import bindings


class ChoiceDialog(ModalScreen[str]):
    """A message and a row of buttons; dismissed with the id of the button pressed (``cancel`` on escape)."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = bindings.DIALOG

    def __init__(self, message: str, choices: list[tuple[str, str]], *, cancel: str) -> None:
        super().__init__(classes="dialog")
        self.message = message
        self.choices = choices
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.message, markup=False, classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for choice_id, label in self.choices:
                    yield Button(Text(label), id=choice_id)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or self.cancel)

    def action_cancel(self) -> None:
        self.dismiss(self.cancel)


class OverviewDialog(ModalScreen[int | None]):
    """Every question of an exam as answered, flagged or blank; enter jumps to the highlighted one."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = bindings.OVERVIEW

    def __init__(self, lines: list[str], current: int) -> None:
        super().__init__(classes="dialog")
        self.lines = lines
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static("Overview: enter goes to a question, escape goes back", markup=False,
                         classes="dialog-message")
            yield OptionList(*(Option(Text(line)) for line in self.lines), id="overview-list")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.current
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_close(self) -> None:
        self.dismiss(None)
