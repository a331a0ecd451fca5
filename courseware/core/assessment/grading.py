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

from dataclasses import dataclass, field, replace
from fractions import Fraction
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
from courseware.core.quantities import read_answer
from courseware.core.text import normalise_text


def exact(value: float) -> Fraction:
    """A float from a file or the store as the decimal it was written as (``0.1`` is one tenth)."""
    return Fraction(repr(float(value)))


@dataclass(frozen=True)
class Grade:
    """How a response scored, and what to tell the learner about it.

    ``credit`` is the exact share of the points earned (1 right, 0 wrong, in between for partial
    credit); ``earned`` is the same as a float, for the store.
    """

    correct: bool
    earned: float
    possible: float
    feedback: tuple[str, ...] = field(default=())
    credit: Fraction | None = None

    @classmethod
    def of(cls, credit: Fraction, possible: float, feedback: tuple[str, ...] = ()) -> Grade:
        return cls(credit == 1, float(credit * exact(possible)), possible, feedback, credit)

    @property
    def exact_earned(self) -> Fraction:
        return self.credit * exact(self.possible) if self.credit is not None else exact(self.earned)

    @property
    def partial(self) -> bool:
        return 0 < self.exact_earned < exact(self.possible)


def partial_credit(question: Question, quiz_default: bool) -> bool:
    """Whether ``question`` earns part of its points: its own ``partial_credit``, else its quiz's."""
    wanted = question.partial_credit if question.partial_credit is not None else quiz_default
    return wanted and isinstance(question, MultipleChoice | Matching | Ordering)


def grade(question: Question, response: Any, *, expected: float | None = None, partial: bool = False) -> Grade:
    """Score ``response`` to ``question``; ``expected`` overrides a numeric question's answer.

    With ``partial`` (see ``partial_credit``) multiple response, matching and ordering questions earn a
    share of their points the way Moodle grades them: each right choice earns and each wrong one costs,
    never below zero; each pair matched; each item in its place (absolute position). Choices that carry
    Moodle's own credits (imported fractions) are scored by them. The question's ``correct_feedback`` or
    ``incorrect_feedback`` follows whatever the answer itself earned as feedback.
    """
    graded = _grade(question, response, expected, partial)
    closing = question.correct_feedback if graded.correct else question.incorrect_feedback
    if closing:
        return replace(graded, feedback=(*graded.feedback, closing))
    return graded


def _grade(question: Question, response: Any, expected: float | None, partial: bool) -> Grade:
    possible = question.points
    if isinstance(question, SingleChoice | MultipleChoice):
        return _grade_choices(question, response, possible, partial)
    if isinstance(question, TrueFalse):
        if not isinstance(response, bool):
            raise AnswerFormatError("answer true or false")
        right = response is question.answer
        return Grade.of(Fraction(int(right)), possible,
                        () if right or not question.feedback else (question.feedback,))
    if isinstance(question, ShortAnswer):
        keep_case = question.case_sensitive
        typed = normalise_text(str(response), keep_case=keep_case)
        if not typed:
            raise AnswerFormatError("type an answer")
        right = typed in {normalise_text(answer, keep_case=keep_case) for answer in question.answers}
        return Grade.of(Fraction(int(right)), possible)
    if isinstance(question, Numeric):
        target = expected if expected is not None else question.answer
        if target is None:
            raise CoursewareError(f"numeric question '{question.id}' has no expected value")
        value = Fraction(read_answer(str(response), question.unit))
        right = abs(value - exact(target)) <= exact(question.tolerance)
        return Grade.of(Fraction(int(right)), possible)
    if isinstance(question, Matching):
        if not isinstance(response, dict) or set(response) != set(question.pairs):
            raise AnswerFormatError("pair every item")
        hits = sum(response.get(left) == right for left, right in question.pairs.items())
        return Grade.of(_share(hits, len(question.pairs), partial), possible)
    if isinstance(question, Ordering):
        if not isinstance(response, list) or sorted(response) != sorted(question.items):
            raise AnswerFormatError("put every item in order")
        in_place = sum(given == item for given, item in zip(response, question.items, strict=True))
        return Grade.of(_share(in_place, len(question.items), partial), possible)
    raise CoursewareError(f"unknown question type {type(question).__name__}")


def _share(hits: int, total: int, partial: bool) -> Fraction:
    return Fraction(hits, total) if partial else Fraction(int(hits == total))


def _grade_choices(question: SingleChoice | MultipleChoice, response: Any, possible: float,
                   partial: bool) -> Grade:
    chosen = [response] if isinstance(question, SingleChoice) else response
    if not isinstance(chosen, list) or not chosen or not all(
            isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(question.choices)
            for index in chosen):
        raise AnswerFormatError("choose one of the listed choices" if isinstance(question, SingleChoice)
                                else "choose one or more of the listed choices")
    right_set = {index for index, choice in enumerate(question.choices) if choice.correct}
    picked = set(chosen)
    feedback = tuple(question.choices[index].feedback or "" for index in sorted(picked)
                     if question.choices[index].feedback and index not in right_set)
    if any(choice.credit is not None for choice in question.choices):
        return Grade.of(_credit(question, picked), possible, feedback)
    if picked == right_set:
        return Grade.of(Fraction(1), possible, feedback)
    if not partial:
        return Grade.of(Fraction(0), possible, feedback)
    wrong_count = len(question.choices) - len(right_set)
    earned = Fraction(len(picked & right_set), len(right_set))
    if wrong_count:
        earned -= Fraction(len(picked - right_set), wrong_count)
    return Grade.of(max(earned, Fraction(0)), possible, feedback)


def _credit(question: SingleChoice | MultipleChoice, chosen: set[int]) -> Fraction:
    """The share of the points the chosen choices' Moodle-style credits add up to (a choice without one
    counts 1 if it is right, 0 if not), never below nothing and never above everything."""
    total = Fraction(0)
    for index in chosen:
        choice = question.choices[index]
        total += exact(choice.credit) if choice.credit is not None else Fraction(int(choice.correct))
    return min(max(total, Fraction(0)), Fraction(1))


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
