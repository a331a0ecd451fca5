"""Statistics from the store, in the core, through `courseware stats` and `--json`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.course.loader import load_course
from courseware.core.store import open_store
from courseware.core.study.scheduling import AGAIN, GOOD, Schedule, study_cards
from courseware.core.study.stats import compute, course_for_statistics, report, sparkline
from tests.apphelpers import MINI

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _populate(data: Path) -> None:
    store = open_store(data)
    course = load_course(MINI)
    store.modules.mark_read("retention")
    attempt = store.attempts.start("quiz", "retention-quiz", started_at=NOW - timedelta(days=1))
    store.attempts.record_answer(attempt, "retention-quiz/tf", True, correct=True, earned=1, possible=1,
                                 topic="retention", answered_at=NOW - timedelta(days=1))
    store.attempts.record_answer(attempt, "retention-quiz/term", "x", correct=False, earned=0, possible=1,
                                 topic="retention", answered_at=NOW - timedelta(days=1))
    store.attempts.finish(attempt, earned=1, possible=2, passed=False, submitted_at=NOW - timedelta(days=1))
    exam = store.attempts.start("exam", "mini-exam", started_at=NOW)
    store.attempts.finish(exam, earned=5, possible=6, passed=True, submitted_at=NOW)
    schedule = Schedule(course, store, fuzzing=False)
    card = study_cards(course)[2]
    due = schedule.rate(card, GOOD, NOW)
    schedule.rate(card, AGAIN, due)
    store.study_time.add("reading", "retention", started_at=NOW, seconds=600)
    store.close()


def test_statistics_are_computed_from_the_store(tmp_path: Path) -> None:
    _populate(tmp_path)
    stats = compute(load_course(MINI), open_store(tmp_path), NOW)
    data = stats.to_json()
    assert data["answers"] == 2 and data["reviews"] == 2
    assert data["modules"] == {"retention": {"read": True, "best_quiz_score": 0.5},
                               "growth": {"read": False, "best_quiz_score": None}}
    assert data["exam_attempts"][0]["exam_id"] == "mini-exam"
    assert data["exam_attempts"][0]["score"] == pytest.approx(5 / 6)
    # The Again came 10 minutes after the first sight: a same-day learning step, not a retention test.
    assert data["retention"] == {"reviews": 0, "recalled": 0, "rate": None}
    assert data["time_studied"]["seconds"] == 600
    assert data["topic_mastery"]["retention"]["answers"] == 2
    assert data["topic_mastery"]["retention"]["score"] == 0.5
    # One card of the topic seen; FSRS's odds of recalling it a moment after an Again are high but below 1.
    mastery = data["topic_mastery"]["retention"]
    assert mastery["cards_seen"] == 1 and 0.5 < mastery["retrievability"] <= 1
    series = data["series"]
    assert [point["value"] for point in series["reviews_per_day"][-1:]] == [2]
    assert len(series["reviews_per_day"]) == 30 and len(series["due_forecast"]) == 30
    assert sum(point["value"] for point in series["due_forecast"]) == 1
    assert series["seconds_per_day"][-1]["value"] == 600 + 0.0
    assert [(score["kind"], score["score"]) for score in series["scores"]] == [("quiz", 0.5), ("exam", 0.8333)]
    text = report(stats, load_course(MINI), NOW.date())
    assert "1. Retention and churn" in text and "best quiz  50%" in text
    assert "Time studied: 10m (reading 10m)" in text


def test_sparkline() -> None:
    assert sparkline([0, 1, 2, 4]) == " ▂▄█"
    assert sparkline([0.5], top=1.0) == "▄"


def test_stats_command_prints_json_for_scripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COURSEWARE_DATA", str(tmp_path))
    _populate(tmp_path)
    assert main(["stats", "--json", "--course", str(MINI)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers"] == 2 and data["reviews"] == 2
    assert data["modules"]["retention"] == {"read": True, "best_quiz_score": 0.5}
    assert data["exam_attempts"][0]["passed"] is True


def test_stats_command_prints_text_for_people(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COURSEWARE_DATA", str(tmp_path))
    assert main(["stats", "--course", str(MINI)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Modules\n") and "none yet" in out


def test_time_in_quizzes_exams_and_practice_counts_as_studied(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    quiz = store.attempts.start("quiz", "retention-quiz", started_at=NOW)
    store.attempts.record_answer(quiz, "retention-quiz/tf", True, correct=True, earned=1, possible=1,
                                 answered_at=NOW + timedelta(minutes=4))
    exam = store.attempts.start("exam", "mini-exam", started_at=NOW)
    store.attempts.finish(exam, earned=1, possible=6, passed=False, submitted_at=NOW + timedelta(minutes=5))
    forgotten = store.attempts.start("quiz", "retention-quiz", started_at=NOW - timedelta(days=2))
    store.attempts.record_answer(forgotten, "retention-quiz/term", "x", correct=False, earned=0, possible=1,
                                 answered_at=NOW - timedelta(days=1))
    stats = compute(load_course(MINI), store, NOW + timedelta(minutes=10))
    assert stats.seconds_by_activity == {"quizzes": 4 * 60 + 3 * 3600, "exams": 5 * 60}
    assert "exams 5m" in report(stats, load_course(MINI), NOW.date())


def test_statistics_read_no_deck_once_the_store_holds_the_courses_card_list(tmp_path: Path) -> None:
    _populate(tmp_path)
    store = open_store(tmp_path)
    first = course_for_statistics(MINI, store)  # a store that never saw the course whole: read whole
    assert first.decks and first.complete
    whole = compute(first, store, NOW).to_json()
    again = course_for_statistics(MINI, store)
    assert not again.decks and not again.complete and again.quizzes
    assert compute(again, store, NOW).to_json() == whole
    assert whole["cards"] == {"total": 3, "seen": 1, "due": 0, "suspended": 0, "leeches": 0}


def test_recall_odds_from_stability_and_last_review_are_fsrs_own(tmp_path: Path) -> None:
    course = load_course(MINI)
    schedule = Schedule(course, open_store(tmp_path), fuzzing=False)
    card = study_cards(course)[0]
    schedule.rate(card, GOOD, NOW - timedelta(days=12))
    schedule.rate(card, GOOD, NOW - timedelta(days=9))
    stored = schedule.state(card)
    assert stored is not None
    state = json.loads(stored.state)
    later = NOW + timedelta(days=3, hours=5)
    odds = schedule.fsrs.recall_odds(state["stability"], datetime.fromisoformat(state["last_review"]), later)
    assert odds == pytest.approx(schedule.fsrs.retrievability(stored.state, later)) and 0 < odds < 1
    assert schedule.fsrs.recall_odds(None, None, later) == 0
