"""Revenue over time: MRR and ARR, customer lifetime value, CAC payback and subscription break-even."""

from __future__ import annotations

from courseware.core.calculators.base import (
    Calculation,
    Calculator,
    Kind,
    Option,
    ResultSpec,
    divide,
    finite,
    fraction,
    non_negative,
    positive,
    recorded,
)
from courseware.core.calculators.formatting import fmt_money, fmt_number, fmt_percent

ARR = Option("arr", Kind.MONEY, "ARR", "annual recurring revenue")
MRR = Option("mrr", Kind.MONEY, "MRR", "monthly recurring revenue")


def mrr_arr(arr: float | None = None, mrr: float | None = None) -> Calculation:
    """A year has twelve months, not four: MRR = ARR ÷ 12 and ARR = MRR × 12."""
    if (arr is None) == (mrr is None):
        raise (MRR if arr is not None else ARR).error("give exactly one of --arr and --mrr")
    if arr is not None:
        arr = non_negative(ARR, arr)
        mrr = arr / 12
        steps = [f"MRR = ARR ÷ 12 = {fmt_money(arr)} ÷ 12 = {fmt_money(mrr)}",
                 f"(Not ÷ 4: {fmt_money(arr)} ÷ 4 = {fmt_money(arr / 4)} is a quarter's revenue)"]
        return Calculation("mrr-arr", recorded([(ARR, arr)]), {"mrr": mrr, "arr": arr}, steps)
    mrr = non_negative(MRR, mrr)
    arr = mrr * 12
    steps = [f"ARR = MRR × 12 = {fmt_money(mrr)} × 12 = {fmt_money(arr)}"]
    return Calculation("mrr-arr", recorded([(MRR, mrr)]), {"mrr": mrr, "arr": arr}, steps)


ANNUAL_REVENUE = Option("annual_revenue", Kind.MONEY, "revenue per year",
                        "average revenue per customer per year")
LIFETIME_YEARS = Option("lifetime_years", Kind.YEARS, "lifetime in years",
                        "average customer lifetime in years")
ARPA = Option("arpa", Kind.MONEY, "revenue per account per period",
              "average revenue per account per period (usually a month)")
CHURN_RATE = Option("churn_rate", Kind.RATE, "churn rate per period",
                    "customers lost per period, the same period as --arpa")
GROSS_MARGIN = Option("gross_margin", Kind.RATE, "gross margin", "share of revenue kept as gross profit")


def clv(annual_revenue: float | None = None, lifetime_years: float | None = None, arpa: float | None = None,
        churn_rate: float | None = None, gross_margin: float | None = None) -> Calculation:
    """Lifetime value is revenue per period times the lifetime in the same periods, optionally × margin."""
    steps: list[str]
    if annual_revenue is not None or lifetime_years is not None:
        if annual_revenue is None or lifetime_years is None:
            raise (ANNUAL_REVENUE if annual_revenue is None else LIFETIME_YEARS).error("is required")
        revenue = non_negative(ANNUAL_REVENUE, annual_revenue)
        years = non_negative(LIFETIME_YEARS, lifetime_years)
        value = revenue * years
        steps = [f"CLV = revenue per year × lifetime in years = {fmt_money(revenue)} × {fmt_number(years)} = "
                 f"{fmt_money(value)}"]
        pairs = [(ANNUAL_REVENUE, revenue), (LIFETIME_YEARS, years)]
    else:
        if arpa is None or churn_rate is None:
            raise (ARPA if arpa is None else CHURN_RATE).error(
                "is required; give --annual-revenue and --lifetime-years, or --arpa and --churn-rate")
        per_period, rate = non_negative(ARPA, arpa), fraction(CHURN_RATE, churn_rate, allow_zero=False)
        lifetime = divide(1, rate, CHURN_RATE)
        value = finite(divide(per_period, rate, CHURN_RATE), CHURN_RATE)
        steps = [f"Average lifetime = 1 ÷ churn rate = 1 ÷ {fmt_percent(rate, 2)} = "
                 f"{fmt_number(lifetime)} periods",
                 f"CLV = revenue per period ÷ churn rate = {fmt_money(per_period)} ÷ "
                 f"{fmt_percent(rate, 2)} = "
                 f"{fmt_money(per_period)} × {fmt_number(lifetime)} = {fmt_money(value)}"]
        pairs = [(ARPA, per_period), (CHURN_RATE, rate)]
    if gross_margin is not None:
        margin = fraction(GROSS_MARGIN, gross_margin)
        steps.append(f"CLV (gross profit) = {fmt_money(value)} × gross margin {fmt_percent(margin)} = "
                     f"{fmt_money(value * margin)}")
        value *= margin
        pairs.append((GROSS_MARGIN, margin))
    else:
        steps.append("This is lifetime revenue, not profit: add --gross-margin for a profit view")
    return Calculation("clv", recorded(pairs), {"clv": value}, steps)


