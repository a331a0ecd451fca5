"""The app factory and the app: the one way the study app is built, by the command line and by the tests.

Screens other than home are imported inside the actions that open them, so start-up pays only for the
first screen (the Markdown widget and FSRS load when the reader or the cards first open). The home screen
paints from the course's files before they are checked (``core.course.unchecked``); the whole load, with
every check, runs in a worker once it has painted, and says then what is wrong.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from courseware.core.course.course import Course
from courseware.core.course.files import course_files, fingerprint_of
from courseware.core.course.unchecked import load_unchecked
from courseware.core.errors import CoursewareError
from courseware.core.settings import LoadedSettings, Settings, load_settings
from courseware.core.store import Store, StoreError, open_store
from courseware.core.store.connection import utc_now
from courseware.core.text import printable
from courseware.tui import bindings
from courseware.tui.commands import CoursewareCommands
from courseware.tui.context import Clock
from courseware.tui.settings_check import checked_settings

ScreenFactory = Callable[[], Screen[Any]]
#: Quiz, deck and exam files adding up to more than this are not read before the first paint: the home
#: screen shows the outline (title and modules) and says the rest is loading. A course this small is read
#: in a few milliseconds, and its first screen is complete at once.
EAGER_LOAD_BYTES = 1_000_000
#: Seconds between the first paint and the start of the whole load: the thread holds the interpreter in
#: long stretches, so the first frames and the first keys go through before it starts.
LOADING_DELAY = 0.15


class CourseChanged(Exception):
    """The course's files changed between the first read and the whole load: the app keeps what it showed."""


def _home_screen() -> Screen[None]:
    from courseware.tui.screens.home import HomeScreen

    return HomeScreen()


