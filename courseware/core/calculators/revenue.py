"""Revenue over time: MRR and ARR, lifetime value, CAC payback, break-even, LTV:CAC and MRR movements."""

from __future__ import annotations

from fractions import Fraction

from courseware.core.calculators.base import (
    Calculation,
    Calculator,
    Kind,
    Option,
    ResultSpec,
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
    fmt_value,
    plural,
    quoted,
    terminates,
)

ARR = Option("arr", Kind.MONEY, "ARR", "annual recurring revenue")
MRR = Option("mrr", Kind.MONEY, "MRR", "monthly recurring revenue")


def mrr_arr(arr: object = None, mrr: object = None) -> Calculation:
    """A year has twelve months, not four: MRR = ARR ÷ 12 and ARR = MRR × 12."""
    if (arr is None) == (mrr is None):
        raise (MRR if arr is not None else ARR).error("give exactly one of --arr and --mrr")
    if arr is not None:
        annual = non_negative(ARR, arr)
        steps = [f"MRR = ARR ÷ 12 = {exact_money(annual)} ÷ 12 = {fmt_money(annual / 12)}",
                 f"Not ARR ÷ 4 = {exact_money(annual)} ÷ 4 = {fmt_money(annual / 4)}, which is a quarter's "
                 "revenue"]
        return Calculation("mrr-arr", recorded([(ARR, annual)]), {"mrr": annual / 12, "arr": annual}, steps)
    monthly = non_negative(MRR, mrr)
    steps = [f"ARR = MRR × 12 = {exact_money(monthly)} × 12 = {fmt_money(monthly * 12)}"]
    return Calculation("mrr-arr", recorded([(MRR, monthly)]), {"mrr": monthly, "arr": monthly * 12}, steps)


ANNUAL_REVENUE = Option("annual_revenue", Kind.MONEY, "revenue per year",
                        "average revenue per customer per year")
LIFETIME_YEARS = Option("lifetime_years", Kind.YEARS, "lifetime in years",
                        "average customer lifetime in years (18 months is 1.5)")
ARPA = Option("arpa", Kind.MONEY, "revenue per account per period",
              "average revenue per account per period (a month unless --period says otherwise)")
CHURN_RATE = Option("churn_rate", Kind.RATE, "churn rate per period",
                    "customers lost per period, the same period as --arpa")
PERIOD = Option("period", Kind.TEXT, "period of the ARPA", "the period of --arpa and --churn-rate: "
                "month (default), quarter or year")
GROSS_MARGIN = Option("gross_margin", Kind.RATE, "gross margin", "share of revenue kept as gross profit")
DISCOUNT_RATE = Option("discount_rate", Kind.RATE, "discount rate per year",
                       "annual discount rate, for the present value of future revenue")
MAX_YEARS = Option("max_years", Kind.YEARS, "lifetime cap in years", "count at most this many years of revenue")
PERIODS_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}


def _operand(value: Fraction, expression: str) -> str:
    """An amount as a step shows it: in full when it terminates, else as the sum that makes it."""
    return exact_money(value) if terminates(value) else expression


def _period(period: object) -> str:
    if period is None:
        return "month"
    if not isinstance(period, str) or period.strip().lower() not in PERIODS_PER_YEAR:
        raise PERIOD.error(f"'{quoted(period)}' is not a period: choose month, quarter or year")
    return period.strip().lower()


def clv(annual_revenue: object = None, lifetime_years: object = None, arpa: object = None,
        churn_rate: object = None, gross_margin: object = None, discount_rate: object = None,
        max_years: object = None, period: object = None) -> Calculation:
    """Lifetime value is revenue per period times the lifetime in the same periods, optionally × margin,
    discounted to today's money and capped at a number of years."""
    if annual_revenue is not None or lifetime_years is not None:
        if period is not None:
            raise PERIOD.error("applies to --arpa and --churn-rate, not to --annual-revenue")
        value, expression, steps, pairs = _clv_from_years(annual_revenue, lifetime_years, discount_rate, max_years)
    else:
        value, expression, steps, pairs = _clv_from_churn(arpa, churn_rate, discount_rate, max_years,
                                                          _period(period))
    if gross_margin is not None:
        margin = fraction(GROSS_MARGIN, gross_margin)
        steps.append(f"CLV (gross profit) = CLV × gross margin = {_operand(value, expression)} × "
                     f"{exact_percent(margin)} = {fmt_money(value * margin)}")
        value *= margin
        pairs.append((GROSS_MARGIN, margin))
    else:
        steps.append("This is lifetime revenue, not profit: add --gross-margin for a profit view")
    return Calculation("clv", recorded(pairs), {"clv": value}, steps)


