"""What loading one course file gives: its model, when it could be built, and every problem found in it.

A type of its own so that the loader, which makes these, and the cross-file checks, which read them, depend
on it rather than on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from courseware.core.course.course import Module
from courseware.core.course.yamlsafe import YamlDocument
from courseware.core.model import Deck, Exam, Quiz
from courseware.core.problems import Problem

CourseFile = Quiz | Deck | Exam
#: A reference a file makes to another file's id: where it is written, what kind of thing it names, the name.
Reference = tuple[tuple[str | int, ...], str, str]


@dataclass
class Loaded:
    """A file's model (``None`` when it could not be built) and the problems found in it."""

    path: Path
    document: YamlDocument | None = None
    model: CourseFile | Module | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: What it names in other files, read from its parsed value while that is at hand.
    references: tuple[Reference, ...] = ()

    def keep(self, model: CourseFile | Module) -> None:
        """Keep the model built from the file and let its parsed value go: the model now says all the value
        did, and a large course's values would otherwise live until the whole course has loaded. The text stays,
        to locate what the checks across files find."""
        self.model = model
        if self.document is not None:
            self.document.value = None

    def problem(self, message: str, line: int = 1, column: int = 1) -> None:
        self.problems.append(Problem(self.path, line, column, message))

    def at(self, where: tuple[str | int, ...] | list[str | int], message: str, *, key: bool = False) -> None:
        line, column = self.document.locate(where, key=key) if self.document else (1, 1)
        self.problem(message, line, column)

    def warn(self, where: tuple[str | int, ...] | list[str | int], message: str) -> None:
        line, column = self.document.locate(where) if self.document else (1, 1)
        self.warnings.append(Problem(self.path, line, column, message, "warning"))
