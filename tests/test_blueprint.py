"""Blueprints are drawn exactly: every rule at once, clusters and cases respected, validate agreeing with the draw."""

from __future__ import annotations

import io
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.cli.line_mode import LineSession
from courseware.core.assessment.exams import assemble, start_exam
from courseware.core.course.blueprint import Undrawable, rule_pools
from courseware.core.course.course import Course
from courseware.core.course.loader import load_course
from courseware.core.store import open_store
from tests.conftest import MINI_COURSE
from tests.quiz_helpers import FakeClock
from tests.test_line_mode_exam import ScriptedLines

# Quiz 'extra': two renewals questions (variants of one cluster when asked) and one growth question;
# quiz 'mini': one question, of topic renewals, which a topic rule can take from the quiz rule.
EXTRA = """kind: quiz
id: extra
title: Extra
module: retention
topic: renewals
questions:
  - {{id: e1, type: true_false, prompt: One, answer: true{cluster}}}
  - {{id: e2, type: true_false, prompt: Two, answer: true{cluster}}}
  - {{id: g1, type: true_false, prompt: Grow, answer: true, topic: growth}}
"""
MINI = """kind: quiz
id: mini
title: Mini
module: growth
questions:
  - {id: m1, type: true_false, prompt: Renew, answer: true, topic: renewals}
"""
CASES = """kind: quiz
id: casey
title: Cases
module: growth
topic: growth
cases:
  - {id: acme, title: Acme, text: Acme has 100 seats and renews 80.}
questions:
  - {id: c1, type: true_false, prompt: Renewal rate 80%?, answer: true, case: acme}
  - {id: c2, type: true_false, prompt: Churn 20%?, answer: true, case: acme}
  - {id: lone, type: true_false, prompt: Lone, answer: true}
"""


def course_with(tmp_path: Path, draw: str, *, clustered: bool = False, cases: bool = False) -> Path:
    root = tmp_path / "course"
    shutil.copytree(MINI_COURSE, root)
    quizzes = root / "quizzes"
    (quizzes / "extra.yaml").write_text(EXTRA.format(cluster=", cluster: variants" if clustered else ""),
                                        encoding="utf-8")
    (quizzes / "mini.yaml").write_text(MINI, encoding="utf-8")
    if cases:
        (quizzes / "cases.yaml").write_text(CASES, encoding="utf-8")
    (quizzes / "exam.yaml").write_text(f"kind: exam\nid: mini-exam\ntitle: Mini exam\ntime_limit_minutes: 5\n"
                                       f"draw:\n{draw}", encoding="utf-8")
    return root


def drawn_forms(course: Course, seeds: range) -> Iterator[list[str]]:
    exam = course.exams["mini-exam"]
    pools = [{ref.key for ref in pool} for pool in rule_pools(course, exam)]
    for seed in seeds:
        keys = [ref.key for ref in assemble(course, exam, seed)]
        assert len(keys) == len(set(keys)) == sum(rule.count for rule in exam.draw)
        slots = [index for index, rule in enumerate(exam.draw) for _ in range(rule.count)]
        assert all(key in pools[rule] for key, rule in zip(keys, slots, strict=True)), (seed, keys)
        yield keys


OVERLAPPING = "  - {topic: renewals, count: 3}\n  - {quiz: mini, count: 1}\n"


def test_overlapping_rules_validate_and_draw_for_every_one_of_1000_seeds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = course_with(tmp_path, OVERLAPPING)
    assert main(["validate", str(root)]) == 0, capsys.readouterr().err
    forms = list(drawn_forms(load_course(root), range(1000)))
    assert all(form[-1] == "mini/m1" for form in forms)
    # The topic rule still draws at random from what the quiz rule leaves it.
    assert {"retention-quiz/levers", "extra/e1", "extra/e2"} == {key for form in forms for key in form[:3]}


IMPOSSIBLE = "  - {topic: renewals, count: 4}\n  - {quiz: mini, count: 1}\n  - {topic: retention, count: 1}\n"


