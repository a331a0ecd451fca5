"""Opening the SQLite progress store safely: WAL, a busy timeout, migrations, and never overwriting.

A file SQLite reports as corrupt or not a database, or one a newer courseware wrote, is moved aside
(renamed, never deleted, never over another copy) and a fresh store is started, with a notice saying where
the old file went. Anything else that stops the store opening (a full disk, a read-only directory, a lock)
leaves the file in place and says why in one line.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from courseware.core.errors import CoursewareError
from courseware.core.store.schema import MIGRATIONS, SCHEMA_VERSION

BUSY_TIMEOUT_MS = 10_000
#: Stores up to this size get SQLite's ``quick_check`` at every start (milliseconds for a learner's store,
#: which holds a few megabytes after years of study); a larger one is only checked when SQLite reports damage.
QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024


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


def _uri(path: Path, query: str) -> str:
    """A SQLite URI for ``path`` whatever characters it holds (``%``, ``#``, ``?``, spaces are quoted)."""
    return f"{path.absolute().as_uri()}?{query}"


class _Damaged(Exception):
    """The store opens but SQLite's own check of it fails."""


def _version_of(path: Path) -> int:
    """The schema version of an existing file, read without writing anything.

    Raises ``sqlite3.Error`` when SQLite cannot read it, and ``_Damaged`` when it reads but
    ``PRAGMA quick_check`` finds it broken (checked for stores up to :data:`QUICK_CHECK_MAX_BYTES`).
    """
    probe = sqlite3.connect(_uri(path, "mode=ro"), uri=True)
    try:
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
        version: int = probe.execute("PRAGMA user_version").fetchone()[0]
        if path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
            verdict = str(probe.execute("PRAGMA quick_check(1)").fetchone()[0])
            if verdict != "ok":
                raise _Damaged(verdict)
        return version
    finally:
        probe.close()


def is_corrupt(error: sqlite3.Error) -> bool:
    """Whether SQLite itself says the file is damaged or not a database (never an I/O, lock or space error)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _unique_target(path: Path, reason: str) -> Path:
    """A name beside ``path`` that no earlier moved-aside copy holds, reserved by a hard link to the store.

    The link is made with ``O_EXCL`` semantics (it fails when the name exists), so two move-asides in the
    same second, even from two processes, never pick the same name.
    """
    stamp = utc_now().strftime("%Y%m%dT%H%M%S")
    for number in range(1, 10_000):
        target = path.with_name(f"{path.name}.{reason}-{stamp}" + (f"-{number}" if number > 1 else ""))
        if any(Path(f"{target}{suffix}").exists() for suffix in ("-wal", "-shm")):
            continue
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: the name was free a moment ago
            if target.exists():
                continue
            path.rename(target)
        return target
    raise FileExistsError(errno.EEXIST, "too many moved-aside copies", str(path))


def move_aside(path: Path, reason: str) -> Path:
    """Rename a store (and its WAL files) out of the way, keeping it for the learner to recover."""
    target = _unique_target(path, reason)
    path.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.rename(Path(f"{target}{suffix}"))
    return target


def describe_failure(path: Path, error: sqlite3.Error | OSError) -> str:
    """One line saying why the store at ``path`` cannot be used, in the learner's terms.

    SQLite reports a full disk or a read-only directory in several ways (it often only says it could not
    open the ``-shm`` file), so the directory itself is asked too.
    """
    directory = path.parent
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    number = error.errno if isinstance(error, OSError) else None
    if primary == sqlite3.SQLITE_FULL or number in (errno.ENOSPC, errno.EDQUOT) or _disk_full(directory):
        return f"the disk holding {directory} is full"
    if primary == sqlite3.SQLITE_READONLY or number == errno.EROFS or _read_only(directory):
        return f"the data directory {directory} is read-only"
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return f"the progress store {path} is locked by another program"
    if primary == sqlite3.SQLITE_PERM or number in (errno.EACCES, errno.EPERM):
        return f"no permission to use the progress store {path}"
    if isinstance(error, OSError):
        return f"cannot use the progress store {path}: {error.strerror or error}"
    name = getattr(error, "sqlite_errorname", type(error).__name__)
    return f"cannot use the progress store {path} ({name}: {error})"


def _existing_dir(directory: Path) -> Path:
    while not directory.exists() and directory != directory.parent:
        directory = directory.parent
    return directory


def _disk_full(directory: Path) -> bool:
    try:
        return os.statvfs(_existing_dir(directory)).f_bavail == 0
    except OSError:
        return False


def _read_only(directory: Path) -> bool:
    existing = _existing_dir(directory)
    try:
        if os.statvfs(existing).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return existing.is_dir() and not os.access(existing, os.W_OK)


def open_database(path: Path) -> tuple[sqlite3.Connection, str | None]:
    """Open (creating or migrating) the store at ``path``; the notice says what was moved aside, if anything.

    Only a file SQLite calls corrupt or not a database, or one a newer courseware wrote, is moved aside;
    any other failure (full disk, read-only or unreadable directory, a lock) is a ``StoreError`` that
    leaves the file where it is.
    """
    notice = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        specific = error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM)
        reason = describe_failure(path, error) if specific else error.strerror or str(error)
        raise StoreError(f"cannot create the data directory {path.parent}: {reason}") from None
    _refuse_unless_regular(path)
    if path.exists():
        try:
            version = _version_of(path)
        except (sqlite3.Error, _Damaged) as error:
            if isinstance(error, sqlite3.Error) and not is_corrupt(error):
                raise StoreError(describe_failure(path, error)) from None
            notice = _moved_notice(path, error)
        else:
            if version > SCHEMA_VERSION:
                moved = _move_aside_or_fail(path, f"newer-v{version}")
                notice = f"The progress store {path} was written by a newer courseware (schema {version}, " \
                         f"this one knows {SCHEMA_VERSION}); it was moved to {moved} and a new one was started."
    try:
        return _connect_and_migrate(path), notice
    except sqlite3.Error as error:
        if not is_corrupt(error) or notice is not None:
            raise StoreError(describe_failure(path, error)) from None
        notice = _moved_notice(path, error)
    try:
        return _connect_and_migrate(path), notice
    except sqlite3.Error as error:
        raise StoreError(describe_failure(path, error)) from None


def _connect_and_migrate(path: Path) -> sqlite3.Connection:
    connection = connect(path)
    try:
        migrate(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _moved_notice(path: Path, error: Exception) -> str:
    """Move a damaged store aside and say where it went."""
    moved = _move_aside_or_fail(path, "corrupt")
    return f"The progress store {path} could not be read ({error}); it was moved to {moved} and a new one " \
           "was started."


def _refuse_unless_regular(path: Path) -> None:
    """A FIFO, device or directory where the store should be is refused before SQLite opens (and blocks on) it."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise StoreError(describe_failure(path, error)) from None
    if not stat.S_ISREG(mode):
        raise StoreError(f"the progress store {path} is not a regular file; move it away and run courseware again")


def read_only_copy(path: Path) -> sqlite3.Connection | None:
    """The store's history copied into memory, read without writing anything beside it; None when unreadable.

    Used when the store cannot be written (full disk, read-only directory) so the learner still sees their
    progress. A WAL store opened read-only needs its ``-shm`` file; when that cannot be made and no
    ``-wal`` holds unmerged pages, the file alone is complete and is read as immutable.
    """
    wal = Path(f"{path}-wal")
    queries = ["mode=ro"] + (["mode=ro&immutable=1"] if not wal.exists() or wal.stat().st_size == 0 else [])
    for query in queries:
        try:
            source = sqlite3.connect(_uri(path, query), uri=True)
        except sqlite3.Error:
            continue
        try:
            memory = connect(":memory:")
            source.backup(memory)
            migrate(memory)
            return memory
        except sqlite3.Error:
            continue
        finally:
            source.close()
    return None


def _move_aside_or_fail(path: Path, reason: str) -> Path:
    try:
        return move_aside(path, reason)
    except OSError as error:
        raise StoreError(f"the progress store {path} is {reason} and cannot be moved aside: "
                         f"{describe_failure(path, error)}") from None


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
