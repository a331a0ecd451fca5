"""``courseware exam ID``: sit a timed exam in the app, or line by line with ``--plain``."""

from __future__ import annotations

import argparse
import sys

from courseware.cli.commands.attempts import print_history
from courseware.cli.line_mode import LineSession, StreamLines
from courseware.cli.sessions import add_session_options, find_exam, load, open_learner_store, run_in_app
from courseware.core.assessment.exams import close_unfinished, resume_exam, review_seen, start_exam
from courseware.core.store.connection import utc_now


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "exam", parents=[parent], help="sit a timed self-assessment exam",
        description="Sit an exam: questions drawn at random from its blueprint, reproducibly from a seed "
                    "the attempt shows (repeat a draw with --seed N), against the clock, with no feedback "
                    "until it is submitted. An unfinished attempt is resumed (its clock kept running) "
                    "unless --new or --seed is given. --plain answers as for 'courseware quiz --plain'.")
    parser.add_argument("exam", metavar="ID", help="the exam's id")
    add_session_options(parser)
    parser.add_argument("--history", action="store_true", help="list the attempts at this exam and exit")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    course = load(args)
    exam = find_exam(course, args.exam)
    if args.history:
        store = open_learner_store(in_memory_if_unwritable=True)
        try:
            print_history(store, kind="exam", ref_id=exam.id)
        finally:
            store.close()
        return 0
    if not args.plain:
        from courseware.tui.screens.exam import ExamScreen

        return run_in_app(args, lambda: ExamScreen(exam.id, seed=args.seed, shuffle=not args.no_shuffle,
                                                   fresh=args.new))
    store = open_learner_store(in_memory_if_unwritable=True)
    try:
        fresh = args.new or args.seed is not None
        session = None if fresh else resume_exam(store, course, exam, clock=utc_now)
        resumed = session is not None
        if session is None:
            closed = close_unfinished(store, course, exam, clock=utc_now)
            if closed is not None and closed.abandoned:
                print(f"Attempt {closed.id} was left unfinished: it is recorded as abandoned, a fail.")
            session = start_exam(store, course, exam, seed=args.seed, shuffle=not args.no_shuffle,
                                 clock=utc_now)
            if session.attempt.practice:
                print(f"Seed {session.seed} was sat before and its review seen: this attempt is a practice "
                      "paper and earns no certificate.")
        LineSession(session, StreamLines(sys.stdin), sys.stdout, feedback=False).run(
            resumed=resumed, description=exam.description)
        review_seen(store, session.attempt_id)
    finally:
        store.close()
    return 0
