"""Exams: a fresh, reproducible draw of questions from the blueprint for each attempt, against the clock.

The draw uses ``random.Random(seed)`` only, so the seed the attempt records (and shows) repeats it
exactly with ``courseware exam ID --seed N``. The time source is passed in, never read from the system
here, so tests run out the clock without sleeping.
"""

from __future__ import annotations

import random
from datetime import timedelta

from courseware.core.assessment.quiz_session import Clock, QuizSession, new_seed
from courseware.core.course import blueprint
from courseware.core.course.course import Course, QuestionRef
from courseware.core.model import Exam
from courseware.core.store import Attempt, Store


def assemble(course: Course, exam: Exam, seed: int) -> list[QuestionRef]:
    """The questions of one attempt: every rule's count at once, never a question or two of a cluster twice."""
    return blueprint.draw(course, exam, random.Random(seed))


def time_limit(exam: Exam) -> timedelta:
    return timedelta(minutes=exam.time_limit_minutes)


def start_exam(store: Store, course: Course, exam: Exam, *, seed: int | None = None, shuffle: bool = True,
               clock: Clock) -> QuizSession:
    """A new attempt: draw from ``seed`` (a fresh one when not given); the deadline is now + time limit."""
    seed = new_seed() if seed is None else seed
    return QuizSession.start(store, exam, assemble(course, exam, seed), seed=seed, shuffle=shuffle,
                             clock=clock, time_limit=time_limit(exam))


def resume_exam(store: Store, course: Course, exam: Exam, *, clock: Clock) -> QuizSession | None:
    """The exam's unfinished attempt, rebuilt with its clock still running, or ``None``."""
    attempt = store.attempts.unfinished("exam", exam.id)
    if attempt is None:
        return None
    refs = {ref.key: ref for ref in course.questions()}
    return QuizSession.resume(store, exam, attempt, refs, clock=clock)


def history(store: Store, exam_id: str) -> list[Attempt]:
    """Every attempt at the exam, oldest first."""
    return store.attempts.list("exam", exam_id)
