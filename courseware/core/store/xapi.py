"""Which xAPI statements each learning record store already has, so a resend skips them.

Statement ids are deterministic, so this record is an optimisation and a resume point rather than the
only guard against duplicates: a store that lost it would resend statements the LRS already holds,
which the LRS recognises by id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from courseware.core.store.connection import transaction, utc_now


class XapiRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def sent(self, endpoint: str) -> set[str]:
        rows = self._connection.execute("SELECT statement_id FROM xapi_sent WHERE endpoint = ?", (endpoint,))
        return {row[0] for row in rows}

    def move_endpoint(self, old: str, new: str) -> None:
        """File what was recorded under ``old`` under ``new`` (an endpoint once recorded with credentials in it)."""
        with transaction(self._connection) as db:
            for table in ("xapi_sent", "xapi_retry"):
                db.execute(f"UPDATE OR IGNORE {table} SET endpoint = ? WHERE endpoint = ?", (new, old))
                db.execute(f"DELETE FROM {table} WHERE endpoint = ?", (old,))

    def mark_sent(self, endpoint: str, statement_ids: Iterable[str]) -> None:
        """Record a batch the LRS accepted (one commit per batch: a later failure keeps it)."""
        now = utc_now().isoformat()
        ids = list(statement_ids)
        with transaction(self._connection) as db:
            db.executemany("INSERT OR IGNORE INTO xapi_sent (endpoint, statement_id, sent_at) VALUES (?, ?, ?)",
                           [(endpoint, statement_id, now) for statement_id in ids])
            db.executemany("DELETE FROM xapi_retry WHERE endpoint = ? AND statement_id = ?",
                           [(endpoint, statement_id) for statement_id in ids])

    def mark_for_retry(self, endpoint: str, statement_ids: Iterable[str], error: str) -> None:
        now = utc_now().isoformat()
        with transaction(self._connection) as db:
            db.executemany(
                "INSERT INTO xapi_retry (endpoint, statement_id, failed_at, error) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(endpoint, statement_id) DO UPDATE SET failed_at = excluded.failed_at, "
                "error = excluded.error",
                [(endpoint, statement_id, now, error) for statement_id in statement_ids])

    def awaiting_retry(self, endpoint: str) -> dict[str, str]:
        """Statements whose last sending failed, with the error."""
        rows = self._connection.execute("SELECT statement_id, error FROM xapi_retry WHERE endpoint = ?", (endpoint,))
        return {row[0]: row[1] for row in rows}
