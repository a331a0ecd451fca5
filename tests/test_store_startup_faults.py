"""The store at start-up: only real corruption moves it aside; a full disk, a read-only directory, odd path
characters and a FIFO leave the learner's file where it is, with one plain message."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from courseware.core.store import STORE_FILE, StoreError, open_store
from courseware.core.store import connection as store_connection
from courseware.tui.screens.home import HomeScreen
from tests.apphelpers import make_app, sync
from tests.quiz_helpers import wait_for


def mount_tmpfs(where: Path, size: str) -> bool:
    """Mount a small tmpfs at ``where`` (root in a container may); False when this machine does not allow it."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, check=False)
    return done.returncode == 0


def unmount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def one_attempt(data: Path) -> None:
    store = open_store(data, fallback_to_memory=False)
    attempt = store.attempts.start("quiz", "kept-quiz")
    store.attempts.record_answer(attempt, "kept-quiz/q1", "a", correct=True, earned=1, possible=1)
    store.close()


def attempt_refs(data: Path) -> list[str]:
    store = open_store(data, fallback_to_memory=False)
    try:
        assert store.notice is None
        return [attempt.ref_id for attempt in store.attempts.list()]
    finally:
        store.close()


def moved_aside(data: Path) -> list[Path]:
    return sorted(path for path in data.iterdir() if ".corrupt-" in path.name or ".newer-" in path.name)


@pytest.fixture
def full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path | None]]:
    """A data directory holding a healthy store on a disk that is then full.

    Yields the data directory and the file filling the disk (delete it to free space). Where no tmpfs can be
    mounted, SQLite's own full-disk error is raised for every write-capable open instead (and None yielded).
    """
    mount = tmp_path / "disk"
    if mount_tmpfs(mount, "512k"):
        try:
            data = mount / "data"
            one_attempt(data)
            filler = mount / "filler"
            descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT)
            try:
                while os.write(descriptor, b"\0" * 4096):
                    pass
            except OSError:
                pass
            finally:
                os.close(descriptor)
            yield data, filler
        finally:
            unmount(mount)
        return
    data = tmp_path / "data"
    one_attempt(data)
    real_connect = store_connection.connect

    def full(path: Path | str) -> sqlite3.Connection:
        if str(path) == ":memory:":
            return real_connect(path)
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise error

    monkeypatch.setattr(store_connection, "connect", full)
    yield data, None


def test_a_full_disk_at_start_up_leaves_the_store_in_place_and_shows_its_history(
        full_disk: tuple[Path, Path | None], monkeypatch: pytest.MonkeyPatch) -> None:
    data, filler = full_disk
    before = (data / STORE_FILE).read_bytes()
    store = open_store(data)
    assert store.notice is not None
    assert "is full" in store.notice and "Progress will not be saved" in store.notice
    assert "corrupt" not in store.notice and "moved" not in store.notice
    assert [attempt.ref_id for attempt in store.attempts.list()] == ["kept-quiz"]
    store.close()
    assert moved_aside(data) == [] and (data / STORE_FILE).read_bytes() == before
    with pytest.raises(StoreError, match="is full"):
        open_store(data, fallback_to_memory=False)

    if filler is not None:
        filler.unlink()
    monkeypatch.undo()
    assert attempt_refs(data) == ["kept-quiz"]


