"""``courseware calc NAME [options] [--json]``: run a customer success calculator and show its workings.

Each calculator's options come from its description in the core, so the command line cannot drift
from the app. Every mistake in the options (a missing one, a typo, a non-number) is reported as one
line and exit code 2: the calculator's own parser raises instead of printing argparse's usage block.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn

from courseware.core.calculators import CALCULATORS, Calculation, Calculator, get_calculator, parse_input
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


def calculator_parser(calculator: Calculator) -> OneLineParser:
    """The options of one calculator, all read as text so that the core parses and checks them."""
    parser = OneLineParser(prog=f"calc {calculator.name}",
                           description=f"{calculator.title}: {calculator.summary}")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--course", metavar="DIR", help="ignored: calculators need no course")
    for option in calculator.options:
        kind = "percentage" if option.is_rate else option.kind.value
        parser.add_argument(option.flag, dest=option.name, metavar=option.name.upper(),
                            help=f"{option.help} ({kind})".replace("%", "%%"))
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
        if text is not None:
            inputs[option.name] = parse_input(option, text)
    calculation = calculator.calculate(inputs)
    if args.json or parsed.json:
        json.dump(calculation.to_json(), sys.stdout, ensure_ascii=False)
        print()
    else:
        print(for_people(calculator, calculation))
    return 0


def for_people(calculator: Calculator, calculation: Calculation) -> str:
    """Worked steps then results, with percentages and money formatted as in the course."""
    lines = [calculator.title, ""]
    lines += [f"  {step}" for step in calculation.steps]
    lines += ["", "Results:"]
    labels = {spec.key: spec for spec in calculator.results}
    width = max(len(labels[key].label) for key in calculation.results)
    for key, value in calculation.results.items():
        spec = labels[key]
        lines.append(f"  {spec.label + ':':<{width + 1}} {spec.show(value)}")
    return "\n".join(lines)
