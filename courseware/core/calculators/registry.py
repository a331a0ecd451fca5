"""The one list of calculators, the table of their course topics, and the one way typed values are read.

The command line, the app, practice mode and quiz validation all look calculators up here, so adding
a calculator to a module's ``CALCULATORS`` tuple makes it appear everywhere at once.
"""

from __future__ import annotations

from fractions import Fraction

from courseware.core.calculators import cohorts, retention, revenue, surveys
from courseware.core.calculators.base import Calculator, Kind, Option
from courseware.core.errors import UsageError
from courseware.core.problems import did_you_mean
from courseware.core.quantities import (
    QuantityError,
    read_count,
    read_duration,
    read_money,
    read_percent,
)

CALCULATORS: dict[str, Calculator] = {
    calculator.name: calculator
    for calculator in (*retention.CALCULATORS, *revenue.CALCULATORS, *surveys.CALCULATORS, *cohorts.CALCULATORS)
}

TOPICS: dict[str, str] = {
    "retention": "retention",
    "churn": "retention",
    "renewal": "retention",
    "annual-churn": "metrics",
    "monthly-churn": "metrics",
    "revenue-retention": "metrics",
    "revenue-churn": "metrics",
    "mrr-arr": "metrics",
    "mrr-movements": "metrics",
    "quick-ratio": "metrics",
    "cohort-retention": "retention",
    "clv": "growth",
    "ltv-cac": "growth",
    "nps": "metrics",
    "csat": "metrics",
    "health-score": "metrics",
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


def parse_input(option: Option, text: str) -> object:
    """Read what a person typed for ``option`` with the one strict reader of its kind: counts whole, money
    with one currency sign, rates as percentages (``4`` or ``4%``, held as the fraction 0.04), durations
    converted into the option's unit, scores as a comma-separated list of whole numbers."""
    try:
        return _read(option, text)
    except QuantityError as error:
        raise option.error(str(error)) from None


def _read(option: Option, text: str) -> object:
    kind = option.kind
    if kind is Kind.COUNT:
        return Fraction(read_count(text))
    if kind in {Kind.MONEY, Kind.AMOUNT}:
        return read_money(text)
    if kind is Kind.RATE:
        return Fraction(read_percent(text)) / 100
    if kind in {Kind.MONTHS, Kind.YEARS}:
        return read_duration(text, kind.value)
    if kind is Kind.SCORES:
        parts = [part for part in text.replace(",", " ").split() if part]
        if not parts:
            raise option.error("is empty; type the scores, e.g. 0, 7, 10")
        return [read_count(part) for part in parts]
    if kind is Kind.SIGNALS:
        return [part.strip() for part in text.split(",") if part.strip()]
    stripped = text.strip()
    if not stripped:
        raise option.error("is empty")
    return stripped
