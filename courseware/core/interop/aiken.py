"""Aiken (Moodle's one-line multiple choice format) to single-choice questions and back.

Reading follows Moodle's rules: a line that is neither an option (``A)`` or ``A.``) nor ``ANSWER:``
starts a question; a question needs at least two options and an ``ANSWER:`` line naming one of them
before the next question starts. Each broken question is an error at its line; the others still load.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from courseware.core.interop.findings import Finding, ImportResult, build_question, unique_id, unkept
from courseware.core.model import Question, SingleChoice, TrueFalse

_OPTION = re.compile(r"^([A-Z])[).]\s*(.*)$")
_ANSWER = re.compile(r"^ANSWER:\s*(.*)$")


@dataclass
class _Pending:
    line: int
    prompt: str
    options: list[tuple[str, str]] = field(default_factory=list)


def read_aiken(text: str, path: Path | str) -> ImportResult:
    """Every well-formed question of an Aiken file, and an error for each broken one."""
    result = ImportResult()
    taken: set[str] = set()
    pending: _Pending | None = None
    count = 0

    def error(line: int, message: str) -> None:
        result.findings.append(Finding(path, line, "error", message))

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        option, answer = _OPTION.match(line), _ANSWER.match(line)
        if option:
            if pending is None:
                error(number, f"option '{line[:40]}' comes before any question")
            else:
                pending.options.append((option.group(1), option.group(2).strip()))
        elif answer:
            if pending is None:
                error(number, "'ANSWER:' line comes before any question")
                continue
            count += 1
            question = _finish(pending, answer.group(1).strip(), number, f"q{count}", taken, error)
            if question is not None:
                result.questions.append(question)
            pending = None
        else:
            if pending is not None:
                error(pending.line, f"question '{pending.prompt[:40]}' has no 'ANSWER:' line before the next "
                      f"question at line {number}")
                count += 1
            pending = _Pending(number, line)
    if pending is not None:
        error(pending.line, f"question '{pending.prompt[:40]}' has no 'ANSWER:' line before the end of the file")
    return result


def _finish(pending: _Pending, letter: str, line: int, wanted: str, taken: set[str],
            error: Callable[[int, str], None]) -> Question | None:
    if len(pending.options) < 2:
        error(line, f"question '{pending.prompt[:40]}' has {len(pending.options)} option(s); it needs at least 2")
        return None
    letters = [option_letter for option_letter, _ in pending.options]
    repeated = sorted({option for option in letters if letters.count(option) > 1})
    if repeated:
        error(line, f"question '{pending.prompt[:40]}' has more than one option {', '.join(repeated)}")
        return None
    if letter not in letters:
        error(line, f"'ANSWER: {letter}' names no option of this question (options: {', '.join(letters)})")
        return None
    data: dict[str, Any] = {
        "id": unique_id(wanted, taken), "type": "single", "prompt": pending.prompt,
        "choices": [{"text": text, "correct": True} if option_letter == letter else {"text": text}
                    for option_letter, text in pending.options],
    }
    question, problems = build_question(data)
    for problem in problems:
        error(pending.line, problem)
    return question


def write_aiken(questions: list[Question], warn: Callable[[str, str], None]) -> tuple[str, int]:
    """Single-choice and true/false questions as Aiken, and how many were written;
    ``warn(question_id, message)`` hears the rest."""
    parts = []
    for question in questions:
        if isinstance(question, TrueFalse):
            options, right = ["True", "False"], 0 if question.answer else 1
        elif isinstance(question, SingleChoice):
            options = [choice.text for choice in question.choices]
            right = next(index for index, choice in enumerate(question.choices) if choice.correct)
            if any(choice.feedback for choice in question.choices):
                warn(question.id, "choice feedback is not kept (Aiken has none)")
        else:
            warn(question.id, f"Aiken holds only single-choice questions; this one is {question.type}: skipped")
            continue
        if len(options) > 26:
            warn(question.id, "Aiken letters run from A to Z; this question has more choices: skipped")
            continue
        if _OPTION.match(_one_line(question.prompt)) or _ANSWER.match(_one_line(question.prompt)):
            warn(question.id, "the question starts like an Aiken option or answer line: skipped")
            continue
        if question.explanation:
            warn(question.id, "the explanation is not kept (Aiken has none)")
        for message in unkept(question, "Aiken"):
            warn(question.id, message)
        if any("\n" in text for text in [question.prompt, *options]):
            warn(question.id, "line breaks are joined with spaces (Aiken text is one line)")
        lines = [_one_line(question.prompt)]
        lines += [f"{chr(ord('A') + index)}) {_one_line(text)}" for index, text in enumerate(options)]
        lines.append(f"ANSWER: {chr(ord('A') + right)}")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts), len(parts)


def _one_line(text: str) -> str:
    return " ".join(text.split())
