"""The bundled CCSM course: its shape, and that every question can be answered right."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from courseware.core.assessment.exams import assemble
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


def test_seven_modules_in_order_with_front_matter_and_objectives(course: Course) -> None:
    assert [module.meta.order for module in course.modules] == [1, 2, 3, 4, 5, 6, 7]
    assert course.modules[-1].title == "Customer success in practice"
    for module in course.modules:
        assert module.title and module.meta.summary and len(module.meta.objectives) >= 3
        assert len(module.headings) >= 5, f"{module.id} has too few sections"
        assert len(module.body.split()) >= 1000, f"{module.id} is thin"
        assert "## Sources" in module.body, module.id
        assert 2 <= module.body.count("**Try it.**") <= 4, module.id


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


def pass_probability(points: list[float], p: float, mark: float) -> float:
    """The chance of reaching ``mark`` of the points when each item is answered right with probability p."""
    dist = {0.0: 1.0}
    for weight in points:
        step: dict[float, float] = {}
        for score, chance in dist.items():
            step[score + weight] = step.get(score + weight, 0.0) + chance * p
            step[score] = step.get(score, 0.0) + chance * (1 - p)
        dist = step
    return sum(chance for score, chance in dist.items() if score >= mark * sum(points) - 1e-9)


def test_exam_blueprint_covers_every_module_and_required_topic(course: Course) -> None:
    exam = course.exams["ccsm-self-assessment"]
    assert exam.time_limit_minutes == 75 and exam.pass_mark == 0.8
    assert sum(rule.count for rule in exam.draw) == 50
    assert {rule.module for rule in exam.draw if rule.module} == {module.id for module in course.modules}
    required = {objective.topic for objective in exam.objectives if objective.required}
    assert {"market-shift", "hallmarks", "retention-metrics", "satisfaction-metrics",
            "onboarding-adoption"} <= required
    assert required <= {rule.topic for rule in exam.draw}
    for rule, pool in zip(exam.draw, exam_pool(course, exam), strict=True):
        assert len(pool) >= rule.count


def test_exam_form_length_separates_070_from_090_candidates(course: Course) -> None:
    exam = course.exams["ccsm-self-assessment"]
    for seed in range(100):
        points = [ref.question.points for ref in assemble(course, exam, seed)]
        assert pass_probability(points, 0.70, exam.pass_mark) < 0.10, seed
        assert pass_probability(points, 0.90, exam.pass_mark) > 0.90, seed


def test_multi_step_calculations_are_worth_two_points_and_cases_hold_three_to_five(course: Course) -> None:
    two_point = [ref for ref in course.questions() if ref.question.points == 2]
    assert len(two_point) >= 15 and all(isinstance(ref.question, Numeric) for ref in two_point)
    cases = [(quiz.id, case.id) for quiz in course.quizzes.values() for case in quiz.cases]
    assert len(cases) >= 4
    for quiz_id, case_id in cases:
        size = sum(question.case == case_id for question in course.quizzes[quiz_id].questions)
        assert 3 <= size <= 5, (quiz_id, case_id)
