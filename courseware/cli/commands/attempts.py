"""``courseware attempts [ID]``: the history of quiz and exam attempts."""

from __future__ import annotations

import argparse

from courseware.cli.line_mode import print_review
from courseware.cli.sessions import load, open_learner_store
from courseware.core.assessment.exams import review_of, review_seen
from courseware.core.assessment.results import describe_attempt
from courseware.core.course.course import Course
from courseware.core.errors import UsageError
from courseware.core.store import Store
from courseware.core.text import printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "attempts", parents=[parent], help="list quiz and exam attempts with their scores",
        description="List every quiz and exam attempt, oldest first: id (for 'courseware certificate'), "
                    "date, seed, score and pass or fail.")
    parser.add_argument("ref", nargs="?", metavar="ID",
                        help="only attempts at this quiz or exam; with --review, an attempt number")
    parser.add_argument("--review", action="store_true",
                        help="show attempt ID again: every question, the answer given, the right one and the "
                             "explanation")
    parser.set_defaults(handler=run)


def print_history(store: Store, *, kind: str | None = None, ref_id: str | None = None) -> None:
    attempts = store.attempts.list(kind, ref_id)
    if not attempts:
        print("No attempts yet.")
    for attempt in attempts:
        print(printable(describe_attempt(attempt)))


def print_attempt_review(store: Store, course: Course, attempt_id: int) -> None:
    attempt, result = review_of(store, course, attempt_id)
    print(printable(describe_attempt(attempt)))
    print_review(result, print)
    print(result.score_line)
    if attempt.kind == "exam":
        review_seen(store, attempt.id)


def run(args: argparse.Namespace) -> int:
    course = load(args)
    if args.review and not (args.ref or "").lstrip("#").isdigit():
        raise UsageError("--review needs an attempt number, such as 'courseware attempts 3 --review' "
                         "(the numbers are listed by 'courseware attempts')")
    store = open_learner_store(in_memory_if_unwritable=True)
    try:
        if args.review:
            print_attempt_review(store, course, int(args.ref.lstrip("#")))
        else:
            print_history(store, ref_id=args.ref)
    finally:
        store.close()
    return 0
