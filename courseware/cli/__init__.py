"""The command line: parse arguments and hand over to the core or the app.

Every subcommand lives in its own module under ``courseware.cli.commands`` and registers itself, so
adding a command never touches this file. Errors reach the person as one line on stderr and a
non-zero exit, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from typing import NoReturn

from courseware import __version__
from courseware.cli import commands
from courseware.core.errors import CoursewareError
from courseware.core.text import printable


def common_options() -> argparse.ArgumentParser:
    """Options every subcommand accepts, also after its name (``courseware validate --course DIR``)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--course", metavar="DIR", default=argparse.SUPPRESS,
                        help="course directory to use (default: $COURSEWARE_COURSE or the bundled CCSM course)")
    return parent


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the arguments, only the command they name (none when they open the app).

    Importing a command's module imports what the command needs (argon2 for ``class``, the exporters for
    ``export``, ...), so the app and each command start without paying for every other command.
    """
    parser = argparse.ArgumentParser(
        prog="courseware",
        description="Train for the Certified Customer Success Manager (CCSM) credential in the terminal. "
                    "Without a command, opens the study app.")
    parser.add_argument("--version", action="version", version=f"courseware {__version__}")
    parser.add_argument("--course", metavar="DIR", default=None,
                        help="course directory to use (default: $COURSEWARE_COURSE or the bundled CCSM course)")
    parser.set_defaults(handler=None)
    names = sorted(info.name for info in pkgutil.iter_modules(commands.__path__))
    wanted = None if argv is None else _named_command(argv, {name.rstrip("_"): name for name in names})
    if wanted == "":
        return parser
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    parent = common_options()
    for name in names if wanted is None else [wanted]:
        module = importlib.import_module(f"{commands.__name__}.{name}")
        module.register(subparsers, parent)
    return parser


class _NotPlain(Exception):
    """The arguments need the whole parser: for help, the version, or an error message listing commands."""


class _Peek(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotPlain(message)


def _named_command(argv: Sequence[str], modules: dict[str, str]) -> str | None:
    """The module of the command ``argv`` names, ``""`` when it names none (the app), ``None`` when unsure.

    A command's module is named after it (a trailing ``_`` keeps ``import`` and ``class`` apart from the
    keywords), so finding it takes no import."""
    peek = _Peek(add_help=False, allow_abbrev=False)
    peek.add_argument("--course")
    peek.add_argument("command", nargs="?")
    try:
        known, rest = peek.parse_known_args(argv)
    except _NotPlain:
        return None
    if known.command is None:
        return "" if not rest else None
    return modules.get(known.command)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(argv if argv is not None else sys.argv[1:])
    args = parser.parse_args(argv)
    try:
        if args.handler is None:
            from courseware.tui.launch import run_app

            return run_app(args)
        result: int = args.handler(args)
        return result
    except CoursewareError as error:
        print(f"courseware: error: {printable(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("courseware: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # the last line of defence: a person never sees a traceback
        if os.environ.get("COURSEWARE_DEBUG"):
            raise
        print(f"courseware: internal error: {type(error).__name__}: {error} "
              "(run again with COURSEWARE_DEBUG=1 for details)", file=sys.stderr)
        return 1
