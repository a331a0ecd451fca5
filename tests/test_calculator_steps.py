"""Every printed step is true as printed: recomputed from the figures it shows, it gives the figure it shows.

The steps are read back as a person would read them: each ``a op b = c`` is evaluated from the printed
``a`` and ``b`` (``$500 ÷ 3%`` is 500 ÷ 0.03) and rounded half away from zero to the decimals printed
in ``c``. Each result must also be the last figure of one of the steps, so the two never disagree.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from courseware.core.calculators import CALCULATORS, Calculation, CalculatorInputError

_FIGURE = r"[−+]?\$?\d[\d,]*(?:\.\d+)?%?x?"
_UNIT = r"(?: (?:months?|years?|quarters?))?"
_TOKEN = re.compile(rf"\s*(?:(?P<figure>{_FIGURE}){_UNIT}|(?P<op>[+−×÷^])|(?P<paren>[()]))")
_ARITHMETIC = re.compile(rf"^(?:\s*(?:{_FIGURE}{_UNIT}|[+−×÷^()]))+\s*$")
_TAIL = re.compile(r"(, | \(|: |; ).*$")
_PRECEDENCE = {"+": 1, "−": 1, "×": 2, "÷": 2, "^": 3}


def figure_value(text: str) -> Decimal:
    """A printed figure as a number: ``$1,200`` is 1200, ``2.5%`` is 0.025, ``−$6`` is −6."""
    negative = text.startswith("−")
    digits = text.lstrip("−+").replace("$", "").replace(",", "").rstrip("x")
    value = Decimal(digits.rstrip("%"))
    if digits.endswith("%"):
        value /= 100
    return -value if negative else value


def places(figure: str) -> int:
    digits = figure.rstrip("%x").replace(",", "")
    return len(digits.split(".")[1]) if "." in digits else 0


def evaluate(expression: str) -> Fraction:
    """The exact value of a printed expression, with the usual precedence and ``^`` binding tightest.

    Exact (fractions), so that a printed tie such as $25.86 × (307 ÷ 12) = $661.585 is judged as the tie it is.
    """
    tokens: list[tuple[str, str]] = []
    position = 0
    while position < len(expression.rstrip()):
        match = _TOKEN.match(expression, position)
        assert match is not None, f"cannot read {expression!r} at {position}"
        kind = match.lastgroup
        assert kind is not None
        tokens.append((kind, match[kind]))
        position = match.end()
    output: list[Fraction] = []
    operators: list[str] = []

    def apply() -> None:
        op = operators.pop()
        right, left = output.pop(), output.pop()
        output.append({"+": lambda: left + right, "−": lambda: left - right, "×": lambda: left * right,
                       "÷": lambda: left / right, "^": lambda: _power(left, right)}[op]())

    for kind, text in tokens:
        if kind == "figure":
            output.append(Fraction(figure_value(text)))
        elif text == "(":
            operators.append(text)
        elif text == ")":
            while operators[-1] != "(":
                apply()
            operators.pop()
        else:
            while operators and operators[-1] != "(" and (
                    _PRECEDENCE[operators[-1]] > _PRECEDENCE[text]
                    or (_PRECEDENCE[operators[-1]] == _PRECEDENCE[text] and text != "^")):
                apply()
            operators.append(text)
    while operators:
        apply()
    assert len(output) == 1, expression
    return output[0]


def _power(base: Fraction, exponent: Fraction) -> Fraction:
    if exponent.denominator == 1:
        return base ** int(exponent)
    with localcontext() as context:  # an irrational power: as exact as 60 digits allow
        context.prec = 60
        root = Decimal(base.numerator) / Decimal(base.denominator)
        return Fraction(root ** (Decimal(exponent.numerator) / Decimal(exponent.denominator)))


def check_step(step: str) -> None:
    """Each arithmetic segment of ``step`` gives the next one: exactly, or rounded to its decimals."""
    segments = step.split(" = ")
    if len(segments) < 2:
        return
    segments[-1] = _TAIL.sub("", segments[-1])
    with localcontext() as context:
        context.prec = 60
        for left, right in zip(segments, segments[1:], strict=False):
            if not (_ARITHMETIC.match(left) and _ARITHMETIC.match(right)):
                continue
            value = evaluate(left)
            figures = re.fullmatch(rf"\s*({_FIGURE}){_UNIT}\s*", right)
            if figures is None:
                assert abs(value - evaluate(right)) < Fraction(1, 10**40), step
                continue
            figure = figures[1]
            scale = 100 if figure.endswith("%") else 1
            unit = Fraction(1, 10 ** places(figure))
            scaled = value * scale / unit
            shown = (math.floor(abs(scaled) + Fraction(1, 2)) * (1 if scaled >= 0 else -1)) * unit  # half away from 0
            assert shown == Fraction(figure_value(figure)) * scale, f"{step!r}: {left} gives {float(value * scale)}"


def last_figures(calculation: Calculation) -> set[str]:
    return {_TAIL.sub("", step.split(" = ")[-1]).strip() for step in calculation.steps if " = " in step}


FROM_DATA = {("cohort-retention", "customers"), ("cohort-retention", "cohorts")}
"""Results counted from a file rather than computed: no step sums them."""


def check_calculation(calculation: Calculation) -> None:
    for step in calculation.steps:
        check_step(step)
    calculator = CALCULATORS[calculation.calculator]
    figures = last_figures(calculation)
    for spec in calculator.results:
        if spec.key not in calculation.exact or (calculator.name, spec.key) in FROM_DATA:
            continue
        if spec.key in calculation.inputs:
            continue
        assert calculation.shown(spec) in figures, (spec.key, calculation.shown(spec), calculation.steps)


# Small numbers most of the time: they are the ones whose shares tie at the printed decimal (63 of 80).
counts = st.one_of(st.integers(min_value=0, max_value=100), st.integers(min_value=0, max_value=10**6))
positive_counts = st.one_of(st.sampled_from([8, 16, 40, 80, 160, 400]), st.integers(min_value=1, max_value=100),
                            st.integers(min_value=1, max_value=10**6))
cents = st.one_of(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10**9)).map(
    lambda value: Decimal(value) / 100)
rates = st.integers(min_value=0, max_value=10_000).map(lambda value: Decimal(value) / 10_000)
positive_rates = st.integers(min_value=1, max_value=10_000).map(lambda value: Decimal(value) / 10_000)
years = st.integers(min_value=0, max_value=600).map(lambda months: Decimal(months) / 12)


def _signal(index: int) -> st.SearchStrategy[str]:
    return st.tuples(st.integers(0, 100), st.integers(0, 100)).map(lambda pair: f"s{index}={pair[0]}:{pair[1]}")


INPUTS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "retention": positive_counts.flatmap(lambda start: st.tuples(st.integers(0, start), counts).map(
        lambda pair: {"start": start, "end": pair[0] + pair[1], "new": pair[1]})),
    "churn": positive_counts.flatmap(lambda start: st.fixed_dictionaries(
        {"start": st.just(start), "lost": st.integers(0, start)})),
    "annual-churn": st.fixed_dictionaries({"monthly_churn_rate": rates}),
    "monthly-churn": st.fixed_dictionaries({"annual_churn": rates}),
    "revenue-retention": st.fixed_dictionaries({"start_mrr": cents, "expansion": cents, "contraction": cents,
                                                "churned": cents}),
    "revenue-churn": st.fixed_dictionaries({"start_mrr": cents, "contraction": cents, "churned": cents},
                                           optional={"start_customers": positive_counts, "lost_customers": counts}),
    "renewal": positive_counts.flatmap(lambda due: st.fixed_dictionaries(
        {"due": st.just(due), "renewed": st.integers(0, due)},
                                     optional={"previous_value": cents, "renewed_value": cents})),
    "mrr-arr": st.one_of(st.fixed_dictionaries({"arr": cents}), st.fixed_dictionaries({"mrr": cents})),
    "mrr-movements": st.fixed_dictionaries({"start_mrr": cents, "new": cents, "expansion": cents,
                                            "contraction": cents, "churned": cents},
                                           optional={"reactivation": cents}),
    "quick-ratio": st.fixed_dictionaries({"new": cents, "expansion": cents, "contraction": cents, "churned": cents}),
    "clv": st.one_of(
        st.fixed_dictionaries({"annual_revenue": cents, "lifetime_years": years},
                              optional={"gross_margin": rates, "discount_rate": rates,
                                        "max_years": st.integers(0, 50)}),
        st.fixed_dictionaries({"arpa": cents, "churn_rate": positive_rates},
                              optional={"gross_margin": rates, "discount_rate": rates,
                                        "max_years": st.integers(0, 30),
                                        "period": st.sampled_from(["month", "quarter", "year"])})),
    "ltv-cac": st.fixed_dictionaries({"ltv": cents, "cac": cents}),
    "cac-payback": st.one_of(
        st.fixed_dictionaries({"cac": cents, "monthly_profit": cents}, optional={"months_retained": years}),
        st.fixed_dictionaries({"cac": cents, "monthly_revenue": cents, "gross_margin": rates},
                              optional={"months_retained": st.integers(0, 120)})),
    "breakeven": st.fixed_dictionaries({"one_off_price": cents, "annual_fee": cents}),
    "nps": st.one_of(st.fixed_dictionaries({"promoters": counts, "passives": counts, "detractors": counts}),
                     st.fixed_dictionaries({"scores": st.lists(st.integers(0, 10), min_size=1, max_size=40)})),
    "csat": st.one_of(st.fixed_dictionaries({"satisfied": counts, "responses": positive_counts}),
                      st.fixed_dictionaries({name: counts for name in ("fives", "fours", "threes", "twos", "ones")})),
    "health-score": st.integers(1, 5).flatmap(
        lambda size: st.tuples(*(_signal(index) for index in range(size)))).map(lambda items: {"signal": list(items)}),
}


def _months() -> st.SearchStrategy[str]:
    return st.tuples(st.integers(2024, 2026), st.integers(1, 12)).map(lambda pair: f"{pair[0]}-{pair[1]:02d}")


_ROWS = st.lists(st.tuples(_months(), st.one_of(st.none(), st.integers(0, 30))), min_size=1, max_size=30)


def test_every_calculator_has_generated_inputs() -> None:
    assert set(INPUTS) | {"cohort-retention"} == set(CALCULATORS)


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(name=st.sampled_from(sorted(INPUTS)), data=st.data())
def test_every_printed_step_recomputes_from_its_printed_operands(name: str, data: st.DataObject) -> None:
    inputs = data.draw(INPUTS[name])
    try:
        calculation = CALCULATORS[name].calculate(inputs)
    except CalculatorInputError:
        assume(False)
        return
    check_calculation(calculation)


@settings(max_examples=200)
@given(rows=_ROWS)
def test_cohort_steps_recompute(rows: list[tuple[str, int | None]]) -> None:
    listed = []
    for index, (start, months) in enumerate(rows):
        year, month = map(int, start.split("-"))
        end = "" if months is None else f"{year + (month - 1 + months) // 12}-{(month - 1 + months) % 12 + 1:02d}"
        listed.append([f"c{index}", start, end])
    check_calculation(CALCULATORS["cohort-retention"].calculate({"file": listed}))


def test_the_checker_catches_a_false_step() -> None:
    for false in ("100% − 78.8% = 21.3%", "$500 × 33.33 = $16,666.67", "63 ÷ 80 = 78.7%"):
        try:
            check_step(f"Label = {false}")
        except AssertionError:
            continue
        raise AssertionError(f"{false} passed")
    check_step("Label = 100% − 78.75% = 21.3%")


def test_a_cohort_file_gives_its_table(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("customer,start,end\na,2026-01,\nb,2026-01,2026-02\nc,2026-01,2026-01\nd,2026-02,\n"
                    "e,2026-02,2026-03\nf,2026-03,\n", encoding="utf-8")
    calculation = CALCULATORS["cohort-retention"].calculate({"file": str(path)})
    check_calculation(calculation)
    assert calculation.tables["retention"]["2026-01"][1:] == [2 / 3, 1 / 3]
    assert calculation.tables["average"] == [1.0, 0.8, 1 / 3]
    assert calculation.results == {"customers": 6, "cohorts": 3, "month_1": 0.8}
