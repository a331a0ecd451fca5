"""``courseware export gift|aiken|anki|xapi``: hand quizzes, decks and the learner's history to other tools."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from courseware.cli.interop_files import write_output
from courseware.core.course.loader import load_course, load_yaml_file
from courseware.core.errors import CoursewareError, UsageError
from courseware.core.interop.aiken import write_aiken
from courseware.core.interop.gift_writer import write_gift
from courseware.core.model import Deck, Quiz
from courseware.core.paths import course_dir
from courseware.core.problems import did_you_mean


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
    xapi = formats.add_parser(
        "xapi", parents=[parent], help="the learner's history as xAPI statements, to a file or an LRS",
        description="Write the learner's history (modules read, questions answered, quizzes and exams passed or "
                    "failed, flashcard reviews) as xAPI statements: as JSON to a file or standard output, or "
                    "posted to a learning record store with --lrs. Posting is resumable: statements the LRS "
                    "already accepted are never sent again, and failed ones are kept for the next run.")
    xapi.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the statements as JSON here")
    xapi.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    xapi.add_argument("--lrs", metavar="URL", help="post to this LRS (its xAPI base URL, e.g. https://lrs/xAPI/)")
    xapi.add_argument("--auth", metavar="USER:PASS", default=os.environ.get("COURSEWARE_LRS_AUTH"),
                      help="the LRS's basic-auth credentials (default: $COURSEWARE_LRS_AUTH, which keeps the "
                           "password out of the process list)")
    xapi.add_argument("--name", help="the learner's name in the statements (default: your user name)")
    xapi.add_argument("--email", help="the learner's e-mail, which identifies them to the LRS")
    xapi.add_argument("--batch-size", type=int, default=50, metavar="N", help="statements per request (50)")
    xapi.set_defaults(handler=run_xapi)


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


def run_xapi(args: argparse.Namespace) -> int:
    import getpass
    import json

    from courseware.core.interop.lrs import LrsClient, credentials_in, send
    from courseware.core.interop.xapi import Learner, build_statements
    from courseware.core.paths import data_dir
    from courseware.core.store import open_store

    if args.lrs and not args.auth and (embedded := credentials_in(args.lrs)):
        args.auth = f"{embedded[0]}:{embedded[1]}"
    if args.lrs and not args.auth:
        raise UsageError("--lrs needs --auth USER:PASS")
    if args.auth and ":" not in args.auth:
        raise UsageError("--auth must be USER:PASS")
    if args.batch_size < 1:
        raise UsageError("--batch-size must be at least 1")
    course = load_course(course_dir(args.course))
    store = open_store(data_dir(), fallback_to_memory=False)
    try:
        learner = Learner(args.name or getpass.getuser(), args.email)
        statements = build_statements(course, store, learner)
        if args.output or not args.lrs:
            write_output(json.dumps(statements, indent=2, ensure_ascii=False) + "\n", args.output, force=args.force)
        if not args.lrs:
            return 0
        user, _, password = args.auth.partition(":")
        report = send(statements, LrsClient(args.lrs, user, password), store.xapi, batch_size=args.batch_size)
    finally:
        store.close()
    print(f"sent {report.sent} statements to {report.endpoint} ({report.already_sent} already sent before)",
          file=sys.stderr)
    if report.error:
        raise CoursewareError(f"{report.error}; {report.unsent} statements not sent, kept for retry: run the "
                              "same command again to send them")
    return 0
