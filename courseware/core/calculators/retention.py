"""Keeping customers and their revenue: retention, churn, compounding churn, renewals, GRR and NRR."""

from __future__ import annotations

from decimal import Decimal, localcontext
from fractions import Fraction

from courseware.core.calculators.base import (
    Calculation,
    Calculator,
    Kind,
    Option,
    ResultSpec,
    count,
    fraction,
    non_negative,
    positive,
    recorded,
)
from courseware.core.calculators.formatting import (
    exact_money,
    exact_number,
    exact_percent,
    fmt_money,
    fmt_number,
    fmt_percent,
    plural,
)

START = Option("start", Kind.COUNT, "customers at the start", "customers at the start of the period")
END = Option("end", Kind.COUNT, "customers at the end",
             "customers at the end of the period, new ones included")
NEW = Option("new", Kind.COUNT, "new customers", "new customers won during the period (default 0)")


def retention(start: object, end: object, new: object = 0) -> Calculation:
    """Retention counts only the customers you started with: new ones are taken out of the end count."""
    first, last, won = count(START, start, at_least_one=True), count(END, end), count(NEW, new)
    if won > last:
        raise NEW.error(f"{plural(won, 'new customer')} {'is' if won == 1 else 'are'} more than the "
                        f"{fmt_number(last)} at the end")
    kept = last - won
    if kept > first:
        raise END.error(f"{fmt_number(last)} − {fmt_number(won)} new leaves {fmt_number(kept)} kept, "
                        f"more than the {fmt_number(first)} at the start; count the new customers won "
                        "with --new")
    rate = kept / first
    steps = [
        f"Customers kept = end − new = {fmt_number(last)} − {fmt_number(won)} = {fmt_number(kept)}",
        f"Retention = kept ÷ start = {fmt_number(kept)} ÷ {fmt_number(first)} = {fmt_percent(rate)}",
        f"Churn = 100% − retention = 100% − {exact_percent(rate)} = {fmt_percent(1 - rate)}",
        f"Customers lost = start − kept = {fmt_number(first)} − {fmt_number(kept)} = "
        f"{fmt_number(first - kept)}",
    ]
    return Calculation("retention", recorded([(START, first), (END, last), (NEW, won)]),
                       {"retention_rate": rate, "churn_rate": 1 - rate, "lost": first - kept}, steps)


LOST = Option("lost", Kind.COUNT, "customers lost", "customers lost during the period")


def churn(start: object, lost: object) -> Calculation:
    """Churn is the share of the starting customers who left; retention is what remains."""
    first, gone = count(START, start, at_least_one=True), count(LOST, lost)
    if gone > first:
        raise LOST.error(f"{fmt_number(gone)} lost is more than the {plural(first, 'customer')} at the start")
    rate = gone / first
    steps = [
        f"Churn = lost ÷ start = {fmt_number(gone)} ÷ {fmt_number(first)} = {fmt_percent(rate)}",
        f"Retention = 100% − churn = 100% − {exact_percent(rate)} = {fmt_percent(1 - rate)}",
    ]
    return Calculation("churn", recorded([(START, first), (LOST, gone)]),
                       {"churn_rate": rate, "retention_rate": 1 - rate}, steps)


MONTHLY = Option("monthly_churn_rate", Kind.RATE, "monthly churn rate", "share of customers lost each month")


def annual_churn(monthly_churn_rate: object) -> Calculation:
    """Monthly churn compounds: a year keeps (1 − m)^12 of the customers, which is not 12 × m lost."""
    monthly = fraction(MONTHLY, monthly_churn_rate)
    kept = (1 - monthly) ** 12
    kept_shown = f"(100% − {exact_percent(monthly)})^12"
    steps = [
        f"Kept each month = 100% − monthly churn = 100% − {exact_percent(monthly)} = "
        f"{exact_percent(1 - monthly)}",
        f"Annual retention = (kept each month)^12 = {kept_shown} = {fmt_percent(kept)}",
        f"Annual churn = 100% − annual retention = 100% − {kept_shown} = {fmt_percent(1 - kept)}",
        f"Not 12 × monthly churn = 12 × {exact_percent(monthly)} = {fmt_percent(12 * monthly)}, because each "
        "month's churn applies only to the customers still there",
    ]
    return Calculation("annual-churn", recorded([(MONTHLY, monthly)]),
                       {"annual_churn_rate": 1 - kept, "annual_retention_rate": kept}, steps)


