"""Checks across files: unique ids, and every module, quiz, topic, card or link that is referenced exists."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from courseware.core.course import blueprint, checks
from courseware.core.course.course import Course, Link, Module
from courseware.core.course.loaded import Loaded, Reference
from courseware.core.model import Exam
from courseware.core.problems import Problem, did_you_mean

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def register(course: Course, loaded_files: Sequence[Loaded]) -> list[Problem]:
    """Put each loaded file into the course, refusing a second file that reuses an id.

    A file that did not load still declares its id (when that much of it parses), so that what refers to
    it is not reported as well: one mistake, one error.
    """
    problems: list[Problem] = []
    module_paths: dict[str, Path] = {}
    modules: list[Module] = []
    for loaded in loaded_files:
        model = loaded.model
        if model is None:
            declared = _declared(loaded)
            if declared is not None:
                course.unloaded.setdefault(declared, loaded.path)
                if declared[0] != "module":
                    course.sources.setdefault(declared[1], loaded.path)
        elif isinstance(model, Module):
            if model.id in module_paths:
                loaded.at(["id"], f"duplicate module id '{model.id}' (also in {module_paths[model.id]})")
                problems.append(loaded.problems[-1])
            else:
                module_paths[model.id] = loaded.path
                modules.append(model)
        elif model.id in course.sources:
            loaded.at(["id"], f"duplicate id '{model.id}' (also in {course.sources[model.id]})")
            problems.append(loaded.problems[-1])
        else:
            course.add(model, loaded.path)
    course.modules = tuple(sorted(modules, key=lambda module: (module.meta.order, module.id)))
    return problems


def _declared(loaded: Loaded) -> tuple[str, str] | None:
    """The kind and id a file that failed to load says it has, if it says so legibly."""
    value = loaded.document.value if loaded.document is not None else None
    if not isinstance(value, dict) or not isinstance(value.get("id"), str) or not _ID.match(value["id"]):
        return None
    kind = "module" if loaded.path.suffix == ".md" else value.get("kind")
    return (kind, value["id"]) if kind in ("module", "quiz", "deck", "exam") else None


@dataclass(frozen=True)
class _Unknowns:
    """What files that failed to load may hold: references to these are not judged (the real error is there)."""

    quizzes: frozenset[str]
    modules: frozenset[str]
    topics: frozenset[str]
    #: Modules that quizzes which failed to load belong to: their pools may hold more than is known.
    module_pools: frozenset[str]

    @classmethod
    def of(cls, course: Course, loaded: Mapping[object, Loaded]) -> _Unknowns:
        quizzes = {name for kind, name in course.unloaded if kind == "quiz"}
        modules = {name for kind, name in course.unloaded if kind == "module"}
        topics, module_pools = set(modules), set()
        for (kind, _), path in course.unloaded.items():
            entry = loaded.get(path)
            value = entry.document.value if entry is not None and entry.document is not None else None
            if not isinstance(value, dict):
                continue
            if kind == "module":
                topics |= {topic for topic in value.get("topics") or [] if isinstance(topic, str)}
            elif kind == "quiz":
                questions = value.get("questions")
                mentioned = [value.get("topic"), value.get("module"), *(
                    question.get("topic") for question in (questions if isinstance(questions, list) else [])
                    if isinstance(question, dict))]
                topics |= {topic for topic in mentioned if isinstance(topic, str)}
                if isinstance(value.get("module"), str):
                    module_pools.add(value["module"])
        return cls(frozenset(quizzes), frozenset(modules), frozenset(topics), frozenset(module_pools))


def check(course: Course, loaded: Mapping[object, Loaded], *, check_links: bool) -> list[Problem]:
    """Every cross-file reference of the course, located in the file that makes it."""
    problems: list[Problem] = []
    unknowns = _Unknowns.of(course, loaded)

    def report(file_id: str, where: list[str | int], message: str) -> None:
        entry = loaded[course.sources[file_id]]
        entry.at(where, message)
        problems.append(entry.problems[-1])

    seen_cards: dict[str, str] = {}
    for deck in course.decks.values():
        for index, card in enumerate(deck.cards):
            if card.id in seen_cards and seen_cards[card.id] != deck.id:
                report(deck.id, ["cards", index, "id"],
                       f"card id '{card.id}' is also used in deck '{seen_cards[card.id]}'")
            seen_cards.setdefault(card.id, deck.id)

    known: dict[str, set[str]] = {}
    for entry in loaded.values():
        problems.extend(_check_raw_references(entry, course, unknowns, known))

    for exam in course.exams.values():
        _check_exam(course, exam, unknowns, report)

    if check_links:
        for module in course.modules:
            problems.extend(_check_links(course, module))
    return problems


_UNDEFINED = {"module": "module '{}' is not defined", "topic": "no question carries topic '{}'",
              "quiz": "quiz '{}' is not defined"}


def made_by(kind: str, value: dict[str, Any]) -> tuple[Reference, ...]:
    """The references a quiz or an exam makes to other files, read from its plain parsed value.

    Reading the plain value rather than the model means a file with schema problems still has its references
    checked, so a trainer sees every problem in one pass. A quiz's topics need no checking: carrying a topic is
    what defines it. Only text is a reference; any other value is the schema's to refuse.
    """
    if kind == "quiz":
        module = value.get("module")
        return ((("module",), "module", module),) if isinstance(module, str) else ()
    if kind != "exam":
        return ()
    rules = value.get("draw")
    return tuple((("draw", index, target_kind), target_kind, rule[target_kind])
                 for index, rule in enumerate(rules if isinstance(rules, list) else [])
                 if isinstance(rule, dict)
                 for target_kind in ("topic", "quiz", "module") if isinstance(rule.get(target_kind), str))


def _check_raw_references(entry: Loaded, course: Course, unknowns: _Unknowns,
                          known: dict[str, set[str]]) -> list[Problem]:
    """The references a quiz, or an exam that failed to load, makes (a loaded exam is checked against its pools
    in :func:`_check_exam`). ``known`` holds each kind's targets once gathered, for every file."""
    if isinstance(entry.model, Exam):
        return []
    found: list[Problem] = []
    for where, kind, target in entry.references:
        if kind not in known:  # each kind's targets gathered when first asked for: quizzes ask only for modules
            known[kind] = _known(course, unknowns, kind)
        if target not in known[kind]:
            entry.at(where, _UNDEFINED[kind].format(target) + did_you_mean(target, _hints(course, unknowns, kind)))
            found.append(entry.problems[-1])
    return found


