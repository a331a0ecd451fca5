"""Calculator-backed quiz questions: the expected answer is computed, and the worked steps explain it.

A ``numeric`` question may name a ``calculator`` with fixed ``inputs`` (rates as fractions), pick a
``result`` (default: the calculator's first), and ``generate`` fresh inputs for each attempt from
``[low, high]`` ranges. Graders call ``expected_value`` and pass the value to ``grade(..., expected=)``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from courseware.core.calculators.base import LARGEST, Calculation, Calculator, CalculatorInputError, Kind, Option
from courseware.core.calculators.formatting import fmt_money, fmt_number, quoted
from courseware.core.calculators.registry import CALCULATORS
from courseware.core.errors import CoursewareError
from courseware.core.model import Numeric
from courseware.core.problems import did_you_mean

Located = tuple[Sequence[str | int], str]
DRAWS = 50
"""How many draws ``generate`` may take to find inputs the calculator accepts (e.g. lost ≤ start)."""


def expected_value(question: Numeric, rng: random.Random | None = None, *,
                   inputs: Mapping[str, float] | None = None) -> tuple[float, dict[str, float], list[str]]:
    """The expected answer, the inputs used and the worked steps.

    ``rng`` draws the ``generate`` ranges (without it, a Random seeded by the question id, so repeated
    calls agree); ``inputs`` replays inputs drawn earlier, e.g. when an attempt is resumed. A rate is
    expected as a percentage number when the question's unit is ``%``.
    """
    if question.calculator is None:
        if question.answer is None:
            raise CoursewareError(f"numeric question '{question.id}' has neither an answer nor a calculator")
        return question.answer, {}, []
    calculator = CALCULATORS.get(question.calculator)
    if calculator is None:
        raise CoursewareError(f"question '{question.id}': unknown calculator '{question.calculator}'")
    try:
        calculation = (calculator.calculate(dict(inputs)) if inputs is not None
                       else _draw(question, calculator, rng or random.Random(question.id)))
    except CalculatorInputError as error:
        raise CoursewareError(f"question '{question.id}': calculator '{calculator.name}': input "
                              f"'{error.option}' {error.reason}") from None
    key = question.result or calculator.first_result.key
    spec = calculator.result(key)
    if spec is None or key not in calculation.results:
        raise CoursewareError(f"question '{question.id}': calculator '{calculator.name}' gives no '{key}' "
                              "for these inputs")
    value = calculation.results[key]
    if spec.is_rate and question.unit == "%":
        value *= 100
    return value, dict(calculation.inputs), list(calculation.steps)


def _draw(question: Numeric, calculator: Calculator, rng: random.Random) -> Calculation:
    fixed = dict(question.inputs or {})
    if not question.generate:
        return calculator.calculate(fixed)
    return draw_calculation(calculator, fixed, question.generate, rng)


def draw_calculation(calculator: Calculator, fixed: Mapping[str, float],
                     ranges: Mapping[str, tuple[float, float]], rng: random.Random) -> Calculation:
    """Draw the ranged inputs until the calculator accepts them; after ``DRAWS`` tries, its last error."""
    errors: list[CalculatorInputError] = []
    for _ in range(DRAWS):
        drawn = dict(fixed)
        for name, (low, high) in ranges.items():
            option = calculator.option(name)
            drawn[name] = draw_input(option.kind if option else Kind.COUNT, low, high, rng)
        try:
            return calculator.calculate(drawn)
        except CalculatorInputError as error:
            errors.append(error)
    raise errors[-1]


def draw_input(kind: Kind, low: float, high: float, rng: random.Random) -> float:
    """A value in ``[low, high]``: whole when both bounds are whole (counts, dollars); rates to 0.1%."""
    if kind is Kind.RATE:
        return round(rng.uniform(low, high), 3)
    if float(low).is_integer() and float(high).is_integer():
        return float(rng.randint(int(low), int(high)))
    return round(rng.uniform(low, high), 2)


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def render_prompt(question: Numeric, inputs: Mapping[str, float]) -> str:
    """The prompt with ``{input_name}`` placeholders replaced by the inputs, written as the course writes
    them ($18, 2,000, 2%); unknown placeholders are left as they are."""
    calculator = CALCULATORS.get(question.calculator or "")

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        option = calculator.option(name) if calculator else None
        if option is None or name not in inputs:
            return match.group(0)
        return show_input(option, inputs[name])

    return _PLACEHOLDER.sub(replace, question.prompt)


def show_input(option: Option, value: float) -> str:
    if option.kind is Kind.RATE:
        return f"{fmt_number(value * 100)}%"
    if option.kind is Kind.MONEY:
        return fmt_money(value)
    return fmt_number(value)


def check_question(where: tuple[str | int, ...], question: dict[str, Any]) -> Iterator[Located]:
    """Problems of a calculator-backed question as written in its file, each located at its node."""
    name = question.get("calculator")
    calculator = CALCULATORS.get(name) if isinstance(name, str) else None
    if calculator is None:
        yield (*where, "calculator"), f"unknown calculator '{quoted(name)}'{did_you_mean(str(name), CALCULATORS)}"
        return
    options = [option.name for option in calculator.options]
    raw_inputs, raw_generate = question.get("inputs"), question.get("generate")
    inputs: dict[str, Any] = raw_inputs if isinstance(raw_inputs, dict) else {}
    generate: dict[str, Any] = raw_generate if isinstance(raw_generate, dict) else {}
    unknown = False
    for field, names in (("inputs", inputs), ("generate", generate)):
        for key in names:
            if key not in options:
                unknown = True
                yield (*where, field, key), (
                    f"calculator '{calculator.name}' has no input '{quoted(key)}'{did_you_mean(str(key), options)}; "
                    f"it takes: {', '.join(options)}")
    result = question.get("result")
    results = [spec.key for spec in calculator.results]
    if result is not None and result not in results:
        yield (*where, "result"), (f"calculator '{calculator.name}' has no result '{quoted(result)}'"
                                   f"{did_you_mean(str(result), results)}; it gives: {', '.join(results)}")
        return
    if unknown or any(_refused_by_the_model(value) for value in inputs.values()):
        return
    texts = [key for key, value in inputs.items() if isinstance(value, str)]
    for key in texts:
        yield (*where, "inputs", key), (f"calculator '{calculator.name}': input '{key}' is text "
                                        f"('{quoted(inputs[key])}'): write it as a number (rates as fractions, "
                                        "0.04 for 4%)")
    if texts:
        return
    try:
        calculator.variant_for(set(inputs) | set(generate))
    except CalculatorInputError as error:
        yield (*where, "inputs" if "inputs" in question else "calculator"), (
            f"calculator '{calculator.name}': input '{error.option}' {error.reason}")
        return
    if not generate:
        yield from _check_computes(where, calculator, inputs, result)
        return
    ranges = {key: (float(b[0]), float(b[1])) for key, b in generate.items() if _is_range(b)}
    if len(ranges) == len(generate):
        try:
            draw_calculation(calculator, inputs, ranges, random.Random(0))
        except CalculatorInputError as error:
            yield (*where, "generate"), (f"calculator '{calculator.name}': these ranges never give inputs it "
                                         f"accepts: input '{error.option}' {error.reason}")


def _refused_by_the_model(value: Any) -> bool:
    """Whether the file's schema already reports ``value`` (a list, a mapping, text that is no number)."""
    if not isinstance(value, bool | int | float | str):
        return True
    try:
        float(value)
    except (ValueError, OverflowError):
        return True
    return False


def _is_range(bounds: Any) -> bool:
    """``[low, high]``: two numbers below the largest input, the low one first."""
    if not isinstance(bounds, list) or len(bounds) != 2:
        return False
    if not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds):
        return False
    if not all(abs(b) < LARGEST for b in bounds):  # NaN compares False, so it is no range either
        return False
    return bool(bounds[0] <= bounds[1])


def _check_computes(where: tuple[str | int, ...], calculator: Calculator, inputs: dict[str, Any],
                    result: str | None) -> Iterator[Located]:
    try:
        calculation = calculator.calculate(inputs)
    except CalculatorInputError as error:
        option = calculator.option(error.option)
        value = inputs.get(error.option)
        hint = (" (rates are fractions here: 4% is 0.04)" if option is not None and option.is_rate
                and isinstance(value, int | float) and value == value and value > 1 else "")
        node = (*where, "inputs", error.option) if error.option in inputs else (*where, "inputs")
        yield node, f"calculator '{calculator.name}': input '{error.option}' {error.reason}{hint}"
        return
    if result is not None and result not in calculation.results:
        yield (*where, "result"), f"calculator '{calculator.name}' gives no '{result}' for these inputs"
