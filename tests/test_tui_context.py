"""Screens reach the app through ``courseware.tui.context``: the app must be everything that protocol says."""

from __future__ import annotations

from pathlib import Path

from courseware.tui.context import Courseware
from tests.apphelpers import make_app


def test_the_app_is_the_context_its_screens_use(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    context: Courseware = app  # mypy checks each member's type here
    assert isinstance(context, Courseware)  # and this that each member exists
