"""Practice mode: right and wrong answers, each named mistake recognised, steps shown, answers stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.core.calculators import CALCULATORS, TOPICS
from courseware.core.errors import AnswerFormatError
from courseware.core.practice import (
    COURSE_EXAMPLES,
    PracticeDeck,
    Scenario,
    check_answer,
    record_practice,
    start_practice,
)
from courseware.core.store import open_store


def example(calculator: str, key: str) -> Scenario:
    return next(s for s in COURSE_EXAMPLES[calculator] if s.key == key)


def generated(calculator: str, inputs: dict[str, object], result: str) -> Scenario:
    return Scenario("test", calculator, inputs, result, "?", "generated")


@pytest.mark.parametrize(("scenario", "typed", "mistake"), [
    (example("retention", "course-110-percent"), "110%", "new-customers-counted"),
    (example("retention", "course-110-percent"), "20", "churn-for-retention"),
    (example("retention", "course-110-percent-churn"), "-10", "new-customers-counted"),
    (example("churn", "course-100-80-churn"), "80%", "retention-for-churn"),
    (example("churn", "course-100-80"), "0.8", "fraction-for-percentage"),
    (example("revenue-retention", "course-grr"), "105", "expansion-in-grr"),
    (example("revenue-retention", "course-nrr"), "85%", "expansion-left-out"),
    (example("annual-churn", "course-2-percent"), "24%", "churn-times-twelve"),
    (example("clv", "course-200-a-month"), "$1,200", "monthly-revenue-times-years"),
    (example("clv", "course-ltv-500"), "25000", "margin-left-out"),
    (generated("clv", {"arpa": 500, "churn_rate": 0.02}, "clv"), "2083.33", "monthly-revenue-times-years"),
    (example("mrr-arr", "course-arr-120000"), "$30,000", "divided-by-four"),
    (example("mrr-arr", "course-mrr-2500"), "10000", "multiplied-by-four"),
    (example("nps", "course-200-answers"), "55", "promoters-only"),
    (example("nps", "course-200-answers"), "10", "passives-subtracted"),
    (example("nps", "course-200-answers"), "60", "passives-as-promoters"),
    (example("renewal", "course-2000-2500-rate"), "125%", "level-in-rate"),
    (example("cac-payback", "course-18-month-12"), "$12", "cac-not-subtracted"),
    (example("breakeven", "course-office"), "0.2", "division-inverted"),
])
def test_each_named_mistake_is_recognised_and_steps_shown(scenario: Scenario, typed: str,
                                                         mistake: str) -> None:
    verdict = check_answer(scenario, typed)
    assert not verdict.correct
    assert verdict.mistake is not None and verdict.mistake.id == mistake
    assert verdict.mistake.message in verdict.message
    assert verdict.steps == tuple(scenario.calculation.steps) and verdict.steps


@pytest.mark.parametrize(("calculator", "key", "typed"), [
    ("retention", "course-110-percent", "80%"),
    ("retention", "course-110-percent", "80"),
    ("churn", "course-100-80-churn", "20.0 %"),
    ("renewal", "course-2000-2500-level", "25"),
    ("renewal", "course-2000-2500-rate", "100"),
    ("annual-churn", "course-2-percent", "21.5"),
    ("revenue-retention", "course-grr", "85"),
    ("revenue-retention", "course-nrr", "105%"),
    ("mrr-arr", "course-arr-120000", "$10,000"),
    ("clv", "course-2400-6-years", "14400"),
    ("clv", "course-ltv-500", "$20,000"),
    ("cac-payback", "course-18-payback", "18 months"),
    ("cac-payback", "course-18-month-12", "−$6"),
    ("breakeven", "course-office", "5"),
    ("nps", "course-200-answers", "35"),
    ("csat", "course-250-ratings", "80%"),
])
def test_the_course_figures_are_right(calculator: str, key: str, typed: str) -> None:
    verdict = check_answer(example(calculator, key), typed)
    assert verdict.correct and verdict.mistake is None
    assert verdict.message.startswith("Right:")


def test_a_wrong_answer_without_a_known_mistake_still_gets_the_steps() -> None:
    verdict = check_answer(example("retention", "course-110-percent"), "55")
    assert not verdict.correct and verdict.mistake is None
    assert verdict.message == "Not quite: the answer is 80.0%."
    assert "Customers kept = end − new = 110 − 30 = 80" in verdict.steps


def test_text_is_not_an_answer() -> None:
    with pytest.raises(AnswerFormatError):
        check_answer(example("retention", "course-110-percent"), "eighty")


def test_decks_start_with_the_course_examples_then_replayable_generated_numbers() -> None:
    for name in CALCULATORS:
        deck = PracticeDeck(name, seed=42)
        assert [deck.scenario(i) for i in range(len(deck.examples))] == list(deck.examples)
        for index in range(len(deck.examples), len(deck.examples) + 30):
            scenario = deck.scenario(index)
            assert scenario.source == "generated"
            assert scenario == PracticeDeck(name, seed=42).scenario(index)
            assert check_answer(scenario, f"{scenario.expected:.6f}").correct


def test_a_practice_answer_lands_in_the_store(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    scenario = example("retention", "course-110-percent")
    attempt = start_practice(store, "retention", seed=3)
    record_practice(store, attempt, scenario, "110%", check_answer(scenario, "110%"))
    store.close()
    reopened = open_store(tmp_path)
    [answer] = reopened.attempts.answers(attempt)
    assert answer.question_key == "retention/course-110-percent"
    assert answer.topic == TOPICS["retention"] == "retention"
    assert answer.response == "110%" and not answer.correct and answer.possible == 1
    assert reopened.attempts.get(attempt).kind == "practice"  # type: ignore[union-attr]


def test_every_calculator_has_a_topic() -> None:
    assert set(TOPICS) == set(CALCULATORS)