class CoursewareApp(App[None]):
    """The CCSM study app; screens see it as a ``courseware.tui.context.Courseware``."""

    CSS_PATH = "app.tcss"
    TITLE = "courseware"
    BINDINGS = bindings.APP
    COMMANDS = App.COMMANDS | {CoursewareCommands}
    #: The home screen is the base of the app's one mode (not ``get_default_screen``: Textual reads a
    #: screen's own CSS only for screens it opens, and a mode's base screen is one of them).
    DEFAULT_MODE = "home"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {"home": _home_screen}

    def __init__(self, course: Course, store: Store, *, clock: Clock = utc_now,
                 settings: LoadedSettings | None = None, fuzzing: bool = True,
                 first_screen: ScreenFactory | None = None, loading: bool = False,
                 outline_only: bool = False, read_as: str | None = None) -> None:
        """``loading``: ``course`` is unchecked, or only its outline (``outline_only``: title and modules); the
        whole course is loaded from its directory in a thread worker once the first screen has painted.
        ``read_as``: the files' fingerprint when ``course`` was read; if they differ by the time the whole load
        is done, the app keeps ``course`` rather than switch to other files under the learner's feet."""
        super().__init__()
        self._course = course
        self._loading = loading
        self._outline_only = outline_only and loading
        self._read_as = read_as
        self._loaded = threading.Event()
        self._started = False
        self._background: Course | BaseException | None = None
        self.store = store
        #: The time source every screen uses (exam countdowns, due cards), injected by tests.
        self.clock = clock
        #: FSRS interval fuzzing; tests turn it off to assert exact intervals.
        self.fuzzing = fuzzing
        loaded = checked_settings(settings or load_settings())
        self.settings: Settings = loaded.settings
        self.setting_problems = list(loaded.problems)
        #: Binding id -> keys, as rebound by the settings; the help screen shows these.
        self.applied_keymap: dict[str, str] = {}
        #: A screen to open at once, over the home screen (``courseware quiz ID`` opens the app on that quiz).
        self.first_screen = first_screen
        self.sub_title = course.meta.title

    @property
    def course(self) -> Course:
        """The whole course; while it still loads in the background, waits for it (what needs quizzes, decks
        or exams cannot do without them)."""
        if self._loading:
            if not self._started:  # wanted before the whole load began: load it here
                self._started = True
                self._background = self._load_whole()
                self._loaded.set()
            self._loaded.wait()
            self._course_arrived()
        return self._course

    @course.setter
    def course(self, course: Course) -> None:
        self._course, self._loading = course, False

    @property
    def course_so_far(self) -> Course:
        """The course as far as it has loaded: its files unchecked, or only the outline (title and modules) of
        a large course, until the whole course has arrived."""
        return self._course

    @property
    def course_loading(self) -> bool:
        return self._loading

    @property
    def course_outline_only(self) -> bool:
        return self._loading and self._outline_only

    def _start_loading(self) -> None:
        if self._loading and not self._started:
            self._started = True
            self.run_worker(self._load_whole_course, name="course", thread=True, exit_on_error=False)

    def _load_whole_course(self) -> None:
        from courseware.core.course.loader import LoadingStopped

        worker = get_current_worker()
        try:
            self._background = self._load_whole(stop=lambda: worker.is_cancelled)
        except LoadingStopped:
            pass  # the app is quitting
        except BaseException as error:  # handed to the UI thread, which raises it where the course is needed
            self._background = error
        finally:
            self._loaded.set()

    def _load_whole(self, stop: Callable[[], bool] | None = None) -> Course | BaseException:
        """The whole course, checked; or why not: :class:`CourseChanged` when the files are not those the
        course shown so far was read from (the whole load may then have failed, the directory being gone)."""
        from courseware.core.course.loader import load_course

        root = self._course.root
        try:
            whole: Course | BaseException = load_course(root, stop=stop)
        except CoursewareError as error:
            whole = error
        if self._read_as is not None and fingerprint_of(root) != self._read_as:
            return CourseChanged(str(root))
        return whole

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name == "course" and event.state == WorkerState.SUCCESS and self._loading:
            self._course_arrived()

    def _course_arrived(self) -> None:
        """Take the course the worker loaded, say what is wrong with it, and show it where it is on screen."""
        loaded = self._background
        if not self._loading or loaded is None:
            return
        if isinstance(loaded, CourseChanged):
            self._loading = False
            self.notify("The course's files changed as the app started: it goes on with the course as it first "
                        "read it, unchecked. Start it again for the new files (`courseware validate` checks "
                        "them).", severity="warning", timeout=15, markup=False)
            return
        if isinstance(loaded, BaseException):
            raise loaded
        self._course, self._loading = loaded, False
        self._report_course_problems()
        self.refresh_course_views()

    def refresh_course_views(self) -> None:
        """Screens painted from the outline redraw from the whole course."""
        from courseware.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and screen.is_mounted:
                screen.refresh_dashboard()

    def _report_course_problems(self) -> None:
        if self._course.problems:
            self.notify(problems_notice(self._course), severity="error", timeout=10, markup=False)

    def on_mount(self) -> None:
        self._apply_settings()
        if self.store.notice:
            self.notify(self.store.notice, severity="warning", timeout=10, markup=False)
        if self._loading:
            self.call_after_refresh(self.set_timer, LOADING_DELAY, self._start_loading)
        else:
            self._report_course_problems()
        if self.setting_problems:
            self.notify("\n".join(self.setting_problems), title="Settings", severity="warning", timeout=15,
                        markup=False)
        if self.first_screen is not None:
            self.push_screen(self.first_screen())

    def _apply_settings(self) -> None:
        """Theme and key bindings from the (already checked) settings; every problem in one notification."""
        self.theme = self.settings.theme
        self.applied_keymap = dict(self.settings.keys)
        if self.applied_keymap:
            self.set_keymap(self.applied_keymap)

    @contextmanager
    def saving(self) -> Iterator[None]:
        """Wrap a write to the store: if the disk refuses it, say so and keep the app running."""
        try:
            yield
        except StoreError as error:
            self.notify(f"{error}. This was not saved.", title="Progress", severity="error", timeout=10,
                        markup=False)

    async def action_escape_like(self) -> None:
        """``q`` on a screen that binds only escape: do what escape does there, so both keys agree."""
        active = self.screen.active_bindings.get("escape")
        if active is not None:
            await self.run_action(active.binding.action, active.node)
        elif len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.exit()

    # Navigation actions: screens, key bindings and the command palette all go through these.

    def running_closed_book_exam(self) -> str | None:
        """The title of a closed-book exam whose attempt is open and whose clock has not run out.

        Leaving the exam screen does not reopen the course: the clock keeps running, and so does the rule.
        """
        now = self.clock()
        for exam in self.course.exams.values():
            if exam.open_book:
                continue
            attempt = self.store.attempts.unfinished("exam", exam.id)
            if attempt is not None and attempt.deadline is not None and attempt.deadline > now:
                return printable(exam.title)
        return None

    def refused_during_exam(self) -> bool:
        """Whether a running closed-book exam keeps the reader, quizzes, cards and calculators shut (and say so)."""
        title = self.running_closed_book_exam()
        if title is None:
            return False
        self.notify(f"{title} is closed book: the reader, quizzes, cards and calculators open again once it "
                    "is submitted or its time is up.", severity="warning", markup=False)
        return True

    def action_read(self, module_id: str) -> None:
        from courseware.tui.screens.reader import ReaderScreen

        if self.refused_during_exam():
            return
        if self.course.module(module_id) is None:
            self.notify(f"No module '{module_id}' in this course", severity="error", markup=False)
            return
        self.push_screen(ReaderScreen(module_id))

    def action_drill(self, deck_id: str | None = None, tag: str | None = None, cram: bool = False,
                     typed: bool = False, leeches: bool = False) -> None:
        from courseware.tui.screens.flashcards import FlashcardScreen

        if self.refused_during_exam():
            return

        card_ids = None
        if leeches:
            from courseware.core.study.scheduling import Schedule

            # Leeches are drilled as cram: extra practice should not push their schedule around.
            card_ids = [card.card.id for card in Schedule(self.course, self.store).leeches()]
            cram = True
        self.push_screen(FlashcardScreen(deck_id=deck_id, tag=tag, card_ids=card_ids, cram=cram, typed=typed))

    def action_choose_drill(self) -> None:
        """Pick a deck or tag (scheduled, cram or typed), then drill it."""
        from courseware.tui.screens.decks import DeckPickerScreen, Drill

        if self.refused_during_exam():
            return

        def chosen(drill: Drill | None) -> None:
            if drill is not None:
                self.action_drill(drill.deck_id, drill.tag, cram=drill.cram, typed=drill.typed)

        self.push_screen(DeckPickerScreen(), chosen)

    def action_open_stats(self) -> None:
        from courseware.tui.screens.stats import StatsScreen

        if self.refused_during_exam():
            return

        self.push_screen(StatsScreen())

    def action_help(self) -> None:
        from courseware.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_glossary(self, card_id: str) -> None:
        from courseware.tui.screens.glossary import GlossaryScreen

        if self.refused_during_exam():
            return

        card = self.course.glossary.get(card_id)
        if card is None:
            self.notify(f"No glossary card '{card_id}' in this course", severity="error", markup=False)
            return
        self.push_screen(GlossaryScreen(card))

    def action_open_quizzes(self) -> None:
        from courseware.tui.screens.quizzes import QuizzesScreen

        if self.refused_during_exam():
            return

        self.push_screen(QuizzesScreen())

    def action_start_quiz(self, quiz_id: str) -> None:
        from courseware.tui.screens.quiz import QuizScreen

        if self.refused_during_exam():
            return

        self.push_screen(QuizScreen(quiz_id))

    def action_start_exam(self, exam_id: str) -> None:
        from courseware.tui.screens.exam import ExamScreen

        if self.refused_during_exam():
            return

        self.push_screen(ExamScreen(exam_id))

    def action_open_calculators(self) -> None:
        from courseware.tui.screens.calculators import CalculatorsScreen

        if self.refused_during_exam():
            return

        self.push_screen(CalculatorsScreen())


