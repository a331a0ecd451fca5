"""A glossary card in a popup: what a ``glossary:`` link in a module points to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from courseware.core.model import Card
from courseware.core.text import printable
from courseware.tui import bindings


class GlossaryScreen(ModalScreen[None]):
    """Shows the card's back without leaving the module being read."""

    BINDINGS = bindings.GLOSSARY

    def __init__(self, card: Card) -> None:
        super().__init__()
        self.card = card

    def compose(self) -> ComposeResult:
        with Vertical(id="glossary", classes="popup"):
            yield Static(printable(self.card.front), markup=False, classes="popup-title")
            yield Static(printable(self.card.back), markup=False, id="glossary-back")
            keymap: dict[str, str] = getattr(self.app, "applied_keymap", {})
            yield Static(bindings.close_hint(keymap, also="close"), markup=False, classes="hint")

    def action_back(self) -> None:
        self.dismiss()
