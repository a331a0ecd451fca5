"""Course text made safe to show: no terminal escape sequences or control characters reach the screen."""

from __future__ import annotations

import re

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without escape sequences and control characters (tabs and newlines are kept).

    A course file is data written by someone else: an ANSI sequence hidden in a module could otherwise
    recolour or clear the learner's terminal.
    """
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


def visible(text: str) -> str:
    """``text`` with control characters made visible (``ESC`` as ``^[``) so a terminal never obeys them.

    For line mode and error messages, where the learner or author should see what the file holds.
    """
    def caret(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"^{chr(code + 64)}" if code < 32 else "^?" if code == 127 else f"\\x{code:02x}"

    return _CONTROLS.sub(caret, text)
