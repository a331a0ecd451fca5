"""How a question is shown in one attempt: the order of its choices, partners and items, lettered.

The order is drawn once from the attempt's seeded random generator and kept in the attempt's plan, so a
resumed attempt shows exactly what was shown before and a line-mode answer such as ``b,a,c`` means the
same thing on every screen. Responses are always converted back to the file-order values that
``courseware.core.assessment.grading`` expects, so grading never depends on what was shuffled.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from courseware.core.assessment.grading import correct_answer_text
from courseware.core.calculators.quiz import expected_value, render_prompt
from courseware.core.course.course import QuestionRef
from courseware.core.errors import AnswerFormatError
from courseware.core.model import (
    Case,
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from courseware.core.quantities import read_answer
from courseware.core.text import printable

LETTERS = "abcdefghijklmnopqrstuvwxyz"

TYPE_NAMES = {
    "single": "single choice", "multiple": "multiple choice", "true_false": "true or false",
    "short": "short answer", "numeric": "number", "matching": "matching", "ordering": "ordering",
}



def partners(question: Matching) -> list[str]:
    """The right-hand options of a matching question, once each, in file order, distractors last."""
    return list(dict.fromkeys([*question.pairs.values(), *question.distractors]))


def _mixed(count: int, rng: random.Random) -> tuple[int, ...]:
    """A permutation that is never the identity (when there is more than one element)."""
    order = list(range(count))
    rng.shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return tuple(order)


def _shuffled(count: int, rng: random.Random, shuffle: bool) -> tuple[int, ...]:
    order = list(range(count))
    if shuffle:
        rng.shuffle(order)
    return tuple(order)


@dataclass(frozen=True)
class Shown:
    """A question as shown: ``order`` lists the options (choices, partners or items) in display order
    by their file index; ``rows`` lists a matching question's left-hand items in display order. A
    calculator-backed numeric question also carries the ``inputs`` drawn for this attempt, the value
    they give (``expected``) and the calculator's worked ``steps``."""

    ref: QuestionRef
    order: tuple[int, ...] = ()
    rows: tuple[int, ...] = ()
    inputs: Mapping[str, float] | None = None
    expected: float | None = None
    steps: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        return self.ref.key

    @property
    def question(self) -> Question:
        return self.ref.question

    @property
    def type_name(self) -> str:
        return TYPE_NAMES[self.question.type]

    @property
    def case(self) -> Case | None:
        """The case the question is about, shown above it."""
        wanted = self.question.case
        return next((case for case in self.ref.quiz.cases if case.id == wanted), None) if wanted else None

    @property
    def prompt(self) -> str:
        """The prompt, with a calculator question's drawn inputs written in."""
        question = self.question
        if isinstance(question, Numeric) and self.inputs:
            return render_prompt(question, self.inputs)
        return question.prompt

    def correct_answer(self) -> str:
        return correct_answer_text(self.question, expected=self.expected)

    def _all_options(self) -> list[str]:
        question = self.question
        if isinstance(question, SingleChoice | MultipleChoice):
            return [choice.text for choice in question.choices]
        if isinstance(question, Matching):
            return partners(question)
        if isinstance(question, Ordering):
            return list(question.items)
        return []

    def options(self) -> list[str]:
        """The lettered options in display order (empty for true/false, short and numeric)."""
        everything = self._all_options()
        return [everything[index] for index in self.order]

    def lefts(self) -> list[str]:
        """A matching question's left-hand items in display order."""
        if not isinstance(self.question, Matching):
            return []
        keys = list(self.question.pairs)
        return [keys[index] for index in self.rows]

    def to_plan(self) -> dict[str, Any]:
        plan: dict[str, Any] = {"key": self.key, "order": list(self.order), "rows": list(self.rows)}
        if self.inputs is not None:
            plan["inputs"] = dict(self.inputs)
        return plan

    @classmethod
    def from_plan(cls, ref: QuestionRef, entry: dict[str, Any]) -> Shown:
        """The stored presentation (with a calculator question's stored inputs replayed), or a fresh
        file-order one when the question changed since."""
        fresh = present(ref, random.Random(0), shuffle=False)
        order, rows = tuple(entry.get("order", ())), tuple(entry.get("rows", ()))
        if sorted(order) != sorted(fresh.order) or sorted(rows) != sorted(fresh.rows):
            return fresh
        inputs = entry.get("inputs")
        if isinstance(ref.question, Numeric) and ref.question.calculator and isinstance(inputs, dict):
            value, used, steps = expected_value(ref.question, inputs=inputs)
            return cls(ref, order, rows, used, value, tuple(steps))
        return cls(ref, order, rows, fresh.inputs, fresh.expected, fresh.steps)

    def response_for_options(self, picked: list[int]) -> Any:
        """The grading response for display positions ``picked`` (choices, partners per row, or items)."""
        question = self.question
        if isinstance(question, SingleChoice):
            return self.order[picked[0]]
        if isinstance(question, MultipleChoice):
            return sorted({self.order[position] for position in picked})
        options = self.options()
        if isinstance(question, Matching):
            return {left: options[position] for left, position in zip(self.lefts(), picked, strict=True)}
        if isinstance(question, Ordering):
            return [options[position] for position in picked]
        raise AnswerFormatError(f"a {self.type_name} question has no lettered options")

    def positions_of(self, response: Any) -> list[int]:
        """The display positions a stored response picked: the inverse of ``response_for_options``."""
        question = self.question
        options = self.options()
        if isinstance(question, SingleChoice) and isinstance(response, int):
            return [self.order.index(response)] if response in self.order else []
        if isinstance(question, MultipleChoice) and isinstance(response, list):
            return sorted(self.order.index(index) for index in response if index in self.order)
        if isinstance(question, Matching) and isinstance(response, dict):
            return [options.index(response[left]) if response.get(left) in options else -1
                    for left in self.lefts()]
        if isinstance(question, Ordering) and isinstance(response, list):
            return [options.index(item) for item in response if item in options]
        return []


