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
        """One line, whatever the message quotes from the file (a value with a newline in it, say)."""
        return printable(f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}").replace("\n", "\\n")


#: Longest word a hint is looked for, and most candidates compared: difflib's cost grows with both, and a
#: file can hold thousands of unknown keys or ids, so each hint must cost a bounded amount of work.
MAX_HINT_WORD = 100
MAX_HINT_CANDIDATES = 500
_CUTOFF = 0.6
#: Two strings whose lengths differ by more than this ratio can never reach the cutoff
#: (difflib's ratio is at most 2 * shorter / (shorter + longer)).
_LENGTH_RATIO = _CUTOFF / (2 - _CUTOFF)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the closest candidate (never ``word`` itself), or an empty string when nothing is close."""
    if not word or len(word) > MAX_HINT_WORD:
        return ""
    pool = [candidate for candidate in candidates if candidate != word and candidate
            and min(len(candidate), len(word)) / max(len(candidate), len(word)) >= _LENGTH_RATIO]
    if len(pool) > MAX_HINT_CANDIDATES:
        pool = ([candidate for candidate in pool if candidate[0] == word[0]] or pool)[:MAX_HINT_CANDIDATES]
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=_CUTOFF)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
