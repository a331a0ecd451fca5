"""Choose what to drill: all due cards, one deck or one tag, scheduled, crammed or with typed answers."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from courseware.core.study.scheduling import course_tags
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.context import courseware_of


@dataclass(frozen=True)
class Drill:
    """The arguments of ``app.action_drill`` for one choice."""

    deck_id: str | None = None
    tag: str | None = None
    cram: bool = False
    typed: bool = False


class DeckPickerScreen(ModalScreen[Drill | None]):
    """Every deck and tag of the course, each to drill on schedule or to cram."""

    BINDINGS = bindings.MODAL

    def compose(self) -> ComposeResult:
        course = courseware_of(self.app).course
        self.choices: list[tuple[str, Drill]] = [("Due cards, all decks", Drill()),
                                                 ("Due cards, typing the answers", Drill(typed=True))]
        for deck in course.decks.values():
            title = printable(deck.title)
            self.choices += [(f"Deck {title}: due cards", Drill(deck_id=deck.id)),
                             (f"Deck {title}: cram every card", Drill(deck_id=deck.id, cram=True))]
        for tag in course_tags(course):
            self.choices += [(f"Tag #{tag}: due cards", Drill(tag=tag)),
                             (f"Tag #{tag}: cram every card", Drill(tag=tag, cram=True))]
        with Vertical(classes="popup", id="decks"):
            yield Static("Drill which cards?", classes="popup-title")
            yield OptionList(*(Option(Text(label), id=str(index)) for index, (label, _) in enumerate(self.choices)))
            yield Static("Cram drills without changing the schedule. q or escape to close.", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)][1])

    def action_back(self) -> None:
        self.dismiss(None)
