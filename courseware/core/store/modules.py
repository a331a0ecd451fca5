"""Reading progress: where the learner was in each module, and whether they reached its end."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from courseware.core.store.connection import iso_utc, transaction, utc_now


@dataclass(frozen=True)
class ModuleProgress:
    module_id: str
    anchor: str | None
    scroll: float
    read: bool


class ModuleProgressRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def save_position(self, module_id: str, *, scroll: float, anchor: str | None = None) -> None:
        """Remember where the learner is in a module, so reopening it returns there."""
        with transaction(self._connection) as db:
            db.execute(
                "INSERT INTO module_progress (module_id, anchor, scroll, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(module_id) DO UPDATE SET anchor = excluded.anchor, scroll = excluded.scroll, "
                "updated_at = excluded.updated_at",
                (module_id, anchor, scroll, iso_utc(utc_now())))

    def mark_read(self, module_id: str) -> None:
        """Record that the learner reached the module's end (the first time counts)."""
        now = iso_utc(utc_now())
        with transaction(self._connection) as db:
            db.execute(
                "INSERT INTO module_progress (module_id, read_at, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(module_id) DO UPDATE SET read_at = coalesce(read_at, excluded.read_at), "
                "updated_at = excluded.updated_at",
                (module_id, now, now))

    def all(self) -> dict[str, ModuleProgress]:
        rows = self._connection.execute("SELECT module_id, anchor, scroll, read_at FROM module_progress")
        return {row["module_id"]: ModuleProgress(row["module_id"], row["anchor"], row["scroll"],
                                                  row["read_at"] is not None) for row in rows}

    def read_times(self) -> dict[str, datetime]:
        """When the learner first reached the end of each module they have read."""
        rows = self._connection.execute("SELECT module_id, read_at FROM module_progress WHERE read_at IS NOT NULL")
        return {row["module_id"]: datetime.fromisoformat(row["read_at"]) for row in rows}
