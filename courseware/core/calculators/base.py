"""What every calculator is made of: typed options, the result object, input checks and the error type.

A calculator is described once, here in the core, and the command line, the app, practice mode and
quizzes all read that description: which options it takes, which of them are rates (typed as
percentages by people, held as fractions), money or counts, and which results it gives. The sums are
done on exact fractions, so that cents compare exactly and every printed step can be recomputed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

from courseware.core.calculators.formatting import Number, exact, fmt_value, quoted
from courseware.core.errors import UsageError

LARGEST = Fraction(10**15)
"""No input may reach this: far above any real figure, and it keeps every sum short."""
SMALLEST = Fraction(1, 10**9)
"""No input but 0 may be smaller: dividing by less would give figures no float can hold."""


class Kind(Enum):
    """What a number means, which decides how it is typed, checked and shown."""

    COUNT = "count"
    MONEY = "money"
    RATE = "rate"
    CHANGE = "change"
    MONTHS = "months"
    YEARS = "years"
    SCORE = "score"
    SCORES = "scores"
    RATIO = "ratio"
    AMOUNT = "amount"
    SIGNALS = "signals"
    FILE = "file"
    MONTH = "month"
    TEXT = "text"


class CalculatorInputError(UsageError):
    """An input a calculator cannot work with; the message names the option and says why."""

    def __init__(self, option: str, flag: str, label: str, reason: str) -> None:
        super().__init__(f"{flag}: {reason}")
        self.option = option
        self.flag = flag
        self.label = label
        self.reason = reason

    @property
    def for_people(self) -> str:
        """The same message with the option's everyday name, for the app."""
        return f"{self.label[:1].upper()}{self.label[1:]}: {self.reason}"


@dataclass(frozen=True)
class Option:
    """One input of a calculator: ``name`` is its key in JSON and quiz files, ``flag`` its CLI form."""

    name: str
    kind: Kind
    label: str
    help: str

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def is_rate(self) -> bool:
        return self.kind is Kind.RATE

    @property
    def is_number(self) -> bool:
        """Whether the option holds one number (not a list of scores, signals, a file or a month)."""
        return self.kind not in {Kind.SCORES, Kind.SIGNALS, Kind.FILE, Kind.MONTH}

    def error(self, reason: str) -> CalculatorInputError:
        return CalculatorInputError(self.name, self.flag, self.label, reason)

    def show(self, value: Number) -> str:
        return fmt_value(self.kind.value, value)


@dataclass(frozen=True)
class ResultSpec:
    """One result of a calculator: its JSON key, what it is called and what kind of number it is."""

    key: str
    label: str
    kind: Kind

    @property
    def is_rate(self) -> bool:
        """Rates and changes are fractions: a quiz asking in "%" expects them times 100."""
        return self.kind in {Kind.RATE, Kind.CHANGE}

    def show(self, value: Number | str) -> str:
        return value if isinstance(value, str) else fmt_value(self.kind.value, value)


@dataclass(frozen=True)
class Calculation:
    """What a calculator returns: its inputs, its exact results and the worked steps that lead to them.

    ``words`` holds results that are words (a health band); ``tables`` results that are tables (a
    cohort's retention by month), both given in JSON beside the numbers; ``table`` is that table as
    lines for people.
    """

    calculator: str
    inputs: dict[str, Any]
    exact: dict[str, Fraction]
    steps: list[str] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)
    table: list[str] = field(default_factory=list)

    @property
    def results(self) -> dict[str, float]:
        """The numeric results as floats, for JSON, grading tolerances and tests."""
        return {key: float(value) for key, value in self.exact.items()}

    def shown(self, spec: ResultSpec) -> str:
        """A result as people read it: the same figure as the last one of its step."""
        if spec.key in self.words:
            return self.words[spec.key]
        return spec.show(self.exact[spec.key])

    def to_json(self) -> dict[str, Any]:
        results: dict[str, Any] = {**self.results, **self.words, **self.tables}
        return {"calculator": self.calculator, "inputs": dict(self.inputs), "results": results,
                "steps": list(self.steps)}


