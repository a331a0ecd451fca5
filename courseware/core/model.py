"""The typed course model: what the loader builds and every other part of the app reads.

The quiz, deck and exam file formats are these pydantic models, and the published JSON Schema is
generated from them (see ``schema.py``), so the format is written down exactly once. Every model
forbids unknown keys so that a misspelt key is reported instead of silently ignored.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1)]


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors, numbers typed where text is wanted are text, and
    every number is finite (``inf`` or ``1e400`` as a time limit or tolerance would break whatever reads it)."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True, allow_inf_nan=False)


class Choice(Strict):
    """One option of a single or multiple choice question."""

    text: Text = Field(description="What the learner sees (Markdown).")
    correct: bool = Field(False, description="Whether choosing it is right.")
    feedback: str | None = Field(None, description="Shown when the learner picks this choice.")


class QuestionBase(Strict):
    """Fields every question type shares."""

    id: Id = Field(description="Unique within the quiz; keeps the learner's history when the text changes.")
    prompt: Text = Field(description="The question (Markdown).")
    explanation: str | None = Field(None, description="Shown after the answer, right or wrong.")
    topic: Id | None = Field(None, description="Overrides the quiz's topic for this question.")
    points: float = Field(1.0, gt=0, description="What a right answer earns.")


class SingleChoice(QuestionBase):
    """Exactly one of the choices is right."""

    type: Literal["single"]
    choices: list[Choice] = Field(min_length=2)


class MultipleChoice(QuestionBase):
    """One or more choices are right; the learner must pick exactly those."""

    type: Literal["multiple"]
    choices: list[Choice] = Field(min_length=2)


class TrueFalse(QuestionBase):
    """A statement the learner judges true or false."""

    type: Literal["true_false"]
    answer: bool
    feedback: str | None = Field(None, description="Shown when the learner answers wrongly.")


class ShortAnswer(QuestionBase):
    """A typed answer, matched ignoring case, spacing, punctuation and articles."""

    type: Literal["short"]
    answers: list[Text] = Field(min_length=1, description="Every accepted answer.")


class Numeric(QuestionBase):
    """A typed number, right within an absolute tolerance.

    The expected value is either a literal ``answer`` or computed by a named ``calculator`` from
    ``inputs`` (with ``result`` naming which of its results is asked for); ``generate`` gives ranges
    from which fresh inputs are drawn for each attempt.
    """

    type: Literal["numeric"]
    answer: float | None = Field(None, description="The right value.")
    tolerance: float = Field(0.0, ge=0, description="Largest accepted absolute difference.")
    unit: str | None = Field(None, description="Shown after the input box; ignored when typed.")
    calculator: Id | None = Field(None, description="A calculator that computes the answer.")
    inputs: dict[str, float] | None = Field(None, description="Calculator inputs (rates as fractions).")
    result: str | None = Field(None, description="Which calculator result is asked for.")
    generate: dict[str, tuple[float, float]] | None = Field(
        None, description="Ranges [low, high] for calculator inputs drawn afresh each attempt.")


class Matching(QuestionBase):
    """Each left-hand item must be paired with its right-hand partner."""

    type: Literal["matching"]
    pairs: dict[str, Text] = Field(min_length=2)


class Ordering(QuestionBase):
    """Items to be put in order; the file lists them in the right order."""

    type: Literal["ordering"]
    items: list[Text] = Field(min_length=2)


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | ShortAnswer | Numeric | Matching | Ordering,
    Field(discriminator="type"),
]
QUESTION_TYPES = ("single", "multiple", "true_false", "short", "numeric", "matching", "ordering")


class Quiz(Strict):
    """A quiz file: questions a learner answers with feedback after each."""

    kind: Literal["quiz"]
    id: Id = Field(description="Unique across the course.")
    title: Text
    description: str | None = None
    module: Id | None = Field(None, description="The module this quiz belongs to.")
    topic: Id | None = Field(None, description="Default topic of its questions.")
    pass_mark: float = Field(0.7, ge=0, le=1, description="Fraction of points needed to pass.")
    shuffle: bool = Field(True, description="Shuffle questions and choices for each attempt.")
    questions: list[Question] = Field(min_length=1)


class Card(Strict):
    """A flashcard; ``reverse`` cards are drilled back-to-front as well."""

    id: Id = Field(description="Unique across the course; glossary links use it.")
    front: Text
    back: Text
    tags: list[Id] = Field(default_factory=list)
    reverse: bool = False


class Deck(Strict):
    """A deck file: flashcards, which together form the course's glossary."""

    kind: Literal["deck"]
    id: Id
    title: Text
    description: str | None = None
    cards: list[Card] = Field(min_length=1)


class DrawRule(Strict):
    """Draw ``count`` questions at random from one topic, one quiz or one module's quiz questions."""

    topic: Id | None = None
    quiz: Id | None = None
    module: Id | None = None
    count: int = Field(ge=1)


class Exam(Strict):
    """An exam blueprint: questions drawn afresh for each attempt, timed, no feedback until the end."""

    kind: Literal["exam"]
    id: Id
    title: Text
    description: str | None = None
    time_limit_minutes: float = Field(gt=0)
    pass_mark: float = Field(0.7, ge=0, le=1)
    draw: list[DrawRule] = Field(min_length=1)


class ModuleMeta(Strict):
    """The front matter of a module's Markdown file."""

    id: Id
    title: Text
    order: int
    summary: Text
    objectives: list[Text] = Field(min_length=1)
    estimated_minutes: int | None = Field(None, gt=0)
    topics: list[Id] = Field(default_factory=list, description="Topics it teaches besides its own id.")


class CourseMeta(Strict):
    """``course.yaml``: the course's own name."""

    id: Id
    title: Text


FILE_MODELS: dict[str, type[Quiz] | type[Deck] | type[Exam]] = {"quiz": Quiz, "deck": Deck, "exam": Exam}