ANNUAL = Option("annual_churn", Kind.RATE, "annual churn rate", "share of customers lost over a year")


def monthly_churn(annual_churn: object) -> Calculation:
    """The inverse of compounding: a year keeps (1 − A), so each month keeps the twelfth root of it."""
    annual = fraction(ANNUAL, annual_churn)
    with localcontext() as context:
        context.prec = 40
        kept_root = (Decimal(annual.denominator - annual.numerator) / Decimal(annual.denominator)) \
            ** (Decimal(1) / Decimal(12))
    kept = Fraction(kept_root)
    root = f"(100% − {exact_percent(annual)})^(1 ÷ 12)"
    steps = [
        f"Annual retention = 100% − annual churn = 100% − {exact_percent(annual)} = {exact_percent(1 - annual)}",
        f"Kept each month = (annual retention)^(1 ÷ 12) = {root} = {fmt_percent(kept)}",
        f"Monthly churn = 100% − kept each month = 100% − {root} = {fmt_percent(1 - kept)}",
        f"Not annual churn ÷ 12 = {exact_percent(annual)} ÷ 12 = {fmt_percent(annual / 12)}, because churn "
        "compounds month after month",
    ]
    return Calculation("monthly-churn", recorded([(ANNUAL, annual)]),
                       {"monthly_churn_rate": 1 - kept, "monthly_retention_rate": kept}, steps)


DUE = Option("due", Kind.COUNT, "customers due to renew", "customers whose contracts were due to renew")
RENEWED = Option("renewed", Kind.COUNT, "customers who renewed", "customers who renewed")
PREVIOUS = Option("previous_value", Kind.AMOUNT, "previous contract size",
                  "size of the contracts before renewal (licences or money)")
RENEWED_VALUE = Option("renewed_value", Kind.AMOUNT, "renewed contract size",
                       "size of the same contracts after renewal (licences or money)")


def renewal(due: object, renewed: object, previous_value: object = None,
            renewed_value: object = None) -> Calculation:
    """The renewal rate counts customers; a bigger or smaller renewal changes the level, never the rate."""
    total, kept = count(DUE, due, at_least_one=True), count(RENEWED, renewed)
    if kept > total:
        raise RENEWED.error(f"{fmt_number(kept)} renewed is more than the {fmt_number(total)} due to renew")
    rate = kept / total
    steps = [
        f"Renewal rate = renewed ÷ due = {fmt_number(kept)} ÷ {fmt_number(total)} = {fmt_percent(rate)}",
        f"Churn = 100% − renewal rate = 100% − {exact_percent(rate)} = {fmt_percent(1 - rate)}",
    ]
    results = {"renewal_rate": rate, "churn_rate": 1 - rate}
    if (previous_value is None) != (renewed_value is None):
        missing = PREVIOUS if previous_value is None else RENEWED_VALUE
        other = RENEWED_VALUE if previous_value is None else PREVIOUS
        raise missing.error(f"is required with {other.flag}")
    before = after = None
    if previous_value is not None and renewed_value is not None:
        before, after = positive(PREVIOUS, previous_value), non_negative(RENEWED_VALUE, renewed_value)
        change = (after - before) / before
        results["renewal_level_change"] = change
        steps += [
            f"Renewal level change = (renewed − previous) ÷ previous = ({exact_number(after)} − "
            f"{exact_number(before)}) ÷ {exact_number(before)} = {fmt_percent(change, sign=True)}",
            f"The renewal rate stays {fmt_percent(rate)}: the level counts value, the rate counts customers",
        ]
    return Calculation("renewal", recorded([(DUE, total), (RENEWED, kept), (PREVIOUS, before),
                                            (RENEWED_VALUE, after)]), results, steps)


