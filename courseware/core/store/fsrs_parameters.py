"""FSRS parameters fitted to the learner's own reviews, newest last, with the fit's log loss before and after."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from courseware.core.store.connection import iso_utc, transaction


@dataclass(frozen=True)
class FittedParameters:
    fitted_at: datetime
    parameters: tuple[float, ...]
    reviews: int
    loss_before: float
    loss_after: float


class FsrsParametersRepository:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def save(self, fitted: FittedParameters) -> None:
        with transaction(self._connection) as db:
            db.execute("INSERT INTO fsrs_parameters (fitted_at, parameters, reviews, loss_before, loss_after) "
                       "VALUES (?, ?, ?, ?, ?)", (iso_utc(fitted.fitted_at), json.dumps(list(fitted.parameters)),
                                                  fitted.reviews, fitted.loss_before, fitted.loss_after))

    def latest(self) -> FittedParameters | None:
        row = self._connection.execute("SELECT * FROM fsrs_parameters ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        return FittedParameters(datetime.fromisoformat(row["fitted_at"]),
                                tuple(float(value) for value in json.loads(row["parameters"])),
                                row["reviews"], row["loss_before"], row["loss_after"])
