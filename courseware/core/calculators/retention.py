"""Keeping customers and their revenue: retention, churn, compounding churn, renewals, GRR and NRR."""

from __future__ import annotations

from courseware.core.calculators.base import (
    Calculation,
    Calculator,
    Kind,
    Option,
    ResultSpec,
    divide,
    fraction,
    non_negative,
    positive,
    recorded,
)
from courseware.core.calculators.formatting import fmt_money, fmt_number, fmt_percent

START = Option("start", Kind.COUNT, "customers at the start", "customers at the start of the period")
END = Option("end", Kind.COUNT, "customers at the end",
             "customers at the end of the period, new ones included")
NEW = Option("new", Kind.COUNT, "new customers", "new customers won during the period (default 0)")


def retention(start: float, end: float, new: float = 0.0) -> Calculation:
    """Retention counts only the customers you started with: new ones are taken out of the end count."""
    start, end, new = positive(START, start), non_negative(END, end), non_negative(NEW, new)
    if new > end:
        raise NEW.error(f"{fmt_number(new)} new customers is more than the {fmt_number(end)} at the end")
    kept = end - new
    if start < kept <= start + 1e-9 * end:  # end − new lost a bit to rounding: all were kept
        kept = start
    if kept > start:
        raise END.error(f"{fmt_number(end)} − {fmt_number(new)} new leaves {fmt_number(kept)} kept, "
                        f"more than the {fmt_number(start)} at the start; count the new customers won "
                        "with --new")
    rate = divide(kept, start, START)
    steps = [
        f"Customers kept = end − new = {fmt_number(end)} − {fmt_number(new)} new = {fmt_number(kept)}",
        f"Retention = kept ÷ start = {fmt_number(kept)} ÷ {fmt_number(start)} = {fmt_percent(rate)}",
        f"Churn = 100% − retention = 100% − {fmt_percent(rate)} = {fmt_percent(1 - rate)}",
        f"Customers lost = start − kept = {fmt_number(start)} − {fmt_number(kept)} = "
        f"{fmt_number(start - kept)}",
    ]
    return Calculation("retention", recorded([(START, start), (END, end), (NEW, new)]),
                       {"retention_rate": rate, "churn_rate": 1 - rate, "lost": start - kept}, steps)


LOST = Option("lost", Kind.COUNT, "customers lost", "customers lost during the period")


def churn(start: float, lost: float) -> Calculation:
    """Churn is the share of the starting customers who left; retention is what remains."""
    start, lost = positive(START, start), non_negative(LOST, lost)
    if lost > start:
        raise LOST.error(f"{fmt_number(lost)} lost is more than the {fmt_number(start)} customers "
                         "at the start")
    rate = divide(lost, start, START)
    steps = [
        f"Churn = lost ÷ start = {fmt_number(lost)} ÷ {fmt_number(start)} = {fmt_percent(rate)}",
        f"Retention = 100% − churn = 100% − {fmt_percent(rate)} = {fmt_percent(1 - rate)}",
    ]
    return Calculation("churn", recorded([(START, start), (LOST, lost)]),
                       {"churn_rate": rate, "retention_rate": 1 - rate}, steps)


MONTHLY = Option("monthly_churn_rate", Kind.RATE, "monthly churn rate", "share of customers lost each month")


def annual_churn(monthly_churn_rate: float) -> Calculation:
    """Monthly churn compounds: a year keeps (1 − m)^12 of the customers, which is not 12 × m lost."""
    monthly = fraction(MONTHLY, monthly_churn_rate)
    kept = (1 - monthly) ** 12
    steps = [
        f"Kept each month = 100% − monthly churn = 100% − {fmt_percent(monthly, 2)} = "
        f"{fmt_percent(1 - monthly, 2)}",
        f"Annual retention = (kept each month)^12 = {fmt_percent(1 - monthly, 2)}^12 = {fmt_percent(kept)}",
        f"Annual churn = 100% − annual retention = 100% − {fmt_percent(kept)} = {fmt_percent(1 - kept)}",
        f"(Not 12 × {fmt_percent(monthly, 2)} = {fmt_percent(12 * monthly)}: each month's churn applies "
        "only to the customers still there)",
    ]
    return Calculation("annual-churn", recorded([(MONTHLY, monthly)]),
                       {"annual_churn_rate": 1 - kept, "annual_retention_rate": kept}, steps)


DUE = Option("due", Kind.COUNT, "customers due to renew", "customers whose contracts were due to renew")
RENEWED = Option("renewed", Kind.COUNT, "customers who renewed", "customers who renewed")
PREVIOUS = Option("previous_value", Kind.COUNT, "previous contract size",
                  "size of the contracts before renewal (licences or money)")
RENEWED_VALUE = Option("renewed_value", Kind.COUNT, "renewed contract size",
                       "size of the same contracts after renewal (licences or money)")


