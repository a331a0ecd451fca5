"""A quiz or exam attempt in progress: questions in a seeded order, each answer graded and stored at once.

The same session drives the app's quiz and exam screens and the line mode. Everything the learner was
shown (question order, choice order) is written to the attempt's ``plan`` when it starts, and each answer
is committed as it is given, so a crash loses nothing and ``resume`` rebuilds the attempt exactly.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from courseware.core.assessment.grading import Grade, grade, partial_credit
from courseware.core.assessment.presentation import Shown, present
from courseware.core.assessment.results import Answer, Outcome, Result
from courseware.core.course.course import QuestionRef
from courseware.core.errors import CoursewareError
from courseware.core.model import Exam, Quiz
from courseware.core.store import Attempt, Store

Clock = Callable[[], datetime]


class TimeUp(CoursewareError):
    """An answer arrived after the exam's deadline: the attempt is submitted as it stood."""


def new_seed() -> int:
    """A fresh seed, short enough to read out and type back with ``--seed``."""
    return random.SystemRandom().randrange(1, 1_000_000)


def kind_of(source: Quiz | Exam) -> str:
    return "exam" if isinstance(source, Exam) else "quiz"


class QuizSession:
    """One attempt at a quiz or an exam; ``source`` gives its title and pass mark."""

    def __init__(self, store: Store, source: Quiz | Exam, attempt: Attempt, shown: Sequence[Shown], *,
                 clock: Clock) -> None:
        self.store = store
        self.source = source
        self.attempt = attempt
        self.shown = tuple(shown)
        self.clock = clock
        self.answers: dict[int, Answer] = {}
        self.flags: set[int] = set()

    @property
    def kind(self) -> str:
        return kind_of(self.source)

    @property
    def attempt_id(self) -> int:
        return self.attempt.id

    @property
    def seed(self) -> int | None:
        return self.attempt.seed

    @property
    def deadline(self) -> datetime | None:
        return self.attempt.deadline

    @property
    def submitted(self) -> bool:
        return self.attempt.submitted_at is not None

    @classmethod
    def start(cls, store: Store, source: Quiz | Exam, refs: Sequence[QuestionRef], *, seed: int,
              shuffle: bool, clock: Clock, time_limit: timedelta | None = None) -> QuizSession:
        """Draw the presentation from ``seed`` and open the attempt with it as the plan."""
        rng = random.Random(seed)
        ordered = list(refs)
        if shuffle:
            ordered = _shuffled_keeping_cases(ordered, rng)
        shown = [present(ref, rng, shuffle=shuffle and ref.quiz.shuffle) for ref in ordered]
        now = clock()
        deadline = now + time_limit if time_limit is not None else None
        attempt_id = store.attempts.start(kind_of(source), source.id, seed=seed,
                                          plan={"questions": [item.to_plan() for item in shown]},
                                          started_at=now, deadline=deadline)
        attempt = store.attempts.get(attempt_id)
        assert attempt is not None
        return cls(store, source, attempt, shown, clock=clock)

    @classmethod
    def resume(cls, store: Store, source: Quiz | Exam, attempt: Attempt,
               refs_by_key: Mapping[str, QuestionRef], *, clock: Clock) -> QuizSession:
        """Rebuild an attempt from its plan and stored answers; questions since removed are left out."""
        entries = attempt.plan.get("questions", []) if isinstance(attempt.plan, dict) else []
        shown = [Shown.from_plan(refs_by_key[entry["key"]], entry) for entry in entries
                 if entry.get("key") in refs_by_key]
        session = cls(store, source, attempt, shown, clock=clock)
        index_of = {item.key: index for index, item in enumerate(shown)}
        for stored in store.attempts.answers(attempt.id):
            if stored.question_key in index_of:
                index = index_of[stored.question_key]
                try:
                    graded = session._grade(index, stored.response)
                except CoursewareError:
                    graded = Grade(stored.correct, stored.earned, stored.possible)
                session.answers[index] = Answer(stored.response, graded, stored.answered_at)
        session.flags = {index_of[key] for key in store.attempts.flags(attempt.id) if key in index_of}
        return session

    def _grade(self, index: int, response: Any) -> Grade:
        """The one place responses are graded; a calculator question against the value its drawn inputs give."""
        shown = self.shown[index]
        partial = partial_credit(shown.question, shown.ref.quiz.partial_credit)
        return grade(shown.question, response, expected=shown.expected, partial=partial)

    def remaining(self) -> timedelta | None:
        """Time left before the deadline (never negative), or ``None`` when untimed."""
        if self.deadline is None:
            return None
        return max(self.deadline - self.clock(), timedelta(0))

    @property
    def expired(self) -> bool:
        remaining = self.remaining()
        return remaining is not None and remaining <= timedelta(0)

    def answer(self, index: int, response: Any, *, at_deadline: bool = False) -> Grade:
        """Grade ``response`` and store it at once; ``AnswerFormatError`` means ask again (nothing stored).

        ``at_deadline`` keeps what was on the screen when the time ran out (typed but not yet entered):
        it is stored dated at the deadline instead of being refused as late.
        """
        if self.submitted:
            raise CoursewareError("this attempt was already submitted")
        if self.expired and not at_deadline:
            raise TimeUp("time is up: the exam was submitted as it stood")
        item = self.shown[index]
        graded = self._grade(index, response)
        now = self.clock()
        if self.deadline is not None and now > self.deadline:
            now = self.deadline
        self.store.attempts.record_answer(self.attempt_id, item.key, response, correct=graded.correct,
                                          earned=graded.earned, possible=graded.possible,
                                          topic=item.ref.topic, answered_at=now)
        self.answers[index] = Answer(response, graded, now)
        return graded

    def set_flag(self, index: int, flagged: bool) -> None:
        self.store.attempts.set_flag(self.attempt_id, self.shown[index].key, flagged)
        (self.flags.add if flagged else self.flags.discard)(index)

    def next_unanswered(self, after: int = -1) -> int | None:
        """The first unanswered question after ``after`` (wrapping round); ``None`` when all are answered."""
        count = len(self.shown)
        for step in range(1, count + 1):
            index = (after + step) % count
            if index not in self.answers:
                return index
        return None

    def result(self) -> Result:
        return Result(tuple(Outcome(number + 1, item, self.answers.get(number))
                            for number, item in enumerate(self.shown)), self.source.pass_mark)

    def finish(self) -> Result:
        """Submit: score what was answered; a late submission is dated at the deadline."""
        result = self.result()
        if self.submitted:
            return result
        when = self.clock()
        if self.deadline is not None and when > self.deadline:
            when = self.deadline
        self.store.attempts.finish(self.attempt_id, earned=result.earned, possible=result.possible,
                                   passed=result.passed, submitted_at=when)
        attempt = self.store.attempts.get(self.attempt_id)
        assert attempt is not None
        self.attempt = attempt
        return result


