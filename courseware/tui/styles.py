"""A screen's stylesheet that applies to that screen only.

Textual reads a screen's ``CSS_PATH`` into the app's one stylesheet, so its rules reach every screen opened
after it: the calculators' ``#verdict`` margin used to land on the flashcards' ``#verdict`` once the
calculators had been visited. A screen's inline ``CSS`` is scoped to the screen instead (``SCOPED_CSS``,
on by default): Textual prefixes each of its rules with the screen's type. So each screen keeps its rules
in a ``.tcss`` file beside its module and reads it into ``CSS``; reusable widgets carry theirs in
``DEFAULT_CSS``; ``app.tcss`` holds only what every popup shares.
"""

from __future__ import annotations

from pathlib import Path

SCREENS = Path(__file__).resolve().parent / "screens"


def screen_css(name: str) -> str:
    """The text of ``screens/NAME``, for a screen's ``CSS`` class variable."""
    return (SCREENS / name).read_text(encoding="utf-8")
