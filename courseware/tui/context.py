"""What a screen may use of the app: the course, the store, the settings, the clock and the navigation.

Screens and the command palette reach the app through this protocol instead of importing the app module,
which imports the screens: the app stays the one place that builds and opens screens, and no import
cycle runs through it. ``CoursewareApp`` implements the protocol: mypy checks it where a test assigns the
app to a ``Courseware``, and the check at run time (``runtime_checkable``) that each member exists.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol, cast, runtime_checkable

from textual.app import App

from courseware.core.course.course import Course
from courseware.core.settings import Settings
from courseware.core.store import Store

#: The time source every screen uses (exam countdowns, due cards), injected by tests.
Clock = Callable[[], datetime]


@runtime_checkable
class Courseware(Protocol):
    """The app as its screens see it."""

    @property
    def course(self) -> Course: ...

    @property
    def course_so_far(self) -> Course:
        """The course's files unchecked (only the outline, title and modules, of a large course) while the whole
        course loads in the background, then the whole course."""

    @property
    def course_loading(self) -> bool:
        """Whether the whole course is still loading."""

    @property
    def course_outline_only(self) -> bool:
        """Whether what has loaded so far is only the outline: the quizzes, cards and exams are still to come."""

    @property
    def store(self) -> Store: ...

    @property
    def settings(self) -> Settings: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def fuzzing(self) -> bool:
        """FSRS interval fuzzing; tests turn it off to assert exact intervals."""

    @property
    def applied_keymap(self) -> dict[str, str]:
        """Binding id -> keys, as rebound by the settings (the help screen shows these)."""

    def saving(self) -> AbstractContextManager[None]:
        """Wrap a write to the store: if the disk refuses it, the learner is told and the app keeps running."""

    # Navigation: key bindings (``app.drill``), the command palette and screens all open screens this way.

    def action_read(self, module_id: str) -> None: ...

    def action_drill(self, deck_id: str | None = None, tag: str | None = None, cram: bool = False,
                     typed: bool = False, leeches: bool = False) -> None: ...

    def action_choose_drill(self) -> None: ...

    def action_open_stats(self) -> None: ...

    def action_glossary(self, card_id: str) -> None: ...

    def action_open_quizzes(self) -> None: ...

    def action_start_quiz(self, quiz_id: str) -> None: ...

    def action_start_exam(self, exam_id: str) -> None: ...

    def action_open_calculators(self) -> None: ...


def courseware_of(app: App[Any]) -> Courseware:
    """The running app as a ``Courseware``: screens are only ever opened by ``CoursewareApp``."""
    return cast(Courseware, app)
