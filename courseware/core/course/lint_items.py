"""What ``courseware lint`` looks at: quizzes and exams with their parsed files, so each finding has a place."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from courseware.core.course.course import Course
from courseware.core.course.references import exam_pool
from courseware.core.course.yamlsafe import YamlDocument, YamlError, parse_yaml, read_text
from courseware.core.model import Exam, Question, Quiz

RULES = ("key-longest", "key-position", "tf-balance", "absolute-words", "multiple-keyed", "all-of-the-above",
         "dangling-reference", "giveaway", "near-duplicate", "feedback-restates", "blueprint-gap")


@dataclass(frozen=True, order=True)
class Finding:
    """One warning: where it is, which rule found it and what to do about it."""

    path: Path
    line: int
    column: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: warning: {self.message} [{self.rule}]"

    def as_json(self) -> dict[str, object]:
        return {"rule": self.rule, "file": str(self.path), "line": self.line, "column": self.column,
                "message": self.message}


@dataclass(frozen=True)
class QuizFile:
    """A quiz as the linter sees it: its model, its parsed file (to locate findings) and whether an exam draws it."""

    path: Path
    quiz: Quiz
    document: YamlDocument | None
    drawn: bool = False

    @property
    def shuffled(self) -> bool:
        """Shown in an order the writer does not control: shuffled, or drawn into an exam."""
        return self.quiz.shuffle or self.drawn

    def at(self, rule: str, where: Iterable[str | int], message: str) -> Finding:
        line, column = self.document.locate(list(where)) if self.document else (1, 1)
        return Finding(self.path, line, column, rule, message)


@dataclass(frozen=True)
class Item:
    """One question of a quiz file, with the position that locates it."""

    file: QuizFile
    index: int

    @property
    def question(self) -> Question:
        return self.file.quiz.questions[self.index]

    @property
    def key(self) -> str:
        return f"{self.file.quiz.id}/{self.question.id}"

    def at(self, rule: str, where: Iterable[str | int], message: str) -> Finding:
        return self.file.at(rule, ["questions", self.index, *where], f"{self.question.id}: {message}")


@dataclass(frozen=True)
class ExamFile:
    """An exam with the items its draw rules may pick, rule by rule."""

    path: Path
    exam: Exam
    document: YamlDocument | None
    pools: list[list[Item]]
    topics: dict[str, str | None]

    def at(self, rule: str, where: Iterable[str | int], message: str) -> Finding:
        line, column = self.document.locate(list(where)) if self.document else (1, 1)
        return Finding(self.path, line, column, rule, message)

    def items(self) -> list[Item]:
        """Every item any rule may draw, once."""
        seen: dict[str, Item] = {}
        for pool in self.pools:
            for item in pool:
                seen.setdefault(item.key, item)
        return list(seen.values())


def _document(path: Path) -> YamlDocument | None:
    try:
        return parse_yaml(read_text(path))
    except YamlError:
        return None


def gather(course: Course) -> tuple[list[QuizFile], list[ExamFile]]:
    """The course's quizzes and exams, each exam with the items of its pools."""
    drawn: set[str] = set()
    for exam in course.exams.values():
        for pool in exam_pool(course, exam):
            drawn.update(key.partition("/")[0] for key in pool)
    quizzes = [QuizFile(course.sources[quiz.id], quiz, _document(course.sources[quiz.id]), quiz.id in drawn)
               for quiz in course.quizzes.values()]
    items = {item.key: item for file in quizzes for item in items_of(file)}
    topics = {ref.key: ref.topic for ref in course.questions()}
    exams = [ExamFile(course.sources[exam.id], exam, _document(course.sources[exam.id]),
                      [[items[key] for key in pool] for pool in exam_pool(course, exam)], topics)
             for exam in course.exams.values()]
    return quizzes, exams


def items_of(file: QuizFile) -> Iterator[Item]:
    return (Item(file, index) for index in range(len(file.quiz.questions)))
