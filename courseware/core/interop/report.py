"""Item analysis of a cohort from xAPI statements: which questions work, which mislead.

Works on any statements that follow the ADL conventions, not only ours: an item is a ``cmi.interaction``
activity answered in the context of a quiz or exam (``context.contextActivities.parent[0]``); a learner is
the actor (``mbox``, ``mbox_sha1sum``, ``openid`` or ``account``); an attempt is ``context.registration``
(statements without one count as one attempt per learner and quiz); an item's score is
``result.score.scaled``, else ``success`` as 1 or 0; when an item was answered more than once in an attempt,
the last answer counts. The figures follow Moodle's quiz statistics report: facility (mean score),
discrimination as the corrected item-total correlation (the item against the rest of the attempt),
Cronbach's alpha over first attempts of the learners who saw every item, and the share of the top and bottom
27% of attempts choosing each option.

Statements are added one at a time (:meth:`CohortAnalysis.add`), so a million of them, read page by page from
an LRS or line by line from a file, are aggregated without holding the statements themselves.
"""

from __future__ import annotations

import math
import statistics
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

INTERACTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
#: Verbs whose statement about a quiz or exam carries the whole attempt's score.
ATTEMPT_RESULTS = {"http://adlnet.gov/expapi/verbs/passed", "http://adlnet.gov/expapi/verbs/failed",
                   "http://adlnet.gov/expapi/verbs/completed"}
#: Share of attempts in the top and in the bottom group of the option analysis (Kelley's 27%).
GROUP_SHARE = 0.27
TOO_HARD, TOO_EASY, LOW_DISCRIMINATION = 0.2, 0.95, 0.15


def learner_key(actor: Mapping[str, Any]) -> str | None:
    """The inverse functional identifier of an agent, as one string; None when it has none."""
    if not isinstance(actor, Mapping):
        return None
    if isinstance(actor.get("mbox"), str):
        return str(actor["mbox"])
    if isinstance(actor.get("mbox_sha1sum"), str):
        return f"sha1:{actor['mbox_sha1sum']}"
    if isinstance(actor.get("openid"), str):
        return str(actor["openid"])
    account = actor.get("account")
    if isinstance(account, Mapping) and isinstance(account.get("name"), str):
        return f"account:{account.get('homePage', '')}|{account['name']}"
    return None


def _timestamp(statement: Mapping[str, Any]) -> float:
    text = statement.get("timestamp") or statement.get("stored")
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def _item_score(result: Mapping[str, Any]) -> float | None:
    score = result.get("score")
    if isinstance(score, Mapping) and isinstance(score.get("scaled"), int | float):
        return max(0.0, min(1.0, float(score["scaled"])))
    if isinstance(result.get("success"), bool):
        return 1.0 if result["success"] else 0.0
    return None


def _name(definition: Mapping[str, Any], fallback: str) -> str:
    names = definition.get("name")
    if isinstance(names, Mapping) and names:
        return str(names.get("en-US") or next(iter(names.values())))
    return fallback


@dataclass
class _Item:
    """What is known of one item: its definition (the latest seen) and its topic."""

    id: str
    name: str = ""
    interaction_type: str | None = None
    choices: tuple[str, ...] = ()
    correct: frozenset[str] = frozenset()
    topic: str | None = None


@dataclass
class _Attempt:
    learner: str
    started: float
    #: item index -> (time of the answer, score, response): the last answer of the attempt counts.
    answers: dict[int, tuple[float, float, str]] = field(default_factory=dict)
    #: The attempt's own score, when a passed, failed or completed statement gave one: it counts the
    #: questions left blank (which no answer statement shows) and the items' points.
    official: float | None = None

    def score(self) -> float:
        if self.official is not None:
            return self.official
        return sum(score for _, score, _ in self.answers.values()) / len(self.answers)


