"""``courseware attempts [ID]``: the history of quiz and exam attempts."""

from __future__ import annotations

import argparse

from courseware.cli.sessions import load, open_learner_store
from courseware.core.assessment.results import percent_text
from courseware.core.store import Attempt, Store
from courseware.core.text import printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "attempts", parents=[parent], help="list quiz and exam attempts with their scores",
        description="List every quiz and exam attempt, oldest first: id (for 'courseware certificate'), "
                    "date, seed, score and pass or fail.")
    parser.add_argument("ref", nargs="?", metavar="ID", help="only attempts at this quiz or exam")
    parser.set_defaults(handler=run)


def describe_attempt(attempt: Attempt) -> str:
    when = attempt.started_at.strftime("%Y-%m-%d %H:%M")
    if attempt.submitted_at is None or attempt.earned is None or attempt.possible is None:
        outcome = "not submitted"
    else:
        outcome = f"{percent_text(attempt.earned, attempt.possible)} {'pass' if attempt.passed else 'fail'}"
    return f"#{attempt.id}  {when}  {attempt.kind} {attempt.ref_id}  seed {attempt.seed}  {outcome}"


def print_history(store: Store, *, kind: str | None = None, ref_id: str | None = None) -> None:
    attempts = store.attempts.list(kind, ref_id)
    if not attempts:
        print("No attempts yet.")
    for attempt in attempts:
        print(printable(describe_attempt(attempt)))


def run(args: argparse.Namespace) -> int:
    load(args)
    store = open_learner_store()
    try:
        print_history(store, ref_id=args.ref)
    finally:
        store.close()
    return 0
