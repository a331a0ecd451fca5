"""Line mode with the whole exam: moving, flags, the list and review before submitting, time announcements,
and a time-out noticed while waiting for a line. The clock is a fake one the scripted input moves."""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pytest

from courseware.cli.line_mode import LineSession
from courseware.core.assessment.credential import CredentialError, exam_record
from courseware.core.assessment.exams import review_seen, start_exam
from courseware.core.assessment.presentation import parse_line
from courseware.core.assessment.results import describe_attempt
from courseware.core.store import Store, open_store
from tests.quiz_helpers import FakeClock, mini_course, right_line

WAIT = object()
"""In a script: no line arrives before the reader's timeout (the clock moves by the timeout)."""


class ScriptedLines:
    """Lines typed on a fake clock: each takes ``typing`` seconds; ``WAIT`` is silence until the timeout."""

    def __init__(self, script: Iterable[object], clock: FakeClock, *, typing: float = 1.0) -> None:
        self.script = list(script)
        self.clock = clock
        self.typing = typing
        self.waits: list[float | None] = []

    def read(self, timeout: float | None) -> str | None:
        self.waits.append(timeout)
        if not self.script:
            return ""
        if self.script[0] is WAIT:
            assert timeout is not None, "waiting for ever on a timed exam"
            self.clock.advance(seconds=timeout)
            self.script.pop(0)
            return None
        self.clock.advance(seconds=self.typing)
        return f"{self.script.pop(0)}\n"


def sit(tmp_path: Path, script: Iterable[object], *, seed: int = 2) -> tuple[str, Store, int, FakeClock]:
    clock = FakeClock()
    store = open_store(tmp_path)
    session = start_exam(store, mini_course(), mini_course().exams["mini-exam"], seed=seed, clock=clock)
    out = io.StringIO()
    LineSession(session, ScriptedLines(script, clock), out, feedback=False).run()
    return out.getvalue(), store, session.attempt_id, clock


def shown_in(tmp_path: Path, seed: int = 2) -> list[str]:
    """The right line for each question of the draw from ``seed``, in the order shown."""
    store = open_store(tmp_path / "probe")
    session = start_exam(store, mini_course(), mini_course().exams["mini-exam"], seed=seed, clock=FakeClock())
    lines = [right_line(shown) for shown in session.shown]
    store.close()
    return lines


def questions_asked(out: str) -> list[int]:
    return [int(line.split()[1]) for line in out.splitlines() if line.startswith("Question ") and " of 6 (" in line]


def test_going_back_flagging_listing_and_reviewing_before_submitting(tmp_path: Path) -> None:
    right = shown_in(tmp_path)
    script = [right[0], "", ":back", ":back", ":flag", ":list", ":go 2", right[1], ":review", ":submit"]
    out, store, attempt_id, _ = sit(tmp_path, script)
    # Answered 1, skipped 2, on to 3, back to 2 and 1, flagged it, went to 2, answered it, on to 3.
    assert questions_asked(out) == [1, 2, 3, 2, 1, 2, 3]
    assert "Your answer so far: True" in out and "Question 1 flagged." in out
    assert "Answered: 1\nFlagged: 1\nBlank: 2, 3, 4, 5, 6" in out
    before_submitting = out.split("Submitting with")[0]
    assert "1. [answered, flagged] Churn is 1 minus retention.\n   Your answer: True\n2. [answered]" \
        in before_submitting
    assert "3. [blank]" in before_submitting and "[right]" not in before_submitting
    assert "Submitting with 4 questions unanswered." in out
    assert out.splitlines()[-1] == "score: 2/6 (33.3%) fail"
    assert len(store.attempts.flags(attempt_id)) == 1


def test_an_exam_never_submits_itself_after_the_last_answer_until_the_input_ends(tmp_path: Path) -> None:
    right = shown_in(tmp_path)
    out, *_ = sit(tmp_path, [*right, ":go 1", "", ":time"])
    done = "All 6 questions are answered: :review to check them, :go N to change one, :submit to hand in."
    assert done in out
    assert questions_asked(out) == [1, 2, 3, 4, 5, 6, 1]
    assert out.count(done) == 2, "said again after skipping the answered question 1"
    assert out.split("Answer (true or false):\n")[-1].startswith(f"Skipped.\n{done}\nTime left: 4:51.\n"
                                                                  "End of input: submitting what was answered.")
    assert out.splitlines()[-1] == "score: 6/6 (100%) pass"


