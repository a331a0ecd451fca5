"""``courseware lint``: item-writing checks a trainer runs before learners meet the questions.

``validate`` says whether a course can be read; ``lint`` says whether its questions measure what they
should. Each rule (in ``lint_rules``) looks for a flaw item writers know well (a key that is always the
longest choice, true/false statements that give themselves away with "always", one item answering another)
and reports it as a located warning, never as an error: a course with findings still works.
"""

from __future__ import annotations

from pathlib import Path

from courseware.core.course import lint_rules
from courseware.core.course.course import Course
from courseware.core.course.lint_items import Finding, gather
from courseware.core.course.loader import load_course, load_yaml_file
from courseware.core.model import CourseMeta, Exam, Quiz


def lint_course(course: Course) -> list[Finding]:
    """Every finding in a loaded course, in file and line order."""
    quizzes, exams = gather(course)
    return sorted(set(lint_rules.check(quizzes, exams)))


def lint_path(path: Path, course_root: Path) -> tuple[list[Finding], list[str]]:
    """Findings for a course directory or one quiz or exam file, and the validation problems met on the way.

    A quiz file is linted on its own; an exam file against the course at ``course_root``, whose questions it
    draws. A file that does not load gives no findings, only its problems.
    """
    if path.is_dir():
        course = load_course(path)
        return lint_course(course), [str(problem) for problem in course.problems]
    loaded = load_yaml_file(path)
    if isinstance(loaded.model, Quiz):
        course = Course(root=path.parent, meta=CourseMeta(id="file", title=path.stem or "file"))
        course.quizzes[loaded.model.id] = loaded.model
        course.sources[loaded.model.id] = path
        return lint_course(course), []
    if isinstance(loaded.model, Exam):
        course = load_course(course_root)
        course.exams = {loaded.model.id: loaded.model}
        course.sources[loaded.model.id] = path
        return lint_course(course), [str(problem) for problem in course.problems]
    return [], [str(problem) for problem in loaded.problems]
