"""``courseware validate [PATH ...]``: check a course, or single files, and report every problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from courseware.core.course.loader import load_course, load_module_file, load_yaml_file
from courseware.core.errors import UsageError
from courseware.core.paths import course_dir
from courseware.core.problems import Problem


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "validate", parents=[parent], help="check a course or course files and list every problem",
        description="Check a whole course (default: the one in use) or single quiz, deck, exam or module "
                    "files. Prints every problem as path:line:column: error: message on stderr. "
                    "Exit 0 when clean, 1 when problems were found, 2 for a usage error.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="course directories or single files")
    parser.set_defaults(handler=run)


def problems_in(path: Path) -> tuple[list[Problem], str]:
    """Every problem (errors, then warnings) under ``path`` and a one-line account of what was checked."""
    if path.is_dir():
        course = load_course(path, check_links=True)
        questions = sum(len(quiz.questions) for quiz in course.quizzes.values())
        cards = sum(len(deck.cards) for deck in course.decks.values())
        return [*course.problems, *course.warnings], (
            f"{path}: {len(course.modules)} modules, {len(course.quizzes)} quizzes ({questions} questions), "
            f"{len(course.decks)} decks ({cards} cards), {len(course.exams)} exams")
    if not path.exists():
        raise UsageError(f"no such file or directory: {path}")
    if path.suffix == ".md":
        return load_module_file(path).problems, str(path)
    if path.suffix in {".yaml", ".yml"}:
        loaded = load_yaml_file(path)
        return [*loaded.problems, *loaded.warnings], str(path)
    raise UsageError(f"{path}: not a course file (expected a directory, .md, .yaml or .yml)")


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths] or [course_dir(args.course)]
    found: list[Problem] = []
    summaries = []
    for path in paths:
        problems, summary = problems_in(path)
        found.extend(problems)
        summaries.append(summary)
    for problem in found:
        print(problem, file=sys.stderr)
    found = [problem for problem in found if problem.severity == "error"]
    if found:
        files = len({problem.path for problem in found})
        print(f"{len(found)} problem{'s' * (len(found) != 1)} in {files} file{'s' * (files != 1)}", file=sys.stderr)
        return 1
    for summary in summaries:
        print(f"ok: {summary}")
    return 0