def problems_notice(course: Course) -> str:
    """One line naming every course file with a problem, relative to the course, and what to run."""
    def shown(path: Path) -> str:
        return str(path.relative_to(course.root)) if path.is_relative_to(course.root) else str(path)

    files = sorted({shown(problem.path) for problem in course.problems})
    return (f"Some course files have problems: {', '.join(files)}. Broken ones were skipped; "
            "`courseware validate` lists every problem.")


def create_app(*, course_root: Path, data_root: Path, clock: Clock = utc_now,
               settings: LoadedSettings | None = None, fuzzing: bool = True,
               first_screen: ScreenFactory | None = None, eager_bytes: int = EAGER_LOAD_BYTES) -> CoursewareApp:
    """Build the app as users run it; tests call this too, with temporary directories and a fake clock.

    ``settings`` defaults to the learner's settings file (``COURSEWARE_CONFIG`` overrides its directory). The
    course's files are read unchecked (only its outline when they add up to more than ``eager_bytes``), and
    checked in the background; a screen opened at once (``first_screen``) gets the whole course at once.
    """
    if first_screen is not None:
        from courseware.core.course.loader import load_course

        return CoursewareApp(load_course(course_root), open_store(data_root), clock=clock, settings=settings,
                             fuzzing=fuzzing, first_screen=first_screen)
    _, yaml_paths = course_files(course_root)
    large = sum(_size(path) for path in yaml_paths) > eager_bytes
    course = load_unchecked(course_root, modules_only=large)
    return CoursewareApp(course, open_store(data_root), clock=clock, settings=settings, fuzzing=fuzzing, loading=True,
                         outline_only=large, read_as=None if large else course.fingerprint)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # the loader reports it
        return 0