def test_an_undrawable_blueprint_is_a_located_error_naming_its_rules_and_never_starts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = course_with(tmp_path, IMPOSSIBLE)
    assert main(["validate", str(root)]) == 1
    err = capsys.readouterr().err
    exam_file = root / "quizzes" / "exam.yaml"
    assert f"{exam_file}:6:3: error: exam 'mini-exam' cannot be drawn: rules 1 (topic 'renewals', 4) and " \
           f"2 (quiz 'mini', 1) both need questions from the same pool, 5 in all, and only 4 distinct " \
           f"questions can serve them" in err, err
    course = load_course(root)
    for seed in range(1000):
        with pytest.raises(Undrawable, match="rules 1 .* and 2 "):
            assemble(course, course.exams["mini-exam"], seed)


def test_a_form_holds_at_most_one_question_of_a_cluster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = course_with(tmp_path, "  - {topic: renewals, count: 3}\n", clustered=True)
    assert main(["validate", str(root)]) == 0, capsys.readouterr().err
    forms = list(drawn_forms(load_course(root), range(300)))
    assert all(not {"extra/e1", "extra/e2"} <= set(form) for form in forms)
    assert {key for form in forms for key in form} >= {"extra/e1", "extra/e2"}

    crowded = course_with(tmp_path / "crowded", OVERLAPPING, clustered=True)
    assert main(["validate", str(crowded)]) == 1
    assert "exam 'mini-exam' cannot be drawn: rules 1 (topic 'renewals', 3) and 2 (quiz 'mini', 1) both need " \
           "questions from the same pool, 4 in all, and only 3 distinct questions can serve them (at most one " \
           "per cluster)" in capsys.readouterr().err


def test_a_case_is_drawn_whole_or_not_at_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = course_with(tmp_path, "  - {topic: growth, count: 2}\n", cases=True)
    assert main(["validate", str(root)]) == 0, capsys.readouterr().err
    forms = [set(form) for form in drawn_forms(load_course(root), range(300))]
    case = {"casey/c1", "casey/c2"}
    assert all(case <= form or not case & form for form in forms)
    assert any(case == form for form in forms) and any(not case & form for form in forms)

    # Three growth questions without the case are too few; with the case's two questions in, four fit.
    needs_case = course_with(tmp_path / "needs", "  - {topic: growth, count: 4}\n", cases=True)
    assert main(["validate", str(needs_case)]) == 0, capsys.readouterr().err
    assert all(case <= set(form) for form in drawn_forms(load_course(needs_case), range(50)))


def test_validate_agrees_with_the_draw_on_random_blueprints(tmp_path: Path) -> None:
    root = course_with(tmp_path, OVERLAPPING, clustered=True, cases=True)
    rng = random.Random(7)
    exam_file = root / "quizzes" / "exam.yaml"
    rules = ["topic: renewals", "topic: growth", "quiz: extra", "quiz: mini", "quiz: casey", "module: retention",
             "module: growth", "topic: retention"]
    for round_number in range(60):
        chosen = rng.sample(rules, rng.randint(1, 3))
        draw = "".join(f"  - {{{rule}, count: {rng.randint(1, 3)}}}\n" for rule in chosen)
        exam_file.write_text(f"kind: exam\nid: mini-exam\ntitle: Mini exam\ntime_limit_minutes: 5\ndraw:\n{draw}",
                             encoding="utf-8")
        course = load_course(root)
        valid = not course.problems
        for seed in range(20):
            try:
                list(drawn_forms(course, range(seed, seed + 1))) if valid else assemble(
                    course, course.exams["mini-exam"], seed)
            except Undrawable:
                assert not valid, (round_number, draw)
            else:
                assert valid, (round_number, draw, course.problems)


def test_a_case_is_shown_together_under_its_text(tmp_path: Path) -> None:
    root = course_with(tmp_path, "  - {topic: growth, count: 4}\n", cases=True)
    course = load_course(root)
    store = open_store(tmp_path / "data")
    for seed in range(30):
        session = start_exam(store, course, course.exams["mini-exam"], seed=seed, clock=FakeClock())
        keys = [shown.key for shown in session.shown]
        first = keys.index("casey/c1")
        assert keys[first + 1] == "casey/c2", keys
        case = session.shown[first].case
        assert case is not None and case.text == "Acme has 100 seats and renews 80." and case.title == "Acme"
    out = io.StringIO()
    LineSession(session, ScriptedLines(["", "", "", ""], FakeClock()), out, feedback=False).run()
    assert "Case: Acme\nAcme has 100 seats and renews 80.\nRenewal rate 80%?" in out.getvalue()
