"""Quiz, exam and practice attempts, and every answer given in them, each committed as it is given."""

from __future__ import annotations

import builtins
import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from courseware.core.store.connection import iso_utc, transaction, utc_now


@dataclass(frozen=True)
class Attempt:
    id: int
    kind: str
    ref_id: str
    seed: int | None
    plan: Any
    started_at: datetime
    deadline: datetime | None
    submitted_at: datetime | None
    earned: float | None
    possible: float | None
    passed: bool | None

    def _mark(self, name: str) -> bool:
        return isinstance(self.plan, dict) and bool(self.plan.get(name))

    @property
    def abandoned(self) -> bool:
        """Left with ``--new`` (or "start over") before it was submitted: it counts as a fail."""
        return self._mark("abandoned")

    @property
    def practice(self) -> bool:
        """A draw repeated with ``--seed`` after its review was seen: the answers were known, no certificate."""
        return self._mark("practice")

    @property
    def review_seen(self) -> bool:
        return self._mark("review_seen")


@dataclass(frozen=True)
class StoredAnswer:
    attempt_id: int
    question_key: str
    topic: str | None
    response: Any
    correct: bool
    earned: float
    possible: float
    answered_at: datetime


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _attempt(row: sqlite3.Row) -> Attempt:
    started = datetime.fromisoformat(row["started_at"])
    return Attempt(row["id"], row["kind"], row["ref_id"], row["seed"], json.loads(row["plan"]), started,
                   _when(row["deadline"]), _when(row["submitted_at"]), row["earned"], row["possible"],
                   None if row["passed"] is None else bool(row["passed"]))


class AttemptRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def start(self, kind: str, ref_id: str, *, seed: int | None = None, plan: Any = (),
              started_at: datetime | None = None, deadline: datetime | None = None) -> int:
        """Open an attempt; ``plan`` (JSON) records what was drawn so the attempt can be resumed."""
        with transaction(self._connection) as db:
            cursor = db.execute(
                "INSERT INTO attempts (kind, ref_id, seed, plan, started_at, deadline) VALUES (?, ?, ?, ?, ?, ?)",
                (kind, ref_id, seed, json.dumps(plan), iso_utc(started_at or utc_now()),
                 iso_utc(deadline) if deadline else None))
            return int(cursor.lastrowid or 0)

    def record_answer(self, attempt_id: int, question_key: str, response: Any, *, correct: bool,
                      earned: float, possible: float, topic: str | None = None,
                      answered_at: datetime | None = None) -> None:
        """Store one answer at once; a later answer to the same question supersedes it."""
        with transaction(self._connection) as db:
            db.execute(
                "INSERT INTO answers (attempt_id, question_key, topic, response, correct, earned, possible, "
                "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt_id, question_key, topic, json.dumps(response), int(correct), earned, possible,
                 iso_utc(answered_at or utc_now())))

    def set_flag(self, attempt_id: int, question_key: str, flagged: bool) -> None:
        with transaction(self._connection) as db:
            if flagged:
                db.execute("INSERT OR IGNORE INTO flags (attempt_id, question_key) VALUES (?, ?)",
                           (attempt_id, question_key))
            else:
                db.execute("DELETE FROM flags WHERE attempt_id = ? AND question_key = ?", (attempt_id, question_key))

    def flags(self, attempt_id: int) -> set[str]:
        rows = self._connection.execute("SELECT question_key FROM flags WHERE attempt_id = ?", (attempt_id,))
        return {row[0] for row in rows}

    def finish(self, attempt_id: int, *, earned: float, possible: float, passed: bool,
               submitted_at: datetime | None = None) -> None:
        with transaction(self._connection) as db:
            db.execute("UPDATE attempts SET submitted_at = ?, earned = ?, possible = ?, passed = ? WHERE id = ?",
                       (iso_utc(submitted_at or utc_now()), earned, possible, int(passed), attempt_id))

    def mark(self, attempt_id: int, **marks: bool) -> None:
        """Record facts about an attempt (abandoned, practice, review seen) in its plan, which is JSON, so
        no column is needed and older stores read them as absent."""
        with transaction(self._connection) as db:
            row = db.execute("SELECT plan FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
            if row is None:
                return
            plan = json.loads(row[0])
            plan = plan if isinstance(plan, dict) else {"questions": plan}
            plan.update(marks)
            db.execute("UPDATE attempts SET plan = ? WHERE id = ?", (json.dumps(plan), attempt_id))

    def get(self, attempt_id: int) -> Attempt | None:
        row = self._connection.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        return _attempt(row) if row else None

    def list(self, kind: str | None = None, ref_id: str | None = None) -> builtins.list[Attempt]:
        """Attempts, oldest first, optionally of one kind and one quiz or exam."""
        rows = self._connection.execute(
            "SELECT * FROM attempts WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR ref_id = ?2) "
            "ORDER BY started_at, id", (kind, ref_id))
        return [_attempt(row) for row in rows]

    def best_scores(self, kind: str) -> dict[str, float]:
        """The best score (0-1) of each quiz or exam over its submitted attempts."""
        rows = self._connection.execute(
            "SELECT ref_id, max(coalesce(earned, 0) / possible) FROM attempts WHERE kind = ? "
            "AND submitted_at IS NOT NULL AND possible > 0 GROUP BY ref_id", (kind,))
        return {row[0]: float(row[1]) for row in rows}

    def open_attempts(self) -> builtins.list[Attempt]:
        """Attempts never submitted, the latest first."""
        rows = self._connection.execute(
            "SELECT * FROM attempts WHERE submitted_at IS NULL ORDER BY started_at DESC, id DESC")
        return [_attempt(row) for row in rows]

    def unfinished(self, kind: str, ref_id: str) -> Attempt | None:
        """The latest attempt at this quiz or exam that was never submitted, for resuming."""
        row = self._connection.execute(
            "SELECT * FROM attempts WHERE kind = ? AND ref_id = ? AND submitted_at IS NULL "
            "ORDER BY started_at DESC, id DESC LIMIT 1", (kind, ref_id)).fetchone()
        return _attempt(row) if row else None

    def answers(self, attempt_id: int | None = None) -> builtins.list[StoredAnswer]:
        """The latest answer per question of one attempt (or of all attempts), in the order given."""
        rows = self._connection.execute(
            "SELECT * FROM answers WHERE id IN (SELECT max(id) FROM answers WHERE (?1 IS NULL OR attempt_id = ?1) "
            "GROUP BY attempt_id, question_key) ORDER BY id", (attempt_id,))
        return [StoredAnswer(row["attempt_id"], row["question_key"], row["topic"], json.loads(row["response"]),
                             bool(row["correct"]), row["earned"], row["possible"],
                             datetime.fromisoformat(row["answered_at"])) for row in rows]
