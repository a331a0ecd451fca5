"""The one list of calculators, and the one table saying which course topic each belongs to.

The command line, the app, practice mode and quiz validation all look calculators up here, so adding
a calculator to a module's ``CALCULATORS`` tuple makes it appear everywhere at once.
"""

from __future__ import annotations

from courseware.core.calculators import retention, revenue, surveys
from courseware.core.calculators.base import Calculator, Kind, Option
from courseware.core.errors import AnswerFormatError, UsageError
from courseware.core.problems import did_you_mean
from courseware.core.text import parse_number

CALCULATORS: dict[str, Calculator] = {
    calculator.name: calculator
    for calculator in (*retention.CALCULATORS, *revenue.CALCULATORS, *surveys.CALCULATORS)
}

TOPICS: dict[str, str] = {
    "retention": "retention",
    "churn": "retention",
    "renewal": "retention",
    "annual-churn": "metrics",
    "revenue-retention": "metrics",
    "mrr-arr": "metrics",
    "clv": "growth",
    "nps": "metrics",
    "csat": "metrics",
    "cac-payback": "why-cs",
    "breakeven": "why-cs",
}
"""The course topic (a module id of the CCSM course) that practice on each calculator counts toward."""


def get_calculator(name: str) -> Calculator:
    """The calculator called ``name``, or a usage error listing the close names and all the others."""
    calculator = CALCULATORS.get(name)
    if calculator is None:
        raise UsageError(f"unknown calculator '{name}'{did_you_mean(name, CALCULATORS)}; "
                         f"choose one of: {', '.join(CALCULATORS)}")
    return calculator


def parse_input(option: Option, text: str) -> float | list[int]:
    """Read what a person typed for ``option``: rates as percentages (``4`` or ``4%``), money with or
    without ``$`` and thousands separators, scores as a comma-separated list."""
    stripped = text.strip()
    if not stripped:
        raise option.error("is empty; type a number")
    if option.kind is Kind.SCORES:
        parts = [part for part in stripped.replace(",", " ").split() if part]
        scores = []
        for part in parts:
            try:
                scores.append(int(part))
            except ValueError:
                raise option.error(f"'{part}' is not a whole number from 0 to 10") from None
        return scores
    try:
        value = parse_number(stripped)
    except AnswerFormatError as error:
        raise option.error(str(error)) from None
    return value / 100 if option.is_rate else value
