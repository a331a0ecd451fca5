"""``courseware class add|list|remove|reset-password``: the trainer's roster for ``courseware serve --class``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from courseware.core.classroom.roster import Roster, new_password
from courseware.core.errors import UsageError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "class", parents=[parent], help="manage the learners of a class served with 'serve --class'",
        description="Add, list and remove the learners of a class directory, and reset their passwords. "
                    "Passwords are stored as argon2 hashes; each learner's progress lives in "
                    "DIR/learners/NAME/. Serve the class with 'courseware serve --class DIR'.")
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--class", dest="class_dir", metavar="DIR", type=Path,
                       default=os.environ.get("COURSEWARE_CLASS"),
                       help="the class directory (default: $COURSEWARE_CLASS)")
    actions = parser.add_subparsers(title="actions", metavar="ACTION", required=True)
    password = argparse.ArgumentParser(add_help=False)
    password.add_argument("--password-stdin", action="store_true",
                          help="read the password from the first line of standard input "
                               "(default: make up one and print it)")
    add = actions.add_parser("add", parents=[parent, where, password], help="add a learner",
                             description="Add a learner to the class, creating the class directory if needed.")
    add.add_argument("name", metavar="NAME", help="the sign-in name: lower-case letters, digits, '.', '_', '-'")
    add.add_argument("--display-name", default="", metavar="TEXT", help="the name to print on certificates")
    add.set_defaults(handler=run_add)
    listing = actions.add_parser("list", parents=[parent, where], help="list the learners")
    listing.set_defaults(handler=run_list)
    remove = actions.add_parser("remove", parents=[parent, where], help="remove a learner",
                                description="Remove a learner: they can no longer sign in; their progress is "
                                            "deleted unless --keep-progress.")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--keep-progress", action="store_true", help="keep DIR/learners/NAME/")
    remove.set_defaults(handler=run_remove)
    reset = actions.add_parser("reset-password", parents=[parent, where, password], help="set a new password")
    reset.add_argument("name", metavar="NAME")
    reset.set_defaults(handler=run_reset)


def _class_dir(args: argparse.Namespace) -> Path:
    if args.class_dir is None:
        raise UsageError("which class? give --class DIR (or set COURSEWARE_CLASS)")
    return Path(args.class_dir)


def _password(args: argparse.Namespace) -> tuple[str, bool]:
    """The password, and whether it was made up here (and so must be shown once)."""
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise UsageError("--password-stdin: standard input has no password on its first line")
        return line, False
    return new_password(), True


def run_add(args: argparse.Namespace) -> int:
    roster = Roster.open(_class_dir(args), create=True)
    password, made_up = _password(args)
    learner = roster.add(args.name, password, args.display_name)
    print(f"added {learner.name} to {roster.directory}" + (f"; password: {password}" if made_up else ""))
    return 0


def run_list(args: argparse.Namespace) -> int:
    roster = Roster.open(_class_dir(args))
    if not roster.learners:
        print(f"no learners in {roster.directory}")
    for learner in sorted(roster.learners.values(), key=lambda learner: learner.name):
        shown = f"  ({learner.display_name})" if learner.display_name else ""
        print(f"{learner.name}{shown}  added {learner.added}")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    roster = Roster.open(_class_dir(args))
    roster.remove(args.name, keep_progress=args.keep_progress)
    kept = f"; progress kept in {roster.learner_dir(args.name)}" if args.keep_progress else ""
    print(f"removed {args.name}{kept}")
    return 0


def run_reset(args: argparse.Namespace) -> int:
    roster = Roster.open(_class_dir(args))
    password, made_up = _password(args)
    roster.reset_password(args.name, password)
    print(f"new password for {args.name}" + (f": {password}" if made_up else " set"))
    return 0
