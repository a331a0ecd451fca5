"""``courseware import gift|aiken|moodle-xml|csv|anki FILE``: other tools' questions and cards as course YAML."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from courseware.cli.interop_files import print_findings, read_bytes, read_input, write_files, write_output
from courseware.core.errors import CoursewareError, UsageError
from courseware.core.interop.aiken import read_aiken
from courseware.core.interop.csv_cards import build_deck, read_csv_cards
from courseware.core.interop.findings import ImportResult, plural, slugify, unique_id
from courseware.core.interop.gift import read_gift
from courseware.core.interop.moodle_xml import read_moodle_xml
from courseware.core.interop.yaml_writer import dump_model
from courseware.core.model import Question, Quiz

ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import", parents=[parent], help="import GIFT, Aiken or CSV files as quiz or deck YAML",
        description="Convert questions (Moodle GIFT, Aiken) or flashcards (two-column CSV) into the course's "
                    "YAML format. What the quiz format cannot hold is reported as path:line: warning: ...; "
                    "broken questions as path:line: error: ...")
    formats = parser.add_subparsers(title="formats", metavar="FORMAT", required=True)
    for name, what in (("gift", "Moodle GIFT questions"), ("aiken", "Aiken multiple-choice questions")):
        sub = formats.add_parser(name, parents=[parent], help=f"{what} to a quiz",
                                 description=f"Convert {what} into a quiz YAML file.")
        sub.add_argument("file", type=Path, metavar="FILE", help=f"the {name.upper()} file to read (UTF-8)")
        _output_options(sub, "quiz")
        sub.add_argument("--partial", action="store_true",
                         help="import the good questions even when some have errors")
        sub.set_defaults(handler=run_quiz, reader=read_gift if name == "gift" else read_aiken)
    moodle = formats.add_parser(
        "moodle-xml", parents=[parent], help="Moodle XML questions to a quiz",
        description="Convert a Moodle XML question file (what Moodle's question bank exports by default) into "
                    "a quiz YAML file. HTML becomes Markdown; embedded images and files are saved in a folder "
                    "beside the quiz (QUIZ-ID-files/) and linked; the categories give the title and topics.")
    moodle.add_argument("file", type=Path, metavar="FILE", help="the Moodle XML file to read")
    _output_options(moodle, "quiz")
    moodle.add_argument("--partial", action="store_true",
                        help="import the questions a quiz can hold even when others are left out or broken")
    moodle.add_argument("--quiz-per-category", action="store_true",
                        help="write one quiz per category into the folder -o names (default: one quiz, each "
                             "category a topic)")
    moodle.set_defaults(handler=run_moodle_xml)
    cards = formats.add_parser(
        "csv", parents=[parent], help="flashcards from a two-column CSV (Anki, Quizlet) to a deck",
        description="Convert a two-column file (front, back), as Anki's 'Notes in Plain Text' or Quizlet's "
                    "export writes it (tab, comma, semicolon or pipe separated), into a deck YAML file.")
    cards.add_argument("file", type=Path, metavar="FILE", help="the CSV or tab-separated file to read (UTF-8)")
    _deck_options(cards)
    cards.add_argument("--reverse", action="store_true", help="drill every card back-to-front as well")
    cards.add_argument("--separator", metavar="CHAR", help="the column separator (default: Anki's #separator "
                       "header, else guessed from tab, comma, semicolon and pipe); 'tab' for a tab")
    cards.add_argument("--partial", action="store_true", help="import the good rows even when some are broken")
    cards.set_defaults(handler=run_cards)
    anki = formats.add_parser(
        "anki", parents=[parent], help="an Anki package (.apkg) to a deck, its review history to your progress",
        description="Convert an Anki package into a deck YAML file: basic notes become cards, reversed note "
                    "types reversible cards, tags are kept (nested ones too); cloze notes are reported and left "
                    "out. The review history of each card goes into your progress, so its schedule continues. "
                    "Needs Anki's library: pip install 'courseware[anki]'.")
    anki.add_argument("file", type=Path, metavar="FILE.apkg", help="the Anki package to read")
    _deck_options(anki)
    anki.add_argument("--no-history", action="store_true", help="leave the review history out of your progress")
    anki.set_defaults(handler=run_anki)


def _output_options(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("-o", "--output", type=Path, metavar="PATH",
                        help=f"where to write the {what} YAML (default: print it)")
    parser.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    parser.add_argument("--id", dest="file_id", metavar="ID",
                        help=f"the {what}'s id (default: from the output or input file name)")
    parser.add_argument("--title", help=f"the {what}'s title (default: from the file)")


def _deck_options(parser: argparse.ArgumentParser) -> None:
    """What every import to a deck asks: its id, where it goes, and its title."""
    parser.add_argument("--deck", required=True, metavar="ID", help="the deck's id (lowercase, digits, hyphens)")
    parser.add_argument("-o", "--output", type=Path, metavar="PATH",
                        help="where to write the deck YAML (default: print it)")
    parser.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    parser.add_argument("--title", help="the deck's title (default: from the deck id)")


def _checked_id(value: str, option: str) -> str:
    if not ID.match(value) or len(value) > 80:
        raise UsageError(f"{option} '{value}' must be lowercase letters, digits and hyphens (like 'ccsm-terms')")
    return value


def file_id(args: argparse.Namespace) -> str:
    if args.file_id:
        return _checked_id(str(args.file_id), "--id")
    return slugify((args.output or args.file).name.split(".")[0], "imported")


def run_moodle_xml(args: argparse.Namespace) -> int:
    if args.quiz_per_category:
        return _quiz_per_category(args)
    quiz_id = file_id(args)
    result = read_moodle_xml(read_bytes(args.file), args.file, files_prefix=f"{quiz_id}-files")
    return _write_quiz(args, result, quiz_id)


def _quiz_per_category(args: argparse.Namespace) -> int:
    """Each category's questions as a quiz of its own, in the folder ``-o`` names, sharing one files folder."""
    folder: Path | None = args.output
    if folder is None or folder.suffix in {".yaml", ".yml"} or folder.is_file():
        raise UsageError("--quiz-per-category needs -o FOLDER (the quizzes are written into it)")
    stem = slugify(args.file.name.split(".")[0], "imported")
    result = read_moodle_xml(read_bytes(args.file), args.file, files_prefix=f"{stem}-files")
    print_findings(result.findings)
    errors = result.errors
    if errors and not args.partial:
        raise CoursewareError(f"{args.file}: {plural(len(errors), 'error')}; nothing was written (fix them, or use "
                              f"--partial to import the {plural(len(result.questions), 'good question')})")
    if not result.questions:
        raise CoursewareError(f"{args.file}: no question that a quiz can hold")
    title = result.title_hint or stem.replace("-", " ")
    groups: dict[str | None, list[Question]] = {}
    for question in result.questions:
        groups.setdefault(question.topic or result.topic_hint, []).append(question)
    quizzes: list[Quiz] = []
    taken: set[str] = set()
    for topic, questions in groups.items():
        quiz_id = unique_id(topic or slugify(title, stem), taken)
        quizzes.append(Quiz(kind="quiz", id=quiz_id, title=result.category_titles.get(topic or "", title),
                            description=None if topic else result.description_hint, topic=topic,
                            questions=[question.model_copy(update={"topic": None}) for question in questions]))
    targets = {folder / f"{quiz.id}.yaml": quiz for quiz in quizzes}
    existing = [path for path in targets if path.exists()]
    if existing and not args.force:
        raise UsageError(f"{existing[0]} already exists; use --force to overwrite it")
    write_files(result.files, folder, force=args.force)
    for path, quiz in targets.items():
        write_output(dump_model(quiz), path, force=True)
    names = ", ".join(quiz.id for quiz in quizzes)
    print(f"imported {plural(len(result.questions), 'question')} from {args.file} into "
          f"{len(quizzes)} quiz{'zes' * (len(quizzes) != 1)} in {folder}: {names}", file=sys.stderr)
    return 0


