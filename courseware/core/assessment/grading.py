"""Answer checking for every question type, lenient where a person would be.

Responses are plain JSON-able values so they can be stored as given:

=============  ==================================================
single         index of the chosen choice (file order)
multiple       list of chosen indexes
true_false     bool
short          the typed text
numeric        the typed text (``"18 months"``, ``"$1,200"``, ``"80%"``)
matching       mapping of each left item to the chosen right item
ordering       the items in the order the learner put them
=============  ==================================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from courseware.core.errors import AnswerFormatError, CoursewareError
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
from courseware.core.text import normalise_text, parse_number


@dataclass(frozen=True)
class Grade:
    """How a response scored, and what to tell the learner about it."""

    correct: bool
    earned: float
    possible: float
    feedback: tuple[str, ...] = field(default=())


def grade(question: Question, response: Any, *, expected: float | None = None) -> Grade:
    """Score ``response`` to ``question``; ``expected`` overrides a numeric question's answer.

    The question's ``correct_feedback`` or ``incorrect_feedback`` follows whatever the answer itself
    earned as feedback.
    """
    graded = _grade(question, response, expected)
    closing = question.correct_feedback if graded.correct else question.incorrect_feedback
    if closing:
        return Grade(graded.correct, graded.earned, graded.possible, (*graded.feedback, closing))
    return graded


def _grade(question: Question, response: Any, expected: float | None) -> Grade:
    possible = question.points
    if isinstance(question, SingleChoice | MultipleChoice):
        return _grade_choices(question, response, possible)
    if isinstance(question, TrueFalse):
        if not isinstance(response, bool):
            raise AnswerFormatError("answer true or false")
        right = response is question.answer
        return Grade(right, possible if right else 0.0, possible,
                     () if right or not question.feedback else (question.feedback,))
    if isinstance(question, ShortAnswer):
        keep_case = question.case_sensitive
        typed = normalise_text(str(response), keep_case=keep_case)
        if not typed:
            raise AnswerFormatError("type an answer")
        right = typed in {normalise_text(answer, keep_case=keep_case) for answer in question.answers}
        return Grade(right, possible if right else 0.0, possible)
    if isinstance(question, Numeric):
        target = expected if expected is not None else question.answer
        if target is None:
            raise CoursewareError(f"numeric question '{question.id}' has no expected value")
        value = parse_number(str(response), question.unit)
        right = math.isclose(value, target, abs_tol=question.tolerance + 1e-9)
        return Grade(right, possible if right else 0.0, possible)
    if isinstance(question, Matching):
        if not isinstance(response, dict):
            raise AnswerFormatError("pair every item")
        hits = sum(response.get(left) == right for left, right in question.pairs.items())
        right = hits == len(question.pairs)
        return Grade(right, possible if right else 0.0, possible)
    if isinstance(question, Ordering):
        if not isinstance(response, list) or sorted(response) != sorted(question.items):
            raise AnswerFormatError("put every item in order")
        right = list(response) == list(question.items)
        return Grade(right, possible if right else 0.0, possible)
    raise CoursewareError(f"unknown question type {type(question).__name__}")


def _grade_choices(question: SingleChoice | MultipleChoice, response: Any, possible: float) -> Grade:
    chosen = [response] if isinstance(question, SingleChoice) else response
    if not isinstance(chosen, list) or not chosen or not all(
            isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(question.choices)
            for index in chosen):
        raise AnswerFormatError("choose one of the listed choices" if isinstance(question, SingleChoice)
                                else "choose one or more of the listed choices")
    right_set = {index for index, choice in enumerate(question.choices) if choice.correct}
    right = set(chosen) == right_set
    feedback = tuple(question.choices[index].feedback or "" for index in sorted(set(chosen))
                     if question.choices[index].feedback and index not in right_set)
    return Grade(right, possible * _credit(question, set(chosen), right), possible, feedback)


def _credit(question: SingleChoice | MultipleChoice, chosen: set[int], right: bool) -> float:
    """The share of the points earned: all or nothing, unless the choices carry Moodle-style credits,
    which add up over the chosen choices (never below nothing, never above everything)."""
    if all(choice.credit is None for choice in question.choices):
        return 1.0 if right else 0.0
    total = 0.0
    for index in chosen:
        choice = question.choices[index]
        total += choice.credit if choice.credit is not None else (1.0 if choice.correct else 0.0)
    return min(max(total, 0.0), 1.0)


def correct_answer_text(question: Question, *, expected: float | None = None) -> str:
    """The right answer, written out for the learner after they answer."""
    if isinstance(question, SingleChoice | MultipleChoice):
        return "; ".join(choice.text for choice in question.choices if choice.correct)
    if isinstance(question, TrueFalse):
        return "True" if question.answer else "False"
    if isinstance(question, ShortAnswer):
        return question.answers[0]
    if isinstance(question, Numeric):
        value = expected if expected is not None else question.answer
        shown = f"{value:,.10g}" if value is not None else "?"
        return f"{shown} {question.unit}".strip() if question.unit else shown
    if isinstance(question, Matching):
        return "; ".join(f"{left} → {right}" for left, right in question.pairs.items())
    return " → ".join(question.items)
