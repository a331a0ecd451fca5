"""The calculators give the course's published figures, show their workings, and refuse impossible input."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.core.calculators import CALCULATORS, CalculatorInputError, get_calculator, parse_input
from courseware.core.calculators.base import Calculation
from courseware.core.errors import UsageError


def calc(name: str, **inputs: object) -> Calculation:
    return CALCULATORS[name].calculate(inputs)


def test_course_example_100_customers_80_renew() -> None:
    result = calc("churn", start=100, lost=20)
    assert result.results == {"churn_rate": 0.2, "retention_rate": 0.8}
    renewal = calc("renewal", due=100, renewed=80)
    assert renewal.results["renewal_rate"] == 0.8 and renewal.results["churn_rate"] == 0.2
    assert "Renewal rate = renewed ÷ due = 80 ÷ 100 = 80.0%" in renewal.steps


def test_course_example_new_customers_are_left_out() -> None:
    result = calc("retention", start=100, end=110, new=30)
    assert result.results == {"retention_rate": 0.8, "churn_rate": 0.2, "lost": 20}
    assert result.steps[:3] == ["Customers kept = end − new = 110 − 30 new = 80",
                                "Retention = kept ÷ start = 80 ÷ 100 = 80.0%",
                                "Churn = 100% − retention = 100% − 80.0% = 20.0%"]


def test_course_example_2000_to_2500_licences_changes_level_not_rate() -> None:
    bigger = calc("renewal", due=1, renewed=1, previous_value=2000, renewed_value=2500)
    same = calc("renewal", due=1, renewed=1)
    assert bigger.results["renewal_level_change"] == 0.25
    assert bigger.results["renewal_rate"] == same.results["renewal_rate"] == 1.0
    assert any("+25.0%" in step for step in bigger.steps)


def test_course_example_cac_payback() -> None:
    result = calc("cac-payback", cac=18, monthly_profit=1, months_retained=12)
    assert result.results == {"payback_months": 18, "profit_at_months": -6}
    assert "Net result = profit earned − CAC = $12 − $18 = −$6 (a loss)" in result.steps
    assert calc("cac-payback", cac=18, monthly_profit=1.5).results["payback_months"] == 12


def test_course_example_office_breakeven() -> None:
    result = calc("breakeven", one_off_price=500, annual_fee=100)
    assert result.results == {"years": 5}
    assert result.steps == ["Years to match the one-off price = price ÷ yearly fee = $500 ÷ $100 = 5 years"]


def test_course_examples_of_the_metrics_module() -> None:
    assert calc("mrr-arr", arr=120_000).results == {"mrr": 10_000, "arr": 120_000}
    assert calc("mrr-arr", mrr=2_500).results["arr"] == 30_000
    nrr = calc("revenue-retention", start_mrr=100_000, expansion=20_000, contraction=5_000, churned=10_000)
    assert nrr.results == {"nrr": 1.05, "grr": 0.85, "end_mrr": 105_000}
    assert calc("clv", arpa=500, churn_rate=0.02).results["clv"] == 25_000
    assert calc("clv", arpa=500, churn_rate=0.02, gross_margin=0.8).results["clv"] == 20_000
    assert calc("clv", annual_revenue=2_400, lifetime_years=6).results["clv"] == 14_400
    assert calc("clv", annual_revenue=2_400, lifetime_years=6, gross_margin=0.4).results["clv"] == 5_760
    assert calc("nps", promoters=110, passives=50, detractors=40).results["nps"] == 35
    assert calc("csat", satisfied=200, responses=250).results["csat"] == 0.8
    assert calc("nps", scores=[10, 9, 8, 0]).results["nps"] == 25


def test_annual_churn_compounds() -> None:
    result = calc("annual-churn", monthly_churn_rate=0.02)
    assert result.results["annual_churn_rate"] == pytest.approx(1 - 0.98 ** 12)
    assert any("Not 12 × 2.00% = 24.0%" in step for step in result.steps)


@pytest.mark.parametrize(("name", "inputs", "message"), [
    ("retention", {"start": 0, "end": 5}, "--start: must be more than 0"),
    ("retention", {"start": -1, "end": 5}, "--start: cannot be negative"),
    ("retention", {"start": 100, "end": 110}, "--end: 110 − 0 new leaves 110 kept, more than the 100"),
    ("retention", {"start": 100, "end": 10, "new": 30},
     "--new: 30 new customers is more than the 10 at the end"),
    ("churn", {"start": 10, "lost": 11}, "--lost: 11 lost is more than the 10 customers"),
    ("churn", {"start": math.nan, "lost": 1}, "--start: is not a number (NaN)"),
    ("churn", {"start": math.inf, "lost": 1}, "--start: must be a finite number"),
    ("clv", {"arpa": 500, "churn_rate": 0}, "--churn-rate: must be more than 0%"),
    ("clv", {"arpa": 500, "lifetime_years": 3}, "--arpa: cannot be combined with --lifetime-years"),
    ("mrr-arr", {}, "--arr: is required; give --arr, or --mrr"),
    ("retention", {"start": 10}, "--end: is required"),
    ("renewal", {"due": 10, "renewed": 5, "previous_value": 3}, "--renewed-value: is required with"),
    ("nps", {"promoters": 0, "passives": 0, "detractors": 0}, "--promoters: there are no responses"),
    ("nps", {"scores": [3, 11]}, "--scores: '11' is not a whole number from 0 to 10"),
    ("csat", {"satisfied": 5, "responses": 4}, "--satisfied: 5 satisfied is more than the 4 responses"),
    ("clv", {"arpa": 5, "churn_rate": 1.5}, "--churn-rate: 150.0% is above 100%"),
    ("churn", {"start": 10, "lost": 1, "gone": 3}, "--gone: is not an option of 'churn'"),
])
def test_impossible_input_names_the_option(name: str, inputs: dict[str, object], message: str) -> None:
    with pytest.raises(CalculatorInputError) as caught:
        CALCULATORS[name].calculate(inputs)
    assert str(caught.value).startswith(message)
    assert isinstance(caught.value, UsageError) and caught.value.exit_code == 2


def test_people_type_rates_as_percentages() -> None:
    rate = CALCULATORS["clv"].option("churn_rate")
    money = CALCULATORS["clv"].option("arpa")
    assert rate is not None and money is not None
    assert parse_input(rate, "4") == parse_input(rate, "4%") == pytest.approx(0.04)
    assert parse_input(money, "$1,200") == 1200
    with pytest.raises(CalculatorInputError, match="--arpa: 'twelve' is not a number"):
        parse_input(money, "twelve")


def test_unknown_calculator_suggests_the_closest() -> None:
    with pytest.raises(UsageError, match="did you mean 'retention'"):
        get_calculator("retentoin")


counts = st.floats(min_value=0, max_value=1e9, allow_nan=False)
money = st.floats(min_value=0, max_value=1e12, allow_nan=False)


@given(start=st.floats(min_value=1e-6, max_value=1e9), kept_share=st.floats(0, 1), new=counts)
def test_retention_plus_churn_is_one(start: float, kept_share: float, new: float) -> None:
    result = calc("retention", start=start, end=start * kept_share + new, new=new).results
    assert result["retention_rate"] + result["churn_rate"] == pytest.approx(1)


@given(start=st.floats(min_value=1, max_value=1e12), expansion=money, c_share=st.floats(0, 1),
       d_share=st.floats(0, 1))
def test_grr_at_most_nrr_and_one(start: float, expansion: float, c_share: float, d_share: float) -> None:
    contraction = start * c_share / 2
    churned = start * d_share / 2
    result = calc("revenue-retention", start_mrr=start, expansion=expansion, contraction=contraction,
                  churned=churned).results
    assert result["grr"] <= result["nrr"] + 1e-12
    assert result["grr"] <= 1


@given(promoters=counts, passives=counts, detractors=counts)
def test_nps_within_bounds(promoters: float, passives: float, detractors: float) -> None:
    try:
        score = calc("nps", promoters=promoters, passives=passives, detractors=detractors).results["nps"]
    except CalculatorInputError:
        assert promoters + passives + detractors == 0
        return
    assert -100 <= score <= 100


@given(mrr=money)
def test_mrr_times_twelve_is_arr(mrr: float) -> None:
    assert calc("mrr-arr", mrr=mrr).results["arr"] == pytest.approx(mrr * 12)
    arr = calc("mrr-arr", mrr=mrr).results["arr"]
    assert calc("mrr-arr", arr=arr).results["mrr"] * 12 == pytest.approx(arr)


any_number = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**20, 10**20),
                       st.sampled_from([0.0, -0.0, 5e-324, 1e-300, 1e308, -1e308]))


@settings(max_examples=300)
@given(name=st.sampled_from(sorted(CALCULATORS)), data=st.data())
def test_no_input_raises_anything_but_the_clear_error(name: str, data: st.DataObject) -> None:
    calculator = CALCULATORS[name]
    chosen = data.draw(st.lists(st.sampled_from([o.name for o in calculator.options]), unique=True))
    inputs: dict[str, object] = {}
    for option_name in chosen:
        if option_name == "scores":
            inputs[option_name] = data.draw(st.lists(st.one_of(st.integers(-5, 15), st.floats())))
        else:
            inputs[option_name] = data.draw(any_number)
    try:
        result = calculator.calculate(inputs)
    except CalculatorInputError as error:
        assert str(error).startswith("--") and "\n" not in str(error)
        return
    assert all(math.isfinite(value) for value in result.results.values())
    assert result.steps


@given(text=st.text(max_size=30))
def test_any_typed_text_is_a_value_or_the_clear_error(text: str) -> None:
    for calculator in CALCULATORS.values():
        for option in calculator.options:
            try:
                parse_input(option, text)
            except CalculatorInputError as error:
                assert str(error).startswith(option.flag)
