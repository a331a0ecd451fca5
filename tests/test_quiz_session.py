"""The quiz session core: seeded presentation, grading through the shown letters, storage, resume, results."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.core.assessment.presentation import parse_line
from courseware.core.assessment.quiz_session import resume_quiz, start_quiz
from courseware.core.assessment.results import cards_for_topics
from courseware.core.errors import AnswerFormatError
from courseware.core.store import open_store
from courseware.core.text import printable
from tests.quiz_helpers import FakeClock, mini_course, right_line, wrong_line


def test_every_type_right_scores_full_marks_and_is_stored(tmp_path: Path) -> None:
    course = mini_course()
    store = open_store(tmp_path)
    clock = FakeClock()
    session = start_quiz(store, course.quizzes["retention-quiz"], seed=7, clock=clock)
    for index, shown in enumerate(session.shown):
        assert session.answer(index, parse_line(shown, right_line(shown))).correct, shown.key
    result = session.finish()
    assert (result.earned, result.possible, result.passed) == (7, 7, True)
    stored = store.attempts.answers(session.attempt_id)
    assert {answer.question_key for answer in stored} == {shown.key for shown in session.shown}
    assert all(answer.correct for answer in stored)
    attempt = store.attempts.get(session.attempt_id)
    assert attempt is not None and attempt.passed and attempt.seed == 7 and attempt.submitted_at == clock.now


def test_wrong_answers_give_the_chosen_choice_feedback_and_count_per_topic(tmp_path: Path) -> None:
    course = mini_course()
    store = open_store(tmp_path)
    session = start_quiz(store, course.quizzes["retention-quiz"], seed=3, clock=FakeClock())
    for index, shown in enumerate(session.shown):
        graded = session.answer(index, parse_line(shown, wrong_line(shown)))
        assert not graded.correct and graded.earned == 0
        if shown.question.id == "renewal-rate":
            assert graded.feedback[0] in {"That is the churn rate.",
                                          "New customers never count towards retention."}
    result = session.finish()
    assert result.score_line == "score: 0/7 (0%) fail"
    by_topic = {topic.topic: (topic.right, topic.total) for topic in result.topics}
    assert by_topic == {"retention": (0, 6), "renewals": (0, 1)}
    assert [topic.topic for topic in result.weakest()] == ["renewals", "retention"]
    assert len(result.mistakes) == 7
    assert sorted(cards_for_topics(course, ["retention"])) == ["churn", "renewal-rate"]


def test_the_same_seed_shows_the_same_order_and_no_shuffle_keeps_file_order(tmp_path: Path) -> None:
    quiz = mini_course().quizzes["retention-quiz"]
    store = open_store(tmp_path)
    first = start_quiz(store, quiz, seed=11, clock=FakeClock())
    again = start_quiz(store, quiz, seed=11, clock=FakeClock())
    assert [(s.key, s.order, s.rows) for s in first.shown] == [(s.key, s.order, s.rows) for s in again.shown]
    plain = start_quiz(store, quiz, seed=11, shuffle=False, clock=FakeClock())
    assert [s.question.id for s in plain.shown] == [q.id for q in quiz.questions]
    assert plain.shown[0].order == (0, 1, 2)
    ordering = next(s for s in plain.shown if s.question.type == "ordering")
    assert ordering.order != (0, 1, 2), "items shown in file order would give the answer away"


def test_resume_shows_the_same_plan_with_the_answers_given(tmp_path: Path) -> None:
    quiz = mini_course().quizzes["retention-quiz"]
    clock = FakeClock()
    store = open_store(tmp_path)
    session = start_quiz(store, quiz, seed=5, clock=clock)
    for index in range(3):
        session.answer(index, parse_line(session.shown[index], right_line(session.shown[index])))
    store.close()
    reopened = open_store(tmp_path)
    resumed = resume_quiz(reopened, quiz, clock=clock)
    assert resumed is not None and resumed.attempt_id == session.attempt_id
    assert [(s.key, s.order, s.rows) for s in resumed.shown] == [
        (s.key, s.order, s.rows) for s in session.shown]
    assert sorted(resumed.answers) == [0, 1, 2] and resumed.next_unanswered() == 3
    resumed.finish()
    assert resume_quiz(reopened, quiz, clock=clock) is None


@pytest.mark.parametrize(("question_id", "line"), [
    ("renewal-rate", "d"), ("renewal-rate", "a,b"), ("tf", "maybe"), ("term", "the"), ("payback", "soon"),
    ("match", "a,b"), ("match", "a,b,z"), ("order", "a,a,b"), ("levers", ""),
])
def test_unreadable_answers_are_refused_and_nothing_is_stored(tmp_path: Path, question_id: str,
                                                               line: str) -> None:
    store = open_store(tmp_path)
    session = start_quiz(store, mini_course().quizzes["retention-quiz"], seed=1, clock=FakeClock())
    index = next(i for i, shown in enumerate(session.shown) if shown.question.id == question_id)
    with pytest.raises(AnswerFormatError):
        session.answer(index, parse_line(session.shown[index], line))
    assert store.attempts.answers(session.attempt_id) == []


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31))
def test_the_right_letters_are_right_under_any_shuffle(seed: int) -> None:
    from courseware.core.store import Store

    store = Store.in_memory()
    session = start_quiz(store, mini_course().quizzes["retention-quiz"], seed=seed, clock=FakeClock())
    for index, shown in enumerate(session.shown):
        assert session.answer(index, parse_line(shown, right_line(shown))).correct
        assert shown.positions_of(session.answers[index].response) or shown.question.type in {
            "true_false", "short", "numeric"}


def test_control_characters_are_shown_not_obeyed() -> None:
    assert printable("\x1b[31mred\x07") == "^[[31mred^G"
    assert printable("[bold red]x[/]") == "[bold red]x[/]"
