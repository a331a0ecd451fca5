"""Checks a learner's typed answer to a scenario, names the likely mistake, and records the answer.

Practice answers go into the progress store as attempts of kind ``practice``, with the calculator's
course topic, so they count toward the learner's progress exactly like quiz answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from courseware.core.calculators import TOPICS
from courseware.core.practice.mistakes import FRACTION_FOR_PERCENT, Mistake, wrong_figures
from courseware.core.practice.scenarios import Scenario
from courseware.core.store import Store
from courseware.core.text import parse_number


@dataclass(frozen=True)
class Verdict:
    """Whether the answer was right, the likely mistake when it was not, and the worked steps."""

    correct: bool
    typed: float
    expected: float
    expected_text: str
    mistake: Mistake | None
    steps: tuple[str, ...]

    @property
    def message(self) -> str:
        if self.correct:
            return f"Right: {self.expected_text}."
        hint = f" {self.mistake.message}" if self.mistake else ""
        return f"Not quite: the answer is {self.expected_text}.{hint}"


def close_enough(typed: float, target: float, scenario: Scenario) -> bool:
    """Percentages to the tenth of a point, NPS to half a point, money and the rest to 0.1%."""
    if scenario.unit == "%":
        return math.isclose(typed, target, abs_tol=0.051)
    if scenario.spec.kind.value == "score":
        return math.isclose(typed, target, abs_tol=0.51)
    return math.isclose(typed, target, rel_tol=0.001, abs_tol=0.011)


def check_answer(scenario: Scenario, typed_text: str) -> Verdict:
    """Grade ``typed_text``; raises ``AnswerFormatError`` when it is not a number, so the app asks again."""
    typed = parse_number(typed_text, scenario.unit if scenario.unit not in {"%", "$"} else None)
    expected = scenario.expected
    steps = tuple(scenario.calculation.steps)
    if close_enough(typed, expected, scenario):
        return Verdict(True, typed, expected, scenario.expected_text, None, steps)
    mistake = likely_mistake(scenario, typed, typed_text)
    return Verdict(False, typed, expected, scenario.expected_text, mistake, steps)


def likely_mistake(scenario: Scenario, typed: float, typed_text: str) -> Mistake | None:
    expected = scenario.expected
    for mistake, figure in wrong_figures(scenario):
        if not close_enough(figure, expected, scenario) and close_enough(typed, figure, scenario):
            return mistake
    fraction = scenario.calculation.results[scenario.result]
    if scenario.unit == "%" and "%" not in typed_text and abs(expected) >= 1 \
            and math.isclose(typed, fraction, abs_tol=0.0051):
        return FRACTION_FOR_PERCENT
    return None


def start_practice(store: Store, calculator: str, seed: int) -> int:
    """Open a practice attempt for one calculator; the seed makes its generated scenarios replayable."""
    return store.attempts.start("practice", calculator, seed=seed)


def record_practice(store: Store, attempt_id: int, scenario: Scenario, typed_text: str,
                    verdict: Verdict) -> None:
    """Store the answer under ``calculator/scenario`` with the calculator's course topic."""
    store.attempts.record_answer(attempt_id, f"{scenario.calculator}/{scenario.key}", typed_text,
                                 correct=verdict.correct, earned=1.0 if verdict.correct else 0.0,
                                 possible=1.0,
                                 topic=TOPICS[scenario.calculator])
