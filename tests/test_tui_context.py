"""Screens reach the app through ``courseware.tui.context``: the app must be everything that protocol says."""

from __future__ import annotations

from courseware.tui.app import CoursewareApp
from courseware.tui.context import Courseware


def test_the_app_is_the_context_its_screens_use(app: CoursewareApp) -> None:
    context: Courseware = app  # mypy checks each member's type here
    assert isinstance(context, Courseware)  # and this that each member exists
