"""``courseware stats``: the learner's statistics, for a person or (``--json``) for a script."""

from __future__ import annotations

import argparse
import json

from courseware.cli.sessions import open_learner_store
from courseware.core.paths import course_dir
from courseware.core.store.connection import utc_now
from courseware.core.study.stats import compute, course_for_statistics, report
from courseware.core.text import printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "stats", parents=[parent], help="show study statistics (reviews, retention, scores, time)",
        description="Show the learner's statistics: modules read, flashcard reviews and retention, "
                    "time studied, quiz scores per topic and exam attempts.")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts instead of text")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = course_dir(getattr(args, "course", None))
    store = open_learner_store(in_memory_if_unwritable=True)
    try:
        course = course_for_statistics(root, store)
        now = utc_now()
        stats = compute(course, store, now)
        if args.json:
            print(json.dumps(stats.to_json(), indent=2))
        else:
            print(printable(report(stats, course, now.astimezone().date())))
    finally:
        store.close()
    return 0
