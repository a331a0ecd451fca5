"""``courseware optimize``: fit FSRS to the learner's own reviews and say how much better it predicts them."""

from __future__ import annotations

import argparse

from courseware.cli.sessions import open_learner_store
from courseware.core.store.connection import utc_now
from courseware.core.study.optimizer import MIN_REVIEWS, describe, optimize


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "optimize", parents=[parent], help="fit the FSRS scheduler to your own reviews (needs courseware[optimizer])",
        description=f"Fit FSRS's parameters to your own scheduled reviews (at least {MIN_REVIEWS}), as Anki's "
                    "Optimize does, and use them for every new interval. Prints the log loss before and after. "
                    "Needs the optimizer extra: pip install 'courseware[optimizer]'.")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    store = open_learner_store()
    try:
        print(describe(optimize(store, utc_now())))
    finally:
        store.close()
    return 0