@dataclass
class _Quiz:
    id: str
    name: str
    items: dict[str, int] = field(default_factory=dict)
    item_info: list[_Item] = field(default_factory=list)
    attempts: dict[str, _Attempt] = field(default_factory=dict)

    def item_index(self, item_id: str) -> int:
        index = self.items.get(item_id)
        if index is None:
            index = self.items[item_id] = len(self.item_info)
            self.item_info.append(_Item(item_id))
        return index


@dataclass(frozen=True)
class ChoiceStats:
    id: str
    correct: bool
    count: int
    top: float | None
    bottom: float | None


@dataclass(frozen=True)
class ItemStats:
    id: str
    name: str
    topic: str | None
    interaction_type: str | None
    responses: int
    facility: float | None
    discrimination: float | None
    choices: tuple[ChoiceStats, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True)
class QuizStats:
    id: str
    name: str
    learners: int
    attempts: int
    mean: float | None
    sd: float | None
    alpha: float | None
    alpha_attempts: int
    scores: tuple[float, ...]
    items: tuple[ItemStats, ...]


@dataclass(frozen=True)
class LearnerStats:
    id: str
    name: str
    attempts: int
    best: float | None
    last: float | None
    topics: dict[str, float]


@dataclass(frozen=True)
class CohortReport:
    quizzes: tuple[QuizStats, ...]
    learners: tuple[LearnerStats, ...]
    statements: int
    skipped: int

    def to_json(self) -> dict[str, Any]:
        return {
            "statements": self.statements, "skipped": self.skipped,
            "quizzes": [{
                "id": quiz.id, "name": quiz.name, "learners": quiz.learners, "attempts": quiz.attempts,
                "mean": quiz.mean, "sd": quiz.sd, "alpha": quiz.alpha, "alpha_attempts": quiz.alpha_attempts,
                "items": [{
                    "id": item.id, "name": item.name, "topic": item.topic, "interaction_type": item.interaction_type,
                    "facility": item.facility, "discrimination": item.discrimination, "responses": item.responses,
                    "flags": list(item.flags),
                    "choices": [{"id": choice.id, "correct": choice.correct, "count": choice.count,
                                 "top": choice.top, "bottom": choice.bottom} for choice in item.choices],
                } for item in quiz.items]} for quiz in self.quizzes],
            "learners": [{"id": learner.id, "name": learner.name, "attempts": learner.attempts,
                          "best": learner.best, "last": learner.last, "topics": learner.topics}
                         for learner in self.learners],
        }