def present(ref: QuestionRef, rng: random.Random, *, shuffle: bool) -> Shown:
    """Draw how ``ref`` is shown. Ordering items and matching partners are always mixed, because their
    file order is the answer; choices and matching rows keep file order when ``shuffle`` is off."""
    question = ref.question
    if isinstance(question, SingleChoice | MultipleChoice):
        return Shown(ref, _shuffled(len(question.choices), rng, shuffle))
    if isinstance(question, Matching):
        rows = _shuffled(len(question.pairs), rng, shuffle)
        return Shown(ref, _mixed(len(partners(question)), rng), rows)
    if isinstance(question, Ordering):
        return Shown(ref, _mixed(len(question.items), rng))
    if isinstance(question, Numeric) and question.calculator:
        value, inputs, steps = expected_value(question, rng)
        return Shown(ref, inputs=inputs, expected=value, steps=tuple(steps))
    return Shown(ref)


def markdown_spans(source: str) -> list[tuple[str, frozenset[str]]]:
    """Markdown as runs of text with their styles (``bold``, ``italic``, ``code``): the app styles them,
    line mode joins them into plain text, so neither shows ``**`` or backticks."""
    from markdown_it import MarkdownIt

    spans: list[tuple[str, frozenset[str]]] = []
    styles: list[str] = []
    started, in_item = False, False
    for token in MarkdownIt("commonmark").parse(source):
        if token.type == "list_item_open":
            spans.append(("\n• " if started else "• ", frozenset()))
            started, in_item = True, True
        elif token.type in {"paragraph_open", "heading_open", "fence", "code_block"}:
            if started and not in_item:
                spans.append(("\n\n" if token.level == 0 else "\n", frozenset()))
            in_item = False
            if token.type in {"fence", "code_block"}:
                spans.append((token.content.rstrip("\n"), frozenset({"code"})))
            started = True
        if token.type != "inline":
            continue
        for child in token.children or ():
            if child.type in {"strong_open", "em_open"}:
                styles.append("bold" if child.type == "strong_open" else "italic")
            elif child.type in {"strong_close", "em_close"} and styles:
                styles.pop()
            elif child.type in {"text", "html_inline"}:
                spans.append((child.content, frozenset(styles)))
            elif child.type == "code_inline":
                spans.append((child.content, frozenset({*styles, "code"})))
            elif child.type in {"softbreak", "hardbreak"}:
                spans.append(("\n" if child.type == "hardbreak" else " ", frozenset()))
    return spans


def plain_text(source: str) -> str:
    """Markdown written out as plain text, for line mode and screen readers."""
    return "".join(span for span, _ in markdown_spans(source))


def _letters(text: str, count: int) -> list[int]:
    tokens = [token for token in re.split(r"[\s,;]+", text.strip().lower()) if token]
    if len(tokens) == 1 and len(tokens[0]) > 1 and tokens[0].isalpha():
        tokens = list(tokens[0])
    valid = LETTERS[:count]
    for token in tokens:
        if len(token) != 1 or token not in valid:
            raise AnswerFormatError(f"'{printable(token)}' is not one of the letters {valid[0]}-{valid[-1]}")
    return [valid.index(token) for token in tokens]


def parse_line(shown: Shown, text: str) -> Any:
    """Read one typed line as a response to ``shown`` (letters as displayed); refuse what cannot be read."""
    question = shown.question
    text = text.strip()
    count = len(shown.options())
    if isinstance(question, SingleChoice):
        picked = _letters(text, count)
        if len(picked) != 1:
            raise AnswerFormatError("give exactly one letter")
        return shown.response_for_options(picked)
    if isinstance(question, MultipleChoice):
        picked = _letters(text, count)
        if not picked:
            raise AnswerFormatError("give one or more letters, such as a,c")
        return shown.response_for_options(picked)
    if isinstance(question, TrueFalse):
        word = text.lower()
        if word in {"true", "t", "yes", "y"}:
            return True
        if word in {"false", "f", "no", "n"}:
            return False
        raise AnswerFormatError("answer true or false")
    if isinstance(question, ShortAnswer):
        if not text:
            raise AnswerFormatError("type an answer")
        return text
    if isinstance(question, Numeric):
        read_answer(text, question.unit)
        return text
    if isinstance(question, Matching):
        picked = _letters(text, count)
        if len(picked) != len(shown.rows):
            raise AnswerFormatError(f"give one letter for each of the {len(shown.rows)} items, such as b,a,c")
        return shown.response_for_options(picked)
    picked = _letters(text, count)
    if sorted(picked) != list(range(count)):
        raise AnswerFormatError(f"give each of the {count} letters once, in the right order")
    return shown.response_for_options(picked)


def describe(shown: Shown, response: Any) -> str:
    """A stored response written out for the learner (in review, and after each answer)."""
    question = shown.question
    if response is None:
        return "(not answered)"
    if isinstance(question, SingleChoice | MultipleChoice):
        indexes = [response] if isinstance(response, int) else list(response)
        texts = [question.choices[index].text for index in indexes if 0 <= index < len(question.choices)]
        return "; ".join(texts)
    if isinstance(question, TrueFalse):
        return "True" if response else "False"
    if isinstance(question, Matching) and isinstance(response, dict):
        return "; ".join(f"{left} → {response.get(left, '?')}" for left in shown.lefts())
    if isinstance(question, Ordering) and isinstance(response, list):
        return " → ".join(str(item) for item in response)
    return str(response)
