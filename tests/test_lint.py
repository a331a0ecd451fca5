"""`courseware lint`: each item-writing rule finds its flaw in a fixture written with it, and only there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.course.lint_items import RULES
from courseware.core.paths import bundled_course
from tests.conftest import FIXTURES

LINT = FIXTURES / "lint"

# fixture -> the (line, column, rule) of every finding lint must report in it, and nothing else
EXPECTED: dict[str, list[tuple[int, int, str]]] = {
    "key-longest.yaml": [(5, 3, "key-longest"), (10, 15, "key-longest"), (18, 15, "key-longest"),
                         (28, 15, "key-longest"), (38, 15, "key-longest")],
    "key-position.yaml": [(5, 3, "key-position")],
    "tf-balance.yaml": [(5, 3, "tf-balance")],
    "absolute-words.yaml": [(5, 40, "absolute-words")],
    "multiple-keyed.yaml": [(9, 7, "multiple-keyed")],
    "all-of-the-above.yaml": [(11, 16, "all-of-the-above")],
    "dangling-reference.yaml": [(7, 13, "dangling-reference")],
    "giveaway.yaml": [(7, 13, "giveaway")],
    "near-duplicate.yaml": [(6, 37, "near-duplicate")],
    "feedback-restates.yaml": [(9, 18, "feedback-restates"), (14, 15, "feedback-restates")],
    "clean.yaml": [],
}


def lint_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]]]:
    code = main(["lint", *args, "--json"])
    findings: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return code, findings


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_rule_finds_its_flaw_and_nothing_else(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, findings = lint_json(capsys, str(LINT / name))
    assert code == 0
    assert [(f["line"], f["column"], f["rule"]) for f in findings] == EXPECTED[name]
    assert all(f["file"] == str(LINT / name) for f in findings)


def test_exam_rules_on_a_course(capsys: pytest.CaptureFixture[str]) -> None:
    course = LINT / "course"
    code, findings = lint_json(capsys, str(course))
    assert code == 0
    got = {(Path(str(f["file"])).name, f["line"], f["rule"]) for f in findings}
    assert got == {
        # the churn quiz's typed answer is offered as a choice by the renewals quiz, which the exam draws with it
        ("churn.yaml", 9, "giveaway"),
        # only the module rule can supply churn, and it may fill both places with renewals items
        ("exam.yaml", 7, "blueprint-gap"),
        # an unshuffled quiz still points back at "the previous question" once an exam draws it
        ("renewals.yaml", 16, "dangling-reference"),
    }
    blueprint = next(f for f in findings if f["rule"] == "blueprint-gap")
    assert "required topic 'churn' can be missing" in str(blueprint["message"])


def test_a_rule_forcing_the_topic_closes_the_blueprint_gap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exam = tmp_path / "exam.yaml"
    exam.write_text((LINT / "course" / "quizzes" / "exam.yaml").read_text(encoding="utf-8")
                    .replace("{module: retention, count: 2}", "{topic: churn, count: 1}"), encoding="utf-8")
    code, findings = lint_json(capsys, str(exam), "--course", str(LINT / "course"))
    assert code == 0
    assert [f["rule"] for f in findings if f["file"] == str(exam)] == []


def test_every_rule_has_a_fixture_and_a_documented_example() -> None:
    covered = {rule for expected in EXPECTED.values() for _, _, rule in expected} | {"blueprint-gap"}
    assert covered == set(RULES)
    authoring = (FIXTURES.parent.parent / "docs" / "authoring.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule}`" in authoring, rule


def test_text_output_and_strict_exit(capsys: pytest.CaptureFixture[str]) -> None:
    path = LINT / "absolute-words.yaml"
    assert main(["lint", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{path}:5:40: warning: q1: the statement says 'always'; absolute statements are nearly always false, "
        "so state the claim without it or ask another way [absolute-words]"]
    assert err.strip() == "1 warning"
    assert main(["lint", str(path), "--strict"]) == 1
    capsys.readouterr()
    assert main(["lint", str(LINT / "clean.yaml"), "--strict"]) == 0
    assert "no warnings" in capsys.readouterr().err


def test_files_that_do_not_load_and_bad_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = FIXTURES / "broken" / "quizzes" / "missing-key.yaml"
    assert main(["lint", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "missing required key 'prompt'" in err and "run courseware validate" in err
    assert main(["lint", str(tmp_path / "nothing.yaml")]) == 2
    assert "no such file or directory" in capsys.readouterr().err
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    assert main(["lint", str(tmp_path / "notes.txt")]) == 2
    assert "not a quiz or exam file" in capsys.readouterr().err


def test_the_bundled_course_passes_its_own_linter(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--strict", "--course", str(bundled_course())]) == 0
    assert "no warnings" in capsys.readouterr().err