class CohortAnalysis:
    """Aggregates statements as they come; :meth:`report` computes the figures."""

    def __init__(self) -> None:
        self.quizzes: dict[str, _Quiz] = {}
        self.names: dict[str, str] = {}
        self.official: dict[tuple[str, str], float] = {}
        self.statements = 0
        self.skipped = 0

    def add_all(self, statements: Iterable[Mapping[str, Any]]) -> CohortAnalysis:
        for statement in statements:
            self.add(statement)
        return self

    def add(self, statement: Mapping[str, Any]) -> None:
        """Take one statement; anything but an answer to an item of a quiz is counted and passed over."""
        self.statements += 1
        try:
            taken = self._take(statement)
        except (AttributeError, TypeError, ValueError, KeyError):
            taken = False
        if not taken:
            self.skipped += 1

    def _take(self, statement: Mapping[str, Any]) -> bool:
        target = statement.get("object") or {}
        definition = target.get("definition") or {}
        verb = (statement.get("verb") or {}).get("id")
        if definition.get("type") != INTERACTION_TYPE and verb not in ATTEMPT_RESULTS | {ANSWERED}:
            return False
        context = statement.get("context") or {}
        if verb in ATTEMPT_RESULTS and context.get("registration") and isinstance(target.get("id"), str):
            score = _item_score(statement.get("result") or {})
            if score is None:
                return False
            self.official[target["id"], str(context["registration"])] = score
            return True
        parents = (context.get("contextActivities") or {}).get("parent") or []
        if isinstance(parents, Mapping):
            parents = [parents]
        result = statement.get("result") or {}
        score = _item_score(result)
        learner = learner_key(statement.get("actor") or {})
        if not parents or not isinstance(target.get("id"), str) or score is None or learner is None:
            return False
        parent = parents[0]
        quiz = self.quizzes.get(parent["id"])
        if quiz is None:
            quiz = self.quizzes[parent["id"]] = _Quiz(parent["id"], _name(parent.get("definition") or {},
                                                                          parent["id"]))
        index = quiz.item_index(target["id"])
        self._describe(quiz.item_info[index], definition, context)
        self.names.setdefault(learner, str((statement.get("actor") or {}).get("name") or learner))
        when = _timestamp(statement)
        registration = context.get("registration")
        attempt_key = str(registration) if registration else f"{learner}|{quiz.id}"
        attempt = quiz.attempts.get(attempt_key)
        if attempt is None:
            attempt = quiz.attempts[attempt_key] = _Attempt(learner, when)
        attempt.started = min(attempt.started, when)
        response = result.get("response")
        previous = attempt.answers.get(index)
        if previous is None or when >= previous[0]:
            attempt.answers[index] = (when, score, sys.intern(response) if isinstance(response, str) else "")
        return True

    @staticmethod
    def _describe(item: _Item, definition: Mapping[str, Any], context: Mapping[str, Any]) -> None:
        if not item.name:
            item.name = _name(definition, item.id)
        if definition.get("interactionType"):
            item.interaction_type = str(definition["interactionType"])
        choices = definition.get("choices")
        if isinstance(choices, list) and choices:
            item.choices = tuple(str(choice.get("id")) for choice in choices if isinstance(choice, Mapping))
        patterns = definition.get("correctResponsesPattern")
        if isinstance(patterns, list) and patterns and item.interaction_type == "choice":
            item.correct = frozenset(str(patterns[0]).split("[,]"))
        categories = (context.get("contextActivities") or {}).get("category") or []
        if isinstance(categories, list) and categories and isinstance(categories[0], Mapping):
            item.topic = _name(categories[0].get("definition") or {}, str(categories[0].get("id", "")).rsplit("/")[-1])

    def report(self) -> CohortReport:
        for quiz in self.quizzes.values():
            for key, attempt in quiz.attempts.items():
                attempt.official = self.official.get((quiz.id, key))
        quizzes = tuple(_quiz_stats(quiz) for quiz in sorted(self.quizzes.values(), key=lambda quiz: quiz.id))
        return CohortReport(quizzes, self._learners(), self.statements, self.skipped)

    def _learners(self) -> tuple[LearnerStats, ...]:
        runs: dict[str, list[tuple[float, float]]] = {}
        topics: dict[str, dict[str, list[float]]] = {}
        for quiz in self.quizzes.values():
            for attempt in quiz.attempts.values():
                runs.setdefault(attempt.learner, []).append((attempt.started, attempt.score()))
                mine = topics.setdefault(attempt.learner, {})
                for index, (_, score, _) in attempt.answers.items():
                    topic = quiz.item_info[index].topic
                    if topic:
                        mine.setdefault(topic, []).append(score)
        learners = []
        for key in sorted(runs):
            scores = [score for _, score in sorted(runs[key])]
            mastery = {topic: round(sum(values) / len(values), 4) for topic, values in sorted(topics[key].items())}
            learners.append(LearnerStats(key, self.names.get(key, key), len(scores), round(max(scores), 4),
                                         round(scores[-1], 4), mastery))
        return tuple(learners)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _variance(values: list[float]) -> float | None:
    """The sample variance (n - 1), as Moodle's report uses."""
    if len(values) < 2:
        return None
    centre = sum(values) / len(values)
    return sum((value - centre) ** 2 for value in values) / (len(values) - 1)


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r (the standard library's); None for fewer than three pairs or when either side does not vary."""
    if len(xs) < 3:
        return None
    try:
        return statistics.correlation(xs, ys)
    except statistics.StatisticsError:
        return None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _alpha(quiz: _Quiz) -> tuple[float | None, int]:
    """Cronbach's alpha over each learner's first attempt, among those that answered every item."""
    first: dict[str, _Attempt] = {}
    for attempt in quiz.attempts.values():
        if attempt.learner not in first or attempt.started < first[attempt.learner].started:
            first[attempt.learner] = attempt
    items = len(quiz.item_info)
    complete = [attempt for attempt in first.values() if len(attempt.answers) == items]
    if items < 2 or len(complete) < 2:
        return None, len(complete)
    item_variances = [_variance([attempt.answers[index][1] for attempt in complete]) or 0.0
                      for index in range(items)]
    total = _variance([sum(score for _, score, _ in attempt.answers.values()) for attempt in complete])
    if not total:
        return None, len(complete)
    return items / (items - 1) * (1 - sum(item_variances) / total), len(complete)


def _quiz_stats(quiz: _Quiz) -> QuizStats:
    attempts = sorted(quiz.attempts.values(), key=lambda attempt: attempt.score())
    scores = [attempt.score() for attempt in attempts]
    group = max(1, round(GROUP_SHARE * len(attempts))) if len(attempts) >= 4 else 0
    bottom, top = (attempts[:group], attempts[-group:]) if group else ([], [])
    alpha, alpha_attempts = _alpha(quiz)
    items = tuple(_item_stats(quiz, index, attempts, top, bottom) for index in range(len(quiz.item_info)))
    variance = _variance(scores)
    return QuizStats(quiz.id, quiz.name, len({attempt.learner for attempt in attempts}), len(attempts),
                     _round(_mean(scores)), _round(math.sqrt(variance) if variance is not None else None),
                     _round(alpha), alpha_attempts, tuple(round(score, 4) for score in scores), items)


def _share(group: list[_Attempt], index: int, choice: str) -> float | None:
    answered = [attempt.answers[index][2] for attempt in group if index in attempt.answers]
    if not answered:
        return None
    return round(sum(choice in response.split("[,]") for response in answered) / len(answered), 4)


def _item_stats(quiz: _Quiz, index: int, attempts: list[_Attempt], top: list[_Attempt],
                bottom: list[_Attempt]) -> ItemStats:
    info = quiz.item_info[index]
    mine, rest = [], []
    for attempt in attempts:
        if index not in attempt.answers or len(attempt.answers) < 2:
            continue
        score = attempt.answers[index][1]
        mine.append(score)
        others = sum(other for _, other, _ in attempt.answers.values()) - score
        rest.append(others / (len(attempt.answers) - 1))
    facility = _mean([attempt.answers[index][1] for attempt in attempts if index in attempt.answers])
    discrimination = correlation(mine, rest)
    choices: list[ChoiceStats] = []
    for choice in info.choices:
        count = sum(choice in attempt.answers[index][2].split("[,]")
                    for attempt in attempts if index in attempt.answers)
        choices.append(ChoiceStats(choice, choice in info.correct, count, _share(top, index, choice),
                                   _share(bottom, index, choice)))
    flags = _flags(facility, discrimination, choices, bool(info.correct))
    responses = sum(index in attempt.answers for attempt in attempts)
    return ItemStats(info.id, info.name, info.topic, info.interaction_type, responses, _round(facility),
                     _round(discrimination), tuple(choices), flags)


def _flags(facility: float | None, discrimination: float | None, choices: list[ChoiceStats],
           keyed: bool) -> tuple[str, ...]:
    flags = []
    if facility is not None and facility < TOO_HARD:
        flags.append("too-hard")
    if facility is not None and facility > TOO_EASY:
        flags.append("too-easy")
    if discrimination is not None and discrimination < 0:
        flags.append("negative-discrimination")
    elif discrimination is not None and discrimination < LOW_DISCRIMINATION:
        flags.append("low-discrimination")
    if keyed:
        wrong = [choice for choice in choices if not choice.correct]
        if any(choice.count == 0 for choice in wrong):
            flags.append("unused-distractor")
        if any(choice.top is not None and choice.bottom is not None and choice.top > choice.bottom
               for choice in wrong):
            flags.append("distractor-attracts-top")
    return tuple(flags)
