"""The courses and stores the benchmarks run on, generated once per run into a temporary directory.

- a course of ``N`` questions over 200 quiz files (the loading and large-course start-up figures);
- a course of 100,000 card directions (25 deck files) with an empty store and with a store of years of
  history: every card scheduled, 1,000,000 reviews over three years, quiz attempts;
- the bundled course, as users get it.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

QUESTION_TYPES = ("single", "multiple", "true_false", "short", "numeric", "matching", "ordering")
CARDS = 100_000
REVIEWS = 1_000_000
#: "Now" for every figure that depends on the date: the generated history ends here.
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _question(number: int) -> dict[str, object]:
    kind = QUESTION_TYPES[number % len(QUESTION_TYPES)]
    base: dict[str, object] = {"id": f"q{number}", "type": kind, "prompt": f"Question {number}: what is it?",
                               "explanation": "Because the numbers say so."}
    if kind in ("single", "multiple"):
        base["choices"] = [{"text": "80%", "correct": True}, {"text": "20%", "feedback": "That is churn."},
                           {"text": "110%", "correct": kind == "multiple"}]
    elif kind == "true_false":
        base["answer"] = number % 2 == 0
    elif kind == "short":
        base["answers"] = ["annual recurring revenue", "arr"]
    elif kind == "numeric":
        base.update(answer=18, tolerance=0.5, unit="months")
    elif kind == "matching":
        base["pairs"] = {"ARR": "Annual recurring revenue", "MRR": "Monthly recurring revenue",
                         "ATR": "Available to renew"}
    else:
        base["items"] = ["SDR", "AE", "CSM"]
    return base


def _skeleton(root: Path) -> None:
    (root / "content").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text("id: bench\ntitle: Bench\n", encoding="utf-8")
    (root / "content" / "01-bench.md").write_text(
        "---\nid: bench\ntitle: Bench\norder: 1\nsummary: Generated.\nobjectives: [Measure]\n---\n# Bench\n\nText.\n",
        encoding="utf-8")


def question_course(root: Path, questions: int, files: int = 200) -> list[Path]:
    """A course of ``questions`` questions spread over ``files`` quiz files and one module."""
    _skeleton(root)
    per_file = questions // files
    paths = []
    for number in range(files):
        quiz = {"kind": "quiz", "id": f"quiz-{number}", "title": f"Quiz {number}", "module": "bench",
                "topic": "bench", "questions": [_question(number * per_file + q) for q in range(per_file)]}
        path = root / "quizzes" / f"quiz-{number:04}.yaml"
        path.write_text(yaml.safe_dump(quiz, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


def card_course(root: Path) -> None:
    """A course of CARDS cards in 25 deck files, keyed ``deck-N/card-M``."""
    _skeleton(root)
    per_file = CARDS // 25
    for deck in range(25):
        cards = [{"id": f"card-{n}", "front": f"Term {n}", "back": f"Meaning of term {n}"}
                 for n in range(deck * per_file, (deck + 1) * per_file)]
        (root / "quizzes" / f"deck-{deck:02}.yaml").write_text(yaml.safe_dump(
            {"kind": "deck", "id": f"deck-{deck}", "title": f"Deck {deck}", "cards": cards}, sort_keys=False),
            encoding="utf-8")


def card_key(number: int) -> str:
    return f"deck-{number // (CARDS // 25)}/card-{number}"


def _opened_with(data: Path, course: Path) -> None:
    """The store as the app leaves it once its home screen has shown ``course``: with its copy of the course's
    card list (made the first time a course, or a changed course, is opened)."""
    from courseware.core.course.loader import load_course
    from courseware.core.store import open_store
    from courseware.core.study.dashboard import build_dashboard

    store = open_store(data, fallback_to_memory=False)
    build_dashboard(load_course(course), store, NOW, new_per_day=20)
    store.close()


def empty_store(data: Path, course: Path) -> None:
    """A store that has seen ``course`` and nothing else yet."""
    _opened_with(data, course)


def history_store(data: Path, course: Path) -> None:
    """Every card of ``course`` scheduled (a few hundred due now), 1,000,000 reviews over three years, 200
    quiz attempts."""
    from courseware.core.store import open_store

    open_store(data, fallback_to_memory=False).close()
    rng = random.Random(7)  # the same store every run
    db = sqlite3.connect(data / "progress.sqlite3")
    state = '{"card_id": 1, "state": 2, "step": null, "stability": 40.0, "difficulty": 5.0, ' \
            '"due": "%s", "last_review": "%s"}'
    with db:
        rows = []
        for number in range(CARDS):
            due = NOW + timedelta(minutes=rng.randint(-600, 60 * 24 * 365))
            last = NOW - timedelta(days=rng.randint(1, 60))
            rows.append((card_key(number), state % (due.isoformat(), last.isoformat()), due.isoformat(),
                         rng.choice((0, 0, 0, 1, 2, 7)), (NOW - timedelta(days=1000)).isoformat()))
        # Phase 2 (review), as the scheduler writes beside each state it stores.
        db.executemany("INSERT INTO card_state (card_key, state, due, lapses, introduced_at, phase) "
                       "VALUES (?, ?, ?, ?, ?, 2)", rows)
        span = 3 * 365 * 24 * 60
        db.executemany(
            "INSERT INTO reviews (card_key, rating, reviewed_at, duration_ms, mode) VALUES (?, ?, ?, ?, ?)",
            ((card_key(rng.randrange(CARDS)), rng.choice((1, 3, 3, 3, 4)),
              (NOW - timedelta(minutes=rng.randint(1, span))).isoformat(), rng.randint(2000, 15000),
              "cram" if rng.random() < 0.05 else "schedule") for _ in range(REVIEWS)))
        for number in range(200):
            started = NOW - timedelta(days=number * 5)
            db.execute("INSERT INTO attempts (kind, ref_id, started_at, submitted_at, earned, possible, passed) "
                       "VALUES ('quiz', 'quiz-0', ?, ?, ?, 10, ?)",
                       (started.isoformat(), (started + timedelta(minutes=9)).isoformat(), number % 11,
                        int(number % 11 >= 7)))
    db.close()
    _opened_with(data, course)
