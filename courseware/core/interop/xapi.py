"""The learner's history as xAPI 1.0.3 statements that any learning record store can analyse.

Following the ADL vocabulary and cmi5's conventions: each answer is ``answered`` on a ``cmi.interaction``
activity whose definition carries its interaction type, its components (choices, source and target,
steps) and its correct responses pattern, with the response in xAPI's own format (``a[,]c``,
``arr[.]1[,]mrr[.]2``); its quiz or exam is ``context.contextActivities.parent`` and its attempt is
``context.registration``; its topic is a ``category`` activity. Attempts are ``attempted``,
``completed`` and ``passed`` / ``failed``; modules ``experienced`` and ``completed``; flashcard reviews
carry the rating and the card's FSRS state as extensions. That is what an item analysis (ours, an LRS
dashboard's, Moodle's) needs to work from statements alone.

Every statement id is a UUID5 of the record it describes (and of the learner), so building the
statements again gives the same ids and a learning record store never stores one twice. The
``version`` property is left to the LRS, as the specification asks.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from courseware.core.calculators.quiz import expected_value
from courseware.core.course.course import Course, QuestionRef, slugify
from courseware.core.errors import AnswerFormatError, CoursewareError
from courseware.core.model import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from courseware.core.store import Attempt, Store
from courseware.core.study.scheduling import replay
from courseware.core.text import parse_number

#: The xAPI version courseware speaks, sent as the ``X-Experience-API-Version`` header (never in statements).
XAPI_VERSION = "1.0.3"
#: Activity ids of a course whose ``course.yaml`` names no ``activity_base``: shared by every install.
DEFAULT_BASE = "https://courseware.invalid/"
_NAMESPACE = uuid.UUID("8f5c3c52-4d1e-5b8a-9a55-7b0e3c1d2f60")
_ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
VERBS = {verb: _ADL_VERBS + verb for verb in
         ("experienced", "completed", "answered", "attempted", "passed", "failed")}
ACTIVITY_TYPES = "http://adlnet.gov/expapi/activities/"
INTERACTION = ACTIVITY_TYPES + "cmi.interaction"
_CATEGORY = "http://id.tincanapi.com/activitytype/category"
_INTERACTIONS = {"single": "choice", "multiple": "choice", "true_false": "true-false", "short": "fill-in",
                 "numeric": "numeric", "matching": "matching", "ordering": "sequencing"}
_RATINGS = {1: "again", 2: "hard", 3: "good", 4: "easy"}
_KINDS = {"quiz": "quizzes", "exam": "exams", "practice": "practice"}


@dataclass(frozen=True)
class Learner:
    """Who the statements are about: an e-mail address (``mbox``), else an account on ``home_page``.

    ``shared`` marks an identity that is the same on every install (a login name on the default home
    page): fine in a file, but an LRS would merge everyone who has it into one person.
    """

    name: str
    email: str | None = None
    home_page: str | None = None
    shared: bool = False

    def agent(self, base: str) -> dict[str, Any]:
        if self.email:
            return {"objectType": "Agent", "name": self.name, "mbox": f"mailto:{self.email}"}
        return {"objectType": "Agent", "name": self.name,
                "account": {"homePage": self.home_page or base, "name": self.name}}

    def describe(self, base: str) -> str:
        """The identity in words, for the line that says which one an export used."""
        if self.email:
            return f"mbox mailto:{self.email}"
        return f"account '{self.name}' on {self.home_page or base}"


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


def _lang(text: str) -> dict[str, str]:
    return {"en-US": text or "-"}


def component_ids(texts: Sequence[str]) -> list[str]:
    """Stable, unique ids for the parts of an interaction (choices, items), made from their text."""
    ids: list[str] = []
    for position, text in enumerate(texts, start=1):
        base = slugify(text)[:40].strip("-") or f"item-{position}"
        candidate, suffix = base, 2
        while candidate in ids:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        ids.append(candidate)
    return ids


def _components(texts: Sequence[str]) -> list[dict[str, Any]]:
    return [{"id": ident, "description": _lang(text)} for ident, text in zip(component_ids(texts), texts, strict=True)]


def _numeric_pattern(question: Numeric, expected: float | None) -> str | None:
    value = expected if expected is not None else question.answer
    if value is None:
        return None
    if question.tolerance:
        return f"{_number(value - question.tolerance)}[:]{_number(value + question.tolerance)}"
    return _number(value)


def _number(value: float | Decimal) -> str:
    """A number as xAPI's numeric responses write it: plain digits, no exponent for everyday values."""
    return f"{float(value):.15g}"


