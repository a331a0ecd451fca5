"""The bundled CCSM course: its shape, and that every question can be answered right."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from courseware.core.assessment.grading import grade
from courseware.core.calculators.quiz import expected_value, render_prompt
from courseware.core.course.course import Course, QuestionRef
from courseware.core.course.loader import load_course
from courseware.core.course.references import exam_pool
from courseware.core.model import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from courseware.core.paths import bundled_course


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(bundled_course(), check_links=True)


def test_course_loads_without_problems(course: Course) -> None:
    assert course.problems == ()
    assert course.meta.id == "ccsm"


def test_six_modules_in_order_with_front_matter_and_objectives(course: Course) -> None:
    assert [module.meta.order for module in course.modules] == [1, 2, 3, 4, 5, 6]
    for module in course.modules:
        assert module.title and module.meta.summary and len(module.meta.objectives) >= 3
        assert len(module.headings) >= 5, f"{module.id} has too few sections"
        assert len(module.body.split()) >= 1000, f"{module.id} is thin"


def test_one_quiz_per_module_with_at_least_20_explained_questions(course: Course) -> None:
    for module in course.modules:
        quizzes = course.quizzes_for_module(module.id)
        assert len(quizzes) == 1, module.id
        assert len(quizzes[0].questions) >= 20
        assert all(question.explanation for question in quizzes[0].questions)


def test_every_question_type_is_used(course: Course) -> None:
    types = Counter(question.type for quiz in course.quizzes.values() for question in quiz.questions)
    assert set(types) == {"single", "multiple", "true_false", "short", "numeric", "matching", "ordering"}


def right_response(question: Question) -> object:
    if isinstance(question, SingleChoice):
        return next(index for index, choice in enumerate(question.choices) if choice.correct)
    if isinstance(question, MultipleChoice):
        return [index for index, choice in enumerate(question.choices) if choice.correct]
    if isinstance(question, TrueFalse):
        return question.answer
    if isinstance(question, ShortAnswer):
        return question.answers[0]
    if isinstance(question, Numeric):
        return str(question.answer)
    if isinstance(question, Matching):
        return dict(question.pairs)
    assert isinstance(question, Ordering)
    return list(question.items)


def calculator_backed(course: Course) -> list[QuestionRef]:
    return [ref for ref in course.questions()
            if isinstance(ref.question, Numeric) and ref.question.calculator is not None]


SEEDS = range(25)
"""Generated questions are drawn with these seeds: each draw must give a finite answer that grades right."""


def test_every_question_is_answerable(course: Course) -> None:
    for ref in course.questions():
        question = ref.question
        if not (isinstance(question, Numeric) and question.calculator is not None):
            assert grade(question, right_response(question)).correct, ref.key
            continue
        for seed in SEEDS if question.generate else [0]:
            value, inputs, steps = expected_value(question, random.Random(seed))
            assert math.isfinite(value) and steps, (ref.key, seed)
            assert grade(question, str(value), expected=value).correct, (ref.key, seed)
            assert "{" not in render_prompt(question, inputs), (ref.key, seed)


def test_generated_questions_draw_fresh_numbers(course: Course) -> None:
    for ref in calculator_backed(course):
        question = ref.question
        assert isinstance(question, Numeric)
        if question.generate:
            prompts = {render_prompt(question, expected_value(question, random.Random(seed))[1])
                       for seed in SEEDS}
            assert len(prompts) > 1, ref.key


def test_formula_questions_use_the_calculators(course: Course) -> None:
    backed = calculator_backed(course)
    generated = [ref for ref in backed if isinstance(ref.question, Numeric) and ref.question.generate]
    assert len(backed) >= 10
    assert len(generated) >= 3
    assert {"retention", "growth", "metrics"} <= {ref.quiz.module for ref in generated}


def test_wrong_choices_carry_feedback(course: Course) -> None:
    for ref in course.questions():
        if isinstance(ref.question, SingleChoice):
            wrong = [choice for choice in ref.question.choices if not choice.correct]
            assert all(choice.feedback for choice in wrong), ref.key


def test_terminology_deck_covers_at_least_60_terms(course: Course) -> None:
    cards = [card for deck in course.decks.values() for card in deck.cards]
    assert len(cards) >= 60
    assert any(card.reverse for card in cards)
    assert len(course.glossary) == len(cards)


def test_exam_draws_40_questions_across_all_modules(course: Course) -> None:
    exam = course.exams["ccsm-self-assessment"]
    assert exam.time_limit_minutes == 60 and exam.pass_mark == 0.8
    assert sum(rule.count for rule in exam.draw) == 40
    assert {rule.topic for rule in exam.draw} == {module.id for module in course.modules}
    for rule, pool in zip(exam.draw, exam_pool(course, exam), strict=True):
        assert len(pool) >= rule.count
