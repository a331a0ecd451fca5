"""Exams: a fresh, reproducible draw of questions from the blueprint for each attempt, against the clock.

The draw uses ``random.Random(seed)`` only, so the seed the attempt records (and shows) repeats it
exactly with ``courseware exam ID --seed N``. The time source is passed in, never read from the system
here, so tests run out the clock without sleeping.
"""

from __future__ import annotations

import random
from datetime import timedelta

from courseware.core.assessment.quiz_session import Clock, QuizSession, abandon, new_seed, past_result
from courseware.core.assessment.results import Result
from courseware.core.course import blueprint
from courseware.core.course.course import Course, QuestionRef
from courseware.core.errors import UsageError
from courseware.core.model import Exam
from courseware.core.store import Attempt, Store


def assemble(course: Course, exam: Exam, seed: int) -> list[QuestionRef]:
    """The questions of one attempt: every rule's count at once, never a question or two of a cluster twice."""
    return blueprint.draw(course, exam, random.Random(seed))


def time_limit(exam: Exam) -> timedelta:
    return timedelta(minutes=exam.time_limit_minutes)


def start_exam(store: Store, course: Course, exam: Exam, *, seed: int | None = None, shuffle: bool = True,
               clock: Clock) -> QuizSession:
    """A new attempt: draw from ``seed`` (a fresh one when not given); the deadline is now + time limit.

    An attempt still open is closed first: submitted as it stood if its time is up, else recorded as
    abandoned (a fail). A seed whose review was already seen makes the new attempt a practice paper.
    """
    close_unfinished(store, course, exam, clock=clock)
    repeated = seed is not None and any(attempt.seed == seed and attempt.review_seen
                                        for attempt in history(store, exam.id))
    seed = new_seed() if seed is None else seed
    drawn = assemble(course, exam, seed)
    session = QuizSession.start(store, exam, drawn, seed=seed, shuffle=shuffle, clock=clock,
                                time_limit=time_limit(exam))
    if repeated:
        store.attempts.mark(session.attempt_id, practice=True)
        attempt = store.attempts.get(session.attempt_id)
        assert attempt is not None
        session.attempt = attempt
    return session


def close_unfinished(store: Store, course: Course, exam: Exam, *, clock: Clock) -> Attempt | None:
    """Close the exam's open attempt, if any (see ``start_exam``), and return it."""
    unfinished = resume_exam(store, course, exam, clock=clock)
    if unfinished is None:
        return None
    if unfinished.expired:
        unfinished.finish()
    else:
        abandon(unfinished)
    return unfinished.attempt


def review_seen(store: Store, attempt_id: int) -> None:
    """The learner saw the attempt's answers: repeating its seed from now on is practice."""
    store.attempts.mark(attempt_id, review_seen=True)


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


def review_of(store: Store, course: Course, attempt_id: int) -> tuple[Attempt, Result]:
    """A past quiz or exam attempt of this course with its result, to show every question again."""
    attempt = store.attempts.get(attempt_id)
    if attempt is None or attempt.kind not in {"quiz", "exam"}:
        raise UsageError(f"no quiz or exam attempt #{attempt_id} (see 'courseware attempts')")
    source = course.exams.get(attempt.ref_id) if attempt.kind == "exam" else course.quizzes.get(attempt.ref_id)
    if source is None:
        raise UsageError(f"attempt #{attempt_id} is at {attempt.kind} '{attempt.ref_id}', which this course "
                         "no longer has")
    refs = {ref.key: ref for ref in course.questions()}
    return attempt, past_result(store, source, attempt, refs)