def run_quiz(args: argparse.Namespace) -> int:
    result: ImportResult = args.reader(read_input(args.file), args.file)
    return _write_quiz(args, result, file_id(args))


def _write_quiz(args: argparse.Namespace, result: ImportResult, quiz_id: str) -> int:
    print_findings(result.findings)
    errors, count = result.errors, len(result.questions)
    if errors and not args.partial:
        raise CoursewareError(
            f"{args.file}: {plural(len(errors), 'error')}; nothing was written (fix them, or use --partial "
            f"to import the {plural(count, 'good question')})")
    if not result.questions:
        raise CoursewareError(f"{args.file}: no question that a quiz can hold")
    name = args.file.name.split(".")[0]
    title = args.title or result.title_hint or name.replace("_", " ").replace("-", " ").strip() or "Imported quiz"
    quiz = Quiz(kind="quiz", id=quiz_id, title=title, description=result.description_hint,
                topic=result.topic_hint, questions=result.questions)
    if args.output is not None:
        if args.output.exists() and not args.force:
            raise UsageError(f"{args.output} already exists; use --force to overwrite it")
        write_files(result.files, args.output.parent, force=args.force)
    elif result.files:
        print(f"warning: {plural(len(result.files), 'embedded file')} not saved (the quiz links them): give -o "
              "to save them beside the quiz", file=sys.stderr)
    write_output(dump_model(quiz), args.output, force=args.force)
    warnings = len(result.findings) - len(errors)
    print(f"imported {plural(count, 'question')} from {args.file}"
          + (f" into {args.output}" if args.output else "")
          + (f" ({plural(warnings, 'warning')})" if warnings else "")
          + (f", {plural(len(result.files), 'file')} saved beside it" if result.files and args.output else "")
          + (f", skipped {plural(len(errors), 'question')} with errors" if errors else ""), file=sys.stderr)
    return 0


