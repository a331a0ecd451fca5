"""The key footer of every screen, recomposed only while its screen is on top.

Textual's ``Footer`` recomposes all its keys whenever its screen's bindings change, and a screen's bindings
"change" when another screen is opened over it: the hidden screen then rebuilds a footer no one sees while
the new screen is painting its first screen (about 10 ms of a module's first screenful). When its screen is
back on top its bindings change again, so nothing is missed by waiting until then.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's footer, left as it is while another screen covers its own."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        stack = screen.app.screen_stack
        if stack and stack[-1] is screen:
            super().bindings_changed(screen)
