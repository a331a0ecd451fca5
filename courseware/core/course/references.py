"""Checks across files: unique ids, and every module, quiz, topic, card or link that is referenced exists."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from courseware.core.course.course import Course, Module
from courseware.core.course.loaded import Loaded
from courseware.core.model import Deck, Exam, Quiz
from courseware.core.problems import Problem, did_you_mean


def register(course: Course, loaded_files: Sequence[Loaded]) -> list[Problem]:
    """Put each loaded file into the course, refusing a second file that reuses an id."""
    problems: list[Problem] = []
    module_paths: dict[str, Path] = {}
    modules: list[Module] = []
    for loaded in loaded_files:
        model = loaded.model
        if isinstance(model, Module):
            if model.id in module_paths:
                loaded.at(["id"], f"duplicate module id '{model.id}' (also in {module_paths[model.id]})")
                problems.append(loaded.problems[-1])
            else:
                module_paths[model.id] = loaded.path
                modules.append(model)
        elif model is not None and model.id in course.sources:
            loaded.at(["id"], f"duplicate id '{model.id}' (also in {course.sources[model.id]})")
            problems.append(loaded.problems[-1])
        elif model is not None:
            course.sources[model.id] = loaded.path
            if isinstance(model, Quiz):
                course.quizzes[model.id] = model
            elif isinstance(model, Deck):
                course.decks[model.id] = model
            else:
                course.exams[model.id] = model
    course.modules = tuple(sorted(modules, key=lambda module: (module.meta.order, module.id)))
    return problems


def check(course: Course, loaded: Mapping[object, Loaded], *, check_links: bool) -> list[Problem]:
    """Every cross-file reference of the course, located in the file that makes it."""
    problems: list[Problem] = []
    topics = course.topic_modules
    modules = {module.id for module in course.modules}

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

    for entry in loaded.values():
        problems.extend(_check_raw_references(entry, topics, modules, set(course.quizzes)))

    for exam in course.exams.values():
        _check_exam(course, exam, report)

    if check_links:
        for module in course.modules:
            problems.extend(_check_links(course, module))
    return problems


_UNDEFINED = {"module": "module '{}' is not defined", "topic": "topic '{}' is not defined by any module",
              "quiz": "quiz '{}' is not defined"}


def _check_raw_references(entry: Loaded, topics: Mapping[str, str], modules: set[str],
                          quizzes: set[str]) -> list[Problem]:
    """References made by a quiz, or by an exam that failed to load, read from the parsed file itself.

    Reading the plain document rather than the model means a file with schema problems still has its
    references checked, so a trainer sees every problem in one pass.
    """
    value = entry.document.value if entry.document is not None else None
    if not isinstance(value, dict) or value.get("kind") not in ("quiz", "exam"):
        return []
    if value["kind"] == "exam" and entry.model is not None:
        return []  # a loaded exam is checked against its pools in _check_exam
    known = {"module": modules, "topic": topics, "quiz": quizzes}
    found: list[Problem] = []

    def refer(where: list[str | int], kind: str, target: object) -> None:
        if isinstance(target, str) and target not in known[kind]:
            entry.at(where, _UNDEFINED[kind].format(target) + did_you_mean(target, known[kind]))
            found.append(entry.problems[-1])

    if value["kind"] == "quiz":
        refer(["module"], "module", value.get("module"))
        refer(["topic"], "topic", value.get("topic"))
        questions = value.get("questions")
        for index, question in enumerate(questions if isinstance(questions, list) else []):
            if isinstance(question, dict):
                refer(["questions", index, "topic"], "topic", question.get("topic"))
    else:
        rules = value.get("draw")
        for index, rule in enumerate(rules if isinstance(rules, list) else []):
            for kind in ("topic", "quiz", "module"):
                if isinstance(rule, dict):
                    refer(["draw", index, kind], kind, rule.get(kind))
    return found


def exam_pool(course: Course, exam: Exam) -> list[list[str]]:
    """For each draw rule of an exam, the keys of the questions it may draw from."""
    refs = course.questions()
    pools: list[list[str]] = []
    for rule in exam.draw:
        if rule.topic is not None:
            pools.append([ref.key for ref in refs if ref.topic == rule.topic])
        elif rule.quiz is not None:
            pools.append([ref.key for ref in refs if ref.quiz.id == rule.quiz])
        elif rule.module is not None:
            pools.append([ref.key for ref in refs if ref.quiz.module == rule.module])
        else:
            pools.append([])
    return pools


def _check_exam(course: Course, exam: Exam, report: Callable[[str, list[str | int], str], None]) -> None:
    topics = course.topic_modules
    modules = {module.id for module in course.modules}
    pools = exam_pool(course, exam)
    for index, (rule, pool) in enumerate(zip(exam.draw, pools, strict=True)):
        if rule.topic is not None and rule.topic not in topics:
            report(exam.id, ["draw", index, "topic"],
                   f"topic '{rule.topic}' is not defined by any module{did_you_mean(rule.topic, topics)}")
        elif rule.quiz is not None and rule.quiz not in course.quizzes:
            report(exam.id, ["draw", index, "quiz"],
                   f"quiz '{rule.quiz}' is not defined{did_you_mean(rule.quiz, course.quizzes)}")
        elif rule.module is not None and rule.module not in modules:
            report(exam.id, ["draw", index, "module"],
                   f"module '{rule.module}' is not defined{did_you_mean(rule.module, modules)}")
        elif rule.count > len(pool):
            report(exam.id, ["draw", index, "count"],
                   f"draws {rule.count} questions but its pool holds only {len(pool)}")
    wanted = sum(rule.count for rule in exam.draw)
    distinct = len({key for pool in pools for key in pool})
    if distinct < wanted:
        report(exam.id, ["draw"], f"draws {wanted} questions in all but its rules share a pool of only {distinct}")


def _check_links(course: Course, module: Module) -> list[Problem]:
    """``module:ID[#anchor]`` and ``glossary:CARD`` links must point at something that exists."""
    problems: list[Problem] = []
    for link in module.links:
        scheme, _, rest = link.target.partition(":")
        if scheme == "module":
            target_id, _, anchor = rest.partition("#")
            target = course.module(target_id)
            if target is None:
                names = [m.id for m in course.modules]
                problems.append(Problem(module.path, link.line, link.column,
                                        f"link to module '{target_id}', which is not defined"
                                        f"{did_you_mean(target_id, names)}"))
            elif anchor and anchor not in {heading.slug for heading in target.headings}:
                slugs = [heading.slug for heading in target.headings]
                problems.append(Problem(module.path, link.line, link.column,
                                        f"link to '{anchor}' in module '{target_id}', which has no such heading"
                                        f"{did_you_mean(anchor, slugs)}"))
        elif scheme == "glossary" and rest not in course.glossary:
            problems.append(Problem(module.path, link.line, link.column,
                                    f"link to glossary term '{rest}', which no deck defines"
                                    f"{did_you_mean(rest, course.glossary)}"))
    return problems
