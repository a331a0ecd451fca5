"""Answer checking: lenient where a person would be, strict about what is right."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courseware.core.assessment.grading import correct_answer_text, grade
from courseware.core.course.loader import load_course
from courseware.core.errors import AnswerFormatError
from courseware.core.model import Numeric, ShortAnswer
from courseware.core.text import normalise_text, parse_number
from tests.conftest import MINI_COURSE

QUIZ = load_course(MINI_COURSE).quizzes["retention-quiz"]
QUESTIONS = {question.id: question for question in QUIZ.questions}


@pytest.mark.parametrize("typed", ["Annual Recurring Revenue", "  annual recurring revenue. ",
                                   "the annual-recurring revenue!"])
def test_short_answers_ignore_case_space_punctuation_and_articles(typed: str) -> None:
    assert grade(QUESTIONS["term"], typed).correct


def test_short_answer_wrong_and_empty() -> None:
    assert not grade(QUESTIONS["term"], "monthly recurring revenue").correct
    with pytest.raises(AnswerFormatError):
        grade(QUESTIONS["term"], "   ")
    assert not grade(QUESTIONS["term"], "  ?! ").correct


@pytest.mark.parametrize(("accepted", "typed", "wrong"), [
    ("A", "a", "the"), ("The The", "the the.", "the"), ("An", "AN", "a"), ("?", " ? ", "!"),
    ("the A team", "A-Team", "B team")])
def test_an_accepted_answer_made_of_articles_or_punctuation_can_be_given(accepted: str, typed: str,
                                                                        wrong: str) -> None:
    question = ShortAnswer(id="q", type="short", prompt="Which?", answers=[accepted])
    assert grade(question, accepted).correct and grade(question, typed).correct
    assert not grade(question, wrong).correct


def test_any_listed_short_answer_is_accepted() -> None:
    question = ShortAnswer(id="q", type="short", prompt="Name it", answers=["ARR", "annual recurring revenue"])
    assert grade(question, "arr").correct and grade(question, "Annual recurring revenue").correct


@pytest.mark.parametrize("typed", ["18", "18 months", " 18.0 ", "18months", "1.5 years", "1.5 yrs"])
def test_numeric_reads_its_unit_and_converts_one_of_the_same_dimension(typed: str) -> None:
    assert grade(QUESTIONS["payback"], typed).correct


@pytest.mark.parametrize("typed", ["18 years", "18 days", "2 years"])
def test_numeric_in_another_unit_of_the_same_dimension_is_a_different_value(typed: str) -> None:
    assert not grade(QUESTIONS["payback"], typed).correct


@pytest.mark.parametrize("typed", ["$18", "18%", "18 customers", "18 kg"])
def test_numeric_in_a_unit_of_another_dimension_is_refused_naming_the_expected_unit(typed: str) -> None:
    with pytest.raises(AnswerFormatError, match="months"):
        grade(QUESTIONS["payback"], typed)


def test_numeric_tolerance_separators_and_percent() -> None:
    question = Numeric(id="q", type="numeric", prompt="?", answer=1200, tolerance=0.5, unit="$")
    assert grade(question, "1,200").correct and grade(question, "$1,200.4").correct
    assert not grade(question, "1,201").correct
    percent = Numeric(id="p", type="numeric", prompt="?", answer=80, unit="%")
    assert grade(percent, "80%").correct and not grade(percent, "20%").correct
    with pytest.raises(AnswerFormatError):
        grade(percent, "eighty")


def test_single_choice_gives_the_chosen_wrong_choices_feedback() -> None:
    question = QUESTIONS["renewal-rate"]
    assert grade(question, 0).correct
    wrong = grade(question, 2)
    assert not wrong.correct and wrong.earned == 0
    assert wrong.feedback == ("New customers never count towards retention.",)
    with pytest.raises(AnswerFormatError):
        grade(question, 3)


def test_multiple_choice_needs_exactly_the_right_set() -> None:
    question = QUESTIONS["levers"]
    assert grade(question, [1, 0]).correct
    assert not grade(question, [0]).correct
    assert not grade(question, [0, 1, 2]).correct


def test_true_false_matching_and_ordering() -> None:
    assert grade(QUESTIONS["tf"], True).correct and not grade(QUESTIONS["tf"], False).correct
    pairs = {"ARR": "Annual recurring revenue", "MRR": "Monthly recurring revenue", "ATR": "Available to renew"}
    assert grade(QUESTIONS["match"], pairs).correct
    assert not grade(QUESTIONS["match"], {**pairs, "ARR": "Monthly recurring revenue"}).correct
    assert grade(QUESTIONS["order"], ["SDR", "AE", "CSM"]).correct
    assert not grade(QUESTIONS["order"], ["AE", "SDR", "CSM"]).correct
    with pytest.raises(AnswerFormatError):
        grade(QUESTIONS["order"], ["SDR", "AE"])


def test_correct_answer_text() -> None:
    assert correct_answer_text(QUESTIONS["renewal-rate"]) == "80%"
    assert correct_answer_text(QUESTIONS["payback"]) == "18 months"
    assert correct_answer_text(QUESTIONS["order"]) == "SDR → AE → CSM"


@given(st.text())
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise_text(normalise_text(text)) == normalise_text(text)


@given(st.text(max_size=30))
def test_parse_number_only_raises_its_own_error(text: str) -> None:
    try:
        parse_number(text, "months")
    except AnswerFormatError:
        pass


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_parse_number_reads_what_it_prints(value: float) -> None:
    assert parse_number(f"{value:,.6f}") == pytest.approx(value, abs=1e-6)