def _known(course: Course, unknowns: _Unknowns, kind: str) -> set[str]:
    """What a reference of ``kind`` may name without being reported."""
    if kind == "module":
        return {module.id for module in course.modules} | unknowns.modules
    if kind == "topic":
        return course.carried_topics | unknowns.topics
    return set(course.quizzes) | unknowns.quizzes


def _hints(course: Course, unknowns: _Unknowns, kind: str) -> set[str]:
    """What a mistaken reference of ``kind`` is compared with to suggest what was meant."""
    if kind == "module":
        return {module.id for module in course.modules}
    if kind == "topic":
        return course.topics | unknowns.topics
    return set(course.quizzes)


def exam_pool(course: Course, exam: Exam) -> list[list[str]]:
    """For each draw rule of an exam, the keys of the questions it may draw from."""
    return [[ref.key for ref in pool] for pool in blueprint.rule_pools(course, exam)]


def _check_exam(course: Course, exam: Exam, unknowns: _Unknowns,
                report: Callable[[str, list[str | int], str], None]) -> None:
    """Each rule's source exists and can give its count; the total is judged only when every rule is sound
    (a rule's own error says all there is to say)."""
    modules = {module.id for module in course.modules}
    pools = exam_pool(course, exam)
    sound = True
    for index, (rule, pool) in enumerate(zip(exam.draw, pools, strict=True)):
        if rule.topic in unknowns.topics or rule.quiz in unknowns.quizzes or rule.module in unknowns.modules:
            sound = False
        elif rule.topic is not None and rule.topic not in course.carried_topics:
            report(exam.id, ["draw", index, "topic"],
                   _UNDEFINED["topic"].format(rule.topic) + did_you_mean(rule.topic, course.topics | unknowns.topics))
        elif rule.quiz is not None and rule.quiz not in course.quizzes:
            report(exam.id, ["draw", index, "quiz"],
                   f"quiz '{rule.quiz}' is not defined{did_you_mean(rule.quiz, course.quizzes)}")
        elif rule.module is not None and rule.module not in modules:
            report(exam.id, ["draw", index, "module"],
                   f"module '{rule.module}' is not defined{did_you_mean(rule.module, modules)}")
        elif rule.module in unknowns.module_pools:
            sound = False
            continue
        elif rule.count > len(pool):
            report(exam.id, ["draw", index, "count"],
                   f"draws {rule.count} questions but its pool holds only {len(pool)}")
        else:
            continue
        sound = False
    for index, objective in enumerate(exam.objectives):
        if objective.topic not in course.topics:
            report(exam.id, ["objectives", index, "topic"],
                   f"topic '{objective.topic}' is not defined by any module, quiz or question"
                   f"{did_you_mean(objective.topic, course.topics)}")
    wanted = sum(rule.count for rule in exam.draw)
    distinct = len({key for pool in pools for key in pool})
    if sound and distinct < wanted:
        report(exam.id, ["draw"], f"draws {wanted} questions in all but its rules share a pool of only {distinct}")
    elif all(pool for pool in pools):
        reason = blueprint.check(course, exam)
        if reason is not None:
            report(exam.id, ["draw"], reason)


_SCHEMES = {"module", "glossary", "http", "https", "mailto"}


def _check_links(course: Course, module: Module) -> list[Problem]:
    """``module:ID[#anchor]`` and ``glossary:CARD`` links must point at something that exists, other links
    must use a scheme the reader follows, and images must be files that exist beside the module."""
    problems: list[Problem] = []

    def problem(link: Link, message: str) -> None:
        problems.append(Problem(module.path, link.line, link.column, message))

    for link in module.links:
        scheme, colon, rest = link.target.partition(":")
        if not colon or "/" in scheme or link.target.startswith("#"):
            continue
        if scheme == "module":
            target_id, _, anchor = rest.partition("#")
            target = course.module(target_id)
            if target is None:
                problem(link, f"link to module '{target_id}', which is not defined"
                              f"{did_you_mean(target_id, [m.id for m in course.modules])}")
            elif anchor and anchor not in {heading.slug for heading in target.headings}:
                problem(link, f"link to '{anchor}' in module '{target_id}', which has no such heading"
                              f"{did_you_mean(anchor, [heading.slug for heading in target.headings])}")
        elif scheme == "glossary":
            if rest not in course.glossary:
                problem(link, f"link to glossary term '{rest}', which no deck defines"
                              f"{did_you_mean(rest, course.glossary)}")
        elif scheme.lower() not in _SCHEMES:
            hint = did_you_mean(scheme.lower(), ["module", "glossary"])
            problem(link, f"link '{link.target}' has the scheme '{scheme}:', which the reader does not follow"
                          + (hint.replace("'?)", ":'?)") if hint else
                             " (use module:ID, glossary:CARD, https: or mailto:)"))
    for image in module.images:
        path = checks.local_file(module.path.parent, image.target)
        if checks.is_local(image.target) and not path.is_file():
            problem(image, f"image '{image.target}' does not exist (looked for {path})")
    return problems
