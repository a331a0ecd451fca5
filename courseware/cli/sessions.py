"""What the quiz, exam and attempts commands share: finding a quiz or exam, and starting or resuming it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from courseware.core.course.course import Course
from courseware.core.course.loader import load_course, load_yaml_file
from courseware.core.errors import CoursewareError, UsageError
from courseware.core.model import Exam, Quiz
from courseware.core.paths import course_dir, data_dir
from courseware.core.problems import did_you_mean
from courseware.core.store import Store, open_store
from courseware.core.store.connection import utc_now

if TYPE_CHECKING:
    from textual.screen import Screen


def add_session_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plain", action="store_true",
                        help="line mode: plain text on stdout, one answer per line on stdin "
                             "(for screen readers and scripts)")
    parser.add_argument("--seed", type=int, metavar="N", help="fix the shuffling (and an exam's draw)")
    parser.add_argument("--no-shuffle", action="store_true",
                        help="keep the file order of questions and choices")
    parser.add_argument("--new", action="store_true",
                        help="start a new attempt instead of resuming an unfinished one")


def load(args: argparse.Namespace) -> Course:
    return load_course(course_dir(getattr(args, "course", None)))


def open_learner_store(*, in_memory_if_unwritable: bool = False) -> Store:
    """The learner's store; what happened to it (moved aside, not saved) goes to stderr in one line.

    A study session (``in_memory_if_unwritable``) goes on in memory when the data directory cannot be
    written: the course can always be studied, only the progress is lost, and the learner is told so.
    """
    store = open_store(data_dir(), fallback_to_memory=in_memory_if_unwritable)
    if store.notice:
        print(f"courseware: {store.notice}", file=sys.stderr)
    return store


def unknown(what: str, wanted: str, available: list[str]) -> UsageError:
    """An unknown id: name the ones that exist."""
    listed = ", ".join(sorted(available)) or "none"
    return UsageError(f"no {what} '{wanted}'{did_you_mean(wanted, available)}; available: {listed}")


def find_quiz(course: Course, wanted: str) -> Quiz:
    """A quiz by id, or read straight from a file so a trainer can try a quiz while writing it."""
    path = Path(wanted)
    if path.suffix in {".yaml", ".yml"} or path.is_file():
        if not path.is_file():
            raise UsageError(f"no such file: {path}")
        loaded = load_yaml_file(path)
        if loaded.problems:
            raise CoursewareError(f"{loaded.problems[0]} (run courseware validate {path} for every problem)")
        if not isinstance(loaded.model, Quiz):
            raise UsageError(f"{path} is not a quiz file (its kind is not 'quiz')")
        return loaded.model
    if wanted not in course.quizzes:
        raise unknown("quiz", wanted, list(course.quizzes))
    return course.quizzes[wanted]


def find_exam(course: Course, wanted: str) -> Exam:
    if wanted not in course.exams:
        raise unknown("exam", wanted, list(course.exams))
    return course.exams[wanted]


def run_in_app(args: argparse.Namespace, screen: Callable[[], Screen[Any]]) -> int:
    """Open the study app straight on ``screen``."""
    from courseware.tui.app import create_app

    app = create_app(course_root=course_dir(getattr(args, "course", None)), data_root=data_dir(),
                     clock=utc_now, first_screen=screen)
    app.run()
    return app.return_code or 0
