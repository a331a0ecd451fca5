"""Course text made safe to show: no terminal escape sequence or control character is ever obeyed."""

from __future__ import annotations

import math
import re
import unicodedata

from courseware.core.errors import AnswerFormatError

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _caret(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"^{chr(code + 64)}" if code < 32 else "^?" if code == 127 else f"\\x{code:02x}"


def printable(text: str) -> str:
    """``text`` with control characters made visible (``ESC`` as ``^[``); tabs and newlines are kept.

    A course file is data written by someone else: an ANSI sequence hidden in a module could otherwise
    recolour or clear the learner's terminal. Showing it literally, instead of dropping it, lets a
    trainer see what is in the file.
    """
    return _CONTROLS.sub(_caret, text)


_ARTICLES = re.compile(r"\b(a|an|the)\b", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]")


def normalise_text(text: str, *, keep_case: bool = False) -> str:
    """Lower case (unless ``keep_case``), no punctuation, no articles, single spaces: how short answers are
    compared.

    Articles are dropped only when a word is left, and punctuation only when something is left, so no
    answer a trainer accepts (``"A"``, ``"The The"``, ``"?"``) normalises to nothing and becomes
    impossible to give.
    """
    folded = " ".join(unicodedata.normalize("NFKC", text).split())
    folded = folded if keep_case else folded.casefold()
    words = _NON_WORD.sub(" ", folded.replace("&", " and ")).split() or folded.split()
    kept = [word for word in words if not _ARTICLES.fullmatch(word)]
    return " ".join(kept or words)


def parse_number(text: str, unit: str | None = None) -> float:
    """Read a typed number, ignoring ``%``, currency signs, thousands separators and the unit."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().lower()
    if unit:
        cleaned = cleaned.replace(unit.lower(), " ")
    cleaned = re.sub(r"[%$€£\s]|(?<=\d),(?=\d{3}\b)", "", cleaned).replace("−", "-")
    for word in ("months", "month", "years", "year", "x", "times"):
        if cleaned.endswith(word):
            cleaned = cleaned[: -len(word)]
    try:
        value = float(cleaned)
    except ValueError:
        raise AnswerFormatError(f"'{text.strip()}' is not a number") from None
    if not math.isfinite(value):
        raise AnswerFormatError(f"'{text.strip()}' is not a finite number")
    return value
