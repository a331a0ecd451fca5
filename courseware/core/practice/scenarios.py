"""Practice scenarios: the course's own worked examples first, then fresh numbers from a seeded random.

The same seed and index always give the same scenario, so a practice session can be replayed and a
test can name exactly what the learner saw.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from courseware.core.calculators import CALCULATORS, Calculation, ResultSpec
from courseware.core.calculators.formatting import fmt_money, fmt_number, plural


@dataclass(frozen=True)
class Scenario:
    """One question for the learner: a calculator's inputs, which result is asked for, and the wording."""

    key: str
    calculator: str
    inputs: dict[str, object]
    result: str
    prompt: str
    source: str = "course"

    @cached_property
    def calculation(self) -> Calculation:
        return CALCULATORS[self.calculator].calculate(self.inputs)

    @property
    def spec(self) -> ResultSpec:
        spec = CALCULATORS[self.calculator].result(self.result)
        if spec is None:
            raise KeyError(f"calculator '{self.calculator}' has no result '{self.result}'")
        return spec

    @property
    def unit(self) -> str:
        """What the answer is typed in: ``%`` for rates, else the result's own unit (or nothing)."""
        if self.spec.is_rate:
            return "%"
        return {"money": "$", "months": "months", "years": "years", "ratio": "x"}.get(self.spec.kind.value, "")

    def in_answer_units(self, value: Fraction) -> Fraction:
        """A result as the learner types it: rates as percentages, everything else as it is."""
        return value * 100 if self.spec.is_rate else value

    @property
    def exact_result(self) -> Fraction:
        """The result in its own kind (a rate as a fraction), exactly."""
        return self.calculation.exact[self.result]

    @property
    def expected_exact(self) -> Fraction:
        return self.in_answer_units(self.exact_result)

    @property
    def expected(self) -> float:
        return float(self.expected_exact)

    @property
    def expected_text(self) -> str:
        return self.calculation.shown(self.spec)


def _s(key: str, calculator: str, inputs: dict[str, object], result: str, prompt: str) -> Scenario:
    return Scenario(key, calculator, inputs, result, prompt)


