"""The app factory: the one way the study app is built, by the command line and by the tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from courseware.core.course import Course
from courseware.core.loader import load_course
from courseware.core.store import Store, open_store
from courseware.core.store.connection import utc_now

Clock = Callable[[], datetime]
ScreenFactory = Callable[[], Screen[Any]]


class CoursewareApp(App[None]):
    """The CCSM study app."""

    CSS_PATH = "app.tcss"
    TITLE = "courseware"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, course: Course, store: Store, *, clock: Clock = utc_now,
                 first_screen: ScreenFactory | None = None) -> None:
        super().__init__()
        self.course = course
        self.store = store
        #: The time source every screen uses (exam countdowns, due cards), injected by tests.
        self.clock = clock
        #: A screen to open at once (``courseware quiz ID`` opens the app on that quiz).
        self.first_screen = first_screen
        self.sub_title = course.meta.title

    def compose(self) -> ComposeResult:
        yield Header()
        for module in self.course.modules:
            yield Static(f"{module.meta.order}. {module.title}", markup=False, classes="module")
        yield Footer()

    def on_mount(self) -> None:
        if self.store.notice:
            self.notify(self.store.notice, severity="warning", timeout=10)
        if self.course.problems:
            files = sorted({str(problem.path) for problem in self.course.problems})
            self.notify("Some course files did not load: " + ", ".join(files), severity="error", timeout=10)
        if self.first_screen is not None:
            self.push_screen(self.first_screen())


def create_app(*, course_root: Path, data_root: Path, clock: Clock = utc_now,
               first_screen: ScreenFactory | None = None) -> CoursewareApp:
    """Build the app as users run it; tests call this too, with temporary directories and a fake clock."""
    return CoursewareApp(load_course(course_root), open_store(data_root), clock=clock,
                         first_screen=first_screen)