_Clv = tuple[Fraction, str, list[str], list[tuple[Option, Fraction | None]]]


def _clv_from_years(annual_revenue: object, lifetime_years: object, discount_rate: object,
                    max_years: object) -> _Clv:
    if annual_revenue is None or lifetime_years is None:
        raise (ANNUAL_REVENUE if annual_revenue is None else LIFETIME_YEARS).error("is required")
    revenue, years = non_negative(ANNUAL_REVENUE, annual_revenue), non_negative(LIFETIME_YEARS, lifetime_years)
    pairs: list[tuple[Option, Fraction | None]] = [(ANNUAL_REVENUE, revenue), (LIFETIME_YEARS, years)]
    steps: list[str] = []
    if max_years is not None:
        cap = non_negative(MAX_YEARS, max_years)
        pairs.append((MAX_YEARS, cap))
        if cap < years:
            steps.append(f"Lifetime capped at {plural(cap, 'year')} (the average is {plural(years, 'year')})")
            years = cap
    if discount_rate is None:
        value = revenue * years
        expression = f"{exact_money(revenue)} × {exact_number(years)}"
        steps.append(f"CLV = revenue per year × lifetime in years = {expression} = {fmt_money(value)}")
        return value, expression, steps, pairs
    rate = fraction(DISCOUNT_RATE, discount_rate)
    pairs.append((DISCOUNT_RATE, rate))
    if years.denominator != 1:
        raise DISCOUNT_RATE.error(f"needs a whole number of years of revenue (the lifetime is "
                                  f"{plural(years, 'year')}); give --max-years to count whole years")
    whole = int(years)
    if rate == 0:
        factor = Fraction(whole)
        expression = f"{exact_money(revenue)} × {whole}"
    else:
        factor = (1 - (1 + rate) ** -whole) / rate * (1 + rate)
        shown = exact_percent(rate)
        expression = f"{exact_money(revenue)} × (1 − 1 ÷ (1 + {shown})^{whole}) ÷ {shown} × (1 + {shown})"
    value = revenue * factor
    steps.append(f"Discounted CLV = revenue each year, the first now and each later one ÷ (1 + discount rate) "
                 f"once more = {expression} = {fmt_money(value)}")
    return value, expression, steps, pairs


def _clv_from_churn(arpa: object, churn_rate: object, discount_rate: object, max_years: object,
                    period: str) -> _Clv:
    if arpa is None or churn_rate is None:
        raise (ARPA if arpa is None else CHURN_RATE).error(
            "is required; give --annual-revenue and --lifetime-years, or --arpa and --churn-rate")
    per_period, rate = non_negative(ARPA, arpa), fraction(CHURN_RATE, churn_rate, allow_zero=False)
    pairs: list[tuple[Option, Fraction | None]] = [(ARPA, per_period), (CHURN_RATE, rate)]
    shown_rate = exact_percent(rate)
    steps = [f"Average lifetime = 1 ÷ churn rate = 1 ÷ {shown_rate} = {plural(1 / rate, period)}"]
    per_year = PERIODS_PER_YEAR[period]
    discount = Fraction(0)
    if discount_rate is not None:
        annual = fraction(DISCOUNT_RATE, discount_rate)
        pairs.append((DISCOUNT_RATE, annual))
        discount = annual / per_year
        per_period_shown = exact_percent(annual) if per_year == 1 else f"{exact_percent(annual)} ÷ {per_year}"
        steps.append(f"Discount rate per {period} = annual rate ÷ {per_year} = {per_period_shown} = "
                     f"{fmt_value('rate', discount)}")
    else:
        per_period_shown = ""
    if max_years is not None:
        cap = non_negative(MAX_YEARS, max_years)
        pairs.append((MAX_YEARS, cap))
        periods = cap * per_year
        if periods.denominator != 1:
            raise MAX_YEARS.error(f"{plural(cap, 'year')} is not a whole number of {period}s")
        steps.append(f"{period.capitalize()}s in {plural(cap, 'year')} = {exact_number(cap)} × {per_year} = "
                     f"{plural(periods, period)}")
        kept = f"(100% − {shown_rate})" if not discount else f"(100% − {shown_rate}) ÷ (1 + {per_period_shown})"
        ratio = (1 - rate) / (1 + discount)
        value = per_period * (1 - ratio ** int(periods)) / (1 - ratio)
        expression = (f"{exact_money(per_period)} × (1 − ({kept})^{int(periods)}) ÷ (1 − {kept})" if discount
                      else f"{exact_money(per_period)} × (1 − {kept}^{int(periods)}) ÷ {shown_rate}")
        steps.append(f"CLV over at most {plural(periods, period)} = revenue per {period} × (1 − kept^"
                     f"{period}s) ÷ (1 − kept) = {expression} = {fmt_money(value)}")
    elif discount:
        value = per_period * (1 + discount) / (discount + rate)
        expression = (f"{exact_money(per_period)} × (1 + {per_period_shown}) ÷ ({per_period_shown} + "
                      f"{shown_rate})")
        steps.append(f"Discounted CLV = revenue per {period} × (1 + discount rate) ÷ (discount rate + churn rate) "
                     f"= {expression} = {fmt_money(value)}")
    else:
        value = per_period / rate
        expression = f"{exact_money(per_period)} ÷ {shown_rate}"
        steps.append(f"CLV = revenue per {period} ÷ churn rate = {expression} = {fmt_money(value)}")
    return value, expression, steps, pairs


