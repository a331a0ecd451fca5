"""The learner's history as xAPI statements: modules read, questions answered, exams passed or failed,
flashcards reviewed.

Every statement id is a UUID5 of the record it describes (and of the learner), so building the
statements again gives the same ids and a learning record store never stores one twice.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from courseware.core.course.course import Course
from courseware.core.model import Question
from courseware.core.store import Attempt, Store

XAPI_VERSION = "1.0.3"
DEFAULT_BASE = "https://courseware.invalid/"
_NAMESPACE = uuid.UUID("8f5c3c52-4d1e-5b8a-9a55-7b0e3c1d2f60")
_VERBS = {
    "experienced": "http://adlnet.gov/expapi/verbs/experienced",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}
_ACTIVITY = "http://adlnet.gov/expapi/activities/"
_INTERACTIONS = {"single": "choice", "multiple": "choice", "true_false": "true-false", "short": "fill-in",
                 "numeric": "numeric", "matching": "matching", "ordering": "sequencing"}
_RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
_KINDS = {"quiz": "quizzes", "exam": "exams", "practice": "practice"}


@dataclass(frozen=True)
class Learner:
    """Who the statements are about: an e-mail address, or else an account name on this course."""

    name: str
    email: str | None = None

    def agent(self, base: str) -> dict[str, Any]:
        if self.email:
            return {"objectType": "Agent", "name": self.name, "mbox": f"mailto:{self.email}"}
        return {"objectType": "Agent", "name": self.name, "account": {"homePage": base, "name": self.name}}


def duration(seconds: float) -> str:
    """An ISO 8601 duration to the hundredth of a second, as xAPI wants it."""
    return f"PT{max(seconds, 0):.2f}".rstrip("0").rstrip(".") + "S"


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _when(moment: datetime) -> str:
    return _utc(moment).isoformat()


def _score(earned: float, possible: float) -> dict[str, float]:
    score = {"raw": earned, "min": 0.0, "max": possible}
    if possible > 0:
        score["scaled"] = round(max(-1.0, min(1.0, earned / possible)), 4)
    return score


class StatementBuilder:
    """Builds the statements of one learner's history in one course."""

    def __init__(self, course: Course, learner: Learner, base: str = DEFAULT_BASE) -> None:
        self.course = course
        self.base = base.rstrip("/") + f"/{course.meta.id}/"
        self.agent = learner.agent(base)
        # The learner's identifier (not their display name) is part of every id: renaming changes no id.
        self._identity = json.dumps({key: value for key, value in self.agent.items() if key != "name"},
                                    sort_keys=True)
        self._questions = {ref.key: ref.question for ref in course.questions()}

    def _statement(self, record: str, verb: str, activity: dict[str, Any], timestamp: datetime,
                   result: dict[str, Any] | None = None, context: dict[str, Any] | None = None) -> dict[str, Any]:
        statement: dict[str, Any] = {
            "id": str(uuid.uuid5(_NAMESPACE, f"{self._identity}|{self.base}|{record}")),
            "actor": self.agent,
            "verb": {"id": _VERBS[verb], "display": {"en-US": verb}},
            "object": activity,
            "timestamp": _when(timestamp),
            "version": XAPI_VERSION,
        }
        if result is not None:
            statement["result"] = result
        statement["context"] = {"platform": "courseware", **(context or {})}
        return statement

    def _activity(self, path: str, kind: str, name: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        definition = {"type": _ACTIVITY + kind, "name": {"en-US": name}, **(extra or {})}
        return {"objectType": "Activity", "id": self.base + path, "definition": definition}

    def module_read(self, module_id: str, read_at: datetime) -> dict[str, Any]:
        module = self.course.module(module_id)
        activity = self._activity(f"modules/{module_id}", "module", module.title if module else module_id)
        return self._statement(f"module|{module_id}|{_when(read_at)}", "experienced", activity, read_at,
                               result={"completion": True})

    def _attempt_activity(self, attempt: Attempt) -> dict[str, Any]:
        found = self.course.exams.get(attempt.ref_id) if attempt.kind == "exam" else \
            self.course.quizzes.get(attempt.ref_id)
        title = found.title if found is not None else attempt.ref_id
        return self._activity(f"{_KINDS.get(attempt.kind, attempt.kind)}/{attempt.ref_id}", "assessment", title)

    def _registration(self, attempt: Attempt) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"{self._identity}|attempt|{attempt.id}|{_when(attempt.started_at)}"))

    def attempt_result(self, attempt: Attempt) -> dict[str, Any] | None:
        """Passed or failed, with the score and how long it took; None while the attempt is open."""
        if attempt.submitted_at is None or attempt.passed is None:
            return None
        result = {"success": attempt.passed, "completion": True,
                  "score": _score(attempt.earned or 0.0, attempt.possible or 0.0),
                  "duration": duration((_utc(attempt.submitted_at) - _utc(attempt.started_at)).total_seconds())}
        record = f"attempt|{attempt.id}|{_when(attempt.started_at)}|{_when(attempt.submitted_at)}"
        return self._statement(record, "passed" if attempt.passed else "failed", self._attempt_activity(attempt),
                               attempt.submitted_at, result, {"registration": self._registration(attempt)})

    def _question_activity(self, key: str) -> dict[str, Any]:
        question: Question | None = self._questions.get(key)
        extra: dict[str, Any] = {}
        if question is not None:
            extra = {"description": {"en-US": question.prompt}, "interactionType": _INTERACTIONS[question.type]}
        return self._activity(f"questions/{key}", "cmi.interaction", key, extra)

    def answers(self, attempt: Attempt, store: Store) -> list[dict[str, Any]]:
        """One statement per answer, timed from the previous answer (or the start) of the attempt."""
        statements = []
        previous = _utc(attempt.started_at)
        parent = {"contextActivities": {"parent": [self._attempt_activity(attempt)]},
                  "registration": self._registration(attempt)}
        for answer in sorted(store.attempts.answers(attempt.id), key=lambda answer: _utc(answer.answered_at)):
            answered = _utc(answer.answered_at)
            response = answer.response if isinstance(answer.response, str) else json.dumps(answer.response)
            result = {"success": answer.correct, "response": response,
                      "score": _score(answer.earned, answer.possible),
                      "duration": duration((answered - previous).total_seconds())}
            record = f"answer|{attempt.id}|{_when(attempt.started_at)}|{answer.question_key}|{_when(answered)}"
            statements.append(self._statement(record, "answered", self._question_activity(answer.question_key),
                                              answered, result, parent))
            previous = max(previous, answered)
        return statements

    def review(self, card_key: str, rating: int, reviewed_at: datetime, duration_ms: int | None,
               mode: str) -> dict[str, Any]:
        deck_id, _, card_id = card_key.partition("/")
        card = self.course.glossary.get(card_id.split(":")[0])
        name = card.front if card is not None else card_key
        activity = self._activity(f"cards/{card_key}", "cmi.interaction", name, {"interactionType": "other"})
        result: dict[str, Any] = {"success": rating > 1, "response": _RATINGS.get(rating, str(rating)),
                                  "extensions": {self.base + "extensions/rating": rating,
                                                 self.base + "extensions/mode": mode}}
        if duration_ms is not None:
            result["duration"] = duration(duration_ms / 1000)
        return self._statement(f"review|{card_key}|{_when(reviewed_at)}|{rating}", "answered", activity,
                               reviewed_at, result, {"extensions": {self.base + "extensions/deck": deck_id}})


def build_statements(course: Course, store: Store, learner: Learner, base: str = DEFAULT_BASE) -> list[dict[str, Any]]:
    """Every statement of the learner's history, oldest first."""
    builder = StatementBuilder(course, learner, base)
    statements = [builder.module_read(module_id, read_at) for module_id, read_at in store.modules.read_times().items()]
    for attempt in store.attempts.list():
        statements.extend(builder.answers(attempt, store))
        finished = builder.attempt_result(attempt)
        if finished is not None:
            statements.append(finished)
    for review in store.reviews.history():
        statements.append(builder.review(review.card_key, review.rating, review.reviewed_at, review.duration_ms,
                                         review.mode))
    return sorted(statements, key=lambda statement: datetime.fromisoformat(statement["timestamp"]))
