"""Checks within one quiz, deck or exam file that its schema alone cannot express.

They read the plain parsed document rather than the model, so they still run on a file whose schema
check failed elsewhere, and a trainer sees every problem in one pass. Each check yields
``(path, message)`` where ``path`` leads to the offending node.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from courseware.core.calculators import quiz as calculator_quiz
from courseware.core.calculators.registry import CALCULATORS
from courseware.core.course.yamlsafe import MAX_NUMBER
from courseware.core.problems import did_you_mean
from courseware.core.text import normalise_text

Located = tuple[Sequence[str | int], str]

#: Largest magnitude of a number written as text in a numeric field, as for YAML numbers.
MAX_MAGNITUDE = MAX_NUMBER
#: Longest exam (a week): a deadline must stay a date the clock can represent.
MAX_TIME_LIMIT_MINUTES = 7 * 24 * 60


def _mappings(value: Any, field: str) -> list[tuple[int, dict[str, Any]]]:
    items = value.get(field) if isinstance(value, dict) else None
    if not isinstance(items, list):
        return []
    return [(index, item) for index, item in enumerate(items) if isinstance(item, dict)]


def check_file(kind: str, document: Any) -> Iterator[Located]:
    yield from _magnitudes(kind, document)
    if kind == "quiz":
        questions = _mappings(document, "questions")
        yield from _duplicates(questions, "questions", "question id")
        cases = _mappings(document, "cases")
        yield from _duplicates(cases, "cases", "case id")
        case_ids = {str(case["id"]) for _, case in cases if "id" in case}
        for index, question in questions:
            if question.get("type") in _CHECKED_TYPES:
                yield from _check_question(("questions", index), question)
            case = question.get("case")
            if isinstance(case, str) and case not in case_ids:
                yield ("questions", index, "case"), (
                    f"case '{case}' is not defined in this quiz's 'cases'{did_you_mean(case, case_ids)}")
    elif kind == "deck":
        yield from _duplicates(_mappings(document, "cards"), "cards", "card id")
    elif kind == "exam":
        limit = _number(document.get("time_limit_minutes"))
        if limit is not None and MAX_TIME_LIMIT_MINUTES < limit <= MAX_MAGNITUDE:
            yield ("time_limit_minutes",), f"'time_limit_minutes' must be at most {MAX_TIME_LIMIT_MINUTES:,} " \
                                           f"(a week), not {limit:g}"
        for index, rule in _mappings(document, "draw"):
            if sum(rule.get(key) is not None for key in ("topic", "quiz", "module")) != 1:
                yield ("draw", index), "each draw names exactly one of 'topic', 'quiz' or 'module'"


#: The numeric fields of each kind of file, and of each question: where text such as ``1e300`` becomes a number.
_NUMBER_FIELDS = {"quiz": ("pass_mark",), "exam": ("time_limit_minutes", "pass_mark"), "deck": ()}
_QUESTION_NUMBERS = ("points", "answer", "tolerance", "result")
#: The question types :func:`_check_question` has something to say about; the others are not visited. A tuple,
#: not a set: a type may be any YAML value, a list included, and must not be hashed.
_CHECKED_TYPES = ("single", "multiple", "numeric", "ordering")


def _magnitudes(kind: str, document: Any) -> Iterator[Located]:
    """Numbers too large to compute with safely in the fields read as numbers.

    Numbers written as YAML numbers are bounded where they are parsed; this catches the ones written as text
    (``1e300`` is a string to YAML and a float to the schema). A field that is absent is not looked at further.
    """
    if not isinstance(document, dict):
        return
    candidates: list[tuple[tuple[str | int, ...], Any]] = [((key,), document.get(key))
                                                           for key in _NUMBER_FIELDS.get(kind, ())]
    candidates += [(("draw", index, "count"), rule.get("count")) for index, rule in _mappings(document, "draw")]
    for where, value in candidates:
        if _too_large(value):
            yield where, _too_large_message(value)
    for index, question in _mappings(document, "questions"):
        for key in _QUESTION_NUMBERS:
            value = question.get(key)
            if value is not None and _too_large(value):
                yield ("questions", index, key), _too_large_message(value)
        for key in ("inputs", "generate"):
            table = question.get(key)
            if table is None or not isinstance(table, dict):
                continue
            for name, value in table.items():
                for position, item in enumerate(value) if isinstance(value, list) else [(None, value)]:
                    if _too_large(item):
                        yield ("questions", index, key, name, *(() if position is None else (position,))), \
                            _too_large_message(item)


def _too_large(value: Any) -> bool:
    number = _number(value)
    return number is not None and abs(number) > MAX_MAGNITUDE


def _too_large_message(value: Any) -> str:
    return f"{value} is too large a number; numbers in course files are at most {MAX_MAGNITUDE:g}"


_NUMBER_START = frozenset("+-.0123456789")
_NUMERIC_TEXT = re.compile(r"[+-]?(\d[\d_]*)?\.?\d+([eE][+-]?\d+)?|[+-]?\d[\d_]*\.?([eE][+-]?\d+)?")


def _number(value: Any) -> float | None:
    """A number, or text the schema would read as one (``1e300`` is text to YAML, a float to the model)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if not isinstance(value, int) or value.bit_length() < 1000 else math.inf
    if isinstance(value, str) and value[:1] in _NUMBER_START and len(value) < 400 and _NUMERIC_TEXT.fullmatch(value):
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return None
    return None


def _duplicates(items: list[tuple[int, dict[str, Any]]], field: str, what: str) -> Iterator[Located]:
    seen: set[str] = set()
    for index, item in items:
        raw = item.get("id")
        if raw is None:
            continue
        item_id = raw if raw.__class__ is str else str(raw)  # any YAML value, a list included; ids are text
        if item_id in seen:
            yield (field, index, "id"), f"duplicate {what} '{item_id}'"
        seen.add(item_id)


