"""Survey scores: Net Promoter Score and customer satisfaction (CSAT)."""

from __future__ import annotations

from collections.abc import Sequence

from courseware.core.calculators.base import (
    Calculation,
    Calculator,
    Kind,
    Option,
    ResultSpec,
    divide,
    non_negative,
    positive,
    recorded,
)
from courseware.core.calculators.formatting import fmt_number, fmt_percent

PROMOTERS = Option("promoters", Kind.COUNT, "promoters", "respondents who gave 9 or 10")
PASSIVES = Option("passives", Kind.COUNT, "passives", "respondents who gave 7 or 8")
DETRACTORS = Option("detractors", Kind.COUNT, "detractors", "respondents who gave 0 to 6")
SCORES = Option("scores", Kind.SCORES, "scores", "every answer from 0 to 10, separated by commas")


def nps(promoters: float | None = None, passives: float | None = None, detractors: float | None = None,
        scores: Sequence[int] | None = None) -> Calculation:
    """% promoters (9–10) minus % detractors (0–6); passives count in the total but in neither share."""
    steps: list[str] = []
    if scores is not None:
        if promoters is not None or passives is not None or detractors is not None:
            raise SCORES.error("cannot be combined with --promoters, --passives or --detractors")
        counted = _tally(scores)
        steps.append(f"From {len(counted)} scores: {counted.count(2)} promoters (9–10), "
                     f"{counted.count(1)} passive(s) "
                     f"(7–8), {counted.count(0)} detractor(s) (0–6)")
        yes, middle, no = float(counted.count(2)), float(counted.count(1)), float(counted.count(0))
        pairs: list[tuple[Option, float | None]] = []
        inputs: dict[str, object] = {"scores": list(scores)}
    else:
        for option, value in ((PROMOTERS, promoters), (PASSIVES, passives), (DETRACTORS, detractors)):
            if value is None:
                raise option.error("is required; give --promoters, --passives and --detractors, or --scores")
        yes, middle, no = (non_negative(PROMOTERS, promoters), non_negative(PASSIVES, passives),
                           non_negative(DETRACTORS, detractors))
        pairs = [(PROMOTERS, yes), (PASSIVES, middle), (DETRACTORS, no)]
        inputs = dict(recorded(pairs))
    total = yes + middle + no
    if total == 0:
        raise (SCORES if scores is not None else PROMOTERS).error("there are no responses to score")
    share_yes, share_middle, share_no = (divide(yes, total, PROMOTERS), divide(middle, total, PASSIVES),
                                         divide(no, total, DETRACTORS))
    score = (share_yes - share_no) * 100
    # Shown to one decimal unless rounding the shares would make the subtraction look wrong.
    places = 1 if round(round(share_yes * 100, 1) - round(share_no * 100, 1), 1) == round(score, 1) else 2
    steps += [
        f"Responses = promoters + passives + detractors = {fmt_number(yes)} + {fmt_number(middle)} + "
        f"{fmt_number(no)} = {fmt_number(total)}",
        f"% promoters = {fmt_number(yes)} ÷ {fmt_number(total)} = {fmt_percent(share_yes)}",
        f"% detractors = {fmt_number(no)} ÷ {fmt_number(total)} = {fmt_percent(share_no)}",
        f"NPS = % promoters − % detractors = {fmt_number(share_yes * 100, places)} − "
        f"{fmt_number(share_no * 100, places)} = "
        f"{fmt_number(score, places)} (passives count only in the total)",
    ]
    return Calculation("nps", inputs, {"nps": score, "promoters": share_yes, "passives": share_middle,
                                       "detractors": share_no}, steps)


def _tally(scores: Sequence[int]) -> list[int]:
    """Each score as 2 (promoter), 1 (passive) or 0 (detractor), checking it is a whole number 0–10."""
    if len(scores) == 0:
        raise SCORES.error("give at least one score")
    tally = []
    for score in scores:
        if isinstance(score, bool) or not isinstance(score, int | float) or score != score or \
                not float(score).is_integer() or not 0 <= score <= 10:
            raise SCORES.error(f"'{score}' is not a whole number from 0 to 10")
        tally.append(2 if score >= 9 else 1 if score >= 7 else 0)
    return tally


SATISFIED = Option("satisfied", Kind.COUNT, "satisfied responses", "responses of 4 or 5 on a 1–5 scale")
RESPONSES = Option("responses", Kind.COUNT, "responses", "all responses")


def csat(satisfied: float, responses: float) -> Calculation:
    """CSAT is the share of satisfied answers (4 or 5 of 5), not the average score."""
    yes, total = non_negative(SATISFIED, satisfied), positive(RESPONSES, responses)
    if yes > total:
        raise SATISFIED.error(f"{fmt_number(yes)} satisfied is more than the {fmt_number(total)} responses")
    rate = divide(yes, total, RESPONSES)
    steps = [f"CSAT = satisfied (4 or 5) ÷ responses = {fmt_number(yes)} ÷ {fmt_number(total)} = "
             f"{fmt_percent(rate)}"]
    return Calculation("csat", recorded([(SATISFIED, yes), (RESPONSES, total)]), {"csat": rate}, steps)


CALCULATORS = (
    Calculator("nps", "Net Promoter Score (NPS)", "% promoters minus % detractors, from −100 to 100.", nps,
               (PROMOTERS, PASSIVES, DETRACTORS, SCORES),
               (ResultSpec("nps", "NPS", Kind.SCORE), ResultSpec("promoters", "promoters", Kind.RATE),
                ResultSpec("passives", "passives", Kind.RATE),
                ResultSpec("detractors", "detractors", Kind.RATE)),
               (("promoters", "passives", "detractors"), ("scores",))),
    Calculator("csat", "Customer satisfaction (CSAT)", "Share of responses that are 4 or 5 on a 1–5 scale.",
               csat, (SATISFIED, RESPONSES), (ResultSpec("csat", "CSAT", Kind.RATE),),
               (("satisfied", "responses"),)),
)
