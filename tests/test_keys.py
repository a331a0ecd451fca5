"""Every key of every screen, pressed in a Pilot: one test per (screen, binding, key) of the binding table.

The parameters come from ``courseware.tui.bindings`` itself, and a binding added to the table without a
case here fails :func:`test_every_binding_in_the_table_has_a_case`. Each case opens its screen, checks that
the effect is *not* there yet, presses the key and waits for the effect: the screen changed, the app
exited (checked while the app still runs), or a value was stored. A key that does nothing fails.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList

from courseware.core.study.scheduling import study_cards
from courseware.tui import bindings
from courseware.tui.app import CoursewareApp
from courseware.tui.screens.calculator_form import CalculatorScreen
from courseware.tui.screens.calculators import CalculatorsScreen
from courseware.tui.screens.decks import DeckPickerScreen
from courseware.tui.screens.dialogs import ChoiceDialog, OverviewDialog
from courseware.tui.screens.exam import ExamScreen
from courseware.tui.screens.flashcards import FlashcardScreen
from courseware.tui.screens.glossary import GlossaryScreen
from courseware.tui.screens.help import HelpScreen
from courseware.tui.screens.home import HomeScreen
from courseware.tui.screens.links import LinksScreen
from courseware.tui.screens.optimize import OptimizeScreen
from courseware.tui.screens.practice import PracticeScreen
from courseware.tui.screens.quiz import QuizScreen
from courseware.tui.screens.quizzes import QuizzesScreen
from courseware.tui.screens.reader import ReaderScreen
from courseware.tui.screens.stats import StatsScreen
from courseware.tui.widgets.question import Answered, ChoiceInput, MatchingInput, OrderingInput
from tests.apphelpers import FakeClock, make_app
from tests.quiz_helpers import wait_for

P = Pilot[None]
Opener = Callable[[P], Awaitable[Any]]
Effect = Callable[[P, Any], bool]


@dataclass(frozen=True)
class Case:
    """How to reach the screen (returning what the effect compares with) and what the key must bring about."""

    open: Opener
    effect: Effect
    app: Callable[[Path], App[None]] = lambda data: make_app(data, clock=FakeClock())


def on(screen: type[Screen[Any]]) -> Effect:
    return lambda pilot, _: isinstance(pilot.app.screen, screen)


async def until(pilot: P, condition: Callable[[], bool]) -> None:
    await wait_for(pilot, condition)


def app_of(pilot: P) -> CoursewareApp:
    app = pilot.app
    assert isinstance(app, CoursewareApp)
    return app


async def home(pilot: P) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))


def opening(action: Callable[[CoursewareApp], Any], screen: type[Screen[Any]],
            then: Callable[[P], Awaitable[Any]] | None = None) -> Opener:
    """An opener: run an app action, wait for ``screen`` on top, then (optionally) a step more."""
    async def open_(pilot: P) -> Any:
        await home(pilot)
        action(app_of(pilot))
        await until(pilot, lambda: isinstance(pilot.app.screen, screen))
        return await then(pilot) if then else None
    return open_


def exited(pilot: P, _: Any) -> bool:
    """The app has been told to exit (seen while it is still running, before the test's context closes)."""
    return pilot.app.return_code is not None


# The reader: a short terminal so the module scrolls.

def page(pilot: P) -> VerticalScroll:
    return pilot.app.screen.query_one("#page", VerticalScroll)


async def reader_ready(pilot: P) -> float:
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    await until(pilot, lambda: screen._ready and page(pilot).max_scroll_y > 0)
    return page(pilot).scroll_y


async def reader_loaded(pilot: P) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, ReaderScreen)
    await until(pilot, lambda: screen._ready)


async def reader_at_end(pilot: P) -> float:
    await reader_ready(pilot)
    page(pilot).scroll_end(animate=False, immediate=True)
    await until(pilot, lambda: page(pilot).scroll_y >= page(pilot).max_scroll_y - 1)
    return page(pilot).scroll_y


