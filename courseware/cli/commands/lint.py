"""``courseware lint [PATH] [--json] [--strict]``: item-writing warnings for a course or one quiz or exam file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from courseware.core.course.lint import lint_path
from courseware.core.errors import UsageError
from courseware.core.paths import course_dir
from courseware.core.text import printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "lint", parents=[parent], help="check how well a course's questions are written",
        description="Check the questions of a course (default: the one in use), or of one quiz or exam file, "
                    "against item-writing rules (see docs/authoring.md). Prints each finding as "
                    "path:line:column: warning: message [rule]. Exit 0, or 1 with --strict when there are "
                    "warnings; 1 when files do not load (run courseware validate); 2 for a usage error.")
    parser.add_argument("path", nargs="?", metavar="PATH", help="a course directory, quiz file or exam file")
    parser.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    parser.add_argument("--strict", action="store_true", help="exit 1 when there is any warning")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = course_dir(getattr(args, "course", None))
    path = Path(args.path) if args.path else root
    if not path.exists():
        raise UsageError(f"no such file or directory: {path}")
    if not path.is_dir() and path.suffix not in {".yaml", ".yml"}:
        raise UsageError(f"{path}: not a quiz or exam file (expected a directory, .yaml or .yml)")
    findings, problems = lint_path(path, root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if args.json:
        print(json.dumps([finding.as_json() for finding in findings], indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(printable(str(finding)))
        count = len(findings)
        print(f"{count} warning{'s' * (count != 1)}" if count else f"ok: {path}: no warnings", file=sys.stderr)
    if problems:
        print(f"{path} has problems that stop some files being linted: run courseware validate", file=sys.stderr)
        return 1
    return 1 if args.strict and findings else 0