@dataclass(frozen=True)
class Calculator:
    """A named calculator: its options, its results and the pure function that does the sums.

    ``variants`` lists alternative sets of required options (``--arr`` or ``--mrr``); any option in
    none of them is optional.
    """

    name: str
    title: str
    summary: str
    function: Callable[..., Calculation]
    options: tuple[Option, ...]
    results: tuple[ResultSpec, ...]
    variants: tuple[tuple[str, ...], ...]

    def option(self, name: str) -> Option | None:
        return next((option for option in self.options if option.name == name), None)

    def result(self, key: str) -> ResultSpec | None:
        return next((spec for spec in self.results if spec.key == key), None)

    @property
    def first_result(self) -> ResultSpec:
        return self.results[0]

    def calculate(self, inputs: Mapping[str, Any]) -> Calculation:
        """Check which options were given against the variants, then run the function."""
        given = {name: value for name, value in inputs.items() if value is not None}
        for name in given:
            if self.option(name) is None:
                flag = "--" + quoted(name).replace("_", "-")
                raise CalculatorInputError(quoted(name), flag, quoted(name), f"is not an option of '{self.name}'")
        self.variant_for(set(given))
        return self.function(**given)

    def variant_for(self, given: set[str]) -> tuple[str, ...]:
        """The variant the given options complete, or a clear error saying what is missing or mixed.

        Options every variant needs (``--cac`` for either form of payback) choose none of them.
        """
        common = set.intersection(*(set(variant) for variant in self.variants))
        touched = [variant for variant in self.variants if given & (set(variant) - common)]
        if len(touched) > 1:
            first, second = (sorted(given & (set(variant) - common))[0] for variant in touched[:2])
            raise self._error(second, f"cannot be combined with {self._flag(first)}; {self._choices()}")
        if not touched and len(self.variants) > 1:
            first_distinct = next(name for name in self.variants[0] if name not in common)
            raise self._error(first_distinct, f"is required; {self._choices()}")
        variant = touched[0] if touched else self.variants[0]
        missing = [name for name in variant if name not in given]
        if missing:
            raise self._error(missing[0], "is required")
        return variant

    def _flag(self, name: str) -> str:
        option = self.option(name)
        return option.flag if option else name

    def _choices(self) -> str:
        return "give " + ", or ".join(" and ".join(self._flag(name) for name in variant)
                                      for variant in self.variants)

    def _error(self, name: str, reason: str) -> CalculatorInputError:
        option = self.option(name)
        if option is None:
            return CalculatorInputError(name, name, name, reason)
        return option.error(reason)


# Input checks. Each takes the option it checks so that its error names it.

def _short(value: Any) -> str:
    text = str(value)
    return quoted(text) if len(text) <= 30 else f"a number of {len(text)} characters"


def number(option: Option, value: Any) -> Fraction:
    """Any finite real number below ``LARGEST``, as an exact fraction: what every input must be first."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | Fraction):
        raise option.error(f"'{_short(value)}' is not a number")
    if isinstance(value, float | Decimal) and value != value:
        raise option.error("is not a number (NaN)")
    if (isinstance(value, float) and not math.isfinite(value)) or (isinstance(value, Decimal)
                                                                   and not value.is_finite()):
        raise option.error("must be a finite number")
    if isinstance(value, int) and abs(value) >= LARGEST:
        raise option.error(f"{_short(value)} is too large (it must be below {int(LARGEST):,})")
    result = _tidy(value) if isinstance(value, Decimal) else exact(value)
    if abs(result) >= LARGEST:
        raise option.error(f"{_short(value)} is too large (it must be below {int(LARGEST):,})")
    if 0 < abs(result) < SMALLEST:
        raise option.error(f"{_short(value)} is too small to be a real figure (0, or at least 0.000000001)")
    return result


def _tidy(value: Decimal) -> Fraction:
    """A Decimal as a fraction; a long one (7 months in years is 0.58333…) as the short quotient it is."""
    result = Fraction(value)
    if len(value.as_tuple().digits) > 20:
        simple = result.limit_denominator(10**6)
        if abs(simple - result) < Fraction(1, 10**20):
            return simple
    return result


def non_negative(option: Option, value: Any) -> Fraction:
    result = number(option, value)
    if result < 0:
        raise option.error(f"cannot be negative (got {option.show(result)})")
    return result


def positive(option: Option, value: Any) -> Fraction:
    result = non_negative(option, value)
    if result == 0:
        raise option.error("must be more than 0 (nothing can be divided by it)")
    return result


def count(option: Option, value: Any, *, at_least_one: bool = False) -> Fraction:
    """A whole, non-negative number of people or things: 2.5 promoters is refused, not rounded."""
    result = non_negative(option, value)
    if result.denominator != 1:
        raise option.error(f"{_short(value)} is not a whole number (it counts people or things)")
    if at_least_one and result == 0:
        raise option.error("must be more than 0 (nothing can be divided by it)")
    return result


def fraction(option: Option, value: Any, *, allow_zero: bool = True) -> Fraction:
    """A rate held as a fraction from 0 to 1 (typed by people as 0% to 100%)."""
    result = number(option, value)
    if result < 0:
        raise option.error(f"cannot be negative (got {option.show(result)})")
    if result > 1:
        raise option.error(f"{option.show(result)} is above 100%")
    if result == 0 and not allow_zero:
        raise option.error("must be more than 0% (with no churn the lifetime never ends)")
    return result


def recorded(pairs: Sequence[tuple[Option, Fraction | None]]) -> dict[str, float]:
    """The inputs of a calculation as given, for its JSON form."""
    return {option.name: float(value) for option, value in pairs if value is not None}
