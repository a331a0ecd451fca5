"""The mistakes the course warns about, each as the wrong figure it produces for a given scenario.

When a learner's wrong answer equals one of these figures, the app can name the slip instead of just
saying "wrong": that is the point of practising with the course's own traps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction

from courseware.core.calculators import CALCULATORS
from courseware.core.calculators.formatting import exact
from courseware.core.practice.scenarios import Scenario


@dataclass(frozen=True)
class Mistake:
    """A named slip: a stable id (for tests and statistics) and what to tell the learner."""

    id: str
    message: str


NEW_COUNTED = Mistake(
    "new-customers-counted",
    "New customers were counted: retention only follows the customers you started with, so take the new "
    "ones out of the end count (the \"110%\" mistake).")
CHURN_FOR_RETENTION = Mistake(
    "churn-for-retention", "That is the churn rate; the question asks what was kept.")
RETENTION_FOR_CHURN = Mistake(
    "retention-for-churn", "That is the retention rate; the question asks what was lost.")
EXPANSION_IN_GRR = Mistake(
    "expansion-in-grr",
    "Expansion was added: that is NRR. GRR leaves expansion out and can never be above 100%.")
EXPANSION_LEFT_OUT = Mistake(
    "expansion-left-out", "Expansion was left out: that is GRR. NRR adds expansion.")
CHURN_TIMES_TWELVE = Mistake(
    "churn-times-twelve",
    "Monthly churn was multiplied by 12. Churn compounds: a year keeps (1 − monthly churn)^12, so annual "
    "churn = 1 − (1 − m)^12.")
MONTHLY_TIMES_YEARS = Mistake(
    "monthly-revenue-times-years",
    "Monthly revenue was multiplied by years: put both in the same period (revenue per year × years, or "
    "per month × months).")
MARGIN_LEFT_OUT = Mistake(
    "margin-left-out", "The gross margin was left out: multiply by it for the margin-adjusted figure.")
DIVIDED_BY_FOUR = Mistake(
    "divided-by-four", "ARR was divided by 4: that is a quarter. MRR = ARR ÷ 12.")
TIMES_FOUR = Mistake(
    "multiplied-by-four", "MRR was multiplied by 4: a year has 12 months. ARR = MRR × 12.")
PROMOTERS_ONLY = Mistake(
    "promoters-only", "That is the share of promoters alone: NPS = % promoters − % detractors.")
PASSIVES_SUBTRACTED = Mistake(
    "passives-subtracted", "Passives were subtracted too: they count in the total but in neither percentage.")
PASSIVES_AS_PROMOTERS = Mistake(
    "passives-as-promoters", "Passives (7–8) were counted as promoters: only 9 and 10 are promoters.")
LEVEL_IN_RATE = Mistake(
    "level-in-rate",
    "The bigger contract was counted in the renewal rate: the rate counts customers; the extra size is the "
    "renewal level (an expand).")
CAC_NOT_SUBTRACTED = Mistake(
    "cac-not-subtracted", "The acquisition cost was not subtracted: net result = profit earned − CAC.")
DIVISION_INVERTED = Mistake("division-inverted", "The division was turned upside down.")
FRACTION_FOR_PERCENT = Mistake(
    "fraction-for-percentage", "That is the fraction; give it as a percentage (0.8 is 80%).")

CSAT_FIVES_ONLY = Mistake(
    "csat-fives-only", "Only the 5s were counted: CSAT counts every satisfied answer, the 4s and the 5s.")
CSAT_AVERAGE = Mistake(
    "csat-average-score",
    "That is the average score: CSAT is the share of satisfied answers (4 or 5), not the mean rating.")
NEUTRAL_AS_SATISFIED = Mistake(
    "neutral-as-satisfied", "The neutral 3s were counted as satisfied: only 4 and 5 are satisfied.")
LEVEL_AS_RATIO = Mistake(
    "level-as-ratio",
    "That is the new size as a share of the old one: the level change is (renewed − previous) ÷ previous.")
ANNUAL_RETENTION_FOR_CHURN = Mistake(
    "annual-retention-for-churn", "That is the annual retention; the question asks for the annual churn.")
NPS_AS_FRACTION = Mistake(
    "nps-as-fraction", "NPS is a score from −100 to 100, not a fraction: 0.35 is an NPS of 35.")
ANNUAL_DIVIDED_BY_TWELVE = Mistake(
    "annual-divided-by-twelve",
    "Annual churn was divided by 12. Churn compounds: each month keeps the twelfth root of the year's "
    "retention, so monthly churn = 1 − (1 − annual churn)^(1/12).")
CONTRACTION_LEFT_OUT = Mistake(
    "contraction-left-out", "Contraction was left out: revenue churn counts downgrades as well as the MRR that left.")
CHURN_LEFT_OUT = Mistake(
    "churn-left-out", "The churned MRR was left out: subtract it with the contraction.")
UNWEIGHTED_AVERAGE = Mistake(
    "unweighted-average", "That is the plain average: each part counts by its weight (its size).")
DISCOUNT_LEFT_OUT = Mistake(
    "discount-left-out", "The discount rate was left out: later revenue is worth less today.")
CAP_LEFT_OUT = Mistake(
    "cap-left-out", "The lifetime cap was left out: count at most the years the question allows.")

ALL_MISTAKES = (NEW_COUNTED, CHURN_FOR_RETENTION, RETENTION_FOR_CHURN, EXPANSION_IN_GRR, EXPANSION_LEFT_OUT,
                CHURN_TIMES_TWELVE, MONTHLY_TIMES_YEARS, MARGIN_LEFT_OUT, DIVIDED_BY_FOUR, TIMES_FOUR,
                PROMOTERS_ONLY, PASSIVES_SUBTRACTED, PASSIVES_AS_PROMOTERS, LEVEL_IN_RATE, CAC_NOT_SUBTRACTED,
                DIVISION_INVERTED, FRACTION_FOR_PERCENT, CSAT_FIVES_ONLY, CSAT_AVERAGE, NEUTRAL_AS_SATISFIED,
                LEVEL_AS_RATIO, ANNUAL_RETENTION_FOR_CHURN, NPS_AS_FRACTION, ANNUAL_DIVIDED_BY_TWELVE,
                CONTRACTION_LEFT_OUT, CHURN_LEFT_OUT, UNWEIGHTED_AVERAGE, DISCOUNT_LEFT_OUT, CAP_LEFT_OUT)

Figure = tuple[Mistake, Fraction]


def wrong_figures(scenario: Scenario) -> Iterator[Figure]:
    """Each named mistake with the exact figure it gives for ``scenario``, in the units the learner types."""
    for mistake, value in _raw_figures(scenario):
        yield mistake, scenario.in_answer_units(value)
    if scenario.unit == "%":
        yield FRACTION_FOR_PERCENT, scenario.exact_result
    if scenario.calculator == "nps" and scenario.result == "nps":
        yield NPS_AS_FRACTION, scenario.exact_result / 100


def _raw_figures(scenario: Scenario) -> Iterator[Figure]:
    """The figures in the result's own kind (rates as fractions)."""
    name = scenario.calculator
    figures = _FIGURES.get(name)
    if figures is not None:
        yield from figures(scenario, scenario.calculation.exact, _numbers(scenario))


