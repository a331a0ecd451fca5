"""The course read unchecked, for the first paint, is the course the whole load gives, wherever its files pass
their checks; a file only the checks refuse is shown until they have run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from courseware.core.course.course import Course
from courseware.core.course.files import fingerprint_of
from courseware.core.course.loader import load_course
from courseware.core.course.unchecked import load_unchecked
from courseware.core.paths import bundled_course
from tests.apphelpers import MINI


def _shown(course: Course) -> tuple[object, ...]:
    return (course.meta, course.modules, course.quizzes, course.decks, course.exams, course.sources)


@pytest.mark.parametrize("root", [MINI, bundled_course()], ids=["mini", "bundled"])
def test_a_valid_course_reads_the_same_unchecked(root: Path) -> None:
    whole = load_course(root)
    assert not whole.problems
    assert _shown(load_unchecked(root)) == _shown(whole)


def test_the_outline_is_the_title_and_the_modules() -> None:
    outline = load_unchecked(MINI, modules_only=True)
    assert outline.meta == load_course(MINI).meta
    assert [module.id for module in outline.modules] == ["retention", "growth"]
    assert not outline.quizzes and not outline.decks and not outline.exams


def test_broken_files_are_left_out_and_checked_ones_wait_for_the_checks(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(MINI, course)
    (course / "quizzes" / "broken.yaml").write_text("kind: quiz\nid: [oops\n", encoding="utf-8")
    quiz = (course / "quizzes" / "retention.yaml").read_text(encoding="utf-8")
    (course / "quizzes" / "unknown-key.yaml").write_text(
        "unknown_key: 1\n" + quiz.replace("id: retention-quiz", "id: copied-quiz", 1), encoding="utf-8")
    (course / "quizzes" / "twice.yaml").write_text(
        "kind: deck\nid: twice\ntitle: Twice\ncards:\n  - {id: a, front: A, back: B}\n  - {id: a, front: C, back: D}\n",
        encoding="utf-8")
    (course / "course.yaml").write_text("id: [\n", encoding="utf-8")
    unchecked, whole = load_unchecked(course), load_course(course)
    assert set(unchecked.quizzes) == set(whole.quizzes) == {"retention-quiz"}
    assert unchecked.meta == whole.meta and unchecked.meta.title == "course"
    assert "twice" in unchecked.decks and "twice" not in whole.decks  # two cards with one id: a check refuses it


def test_the_fingerprint_changes_with_any_file_and_is_none_without_the_course(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(MINI, course)
    before = fingerprint_of(course)
    assert before is not None and before == fingerprint_of(course)
    (course / "content" / "02-growth.md").write_text("---\nid: growth\n---\n", encoding="utf-8")
    assert fingerprint_of(course) != before
    shutil.rmtree(course)
    assert fingerprint_of(course) is None
