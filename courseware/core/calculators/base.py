"""What every calculator is made of: typed options, the result object, input checks and the error type.

A calculator is described once, here in the core, and the command line, the app, practice mode and
quizzes all read that description: which options it takes, which of them are rates (typed as
percentages by people, held as fractions), money or counts, and which results it gives.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from courseware.core.calculators.formatting import fmt_value
from courseware.core.errors import UsageError

LARGEST = 1e15
"""The largest amount an input may hold: far above any real figure, small enough that sums never overflow."""


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
    def is_money(self) -> bool:
        return self.kind is Kind.MONEY

    @property
    def is_count(self) -> bool:
        return self.kind in {Kind.COUNT, Kind.SCORES}

    def error(self, reason: str) -> CalculatorInputError:
        return CalculatorInputError(self.name, self.flag, self.label, reason)

    def show(self, value: float) -> str:
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

    def show(self, value: float) -> str:
        return fmt_value(self.kind.value, value)


@dataclass(frozen=True)
class Calculation:
    """What a calculator returns: its inputs, its named results and the worked steps that lead to them."""

    calculator: str
    inputs: dict[str, Any]
    results: dict[str, float]
    steps: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # 1 − 0.8 is 0.19999999999999996 in binary; twelve significant digits show people 0.2.
        tidy = {key: float(f"{value:.12g}") for key, value in self.results.items()}
        object.__setattr__(self, "results", tidy)

    def to_json(self) -> dict[str, Any]:
        return {"calculator": self.calculator, "inputs": dict(self.inputs), "results": dict(self.results),
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
                flag = "--" + name.replace("_", "-")
                raise CalculatorInputError(name, flag, name, f"is not an option of '{self.name}'")
        self.variant_for(set(given))
        return self.function(**given)

    def variant_for(self, given: set[str]) -> tuple[str, ...]:
        """The variant the given options complete, or a clear error saying what is missing or mixed."""
        touched = [variant for variant in self.variants if given & set(variant)]
        if len(touched) > 1:
            first, second = (sorted(given & set(variant))[0] for variant in touched[:2])
            raise self._error(second, f"cannot be combined with {self._flag(first)}; {self._choices()}")
        if not touched and len(self.variants) > 1:
            raise self._error(self.variants[0][0], f"is required; {self._choices()}")
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

def number(option: Option, value: Any) -> float:
    """Any finite real number within ``LARGEST``: what every input must be first."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise option.error(f"'{value}' is not a number")
    result = float(value)
    if math.isnan(result):
        raise option.error("is not a number (NaN)")
    if math.isinf(result):
        raise option.error("must be a finite number")
    if abs(result) > LARGEST:
        raise option.error(f"{option.show(result)} is too large (at most {LARGEST:,.0f})")
    return result


def non_negative(option: Option, value: Any) -> float:
    result = number(option, value)
    if result < 0:
        raise option.error(f"cannot be negative (got {option.show(result)})")
    return result + 0.0  # turns -0.0 into 0.0


def positive(option: Option, value: Any) -> float:
    result = non_negative(option, value)
    if result == 0:
        raise option.error("must be more than 0 (nothing can be divided by it)")
    return result


def fraction(option: Option, value: Any, *, allow_zero: bool = True) -> float:
    """A rate held as a fraction from 0 to 1 (typed by people as 0% to 100%)."""
    result = number(option, value)
    if result < 0:
        raise option.error(f"cannot be negative (got {option.show(result)})")
    if result > 1:
        raise option.error(f"{option.show(result)} is above 100%")
    if result == 0 and not allow_zero:
        raise option.error("must be more than 0% (with no churn the lifetime never ends)")
    return result + 0.0


def at_most(option: Option, value: float, limit: float, why: str) -> float:
    if value > limit:
        raise option.error(why)
    return value


def divide(numerator: float, denominator: float, option: Option) -> float:
    """``numerator / denominator``, with an error naming the divisor when the quotient is not finite."""
    quotient = numerator / denominator
    if not math.isfinite(quotient):
        raise option.error(f"{option.show(denominator)} is too small to divide by")
    return quotient


def finite(value: float, option: Option) -> float:
    """A guard for products and powers: an infinite result blames the option that made it so."""
    if not math.isfinite(value):
        raise option.error("is too large to compute with")
    return value


def recorded(pairs: Sequence[tuple[Option, float | None]]) -> dict[str, float]:
    """The inputs of a calculation as given, for its JSON form."""
    return {option.name: value for option, value in pairs if value is not None}
