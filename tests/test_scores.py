"""Scores decided on exact fractions and shown so the display never contradicts the verdict; partial credit."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

import pytest

from courseware.cli.line_mode import print_review
from courseware.core.assessment.grading import Grade, grade
from courseware.core.assessment.presentation import present
from courseware.core.assessment.quiz_session import start_quiz
from courseware.core.assessment.results import Answer, Outcome, Result, percent_text
from courseware.core.course.course import QuestionRef
from courseware.core.model import Matching, MultipleChoice, Ordering, Quiz, TrueFalse
from courseware.core.quantities import UNITS
from courseware.core.store import open_store
from tests.conftest import ROOT
from tests.quiz_helpers import FakeClock

WHEN = datetime(2026, 3, 1, tzinfo=UTC)


def result_of(earned_points: list[tuple[float, float]], pass_mark: float) -> Result:
    """A result over true/false questions worth ``points``, each earning ``earned``."""
    outcomes = []
    for number, (earned, points) in enumerate(earned_points, start=1):
        question = TrueFalse(id=f"q{number}", type="true_false", prompt="P", answer=True, points=points)
        quiz = Quiz(kind="quiz", id="scores", title="Scores", questions=[question])
        shown = present(QuestionRef(quiz, question), random.Random(0), shuffle=False)
        credit = Fraction(str(earned)) / Fraction(str(points))
        outcomes.append(Outcome(number, shown, Answer(True, Grade.of(credit, points), WHEN)))
    return Result(tuple(outcomes), pass_mark)


def test_a_score_just_below_the_pass_mark_fails_and_reads_below_it() -> None:
    result = result_of([(79.6, 100)], 0.8)
    assert not result.passed
    assert result.score_line == "score: 79.6/100 (79.6%) fail"
    assert percent_text(79.96, 100) == "79.96/100 (79.9%)"


def test_exactly_the_pass_mark_passes_whatever_floats_would_say() -> None:
    # 0.1 + 0.7 is 0.7999999999999999 in floats: decided on fractions it is exactly the 80% mark.
    result = result_of([(0.1, 0.5), (0.7, 0.5)], 0.8)
    assert result.passed and result.score_line == "score: 0.8/1 (80%) pass"
    assert not result_of([(7, 10), (0.99, 1)], 0.8).passed


def test_percentages_are_whole_when_whole_and_otherwise_to_one_decimal() -> None:
    assert [percent_text(earned, 7) for earned in (0, 3, 7)] == ["0/7 (0%)", "3/7 (42.9%)", "7/7 (100%)"]
    assert percent_text(2, 6) == "2/6 (33.3%)"


LEVERS = MultipleChoice(id="levers", type="multiple", prompt="Levers?", points=2, choices=[
    {"text": "Upsell", "correct": True}, {"text": "Cross-sell", "correct": True},
    {"text": "Discounting"}, {"text": "Churn"}])
MATCH = Matching(id="match", type="matching", prompt="Match", pairs={"ARR": "annual", "MRR": "monthly", "ATR": "due"})
ORDER = Ordering(id="order", type="ordering", prompt="Order", items=["SDR", "AE", "CSM", "CS ops"])


@pytest.mark.parametrize(("picked", "credit"), [
    ([0, 1], 1), ([0], Fraction(1, 2)), ([0, 2], 0), ([0, 1, 2], Fraction(1, 2)), ([2, 3], 0), ([2], 0)])
def test_multiple_response_right_choices_earn_wrong_ones_cost_never_below_zero(picked: list[int],
                                                                               credit: Fraction) -> None:
    graded = grade(LEVERS, picked, partial=True)
    assert graded.credit == credit and graded.earned == float(2 * credit) and graded.correct == (credit == 1)
    assert grade(LEVERS, picked).credit == (1 if credit == 1 else 0), "without partial credit: all or nothing"


def test_matching_earns_per_pair_and_ordering_per_item_in_its_place() -> None:
    two_of_three = {"ARR": "annual", "MRR": "due", "ATR": "monthly"}
    assert grade(MATCH, two_of_three, partial=True).credit == Fraction(1, 3)
    assert grade(MATCH, {"ARR": "annual", "MRR": "monthly", "ATR": "due"}, partial=True).correct
    assert grade(MATCH, two_of_three).credit == 0
    # Absolute position: SDR and CS ops are in their places, AE and CSM swapped.
    assert grade(ORDER, ["SDR", "CSM", "AE", "CS ops"], partial=True).credit == Fraction(1, 2)
    assert grade(ORDER, ["AE", "CSM", "CS ops", "SDR"], partial=True).credit == 0
    assert grade(ORDER, ["SDR", "CSM", "AE", "CS ops"]).credit == 0


def test_every_unit_a_learner_may_type_is_documented_for_authors() -> None:
    text = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    section = text[text.index("### Units"):text.index("### Partial credit")]
    forms = ("`{}`", "`{}(s)`", "/`{}`")
    missing = [alias for alias in UNITS if not any(form.format(name) in section for form in forms
                                                   for name in (alias, alias.removesuffix("s")))]
    assert missing == []


def test_a_quiz_with_partial_credit_scores_and_reviews_the_share_earned(tmp_path: Path) -> None:
    quiz = Quiz(kind="quiz", id="partial", title="Partial", partial_credit=True, shuffle=False,
                questions=[MATCH, ORDER.model_copy(update={"partial_credit": False}), LEVERS])
    session = start_quiz(open_store(tmp_path), quiz, seed=1, clock=FakeClock())
    by_id = {shown.question.id: index for index, shown in enumerate(session.shown)}
    session.answer(by_id["match"], {"ARR": "annual", "MRR": "due", "ATR": "monthly"})
    session.answer(by_id["order"], ["SDR", "CSM", "AE", "CS ops"])
    session.answer(by_id["levers"], [0])
    result = session.finish()
    assert result.exact_earned == Fraction(1, 3) + 0 + 1 and result.score_line == "score: 1.33333/4 (33.3%) fail"
    out: list[str] = []
    print_review(result, out.append)
    assert "[partly right, 0.333333 of 1 points] Match" in "\n".join(out)
    assert "[wrong] Order" in "\n".join(out) and "[partly right, 1 of 2 points] Levers?" in "\n".join(out)
