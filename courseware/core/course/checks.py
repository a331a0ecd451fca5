"""Checks within one quiz, deck or exam file that its schema alone cannot express.

They read the plain parsed document rather than the model, so they still run on a file whose schema
check failed elsewhere, and a trainer sees every problem in one pass. Each check yields
``(path, message)`` where ``path`` leads to the offending node.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any

from courseware.core.calculators import quiz as calculator_quiz

Located = tuple[Sequence[str | int], str]


def _mappings(value: Any, field: str) -> list[tuple[int, dict[str, Any]]]:
    items = value.get(field) if isinstance(value, dict) else None
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


def check_file(kind: str, document: Any) -> Iterator[Located]:
    if kind == "quiz":
        questions = _mappings(document, "questions")
        yield from _duplicates(questions, "questions", "question id")
        for index, question in questions:
            yield from _check_question(("questions", index), question)
    elif kind == "deck":
        yield from _duplicates(_mappings(document, "cards"), "cards", "card id")
    elif kind == "exam":
        for index, rule in _mappings(document, "draw"):
            if sum(rule.get(key) is not None for key in ("topic", "quiz", "module")) != 1:
                yield ("draw", index), "each draw names exactly one of 'topic', 'quiz' or 'module'"


def _duplicates(items: list[tuple[int, dict[str, Any]]], field: str, what: str) -> Iterator[Located]:
    seen: set[Any] = set()
    for index, item in items:
        item_id = item.get("id")
        if item_id is not None and item_id in seen:
            yield (field, index, "id"), f"duplicate {what} '{item_id}'"
        seen.add(item_id)


def _check_question(where: tuple[str | int, ...], question: dict[str, Any]) -> Iterator[Located]:
    kind, name = question.get("type"), question.get("id", "?")
    if kind in {"single", "multiple"}:
        choices = _mappings(question, "choices")
        correct = sum(choice.get("correct") is True for _, choice in choices)
        if kind == "single" and choices and correct != 1:
            yield (*where, "choices"), (
                f"single-choice question '{name}' has {correct} correct choices; it needs exactly one"
                + (" (use type: multiple for several)" if correct > 1 else ""))
        if kind == "multiple" and choices and correct == 0:
            yield (*where, "choices"), f"multiple-choice question '{name}' has no correct choice"
        counts = Counter(str(choice.get("text", "")).strip() for _, choice in choices)
        reported: set[str] = set()
        for index, choice in choices:
            text = str(choice.get("text", "")).strip()
            if counts[text] > 1 and text not in reported:
                reported.add(text)
                yield (*where, "choices", index), f"choice '{text}' appears more than once"
    elif kind == "numeric":
        yield from _check_numeric(where, question, name)
    elif kind == "ordering":
        items = question.get("items")
        if isinstance(items, list) and len({str(item) for item in items}) != len(items):
            yield (*where, "items"), f"ordering question '{name}' lists an item twice"


def _check_numeric(where: tuple[str | int, ...], question: dict[str, Any], name: str) -> Iterator[Located]:
    has_answer, has_calculator = question.get("answer") is not None, question.get("calculator") is not None
    if not has_answer and not has_calculator:
        yield where, f"numeric question '{name}' needs an 'answer' or a 'calculator'"
    if has_answer and has_calculator:
        yield (*where, "calculator"), f"numeric question '{name}' has both 'answer' and 'calculator'; keep one"
    if has_calculator:
        yield from calculator_quiz.check_question(where, question)
    else:
        for key in ("inputs", "result", "generate"):
            if question.get(key) is not None:
                yield (*where, key), f"'{key}' only makes sense with 'calculator'"
    generate = question.get("generate")
    for key, bounds in (generate.items() if isinstance(generate, dict) else ()):
        if isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, int | float) for b in bounds) \
                and bounds[0] > bounds[1]:
            yield (*where, "generate", key), f"range for '{key}' runs backwards ({bounds[0]} > {bounds[1]})"
