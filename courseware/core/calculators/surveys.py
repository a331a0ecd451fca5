"""Survey scores and account health: Net Promoter Score, customer satisfaction (CSAT) and health scores."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from courseware.core.calculators.base import (
    Calculation,
    Calculator,
    CalculatorInputError,
    Kind,
    Option,
    ResultSpec,
    count,
    number,
    recorded,
)
from courseware.core.calculators.formatting import exact_number, fmt_number, fmt_percent, plural, quoted, rounded
from courseware.core.quantities import QuantityError, read_percent

PROMOTERS = Option("promoters", Kind.COUNT, "promoters", "respondents who gave 9 or 10")
PASSIVES = Option("passives", Kind.COUNT, "passives", "respondents who gave 7 or 8")
DETRACTORS = Option("detractors", Kind.COUNT, "detractors", "respondents who gave 0 to 6")
SCORES = Option("scores", Kind.SCORES, "scores", "every answer from 0 to 10, separated by commas")


def nps(promoters: object = None, passives: object = None, detractors: object = None,
        scores: object = None) -> Calculation:
    """% promoters (9–10) minus % detractors (0–6); passives count in the total but in neither share."""
    steps: list[str] = []
    inputs: dict[str, object]
    if scores is not None:
        if promoters is not None or passives is not None or detractors is not None:
            raise SCORES.error("cannot be combined with --promoters, --passives or --detractors")
        counted = _tally(scores)
        yes, middle, no = (Fraction(counted.count(group)) for group in (2, 1, 0))
        steps.append(f"From {plural(len(counted), 'score')}: {plural(yes, 'promoter')} (9–10), "
                     f"{plural(middle, 'passive')} (7–8), {plural(no, 'detractor')} (0–6)")
        inputs = {"scores": [int(score) for score in counted_scores(scores)]}
    else:
        for option, value in ((PROMOTERS, promoters), (PASSIVES, passives), (DETRACTORS, detractors)):
            if value is None:
                raise option.error("is required; give --promoters, --passives and --detractors, or --scores")
        yes, middle, no = count(PROMOTERS, promoters), count(PASSIVES, passives), count(DETRACTORS, detractors)
        inputs = dict(recorded([(PROMOTERS, yes), (PASSIVES, middle), (DETRACTORS, no)]))
    total = yes + middle + no
    if total == 0:
        raise (SCORES if scores is not None else PROMOTERS).error("there are no responses to score")
    score = (yes - no) / total * 100
    shown = [fmt_number(value) for value in (yes, middle, no, total)]
    steps += [
        f"Responses = promoters + passives + detractors = {shown[0]} + {shown[1]} + {shown[2]} = {shown[3]}",
        f"% promoters = promoters ÷ responses = {shown[0]} ÷ {shown[3]} = {fmt_percent(yes / total)}",
        f"% passives = passives ÷ responses = {shown[1]} ÷ {shown[3]} = {fmt_percent(middle / total)}",
        f"% detractors = detractors ÷ responses = {shown[2]} ÷ {shown[3]} = {fmt_percent(no / total)}",
        f"NPS = (promoters − detractors) ÷ responses × 100 = ({shown[0]} − {shown[2]}) ÷ {shown[3]} × 100 = "
        f"{fmt_number(score, 1)}",
        "Passives count only in the total; NPS runs from −100 to 100 and is a score, not a percentage",
    ]
    return Calculation("nps", inputs, {"nps": score, "promoters": yes / total, "passives": middle / total,
                                       "detractors": no / total}, steps)


def counted_scores(scores: object) -> list[Fraction]:
    """The scores as exact numbers, each a whole number from 0 to 10."""
    if isinstance(scores, str | bytes) or not isinstance(scores, Sequence):
        raise SCORES.error(f"'{quoted(scores)}' is not a list of scores: give them as a list, e.g. [0, 7, 10]")
    if len(scores) == 0:
        raise SCORES.error("give at least one score")
    values = []
    for score in scores:
        try:
            value = number(SCORES, score)
        except CalculatorInputError:  # the score's own wording is clearer than the number check's
            value = Fraction(-1)
        if value.denominator != 1 or not 0 <= value <= 10:
            raise SCORES.error(f"'{quoted(score)}' is not a whole number from 0 to 10")
        values.append(value)
    return values


def _tally(scores: object) -> list[int]:
    """Each score as 2 (promoter), 1 (passive) or 0 (detractor)."""
    return [2 if score >= 9 else 1 if score >= 7 else 0 for score in counted_scores(scores)]


SATISFIED = Option("satisfied", Kind.COUNT, "satisfied responses", "responses of 4 or 5 on a 1–5 scale")
RESPONSES = Option("responses", Kind.COUNT, "responses", "all responses")
RATINGS = tuple(Option(name, Kind.COUNT, f"responses of {score}", f"responses that gave {score} of 5")
                for score, name in ((5, "fives"), (4, "fours"), (3, "threes"), (2, "twos"), (1, "ones")))


def csat(satisfied: object = None, responses: object = None, fives: object = None, fours: object = None,
         threes: object = None, twos: object = None, ones: object = None) -> Calculation:
    """CSAT is the share of satisfied answers (4 or 5 of 5), not the average score."""
    ratings = (fives, fours, threes, twos, ones)
    if satisfied is None and responses is None:
        counts = [count(option, value) for option, value in zip(RATINGS, ratings, strict=True)]
        yes, total = counts[0] + counts[1], sum(counts, Fraction(0))
        if total == 0:
            raise RATINGS[0].error("there are no responses to score")
        shown = [fmt_number(value) for value in counts]
        average = sum((score * value for score, value in zip((5, 4, 3, 2, 1), counts, strict=True)),
                      Fraction(0)) / total
        steps = [f"Responses = {' + '.join(shown)} = {fmt_number(total)}",
                 f"Satisfied = fives + fours = {shown[0]} + {shown[1]} = {fmt_number(yes)}"]
        inputs = recorded(list(zip(RATINGS, counts, strict=True)))
        results = {"csat": yes / total, "average_score": average}
        tail = [f"Average score = (5 × {shown[0]} + 4 × {shown[1]} + 3 × {shown[2]} + 2 × {shown[3]} + "
                f"1 × {shown[4]}) ÷ {fmt_number(total)} = {fmt_number(average)}, a different measure: CSAT "
                "counts the satisfied"]
    else:
        if any(value is not None for value in ratings):
            raise SATISFIED.error("cannot be combined with --fives … --ones; give one or the other")
        if satisfied is None or responses is None:
            raise (SATISFIED if satisfied is None else RESPONSES).error("is required")
        yes, total = count(SATISFIED, satisfied), count(RESPONSES, responses, at_least_one=True)
        if yes > total:
            raise SATISFIED.error(f"{fmt_number(yes)} satisfied is more than the {plural(total, 'response')}")
        steps, tail = [], []
        inputs = recorded([(SATISFIED, yes), (RESPONSES, total)])
        results = {"csat": yes / total}
    steps.append(f"CSAT = satisfied (4 or 5) ÷ responses = {fmt_number(yes)} ÷ {fmt_number(total)} = "
                 f"{fmt_percent(yes / total)}")
    return Calculation("csat", inputs, results, steps + tail)


SIGNALS = Option("signal", Kind.SIGNALS, "signals",
                 "one signal as NAME=VALUE:WEIGHT, value 0-100 (repeat --signal for each)")
_NAME = re.compile(r"[A-Za-z][\w-]{0,39}")
BANDS = ((Fraction(70), "green"), (Fraction(40), "yellow"), (Fraction(0), "red"))
"""Score bands as customer success platforms colour them: green from 70, yellow from 40, red below."""


def _signal(item: object) -> tuple[str, Fraction, Fraction]:
    if isinstance(item, tuple) and len(item) == 3:
        name, value, weight = item
        return str(name), number(SIGNALS, value), number(SIGNALS, weight)
    text = str(item).strip()
    name, equals, rest = text.partition("=")
    value_text, colon, weight_text = rest.rpartition(":")
    if not equals or not colon or not _NAME.fullmatch(name.strip()):
        raise SIGNALS.error(f"'{quoted(text, 40)}' is not NAME=VALUE:WEIGHT (e.g. usage=80:40)")
    try:
        value = read_percent(value_text, allow_fraction_below_one=True)
        weight = read_percent(weight_text, allow_fraction_below_one=True)
    except QuantityError as error:
        raise SIGNALS.error(f"{name.strip()}: {error}") from None
    return name.strip(), Fraction(value), Fraction(weight)


def health_score(signal: object) -> Calculation:
    """The weighted average of signals scored 0–100, and its band: weights say how much each one counts."""
    items = [signal] if isinstance(signal, str) else signal
    if not isinstance(items, Sequence) or not items:
        raise SIGNALS.error("give at least one signal as NAME=VALUE:WEIGHT")
    signals = [_signal(item) for item in items]
    names = [name for name, _, _ in signals]
    for name, value, weight in signals:
        if names.count(name) > 1:
            raise SIGNALS.error(f"'{name}' is given more than once")
        if not 0 <= value <= 100:
            raise SIGNALS.error(f"{name}: {fmt_number(value)} is outside 0 to 100")
        if weight < 0:
            raise SIGNALS.error(f"{name}: the weight cannot be negative")
    total = sum((weight for _, _, weight in signals), Fraction(0))
    if total == 0:
        raise SIGNALS.error("the weights add up to 0: give at least one a weight above 0")
    score = sum((value * weight for _, value, weight in signals), Fraction(0)) / total
    products = " + ".join(f"{exact_number(value)} × {exact_number(weight)}" for _, value, weight in signals)
    weights = " + ".join(exact_number(weight) for _, _, weight in signals)
    shown = rounded(score, 1)
    band = next(name for floor, name in BANDS if shown >= floor)
    steps = [f"Health score = sum of value × weight ÷ sum of weights = ({products}) ÷ ({weights}) = "
             f"{fmt_number(score, 1)}",
             f"Band: {fmt_number(score, 1)} is {band} (green from 70, yellow from 40, red below 40)"]
    inputs = {"signal": [f"{name}={exact_number(value)}:{exact_number(weight)}" for name, value, weight in signals]}
    return Calculation("health-score", inputs, {"score": score}, steps, words={"band": band})


CALCULATORS = (
    Calculator("nps", "Net Promoter Score (NPS)", "% promoters minus % detractors, from −100 to 100.", nps,
               (PROMOTERS, PASSIVES, DETRACTORS, SCORES),
               (ResultSpec("nps", "NPS", Kind.SCORE), ResultSpec("promoters", "promoters", Kind.RATE),
                ResultSpec("passives", "passives", Kind.RATE),
                ResultSpec("detractors", "detractors", Kind.RATE)),
               (("promoters", "passives", "detractors"), ("scores",))),
    Calculator("csat", "Customer satisfaction (CSAT)", "Share of responses that are 4 or 5 on a 1–5 scale.",
               csat, (SATISFIED, RESPONSES, *RATINGS),
               (ResultSpec("csat", "CSAT", Kind.RATE), ResultSpec("average_score", "average score", Kind.AMOUNT)),
               (("satisfied", "responses"), tuple(option.name for option in RATINGS))),
    Calculator("health-score", "Customer health score", "Weighted signals scored 0–100, and the band they give.",
               health_score, (SIGNALS,),
               (ResultSpec("score", "health score", Kind.SCORE), ResultSpec("band", "band", Kind.TEXT)),
               (("signal",),)),
)