def scrolled_down(pilot: P, before: float) -> bool:
    return page(pilot).scroll_y > before


def scrolled_up(pilot: P, before: float) -> bool:
    return page(pilot).scroll_y < before


def reading(module_id: str) -> Effect:
    return lambda pilot, _: isinstance(pilot.app.screen, ReaderScreen) and pilot.app.screen.module_id == module_id


read_retention = opening(lambda app: app.action_read("retention"), ReaderScreen, reader_ready)
read_retention_end = opening(lambda app: app.action_read("retention"), ReaderScreen, reader_at_end)


# Flashcards.

def cards_screen(pilot: P) -> FlashcardScreen:
    screen = pilot.app.screen
    assert isinstance(screen, FlashcardScreen)
    return screen


async def revealed(pilot: P) -> None:
    await pilot.press("space")
    await until(pilot, lambda: cards_screen(pilot).revealed)


def rated(rating: int) -> Effect:
    def effect(pilot: P, _: Any) -> bool:
        history = app_of(pilot).store.reviews.history()
        return [review.rating for review in history] == [rating]
    return effect


async def rated_once(pilot: P) -> None:
    await revealed(pilot)
    await pilot.press("3")
    await until(pilot, lambda: len(app_of(pilot).store.reviews.history()) == 1)


def undone(pilot: P, _: Any) -> bool:
    return app_of(pilot).store.reviews.history() == [] and not cards_screen(pilot).revealed


def suspended(pilot: P, _: Any) -> bool:
    return "terms/renewal-rate" in app_of(pilot).store.reviews.suspended_keys()


drill = opening(lambda app: app.action_drill(), FlashcardScreen)
drill_revealed = opening(lambda app: app.action_drill(), FlashcardScreen, revealed)
drill_rated = opening(lambda app: app.action_drill(), FlashcardScreen, rated_once)
typed = opening(lambda app: app.action_drill(typed=True), FlashcardScreen)


# Decks: a suspended card listed, highlighted, so @ unsuspends it.

async def suspended_card_highlighted(pilot: P) -> None:
    app = app_of(pilot)
    app.store.reviews.suspend("terms/churn", app.clock())
    await home(pilot)
    app.action_choose_drill()
    await until(pilot, lambda: isinstance(pilot.app.screen, DeckPickerScreen)
                and any(menu.option_count for menu in pilot.app.screen.query(OptionList)))
    menu = pilot.app.screen.query_one("#deck-list", OptionList)
    menu.highlighted = menu.option_count - 1
    assert "Suspended: Churn" in str(menu.get_option_at_index(menu.option_count - 1).prompt)


def unsuspended(pilot: P, _: Any) -> bool:
    return app_of(pilot).store.reviews.suspended_keys() == set()


# Quizzes and exams.

quiz = opening(lambda app: app.action_start_quiz("retention-quiz"), QuizScreen)


def exam_screen(pilot: P) -> ExamScreen:
    for screen in pilot.app.screen_stack:
        if isinstance(screen, ExamScreen):
            return screen
    raise AssertionError("no exam screen")


async def exam_started(pilot: P) -> int:
    await pilot.press("enter")
    await until(pilot, lambda: exam_screen(pilot).session is not None)
    return exam_screen(pilot).index


async def exam_on_second(pilot: P) -> int:
    await exam_started(pilot)
    await pilot.press("pagedown")
    await until(pilot, lambda: exam_screen(pilot).index == 1)
    return 1


async def exam_overview(pilot: P) -> None:
    await exam_started(pilot)
    await pilot.press("ctrl+o")
    await until(pilot, lambda: isinstance(pilot.app.screen, OverviewDialog))


exam = opening(lambda app: app.action_start_exam("mini-exam"), ExamScreen, exam_started)


def flagged(pilot: P, _: Any) -> bool:
    session = exam_screen(pilot).session
    return session is not None and bool(app_of(pilot).store.attempts.flags(session.attempt_id))


# A dialog, answered by its own key.

