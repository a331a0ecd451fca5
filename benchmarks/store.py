"""The store and scheduler at scale (100,000 cards, 1,000,000 reviews) and exam assembly; absolute targets."""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

from benchmarks.common import Figure, median_seconds
from benchmarks.loading import generate_course

CARDS = 100_000
REVIEWS = 1_000_000


def _fill(data: Path) -> None:
    from courseware.core.store import open_store

    store = open_store(data, fallback_to_memory=False)
    rng = random.Random(7)  # the same store every run
    now = datetime(2026, 1, 1, tzinfo=UTC)
    db = store.connection
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO card_state (card_key, state, due, lapses, introduced_at) VALUES (?, ?, ?, ?, ?)",
        ((f"deck/card-{n}", "{}", (now + timedelta(minutes=rng.randint(-10_000, 100_000))).isoformat(),
          0, now.isoformat()) for n in range(CARDS)))
    db.executemany(
        "INSERT INTO reviews (card_key, rating, reviewed_at, duration_ms, mode) VALUES (?, ?, ?, ?, 'schedule')",
        ((f"deck/card-{rng.randrange(CARDS)}", rng.randint(1, 4),
          (now - timedelta(minutes=rng.randint(0, 500_000))).isoformat(), 4000) for _ in range(REVIEWS)))
    db.execute("COMMIT")
    store.close()


def _deck_course(root: Path) -> None:
    """A course whose decks hold the CARDS cards the store knows, as the scheduler sees them."""
    (root / "content").mkdir()
    (root / "quizzes").mkdir()
    per_file = 10_000
    for first in range(0, CARDS, per_file):
        cards = [{"id": f"card-{n}", "front": f"Term {n}", "back": f"Meaning {n}"}
                 for n in range(first, first + per_file)]
        deck = {"kind": "deck", "id": "deck" if first == 0 else f"deck-{first}", "title": "Deck", "cards": cards}
        (root / "quizzes" / f"deck-{first:06}.yaml").write_text(yaml.safe_dump(deck, sort_keys=False))


def _exam_assembly(runs: int) -> Figure:
    from courseware.core.assessment.exams import assemble
    from courseware.core.course.loader import load_course
    from courseware.core.model import DrawRule, Exam

    with tempfile.TemporaryDirectory() as directory:
        generate_course(Path(directory), 10_000, 200)
        course = load_course(Path(directory))
    exam = Exam(kind="exam", id="bench-exam", title="Bench", time_limit_minutes=60,
                draw=[DrawRule(topic="bench", count=30), DrawRule(quiz="quiz-7", count=10)])
    seeds = iter(range(10**9))
    seconds = median_seconds(lambda: assemble(course, exam, next(seeds)), runs * 5)
    return Figure("exam assembly (40 from a 10,000-question pool)", seconds * 1000, None, "ms", "≤ 50 ms",
                  seconds <= 0.050)


def measure(runs: int) -> list[Figure]:
    from courseware.core.course.loader import load_course
    from courseware.core.store import open_store
    from courseware.core.study.flashcards import StudySession
    from courseware.core.study.scheduling import Schedule, study_cards

    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory) / "data"
        _fill(data)
        _deck_course(Path(directory))
        course = load_course(Path(directory))
        cards = study_cards(course)
        assert len(cards) == CARDS
        store = open_store(data, fallback_to_memory=False)
        now = datetime(2026, 1, 2, tzinfo=UTC)
        session = StudySession.start(Schedule(course, store), cards, now)
        assert session.current(now) is not None
        next_due = median_seconds(lambda: session.current(now), runs * 20)
        attempt = store.attempts.start("quiz", "bench")
        counter = iter(range(10**9))

        def record() -> None:
            number = next(counter)
            store.attempts.record_answer(attempt, f"bench/q{number}", number % 3, correct=True, earned=1, possible=1,
                                         topic="bench")

        answer = median_seconds(record, runs * 20)
        store.close()
    return [_exam_assembly(runs),
        Figure(f"next due card ({CARDS:,} cards, {REVIEWS:,} reviews)", next_due * 1000, None, "ms", "≤ 10 ms",
               next_due <= 0.010),
        Figure("record one answer (committed)", answer * 1000, None, "ms", "≤ 2 ms", answer <= 0.002),
    ]