def _shuffled_keeping_cases(refs: list[QuestionRef], rng: random.Random) -> list[QuestionRef]:
    """Questions in a random order, those of one case kept together (in file order) under its text."""
    groups: dict[tuple[str, str], list[QuestionRef]] = {}
    for index, ref in enumerate(refs):
        key = (ref.quiz.id, ref.question.case) if ref.question.case else ("", str(index))
        groups.setdefault(key, []).append(ref)
    units = list(groups.values())
    rng.shuffle(units)
    return [ref for unit in units for ref in unit]


def abandon(session: QuizSession) -> Result:
    """Close an attempt left unfinished to start another: scored as it stood and recorded as an abandoned
    fail, so walking away from a bad paper never hides it from the history."""
    result = session.result()
    if session.submitted:
        return result
    when = session.clock()
    if session.deadline is not None and when > session.deadline:
        when = session.deadline
    session.store.attempts.finish(session.attempt_id, earned=result.earned, possible=result.possible, passed=False,
                                  submitted_at=when)
    session.store.attempts.mark(session.attempt_id, abandoned=True)
    attempt = session.store.attempts.get(session.attempt_id)
    assert attempt is not None
    session.attempt = attempt
    return result


def refs_of(quiz: Quiz) -> list[QuestionRef]:
    return [QuestionRef(quiz, question) for question in quiz.questions]


def start_quiz(store: Store, quiz: Quiz, *, seed: int | None = None, shuffle: bool = True,
               clock: Clock) -> QuizSession:
    """A new attempt at ``quiz``; its questions are shuffled unless the quiz or the caller says not to."""
    return QuizSession.start(store, quiz, refs_of(quiz), seed=new_seed() if seed is None else seed,
                             shuffle=shuffle and quiz.shuffle, clock=clock)


def resume_quiz(store: Store, quiz: Quiz, *, clock: Clock) -> QuizSession | None:
    """The quiz's unfinished attempt, rebuilt, or ``None`` when there is none."""
    attempt = store.attempts.unfinished("quiz", quiz.id)
    if attempt is None:
        return None
    return QuizSession.resume(store, quiz, attempt, {ref.key: ref for ref in refs_of(quiz)}, clock=clock)


def past_result(store: Store, source: Quiz | Exam, attempt: Attempt, refs_by_key: Mapping[str, QuestionRef]) -> Result:
    """A finished (or open) attempt's result rebuilt from its plan and answers, for reviewing it later."""
    return QuizSession.resume(store, source, attempt, refs_by_key, clock=lambda: attempt.submitted_at
                              or attempt.started_at).result()
