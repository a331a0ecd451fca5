"""The mistakes the course warns about, each as the wrong figure it produces for a given scenario.

When a learner's wrong answer equals one of these figures, the app can name the slip instead of just
saying "wrong": that is the point of practising with the course's own traps.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

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

ALL_MISTAKES = (NEW_COUNTED, CHURN_FOR_RETENTION, RETENTION_FOR_CHURN, EXPANSION_IN_GRR, EXPANSION_LEFT_OUT,
                CHURN_TIMES_TWELVE, MONTHLY_TIMES_YEARS, MARGIN_LEFT_OUT, DIVIDED_BY_FOUR, TIMES_FOUR,
                PROMOTERS_ONLY, PASSIVES_SUBTRACTED, PASSIVES_AS_PROMOTERS, LEVEL_IN_RATE, CAC_NOT_SUBTRACTED,
                DIVISION_INVERTED, FRACTION_FOR_PERCENT)


def wrong_figures(scenario: Scenario) -> Iterator[tuple[Mistake, float]]:
    """Each named mistake with the figure it gives for ``scenario``, in the units the learner types."""
    for mistake, value in _raw_figures(scenario):
        yield mistake, scenario.in_answer_units(value)


def _raw_figures(scenario: Scenario) -> Iterator[tuple[Mistake, float]]:
    name, key, given = scenario.calculator, scenario.result, scenario.inputs
    results = scenario.calculation.results
    if name in {"retention", "churn", "renewal"}:
        if key in {"retention_rate", "renewal_rate"}:
            yield CHURN_FOR_RETENTION, results["churn_rate"]
        if key == "churn_rate":
            yield RETENTION_FOR_CHURN, results.get("retention_rate", results.get("renewal_rate", 0.0))
    if name == "retention":
        counted = given["end"] / given["start"]
        yield NEW_COUNTED, counted if key == "retention_rate" else 1 - counted
    elif name == "renewal" and key == "renewal_rate" and "renewal_level_change" in results:
        yield LEVEL_IN_RATE, results["renewal_rate"] * (1 + results["renewal_level_change"])
    elif name == "revenue-retention":
        if key == "grr":
            yield EXPANSION_IN_GRR, results["nrr"]
            yield CHURN_FOR_RETENTION, 1 - results["grr"]
        elif key == "nrr":
            yield EXPANSION_LEFT_OUT, results["grr"]
    elif name == "annual-churn":
        yield CHURN_TIMES_TWELVE, 12 * given["monthly_churn_rate"]
    elif name == "mrr-arr":
        yield (DIVIDED_BY_FOUR, results["arr"] / 4) if key == "mrr" else (TIMES_FOUR, results["mrr"] * 4)
    elif name == "clv":
        yield from _clv_figures(scenario)
    elif name == "cac-payback":
        if key == "profit_at_months":
            yield CAC_NOT_SUBTRACTED, given["monthly_profit"] * given["months_retained"]
        else:
            yield DIVISION_INVERTED, given["monthly_profit"] / given["cac"] if given["cac"] else 0.0
    elif name == "breakeven":
        price = given["one_off_price"]
        yield DIVISION_INVERTED, given["annual_fee"] / price if price else 0.0
    elif name == "nps":
        yes, middle, no = given["promoters"], given["passives"], given["detractors"]
        total = yes + middle + no
        yield PROMOTERS_ONLY, 100 * yes / total
        yield PASSIVES_SUBTRACTED, 100 * (yes - middle - no) / total
        yield PASSIVES_AS_PROMOTERS, 100 * (yes + middle - no) / total


def _clv_figures(scenario: Scenario) -> Iterator[tuple[Mistake, float]]:
    given, value = scenario.inputs, scenario.calculation.results["clv"]
    margin = given.get("gross_margin", 1.0)
    if "annual_revenue" in given:
        yield MONTHLY_TIMES_YEARS, given["annual_revenue"] / 12 * given["lifetime_years"] * margin
    else:
        yield MONTHLY_TIMES_YEARS, given["arpa"] / given["churn_rate"] / 12 * margin
    if "gross_margin" in given and margin > 0:
        yield MARGIN_LEFT_OUT, value / margin
