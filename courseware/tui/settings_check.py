"""The settings checked against what the app really has (its themes and binding ids).

The app and ``courseware settings`` both go through :func:`checked_settings`, so a learner is told the same
problems, at the same lines, whichever they look at.
"""

from __future__ import annotations

from textual.theme import BUILTIN_THEMES

from courseware.core.settings import LoadedSettings, check_settings
from courseware.tui import bindings


def checked_settings(loaded: LoadedSettings) -> LoadedSettings:
    return check_settings(loaded, binding_ids=bindings.binding_ids(), themes=BUILTIN_THEMES.keys())
