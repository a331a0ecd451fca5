"""Exam assembly from the blueprint, the deadline, and resuming with the clock still running."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from courseware.core.assessment.exams import assemble, history, resume_exam, start_exam
from courseware.core.assessment.presentation import parse_line
from courseware.core.assessment.quiz_session import TimeUp
from courseware.core.course.course import Course
from courseware.core.course.references import exam_pool
from courseware.core.store import open_store
from tests.apphelpers import FakeClock
from tests.quiz_helpers import right_line


@pytest.mark.parametrize("seed", range(20))
def test_the_draw_follows_the_blueprint_without_duplicates_and_repeats_from_its_seed(seed: int, mini: Course) -> None:
    course = mini
    exam = course.exams["mini-exam"]
    drawn = assemble(course, exam, seed)
    keys = [ref.key for ref in drawn]
    assert len(keys) == 6 and len(set(keys)) == 6
    topic_pool, quiz_pool = exam_pool(course, exam)
    assert all(key in topic_pool for key in keys[:4]) and all(key in quiz_pool for key in keys[4:])
    assert [ref.key for ref in assemble(course, exam, seed)] == keys


def test_different_seeds_draw_differently(mini: Course) -> None:
    course = mini
    exam = course.exams["mini-exam"]
    assert len({tuple(ref.key for ref in assemble(course, exam, seed)) for seed in range(20)}) > 1


def test_an_exam_gives_no_answers_after_its_deadline_and_submits_at_it(tmp_path: Path, mini: Course,
                                                                        clock: FakeClock) -> None:
    course = mini
    store = open_store(tmp_path)
    session = start_exam(store, course, course.exams["mini-exam"], seed=42, clock=clock)
    assert session.deadline == clock.now + timedelta(minutes=5)
    session.answer(0, parse_line(session.shown[0], right_line(session.shown[0])))
    clock.advance(minutes=6)
    assert session.expired
    with pytest.raises(TimeUp):
        session.answer(1, parse_line(session.shown[1], right_line(session.shown[1])))
    result = session.finish()
    assert result.earned == 1 and result.possible == 6 and not result.passed
    attempt = store.attempts.get(session.attempt_id)
    assert attempt is not None and attempt.submitted_at == session.deadline


def test_a_resumed_exam_keeps_its_draw_answers_flags_and_running_clock(tmp_path: Path, mini: Course,
                                                                       clock: FakeClock) -> None:
    course = mini
    exam = course.exams["mini-exam"]
    store = open_store(tmp_path)
    session = start_exam(store, course, exam, seed=9, clock=clock)
    session.answer(2, parse_line(session.shown[2], right_line(session.shown[2])))
    session.set_flag(4, True)
    store.close()
    clock.advance(minutes=2)
    store = open_store(tmp_path)
    resumed = resume_exam(store, course, exam, clock=clock)
    assert resumed is not None and resumed.seed == 9
    assert [s.key for s in resumed.shown] == [s.key for s in session.shown]
    assert list(resumed.answers) == [2] and resumed.flags == {4}
    remaining = resumed.remaining()
    assert remaining is not None and remaining.total_seconds() == 180
    resumed.finish()
    assert [attempt.passed for attempt in history(store, exam.id)] == [False]
