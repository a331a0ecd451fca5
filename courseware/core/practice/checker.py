"""Checks a learner's typed answer to a scenario, names a mistake only when it was made, records the answer.

A mistake is named only when the answer equals that mistake's figure to the precision the result is
shown in, and no other candidate (the right answer, another mistake) is as close: a plain slip gets a
plain "not quite" with the worked steps, never a diagnosis it does not deserve. Answers are read by the
strict quantities reader in the scenario's unit, so ``1.5 years`` for a question in months is 18.

Practice answers go into the progress store as attempts of kind ``practice``, with the calculator's
course topic, so they count toward the learner's progress exactly like quiz answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from courseware.core.calculators import TOPICS, Kind
from courseware.core.practice.mistakes import Mistake, wrong_figures
from courseware.core.practice.scenarios import Scenario
from courseware.core.quantities import read_answer
from courseware.core.store import Store

_DISPLAY_PLACES = {Kind.RATE: 1, Kind.CHANGE: 1, Kind.SCORE: 1, Kind.COUNT: 0}
"""Decimals each kind of result is shown with (in the units typed: a rate as a percentage); others 2."""


@dataclass(frozen=True)
class Verdict:
    """Whether the answer was right, the mistake when one was clearly made, and the worked steps."""

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


def display_places(scenario: Scenario) -> int:
    """How many decimals the result is shown with, in the units the learner types."""
    return _DISPLAY_PLACES.get(scenario.spec.kind, 2)


def display_tolerance(scenario: Scenario) -> Fraction:
    """Half a unit of the last decimal the result is shown with: 0.05 for 80.0%, 0.005 for $1.50."""
    return Fraction(1, 2 * 10 ** display_places(scenario))


def close_enough(typed: Fraction, target: Fraction, scenario: Scenario) -> bool:
    """Right: percentages to the tenth of a point, NPS to half a point, money and the rest to 0.1%."""
    gap = abs(typed - target)
    if scenario.unit == "%":
        return gap <= Fraction(51, 1000)
    if scenario.spec.kind is Kind.SCORE:
        return gap <= Fraction(51, 100)
    return gap <= max(abs(target) / 1000, Fraction(11, 1000))


def check_answer(scenario: Scenario, typed_text: str) -> Verdict:
    """Grade ``typed_text``; raises ``AnswerFormatError`` when it is not a number, so the app asks again."""
    typed = Fraction(read_answer(typed_text, scenario.unit or None))
    expected = scenario.expected_exact
    steps = tuple(scenario.calculation.steps)
    correct = close_enough(typed, expected, scenario)
    mistake = None if correct else likely_mistake(scenario, typed)
    return Verdict(correct, float(typed), float(expected), scenario.expected_text, mistake, steps)


def likely_mistake(scenario: Scenario, typed: Fraction) -> Mistake | None:
    """The mistake whose figure ``typed`` equals at display precision, when nothing else is as close."""
    tolerance = display_tolerance(scenario)
    candidates: list[tuple[Mistake | None, Fraction]] = [(None, scenario.expected_exact)]
    candidates += list(wrong_figures(scenario))
    best: tuple[Mistake | None, Fraction] | None = None
    for mistake, figure in candidates:
        gap = abs(typed - figure)
        if best is None or gap < abs(typed - best[1]):
            best = (mistake, figure)
    assert best is not None
    mistake, figure = best
    if mistake is None or abs(typed - figure) > tolerance:
        return None
    ties = [other for other, value in candidates
            if abs(typed - value) == abs(typed - figure) and (other, value) != best]
    return None if any(other != mistake for other in ties) else mistake


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
