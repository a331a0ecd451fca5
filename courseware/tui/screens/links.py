"""A list of a module's links, so every link can be followed from the keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from courseware.tui import bindings


class LinksScreen(ModalScreen[str | None]):
    """Pick a link by what it leads to (a card's term, a module's title); the reader follows it."""

    BINDINGS = bindings.MODAL

    def __init__(self, links: list[tuple[str, str]]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(classes="popup"):
            yield Static("Links in this module", classes="popup-title")
            options = [Option(Text(text), id=str(index)) for index, (text, _) in enumerate(self.links)]
            yield OptionList(*options) if options else Static("This module has no links.")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.links[int(event.option.id or 0)][1])

    def action_back(self) -> None:
        self.dismiss(None)