def _numbers(scenario: Scenario) -> dict[str, Fraction]:
    return {key: exact(value) for key, value in scenario.inputs.items()
            if isinstance(value, int | float | Fraction) and not isinstance(value, bool)}


Results = dict[str, Fraction]
Given = dict[str, Fraction]


def _kept_or_lost(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    key = scenario.result
    if key in {"retention_rate", "renewal_rate"}:
        yield CHURN_FOR_RETENTION, results["churn_rate"]
    if key == "churn_rate":
        yield RETENTION_FOR_CHURN, results.get("retention_rate", results.get("renewal_rate", Fraction(0)))
    if scenario.calculator == "retention":
        counted = given["end"] / given["start"]
        yield NEW_COUNTED, counted if key == "retention_rate" else 1 - counted
    if scenario.calculator == "renewal" and "renewal_level_change" in results:
        if key == "renewal_rate":
            yield LEVEL_IN_RATE, results["renewal_rate"] * (1 + results["renewal_level_change"])
        if key == "renewal_level_change":
            yield LEVEL_AS_RATIO, given["renewed_value"] / given["previous_value"]


def _revenue_retention(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    if scenario.result == "grr":
        yield EXPANSION_IN_GRR, results["nrr"]
        yield CHURN_FOR_RETENTION, 1 - results["grr"]
    elif scenario.result == "nrr":
        yield EXPANSION_LEFT_OUT, results["grr"]


def _annual_churn(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    yield CHURN_TIMES_TWELVE, 12 * given["monthly_churn_rate"]
    yield ANNUAL_RETENTION_FOR_CHURN, results["annual_retention_rate"]


def _monthly_churn(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    yield ANNUAL_DIVIDED_BY_TWELVE, given["annual_churn"] / 12
    yield CHURN_FOR_RETENTION, results["monthly_retention_rate"]


def _mrr_arr(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    if scenario.result == "mrr":
        yield DIVIDED_BY_FOUR, results["arr"] / 4
    else:
        yield TIMES_FOUR, results["mrr"] * 4


def _clv(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    value = results["clv"]
    margin = given.get("gross_margin", Fraction(1))
    if "annual_revenue" in given:
        yield MONTHLY_TIMES_YEARS, given["annual_revenue"] / 12 * given["lifetime_years"] * margin
    elif "discount_rate" not in given and "max_years" not in given:
        yield MONTHLY_TIMES_YEARS, given["arpa"] / given["churn_rate"] / 12 * margin
    if "gross_margin" in given and margin > 0:
        yield MARGIN_LEFT_OUT, value / margin
    plain = {key: val for key, val in scenario.inputs.items() if key not in {"discount_rate", "max_years"}}
    if "discount_rate" in given:
        yield DISCOUNT_LEFT_OUT, _recalculated(scenario, {**plain, **_only(scenario, "max_years")})
    if "max_years" in given:
        yield CAP_LEFT_OUT, _recalculated(scenario, {**plain, **_only(scenario, "discount_rate")})


def _only(scenario: Scenario, key: str) -> dict[str, object]:
    return {key: scenario.inputs[key]} if key in scenario.inputs else {}


def _recalculated(scenario: Scenario, inputs: dict[str, object]) -> Fraction:
    return CALCULATORS[scenario.calculator].calculate(inputs).exact[scenario.result]


def _cac_payback(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    profit = given["monthly_profit"] if "monthly_profit" in given else given["monthly_revenue"] * given[
        "gross_margin"]
    if scenario.result == "profit_at_months":
        yield CAC_NOT_SUBTRACTED, profit * given["months_retained"]
    else:
        if given["cac"]:
            yield DIVISION_INVERTED, profit / given["cac"]
        if "monthly_revenue" in given:
            yield MARGIN_LEFT_OUT, given["cac"] / given["monthly_revenue"]


def _breakeven(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    if given["one_off_price"]:
        yield DIVISION_INVERTED, given["annual_fee"] / given["one_off_price"]


def _ratio(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    value = results[scenario.result]
    if value:
        yield DIVISION_INVERTED, 1 / value


def _mrr_movements(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    yield CHURN_LEFT_OUT, results[scenario.result] + given["churned"]


def _revenue_churn(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    if scenario.result == "revenue_churn_rate":
        yield CONTRACTION_LEFT_OUT, given["churned"] / given["start_mrr"]
        yield CHURN_FOR_RETENTION, 1 - results["revenue_churn_rate"]


def _nps(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    yes, middle, no = (results[key] for key in ("promoters", "passives", "detractors"))
    yield PROMOTERS_ONLY, 100 * yes
    yield PASSIVES_SUBTRACTED, 100 * (yes - middle - no)
    yield PASSIVES_AS_PROMOTERS, 100 * (yes + middle - no)


def _csat(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    if "fives" not in given:
        return
    total = sum((given[key] for key in ("fives", "fours", "threes", "twos", "ones")), Fraction(0))
    yield CSAT_FIVES_ONLY, given["fives"] / total
    yield NEUTRAL_AS_SATISFIED, (given["fives"] + given["fours"] + given["threes"]) / total
    yield CSAT_AVERAGE, results["average_score"] / 100  # typed as the mean itself, e.g. 4.29
    yield CSAT_AVERAGE, results["average_score"] / 5  # or as a share of the best score, e.g. 85.8%


def _health(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    signals = scenario.inputs["signal"]
    assert isinstance(signals, list)
    values = [Fraction(str(item).split("=")[1].split(":")[0]) for item in signals]
    yield UNWEIGHTED_AVERAGE, sum(values, Fraction(0)) / len(values)


def _cohorts(scenario: Scenario, results: Results, given: Given) -> Iterator[Figure]:
    month = int(scenario.result.split("_")[1])
    rates = [row[month] for row in scenario.calculation.tables["retention"].values() if len(row) > month]
    if rates:
        yield UNWEIGHTED_AVERAGE, exact(sum(rates) / len(rates))


_FIGURES: dict[str, Callable[[Scenario, Results, Given], Iterator[Figure]]] = {
    "retention": _kept_or_lost, "churn": _kept_or_lost, "renewal": _kept_or_lost,
    "revenue-retention": _revenue_retention, "annual-churn": _annual_churn, "monthly-churn": _monthly_churn,
    "mrr-arr": _mrr_arr, "clv": _clv, "cac-payback": _cac_payback, "breakeven": _breakeven,
    "ltv-cac": _ratio, "quick-ratio": _ratio, "mrr-movements": _mrr_movements, "revenue-churn": _revenue_churn,
    "nps": _nps, "csat": _csat, "health-score": _health, "cohort-retention": _cohorts,
}