def interaction(question: Question, expected: float | None = None) -> dict[str, Any]:
    """The ``cmi.interaction`` definition of a question: its type, components and correct responses."""
    definition: dict[str, Any] = {"interactionType": _INTERACTIONS[question.type]}
    pattern: str | None = None
    if isinstance(question, SingleChoice | MultipleChoice):
        ids = component_ids([choice.text for choice in question.choices])
        definition["choices"] = _components([choice.text for choice in question.choices])
        pattern = "[,]".join(ident for ident, choice in zip(ids, question.choices, strict=True) if choice.correct)
    elif isinstance(question, TrueFalse):
        pattern = "true" if question.answer else "false"
    elif isinstance(question, ShortAnswer):
        definition["correctResponsesPattern"] = [answer for answer in question.answers if answer]
    elif isinstance(question, Numeric):
        pattern = _numeric_pattern(question, expected)
    elif isinstance(question, Matching):
        lefts, rights = list(question.pairs), list(question.pairs.values())
        definition["source"], definition["target"] = _components(lefts), _components(sorted(set(rights)))
        left_ids = component_ids(lefts)
        right_ids = dict(zip(sorted(set(rights)), component_ids(sorted(set(rights))), strict=True))
        pattern = "[,]".join(f"{left}[.]{right_ids[right]}" for left, right in zip(left_ids, rights, strict=True))
    elif isinstance(question, Ordering):
        definition["steps"] = _components(question.items)
        pattern = "[,]".join(component_ids(question.items))
    if pattern:
        definition["correctResponsesPattern"] = [pattern]
    return definition


def response_text(question: Question | None, response: Any) -> str:
    """A stored response in xAPI's response format for the question's interaction type."""
    if question is None:
        return response if isinstance(response, str) else json.dumps(response)
    if isinstance(question, SingleChoice | MultipleChoice):
        ids = component_ids([choice.text for choice in question.choices])
        chosen = [response] if isinstance(response, int) else list(response or [])
        return "[,]".join(ids[index] for index in chosen if isinstance(index, int) and 0 <= index < len(ids))
    if isinstance(question, TrueFalse):
        return "true" if response is True else "false"
    if isinstance(question, Matching) and isinstance(response, dict):
        left_ids = dict(zip(question.pairs, component_ids(list(question.pairs)), strict=True))
        rights = sorted(set(question.pairs.values()))
        right_ids = dict(zip(rights, component_ids(rights), strict=True))
        return "[,]".join(f"{left_ids[left]}[.]{right_ids[right]}" for left, right in response.items()
                          if left in left_ids and right in right_ids)
    if isinstance(question, Numeric) and not isinstance(response, bool):
        if isinstance(response, int | float | Decimal):
            return _number(response)
        try:  # the typed text, as the learner wrote it ("18 months", "$48,000"): xAPI wants the number
            return _number(parse_number(str(response), question.unit))
        except AnswerFormatError:
            return str(response)
    if isinstance(question, Ordering) and isinstance(response, list):
        step_ids = dict(zip(question.items, component_ids(question.items), strict=True))
        return "[,]".join(step_ids[item] for item in response if item in step_ids)
    return str(response)


