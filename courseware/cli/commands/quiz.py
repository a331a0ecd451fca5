"""``courseware quiz ID|FILE``: take a quiz in the app, or line by line with ``--plain``."""

from __future__ import annotations

import argparse
import sys

from courseware.cli.line_mode import LineSession, StreamLines
from courseware.cli.sessions import add_session_options, find_quiz, load, open_learner_store, run_in_app
from courseware.core.assessment.quiz_session import resume_quiz, start_quiz
from courseware.core.store.connection import utc_now


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "quiz", parents=[parent], help="take a quiz (in the app, or line by line with --plain)",
        description="Take a quiz by id, or straight from a quiz file while writing it. Every answer is "
                    "stored as it is given; an unfinished attempt is resumed unless --new or --seed is "
                    "given. With --plain, each question is printed as text and one line of stdin answers "
                    "it: a letter, letters such as a,c, true/false, text or a number; for matching the "
                    "partner letter of each item in order (b,a,c); for ordering the letters in the right "
                    "order (c,a,b). A blank line skips; end of input submits. The last line is "
                    "'score: EARNED/POSSIBLE (PERCENT%) pass|fail'.")
    parser.add_argument("quiz", metavar="ID|FILE", help="a quiz id, or a quiz .yaml file")
    add_session_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    course = load(args)
    quiz = find_quiz(course, args.quiz)
    if not args.plain:
        from courseware.tui.screens.quiz import QuizScreen

        return run_in_app(args, lambda: QuizScreen(quiz.id, quiz=quiz, seed=args.seed,
                                                   shuffle=not args.no_shuffle, fresh=args.new))
    store = open_learner_store(in_memory_if_unwritable=True)
    try:
        session = None if args.new or args.seed is not None else resume_quiz(store, quiz, clock=utc_now)
        resumed = session is not None
        if session is None:
            session = start_quiz(store, quiz, seed=args.seed, shuffle=not args.no_shuffle, clock=utc_now)
        LineSession(session, StreamLines(sys.stdin), sys.stdout, feedback=True).run(
            resumed=resumed, description=quiz.description)
    finally:
        store.close()
    return 0