def _check_question(where: tuple[str | int, ...], question: dict[str, Any]) -> Iterator[Located]:
    kind, name = question.get("type"), question.get("id", "?")
    if kind in ("single", "multiple"):
        choices = _mappings(question, "choices")
        correct = sum(choice.get("correct") is True for _, choice in choices)
        if kind == "single" and choices and correct != 1:
            yield (*where, "choices"), (
                f"single-choice question '{name}' has {correct} correct choices; it needs exactly one"
                + (" (use type: multiple for several)" if correct > 1 else ""))
        if kind == "multiple" and choices and correct == 0:
            yield (*where, "choices"), f"multiple-choice question '{name}' has no correct choice"
        texts = [str(choice.get("text", "")).strip() for _, choice in choices]
        if len(set(texts)) == len(texts):
            return  # no choice appears twice (the usual case): nothing to count
        counts = Counter(texts)
        reported: set[str] = set()
        for (index, _), text in zip(choices, texts, strict=True):
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
        found = list(calculator_quiz.check_question(where, question))
        yield from found or _check_rate_unit(where, question, name)
    else:
        for key in ("inputs", "result", "generate"):
            if question.get(key) is not None:
                yield (*where, key), f"'{key}' only makes sense with 'calculator'"
    generate = question.get("generate")
    for key, bounds in (generate.items() if isinstance(generate, dict) else ()):
        if isinstance(bounds, list) and len(bounds) == 2 and all(isinstance(b, int | float) for b in bounds) \
                and bounds[0] > bounds[1]:
            yield (*where, "generate", key), f"range for '{key}' runs backwards ({bounds[0]} > {bounds[1]})"


def warnings_in(kind: str, document: Any) -> Iterator[Located]:
    """What loads but is probably a mistake: accepted short answers that normalise to the same text (one
    of them is redundant, or a typo made it match another)."""
    if kind != "quiz":
        return
    for index, question in _mappings(document, "questions"):
        answers = question.get("answers")
        if question.get("type") != "short" or not isinstance(answers, list):
            continue
        seen: dict[str, str] = {}
        for position, answer in enumerate(answers):
            normalised = normalise_text(str(answer))
            if normalised in seen:
                yield ("questions", index, "answers", position), (
                    f"accepted answers '{seen[normalised]}' and '{answer}' are the same once case, punctuation and "
                    f"articles are ignored ('{normalised}'): keep one")
            seen.setdefault(normalised, str(answer))


def _check_rate_unit(where: tuple[str | int, ...], question: dict[str, Any], name: str) -> Iterator[Located]:
    """A calculator result that is a rate is asked as a percentage, so the question must say ``unit: "%"``.

    Without it the expected value is the fraction (0.9) while the worked steps show 90.0%, and a learner
    typing 90% is marked wrong; an explicit unit is asked for rather than guessed.
    """
    calculator = CALCULATORS.get(str(question.get("calculator")))
    if calculator is None or question.get("unit") == "%":
        return
    key = question.get("result")
    spec = calculator.result(key) if isinstance(key, str) else calculator.first_result
    if spec is not None and spec.is_rate:
        yield (*where, "unit") if "unit" in question else where, (
            f"numeric question '{name}' asks for '{spec.key}', a rate: add unit: \"%\" so that answers are "
            "typed as percentages (90 or 90%), as the worked steps show them")


#: Keys whose values are numbers in the course model; anywhere else a number is text.
_NUMBER_KEYS = {"answer", "tolerance", "points", "pass_mark", "time_limit_minutes", "count", "credit", "order",
                "estimated_minutes", "inputs", "generate"}


def altered_numbers(node: yaml.Node) -> Iterator[Located]:
    """Text written as a bare number that YAML reads differently (``1.10`` is 1.1, ``007`` is 7).

    The course keeps such values as text, so the version ``1.10`` would show as ``1.1``: quoting keeps it.
    """
    return _altered_numbers(node, (), yaml.constructor.SafeConstructor())


def _altered_numbers(node: yaml.Node, where: tuple[str | int, ...],
                     constructor: yaml.constructor.SafeConstructor) -> Iterator[Located]:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            if key not in _NUMBER_KEYS:
                yield from _altered_numbers(value_node, (*where, key), constructor)
    elif isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            yield from _altered_numbers(child, (*where, index), constructor)
    elif isinstance(node, yaml.ScalarNode) and node.tag in _NUMBER_TAGS and not node.style:
        value = (constructor.construct_yaml_int(node) if node.tag.endswith(":int")
                 else constructor.construct_yaml_float(node))
        if isinstance(value, int | float) and not isinstance(value, bool) and str(value) != node.value:
            yield where, (f"'{node.value}' is read as the number {value}; put it in quotes (\"{node.value}\") to "
                          "keep it as written")


_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#")


def missing_images(document: Any, folder: Path, where: tuple[str | int, ...] = ()) -> Iterator[Located]:
    """Markdown images in a quiz or deck's text whose file is not there (paths are relative to the file)."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield from missing_images(value, folder, (*where, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from missing_images(value, folder, (*where, index))
    elif isinstance(document, str) and "![" in document:
        for target in _IMAGE.findall(document):
            if is_local(target) and not local_file(folder, target).is_file():
                yield where, f"image '{target}' does not exist (looked for {local_file(folder, target)})"


def is_local(target: str) -> bool:
    """Whether a link or image target is a file path rather than a URL, a scheme or an anchor."""
    return not _EXTERNAL.match(target)


def local_file(folder: Path, target: str) -> Path:
    """The file a relative link target names (``%20`` and friends decoded, as a Markdown reader does)."""
    return folder / unquote(target)
