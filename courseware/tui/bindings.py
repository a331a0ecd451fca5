"""Every key binding of the app, by screen, each with an id a learner can rebind in settings.toml.

The one table of keys: screens and widgets take their ``BINDINGS`` from here, the help screen and the
footer show them, the settings check knows the ids from here, ``courseware settings --keys`` prints it,
and the tests press every key of every screen listed in :data:`SCREENS`. Kept free of heavy imports so
the command line can read it without starting the app.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType

#: Leave the current screen (or popup). The same ids on every screen, so one rebinding changes them all.
BACK: list[BindingType] = [
    Binding("q", "back", "Back", id="back"),
    Binding("escape", "back", "Back", show=False, id="back-escape"),
]
#: Screens where the learner types: q types, escape leaves (shown, as q is not there) and F1 opens help.
TYPING: list[BindingType] = [
    Binding("escape", "back", "Back", id="back-escape"),
    Binding("f1", "app.help", "Help", id="help-f1"),
]

APP: list[BindingType] = [
    Binding("question_mark", "help", "Help", id="help"),
    Binding("f1", "help", "Help", show=False, id="help-f1"),
    # Screens that bind only escape (quizzes, exams, calculators) get q as well, doing the same.
    Binding("q", "escape_like", "Back", show=False, id="q-back"),
]

HOME: list[BindingType] = [
    # A screen has no ``quit`` action: the app's is meant.
    Binding("q", "app.quit", "Quit", id="quit"),
    Binding("escape", "app.quit", "Quit", show=False, id="quit-escape"),
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
    Binding("at", "suspend", "Suspend", id="suspend"),
]
#: The answer box of a typed-answer flashcard (q and space type there).
TYPED_ANSWER: list[BindingType] = [
    Binding("enter", "submit", "Check", id="check-answer"),
    Binding("escape", "screen.back", "Back", id="back-escape"),
    Binding("f1", "app.help", "Help", id="help-f1"),
]

DECKS: list[BindingType] = [
    *BACK,
    Binding("at", "toggle_suspended", "Suspend/unsuspend", id="deck-suspend"),
]

STATS: list[BindingType] = [
    *BACK,
    Binding("o", "optimize", "Optimize FSRS", id="optimize"),
]

MODAL: list[BindingType] = BACK

GLOSSARY: list[BindingType] = [*BACK, Binding("enter", "back", "Close", id="close")]

QUIZZES: list[BindingType] = [Binding("escape", "app.pop_screen", "Back", id="quizzes-back")]
QUIZ: list[BindingType] = [
    Binding("escape", "leave", "Leave (resume later)", id="quiz-leave"),
    Binding("f1", "app.help", "Help", show=False, id="help-f1"),
]
EXAM: list[BindingType] = [
    Binding("pagedown", "go(1)", "Next", id="exam-next", priority=True),
    Binding("pageup", "go(-1)", "Previous", id="exam-previous", priority=True),
    Binding("ctrl+s", "submit_exam", "Submit", id="exam-submit", priority=True),
    Binding("ctrl+o", "overview", "Overview", id="exam-overview", priority=True),
    Binding("ctrl+t", "flag", "Flag", id="exam-flag", priority=True),
    Binding("escape", "leave", "Leave", id="exam-leave"),
    Binding("f1", "app.help", "Help", show=False, id="help-f1"),
]
DIALOG: list[BindingType] = [Binding("escape", "cancel", "Cancel", id="dialog-cancel")]
OVERVIEW: list[BindingType] = [Binding("escape", "close", "Back", id="overview-close")]
CALCULATORS: list[BindingType] = [
    Binding("escape", "back", "Back", id="back-escape"),
    Binding("p", "practise", "Practise", id="practise"),
]
CALCULATOR: list[BindingType] = TYPING
PRACTICE: list[BindingType] = TYPING

QUESTION_OPTIONS: list[BindingType] = [
    Binding("up", "move(-1)", "Up", show=False, id="question-up"),
    Binding("down", "move(1)", "Down", show=False, id="question-down"),
    Binding("enter", "submit", "Answer", id="question-answer"),
]
QUESTION_CHOICE: list[BindingType] = [Binding("space", "tick", "Tick", show=False, id="question-tick")]
QUESTION_MATCHING: list[BindingType] = [
    Binding("left", "cycle(-1)", "Previous partner", show=False, id="question-partner-previous"),
    Binding("right", "cycle(1)", "Next partner", show=False, id="question-partner-next"),
]
QUESTION_ORDERING: list[BindingType] = [
    Binding("shift+up,left_square_bracket", "shift(-1)", "Move up", show=False, id="question-item-up"),
    Binding("shift+down,right_square_bracket", "shift(1)", "Move down", show=False, id="question-item-down"),
]

#: Every screen (and widget with keys of its own) and its bindings: what help and the tests go by.
SCREENS: dict[str, list[BindingType]] = {
    "Everywhere": APP,
    "Home": HOME,
    "Reader": READER,
    "Flashcards": FLASHCARDS,
    "Typed answer": TYPED_ANSWER,
    "Decks and tags": DECKS,
    "Statistics": STATS,
    "Quizzes": QUIZZES,
    "Quiz": QUIZ,
    "Exam": EXAM,
    "Question: options": QUESTION_OPTIONS,
    "Question: choice": QUESTION_CHOICE,
    "Question: matching": QUESTION_MATCHING,
    "Question: ordering": QUESTION_ORDERING,
    "Dialog": DIALOG,
    "Exam overview": OVERVIEW,
    "Calculators": CALCULATORS,
    "Calculator": CALCULATOR,
    "Practice": PRACTICE,
    "Glossary popup": GLOSSARY,
    "Popups (links, help, optimize)": MODAL,
}


def all_bindings() -> list[tuple[str, Binding]]:
    """(screen, binding) for every binding with an id, in the order of :data:`SCREENS`."""
    return [(screen, binding) for screen, listed in SCREENS.items() for binding in listed
            if isinstance(binding, Binding) and binding.id]


def binding_ids() -> set[str]:
    return {binding.id for _, binding in all_bindings() if binding.id}


def keys_of(binding_id: str, keymap: dict[str, str]) -> str:
    """The keys of a binding as the learner has them: their rebinding, else the default."""
    if binding_id in keymap:
        return keymap[binding_id]
    return next(binding.key for _, binding in all_bindings() if binding.id == binding_id)


def key_label(binding_id: str, keymap: dict[str, str]) -> str:
    """The first key of a binding, as a learner reads it (``space``, ``3``, ``?``), for hints in the screen."""
    key = keys_of(binding_id, keymap).split(",")[0]
    return _READABLE.get(key, key)


def close_hint(keymap: dict[str, str], *, also: str | None = None) -> str:
    """"q or esc to close" with the learner's keys for going back (and ``also``, a binding id, if given)."""
    keys = [key_label("back", keymap), key_label("back-escape", keymap)]
    if also:
        keys.append(key_label(also, keymap))
    return f"{', '.join(keys[:-1])} or {keys[-1]} to close"


def with_keys(binding: Binding, keymap: dict[str, str]) -> list[Binding]:
    """One copy of ``binding`` per key it has under ``keymap``."""
    keys = keymap.get(binding.id or "", binding.key)
    return [replace(binding, key=key) for key in keys.split(",")]


_READABLE = {"question_mark": "?", "right_square_bracket": "]", "left_square_bracket": "[", "at": "@",
             "escape": "esc", "pagedown": "pgdn", "pageup": "pgup"}
