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
#: A card tag: an id, or ids joined by ``::`` for a nested tag as Anki writes it (``ccsm::finance`` is under ``ccsm``).
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(::[a-z0-9][a-z0-9-]*)*$", max_length=160)]


class Strict(BaseModel):
    """Base of every file model: unknown keys are errors, numbers typed where text is wanted are text, and
    every number is finite (``inf`` or ``1e400`` as a time limit or tolerance would break whatever reads it)."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True, allow_inf_nan=False)


class Choice(Strict):
    """One option of a single or multiple choice question."""

    text: Text = Field(description="What the learner sees (Markdown).")
    correct: bool = Field(False, description="Whether choosing it is right.")
    feedback: str | None = Field(None, description="Shown when the learner picks this choice.")
    credit: float | None = Field(
        None, ge=-1, le=1, description="Share of the question's points picking it earns (Moodle's fraction: 0.5 "
                                       "for 50%, negative to take points away); default all or nothing.")


class QuestionBase(Strict):
    """Fields every question type shares."""

    id: Id = Field(description="Unique within the quiz; keeps the learner's history when the text changes.")
    prompt: Text = Field(description="The question (Markdown).")
    explanation: str | None = Field(None, description="Shown after the answer, right or wrong.")
    topic: Id | None = Field(None, description="Overrides the quiz's topic for this question.")
    points: float = Field(1.0, gt=0, description="What a right answer earns.")
    cluster: Id | None = Field(
        None, description="Groups related items (variants of one question); an exam form draws at most one.")
    case: Id | None = Field(None, description="The case (in the same quiz file) whose text this question is about.")
    partial_credit: bool | None = Field(
        None, description="Overrides the quiz's partial_credit for this question (multiple, matching, ordering).")
    correct_feedback: str | None = Field(None, description="Shown after a right answer.")
    incorrect_feedback: str | None = Field(None, description="Shown after a wrong answer.")


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
    """A typed answer, matched ignoring case (unless ``case_sensitive``), spacing, punctuation and articles."""

    type: Literal["short"]
    answers: list[Text] = Field(min_length=1, description="Every accepted answer.")
    case_sensitive: bool = Field(False, description="Whether 'Paris' and 'paris' are different answers.")


class Numeric(QuestionBase):
    """A typed number, right within an absolute tolerance.

    The expected value is either a literal ``answer`` or computed by a named ``calculator`` from
    ``inputs`` (with ``result`` naming which of its results is asked for); ``generate`` gives ranges
    from which fresh inputs are drawn for each attempt.
    """

    type: Literal["numeric"]
    answer: float | None = Field(None, description="The right value.")
    tolerance: float = Field(0.0, ge=0, description="Largest accepted absolute difference.")
    unit: str | None = Field(
        None, description="What the answer is in: a typed unit of the same kind is converted, another refused.")
    calculator: Id | None = Field(None, description="A calculator that computes the answer.")
    inputs: dict[str, float] | None = Field(None, description="Calculator inputs (rates as fractions).")
    result: str | None = Field(None, description="Which calculator result is asked for.")
    generate: dict[str, tuple[float, float]] | None = Field(
        None, description="Ranges [low, high] for calculator inputs drawn afresh each attempt.")


class Matching(QuestionBase):
    """Each left-hand item must be paired with its right-hand partner."""

    type: Literal["matching"]
    pairs: dict[str, Text] = Field(min_length=2, description="Each item and its partner (items may share one).")
    distractors: list[Text] = Field(default_factory=list, description="Extra partners that match no item.")


class Ordering(QuestionBase):
    """Items to be put in order; the file lists them in the right order."""

    type: Literal["ordering"]
    items: list[Text] = Field(min_length=2)


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | ShortAnswer | Numeric | Matching | Ordering,
    Field(discriminator="type"),
]
QUESTION_TYPES = ("single", "multiple", "true_false", "short", "numeric", "matching", "ordering")


class Case(Strict):
    """A stimulus several questions share: shown above each of them, and drawn into an exam with all of them."""

    id: Id = Field(description="Unique within the quiz; questions name it in their 'case'.")
    title: Text | None = None
    text: Text = Field(description="The case itself (Markdown).")


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
    partial_credit: bool = Field(
        False, description="Multiple response, matching and ordering questions earn part of their points.")
    cases: list[Case] = Field(default_factory=list, description="Stimuli shared by several of its questions.")
    questions: list[Question] = Field(min_length=1)


class Card(Strict):
    """A flashcard; ``reverse`` cards are drilled back-to-front as well."""

    id: Id = Field(description="Unique across the course; glossary links use it.")
    front: Text
    back: Text
    tags: list[Tag] = Field(default_factory=list, description="Ids; 'ccsm::finance' is a tag nested under 'ccsm'.")
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


class Objective(Strict):
    """A topic an exam covers; a ``required`` one must appear on every form the draw can produce."""

    topic: Id = Field(description="A topic defined by a module.")
    required: bool = Field(False, description="Every form must hold at least one question of this topic.")


class Exam(Strict):
    """An exam blueprint: questions drawn afresh for each attempt, timed, no feedback until the end."""

    kind: Literal["exam"]
    id: Id
    title: Text
    description: str | None = None
    time_limit_minutes: float = Field(gt=0)
    pass_mark: float = Field(0.7, ge=0, le=1)
    open_book: bool = Field(False, description="Leave the reader, quizzes, cards and calculators open during it.")
    objectives: list[Objective] = Field(
        default_factory=list, description="The topics the exam covers (its blueprint); checked by courseware lint.")
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
    activity_base: str | None = Field(
        None, pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$",
        description="An http(s) IRI the trainer owns; every xAPI activity id of the course starts with it.")


FILE_MODELS: dict[str, type[Quiz] | type[Deck] | type[Exam]] = {"quiz": Quiz, "deck": Deck, "exam": Exam}
