"""Choose what to drill: all due cards, one deck or one tag (with what is due and new in each), scheduled,
crammed or with typed answers; and suspend or unsuspend cards, leeches first.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from courseware.core.study.scheduling import CardScope, Schedule, StudyCard, course_tags
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.context import Courseware, courseware_of


@dataclass(frozen=True)
class Drill:
    """The arguments of ``app.action_drill`` for one choice."""

    deck_id: str | None = None
    tag: str | None = None
    cram: bool = False
    typed: bool = False


class DeckPickerScreen(ModalScreen[Drill | None]):
    """Every deck and tag of the course with its due and new cards, then the suspended cards and leeches."""

    BINDINGS = bindings.DECKS

    @property
    def courseware(self) -> Courseware:
        return courseware_of(self.app)

    def compose(self) -> ComposeResult:
        suspend = bindings.key_label("deck-suspend", self.courseware.applied_keymap)
        with Vertical(classes="popup", id="decks"):
            yield Static("Drill which cards?", classes="popup-title")
            yield OptionList(id="deck-list")
            close = bindings.close_hint(self.courseware.applied_keymap)
            yield Static(f"Cram drills without changing the schedule. {suspend} suspends or unsuspends the "
                         f"highlighted card. {close.capitalize()}.", classes="hint", markup=False)

    def on_mount(self) -> None:
        self.refresh_choices()

    def _counts(self, schedule: Schedule, scope: CardScope) -> str:
        counts = schedule.counts(self.courseware.clock(), scope=schedule.use_scope(scope))
        return f"{counts.learning + counts.review} due · {counts.new} new"

    def refresh_choices(self) -> None:
        app = self.courseware
        course = app.course
        schedule = Schedule(course, app.store, new_per_day=app.settings.new_cards_per_day)
        self.choices: list[tuple[str, Drill | StudyCard]] = [
            (f"Due and new cards, all decks ({self._counts(schedule, CardScope())})", Drill()),
            ("Due and new cards, typing the answers", Drill(typed=True))]
        for deck in course.decks.values():
            title = printable(deck.title)
            counts = self._counts(schedule, CardScope(deck_id=deck.id))
            self.choices += [(f"Deck {title}: due and new ({counts})", Drill(deck_id=deck.id)),
                             (f"Deck {title}: cram every card", Drill(deck_id=deck.id, cram=True))]
        for tag in course_tags(course):
            counts = self._counts(schedule, CardScope(tag=tag))
            self.choices += [(f"Tag #{printable(tag)}: due and new ({counts})", Drill(tag=tag)),
                             (f"Tag #{printable(tag)}: cram every card", Drill(tag=tag, cram=True))]
        key = bindings.key_label("deck-suspend", app.applied_keymap)
        for card in schedule.suspended():
            self.choices.append((f"Suspended: {printable(card.front)} (unsuspend with {key})", card))
        for card in schedule.leeches():
            self.choices.append((f"Leech: {printable(card.front)} (suspend with {key})", card))
        menu = self.query_one("#deck-list", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        menu.add_options([Option(Text(label), id=str(index)) for index, (label, _) in enumerate(self.choices)])
        menu.highlighted = min(highlighted or 0, len(self.choices) - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = self.choices[int(event.option.id or 0)][1]
        if isinstance(choice, Drill):
            self.dismiss(choice)
        else:
            self.action_toggle_suspended()

    def action_toggle_suspended(self) -> None:
        """Suspend the highlighted leech, or unsuspend the highlighted suspended card."""
        menu = self.query_one("#deck-list", OptionList)
        if menu.highlighted is None:
            return
        choice = self.choices[menu.highlighted][1]
        if not isinstance(choice, StudyCard):
            self.notify("Highlight a suspended card or a leech to suspend or unsuspend it.", markup=False)
            return
        app = self.courseware
        schedule = Schedule(app.course, app.store)
        with app.saving():
            if choice.key in app.store.reviews.suspended_keys():
                schedule.unsuspend(choice)
                self.notify(f"Unsuspended: {printable(choice.front)}", markup=False)
            else:
                schedule.suspend(choice, app.clock())
                self.notify(f"Suspended: {printable(choice.front)}", markup=False)
        self.refresh_choices()

    def action_back(self) -> None:
        self.dismiss(None)
