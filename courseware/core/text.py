"""Course text made safe to show: no terminal escape sequence or control character is ever obeyed."""

from __future__ import annotations

import re

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
