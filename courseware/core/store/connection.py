"""Opening the SQLite progress store safely: WAL, a busy timeout, migrations, and never overwriting.

A file that is not a readable database, or that a newer courseware wrote, is moved aside (renamed,
never deleted) and a fresh store is started, with a notice saying where the old file went.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from courseware.core.errors import CoursewareError
from courseware.core.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000


class StoreError(CoursewareError):
    """The progress store cannot be used (read-only or full disk, broken file)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """Timestamps are stored as UTC ISO text, so that comparing the text compares the times."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(UTC).isoformat()


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode: every write goes through ``transaction()``."""
    connection = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                 check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if str(path) != ":memory:":
        _use_wal(connection)
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def _use_wal(connection: sqlite3.Connection) -> None:
    """Switch the database to WAL, waiting while another process does the same.

    SQLite answers "database is locked" at once, without its busy handler, when two connections change
    the journal mode of a new database together; so this retries for up to the busy timeout.
    """
    give_up = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() > give_up:
                raise
            time.sleep(0.01)


@contextmanager
def transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A short write transaction, committed on leaving; disk errors become a ``StoreError``.

    SQLite rolls a transaction back by itself on some errors (a full disk), so rolling back is only
    attempted while one is still open.
    """
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    except sqlite3.Error as error:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise StoreError(f"cannot save progress: {error}") from None


def _version_of(path: Path) -> int:
    """The schema version of an existing file; raises ``sqlite3.DatabaseError`` when it is not a database."""
    probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        version: int = probe.execute("PRAGMA user_version").fetchone()[0]
        return version
    finally:
        probe.close()


def move_aside(path: Path, reason: str) -> Path:
    """Rename a store (and its WAL files) out of the way, keeping it for the learner to recover."""
    stamp = utc_now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{reason}-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(Path(f"{target}{suffix}"))
    return target


def open_database(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Open (creating or migrating) the store at ``path``; the notice says what was moved aside, if anything."""
    notice = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the data directory {path.parent}: {error.strerror or error}") from None
    if path.exists():
        try:
            version = _version_of(path)
        except sqlite3.DatabaseError as error:
            moved = _move_aside_or_fail(path, "corrupt")
            notice = f"The progress store {path} could not be read ({error}); it was moved to {moved} " \
                     "and a new one was started."
        else:
            if version > SCHEMA_VERSION:
                moved = _move_aside_or_fail(path, f"newer-v{version}")
                notice = f"The progress store {path} was written by a newer courseware (schema {version}, " \
                         f"this one knows {SCHEMA_VERSION}); it was moved to {moved} and a new one was started."
    try:
        connection = connect(path)
        migrate(connection)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open the progress store {path}: {error}") from None
    return connection, notice


def _move_aside_or_fail(path: Path, reason: str) -> Path:
    try:
        return move_aside(path, reason)
    except OSError as error:
        raise StoreError(f"the progress store {path} cannot be used ({reason}) and cannot be moved aside: "
                         f"{error.strerror or error}") from None


def migrate(connection: sqlite3.Connection) -> None:
    """Apply every migration newer than the database, each in its own transaction.

    The version is read after taking the write lock: two processes opening a new store at once would
    otherwise both see version 0 and the second would fail applying a migration the first had applied.
    """
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version >= SCHEMA_VERSION:
                connection.execute("COMMIT")
                return
            for statement in _statements(MIGRATIONS[version]):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of a migration, one at a time (``executescript`` would commit the open transaction)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement
            statement = ""
    if statement.strip():
        yield statement
