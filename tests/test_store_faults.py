"""The store under stress: concurrent writers lose nothing, a full disk is a clear error, not a crash."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from courseware.core.store import StoreError, open_store

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from courseware.core.store import open_store
    store = open_store(Path(sys.argv[1]), fallback_to_memory=False)
    name = sys.argv[2]
    attempt = store.attempts.start("quiz", name)
    for number in range(int(sys.argv[3])):
        store.attempts.record_answer(attempt, f"{name}/{number}", number, correct=True, earned=1, possible=1)
        store.reviews.record(f"deck/{name}-{number}", 3, state="{}", due=None, mode="cram")
""")


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    count = 300
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name, str(count)],
                                stderr=subprocess.PIPE, text=True) for name in ("first", "second")]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    assert not any("locked" in error for error in errors)
    store = open_store(tmp_path)
    keys = {answer.question_key for answer in store.attempts.answers()}
    assert keys == {f"{name}/{n}" for name in ("first", "second") for n in range(count)}
    assert len(store.reviews.history()) == 2 * count


def test_a_full_disk_is_a_clear_error_and_keeps_what_was_stored(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    attempt = store.attempts.start("quiz", "full")
    store.attempts.record_answer(attempt, "full/kept", 1, correct=True, earned=1, possible=1)
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages + 1}")
    with pytest.raises(StoreError, match="full"):
        for number in range(10_000):
            store.attempts.record_answer(attempt, f"full/{number}", "x" * 2000, correct=True, earned=1, possible=1)
    store.close()
    reopened = open_store(tmp_path)
    assert "full/kept" in {answer.question_key for answer in reopened.attempts.answers(attempt)}


OPENER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from courseware.core.store import open_store
    store = open_store(Path(sys.argv[1]), fallback_to_memory=False)
    store.attempts.start("quiz", sys.argv[2])
""")


def test_processes_creating_a_new_store_at_once_all_open_it(tmp_path: Path) -> None:
    """The schema is created once: each opener reads the version under the write lock before migrating."""
    for round_ in range(3):
        data = tmp_path / f"round-{round_}"
        openers = [subprocess.Popen([sys.executable, "-c", OPENER, str(data), f"q{n}"], stderr=subprocess.PIPE,
                                    text=True) for n in range(4)]
        errors = [opener.communicate(timeout=60)[1] for opener in openers]
        assert [opener.returncode for opener in openers] == [0] * 4, errors
        store = open_store(data, fallback_to_memory=False)
        assert sorted(attempt.ref_id for attempt in store.attempts.list()) == ["q0", "q1", "q2", "q3"]
        store.close()
