"""Statistics as SQL aggregates over the stored history: sums per local day, computed by SQLite.

Nothing here loads the history into Python: each series is one indexed query returning a row per day
(or per topic), so the statistics of years of reviews cost about what SQLite takes to add them up.
Days are the learner's local days (SQLite's ``localtime``, the same zone Python's ``astimezone`` uses).
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from courseware.core.store.connection import iso_utc

_DAY = "date({column}, 'localtime')"


def _days(rows: list[sqlite3.Row]) -> dict[date, float]:
    return {date.fromisoformat(row[0]): float(row[1]) for row in rows if row[0]}


class Aggregates:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def reviews_per_day(self, since: datetime) -> dict[date, float]:
        """Flashcard reviews (scheduled and crammed) per day since ``since``."""
        return _days(self._connection.execute(
            f"SELECT {_DAY.format(column='reviewed_at')} AS day, count(*) FROM reviews WHERE reviewed_at >= ? "
            "GROUP BY day", (iso_utc(since),)).fetchall())

    def true_retention_per_day(self, since: datetime | None = None) -> dict[date, tuple[int, int]]:
        """Per day: (reviews, remembered) over Anki's "true retention" reviews.

        Only the first scheduled review of a card each day, and only of a card reviewed on an earlier day:
        crammed answers, a new card's first sight and the same day's learning steps are left out.
        """
        # A review is the day's first of its card exactly when the card's previous review was on another
        # day; a card's very first review (no previous one) is its first sight. One ordered pass (index).
        rows = self._connection.execute(
            f"""
            SELECT day, count(*), sum(rating != 1) FROM (
                SELECT rating, day, lag(day) OVER (PARTITION BY card_key ORDER BY reviewed_at, id) AS previous
                FROM (SELECT id, card_key, rating, reviewed_at, {_DAY.format(column='reviewed_at')} AS day
                      FROM reviews WHERE mode = 'schedule')
            ) WHERE previous IS NOT NULL AND previous != day AND day >= ?1 GROUP BY day
            """, (since.astimezone().date().isoformat() if since else "",)).fetchall()
        return {date.fromisoformat(row[0]): (int(row[1]), int(row[2])) for row in rows}

    def due_per_day(self, today_start: datetime, until: datetime) -> dict[date, float]:
        """Cards of the course (see ``course_cards``) coming due per day; overdue ones count today."""
        rows = self._connection.execute(
            f"SELECT CASE WHEN s.due < :start THEN {_DAY.format(column=':start')} "
            f"ELSE {_DAY.format(column='s.due')} END AS day, count(*) "
            "FROM course_cards c JOIN card_state s ON s.card_key = c.card_key "
            "WHERE s.due < :until AND NOT EXISTS (SELECT 1 FROM suspended x WHERE x.card_key = s.card_key) "
            "GROUP BY day", {"start": iso_utc(today_start), "until": iso_utc(until)}).fetchall()
        return _days(rows)

    def study_seconds_per_day(self, since: datetime, longest_attempt_seconds: float) -> dict[date, float]:
        """Seconds studied per day: reading, flashcards and the time inside quizzes, exams and practice.

        An attempt counts from its start to its submission or last answer, at most ``longest_attempt_seconds``.
        """
        rows = self._connection.execute(
            f"""
            SELECT day, sum(seconds) FROM (
                SELECT {_DAY.format(column='started_at')} AS day, seconds FROM study_time WHERE started_at >= ?1
                UNION ALL
                SELECT {_DAY.format(column='a.started_at')} AS day,
                       round(min((julianday(coalesce(a.submitted_at, (SELECT max(answered_at) FROM answers
                                                                      WHERE attempt_id = a.id)))
                                  - julianday(a.started_at)) * 86400, ?2), 1) AS seconds
                FROM attempts a WHERE a.started_at >= ?1
            ) WHERE seconds > 0 GROUP BY day
            """, (iso_utc(since), longest_attempt_seconds)).fetchall()
        return _days(rows)

    def topic_answers(self) -> dict[str, tuple[float, float, int]]:
        """Per topic: (points earned, points possible, answers) over quiz, exam and practice answers."""
        rows = self._connection.execute(
            "SELECT topic, sum(earned), sum(possible), count(*) FROM answers WHERE topic IS NOT NULL "
            "GROUP BY topic").fetchall()
        return {row[0]: (float(row[1]), float(row[2]), int(row[3])) for row in rows}

    def scores(self) -> list[tuple[datetime, str, str, float, bool]]:
        """Every submitted quiz and exam: (submitted at, kind, id, score 0-1, passed), oldest first."""
        rows = self._connection.execute(
            "SELECT submitted_at, kind, ref_id, earned / possible, coalesce(passed, 0) FROM attempts "
            "WHERE submitted_at IS NOT NULL AND possible > 0 AND kind IN ('quiz', 'exam') "
            "ORDER BY submitted_at").fetchall()
        return [(datetime.fromisoformat(row[0]), row[1], row[2], float(row[3]), bool(row[4])) for row in rows]

    def review_count(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM reviews").fetchone()[0])

    def scheduled_review_count(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM reviews WHERE mode = 'schedule'").fetchone()[0])

    def answer_count(self) -> int:
        return int(self._connection.execute("SELECT count(*) FROM answers").fetchone()[0])

    def seconds_by_activity(self, longest_attempt_seconds: float) -> dict[str, float]:
        """Seconds studied per activity: reading, flashcards, quizzes, exams, practice."""
        rows = self._connection.execute(
            """
            SELECT activity, sum(seconds) FROM (
                SELECT activity, seconds FROM study_time
                UNION ALL
                SELECT CASE a.kind WHEN 'quiz' THEN 'quizzes' WHEN 'exam' THEN 'exams' ELSE a.kind END,
                       round(min((julianday(coalesce(a.submitted_at, (SELECT max(answered_at) FROM answers
                                                                      WHERE attempt_id = a.id)))
                                  - julianday(a.started_at)) * 86400, ?1), 1)
                FROM attempts a
            ) WHERE seconds > 0 GROUP BY activity
            """, (longest_attempt_seconds,)).fetchall()
        return {row[0]: float(row[1]) for row in rows}
