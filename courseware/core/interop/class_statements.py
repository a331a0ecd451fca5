"""A class's history as xAPI statements: each learner's own store, through the same export as one learner's.

Each learner is an account named by their sign-in name on the course's activity base, so a cohort report
or an LRS tells them apart; learners who never signed in (no store yet) have no statements.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from courseware.core.classroom.roster import Roster
from courseware.core.course.course import Course
from courseware.core.interop.xapi import Learner, activity_base, build_statements
from courseware.core.store import STORE_FILE, Store, open_store


@dataclass(frozen=True)
class LearnerHistory:
    name: str
    store: Store
    statements: list[dict[str, Any]]


@contextmanager
def _opened(path: Path) -> Iterator[Store]:
    store = open_store(path, fallback_to_memory=False)
    try:
        yield store
    finally:
        store.close()


def class_histories(course: Course, class_dir: Path) -> Iterator[LearnerHistory]:
    """Each learner with progress, in name order, with their store open while they are handled."""
    roster = Roster.open(class_dir)
    base = activity_base(course)
    for name in sorted(roster.learners):
        directory = roster.learner_dir(name)
        if not (directory / STORE_FILE).exists():
            continue
        with _opened(directory) as store:
            yield LearnerHistory(name, store, build_statements(course, store, Learner(name, home_page=base)))