START_MRR = Option("start_mrr", Kind.MONEY, "starting MRR", "MRR of the customers you had at the start")
EXPANSION = Option("expansion", Kind.MONEY, "expansion MRR", "MRR added by upsell and cross-sell to them")
CONTRACTION = Option("contraction", Kind.MONEY, "contraction MRR", "MRR lost to downgrades and discounts")
CHURNED = Option("churned", Kind.MONEY, "churned MRR", "MRR of the customers who left")


def _losses(start: Fraction, contraction: Fraction, churned: Fraction) -> None:
    if contraction + churned > start:
        raise CHURNED.error(f"contraction {fmt_money(contraction)} + churned {fmt_money(churned)} is more "
                            f"than the starting MRR of {fmt_money(start)}")


def revenue_retention(start_mrr: object, expansion: object, contraction: object, churned: object) -> Calculation:
    """NRR counts expansion, GRR does not: GRR can only lose revenue, so it never exceeds 100%."""
    start = positive(START_MRR, start_mrr)
    grown, shrunk = non_negative(EXPANSION, expansion), non_negative(CONTRACTION, contraction)
    lost = non_negative(CHURNED, churned)
    _losses(start, shrunk, lost)
    end = start + grown - shrunk - lost
    gross = start - shrunk - lost
    money = [exact_money(value) for value in (start, grown, shrunk, lost)]
    steps = [
        f"Ending MRR = start + expansion − contraction − churned = {money[0]} + {money[1]} − {money[2]} − "
        f"{money[3]} = {fmt_money(end)}",
        f"NRR = ending MRR ÷ start = ({money[0]} + {money[1]} − {money[2]} − {money[3]}) ÷ {money[0]} = "
        f"{fmt_percent(end / start)}",
        f"GRR = (start − contraction − churned) ÷ start = ({money[0]} − {money[2]} − {money[3]}) ÷ "
        f"{money[0]} = {fmt_percent(gross / start)}",
        "GRR leaves expansion out, so it can never be above 100%",
    ]
    inputs = recorded([(START_MRR, start), (EXPANSION, grown), (CONTRACTION, shrunk), (CHURNED, lost)])
    return Calculation("revenue-retention", inputs, {"nrr": end / start, "grr": gross / start, "end_mrr": end},
                       steps)


START_CUSTOMERS = Option("start_customers", Kind.COUNT, "customers at the start",
                         "customers at the start, for logo churn beside revenue churn (optional)")
LOST_CUSTOMERS = Option("lost_customers", Kind.COUNT, "customers lost",
                        "customers who left, for logo churn (optional, with --start-customers)")


def revenue_churn(start_mrr: object, contraction: object, churned: object, start_customers: object = None,
                  lost_customers: object = None) -> Calculation:
    """Gross MRR churn counts revenue lost, logo churn counts customers: a few big losses show in one only."""
    start = positive(START_MRR, start_mrr)
    shrunk, lost = non_negative(CONTRACTION, contraction), non_negative(CHURNED, churned)
    _losses(start, shrunk, lost)
    rate = (shrunk + lost) / start
    money = [exact_money(value) for value in (start, shrunk, lost)]
    steps = [f"Revenue churn = (contraction + churned) ÷ starting MRR = ({money[1]} + {money[2]}) ÷ {money[0]} = "
             f"{fmt_percent(rate)}"]
    results = {"revenue_churn_rate": rate}
    if (start_customers is None) != (lost_customers is None):
        missing = START_CUSTOMERS if start_customers is None else LOST_CUSTOMERS
        other = LOST_CUSTOMERS if start_customers is None else START_CUSTOMERS
        raise missing.error(f"is required with {other.flag}")
    first = gone = None
    if start_customers is not None and lost_customers is not None:
        first, gone = count(START_CUSTOMERS, start_customers, at_least_one=True), count(LOST_CUSTOMERS,
                                                                                         lost_customers)
        if gone > first:
            raise LOST_CUSTOMERS.error(f"{fmt_number(gone)} lost is more than the {plural(first, 'customer')} "
                                       "at the start")
        results["logo_churn_rate"] = gone / first
        steps.append(f"Logo churn = customers lost ÷ customers at the start = {fmt_number(gone)} ÷ "
                     f"{fmt_number(first)} = {fmt_percent(gone / first)}")
        if gone / first != rate:
            bigger = "revenue" if rate > gone / first else "logo"
            steps.append(f"They differ: {bigger} churn is higher, so the customers lost were "
                         f"{'larger' if bigger == 'revenue' else 'smaller'} than average")
    inputs = recorded([(START_MRR, start), (CONTRACTION, shrunk), (CHURNED, lost), (START_CUSTOMERS, first),
                       (LOST_CUSTOMERS, gone)])
    return Calculation("revenue-churn", inputs, results, steps)


