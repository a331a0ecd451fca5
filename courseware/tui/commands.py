"""The app's own commands in the command palette (ctrl+p): open a module, drill a deck or tag, start a quiz."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from courseware.core.text import printable
from courseware.tui.context import courseware_of


class CoursewareCommands(Provider):
    """Commands built from the loaded course, so every module, deck, tag and quiz is one search away."""

    def _commands(self) -> list[tuple[str, Callable[[], Any], str]]:
        app = courseware_of(self.app)
        course = app.course
        commands: list[tuple[str, Callable[[], Any], str]] = []
        for module in course.modules:
            commands.append((f"Open module {module.meta.order}: {module.title}", partial(app.action_read, module.id),
                             module.meta.summary))
        for deck in course.decks.values():
            commands.append((f"Drill deck: {deck.title}", partial(app.action_drill, deck.id), "Flashcards, scheduled"))
            commands.append((f"Cram deck: {deck.title}", partial(app.action_drill, deck.id, cram=True),
                             "All its cards, schedule untouched"))
        tags = sorted({tag for deck in course.decks.values() for card in deck.cards for tag in card.tags})
        for tag in tags:
            commands.append((f"Drill tag: {tag}", partial(app.action_drill, tag=tag), "Flashcards with this tag"))
            commands.append((f"Cram tag: {tag}", partial(app.action_drill, tag=tag, cram=True),
                             "All its cards, schedule untouched"))
        commands.append(("Drill due and new cards, typing the answers", partial(app.action_drill, typed=True),
                         "Typed answer mode"))
        for quiz in course.quizzes_in_order():
            commands.append((f"Start quiz: {quiz.title}", partial(app.action_start_quiz, quiz.id),
                             quiz.description or "Quiz"))
        for exam in course.exams.values():
            commands.append((f"Start exam: {exam.title}", partial(app.action_start_exam, exam.id),
                             f"{exam.time_limit_minutes:g} minutes"))
        commands.append(("Open calculators", app.action_open_calculators, "CS metrics calculators"))
        commands.append(("Open statistics", app.action_open_stats, "Reviews, retention, quiz scores"))
        return commands

    def _safe(self) -> list[tuple[str, Callable[[], Any], str]]:
        """Course titles are shown as text: help is markup to the palette, so it is escaped."""
        return [(printable(name), callback, escape(printable(help_text)))
                for name, callback, help_text in self._commands()]

    async def discover(self) -> Hits:
        for name, callback, help_text in self._safe():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._safe():
            score = matcher.match(name)
            if score > 0:
                # ``matcher.highlight`` would read the title as markup; highlight the plain text instead.
                _, offsets = matcher.fuzzy_search.match(query, name)
                display = Content(name)
                for offset in offsets:
                    display = display.stylize("bold underline", offset, offset + 1)
                yield Hit(score, display, callback, text=name, help=help_text)
