"""``courseware schema [--out FILE]``: the JSON Schema of quiz, deck and exam files, for editors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from courseware.cli.interop_files import write_output
from courseware.core.course.schema import shipped_schema_text


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "schema", help="print the JSON Schema of quiz, deck and exam files",
        description="Print (or write with --out) the JSON Schema that quiz, deck and exam YAML files follow, "
                    "as installed with courseware. Point an editor at it with a first line "
                    "'# yaml-language-server: $schema=PATH' in a YAML file.")
    parser.add_argument("--out", type=Path, metavar="FILE", help="write the schema to FILE instead of printing it")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    write_output(shipped_schema_text(), args.out, force=args.force)
    if args.out:
        print(f"wrote the course-file schema to {args.out}", file=sys.stderr)
    return 0
