"""``courseware export gift|aiken|anki|xapi``: hand quizzes, decks and the learner's history to other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from courseware.cli.interop_files import write_output
from courseware.core.interop.aiken import write_aiken
from courseware.core.interop.gift import write_gift
from courseware.core.loader import load_course, load_yaml_file
from courseware.core.model import Deck, Quiz
from courseware.core.paths import course_dir
from courseware.core.problems import CoursewareError, UsageError, did_you_mean


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "export", parents=[parent], help="export quizzes (GIFT, Aiken), decks (Anki) or history (xAPI)",
        description="Write a quiz as Moodle GIFT or Aiken, a deck as an Anki package, or the learner's "
                    "history as xAPI statements. What the target format cannot hold is reported as a warning.")
    formats = parser.add_subparsers(title="formats", metavar="FORMAT", required=True)
    for name in ("gift", "aiken"):
        sub = formats.add_parser(name, parents=[parent], help=f"a quiz as {name.upper()} text",
                                 description=f"Write a quiz (its id in the course, or a quiz YAML file) as "
                                             f"{'Moodle GIFT' if name == 'gift' else 'Aiken'}.")
        sub.add_argument("quiz", metavar="QUIZ", help="a quiz id of the course, or a quiz YAML file")
        sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="where to write (default: print)")
        sub.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
        sub.set_defaults(handler=run_questions, target=name)
    anki = formats.add_parser("anki", parents=[parent], help="a deck as an Anki package (.apkg)",
                              description="Write a deck as an Anki package; reversible cards get both directions.")
    anki.add_argument("deck", metavar="DECK", help="a deck id of the course, or a deck YAML file")
    anki.add_argument("-o", "--output", type=Path, metavar="FILE.apkg", required=True, help="the package to write")
    anki.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    anki.set_defaults(handler=run_anki)


def load_file_model(reference: str, course: str | None, kind: type[Quiz] | type[Deck]) -> Quiz | Deck:
    """A quiz or deck named by a YAML file path or by its id in the course in use."""
    what = "quiz" if kind is Quiz else "deck"
    path = Path(reference)
    if path.suffix in {".yaml", ".yml"} or path.is_file():
        loaded = load_yaml_file(path) if path.is_file() else None
        if loaded is None:
            raise UsageError(f"no such file: {path}")
        if loaded.problems:
            raise CoursewareError(f"{loaded.problems[0]} (run 'courseware validate {path}' for every problem)")
        if not isinstance(loaded.model, kind):
            raise UsageError(f"{path} is not a {what} file")
        return loaded.model
    loaded_course = load_course(course_dir(course))
    found = loaded_course.quizzes if kind is Quiz else loaded_course.decks
    if reference not in found:
        raise UsageError(f"no {what} '{reference}' in the course{did_you_mean(reference, found)}")
    return found[reference]


def run_questions(args: argparse.Namespace) -> int:
    quiz = load_file_model(args.quiz, args.course, Quiz)
    assert isinstance(quiz, Quiz)
    warnings = []

    def warn(question_id: str, message: str) -> None:
        warnings.append(f"{quiz.id}/{question_id}: warning: {message}")

    questions = list(quiz.questions)
    text, written = write_gift(questions, quiz.title, warn) if args.target == "gift" else write_aiken(questions, warn)
    for warning in warnings:
        print(warning, file=sys.stderr)
    if not written:
        raise CoursewareError(f"quiz '{quiz.id}' has no question that {args.target.upper()} can hold")
    write_output(text, args.output, force=args.force)
    return 0


def run_anki(args: argparse.Namespace) -> int:
    from courseware.core.interop.anki import write_apkg

    deck = load_file_model(args.deck, args.course, Deck)
    assert isinstance(deck, Deck)
    output: Path = args.output
    if output.suffix != ".apkg":
        raise UsageError(f"{output}: an Anki package's name ends in .apkg")
    if output.exists() and not args.force:
        raise UsageError(f"{output} already exists; use --force to overwrite it")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        count = write_apkg(deck, output)
    except OSError as error:
        raise CoursewareError(f"cannot write {output}: {error.strerror or error}") from None
    print(f"wrote {count} Anki cards ({len(deck.cards)} notes) of deck '{deck.id}' to {output}", file=sys.stderr)
    return 0