CAC = Option("cac", Kind.MONEY, "customer acquisition cost", "what it cost to win the customer")
MONTHLY_PROFIT = Option("monthly_profit", Kind.MONEY, "profit per month",
                        "gross profit the customer brings each month")
MONTHLY_REVENUE = Option("monthly_revenue", Kind.MONEY, "revenue per month",
                         "revenue the customer brings each month (with --gross-margin)")
PAYBACK_MARGIN = Option("gross_margin", Kind.RATE, "gross margin",
                        "share of --monthly-revenue kept as gross profit")
MONTHS_RETAINED = Option("months_retained", Kind.MONTHS, "months retained",
                         "how long the customer stays (2 years is 24 months)")


def cac_payback(cac: object, monthly_profit: object = None, months_retained: object = None,
                monthly_revenue: object = None, gross_margin: object = None) -> Calculation:
    """Months of gross profit needed to earn back the acquisition cost; leaving earlier leaves a loss."""
    cost = non_negative(CAC, cac)
    pairs: list[tuple[Option, Fraction | None]] = [(CAC, cost)]
    steps: list[str] = []
    if monthly_revenue is not None:
        if gross_margin is None:
            raise PAYBACK_MARGIN.error("is required with --monthly-revenue")
        revenue, margin = positive(MONTHLY_REVENUE, monthly_revenue), fraction(PAYBACK_MARGIN, gross_margin)
        if margin == 0:
            raise PAYBACK_MARGIN.error("must be more than 0% (with no gross profit the cost is never paid back)")
        profit = revenue * margin
        profit_shown = f"({exact_money(revenue)} × {exact_percent(margin)})"
        steps.append(f"Gross profit per month = revenue × gross margin = {exact_money(revenue)} × "
                     f"{exact_percent(margin)} = {fmt_money(profit)}")
        pairs += [(MONTHLY_REVENUE, revenue), (PAYBACK_MARGIN, margin)]
    else:
        if gross_margin is not None:
            raise PAYBACK_MARGIN.error("applies to --monthly-revenue; --monthly-profit is already after the margin")
        profit = positive(MONTHLY_PROFIT, monthly_profit)
        profit_shown = exact_money(profit)
        pairs.append((MONTHLY_PROFIT, profit))
    months = cost / profit
    steps.append(f"Payback = CAC ÷ profit per month = {exact_money(cost)} ÷ {profit_shown} = "
                 f"{plural(months, 'month')}")
    results = {"payback_months": months}
    if months_retained is not None:
        kept = non_negative(MONTHS_RETAINED, months_retained)
        earned = profit * kept
        earned_shown = _operand(earned, f"{exact_number(kept)} × {profit_shown}")
        net = earned - cost
        steps += [f"Profit earned in {plural(kept, 'month')} = {exact_number(kept)} × {profit_shown} = "
                  f"{fmt_money(earned)}",
                  f"Net result = profit earned − CAC = {earned_shown} − {exact_money(cost)} = {fmt_money(net)}"
                  + (" (a loss)" if net < 0 else "")]
        results["profit_at_months"] = net
        pairs.append((MONTHS_RETAINED, kept))
    return Calculation("cac-payback", recorded(pairs), results, steps)