def test_time_out_while_waiting_for_a_line_submits_at_once_and_announces_the_time_on_the_way(
        tmp_path: Path) -> None:
    # The exam lasts 5 minutes: silence until 1 minute is left is announced, then silence to the end.
    right = shown_in(tmp_path)
    clock_script: list[object] = [right[0], WAIT, WAIT, right[1]]
    out, store, attempt_id, clock = sit(tmp_path, clock_script)
    assert "1 minute left." in out
    assert out.splitlines().count("1 minute left.") == 1
    assert "Time is up: the exam is submitted as it stands." in out
    assert "End of input" not in out
    attempt = store.attempts.get(attempt_id)
    assert attempt is not None and attempt.submitted_at == attempt.deadline
    assert out.splitlines()[-1] == "score: 1/6 (16.7%) fail", "the line after the deadline was never read"
    assert len(store.attempts.answers(attempt_id)) == 1
    assert questions_asked(out) == [1, 2] and "Question 2 of 6 (matching) - time left 4:59" in out


def test_unknown_commands_and_bad_question_numbers_are_refused(tmp_path: Path) -> None:
    out, *_ = sit(tmp_path, [":go 9", ":jump", ":help"])
    assert "Not accepted: ':go' needs a question number from 1 to 6, such as :go 3." in out
    assert "Not accepted: unknown command ':jump'; type :help for the commands." in out
    for command in (":next", ":back", ":go N", ":flag", ":list", ":review", ":submit", ":time", ":help"):
        assert f"  {command}" in out


def test_a_unit_of_another_dimension_is_refused_and_asked_again_naming_the_unit(tmp_path: Path) -> None:
    right = shown_in(tmp_path)
    out, store, attempt_id, _ = sit(tmp_path, [right[0], "", "18 dollars", "1.5 years", ":submit"])
    assert "Not accepted: '18 dollars' is not in months: type a number of months. Try again.\n" \
           "Answer (a number):" in out
    assert [answer.response for answer in store.attempts.answers(attempt_id)][-1] == "1.5 years"
    assert "3. [right] CAC $18, profit $1 a month." in out


def test_an_abandoned_attempt_is_a_fail_in_the_history(tmp_path: Path) -> None:
    clock = FakeClock()
    store = open_store(tmp_path)
    course = mini_course()
    exam = course.exams["mini-exam"]
    first = start_exam(store, course, exam, seed=5, clock=clock)
    for index, shown in enumerate(first.shown):
        first.answer(index, parse_line(shown, right_line(shown)))
    clock.advance(minutes=1)
    second = start_exam(store, course, exam, seed=6, clock=clock)
    abandoned, current = store.attempts.list("exam", exam.id)
    assert abandoned.abandoned and abandoned.passed is False and abandoned.earned == 6
    assert abandoned.submitted_at == clock.now and current.id == second.attempt_id
    assert describe_attempt(abandoned).endswith("seed 5  6/6 (100%) fail (abandoned)")


def test_a_seed_sat_again_after_its_review_was_seen_is_a_practice_paper_without_certificate(tmp_path: Path) -> None:
    clock = FakeClock()
    store = open_store(tmp_path)
    course = mini_course()
    exam = course.exams["mini-exam"]
    for attempt_number in (1, 2):
        session = start_exam(store, course, exam, seed=5, clock=clock)
        for index, shown in enumerate(session.shown):
            session.answer(index, parse_line(shown, right_line(shown)))
        session.finish()
        if attempt_number == 1:
            assert exam_record(course, store, session.attempt_id, "Ada").earned == 6
            review_seen(store, session.attempt_id)
    assert session.attempt.practice
    with pytest.raises(CredentialError, match="practice paper"):
        exam_record(course, store, session.attempt_id, "Ada")
    assert describe_attempt(session.attempt).endswith("6/6 (100%) pass (practice paper)")
