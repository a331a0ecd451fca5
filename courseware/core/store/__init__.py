"""The progress store: one SQLite database per learner, one short transaction per answer or review."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from courseware.core.store.aggregates import Aggregates
from courseware.core.store.attempts import Attempt, AttemptRepository, StoredAnswer
from courseware.core.store.connection import StoreError, connect, migrate, open_database, read_only_copy
from courseware.core.store.course_cards import CourseCard, CourseCardRepository
from courseware.core.store.fsrs_parameters import FittedParameters, FsrsParametersRepository
from courseware.core.store.modules import ModuleProgress, ModuleProgressRepository
from courseware.core.store.reviews import CardState, Review, ReviewRepository
from courseware.core.store.study_time import StudyTime, StudyTimeRepository
from courseware.core.store.xapi import XapiRepository

STORE_FILE = "progress.sqlite3"

__all__ = ["Attempt", "CardState", "CourseCard", "FittedParameters", "ModuleProgress", "Review", "Store", "StoreError",
           "StoredAnswer", "StudyTime", "open_store"]


class Store:
    """The learner's progress, split by concern into repositories that share one connection."""

    def __init__(self, connection: sqlite3.Connection, *, path: Path | None, notice: str | None = None) -> None:
        self.connection = connection
        self.path = path
        #: What the learner should be told about the store (moved aside, not saved), if anything.
        self.notice = notice
        self.modules = ModuleProgressRepository(connection)
        self.reviews = ReviewRepository(connection)
        self.course_cards = CourseCardRepository(connection)
        self.attempts = AttemptRepository(connection)
        self.study_time = StudyTimeRepository(connection)
        self.xapi = XapiRepository(connection)
        self.fsrs = FsrsParametersRepository(connection)
        self.aggregates = Aggregates(connection)

    @classmethod
    def in_memory(cls, notice: str | None = None) -> Store:
        connection = connect(":memory:")
        migrate(connection)
        return cls(connection, path=None, notice=notice)

    def has_history(self) -> bool:
        """Whether anything was ever stored: a review, an attempt or reading progress."""
        row = self.connection.execute(
            "SELECT EXISTS (SELECT 1 FROM reviews) OR EXISTS (SELECT 1 FROM attempts) "
            "OR EXISTS (SELECT 1 FROM module_progress)").fetchone()
        return bool(row[0])

    def close(self) -> None:
        self.connection.close()


def open_store(data_dir: Path, *, fallback_to_memory: bool = True) -> Store:
    """Open the learner's store in ``data_dir``; when it cannot be written, keep going in memory.

    The course can always be studied: if the store cannot be opened for writing (a full disk, a read-only
    or broken data directory), the file is left as it is, its history is read into memory when it can be,
    and ``notice`` says plainly that nothing new will be saved this run.
    """
    path = data_dir / STORE_FILE
    try:
        connection, notice = open_database(path)
    except StoreError as error:
        if not fallback_to_memory:
            raise
        copy = read_only_copy(path) if path.is_file() else None
        if copy is None:
            return Store.in_memory(f"{error}. Progress will not be saved this time.")
        return Store(copy, path=None, notice=f"{error}. Your progress so far is shown, read from {path}, which "
                                              "is left as it is. Progress will not be saved this time.")
    return Store(connection, path=path, notice=notice)
