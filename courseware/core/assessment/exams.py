"""Exams: a fresh, reproducible draw of questions from the blueprint for each attempt, against the clock.

The draw uses ``random.Random(seed)`` only, so the seed the attempt records (and shows) repeats it
exactly with ``courseware exam ID --seed N``. The time source is passed in, never read from the system
here, so tests run out the clock without sleeping.
"""

from __future__ import annotations

import random
from datetime import timedelta

from courseware.core.assessment.quiz_session import Clock, QuizSession, new_seed
from courseware.core.course.course import Course, QuestionRef
from courseware.core.course.references import exam_pool
from courseware.core.errors import CoursewareError
from courseware.core.model import Exam
from courseware.core.store import Attempt, Store


def assemble(course: Course, exam: Exam, seed: int) -> list[QuestionRef]:
    """The questions of one attempt: each rule draws its count from its pool, never a question twice."""
    rng = random.Random(seed)
    refs = {ref.key: ref for ref in course.questions()}
    chosen: list[str] = []
    taken: set[str] = set()
    for rule, pool in zip(exam.draw, exam_pool(course, exam), strict=True):
        available = [key for key in pool if key not in taken]
        if len(available) < rule.count:
            raise CoursewareError(f"exam '{exam.id}' cannot draw {rule.count} questions from "
                                  f"{rule.topic or rule.quiz or rule.module}: only {len(available)} are left "
                                  f"(run courseware validate)")
        drawn = rng.sample(available, rule.count)
        chosen.extend(drawn)
        taken.update(drawn)
    return [refs[key] for key in chosen]


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
