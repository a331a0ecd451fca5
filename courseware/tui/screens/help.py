"""The help screen (?): every key binding of the screen underneath and of the app, as currently bound."""

from __future__ import annotations

from dataclasses import replace

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
from courseware.tui.styles import screen_css


class HelpScreen(ModalScreen[None]):
    """Lists the bindings that work where the learner was, with ids for rebinding in settings.toml."""

    CSS = screen_css("help.tcss")
    BINDINGS = bindings.MODAL

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def rows(self) -> list[tuple[str, str, str]]:
        """(key, what it does, binding id) for every binding active where the learner was."""
        keymap = courseware_of(self.app).applied_keymap
        rows = []
        # The screen's and the app's own bindings, also those not usable this moment (rating before the
        # answer is shown), with the keys the learner bound; then those of the focused widget.
        screen_bindings = [b for b in getattr(self.under, "BINDINGS", []) if isinstance(b, Binding)]
        taken = {binding.key for binding in screen_bindings}
        # An app binding the screen overrides (q on the home screen quits) is not listed.
        app_bindings = [b for b in getattr(self.app, "BINDINGS", []) if isinstance(b, Binding) and b.key not in taken]
        own = [*screen_bindings, *app_bindings]
        for binding in own:
            if binding.id:
                keys = keymap.get(binding.id, binding.key)
                shown = ", ".join(self.app.get_key_display(replace(binding, key=key)) for key in keys.split(","))
                rows.append((shown, binding.description, binding.id))
        seen = {binding.key for binding in own}
        for key, active in self.under.active_bindings.items():
            binding = active.binding
            if binding.id is None and key not in seen and binding.action != "command_palette":
                seen.add(key)
                rows.append((self.app.get_key_display(binding), binding.description or binding.action, ""))
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
