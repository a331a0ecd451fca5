"""Located findings of an import or export, and the result an importer hands back."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import TypeAdapter, ValidationError

from courseware.core.course import checks, errors_text
from courseware.core.model import Question, Quiz

Severity = Literal["error", "warning"]
_QUESTION: TypeAdapter[Question] = TypeAdapter(Question)
_MAX_ID = 80


@dataclass(frozen=True, order=True)
class Finding:
    """Something to tell the person about one question: an error skips it, a warning says what was lost."""

    path: Path | str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


@dataclass
class ImportResult:
    """The questions read from a file, what went wrong or was lost, and a title the file suggests."""

    questions: list[Question] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    title_hint: str | None = None
    description_hint: str | None = None
    topic_hint: str | None = None
    #: The name of the category each topic came from (Moodle XML), for a quiz per category.
    category_titles: dict[str, str] = field(default_factory=dict)
    #: Files the questions link to (images, sounds), by their path relative to the quiz file.
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == "error"]


def slugify(text: str, fallback: str) -> str:
    """An id matching ``^[a-z0-9][a-z0-9-]*$`` made from a title, or ``fallback`` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:_MAX_ID].rstrip("-")
    return slug or fallback


def tag_id(text: str) -> str:
    """A card tag from another tool's: each ``::`` level of a nested Anki tag slugified, the nesting kept."""
    parts = [slugify(part, "") for part in text.split("::")]
    return "::".join(part for part in parts if part) or "tag"


def unique_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... whichever is still free; the result is then taken."""
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = wanted[: _MAX_ID - len(suffix)] + suffix
    taken.add(candidate)
    return candidate


def build_question(data: dict[str, Any]) -> tuple[Question | None, list[str]]:
    """Validate one question the way ``courseware validate`` would; the messages say why it cannot be kept."""
    messages = [message for _, message in checks.check_file("quiz", {"questions": [data]})]
    try:
        question = _QUESTION.validate_python(data)
    except ValidationError as error:
        messages.extend(errors_text.describe(detail) for detail in error.errors(include_url=False))
        return None, messages
    return (None if messages else question), messages


def unkept(question: Question, target: str, *, keeps: frozenset[str] = frozenset()) -> list[str]:
    """Warnings for the fields of ``question`` that ``target`` (a format's name) cannot hold, except ``keeps``."""
    found = []
    for name, what in (("correct_feedback", "feedback for a right answer"),
                       ("incorrect_feedback", "feedback for a wrong answer"),
                       ("case_sensitive", "case-sensitive matching"), ("distractors", "extra partners")):
        if name not in keeps and getattr(question, name, None):
            found.append(f"{what} ({name}) is not kept ({target} has no such thing)")
    choices = getattr(question, "choices", [])
    if "credit" not in keeps and any(choice.credit is not None for choice in choices):
        found.append(f"partial credit of the choices is not kept ({target} marks all or nothing)")
    return found


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def quoted(items: Sequence[str]) -> str:
    return ", ".join(f"'{item}'" for item in items)


def with_case_texts(quiz: Quiz) -> list[Question]:
    """The quiz's questions for a format that has no cases: each case's title and text written before the
    prompt of every question about it, so an exported question still shows what it asks about."""
    cases = {case.id: case for case in quiz.cases}
    questions: list[Question] = []
    for question in quiz.questions:
        case = cases.get(question.case) if question.case else None
        if case is None:
            questions.append(question)
            continue
        heading = f"**{case.title}**\n\n" if case.title else ""
        questions.append(question.model_copy(update={"prompt": f"{heading}{case.text}\n\n{question.prompt}",
                                                     "case": None}))
    return questions