CALCULATORS = (
    Calculator("retention", "Customer retention", "Share of the starting customers kept; new ones left out.",
               retention, (START, END, NEW),
               (ResultSpec("retention_rate", "retention rate", Kind.RATE),
                ResultSpec("churn_rate", "churn rate", Kind.RATE),
                ResultSpec("lost", "customers lost", Kind.COUNT)),
               (("start", "end"),)),
    Calculator("churn", "Customer churn", "Share of the starting customers lost.", churn, (START, LOST),
               (ResultSpec("churn_rate", "churn rate", Kind.RATE),
                ResultSpec("retention_rate", "retention rate", Kind.RATE)),
               (("start", "lost"),)),
    Calculator("annual-churn", "Annual churn from monthly churn",
               "Monthly churn compounded over twelve months.", annual_churn, (MONTHLY,),
               (ResultSpec("annual_churn_rate", "annual churn rate", Kind.RATE),
                ResultSpec("annual_retention_rate", "annual retention rate", Kind.RATE)),
               (("monthly_churn_rate",),)),
    Calculator("monthly-churn", "Monthly churn from annual churn",
               "The monthly rate that compounds to an annual one.", monthly_churn, (ANNUAL,),
               (ResultSpec("monthly_churn_rate", "monthly churn rate", Kind.RATE),
                ResultSpec("monthly_retention_rate", "monthly retention rate", Kind.RATE)),
               (("annual_churn",),)),
    Calculator("revenue-retention", "Net and gross revenue retention (NRR, GRR)",
               "How much of the starting MRR is kept, with and without expansion.", revenue_retention,
               (START_MRR, EXPANSION, CONTRACTION, CHURNED),
               (ResultSpec("nrr", "NRR", Kind.RATE), ResultSpec("grr", "GRR", Kind.RATE),
                ResultSpec("end_mrr", "ending MRR", Kind.MONEY)),
               (("start_mrr", "expansion", "contraction", "churned"),)),
    Calculator("revenue-churn", "Revenue churn (gross MRR churn)",
               "Share of the starting MRR lost to contraction and churn, beside logo churn.", revenue_churn,
               (START_MRR, CONTRACTION, CHURNED, START_CUSTOMERS, LOST_CUSTOMERS),
               (ResultSpec("revenue_churn_rate", "revenue churn rate", Kind.RATE),
                ResultSpec("logo_churn_rate", "logo churn rate", Kind.RATE)),
               (("start_mrr", "contraction", "churned"),)),
    Calculator("renewal", "Renewal rate and renewal level",
               "Customers who renewed, and how the size of their contracts changed.", renewal,
               (DUE, RENEWED, PREVIOUS, RENEWED_VALUE),
               (ResultSpec("renewal_rate", "renewal rate", Kind.RATE),
                ResultSpec("churn_rate", "churn rate", Kind.RATE),
                ResultSpec("renewal_level_change", "renewal level change", Kind.CHANGE)),
               (("due", "renewed"),)),
)