async def dialog(pilot: P) -> list[str | None]:
    answers: list[str | None] = []
    await home(pilot)
    pilot.app.push_screen(ChoiceDialog("Go on?", [("yes", "Yes"), ("no", "No")], cancel="no"), answers.append)
    await until(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
    return answers


# Calculators.

calculators = opening(lambda app: app.action_open_calculators(), CalculatorsScreen)


async def calculator_open(pilot: P) -> None:
    await calculators(pilot)
    pilot.app.push_screen(CalculatorScreen("retention"))
    await until(pilot, lambda: isinstance(pilot.app.screen, CalculatorScreen))


async def practice_open(pilot: P) -> None:
    await calculators(pilot)
    pilot.app.push_screen(PracticeScreen("retention", seed=1))
    await until(pilot, lambda: isinstance(pilot.app.screen, PracticeScreen))


# Popups.

async def glossary_open(pilot: P) -> None:
    await read_retention(pilot)
    app_of(pilot).action_glossary(study_cards(app_of(pilot).course)[0].card.id)
    await until(pilot, lambda: isinstance(pilot.app.screen, GlossaryScreen))


async def help_open(pilot: P) -> None:
    await home(pilot)
    app_of(pilot).action_help()
    await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))


def not_on(screen: type[Screen[Any]]) -> Effect:
    return lambda pilot, _: not isinstance(pilot.app.screen, screen)


# Question widgets, each mounted alone in a small app that records what it posts.

