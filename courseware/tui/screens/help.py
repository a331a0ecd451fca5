"""The help screen (?): every key binding of the screen underneath and of the app, as currently bound."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from courseware.core.settings import settings_path
from courseware.tui import bindings
from courseware.tui.context import courseware_of


class HelpScreen(ModalScreen[None]):
    """Lists the bindings that work where the learner was, with ids for rebinding in settings.toml."""

    BINDINGS = bindings.MODAL

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def rows(self) -> list[tuple[str, str, str]]:
        """(keys, what it does, binding id) for every binding where the learner was, as currently bound."""
        keymap = courseware_of(self.app).applied_keymap
        rows: list[tuple[str, str, str]] = []
        listed: set[str] = set()

        def add(binding: Binding) -> None:
            if binding.id in listed:
                return
            listed.add(binding.id or "")
            shown = ", ".join(self.app.get_key_display(copy) for copy in bindings.with_keys(binding, keymap))
            rows.append((shown, binding.description or binding.action, binding.id or ""))

        # The screen's own bindings, also those not usable this moment (rating before the answer is
        # shown); then those of the focused widget; then the app's that the screen does not override.
        screen_bindings = [b for b in getattr(self.under, "BINDINGS", []) if isinstance(b, Binding)]
        for binding in screen_bindings:
            add(binding)
        taken = {key for binding in screen_bindings for key in keymap.get(binding.id or "", binding.key).split(",")}
        for key, active in self.under.active_bindings.items():
            if key not in taken and active.binding.action != "command_palette" and active.node is not self.app:
                add(active.binding)
        for binding in getattr(self.app, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.key not in taken:
                add(binding)
        return rows

    def _table(self) -> Table:
        table = Table(box=None, padding=(0, 2, 0, 0), show_header=True, header_style="bold")
        table.add_column("Key")
        table.add_column("Does")
        table.add_column(Text("Id (for [keys])"), style="dim")
        for key, description, binding_id in self.rows():
            table.add_row(Text(key), Text(description), Text(binding_id))
        return table

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="popup", id="help"):
            yield Static("Keys on this screen", classes="popup-title", markup=False)
            yield Static(self._table(), id="help-keys")
            yield Static(Text("ctrl+p opens the command palette: open a module, drill a deck or tag, start a quiz, "
                              f"open the calculators. Rebind keys in {settings_path()}."), classes="hint")

    def action_back(self) -> None:
        self.dismiss()
