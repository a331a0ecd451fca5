"""Flashcard drill: front, reveal, rate 1-4 with the next interval of each rating shown.

Every rating is stored the moment it is given (see ``core.scheduling``), so quitting mid-session loses
nothing. Typed mode asks for the answer first and says how close it was; cram mode drills a deck or tag
without touching the schedule.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from courseware.core.study.flashcards import StudySession, match_verdict, similarity
from courseware.core.study.scheduling import RATINGS, CardScope, Schedule, StudyCard, format_interval, study_cards
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.context import Courseware, courseware_of
from courseware.tui.styles import screen_css
from courseware.tui.widgets.footer import Footer

#: A pause longer than this while a card is shown is not counted as study time.
MAX_CARD_SECONDS = 120


#: What FSRS calls each state of a card that has been seen.
PHASES = {1: "learning", 2: "review", 3: "relearning"}


class AnswerField(Input):
    """The typed answer: enter checks it, escape leaves, F1 helps; every other key types."""

    BINDINGS = bindings.TYPED_ANSWER


class FlashcardScreen(Screen[None]):
    """A session over the due cards (or a deck, tag or list of cards)."""

    CSS = screen_css("flashcards.tcss")
    BINDINGS = bindings.FLASHCARDS
    #: Focus stays on the screen (where space and 1-4 are bound) unless an answer is to be typed.
    AUTO_FOCUS = None

    def __init__(self, *, deck_id: str | None = None, tag: str | None = None, card_ids: list[str] | None = None,
                 cram: bool = False, typed: bool = False) -> None:
        super().__init__()
        self.deck_id, self.tag, self.card_ids = deck_id, tag, card_ids
        self.cram, self.typed = cram, typed
        self.revealed = False
        self._shown_at = time.monotonic()
        self._studied = 0.0
        self._time_saved = False

    @property
    def courseware(self) -> Courseware:
        return courseware_of(self.app)

    def compose(self) -> ComposeResult:
        app = self.courseware
        self.schedule = Schedule(app.course, app.store, new_per_day=app.settings.new_cards_per_day,
                                 fuzzing=app.fuzzing, desired_retention=app.settings.desired_retention)
        ids = None if self.card_ids is None else tuple(self.card_ids)
        if self.cram:  # drilled in order, every card: the list is the session
            self.session = StudySession.start(self.schedule, study_cards(app.course, deck_id=self.deck_id, tag=self.tag,
                                                                         card_ids=ids), cram=True)
        else:  # the store finds the due and new cards of the scope, one at a time
            self.session = StudySession.start(self.schedule, CardScope(self.deck_id, self.tag, ids))
        self._started_at = app.clock()
        self.title = self._title()
        yield Header()
        yield Static(id="status", markup=False)
        with Vertical(id="card"):
            yield Static(id="front", markup=False)
            answer = AnswerField(placeholder="Type the answer, then enter", id="answer")
            answer.display = answer.can_focus = self.typed
            yield answer
            yield Static(id="verdict", markup=False)
            yield Static(id="back", markup=False)
        yield Static(id="ratings", markup=False)
        yield Footer()

    def _title(self) -> str:
        what = "Cram" if self.cram else "Flashcards"
        if self.deck_id:
            deck = self.courseware.course.decks.get(self.deck_id)
            what += f": {deck.title if deck else self.deck_id}"
        if self.tag:
            what += f" #{self.tag}"
        if self.card_ids is not None:
            what += ": leeches"
        return printable(what)

    def on_mount(self) -> None:
        self.show_card()

    def show_card(self) -> None:
        self.revealed = False
        card = self.session.current(self.courseware.clock())
        if card is None:
            self.show_summary()
            return
        self._shown_at = time.monotonic()
        self.query_one("#front", Static).update(Text(printable(card.front), style="bold"))
        back = self.query_one("#back", Static)
        back.update("")
        self.query_one("#verdict", Static).update("")
        answer = self.query_one("#answer", Input)
        if self.typed:
            answer.value = ""
            answer.disabled = False
            answer.focus()
        self._update_status(card)
        keymap = self.courseware.applied_keymap
        if self.typed:
            hint = f"Type the answer and press {bindings.key_label('check-answer', keymap)}"
        else:
            hint = f"{bindings.key_label('reveal', keymap)}: show the answer"
        self.query_one("#ratings", Static).update(Text(hint, style="dim"))
        self.refresh_bindings()

    def _update_status(self, card: StudyCard) -> None:
        state = self.schedule.state(card)
        kind = "new" if state is None else PHASES.get(state.phase or 0, "review")
        direction = " (reversed)" if card.reverse else ""
        if self.cram:
            left = self.session.remaining(self.courseware.clock())
            status = f"{left} to go · reviewed {self.session.reviewed} · {kind}{direction}"
            status += " · cram: the schedule is not changed"
        else:
            counts = self.session.counts(self.courseware.clock())
            status = (f"Left: {counts.new} new · {counts.learning} learning · {counts.review} review"
                      f" · reviewed {self.session.reviewed} · this card: {kind}{direction}")
        self.query_one("#status", Static).update(status)

    def current(self) -> StudyCard | None:
        return self.session.current(self.courseware.clock())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Rating keys work only once the answer is shown; reveal only before."""
        if action == "rate":
            return self.revealed
        if action == "reveal":
            return not self.revealed and self.current() is not None
        if action == "undo":
            return self.session.can_undo()
        if action == "suspend":  # not while an answer is typed: @ types there
            return not self.cram and self.current() is not None and not (self.typed and not self.revealed)
        return True

    def action_reveal(self) -> None:
        card = self.current()
        if card is None or self.revealed:
            return
        self.revealed = True
        self.query_one("#back", Static).update(Text(printable(card.back)))
        if self.typed:
            answer = self.query_one("#answer", Input)
            verdict = match_verdict(similarity(answer.value, card.back))
            self.query_one("#verdict", Static).update(Text(f"You typed: {answer.value}\n{verdict}"))
            answer.disabled = True
            self.set_focus(None)
        self.query_one("#ratings", Static).update(self._rating_line(card))
        self.refresh_bindings()

    def _rating_line(self, card: StudyCard) -> Text:
        line = Text()
        if self.cram:
            previews = {}
        else:
            previews = self.schedule.preview(card, self.courseware.clock())
        keymap = self.courseware.applied_keymap
        for rating, name in RATINGS.items():
            if line:
                line.append(" · ")
            line.append(f"{bindings.key_label(f'rate-{name.lower()}', keymap)} ", style="bold")
            line.append(name)
            if rating in previews:
                line.append(f" {format_interval(previews[rating])}", style="dim")
        return line

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_reveal()

    def action_rate(self, rating: int) -> None:
        if not self.revealed:
            return
        seconds = min(time.monotonic() - self._shown_at, MAX_CARD_SECONDS)
        self._studied += seconds
        with self.courseware.saving():
            self.session.rate(rating, self.courseware.clock(), duration_ms=round(seconds * 1000))
            self.show_card()

    def action_undo(self) -> None:
        if self.session.can_undo():
            with self.courseware.saving():
                self.session.undo()
                self.show_card()

    def action_suspend(self) -> None:
        """Suspend the card shown: it leaves every scheduled session until unsuspended (in Decks)."""
        card = self.current()
        if card is None or self.cram:
            return
        with self.courseware.saving():
            self.session.suspend(card, self.courseware.clock())
            self.notify(f"Suspended: {printable(card.front)}. Unsuspend it from Decks (d).", timeout=4,
                        markup=False)
            self.show_card()

    def show_summary(self) -> None:
        session = self.session
        self.query_one("#answer").display = False
        self.query_one("#verdict", Static).update("")
        self.query_one("#back", Static).update("")
        if session.reviewed:
            right = f"{session.right} right ({session.right / session.reviewed:.0%})"
            text = f"Session over: {session.reviewed} reviewed, {right}."
        else:
            text = "Nothing to review right now."
        summary = session.summary(self.courseware.clock())
        if summary.next_due is not None and not self.cram:
            wait = format_interval(summary.next_due - self.courseware.clock())
            text += f"\nNext card due in {wait} ({summary.next_due.astimezone():%a %d %b %H:%M})."
        self.query_one("#front", Static).update(Text(text))
        self.query_one("#status", Static).update("")
        back = bindings.key_label("back", self.courseware.applied_keymap)
        self.query_one("#ratings", Static).update(Text(f"{back}: back to the home screen", style="dim"))
        self.set_focus(None)
        self.refresh_bindings()

    def _save_time(self) -> None:
        if not self._time_saved:
            self._time_saved = True
            with self.courseware.saving():
                self.courseware.store.study_time.add("flashcards", self.deck_id or self.tag,
                                                     started_at=self._started_at, seconds=self._studied)

    def on_unmount(self) -> None:
        self._save_time()

    def action_back(self) -> None:
        self._save_time()
        self.app.pop_screen()
