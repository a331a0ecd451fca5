"""``courseware schema``: print the JSON Schema of quiz, deck and exam files for editors."""

from __future__ import annotations

import argparse
import json

from courseware.core.course.schema import course_file_schema


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("schema", help="print the JSON Schema of quiz, deck and exam files",
                                   description="Print the JSON Schema that quiz, deck and exam YAML files follow.")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(course_file_schema(), indent=2))
    return 0
