"""The progress store: answers survive a killed process, bad files are moved aside, never overwritten."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from courseware.core.store import STORE_FILE, Store, StoreError, open_store
from courseware.core.store.schema import SCHEMA_VERSION


def test_fresh_store_has_current_schema_in_wal_mode(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    assert store.notice is None
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


def test_answers_and_progress_round_trip(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    attempt = store.attempts.start("quiz", "retention-quiz", seed=7, plan=["retention-quiz/q1"])
    store.attempts.record_answer(attempt, "retention-quiz/q1", 0, correct=True, earned=1, possible=1, topic="retention")
    store.attempts.record_answer(attempt, "retention-quiz/q1", 1, correct=False, earned=0, possible=1,
                                 topic="retention")
    store.modules.save_position("retention", scroll=0.5, anchor="renewal-rate")
    store.modules.mark_read("retention")
    store.close()

    reopened = open_store(tmp_path)
    answers = reopened.attempts.answers(attempt)
    assert [(a.question_key, a.response, a.correct) for a in answers] == [("retention-quiz/q1", 1, False)]
    assert reopened.attempts.unfinished("quiz", "retention-quiz") is not None
    reopened.attempts.finish(attempt, earned=0, possible=1, passed=False)
    assert reopened.attempts.unfinished("quiz", "retention-quiz") is None
    progress = reopened.modules.all()["retention"]
    assert progress.read and progress.anchor == "renewal-rate" and progress.scroll == 0.5


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from courseware.core.store import open_store
    store = open_store(Path(sys.argv[1]), fallback_to_memory=False)
    attempt = store.attempts.start("quiz", "q")
    number = 0
    while True:
        store.attempts.record_answer(attempt, f"q/{number}", number, correct=True, earned=1, possible=1)
        print(number, flush=True)
        number += 1
""")


def test_every_committed_answer_survives_kill_9(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    acknowledged = -1
    deadline = time.monotonic() + 30
    while acknowledged < 200 and time.monotonic() < deadline:
        acknowledged = int(process.stdout.readline())
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert acknowledged >= 200, "the writer never got going"

    store = open_store(tmp_path)
    stored = {answer.question_key for answer in store.attempts.answers()}
    assert {f"q/{n}" for n in range(acknowledged + 1)} <= stored
    assert store.notice is None


def test_corrupt_store_is_moved_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    garbage = b"this is not a database " * 200
    (tmp_path / STORE_FILE).write_bytes(garbage)
    store = open_store(tmp_path)
    assert store.notice is not None and "could not be read" in store.notice and "moved to" in store.notice
    kept = [path for path in tmp_path.iterdir() if ".corrupt-" in path.name]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    store.attempts.start("quiz", "q")
    assert store.path == tmp_path / STORE_FILE


def test_store_from_a_newer_version_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    newer = sqlite3.connect(path)
    newer.execute("CREATE TABLE future (x)")
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    newer.commit()
    newer.close()
    store = open_store(tmp_path)
    assert store.notice is not None and "newer courseware" in store.notice
    moved = [p for p in tmp_path.iterdir() if ".newer-" in p.name and not p.name.endswith(("-wal", "-shm"))]
    assert len(moved) == 1
    check = sqlite3.connect(moved[0])
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 5
    check.close()


def test_migrations_upgrade_an_old_store(tmp_path: Path) -> None:
    path = tmp_path / STORE_FILE
    old = sqlite3.connect(path)
    old.execute("PRAGMA user_version = 0")
    old.close()
    store = open_store(tmp_path)
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.notice is None


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: a read-only directory is still writable")
def test_read_only_data_dir_falls_back_to_memory(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        store = open_store(locked / "data")
        assert store.path is None and store.notice and "will not be saved" in store.notice
        with pytest.raises(StoreError):
            open_store(locked / "data", fallback_to_memory=False)
    finally:
        locked.chmod(0o700)


def test_unwritable_data_dir_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the data directory should be")
    store = open_store(blocker / "data")
    assert store.path is None and store.notice and "cannot create the data directory" in store.notice
    store.attempts.start("quiz", "q")
    assert blocker.read_text() == "a file where the data directory should be"


def test_in_memory_store_works() -> None:
    store = Store.in_memory()
    store.reviews.record("deck/card", 3, state="{}", due=None)
    assert [review.rating for review in store.reviews.history()] == [3]