@pytest.fixture
def read_only_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data directory holding a healthy store, then made read-only.

    A read-only tmpfs where this machine lets the test mount one (chmod does not stop root); elsewhere
    SQLite's own read-only error for every write-capable open and a directory the process may not write.
    """
    mount = tmp_path / "disk"
    if mount_tmpfs(mount, "1m"):
        try:
            one_attempt(mount)
            remounted = subprocess.run(["mount", "-o", "remount,ro", str(mount)], capture_output=True, check=False)
            if remounted.returncode == 0:
                yield mount
                return
        finally:
            unmount(mount)
    data = tmp_path / "data"
    one_attempt(data)
    real_connect, real_access = store_connection.connect, os.access

    def read_only(path: Path | str) -> sqlite3.Connection:
        if str(path) == ":memory:":
            return real_connect(path)
        error = sqlite3.OperationalError("attempt to write a readonly database")
        error.sqlite_errorcode = sqlite3.SQLITE_READONLY
        raise error

    monkeypatch.setattr(store_connection, "connect", read_only)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: False if Path(path) == data else real_access(path, mode))
    yield data


def test_a_read_only_data_directory_is_called_read_only_and_its_history_is_shown(read_only_data: Path) -> None:
    before = (read_only_data / STORE_FILE).read_bytes()
    store = open_store(read_only_data)
    assert store.notice is not None and "is read-only" in store.notice and "corrupt" not in store.notice
    assert "Progress will not be saved" in store.notice
    assert [attempt.ref_id for attempt in store.attempts.list()] == ["kept-quiz"]
    store.close()
    assert (read_only_data / STORE_FILE).read_bytes() == before and moved_aside(read_only_data) == []


@pytest.mark.parametrize("name", ["my data%20x", "a#b", "what?x=1", "with space", "100%"])
def test_odd_characters_in_the_data_path_keep_the_store(tmp_path: Path, name: str) -> None:
    data = tmp_path / "parent" / name
    one_attempt(data)
    one_attempt(data)
    assert attempt_refs(data) == ["kept-quiz", "kept-quiz"]
    assert moved_aside(data) == []
    assert sorted(path.name for path in (tmp_path / "parent").iterdir()) == [name]


def test_two_move_asides_in_the_same_second_keep_both_copies(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    moment = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    monkeypatch.setattr(store_connection, "utc_now", lambda: moment)
    contents = [b"first broken store " * 100, b"second broken store " * 100]
    for content in contents:
        (tmp_path / STORE_FILE).write_bytes(content)
        store = open_store(tmp_path)
        assert store.notice is not None and "moved to" in store.notice
        store.close()
    copies = moved_aside(tmp_path)
    assert sorted(copy.read_bytes() for copy in copies) == sorted(contents)


PROBE = textwrap.dedent("""
    import sys
    from pathlib import Path
    from courseware.core.store import open_store
    store = open_store(Path(sys.argv[1]))
    print(store.notice)
""")


def test_a_fifo_in_place_of_the_store_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / STORE_FILE)
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "not a regular file" in done.stdout and "Progress will not be saved" in done.stdout
    assert (tmp_path / STORE_FILE).is_fifo()


def test_a_store_whose_pages_are_damaged_is_moved_aside_by_the_integrity_check(tmp_path: Path) -> None:
    store = open_store(tmp_path, fallback_to_memory=False)
    for number in range(2000):
        store.reviews.record(f"deck/card-{number}", 3, state="x" * 100, due=None)
    page_size = store.connection.execute("PRAGMA page_size").fetchone()[0]
    store.close()
    path = tmp_path / STORE_FILE
    damaged = bytearray(path.read_bytes())
    assert len(damaged) > 10 * page_size
    damaged[5 * page_size:6 * page_size] = b"\x07" * page_size
    path.write_bytes(bytes(damaged))
    store = open_store(tmp_path)
    assert store.notice is not None and "could not be read" in store.notice and "moved to" in store.notice
    assert store.reviews.history() == []
    store.close()
    (moved,) = [copy for copy in moved_aside(tmp_path) if not copy.name.endswith(("-wal", "-shm"))]
    assert moved.read_bytes() == bytes(damaged)


@sync
async def test_the_app_on_a_full_disk_at_start_up_says_so_and_shows_the_history(
        full_disk: tuple[Path, Path | None]) -> None:
    data, _ = full_disk
    app = make_app(data)
    async with app.run_test(notifications=True) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert len(toasts) == 1 and "is full" in toasts[0] and "Progress will not be saved" in toasts[0]
        assert isinstance(app.screen, HomeScreen)
        assert [attempt.ref_id for attempt in app.store.attempts.list()] == ["kept-quiz"]
    app.store.close()
    assert moved_aside(data) == []
