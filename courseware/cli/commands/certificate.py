"""``courseware certificate ATTEMPT``: the certificate of a passed exam; ``--verify FILE`` checks one."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from courseware.cli.sessions import load, open_learner_store
from courseware.core.assessment import certificate
from courseware.core.errors import UsageError
from courseware.core.text import printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "certificate", parents=[parent], help="write the certificate of a passed exam, or verify one",
        description="Write the certificate of a passed exam attempt (its number is in 'courseware attempts') "
                    "as a standalone HTML file and as Markdown, with a verification code over its fields. "
                    "--verify FILE checks a certificate (.html or .md): exit 0 when it is exactly as "
                    "issued, 1 when anything in it was changed.")
    parser.add_argument("attempt", nargs="?", type=int, metavar="ATTEMPT", help="the exam attempt's number")
    parser.add_argument("--name", help="the learner's name on the certificate "
                        "(default: learner_name in the settings, else your user name)")
    parser.add_argument("--out", metavar="DIR", default=".", help="where to write it (default: here)")
    parser.add_argument("--verify", metavar="FILE", help="check a certificate instead of writing one")
    parser.set_defaults(handler=run)


def learner_name(explicit: str | None) -> str:
    """The name to print: ``--name``, else ``learner_name`` from the settings, else the account's user name."""
    if explicit:
        return explicit
    from courseware.core.settings import load_settings

    configured = load_settings().settings.learner_name.strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        raise UsageError("cannot tell your name: give it with --name") from None


def run(args: argparse.Namespace) -> int:
    if args.verify:
        checked = certificate.verify(Path(args.verify))
        print(printable(f"valid: {checked.learner} passed {checked.exam} ({checked.course}) with "
                        f"{checked.score} on {checked.date}, attempt {checked.attempt}, seed {checked.seed}"))
        return 0
    if args.attempt is None:
        raise UsageError("give an exam attempt number (see 'courseware attempts') or --verify FILE")
    course = load(args)
    store = open_learner_store()
    try:
        issued = certificate.issue(course, store, args.attempt, learner_name(args.name))
    finally:
        store.close()
    stem = f"certificate-attempt-{issued.attempt}"
    for path in certificate.write(issued, Path(args.out), stem):
        print(f"wrote {path}")
    print(f"verification code: {issued.code}")
    return 0
