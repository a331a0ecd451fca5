"""The optimize popup of the statistics screen: fit FSRS to the learner's reviews, or say why not yet."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from courseware.core.store import FittedParameters
from courseware.core.study.optimizer import OptimizerError, describe, optimize, readiness
from courseware.tui import bindings
from courseware.tui.context import Courseware, courseware_of


class OptimizeScreen(ModalScreen[None]):
    """Runs the fit in a worker thread (it takes seconds to minutes) and shows the result when done."""

    BINDINGS = bindings.MODAL

    @property
    def courseware(self) -> Courseware:
        return courseware_of(self.app)

    def compose(self) -> ComposeResult:
        with Vertical(classes="popup", id="optimize"):
            yield Static("Optimize FSRS for you", classes="popup-title", markup=False)
            yield Static("", id="optimize-message", markup=False)
            keymap: dict[str, str] = getattr(self.app, "applied_keymap", {})
            yield Static(bindings.close_hint(keymap), classes="hint", markup=False)

    def on_mount(self) -> None:
        message = self.query_one("#optimize-message", Static)
        ready = readiness(self.courseware.store)
        if ready.blocker:
            message.update(ready.blocker)
            return
        message.update(f"Fitting FSRS to your {ready.reviews} reviews…")
        self._fit()

    @work(thread=True, exclusive=True)
    def _fit(self) -> None:
        try:
            fitted = optimize(self.courseware.store, self.courseware.clock())
        except OptimizerError as error:
            self.app.call_from_thread(self._show, str(error))
            return
        self.app.call_from_thread(self._done, fitted)

    def _done(self, fitted: FittedParameters) -> None:
        self._show(describe(fitted))

    def _show(self, text: str) -> None:
        self.query_one("#optimize-message", Static).update(text)

    def action_back(self) -> None:
        self.dismiss()