class StatementBuilder:
    """Builds the statements of one learner's history in one course."""

    def __init__(self, course: Course, learner: Learner) -> None:
        self.course = course
        self.base = activity_base(course)
        self.agent = learner.agent(self.base)
        # The learner's identifier (not their display name) is part of every id: renaming changes no id.
        self._identity = json.dumps({key: value for key, value in self.agent.items() if key != "name"},
                                    sort_keys=True)
        self._refs = {ref.key: ref for ref in course.questions()}

    def _statement(self, record: str, verb: str, activity: dict[str, Any], timestamp: datetime,
                   result: dict[str, Any] | None = None, context: dict[str, Any] | None = None) -> dict[str, Any]:
        statement: dict[str, Any] = {
            "id": str(uuid.uuid5(_NAMESPACE, f"{self._identity}|{self.base}|{record}")),
            "actor": self.agent,
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": activity,
            "timestamp": _when(timestamp),
        }
        if result is not None:
            statement["result"] = result
        statement["context"] = {"platform": "courseware", "language": "en-US", **(context or {})}
        return statement

    def _activity(self, path: str, kind: str, name: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        definition = {"type": kind if kind.startswith("http") else ACTIVITY_TYPES + kind, "name": _lang(name),
                      **(extra or {})}
        return {"objectType": "Activity", "id": self.base + path, "definition": definition}

    def module_statements(self, module_id: str, read_at: datetime) -> list[dict[str, Any]]:
        """A module read to its end: experienced, then completed."""
        module = self.course.module(module_id)
        activity = self._activity(f"modules/{module_id}", "module", module.title if module else module_id)
        return [self._statement(f"module|{module_id}|{_when(read_at)}", "experienced", activity, read_at),
                self._statement(f"module-completed|{module_id}|{_when(read_at)}", "completed", activity, read_at,
                                result={"completion": True})]

    def _attempt_activity(self, attempt: Attempt) -> dict[str, Any]:
        found = self.course.exams.get(attempt.ref_id) if attempt.kind == "exam" else \
            self.course.quizzes.get(attempt.ref_id)
        title = found.title if found is not None else attempt.ref_id
        return self._activity(f"{_KINDS.get(attempt.kind, attempt.kind)}/{attempt.ref_id}", "assessment", title)

    def registration(self, attempt: Attempt) -> str:
        """The attempt's UUID: the same for every statement of that attempt, different for every attempt."""
        return str(uuid.uuid5(_NAMESPACE, f"{self._identity}|attempt|{attempt.id}|{_when(attempt.started_at)}"))

    def attempt_statements(self, attempt: Attempt) -> list[dict[str, Any]]:
        """Attempted when it started; completed and passed or failed, with score and duration, once submitted."""
        activity = self._attempt_activity(attempt)
        context = {"registration": self.registration(attempt)}
        record = f"attempt|{attempt.id}|{_when(attempt.started_at)}"
        statements = [self._statement(record, "attempted", activity, attempt.started_at, context=context)]
        if attempt.submitted_at is None or attempt.passed is None:
            return statements
        took = duration((_utc(attempt.submitted_at) - _utc(attempt.started_at)).total_seconds())
        score = _score(attempt.earned or 0.0, attempt.possible or 0.0)
        finished = f"{record}|{_when(attempt.submitted_at)}"
        statements.append(self._statement(finished + "|completed", "completed", activity, attempt.submitted_at,
                                          {"completion": True, "duration": took, "score": score}, context))
        statements.append(self._statement(finished, "passed" if attempt.passed else "failed", activity,
                                          attempt.submitted_at,
                                          {"success": attempt.passed, "completion": True, "score": score,
                                           "duration": took}, context))
        return statements

    def _question_activity(self, key: str,
                           expected: float | None) -> tuple[dict[str, Any], Question | None, str | None]:
        ref = self._refs.get(key)
        if ref is None:
            return self._activity(f"questions/{key}", INTERACTION, key), None, None
        question = ref.question
        extra = {"description": _lang(question.prompt), **interaction(question, expected)}
        return self._activity(f"questions/{key}", INTERACTION, key, extra), question, ref.topic

    def answers(self, attempt: Attempt, store: Store) -> list[dict[str, Any]]:
        """One statement per answer, timed from the previous answer (or the start) of the attempt."""
        statements = []
        previous = _utc(attempt.started_at)
        parent = [self._attempt_activity(attempt)]
        expected = _expected_values(attempt, self._refs)
        for answer in sorted(store.attempts.answers(attempt.id), key=lambda answer: _utc(answer.answered_at)):
            answered = _utc(answer.answered_at)
            activity, question, topic = self._question_activity(answer.question_key,
                                                                expected.get(answer.question_key))
            result = {"success": answer.correct, "response": response_text(question, answer.response) or "-",
                      "score": _score(answer.earned, answer.possible),
                      "duration": duration((answered - previous).total_seconds())}
            activities: dict[str, Any] = {"parent": parent}
            topic = answer.topic or topic
            if topic:
                activities["category"] = [self._activity(f"topics/{topic}", _CATEGORY, topic)]
            record = f"answer|{attempt.id}|{_when(attempt.started_at)}|{answer.question_key}|{_when(answered)}"
            statements.append(self._statement(record, "answered", activity, answered, result,
                                              {"contextActivities": activities,
                                               "registration": self.registration(attempt)}))
            previous = max(previous, answered)
        return statements

    def review(self, card_key: str, rating: int, reviewed_at: datetime, duration_ms: int | None,
               mode: str, fsrs_state: str | None) -> dict[str, Any]:
        """A flashcard rating, with the card's FSRS state after it (None for a crammed card)."""
        deck_id, _, card_id = card_key.partition("/")
        card = self.course.glossary.get(card_id.split(":")[0])
        name = card.front if card is not None else card_key
        activity = self._activity(f"cards/{card_key}", INTERACTION, name, {"interactionType": "other"})
        extensions: dict[str, Any] = {self.base + "extensions/rating": rating,
                                      self.base + "extensions/mode": mode}
        if fsrs_state is not None:
            extensions[self.base + "extensions/fsrs-state"] = json.loads(fsrs_state)
        result: dict[str, Any] = {"success": rating > 1, "response": _RATINGS.get(rating, str(rating)),
                                  "extensions": extensions}
        if duration_ms is not None:
            result["duration"] = duration(duration_ms / 1000)
        return self._statement(f"review|{card_key}|{_when(reviewed_at)}|{rating}", "answered", activity,
                               reviewed_at, result, {"extensions": {self.base + "extensions/deck": deck_id}})


def _expected_values(attempt: Attempt, refs: dict[str, QuestionRef]) -> dict[str, float]:
    """Calculator questions' right answers in this attempt, from the inputs its plan recorded."""
    entries = attempt.plan.get("questions", []) if isinstance(attempt.plan, dict) else []
    found: dict[str, float] = {}
    for entry in entries:
        ref = refs.get(str(entry.get("key"))) if isinstance(entry, dict) else None
        inputs = entry.get("inputs") if isinstance(entry, dict) else None
        if ref is None or not isinstance(ref.question, Numeric) or not ref.question.calculator \
                or not isinstance(inputs, dict):
            continue
        try:
            value, _, _ = expected_value(ref.question, inputs=inputs)
        except CoursewareError:
            continue
        found[ref.key] = value
    return found


def activity_base(course: Course) -> str:
    """The IRI every activity id of the course starts with: the trainer's ``activity_base``, or the default."""
    base = course.meta.activity_base or DEFAULT_BASE
    return base.rstrip("/") + f"/{course.meta.id}/"


def build_statements(course: Course, store: Store, learner: Learner) -> list[dict[str, Any]]:
    """Every statement of the learner's history, oldest first."""
    builder = StatementBuilder(course, learner)
    statements: list[dict[str, Any]] = []
    for module_id, read_at in store.modules.read_times().items():
        statements.extend(builder.module_statements(module_id, read_at))
    for attempt in store.attempts.list():
        statements.extend(builder.attempt_statements(attempt))
        statements.extend(builder.answers(attempt, store))
    for review, replayed in replay(store.reviews.history()):
        statements.append(builder.review(review.card_key, review.rating, review.reviewed_at, review.duration_ms,
                                         review.mode, replayed[0] if replayed else None))
    return sorted(statements, key=lambda statement: datetime.fromisoformat(statement["timestamp"]))


def learner_identity(login: str, *, name: str | None = None, email: str | None = None,
                     settings_name: str = "", settings_email: str = "", settings_home_page: str = "",
                     course_base: str = DEFAULT_BASE) -> Learner:
    """Who the statements are about, from the command line first, then the settings, then the login name.

    An identity is *shared* when nothing the learner or the trainer chose tells it apart from another
    install's: the login name (``root``, ``student``) as an account on the default home page.
    """
    display = name or settings_name or login
    if email or settings_email:
        return Learner(display, email or settings_email)
    home_page = settings_home_page or None
    chosen_name = bool(name or settings_name)
    on_default = (home_page or course_base).startswith(DEFAULT_BASE)
    return Learner(display, home_page=home_page, shared=on_default or not chosen_name)
