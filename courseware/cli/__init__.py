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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="courseware",
        description="Train for the Certified Customer Success Manager (CCSM) credential in the terminal. "
                    "Without a command, opens the study app.")
    parser.add_argument("--version", action="version", version=f"courseware {__version__}")
    parser.add_argument("--course", metavar="DIR", default=None,
                        help="course directory to use (default: $COURSEWARE_COURSE or the bundled CCSM course)")
    parser.set_defaults(handler=None)
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    parent = common_options()
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers, parent)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
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
