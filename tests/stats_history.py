"""A month of made-up study on the mini course, the same every run: what the statistics snapshot shows."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from courseware.core.course.loader import load_course
from courseware.core.store import open_store
from courseware.core.study.scheduling import AGAIN, GOOD, HARD, Schedule, study_cards
from tests.apphelpers import MINI, START, FakeClock


def seed_history(data: Path, days: int = 30, *, course_root: Path = MINI, quiz_id: str = "retention-quiz",
                 exam_id: str = "mini-exam", topic: str = "retention", cards_a_day: int | None = None) -> FakeClock:
    """Reviews most days, some forgotten, a quiz a week and an exam; returns a clock at the end of it."""
    course = load_course(course_root)
    store = open_store(data)
    schedule = Schedule(course, store, fuzzing=False)
    pick = random.Random(7)
    cards = study_cards(course)[:cards_a_day]
    start = START - timedelta(days=days)
    store.modules.mark_read("retention")
    for day in range(days):
        moment = start + timedelta(days=day, hours=9)
        if day % 6 == 5:
            continue
        for card in cards:
            for _ in range(pick.randint(1, 4)):
                rating = pick.choice([AGAIN, HARD, GOOD, GOOD, GOOD])
                schedule.rate(card, rating, moment, duration_ms=pick.randint(2000, 9000))
                moment += timedelta(minutes=pick.randint(2, 15))
        store.study_time.add("flashcards", None, started_at=moment, seconds=pick.randint(120, 900))
        if day % 7 == 3:
            attempt = store.attempts.start("quiz", quiz_id, started_at=moment)
            right = pick.randint(3, 7)
            for number in range(7):
                store.attempts.record_answer(attempt, f"{quiz_id}/q{number}", "x", correct=number < right,
                                             earned=float(number < right), possible=1.0, topic=topic,
                                             answered_at=moment + timedelta(minutes=number))
            store.attempts.finish(attempt, earned=right, possible=7, passed=right >= 6,
                                  submitted_at=moment + timedelta(minutes=8))
    exam = store.attempts.start("exam", exam_id, started_at=START - timedelta(days=2))
    store.attempts.finish(exam, earned=5, possible=6, passed=True, submitted_at=START - timedelta(days=2, minutes=-20))
    store.close()
    return FakeClock(START)
