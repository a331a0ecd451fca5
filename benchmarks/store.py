"""The progress store at scale: 100,000 cards with 1,000,000 reviews; targets are absolute medians."""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import Figure, median_seconds

CARDS = 100_000
REVIEWS = 1_000_000


def _fill(data: Path) -> None:
    from courseware.core.store import open_store

    store = open_store(data, fallback_to_memory=False)
    rng = random.Random(7)
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


def measure(runs: int) -> list[Figure]:
    from courseware.core.store import open_store

    with tempfile.TemporaryDirectory() as directory:
        data = Path(directory)
        _fill(data)
        store = open_store(data, fallback_to_memory=False)
        now = datetime(2026, 1, 2, tzinfo=UTC)
        next_due = median_seconds(lambda: store.reviews.next_due(now), runs * 20)
        attempt = store.attempts.start("quiz", "bench")
        counter = iter(range(10**9))

        def record() -> None:
            number = next(counter)
            store.attempts.record_answer(attempt, f"bench/q{number}", number % 3, correct=True, earned=1, possible=1,
                                         topic="bench")

        answer = median_seconds(record, runs * 20)
        store.close()
    return [
        Figure(f"next due card ({CARDS:,} cards, {REVIEWS:,} reviews)", next_due * 1000, None, "ms", "≤ 10 ms",
               next_due <= 0.010),
        Figure("record one answer (committed)", answer * 1000, None, "ms", "≤ 2 ms", answer <= 0.002),
    ]
