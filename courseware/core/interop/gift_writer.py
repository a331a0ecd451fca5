"""Quiz questions written as GIFT that reads back as the same questions.

Question ids become ``::titles::`` (importing slugifies a title, and an id is already a slug); text with
line breaks or double spaces gets the ``[markdown]`` marker and ``\\n`` escapes, so neither Moodle's whitespace folding
nor a blank line can change it; text that would read as a weight or a format marker gets an explicit one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from courseware.core.interop.findings import unkept
from courseware.core.interop.gift import tidy
from courseware.core.model import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

_MARKER = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]")


def escape(text: str) -> str:
    """Text safe inside GIFT: control characters escaped, line breaks as ``\\n`` so blank lines cannot
    split the question."""
    out = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        out = out.replace(char, "\\" + char)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def _keeps_spacing(value: Any) -> bool:
    """Whether any text of a question has line breaks or runs of spaces: moodle-format GIFT folds them
    into one space, Markdown-format GIFT keeps them."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", value) != value
    if isinstance(value, dict):
        return any(_keeps_spacing(key) or _keeps_spacing(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_keeps_spacing(item) for item in value)
    return False


class _Question:
    """Writes one question's texts in one format."""

    def __init__(self, question: Question, note: Callable[[str], None]) -> None:
        self.question = question
        self.note = note
        self.marker = "[markdown]" if _keeps_spacing(question.model_dump()) else ""

    def text(self, value: str) -> str:
        """Escaped text; one that starts like a format marker is given the question's own marker first."""
        return (self.marker or "[moodle]") + escape(value) if _MARKER.match(value) else escape(value)

    def answer(self, prefix: str, value: str, weight: str = "", feedback: str | None = None) -> str:
        if not weight and value.lstrip().startswith("%"):
            weight = "%100%" if prefix == "=" else "%0%"
        tail = f"#{self.text(feedback)}" if feedback else ""
        return f"\n\t{prefix}{weight}{self.text(value)}{tail}"

    def write(self) -> str | None:
        body = self._answers()
        if body is None:
            return None
        question = self.question
        if question.topic:
            self.note(f"topic '{question.topic}' is not kept (GIFT has no topics)")
        if question.points != 1:
            self.note(f"points ({question.points:g}) are not kept (GIFT questions are worth 1)")
        for message in unkept(question, "GIFT", keeps=frozenset({"credit"})):
            self.note(message)
        explanation = f"\n\t####{self.text(question.explanation)}" if question.explanation else ""
        prompt = self.marker + self.text(question.prompt)
        return f"::{escape(question.id)}::{prompt} {{{body}{explanation}\n}}\n"

    def _answers(self) -> str | None:
        question = self.question
        if isinstance(question, SingleChoice):
            return "".join(self.answer("=" if c.correct else "~", c.text, _weight(c.credit) if not c.correct else "",
                                       c.feedback) for c in question.choices)
        if isinstance(question, MultipleChoice):
            share = f"%{100 / sum(c.correct for c in question.choices):.5g}%"
            credited = any(c.credit is not None for c in question.choices)
            return "".join(self.answer("~", c.text, _weight(c.credit if c.credit is not None else float(c.correct))
                                       if credited else share if c.correct else "%-100%", c.feedback)
                           for c in question.choices)
        if isinstance(question, TrueFalse):
            feedback = f"#{self.text(question.feedback)}" if question.feedback else ""
            return f"{'TRUE' if question.answer else 'FALSE'}{feedback}"
        if isinstance(question, ShortAnswer):
            if all("->" in answer for answer in question.answers):
                self.note("every answer contains '->', which GIFT reads as a matching pair: skipped")
                return None
            return "".join(self.answer("=", answer) for answer in question.answers)
        if isinstance(question, Numeric):
            if question.answer is None:
                self.note("a calculated numeric question cannot be written to GIFT: skipped")
                return None
            if question.unit:
                self.note(f"the unit '{question.unit}' is not kept (GIFT numbers have no unit)")
            tolerance = f":{tidy(question.tolerance)}" if question.tolerance else ""
            return f"#{tidy(question.answer)}{tolerance}"
        if isinstance(question, Matching):
            if any("->" in left for left in question.pairs):
                self.note("an item contains '->', which GIFT reads as the arrow of a pair: skipped")
                return None
            return "".join(f"\n\t={self.text(left)} -> {self.text(right)}" for left, right in question.pairs.items())
        assert isinstance(question, Ordering)
        self.note("GIFT has no ordering questions: skipped")
        return None


def _weight(credit: float | None) -> str:
    """A choice's credit as a GIFT weight (``%50%``), or nothing for none."""
    return f"%{credit * 100:.5g}%" if credit else ""


def write_gift(questions: list[Question], title: str, warn: Callable[[str, str], None]) -> tuple[str, int]:
    """The questions as GIFT and how many were written; ``warn(question_id, message)`` hears what GIFT
    cannot hold."""
    parts = [f"// {' '.join(title.split())}", "// Written by courseware export gift.", ""]
    for question in questions:
        written = _Question(question, functools.partial(warn, question.id)).write()
        if written is not None:
            parts.append(written)
    return "\n".join(parts), len(parts) - 3