ONE_OFF_PRICE = Option("one_off_price", Kind.MONEY, "one-off price",
                       "price of a one-off (perpetual) purchase")
ANNUAL_FEE = Option("annual_fee", Kind.MONEY, "subscription fee per year", "subscription fee per year")


def breakeven(one_off_price: object, annual_fee: object) -> Calculation:
    """A subscriber pays as much as a one-off buyer only after renewing for price ÷ fee years."""
    price, fee = non_negative(ONE_OFF_PRICE, one_off_price), positive(ANNUAL_FEE, annual_fee)
    years = price / fee
    steps = [f"Years to match the one-off price = price ÷ yearly fee = {exact_money(price)} ÷ {exact_money(fee)} = "
             f"{plural(years, 'year')}"]
    return Calculation("breakeven", recorded([(ONE_OFF_PRICE, price), (ANNUAL_FEE, fee)]), {"years": years}, steps)


LTV = Option("ltv", Kind.MONEY, "lifetime value", "a customer's lifetime value (LTV, CLV)")
LTV_CAC_COST = Option("cac", Kind.MONEY, "customer acquisition cost", "what it cost to win the customer")


def ltv_cac(ltv: object, cac: object) -> Calculation:
    """LTV ÷ CAC: the usual rule of thumb wants about 3, below 1 every customer loses money."""
    value, cost = non_negative(LTV, ltv), positive(LTV_CAC_COST, cac)
    ratio = value / cost
    verdict = ("below 1: each customer costs more to win than they bring" if ratio < 1 else
               "below the usual 3:1 rule of thumb" if ratio < 3 else
               "at or above the usual 3:1 rule of thumb" if ratio <= 5 else
               "well above 3:1: growth may be under-funded (more could be spent to win customers)")
    steps = [f"LTV:CAC = LTV ÷ CAC = {exact_money(value)} ÷ {exact_money(cost)} = {fmt_value('ratio', ratio)}",
             f"{fmt_number(ratio)}:1 is {verdict}"]
    return Calculation("ltv-cac", recorded([(LTV, value), (LTV_CAC_COST, cost)]), {"ltv_cac": ratio}, steps)


NEW_MRR = Option("new", Kind.MONEY, "new MRR", "MRR from customers won in the period")
GROWN = Option("expansion", Kind.MONEY, "expansion MRR", "MRR added by upsell and cross-sell")
SHRUNK = Option("contraction", Kind.MONEY, "contraction MRR", "MRR lost to downgrades")
LOST = Option("churned", Kind.MONEY, "churned MRR", "MRR of the customers who left")
REACTIVATION = Option("reactivation", Kind.MONEY, "reactivation MRR",
                      "MRR from former customers who came back (default 0)")
START = Option("start_mrr", Kind.MONEY, "starting MRR", "MRR at the start of the period")


def quick_ratio(new: object, expansion: object, contraction: object, churned: object) -> Calculation:
    """MRR gained for each dollar lost: above 4 is the usual mark of efficient growth."""
    won, grown = non_negative(NEW_MRR, new), non_negative(GROWN, expansion)
    shrunk, lost = non_negative(SHRUNK, contraction), non_negative(LOST, churned)
    if shrunk + lost == 0:
        raise LOST.error("contraction and churned are both $0: with nothing lost the ratio has no value")
    ratio = (won + grown) / (shrunk + lost)
    steps = [f"Quick ratio = (new + expansion) ÷ (contraction + churned) = ({exact_money(won)} + "
             f"{exact_money(grown)}) ÷ ({exact_money(shrunk)} + {exact_money(lost)}) = {fmt_value('ratio', ratio)}",
             "Above 4 is usually read as efficient growth; below 1 the recurring revenue is shrinking"]
    inputs = recorded([(NEW_MRR, won), (GROWN, grown), (SHRUNK, shrunk), (LOST, lost)])
    return Calculation("quick-ratio", inputs, {"quick_ratio": ratio}, steps)


