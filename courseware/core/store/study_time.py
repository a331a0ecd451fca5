"""Time spent studying: one row per reading visit or flashcard session, for the statistics."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from courseware.core.store.connection import iso_utc, transaction


@dataclass(frozen=True)
class StudyTime:
    activity: str
    ref_id: str | None
    started_at: datetime
    seconds: float


class StudyTimeRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def add(self, activity: str, ref_id: str | None, *, started_at: datetime, seconds: float) -> None:
        """Record a stretch of study (``activity`` is e.g. ``reading`` or ``flashcards``)."""
        if seconds <= 0:
            return
        with transaction(self._connection) as db:
            db.execute("INSERT INTO study_time (activity, ref_id, started_at, seconds) VALUES (?, ?, ?, ?)",
                       (activity, ref_id, iso_utc(started_at), seconds))

    def all(self) -> list[StudyTime]:
        rows = self._connection.execute("SELECT * FROM study_time ORDER BY started_at, id")
        return [StudyTime(row["activity"], row["ref_id"], datetime.fromisoformat(row["started_at"]),
                          row["seconds"]) for row in rows]
