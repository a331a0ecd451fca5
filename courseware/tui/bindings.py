"""Every key binding of the app, by screen, each with an id a learner can rebind in settings.toml.

Kept in one place (and free of heavy imports) so the app can check ``[keys]`` in the settings against
real binding ids at start-up without importing every screen, and the help screen can list them all.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

#: Leave the current screen; on the home screen, quit. The same on every screen.
BACK: list[BindingType] = [
    Binding("q", "back", "Back", id="back"),
    Binding("escape", "back", "Back", show=False, id="back-escape"),
]

APP: list[BindingType] = [
    Binding("question_mark", "help", "Help", id="help"),
    # Screens that bind only escape (quizzes, exams, calculators) get q as well, doing the same.
    Binding("q", "escape_like", "Back", show=False, id="q-back"),
]

HOME: list[BindingType] = [
    Binding("q", "quit", "Quit", id="quit"),
    Binding("escape", "quit", "Quit", show=False, id="quit-escape"),
    Binding("n", "next_step", "Next step", id="next-step"),
    Binding("f", "app.drill", "Cards", id="flashcards"),
    Binding("d", "app.choose_drill", "Decks", id="decks"),
    Binding("z", "app.open_quizzes", "Quizzes", id="quizzes"),
    Binding("c", "app.open_calculators", "Calculators", show=False, id="calculators"),
    Binding("s", "app.open_stats", "Stats", id="stats"),
]

READER: list[BindingType] = [
    *BACK,
    Binding("n", "next_section", "Next §", id="next-section"),
    Binding("p", "previous_section", "Previous section", show=False, id="previous-section"),
    Binding("right_square_bracket", "next_module", "Module", id="next-module"),
    Binding("left_square_bracket", "previous_module", "Previous module", show=False, id="previous-module"),
    Binding("t", "toggle_contents", "Contents", id="contents"),
    Binding("l", "links", "Links", id="links"),
    Binding("z", "take_quiz", "Quiz", id="take-quiz"),
    Binding("j", "scroll_down", "Down", show=False, id="scroll-down"),
    Binding("k", "scroll_up", "Up", show=False, id="scroll-up"),
]

FLASHCARDS: list[BindingType] = [
    *BACK,
    Binding("space", "reveal", "Reveal", id="reveal"),
    Binding("1", "rate(1)", "Again", id="rate-again"),
    Binding("2", "rate(2)", "Hard", id="rate-hard"),
    Binding("3", "rate(3)", "Good", id="rate-good"),
    Binding("4", "rate(4)", "Easy", id="rate-easy"),
    Binding("u", "undo", "Undo", id="undo"),
]

MODAL: list[BindingType] = BACK

GLOSSARY: list[BindingType] = [*BACK, Binding("enter", "back", "Close", id="close")]

SCREENS: dict[str, list[BindingType]] = {
    "Everywhere": APP,
    "Home": HOME,
    "Reader": READER,
    "Flashcards": FLASHCARDS,
    "Other screens": BACK,
    "Glossary popup": GLOSSARY,
}


def binding_ids() -> set[str]:
    return {binding.id for bindings in SCREENS.values() for binding in bindings
            if isinstance(binding, Binding) and binding.id}