COURSE_EXAMPLES: dict[str, tuple[Scenario, ...]] = {
    "retention": (
        _s("course-110-percent", "retention", {"start": 100, "end": 110, "new": 30}, "retention_rate",
           "At the start of the year you have 100 customers. During the year you win 30 new customers and "
           "end the year with 110. What is your customer retention rate (%)?"),
        _s("course-110-percent-churn", "retention", {"start": 100, "end": 110, "new": 30}, "churn_rate",
           "You start the year with 100 customers, win 30 new ones and end it with 110. What is the churn "
           "rate (%)?"),
    ),
    "churn": (
        _s("course-100-80", "churn", {"start": 100, "lost": 20}, "retention_rate",
           "You have 100 customers on a service contract. At the end of the term 80 renew and 20 do not. "
           "What is the retention rate (%)?"),
        _s("course-100-80-churn", "churn", {"start": 100, "lost": 20}, "churn_rate",
           "100 customers are due to renew and 80 do. What is the churn rate (%)?"),
    ),
    "renewal": (
        _s("course-2000-2500-level", "renewal",
           {"due": 1, "renewed": 1, "previous_value": 2000, "renewed_value": 2500}, "renewal_level_change",
           "A customer with a contract for 2,000 user licences renews for 2,500. By how much (%) did the "
           "renewal level change?"),
        _s("course-2000-2500-rate", "renewal",
           {"due": 1, "renewed": 1, "previous_value": 2000, "renewed_value": 2500}, "renewal_rate",
           "The only customer due to renew this quarter had 2,000 licences and renews for 2,500. What is the "
           "renewal rate (%)?"),
        _s("course-10-customers", "renewal", {"due": 10, "renewed": 8}, "renewal_rate",
           "Ten customers are due to renew and 2 of them leave. What is the renewal rate (%)?"),
    ),
    "annual-churn": (
        _s("course-2-percent", "annual-churn", {"monthly_churn_rate": 0.02}, "annual_churn_rate",
           "A subscription business loses 2% of its customers every month. What share of them (%) does it "
           "lose over a year?"),
    ),
    "revenue-retention": (
        _s("course-grr", "revenue-retention",
           {"start_mrr": 100_000, "expansion": 20_000, "contraction": 5_000, "churned": 10_000}, "grr",
           "Starting MRR $100,000; expansion $20,000; contraction $5,000; churned MRR $10,000. What is the "
           "gross revenue retention (GRR, %)?"),
        _s("course-nrr", "revenue-retention",
           {"start_mrr": 100_000, "expansion": 20_000, "contraction": 5_000, "churned": 10_000}, "nrr",
           "Starting MRR $100,000; expansion $20,000; contraction $5,000; churned MRR $10,000. What is the "
           "net revenue retention (NRR, %)?"),
    ),
    "mrr-arr": (
        _s("course-arr-120000", "mrr-arr", {"arr": 120_000}, "mrr",
           "A customer's ARR is $120,000. What is its MRR ($)?"),
        _s("course-mrr-2500", "mrr-arr", {"mrr": 2_500}, "arr",
           "A customer pays $2,500 a month. What is its ARR ($)?"),
    ),
    "clv": (
        _s("course-2400-6-years", "clv", {"annual_revenue": 2_400, "lifetime_years": 6}, "clv",
           "Customers spend on average $2,400 a year and stay on average 6 years. What is the CLV ($)?"),
        _s("course-200-a-month", "clv", {"annual_revenue": 2_400, "lifetime_years": 6}, "clv",
           "A customer pays $200 a month and stays on average 6 years. What is its lifetime value ($)?"),
        _s("course-ltv-500", "clv", {"arpa": 500, "churn_rate": 0.02, "gross_margin": 0.8}, "clv",
           "Average revenue per account is $500 a month, monthly churn is 2% and the gross margin is 80%. "
           "What is the margin-adjusted LTV ($)?"),
    ),
    "cac-payback": (
        _s("course-18-payback", "cac-payback", {"cac": 18, "monthly_profit": 1}, "payback_months",
           "It costs $18 to win a customer, who brings $1 of profit a month. After how many months is the "
           "cost paid back?"),
        _s("course-18-month-12", "cac-payback", {"cac": 18, "monthly_profit": 1, "months_retained": 12},
           "profit_at_months",
           "CAC is $18 and each customer brings $1 of profit a month. What is the net result ($) for a "
           "customer who leaves after 12 months?"),
    ),
    "breakeven": (
        _s("course-office", "breakeven", {"one_off_price": 500, "annual_fee": 100}, "years",
           "Office used to cost about $500 once; the subscription costs about $100 a year. How many years "
           "must a subscriber renew to pay as much as a one-off buyer?"),
    ),
    "nps": (
        _s("course-200-answers", "nps", {"promoters": 110, "passives": 50, "detractors": 40}, "nps",
           "200 customers answer the survey: 110 give 9 or 10, 50 give 7 or 8, and 40 give 0 to 6. What is "
           "the NPS?"),
    ),
    "csat": (
        _s("course-250-ratings", "csat", {"fives": 150, "fours": 50, "threes": 30, "twos": 12, "ones": 8}, "csat",
           "250 customers rate a support interaction: 150 give 5, 50 give 4, 30 give 3, 12 give 2 and 8 "
           "give 1. What is the CSAT (%)?"),
    ),
}
"""The course's own worked examples, by calculator, each with the figure the course text gives."""


def _pct(fraction: float) -> str:
    """A rate as a prompt states it: 2%, 2.5%, never 2.0%."""
    return f"{fmt_number(fraction * 100)}%"


Generated = tuple[dict[str, object], str, str]
Generator = Callable[[random.Random], Generated]


