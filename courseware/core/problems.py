"""Located problems and the one error type the core raises for people.

Validation collects every problem with its position instead of stopping at the first, like a compiler,
so a trainer can fix a whole file in one pass.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from courseware.core.text import printable


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a course file, at a 1-based line and column."""

    path: Path
    line: int
    column: int
    message: str
    severity: str = "error"
    """``error`` (the file is refused) or ``warning`` (it loads, but something in it is probably a mistake)."""

    def __str__(self) -> str:
        return printable(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}")


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate, or an empty string when nothing is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
