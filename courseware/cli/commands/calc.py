"""``courseware calc NAME [options] [--json]``: run a customer success calculator and show its workings.

Each calculator's options come from its description in the core, so the command line cannot drift
from the app. Every mistake in the options (a missing one, a typo, a non-number, one given twice) is
reported as one line and exit code 2: the calculator's own parser raises instead of printing
argparse's usage block, and values are read by the core's one strict reader of their kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn

from courseware.core.calculators import CALCULATORS, Calculation, Calculator, Kind, get_calculator, parse_input
from courseware.core.errors import UsageError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    names = ", ".join(CALCULATORS)
    parser = subparsers.add_parser(
        "calc", parents=[parent], help="run a customer success calculator (retention, NRR, CLV, NPS...)",
        description=f"Run a calculator and print its worked steps. Calculators: {names}. "
                    "Rates are typed as percentages (4 or 4%). 'courseware calc NAME --help' lists a "
                    "calculator's options. Exit 2 on impossible input.",
        epilog="example: courseware calc retention --start 100 --end 110 --new 30")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("name", nargs="?", metavar="NAME", help="the calculator (omit to list them)")
    parser.add_argument("options", nargs=argparse.REMAINDER, help="the calculator's options")
    parser.set_defaults(handler=run)


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one ``UsageError`` line instead of a usage block."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")


class Once(argparse.Action):
    """An option that may be given once: a second value is refused rather than silently taking over."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        previous = getattr(namespace, self.dest, None)
        if previous is not None:
            raise UsageError(f"{option_string}: given twice ('{previous}' and '{values}'); give it once")
        setattr(namespace, self.dest, values)


def calculator_parser(calculator: Calculator) -> OneLineParser:
    """The options of one calculator, all read as text so that the core parses and checks them."""
    parser = OneLineParser(prog=f"calc {calculator.name}",
                           description=f"{calculator.title}: {calculator.summary}")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--course", metavar="DIR", help="ignored: calculators need no course")
    for option in calculator.options:
        kind = "percentage" if option.is_rate else option.kind.value
        help_text = f"{option.help} ({kind})".replace("%", "%%")
        if option.kind is Kind.FILE:
            parser.add_argument(option.name, metavar=option.name.upper(), help=help_text)
        elif option.kind is Kind.SIGNALS:
            parser.add_argument(option.flag, dest=option.name, metavar="NAME=VALUE:WEIGHT", action="append",
                                help=help_text)
        else:
            parser.add_argument(option.flag, dest=option.name, metavar=option.name.upper(), action=Once,
                                help=help_text)
    return parser


def listing() -> str:
    width = max(len(name) for name in CALCULATORS)
    lines = ["Calculators (courseware calc NAME --help for options):"]
    lines += [f"  {name:<{width}}  {calculator.title}: {calculator.summary}"
              for name, calculator in CALCULATORS.items()]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    if args.name is None:
        print(listing())
        return 0
    calculator = get_calculator(args.name)
    parsed = calculator_parser(calculator).parse_args(args.options)
    inputs: dict[str, Any] = {}
    for option in calculator.options:
        text = getattr(parsed, option.name)
        if isinstance(text, list):
            inputs[option.name] = [item for part in text for item in _as_list(parse_input(option, part))]
        elif text is not None:
            inputs[option.name] = parse_input(option, text)
    calculation = calculator.calculate(inputs)
    if args.json or parsed.json:
        json.dump(calculation.to_json(), sys.stdout, ensure_ascii=False)
        print()
    else:
        print(for_people(calculator, calculation))
    return 0


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else [value]


def for_people(calculator: Calculator, calculation: Calculation) -> str:
    """Worked steps, any table, then results, with percentages and money formatted as in the course."""
    lines = [calculator.title, ""]
    lines += [f"  {step}" for step in calculation.steps]
    if calculation.table:
        lines += ["", *(f"  {line}" for line in calculation.table)]
    lines += ["", "Results:"]
    shown = [spec for spec in calculator.results if spec.key in calculation.exact or spec.key in calculation.words]
    width = max(len(spec.label) for spec in shown)
    for spec in shown:
        lines.append(f"  {spec.label + ':':<{width + 1}} {calculation.shown(spec)}")
    return "\n".join(lines)
