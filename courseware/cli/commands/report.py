"""``courseware report``: a trainer's item analysis of a cohort, from an LRS or from statement files."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import Any

from courseware.core.errors import CoursewareError, UsageError
from courseware.core.interop.lrs import strip_credentials
from courseware.core.interop.report import CohortAnalysis, CohortReport
from courseware.core.interop.report_html import render_html
from courseware.core.interop.statement_sources import read_lrs, read_statement_file
from courseware.core.text import printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "report", parents=[parent], help="item analysis of a cohort from xAPI statements (for trainers)",
        description="Read xAPI statements from a learning record store (--lrs), from files (--from) or from the "
                    "progress stores of a class (--class) and show, "
                    "per quiz or exam, the learners, attempts, mean, SD and Cronbach's alpha; per item its "
                    "facility, discrimination, answer counts and flags; per learner their scores and topics.")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--lrs", metavar="URL", help="the LRS's xAPI base URL, e.g. https://lrs/xAPI/")
    source.add_argument("--from", dest="files", metavar="FILE", type=Path, action="append",
                        help="a file of statements (a JSON array or JSON lines); may be given more than once")
    source.add_argument("--class", dest="class_dir", metavar="DIR", type=Path,
                        help="the learners of a class served with 'serve --class', from their progress stores")
    parser.add_argument("--auth", metavar="USER:PASS", default=os.environ.get("COURSEWARE_LRS_AUTH"),
                        help="the LRS credentials (default: $COURSEWARE_LRS_AUTH)")
    parser.add_argument("--since", metavar="TIME", help="only statements stored after this ISO 8601 time")
    parser.add_argument("--activity", metavar="IRI", help="only statements about this activity (a quiz or exam id)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the report as JSON")
    output.add_argument("--html", metavar="FILE", type=Path, help="write a self-contained HTML report with charts")
    parser.set_defaults(handler=run)


def _statements(args: argparse.Namespace) -> Iterator[dict[str, Any]]:
    if args.class_dir:
        from courseware.core.course.loader import load_course
        from courseware.core.interop.class_statements import class_histories
        from courseware.core.paths import course_dir

        course = load_course(course_dir(args.course))
        return chain.from_iterable(history.statements for history in class_histories(course, args.class_dir))
    if args.lrs:
        if not args.auth or ":" not in args.auth:
            raise UsageError("--lrs needs --auth USER:PASS (or $COURSEWARE_LRS_AUTH)")
        user, _, password = args.auth.partition(":")
        return read_lrs(args.lrs, user, password, since=args.since, activity=args.activity)
    files: list[Path] = args.files
    return chain.from_iterable(read_statement_file(path) for path in files)


def _table(report: CohortReport) -> str:
    lines: list[str] = []
    for quiz in report.quizzes:
        alpha = "–" if quiz.alpha is None else f"{quiz.alpha:.2f}"
        mean = "–" if quiz.mean is None else f"{quiz.mean:.0%}"
        sd = "–" if quiz.sd is None else f"{quiz.sd:.0%}"
        lines.append(f"{quiz.name} ({quiz.id})")
        lines.append(f"  {quiz.learners} learners, {quiz.attempts} attempts, mean {mean}, SD {sd}, alpha {alpha}")
        lines.append(f"  {'item':<34} {'answers':>7} {'facility':>8} {'discr.':>7}  flags")
        for item in quiz.items:
            facility = "–" if item.facility is None else f"{item.facility:.2f}"
            discrimination = "–" if item.discrimination is None else f"{item.discrimination:.2f}"
            name = item.id.rsplit("/questions/", 1)[-1]
            lines.append(f"  {name[:34]:<34} {item.responses:>7} {facility:>8} {discrimination:>7}  "
                         f"{', '.join(item.flags)}")
        lines.append("")
    if report.learners:
        lines.append(f"{'learner':<30} {'attempts':>8} {'best':>6} {'last':>6}  weakest topic")
        for learner in report.learners:
            weakest = min(learner.topics.items(), key=lambda pair: pair[1], default=None)
            topic = f"{weakest[0]} ({weakest[1]:.0%})" if weakest else ""
            best = "–" if learner.best is None else f"{learner.best:.0%}"
            last = "–" if learner.last is None else f"{learner.last:.0%}"
            lines.append(f"{learner.name[:30]:<30} {learner.attempts:>8} {best:>6} {last:>6}  {topic}")
    if not report.quizzes:
        lines.append(f"no answers to quiz items among {report.statements} statements")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    analysis = CohortAnalysis().add_all(_statements(args))
    report = analysis.report()
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    elif args.html:
        try:
            args.html.write_text(render_html(report), encoding="utf-8")
        except OSError as error:
            raise CoursewareError(f"cannot write {args.html}: {error.strerror or error}") from None
        print(f"wrote the report on {len(report.quizzes)} quizzes to {args.html}", file=sys.stderr)
    else:
        print(printable(_table(report)))
    source = (strip_credentials(args.lrs) if args.lrs else f"the class {args.class_dir}" if args.class_dir
              else ", ".join(str(path) for path in args.files))
    print(f"read {report.statements} statements from {source}", file=sys.stderr)
    return 0
