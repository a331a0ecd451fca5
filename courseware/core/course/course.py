"""The loaded course: modules, quizzes, decks and exams, with the lookups screens and services need."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from courseware.core.model import Card, CourseMeta, Deck, Exam, ModuleMeta, Question, Quiz
from courseware.core.problems import Problem


def slugify(text: str) -> str:
    """The anchor of a heading, as GitHub and Textual's Markdown widget make it."""
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return re.sub(r"\s", "-", text)


@dataclass(frozen=True)
class Heading:
    """A heading of a module: part of its table of contents."""

    level: int
    text: str
    line: int
    slug: str


@dataclass(frozen=True)
class Link:
    """A link in a module's Markdown, at the line and column of its target."""

    target: str
    line: int
    column: int = 1


@dataclass(frozen=True)
class Module:
    """A module: its front matter and its Markdown body (front matter removed)."""

    meta: ModuleMeta
    path: Path
    body: str
    body_line: int

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def topics(self) -> tuple[str, ...]:
        """Its own id first, then the topics its front matter names."""
        return (self.meta.id, *(topic for topic in self.meta.topics if topic != self.meta.id))

    @cached_property
    def _outline(self) -> tuple[tuple[Heading, ...], tuple[Link, ...], tuple[Link, ...]]:
        # Parsed on demand: the home screen never needs it, so start-up does not pay for it.
        from markdown_it import MarkdownIt

        headings: list[Heading] = []
        links: list[Link] = []
        images: list[Link] = []
        tokens = MarkdownIt("commonmark").enable("table").parse(self.body)
        lines = self.body.splitlines()
        for index, token in enumerate(tokens):
            first, last = token.map if token.map else (0, 1)
            if token.type == "heading_open":
                text = tokens[index + 1].content
                headings.append(Heading(int(token.tag[1]), text, self.body_line + first, slugify(text)))
            for child in token.children or ():
                href = child.attrGet("href") if child.type == "link_open" else None
                if isinstance(href, str):
                    links.append(self._locate_link(href, lines, first, last))
                src = child.attrGet("src") if child.type == "image" else None
                if isinstance(src, str):
                    images.append(self._locate_link(src, lines, first, last))
        return tuple(headings), tuple(links), tuple(images)

    def _locate_link(self, target: str, lines: list[str], first: int, last: int) -> Link:
        for offset in range(first, min(last, len(lines))):
            column = lines[offset].find(f"]({target}")
            if column >= 0:
                return Link(target, self.body_line + offset, column + 3)
        return Link(target, self.body_line + first)

    @property
    def headings(self) -> tuple[Heading, ...]:
        return self._outline[0]

    @property
    def _may_link(self) -> bool:
        """Whether the body can hold a link or an image at all: Markdown spells every one with '[' (inline,
        reference, image) or '<' (autolink); a body with neither is not parsed to find none."""
        return "[" in self.body or "<" in self.body

    @property
    def links(self) -> tuple[Link, ...]:
        return self._outline[1] if self._may_link else ()

    @property
    def images(self) -> tuple[Link, ...]:
        """The targets of its Markdown images, where they are written."""
        return self._outline[2] if self._may_link else ()


@dataclass(frozen=True)
class QuestionRef:
    """A question together with its quiz: the key stored with every answer is ``quiz/question``."""

    quiz: Quiz
    question: Question

    @property
    def key(self) -> str:
        return f"{self.quiz.id}/{self.question.id}"

    @property
    def topic(self) -> str | None:
        return self.question.topic or self.quiz.topic or self.quiz.module


@dataclass
class Course:
    """Everything that loaded from a course directory, plus the problems met on the way."""

    root: Path
    meta: CourseMeta
    modules: tuple[Module, ...] = ()
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    decks: dict[str, Deck] = field(default_factory=dict)
    exams: dict[str, Exam] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    #: Ids declared by files that did not load (kind and id), so that what refers to them is not reported too.
    unloaded: dict[tuple[str, str], Path] = field(default_factory=dict)
    #: The course files as they were when loading began (see ``fingerprint``); empty for a course built in memory.
    fingerprint: str = ""
    #: False for a course read without its decks (an outline, ``load_course(decks=False)``): its cards are
    #: counted from the store's card list when that is this course's, never listed from it.
    complete: bool = True
    #: False for a course read without its checks (``unchecked``): a deck they would refuse is still in it.
    checked: bool = True

    def add(self, model: Quiz | Deck | Exam, path: Path) -> None:
        """File a quiz, deck or exam under its id, read from ``path`` (the caller has checked the id is new)."""
        self.sources[model.id] = path
        if isinstance(model, Quiz):
            self.quizzes[model.id] = model
        elif isinstance(model, Deck):
            self.decks[model.id] = model
        else:
            self.exams[model.id] = model

    def module(self, module_id: str) -> Module | None:
        return next((module for module in self.modules if module.id == module_id), None)

    @cached_property
    def topic_modules(self) -> dict[str, str]:
        """Topics and the module that teaches them: the module that lists a topic, else the module of a quiz
        that carries it (on the quiz or on one of its questions)."""
        topics: dict[str, str] = {}
        for module in self.modules:
            for topic in module.topics:
                topics.setdefault(topic, module.id)
        for quiz in self.quizzes.values():
            if quiz.module is None:
                continue
            for carried in (quiz.topic, *(question.topic for question in quiz.questions)):
                if carried is not None:
                    topics.setdefault(carried, quiz.module)
        return topics

    @cached_property
    def topics(self) -> set[str]:
        """Every topic of the course: a topic exists when a module lists it or a quiz or question carries it."""
        return set(self.topic_modules) | set(self.carried_topics)

    @cached_property
    def carried_topics(self) -> set[str]:
        """The topics some question is counted under (its own, its quiz's, or its quiz's module)."""
        return {topic for ref in self._question_refs if (topic := ref.topic) is not None}

    @cached_property
    def glossary(self) -> dict[str, Card]:
        """Every card of every deck by id: the targets of ``glossary:`` links."""
        return {card.id: card for deck in self.decks.values() for card in deck.cards}

    @cached_property
    def card_owners(self) -> dict[str, str]:
        """Card id -> the module it belongs to: the first module linking to it as a glossary term, else the
        module teaching one of its tags. (This parses the modules' Markdown for their links.)"""
        owners: dict[str, str] = {}
        for module in self.modules:
            for link in module.links:
                scheme, _, card_id = link.target.partition(":")
                if scheme == "glossary":
                    owners.setdefault(card_id, module.id)
        for deck in self.decks.values():
            for card in deck.cards:
                if card.id not in owners:
                    module_id = next((self.topic_modules[tag] for tag in card.tags if tag in self.topic_modules), None)
                    if module_id is not None:
                        owners[card.id] = module_id
        return owners

    @cached_property
    def _question_refs(self) -> tuple[QuestionRef, ...]:
        return tuple(QuestionRef(quiz, question) for quiz in self.quizzes.values() for question in quiz.questions)

    def questions(self) -> list[QuestionRef]:
        """Every question of every quiz with its quiz (built once: exams draw from it on every attempt)."""
        return list(self._question_refs)

    def quizzes_in_order(self) -> list[Quiz]:
        """Quizzes in the order of the modules they belong to, then those of no module by title."""
        order = {module.id: module.meta.order for module in self.modules}
        return sorted(self.quizzes.values(),
                      key=lambda quiz: (order.get(quiz.module or "", len(order) + 1), quiz.title))

    def quizzes_for_module(self, module_id: str) -> list[Quiz]:
        return [quiz for quiz in self.quizzes.values() if quiz.module == module_id]
