"""The home dashboard's figures, computed in the core."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from courseware.core.course.loader import load_course
from courseware.core.store import open_store
from courseware.core.study.dashboard import build_dashboard
from courseware.core.study.scheduling import GOOD, Schedule, study_cards
from tests.apphelpers import MINI

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_cards_belong_to_the_module_linking_them_or_teaching_their_tag() -> None:
    assert load_course(MINI).card_owners == {"renewal-rate": "retention", "churn": "retention"}


def test_due_cards_are_counted_per_module_and_suggested(tmp_path: Path) -> None:
    course = load_course(MINI)
    store = open_store(tmp_path)
    schedule = Schedule(course, store, fuzzing=False)
    for card in study_cards(course):
        schedule.rate(card, GOOD, NOW - timedelta(days=1))
    board = build_dashboard(course, store, NOW, new_per_day=20)
    assert board.cards_due == 3 and board.new_cards == 0
    assert [(row.module_id, row.cards_due) for row in board.modules] == [("retention", 3), ("growth", 0)]
    assert board.next_step.text == "Review 3 due cards" and board.next_step.action == "drill"


def test_next_step_order(tmp_path: Path) -> None:
    course = load_course(MINI)
    store = open_store(tmp_path)
    assert build_dashboard(course, store, NOW, new_per_day=20).next_step.text == \
        "Start module 1: Retention and churn"
    store.modules.save_position("growth", scroll=0.5)
    assert build_dashboard(course, store, NOW, new_per_day=20).next_step.text == "Continue module 2: Growth"
    store.modules.mark_read("growth")
    store.modules.mark_read("retention")
    assert build_dashboard(course, store, NOW, new_per_day=20).next_step.text == "Take the quiz: Retention quiz"
    attempt = store.attempts.start("quiz", "retention-quiz")
    store.attempts.finish(attempt, earned=9, possible=10, passed=True)
    assert build_dashboard(course, store, NOW, new_per_day=20).next_step.text == "Learn 3 new cards"
    assert build_dashboard(course, store, NOW, new_per_day=0).next_step.text == "Sit the exam: Mini exam"


def test_a_half_done_exam_is_the_next_step_with_its_progress_and_time_left(tmp_path: Path) -> None:
    course = load_course(MINI)
    store = open_store(tmp_path)
    plan = {"questions": [{"key": f"q{number}"} for number in range(6)]}
    attempt = store.attempts.start("exam", "mini-exam", plan=plan, started_at=NOW - timedelta(minutes=2),
                                   deadline=NOW + timedelta(minutes=3, seconds=30))
    for key in ("q0", "q1"):
        store.attempts.record_answer(attempt, key, "x", correct=False, earned=0, possible=1, answered_at=NOW)
    step = build_dashboard(course, store, NOW, new_per_day=20).next_step
    assert (step.text, step.action, step.ref) == (
        "Resume the exam: Mini exam, 2 of 6 answered, 3 min left", "exam", "mini-exam")
    # Once the time is up it is no longer offered.
    later = build_dashboard(course, store, NOW + timedelta(minutes=4), new_per_day=20).next_step
    assert later.action != "exam"


def test_a_half_done_quiz_is_offered_to_resume(tmp_path: Path) -> None:
    course = load_course(MINI)
    store = open_store(tmp_path)
    attempt = store.attempts.start("quiz", "retention-quiz", plan={"questions": [{"key": "a"}, {"key": "b"}]},
                                   started_at=NOW)
    store.attempts.record_answer(attempt, "a", "x", correct=True, earned=1, possible=1, answered_at=NOW)
    step = build_dashboard(course, store, NOW, new_per_day=20).next_step
    assert step.text == "Resume the quiz: Retention quiz, 1 of 2 answered" and step.action == "quiz"
