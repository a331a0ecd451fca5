"""``courseware export gift|aiken|moodle-xml|anki|xapi``: quizzes, decks and the learner's history for other tools."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from courseware.cli.interop_files import write_output
from courseware.core.course.course import Course
from courseware.core.course.loader import load_course, load_yaml_file
from courseware.core.errors import CoursewareError, UsageError
from courseware.core.interop.aiken import write_aiken
from courseware.core.interop.findings import with_case_texts
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
    moodle = formats.add_parser(
        "moodle-xml", parents=[parent], help="a quiz as Moodle XML",
        description="Write a quiz (its id in the course, or a quiz YAML file) as Moodle XML, for Moodle's "
                    "question bank import. Markdown becomes HTML; images and files the text links to are "
                    "embedded; the quiz's title is the category and each topic a category under it.")
    moodle.add_argument("quiz", metavar="QUIZ", help="a quiz id of the course, or a quiz YAML file")
    moodle.add_argument("-o", "--output", type=Path, metavar="FILE", help="where to write (default: print)")
    moodle.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    moodle.set_defaults(handler=run_moodle_xml)
    anki = formats.add_parser(
        "anki", parents=[parent], help="a deck as an Anki package (.apkg), with your schedule and reviews",
        description="Write a deck as an Anki package; reversible cards get both directions. Each card carries "
                    "your schedule (interval, due date, repetitions, lapses) and its review log, so Anki "
                    "continues where courseware left off.")
    anki.add_argument("deck", metavar="DECK", help="a deck id of the course, or a deck YAML file")
    anki.add_argument("-o", "--output", type=Path, metavar="FILE.apkg", required=True, help="the package to write")
    anki.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    anki.add_argument("--no-history", action="store_true",
                      help="write every card as new, without your schedule and reviews")
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
    xapi.add_argument("--class", dest="class_dir", type=Path, metavar="DIR",
                      help="every learner of a class served with 'serve --class', each as an account named by "
                           "their sign-in name, instead of your own history")
    xapi.set_defaults(handler=run_xapi)


def load_file_model(reference: str, course: str | None, kind: type[Quiz] | type[Deck]) -> Quiz | Deck:
    """A quiz or deck named by a YAML file path or by its id in the course in use."""
    return locate_file_model(reference, course, kind)[0]


def locate_file_model(reference: str, course: str | None,
                      kind: type[Quiz] | type[Deck]) -> tuple[Quiz | Deck, Path]:
    """A quiz or deck named by a YAML file path or by its id in the course in use, and its file."""
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
        return loaded.model, path
    loaded_course = load_course(course_dir(course))
    found = loaded_course.quizzes if kind is Quiz else loaded_course.decks
    if reference not in found:
        raise UsageError(f"no {what} '{reference}' in the course{did_you_mean(reference, found)}")
    return found[reference], loaded_course.sources[reference]


def run_questions(args: argparse.Namespace) -> int:
    quiz = load_file_model(args.quiz, args.course, Quiz)
    assert isinstance(quiz, Quiz)
    warnings = []

    def warn(question_id: str, message: str) -> None:
        warnings.append(f"{quiz.id}/{question_id}: warning: {message}")

    questions = with_case_texts(quiz)
    text, written = write_gift(questions, quiz.title, warn) if args.target == "gift" else write_aiken(questions, warn)
    for warning in warnings:
        print(warning, file=sys.stderr)
    if not written:
        raise CoursewareError(f"quiz '{quiz.id}' has no question that {args.target.upper()} can hold")
    write_output(text, args.output, force=args.force)
    return 0


def run_moodle_xml(args: argparse.Namespace) -> int:
    from courseware.core.interop.moodle_xml_writer import write_moodle_xml

    quiz, path = locate_file_model(args.quiz, args.course, Quiz)
    assert isinstance(quiz, Quiz)

    def warn(question_id: str, message: str) -> None:
        print(f"{quiz.id}/{question_id}: warning: {message}", file=sys.stderr)

    document, written = write_moodle_xml(quiz.model_copy(update={"questions": with_case_texts(quiz), "cases": []}),
                                         path.parent, warn)
    if not written:
        raise CoursewareError(f"quiz '{quiz.id}' has no question that Moodle XML can hold")
    if args.output is None:
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
        return 0
    if args.output.exists() and not args.force:
        raise UsageError(f"{args.output} already exists; use --force to overwrite it")
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(document)
    except OSError as error:
        raise CoursewareError(f"cannot write {args.output}: {error.strerror or error}") from None
    print(f"wrote {written} questions of quiz '{quiz.id}' to {args.output}", file=sys.stderr)
    return 0


def run_anki(args: argparse.Namespace) -> int:
    from courseware.core.interop.anki import CardHistory, histories, write_apkg
    from courseware.core.paths import data_dir
    from courseware.core.store import open_store

    deck = load_file_model(args.deck, args.course, Deck)
    assert isinstance(deck, Deck)
    output: Path = args.output
    if output.suffix != ".apkg":
        raise UsageError(f"{output}: an Anki package's name ends in .apkg")
    if output.exists() and not args.force:
        raise UsageError(f"{output} already exists; use --force to overwrite it")
    history: dict[str, CardHistory] = {}
    if not args.no_history:
        store = open_store(data_dir(), fallback_to_memory=False)
        try:
            history = histories(deck.id, store.reviews.states(), store.reviews.history())
        finally:
            store.close()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        count = write_apkg(deck, output, history)
    except OSError as error:
        raise CoursewareError(f"cannot write {output}: {error.strerror or error}") from None
    reviewed = sum(1 for item in history.values() if item.state is not None)
    print(f"wrote {count} Anki cards ({len(deck.cards)} notes) of deck '{deck.id}' to {output}"
          + (f", {reviewed} with their schedule and {sum(len(item.reviews) for item in history.values())} reviews"
             if reviewed else ""), file=sys.stderr)
    return 0


def run_xapi(args: argparse.Namespace) -> int:
    import getpass
    import json

    from courseware.core.interop.lrs import LrsClient, credentials_in, send
    from courseware.core.interop.xapi import activity_base, build_statements, learner_identity
    from courseware.core.paths import data_dir
    from courseware.core.settings import load_settings
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
    if args.class_dir is not None:
        return _class_xapi(args, course)
    store = open_store(data_dir(), fallback_to_memory=False)
    try:
        settings = load_settings().settings
        base = activity_base(course)
        learner = learner_identity(getpass.getuser(), name=args.name, email=args.email,
                                   settings_name=settings.learner_name, settings_email=settings.learner_email,
                                   settings_home_page=settings.learner_home_page, course_base=base)
        print(f"learner: {learner.describe(base)}; activities under {base}", file=sys.stderr)
        if args.lrs and learner.shared:
            raise UsageError(
                f"not sending to an LRS as {learner.describe(base)}: every install without its own identity has "
                "it, so the LRS would merge those learners into one; set learner_email (or learner_name and "
                "learner_home_page) in settings.toml, or pass --email, and give the course an activity_base "
                "in course.yaml")
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


def _class_xapi(args: argparse.Namespace, course: Course) -> int:
    """A class's statements: one file (or standard output) for all learners; to an LRS, learner by learner,
    each learner's store remembering what the LRS already has."""
    import json

    from courseware.core.interop.class_statements import class_histories
    from courseware.core.interop.lrs import LrsClient, send
    from courseware.core.interop.xapi import activity_base

    base = activity_base(course)
    if args.lrs and not course.meta.activity_base:
        raise UsageError("not sending a class to an LRS under the default activity base: learners of every "
                         "class with the same sign-in names would be merged; give the course an activity_base "
                         "in course.yaml")
    print(f"learners: accounts named by their sign-in names on {base}", file=sys.stderr)
    everyone: list[dict[str, object]] = []
    failures = []
    for history in class_histories(course, args.class_dir):
        everyone.extend(history.statements)
        if args.lrs:
            user, _, password = args.auth.partition(":")
            report = send(history.statements, LrsClient(args.lrs, user, password), history.store.xapi,
                          batch_size=args.batch_size)
            print(f"{history.name}: sent {report.sent} statements ({report.already_sent} already sent before)",
                  file=sys.stderr)
            if report.error:
                failures.append(f"{history.name}: {report.error} ({report.unsent} kept for retry)")
    if args.output or not args.lrs:
        write_output(json.dumps(everyone, indent=2, ensure_ascii=False) + "\n", args.output, force=args.force)
    if failures:
        raise CoursewareError("; ".join(failures) + ": run the same command again to send the rest")
    return 0