def run_cards(args: argparse.Namespace) -> int:
    deck_id = _checked_id(args.deck, "--deck")
    separator = "\t" if args.separator in ("tab", "\\t") else args.separator
    if separator is not None and len(separator) != 1:
        raise UsageError(f"--separator '{args.separator}' must be one character (or 'tab')")
    cards, findings = read_csv_cards(read_input(args.file), args.file, reverse=args.reverse, separator=separator)
    print_findings(findings)
    errors = [finding for finding in findings if finding.severity == "error"]
    if errors and not args.partial:
        raise CoursewareError(f"{args.file}: {plural(len(errors), 'row')} with errors; nothing was written (fix "
                              f"them, or use --partial to import the {plural(len(cards), 'good card')})")
    if not cards:
        raise CoursewareError(f"{args.file}: no cards found (expected two columns: front and back)")
    title = args.title or deck_id.replace("-", " ").capitalize()
    write_output(dump_model(build_deck(deck_id, title, cards)), args.output, force=args.force)
    print(f"imported {plural(len(cards), 'card')} from {args.file}" + (f" into {args.output}" if args.output else ""),
          file=sys.stderr)
    return 0


def run_anki(args: argparse.Namespace) -> int:
    from courseware.core.interop.anki_reader import read_apkg, store_history
    from courseware.core.paths import data_dir
    from courseware.core.store import open_store

    deck_id = _checked_id(args.deck, "--deck")
    if not args.file.is_file():
        raise UsageError(f"no such file: {args.file}")
    if args.output is not None and args.output.exists() and not args.force:
        raise UsageError(f"{args.output} already exists; use --force to overwrite it")
    imported = read_apkg(args.file)
    print_findings(imported.findings)
    if not imported.cards:
        raise CoursewareError(f"{args.file}: no basic or reversed notes found")
    title = args.title or deck_id.replace("-", " ").capitalize()
    write_output(dump_model(build_deck(deck_id, title, imported.cards)), args.output, force=args.force)
    summary = f"imported {plural(len(imported.cards), 'card')} from {args.file}" + (
        f" into {args.output}" if args.output else "")
    if imported.reviews and not args.no_history:
        store = open_store(data_dir(), fallback_to_memory=False)
        try:
            stored, skipped = store_history(deck_id, imported, store)
        finally:
            store.close()
        summary += f", {plural(stored, 'review')} of {plural(len(imported.reviews) - len(skipped), 'card')} " \
                   "into your progress"
        if skipped:
            summary += f" ({plural(len(skipped), 'card')} already had a history there and were left alone)"
    print(summary, file=sys.stderr)
    return 0