CAC = Option("cac", Kind.MONEY, "customer acquisition cost", "what it cost to win the customer")
MONTHLY_PROFIT = Option("monthly_profit", Kind.MONEY, "profit per month",
                        "profit the customer brings each month")
MONTHS_RETAINED = Option("months_retained", Kind.MONTHS, "months retained", "months the customer stays")


def cac_payback(cac: float, monthly_profit: float, months_retained: float | None = None) -> Calculation:
    """Months of profit needed to earn back the acquisition cost; leaving earlier leaves a loss."""
    cost, profit = non_negative(CAC, cac), positive(MONTHLY_PROFIT, monthly_profit)
    months = divide(cost, profit, MONTHLY_PROFIT)
    steps = [f"Payback = CAC ÷ profit per month = {fmt_money(cost)} ÷ {fmt_money(profit)} = "
             f"{fmt_number(months)} months"]
    results = {"payback_months": months}
    pairs = [(CAC, cost), (MONTHLY_PROFIT, profit)]
    if months_retained is not None:
        kept = non_negative(MONTHS_RETAINED, months_retained)
        earned = profit * kept
        net = earned - cost
        steps += [f"Profit earned in {fmt_number(kept)} months = {fmt_number(kept)} × {fmt_money(profit)} = "
                  f"{fmt_money(earned)}",
                  f"Net result = profit earned − CAC = {fmt_money(earned)} − {fmt_money(cost)} = "
                  f"{fmt_money(net)}"
                  + (" (a loss)" if net < 0 else "")]
        results["profit_at_months"] = net
        pairs.append((MONTHS_RETAINED, kept))
    return Calculation("cac-payback", recorded(pairs), results, steps)


ONE_OFF_PRICE = Option("one_off_price", Kind.MONEY, "one-off price",
                       "price of a one-off (perpetual) purchase")
ANNUAL_FEE = Option("annual_fee", Kind.MONEY, "subscription fee per year", "subscription fee per year")


def breakeven(one_off_price: float, annual_fee: float) -> Calculation:
    """A subscriber pays as much as a one-off buyer only after renewing for price ÷ fee years."""
    price, fee = non_negative(ONE_OFF_PRICE, one_off_price), positive(ANNUAL_FEE, annual_fee)
    years = divide(price, fee, ANNUAL_FEE)
    steps = [f"Years to match the one-off price = price ÷ yearly fee = {fmt_money(price)} ÷ "
             f"{fmt_money(fee)} = "
             f"{fmt_number(years)} years"]
    inputs = recorded([(ONE_OFF_PRICE, price), (ANNUAL_FEE, fee)])
    return Calculation("breakeven", inputs, {"years": years}, steps)


CALCULATORS = (
    Calculator("mrr-arr", "MRR and ARR", "Monthly and annual recurring revenue, one from the other.", mrr_arr,
               (ARR, MRR), (ResultSpec("mrr", "MRR", Kind.MONEY), ResultSpec("arr", "ARR", Kind.MONEY)),
               (("arr",), ("mrr",))),
    Calculator("clv", "Customer lifetime value (CLV, LTV)",
               "Revenue over a customer's lifetime, from years or from the churn rate.", clv,
               (ANNUAL_REVENUE, LIFETIME_YEARS, ARPA, CHURN_RATE, GROSS_MARGIN),
               (ResultSpec("clv", "CLV", Kind.MONEY),),
               (("annual_revenue", "lifetime_years"), ("arpa", "churn_rate"))),
    Calculator("cac-payback", "CAC payback", "Months to earn back what it cost to win a customer.",
               cac_payback,
               (CAC, MONTHLY_PROFIT, MONTHS_RETAINED),
               (ResultSpec("payback_months", "payback", Kind.MONTHS),
                ResultSpec("profit_at_months", "net result", Kind.MONEY)),
               (("cac", "monthly_profit"),)),
    Calculator("breakeven", "Subscription break-even",
               "Years of subscription until revenue equals a one-off sale.", breakeven,
               (ONE_OFF_PRICE, ANNUAL_FEE), (ResultSpec("years", "years to break even", Kind.YEARS),),
               (("one_off_price", "annual_fee"),)),
)