def _retention(rng: random.Random) -> Generated:
    start = rng.randint(50, 500)
    kept = rng.randint(start // 2, start)
    new = rng.randint(5, max(6, start // 2))
    asked = rng.choice(["retention_rate", "churn_rate"])
    what = "customer retention rate" if asked == "retention_rate" else "churn rate"
    return ({"start": start, "end": kept + new, "new": new}, asked,
            f"You start the year with {fmt_number(start)} customers, win {fmt_number(new)} new ones and end "
            f"the year with {fmt_number(kept + new)}. What is the {what} (%)?")


def _churn(rng: random.Random) -> Generated:
    start = rng.randint(20, 1000)
    lost = rng.randint(1, start // 3)
    asked = rng.choice(["churn_rate", "retention_rate"])
    what = "churn rate" if asked == "churn_rate" else "retention rate"
    return ({"start": start, "lost": lost}, asked,
            f"{fmt_number(start)} customers are due to renew and {fmt_number(start - lost)} do. "
            f"What is the {what} (%)?")


def _renewal(rng: random.Random) -> Generated:
    if rng.random() < 0.5:
        due = rng.randint(10, 200)
        renewed = rng.randint(due // 2, due)
        return ({"due": due, "renewed": renewed}, "renewal_rate",
                f"{fmt_number(due)} customers are due to renew and {fmt_number(renewed)} renew. What is the "
                "renewal rate (%)?")
    previous = rng.randint(5, 50) * 100
    renewed_value = previous + rng.randint(-2, 10) * previous // 10
    return ({"due": 1, "renewed": 1, "previous_value": previous, "renewed_value": renewed_value},
            "renewal_level_change",
            f"A customer with {fmt_number(previous)} licences renews for {fmt_number(renewed_value)}. "
            "By how much (%) did the renewal level change?")


def _revenue_retention(rng: random.Random) -> Generated:
    start = rng.randint(50, 500) * 1000
    expansion, contraction, churned = (rng.randint(1, 30) * start // 100, rng.randint(0, 10) * start // 100,
                                       rng.randint(0, 15) * start // 100)
    asked = rng.choice(["grr", "nrr"])
    what = "gross revenue retention (GRR" if asked == "grr" else "net revenue retention (NRR"
    inputs: dict[str, object] = {"start_mrr": start, "expansion": expansion, "contraction": contraction,
                                 "churned": churned}
    return (inputs, asked,
            f"Starting MRR {fmt_money(start)}; expansion {fmt_money(expansion)}; contraction "
            f"{fmt_money(contraction)}; churned MRR {fmt_money(churned)}. What is the {what}, %)?")


def _annual_churn(rng: random.Random) -> Generated:
    monthly = rng.choice([1, 1.5, 2, 2.5, 3, 4, 5]) / 100
    return ({"monthly_churn_rate": monthly}, "annual_churn_rate",
            f"A business loses {_pct(monthly)} of its customers every month. What share (%) does it "
            "lose over a year?")


def _mrr_arr(rng: random.Random) -> Generated:
    if rng.random() < 0.5:
        arr = rng.randint(12, 600) * 1000
        return {"arr": arr}, "mrr", f"A customer's ARR is {fmt_money(arr)}. What is its MRR ($)?"
    mrr = rng.randint(1, 80) * 100
    return {"mrr": mrr}, "arr", f"A customer pays {fmt_money(mrr)} a month. What is its ARR ($)?"


def _clv(rng: random.Random) -> Generated:
    if rng.random() < 0.5:
        monthly, years = rng.randint(5, 50) * 10, rng.randint(2, 10)
        return ({"annual_revenue": monthly * 12, "lifetime_years": years}, "clv",
                f"A customer pays {fmt_money(monthly)} a month and stays on average {years} years. What is "
                "its lifetime value ($)?")
    arpa, churn = rng.randint(5, 100) * 10, rng.choice([1, 2, 2.5, 4, 5]) / 100
    if rng.random() < 0.2:
        discount = rng.choice([6, 8, 10, 12])
        return ({"arpa": arpa, "churn_rate": churn, "discount_rate": discount / 100}, "clv",
                f"Revenue per account is {fmt_money(arpa)} a month and monthly churn is {_pct(churn)}. With an "
                f"annual discount rate of {discount}% (taken as {discount}% ÷ 12 a month), what is the discounted "
                "CLV ($)?")
    if rng.random() < 0.3:
        cap = rng.randint(1, 5)
        return ({"arpa": arpa, "churn_rate": churn, "max_years": cap}, "clv",
                f"Revenue per account is {fmt_money(arpa)} a month and monthly churn is {_pct(churn)}. Counting "
                f"at most {plural(cap, 'year')} of revenue, what is the CLV ($)?")
    margin = rng.choice([60, 70, 75, 80, 90]) / 100
    return ({"arpa": arpa, "churn_rate": churn, "gross_margin": margin}, "clv",
            f"Revenue per account is {fmt_money(arpa)} a month, monthly churn is {_pct(churn)} and "
            f"the gross margin is {_pct(margin)}. What is the margin-adjusted LTV ($)?")


def _cac_payback(rng: random.Random) -> Generated:
    profit = rng.randint(1, 40) * 5
    cac = profit * rng.randint(6, 36)
    if rng.random() < 0.3:
        margin = rng.choice([50, 60, 75, 80])
        revenue = profit * 100 // margin
        return ({"cac": cac, "monthly_revenue": revenue, "gross_margin": margin / 100}, "payback_months",
                f"It costs {fmt_money(cac)} to win a customer who pays {fmt_money(revenue)} a month at a "
                f"{margin}% gross margin. After how many months is the cost paid back?")
    if rng.random() < 0.5:
        return ({"cac": cac, "monthly_profit": profit}, "payback_months",
                f"It costs {fmt_money(cac)} to win a customer, who brings {fmt_money(profit)} of profit a "
                "month. After how many months is the cost paid back?")
    months = rng.randint(3, 48)
    return ({"cac": cac, "monthly_profit": profit, "months_retained": months}, "profit_at_months",
            f"CAC is {fmt_money(cac)} and a customer brings {fmt_money(profit)} of profit a month. What is "
            f"the net result ($) for a customer who leaves after {months} months?")


def _breakeven(rng: random.Random) -> Generated:
    fee = rng.randint(5, 30) * 10
    price = fee * rng.randint(2, 10)
    return ({"one_off_price": price, "annual_fee": fee}, "years",
            f"A product costs {fmt_money(price)} once, or {fmt_money(fee)} a year as a subscription. How "
            "many years of subscription match the one-off price?")


def _nps(rng: random.Random) -> Generated:
    total = rng.randint(5, 40) * 10
    promoters = rng.randint(total // 10, total * 7 // 10)
    passives = rng.randint(1, total - promoters - 1)
    detractors = total - promoters - passives
    return ({"promoters": promoters, "passives": passives, "detractors": detractors}, "nps",
            f"{total} customers answer the survey: {promoters} give 9 or 10, {passives} give 7 or 8 and "
            f"{detractors} give 0 to 6. What is the NPS?")


def _csat(rng: random.Random) -> Generated:
    if rng.random() < 0.5:
        responses = rng.randint(5, 50) * 10
        satisfied = rng.randint(responses // 2, responses)
        return ({"satisfied": satisfied, "responses": responses}, "csat",
                f"Of {responses} customers who rate a support call from 1 to 5, {satisfied} give 4 or 5. "
                "What is the CSAT (%)?")
    counts = {name: rng.randint(0, 60) for name in ("fives", "fours", "threes", "twos", "ones")}
    counts["fives"] += 1
    ratings = ", ".join(f"{counts[name]} give {score}" for score, name in
                        ((5, "fives"), (4, "fours"), (3, "threes"), (2, "twos"), (1, "ones")))
    return (dict(counts), "csat",
            f"{sum(counts.values())} customers rate a support call from 1 to 5: {ratings}. What is the CSAT (%)?")


def _monthly_churn(rng: random.Random) -> Generated:
    annual = rng.choice([10, 12, 15, 20, 25, 30, 40, 50]) / 100
    return ({"annual_churn": annual}, "monthly_churn_rate",
            f"A business loses {_pct(annual)} of its customers over a year. What share (%) does it lose each "
            "month, if the monthly churn is steady?")


def _revenue_churn(rng: random.Random) -> Generated:
    start = rng.randint(50, 500) * 1000
    contraction, churned = rng.randint(0, 10) * start // 100, rng.randint(1, 15) * start // 100
    return ({"start_mrr": start, "contraction": contraction, "churned": churned}, "revenue_churn_rate",
            f"Starting MRR {fmt_money(start)}; contraction {fmt_money(contraction)}; churned MRR "
            f"{fmt_money(churned)}. What is the gross revenue churn rate (%)?")


def _mrr_movements(rng: random.Random) -> Generated:
    start = rng.randint(20, 500) * 1000
    new, expansion, contraction, churned, back = (rng.randint(0, 20) * start // 200 for _ in range(5))
    asked = rng.choice(["end_mrr", "net_new_mrr"])
    what = "ending MRR" if asked == "end_mrr" else "net new MRR"
    return ({"start_mrr": start, "new": new, "expansion": expansion, "contraction": contraction,
             "churned": churned, "reactivation": back}, asked,
            f"Starting MRR {fmt_money(start)}; new {fmt_money(new)}; expansion {fmt_money(expansion)}; "
            f"reactivation {fmt_money(back)}; contraction {fmt_money(contraction)}; churned {fmt_money(churned)}. "
            f"What is the {what} ($)?")


def _quick_ratio(rng: random.Random) -> Generated:
    new, expansion, contraction, churned = (rng.randint(1, 100) * 100 for _ in range(4))
    return ({"new": new, "expansion": expansion, "contraction": contraction, "churned": churned}, "quick_ratio",
            f"This month: new MRR {fmt_money(new)}, expansion {fmt_money(expansion)}, contraction "
            f"{fmt_money(contraction)}, churned {fmt_money(churned)}. What is the SaaS quick ratio?")


def _ltv_cac(rng: random.Random) -> Generated:
    cac = rng.randint(2, 50) * 100
    ltv = cac * rng.randint(2, 30) // 4
    return ({"ltv": ltv, "cac": cac}, "ltv_cac",
            f"A customer's lifetime value is {fmt_money(ltv)} and it cost {fmt_money(cac)} to win them. What is "
            "the LTV:CAC ratio?")


def _health(rng: random.Random) -> Generated:
    names = rng.sample(["usage", "support", "sentiment", "adoption", "billing"], 3)
    signals = [(name, rng.randint(0, 20) * 5, rng.choice([10, 20, 25, 30, 40, 50])) for name in names]
    listed = "; ".join(f"{name} {value} (weight {weight})" for name, value, weight in signals)
    return ({"signal": [f"{name}={value}:{weight}" for name, value, weight in signals]}, "score",
            f"An account's health signals, each scored 0 to 100: {listed}. What is its weighted health score?")


def _cohorts(rng: random.Random) -> Generated:
    rows: list[list[str]] = []
    told = []
    for month in ("2026-01", "2026-02"):
        size = rng.randint(4, 25)
        kept = rng.randint(0, size)
        rows += [[f"{month}-{index}", month, "" if index < kept else month] for index in range(size)]
        told.append(f"{plural(size, 'customer')} started in {month} and {kept} of them were still customers "
                    "a month later")
    return ({"file": rows, "as_of": "2026-03"}, "month_1",
            f"{'; '.join(told)}. What is the average retention after 1 month (%), each cohort weighted by its "
            "size?")


GENERATORS: dict[str, Generator] = {
    "retention": _retention, "churn": _churn, "renewal": _renewal, "revenue-retention": _revenue_retention,
    "annual-churn": _annual_churn, "monthly-churn": _monthly_churn, "mrr-arr": _mrr_arr,
    "mrr-movements": _mrr_movements, "quick-ratio": _quick_ratio, "revenue-churn": _revenue_churn, "clv": _clv,
    "ltv-cac": _ltv_cac, "cac-payback": _cac_payback, "breakeven": _breakeven, "nps": _nps, "csat": _csat,
    "health-score": _health, "cohort-retention": _cohorts,
}


@dataclass
class PracticeDeck:
    """The scenarios of one practice session: the course's examples in order, then generated ones."""

    calculator: str
    seed: int
    examples: tuple[Scenario, ...] = field(init=False)

    def __post_init__(self) -> None:
        if self.calculator not in CALCULATORS:
            raise KeyError(self.calculator)
        self.examples = COURSE_EXAMPLES.get(self.calculator, ())

    def scenario(self, index: int) -> Scenario:
        if index < len(self.examples):
            return self.examples[index]
        rng = random.Random(f"{self.calculator}/{self.seed}/{index}")
        inputs, result, prompt = GENERATORS[self.calculator](rng)
        key = f"generated-{self.seed}-{index}"
        return Scenario(key, self.calculator, inputs, result, prompt, "generated")
