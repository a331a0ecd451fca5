"""The home dashboard's figures, computed in the core."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from courseware.core.course.loader import load_course
from courseware.core.store import open_store
from courseware.core.study.dashboard import build_dashboard, card_modules
from courseware.core.study.scheduling import GOOD, Schedule, study_cards
from tests.apphelpers import MINI

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_cards_belong_to_the_module_linking_them_or_teaching_their_tag() -> None:
    assert card_modules(load_course(MINI)) == {"renewal-rate": "retention", "churn": "retention"}


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