def renewal(due: float, renewed: float, previous_value: float | None = None,
            renewed_value: float | None = None) -> Calculation:
    """The renewal rate counts customers; a bigger or smaller renewal changes the level, never the rate."""
    due, renewed = positive(DUE, due), non_negative(RENEWED, renewed)
    if renewed > due:
        raise RENEWED.error(f"{fmt_number(renewed)} renewed is more than the {fmt_number(due)} due to renew")
    rate = divide(renewed, due, DUE)
    steps = [
        f"Renewal rate = renewed ÷ due = {fmt_number(renewed)} ÷ {fmt_number(due)} = {fmt_percent(rate)}",
        f"Churn = 100% − renewal rate = 100% − {fmt_percent(rate)} = {fmt_percent(1 - rate)}",
    ]
    results = {"renewal_rate": rate, "churn_rate": 1 - rate}
    if (previous_value is None) != (renewed_value is None):
        missing = PREVIOUS if previous_value is None else RENEWED_VALUE
        other = RENEWED_VALUE if previous_value is None else PREVIOUS
        raise missing.error(f"is required with {other.flag}")
    if previous_value is not None and renewed_value is not None:
        previous_value = positive(PREVIOUS, previous_value)
        renewed_value = non_negative(RENEWED_VALUE, renewed_value)
        change = divide(renewed_value - previous_value, previous_value, PREVIOUS)
        results["renewal_level_change"] = change
        steps += [
            f"Renewal level change = (renewed − previous) ÷ previous = ({fmt_number(renewed_value)} − "
            f"{fmt_number(previous_value)}) ÷ {fmt_number(previous_value)} = "
            f"{fmt_number(renewed_value - previous_value)} ÷ {fmt_number(previous_value)} = "
            f"{fmt_percent(change, sign=True)}",
            f"The renewal rate stays {fmt_percent(rate)}: the level counts value, the rate counts customers",
        ]
    return Calculation("renewal", recorded([(DUE, due), (RENEWED, renewed), (PREVIOUS, previous_value),
                                            (RENEWED_VALUE, renewed_value)]), results, steps)


START_MRR = Option("start_mrr", Kind.MONEY, "starting MRR", "MRR of the customers you had at the start")
EXPANSION = Option("expansion", Kind.MONEY, "expansion MRR", "MRR added by upsell and cross-sell to them")
CONTRACTION = Option("contraction", Kind.MONEY, "contraction MRR", "MRR lost to downgrades and discounts")
CHURNED = Option("churned", Kind.MONEY, "churned MRR", "MRR of the customers who left")


def revenue_retention(start_mrr: float, expansion: float, contraction: float, churned: float) -> Calculation:
    """NRR counts expansion, GRR does not: GRR can only lose revenue, so it never exceeds 100%."""
    start = positive(START_MRR, start_mrr)
    expansion, contraction = non_negative(EXPANSION, expansion), non_negative(CONTRACTION, contraction)
    churned = non_negative(CHURNED, churned)
    if contraction + churned > start:
        raise CHURNED.error(f"contraction {fmt_money(contraction)} + churned {fmt_money(churned)} is more "
                            f"than the starting MRR of {fmt_money(start)}")
    end = start + expansion - contraction - churned
    nrr = divide(end, start, START_MRR)
    gross = start - contraction - churned
    grr = min(divide(gross, start, START_MRR), 1.0)
    steps = [
        f"Ending MRR = start + expansion − contraction − churned = {fmt_money(start)} + "
        f"{fmt_money(expansion)} − {fmt_money(contraction)} − {fmt_money(churned)} = {fmt_money(end)}",
        f"NRR = ending MRR ÷ start = {fmt_money(end)} ÷ {fmt_money(start)} = {fmt_percent(nrr)}",
        f"GRR = (start − contraction − churned) ÷ start = ({fmt_money(start)} − {fmt_money(contraction)} − "
        f"{fmt_money(churned)}) ÷ {fmt_money(start)} = {fmt_money(gross)} ÷ {fmt_money(start)} = "
        f"{fmt_percent(grr)}",
        "GRR leaves expansion out, so it can never be above 100%",
    ]
    inputs = recorded([(START_MRR, start), (EXPANSION, expansion), (CONTRACTION, contraction),
                       (CHURNED, churned)])
    return Calculation("revenue-retention", inputs, {"nrr": nrr, "grr": grr, "end_mrr": end}, steps)


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
    Calculator("revenue-retention", "Net and gross revenue retention (NRR, GRR)",
               "How much of the starting MRR is kept, with and without expansion.", revenue_retention,
               (START_MRR, EXPANSION, CONTRACTION, CHURNED),
               (ResultSpec("nrr", "NRR", Kind.RATE), ResultSpec("grr", "GRR", Kind.RATE),
                ResultSpec("end_mrr", "ending MRR", Kind.MONEY)),
               (("start_mrr", "expansion", "contraction", "churned"),)),
    Calculator("renewal", "Renewal rate and renewal level",
               "Customers who renewed, and how the size of their contracts changed.", renewal,
               (DUE, RENEWED, PREVIOUS, RENEWED_VALUE),
               (ResultSpec("renewal_rate", "renewal rate", Kind.RATE),
                ResultSpec("churn_rate", "churn rate", Kind.RATE),
                ResultSpec("renewal_level_change", "renewal level change", Kind.CHANGE)),
               (("due", "renewed"),)),
)
