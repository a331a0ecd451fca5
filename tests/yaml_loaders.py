"""The YAML parsers courseware may meet, for tests that must hold whichever one is installed.

``libyaml`` is PyYAML's C parser (absent when PyYAML was built without it), ``pure-python`` its own
parser, and ``own-limits`` stands for a future parser that refuses deep documents itself, earlier and in
its own words (as libyaml 0.2.6, bundled with PyYAML 6.0.4, does with "exceeded maximum nesting depth").
"""

from __future__ import annotations

from typing import Any

import yaml


class ParserWithOwnLimits(yaml.SafeLoader):
    """A parser that refuses nesting past 20 levels with a message of its own."""

    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        if self.depth > 20:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
            raise yaml.MarkedYAMLError(problem="exceeded maximum nesting depth", problem_mark=mark)
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


LOADERS: dict[str, type[Any]] = {"pure-python": yaml.SafeLoader, "own-limits": ParserWithOwnLimits}
if hasattr(yaml, "CSafeLoader"):
    LOADERS["libyaml"] = yaml.CSafeLoader