def mrr_movements(start_mrr: object, new: object, expansion: object, contraction: object, churned: object,
                  reactivation: object = 0) -> Calculation:
    """Ending MRR is the start plus what was won and grown, minus what shrank and left."""
    start = non_negative(START, start_mrr)
    won, grown, back = non_negative(NEW_MRR, new), non_negative(GROWN, expansion), non_negative(REACTIVATION,
                                                                                                reactivation)
    shrunk, lost = non_negative(SHRUNK, contraction), non_negative(LOST, churned)
    if shrunk + lost > start:
        raise LOST.error(f"contraction {fmt_money(shrunk)} + churned {fmt_money(lost)} is more than the "
                         f"starting MRR of {fmt_money(start)}")
    net = won + grown + back - shrunk - lost
    movements = " + ".join(exact_money(value) for value in (won, grown, back)) + "".join(
        f" − {exact_money(value)}" for value in (shrunk, lost))
    steps = [f"Net new MRR = new + expansion + reactivation − contraction − churned = {movements} = "
             f"{fmt_money(net)}",
             f"Ending MRR = starting MRR + net new MRR = {exact_money(start)} + {movements} = "
             f"{fmt_money(start + net)}"]
    inputs = recorded([(START, start), (NEW_MRR, won), (GROWN, grown), (SHRUNK, shrunk), (LOST, lost),
                       (REACTIVATION, back)])
    return Calculation("mrr-movements", inputs, {"end_mrr": start + net, "net_new_mrr": net}, steps)


CALCULATORS = (
    Calculator("mrr-arr", "MRR and ARR", "Monthly and annual recurring revenue, one from the other.", mrr_arr,
               (ARR, MRR), (ResultSpec("mrr", "MRR", Kind.MONEY), ResultSpec("arr", "ARR", Kind.MONEY)),
               (("arr",), ("mrr",))),
    Calculator("mrr-movements", "MRR movements", "Ending MRR and net new MRR from the period's movements.",
               mrr_movements, (START, NEW_MRR, GROWN, SHRUNK, LOST, REACTIVATION),
               (ResultSpec("end_mrr", "ending MRR", Kind.MONEY), ResultSpec("net_new_mrr", "net new MRR", Kind.MONEY)),
               (("start_mrr", "new", "expansion", "contraction", "churned"),)),
    Calculator("quick-ratio", "SaaS quick ratio", "MRR gained for each dollar of MRR lost.", quick_ratio,
               (NEW_MRR, GROWN, SHRUNK, LOST), (ResultSpec("quick_ratio", "quick ratio", Kind.RATIO),),
               (("new", "expansion", "contraction", "churned"),)),
    Calculator("clv", "Customer lifetime value (CLV, LTV)",
               "Revenue over a customer's lifetime, from years or from the churn rate.", clv,
               (ANNUAL_REVENUE, LIFETIME_YEARS, ARPA, CHURN_RATE, PERIOD, GROSS_MARGIN, DISCOUNT_RATE, MAX_YEARS),
               (ResultSpec("clv", "CLV", Kind.MONEY),),
               (("annual_revenue", "lifetime_years"), ("arpa", "churn_rate"))),
    Calculator("ltv-cac", "LTV:CAC ratio", "Lifetime value for each dollar spent winning the customer.", ltv_cac,
               (LTV, LTV_CAC_COST), (ResultSpec("ltv_cac", "LTV:CAC", Kind.RATIO),), (("ltv", "cac"),)),
    Calculator("cac-payback", "CAC payback", "Months to earn back what it cost to win a customer.",
               cac_payback,
               (CAC, MONTHLY_PROFIT, MONTHLY_REVENUE, PAYBACK_MARGIN, MONTHS_RETAINED),
               (ResultSpec("payback_months", "payback", Kind.MONTHS),
                ResultSpec("profit_at_months", "net result", Kind.MONEY)),
               (("cac", "monthly_profit"), ("cac", "monthly_revenue"))),
    Calculator("breakeven", "Subscription break-even",
               "Years of subscription until revenue equals a one-off sale.", breakeven,
               (ONE_OFF_PRICE, ANNUAL_FEE), (ResultSpec("years", "years to break even", Kind.YEARS),),
               (("one_off_price", "annual_fee"),)),
)
