"""Practice names a mistake only when it was made: over 10,000 generated scenarios, and in the issue's cases."""

from __future__ import annotations

import random
from collections import Counter
from fractions import Fraction

import pytest

from courseware.core.calculators import CALCULATORS
from courseware.core.calculators.formatting import rounded
from courseware.core.practice import COURSE_EXAMPLES, PracticeDeck, Scenario, check_answer
from courseware.core.practice.checker import display_places, display_tolerance
from courseware.core.practice.mistakes import ALL_MISTAKES, wrong_figures

SCENARIOS = 10_000


def typed(value: Fraction, scenario: Scenario) -> str:
    """A figure as a learner would type it: rounded to the decimals the result is shown with."""
    return f"{rounded(value, display_places(scenario))}"


def generated_scenarios() -> list[Scenario]:
    names = sorted(CALCULATORS)
    scenarios = []
    for index in range(SCENARIOS):
        name = names[index % len(names)]
        deck = PracticeDeck(name, seed=index // len(names))
        scenarios.append(deck.scenario(len(deck.examples) + index % 7))
    return scenarios


def test_a_diagnosis_is_only_ever_the_mistake_actually_made() -> None:
    rng = random.Random(15)
    named: Counter[str] = Counter()
    for scenario in generated_scenarios():
        tolerance = display_tolerance(scenario)
        right = check_answer(scenario, typed(scenario.expected_exact, scenario))
        assert right.correct and right.mistake is None, scenario
        figures = list(wrong_figures(scenario))
        answers = [figure for _, figure in figures]
        unit = Fraction(1, 10 ** display_places(scenario))
        answers += [scenario.expected_exact + step for step in (1, -1, 5, unit, Fraction(rng.uniform(-20, 20)))]
        for answer in answers:
            text = typed(Fraction(answer), scenario)
            verdict = check_answer(scenario, text)
            if verdict.mistake is None:
                continue
            value = Fraction(text)
            assert not verdict.correct
            own = [figure for mistake, figure in figures if mistake == verdict.mistake]
            assert any(abs(value - figure) <= tolerance for figure in own), (scenario, text, verdict.mistake)
            closest = min(abs(value - figure) for figure in own)
            others = [figure for mistake, figure in figures if mistake != verdict.mistake]
            assert all(abs(value - figure) > closest for figure in [*others, scenario.expected_exact])
            named[verdict.mistake.id] += 1
    only_in_the_course_examples = {"level-in-rate"}
    assert {mistake.id for mistake in ALL_MISTAKES} - only_in_the_course_examples <= set(named)


def example(calculator: str, key: str) -> Scenario:
    return next(s for s in COURSE_EXAMPLES[calculator] if s.key == key)


def scenario(calculator: str, inputs: dict[str, object], result: str) -> Scenario:
    return Scenario("test", calculator, inputs, result, "?", "generated")


CSAT = example("csat", "course-250-ratings")
GRR_99 = scenario("revenue-retention", {"start_mrr": 100_000, "expansion": 0, "contraction": 500, "churned": 500},
                  "grr")


@pytest.mark.parametrize(("case", "answer", "mistake"), [
    (CSAT, "60%", "csat-fives-only"),
    (CSAT, "4.29", "csat-average-score"),
    (CSAT, "85.8", "csat-average-score"),
    (CSAT, "92%", "neutral-as-satisfied"),
    (example("renewal", "course-2000-2500-level"), "125%", "level-as-ratio"),
    (example("annual-churn", "course-2-percent"), "78.5%", "annual-retention-for-churn"),
    (example("nps", "course-200-answers"), "0.35", "nps-as-fraction"),
    (GRR_99, "0.99", "fraction-for-percentage"),
    (scenario("monthly-churn", {"annual_churn": 0.4}, "monthly_churn_rate"), "3.3", "annual-divided-by-twelve"),
    (scenario("quick-ratio", {"new": 500, "expansion": 300, "contraction": 100, "churned": 100}, "quick_ratio"),
     "0.25", "division-inverted"),
    (scenario("health-score", {"signal": ["usage=80:50", "support=40:25", "nps=60:25"]}, "score"), "60",
     "unweighted-average"),
])
def test_the_new_mistakes_are_named(case: Scenario, answer: str, mistake: str) -> None:
    verdict = check_answer(case, answer)
    assert not verdict.correct and verdict.mistake is not None and verdict.mistake.id == mistake


def test_grr_typed_as_a_fraction_is_not_called_the_churn_rate() -> None:
    verdict = check_answer(GRR_99, "0.99")
    assert verdict.mistake is not None and verdict.mistake.id != "churn-for-retention"


def test_an_nps_one_point_off_is_a_plain_slip() -> None:
    few_passives = scenario("nps", {"promoters": 600, "passives": 1, "detractors": 600}, "nps")
    for answer in ("1", "-1", "2"):
        verdict = check_answer(few_passives, answer)
        assert not verdict.correct and verdict.mistake is None
        assert verdict.message == "Not quite: the answer is 0." and verdict.steps


def test_an_answer_in_another_unit_is_converted_first() -> None:
    payback = example("cac-payback", "course-18-payback")
    assert check_answer(payback, "1.5 years").correct
    assert check_answer(payback, "18").correct
    assert not check_answer(payback, "2 years").correct