class WidgetApp(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget
        self.answered: list[Any] = []

    def compose(self) -> ComposeResult:
        yield self.widget

    def on_mount(self) -> None:
        self.widget.focus()

    def on_answered(self, message: Answered) -> None:
        self.answered.append(message.response)


def widget_case(make: Callable[[], Widget], effect: Callable[[Any], bool], start: Callable[[Any], None] | None = None
                ) -> Case:
    async def open_(pilot: P) -> None:
        app = pilot.app
        assert isinstance(app, WidgetApp)
        await until(pilot, lambda: app.widget.has_focus)
        if start is not None:
            start(app.widget)

    def check(pilot: P, _: Any) -> bool:
        app = pilot.app
        assert isinstance(app, WidgetApp)
        return effect(app)

    return Case(open_, check, app=lambda _: WidgetApp(make()))


def choices() -> ChoiceInput:
    return ChoiceInput(["one", "two", "three"], many=True)


def ordering() -> OrderingInput:
    return OrderingInput(["first", "second", "third"])


def set_cursor(position: int) -> Callable[[Any], None]:
    def start(widget: Any) -> None:
        widget.cursor = position
    return start


CASES: dict[tuple[str, str], Case] = {
    ("Everywhere", "help"): Case(home, on(HelpScreen)),
    ("Everywhere", "help-f1"): Case(home, on(HelpScreen)),
    ("Everywhere", "q-back"): Case(opening(lambda app: app.action_open_quizzes(), QuizzesScreen), on(HomeScreen)),

    ("Home", "quit"): Case(home, exited),
    ("Home", "quit-escape"): Case(home, exited),
    ("Home", "next-step"): Case(home, on(ReaderScreen)),
    ("Home", "flashcards"): Case(home, on(FlashcardScreen)),
    ("Home", "decks"): Case(home, on(DeckPickerScreen)),
    ("Home", "quizzes"): Case(home, on(QuizzesScreen)),
    ("Home", "calculators"): Case(home, on(CalculatorsScreen)),
    ("Home", "stats"): Case(home, on(StatsScreen)),

    ("Reader", "back"): Case(read_retention, on(HomeScreen)),
    ("Reader", "back-escape"): Case(read_retention, on(HomeScreen)),
    ("Reader", "next-section"): Case(read_retention, scrolled_down),
    ("Reader", "previous-section"): Case(read_retention_end, scrolled_up),
    ("Reader", "next-module"): Case(read_retention, reading("growth")),
    ("Reader", "previous-module"): Case(opening(lambda app: app.action_read("growth"), ReaderScreen, reader_loaded),
                                        reading("retention")),
    ("Reader", "contents"): Case(read_retention,
                                 lambda pilot, _: pilot.app.screen.query_one("#toc").has_focus_within),
    ("Reader", "links"): Case(read_retention, on(LinksScreen)),
    ("Reader", "take-quiz"): Case(read_retention, on(QuizScreen)),
    ("Reader", "scroll-down"): Case(read_retention, scrolled_down),
    ("Reader", "scroll-up"): Case(read_retention_end, scrolled_up),

    ("Flashcards", "back"): Case(drill, on(HomeScreen)),
    ("Flashcards", "back-escape"): Case(drill, on(HomeScreen)),
    ("Flashcards", "reveal"): Case(drill, lambda pilot, _: cards_screen(pilot).revealed),
    ("Flashcards", "rate-again"): Case(drill_revealed, rated(1)),
    ("Flashcards", "rate-hard"): Case(drill_revealed, rated(2)),
    ("Flashcards", "rate-good"): Case(drill_revealed, rated(3)),
    ("Flashcards", "rate-easy"): Case(drill_revealed, rated(4)),
    ("Flashcards", "undo"): Case(drill_rated, undone),
    ("Flashcards", "suspend"): Case(drill, suspended),

    ("Typed answer", "check-answer"): Case(typed, lambda pilot, _: cards_screen(pilot).revealed),
    ("Typed answer", "back-escape"): Case(typed, on(HomeScreen)),
    ("Typed answer", "help-f1"): Case(typed, on(HelpScreen)),

    ("Decks and tags", "back"): Case(opening(lambda app: app.action_choose_drill(), DeckPickerScreen), on(HomeScreen)),
    ("Decks and tags", "back-escape"): Case(opening(lambda app: app.action_choose_drill(), DeckPickerScreen),
                                            on(HomeScreen)),
    ("Decks and tags", "deck-suspend"): Case(suspended_card_highlighted, unsuspended),

    ("Statistics", "back"): Case(opening(lambda app: app.action_open_stats(), StatsScreen), on(HomeScreen)),
    ("Statistics", "back-escape"): Case(opening(lambda app: app.action_open_stats(), StatsScreen), on(HomeScreen)),
    ("Statistics", "optimize"): Case(opening(lambda app: app.action_open_stats(), StatsScreen), on(OptimizeScreen)),

    ("Quizzes", "quizzes-back"): Case(opening(lambda app: app.action_open_quizzes(), QuizzesScreen), on(HomeScreen)),
    ("Quiz", "quiz-leave"): Case(quiz, on(HomeScreen)),
    ("Quiz", "help-f1"): Case(quiz, on(HelpScreen)),

    ("Exam", "exam-next"): Case(exam, lambda pilot, before: exam_screen(pilot).index == before + 1),
    ("Exam", "exam-previous"): Case(opening(lambda app: app.action_start_exam("mini-exam"), ExamScreen, exam_on_second),
                                    lambda pilot, before: exam_screen(pilot).index == before - 1),
    ("Exam", "exam-submit"): Case(exam, on(ChoiceDialog)),
    ("Exam", "exam-overview"): Case(exam, on(OverviewDialog)),
    ("Exam", "exam-flag"): Case(exam, flagged),
    # Leaving a running exam asks first (the clock keeps running).
    ("Exam", "exam-leave"): Case(exam, on(ChoiceDialog)),
    ("Exam", "help-f1"): Case(exam, on(HelpScreen)),

    ("Question: options", "question-up"): widget_case(choices, lambda app: app.widget.cursor == 2),
    ("Question: options", "question-down"): widget_case(choices, lambda app: app.widget.cursor == 1),
    ("Question: options", "question-answer"): widget_case(choices, lambda app: app.answered == [[]]),
    ("Question: choice", "question-tick"): widget_case(choices, lambda app: app.widget.picked == {0}),
    ("Question: matching", "question-partner-previous"): widget_case(
        lambda: MatchingInput(["a", "b"], ["x", "y", "z"]), lambda app: app.widget.partners[0] == 1),
    ("Question: matching", "question-partner-next"): widget_case(
        lambda: MatchingInput(["a", "b"], ["x", "y", "z"]), lambda app: app.widget.partners[0] == 0),
    ("Question: ordering", "question-item-up"): widget_case(ordering, lambda app: app.widget.arrangement == (1, 0, 2),
                                                            start=set_cursor(1)),
    ("Question: ordering", "question-item-down"): widget_case(ordering,
                                                              lambda app: app.widget.arrangement == (1, 0, 2)),

    ("Dialog", "dialog-cancel"): Case(dialog, lambda pilot, answers: answers == ["no"]),
    ("Exam overview", "overview-close"): Case(
        opening(lambda app: app.action_start_exam("mini-exam"), ExamScreen, exam_overview), on(ExamScreen)),

    ("Calculators", "back-escape"): Case(calculators, on(HomeScreen)),
    ("Calculators", "practise"): Case(calculators, on(PracticeScreen)),
    ("Calculator", "back-escape"): Case(calculator_open, on(CalculatorsScreen)),
    ("Calculator", "help-f1"): Case(calculator_open, on(HelpScreen)),
    ("Practice", "back-escape"): Case(practice_open, on(CalculatorsScreen)),
    ("Practice", "help-f1"): Case(practice_open, on(HelpScreen)),

    ("Glossary popup", "back"): Case(glossary_open, not_on(GlossaryScreen)),
    ("Glossary popup", "back-escape"): Case(glossary_open, not_on(GlossaryScreen)),
    ("Glossary popup", "close"): Case(glossary_open, not_on(GlossaryScreen)),
    ("Popups (links, help, optimize)", "back"): Case(help_open, not_on(HelpScreen)),
    ("Popups (links, help, optimize)", "back-escape"): Case(help_open, not_on(HelpScreen)),
}

KEYS = [(screen, binding.id or "", key)
        for screen, binding in bindings.all_bindings() for key in binding.key.split(",")]


def test_every_binding_in_the_table_has_a_case() -> None:
    assert set(CASES) == {(screen, binding_id) for screen, binding_id, _ in KEYS}


@pytest.mark.parametrize(("screen", "binding_id", "key"), KEYS, ids=[f"{s}:{b}:{k}" for s, b, k in KEYS])
def test_each_key_does_what_it_says(screen: str, binding_id: str, key: str, tmp_path: Path) -> None:
    case = CASES[(screen, binding_id)]

    async def run() -> None:
        app = case.app(tmp_path)
        async with app.run_test(size=(80, 16)) as pilot:
            before = await case.open(pilot)
            assert not case.effect(pilot, before), "the effect was there before the key was pressed"
            await pilot.press(key)
            await until(pilot, lambda: case.effect(pilot, before))

    asyncio.run(run())



def test_every_binding_of_every_screen_and_widget_is_in_the_table_settings_accept() -> None:
    """What ``?`` lists is what settings.toml accepts: no screen keeps bindings of its own outside the table."""
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import courseware.tui.screens
    import courseware.tui.widgets
    from courseware.core.settings import LoadedSettings, Settings
    from courseware.tui.settings_check import checked_settings

    for package in (courseware.tui.screens, courseware.tui.widgets):
        for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            importlib.import_module(info.name)
    classes: list[type[DOMNode]] = [CoursewareApp]
    pending: list[type[DOMNode]] = [Screen, Widget]
    while pending:
        for subclass in pending.pop().__subclasses__():
            pending.append(subclass)
            if subclass.__module__.startswith("courseware."):
                classes.append(subclass)
    ids = {binding.id for cls in classes for binding in cls.__dict__.get("BINDINGS", [])
           if isinstance(binding, Binding) and binding.id}
    assert len(classes) > 15 and ids <= bindings.binding_ids()
    loaded = checked_settings(LoadedSettings(Settings(keys=dict.fromkeys(ids, "f2")), Path("settings.toml")))
    assert loaded.problems == [] and set(loaded.settings.keys) == ids
