"""The trainer reads a class's progress: ``report --class`` (the cohort report over each learner's store)
and ``export xapi --class`` (every learner's statements, each learner their own account)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.assessment.exams import start_exam
from courseware.core.assessment.presentation import parse_line
from courseware.core.store import open_store
from tests.quiz_helpers import MINI, FakeClock, mini_course, right_line, wrong_line


def sit(data: Path, *, right: int) -> None:
    course = mini_course()
    store = open_store(data)
    session = start_exam(store, course, course.exams["mini-exam"], seed=42, clock=FakeClock())
    for index, shown in enumerate(session.shown):
        session.answer(index, parse_line(shown, right_line(shown) if index < right else wrong_line(shown)))
    session.finish()
    store.close()


@pytest.fixture
def room(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ada passed (6/6), Bob failed (2/6: four wrong answers), Cy never signed in."""
    room = tmp_path / "class"
    for name in ("ada", "bob", "cy"):
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{name}-password-1\n"))
        assert main(["class", "add", name, "--class", str(room), "--password-stdin"]) == 0
    sit(room / "learners" / "ada", right=6)
    sit(room / "learners" / "bob", right=2)
    return room


def test_report_class_shows_each_learner_from_their_own_store(
        room: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--course", str(MINI), "report", "--class", str(room), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (exam,) = report["quizzes"]
    assert exam["learners"] == 2 and exam["attempts"] == 2
    best = {learner["name"]: learner["best"] for learner in report["learners"]}
    assert best["ada"] == pytest.approx(1.0) and best["bob"] == pytest.approx(2 / 6, abs=0.01)
    assert "cy" not in best
    assert main(["--course", str(MINI), "report", "--class", str(room)]) == 0
    table = capsys.readouterr()
    assert "ada" in table.out and "bob" in table.out and f"the class {room}" in table.err


def test_export_xapi_class_writes_every_learners_statements_as_their_own_account(
        room: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "class.json"
    assert main(["--course", str(MINI), "export", "xapi", "--class", str(room), "-o", str(out)]) == 0
    statements = json.loads(out.read_text(encoding="utf-8"))
    accounts = {statement["actor"]["account"]["name"] for statement in statements}
    assert accounts == {"ada", "bob"}
    verbs = {(s["actor"]["account"]["name"], s["verb"]["id"].rsplit("/", 1)[1]) for s in statements}
    assert ("ada", "passed") in verbs and ("bob", "failed") in verbs
    assert main(["--course", str(MINI), "export", "xapi", "--class", str(room), "--lrs", "http://127.0.0.1:9/xAPI/",
                 "--auth", "u:p"]) == 2
    assert "activity_base" in capsys.readouterr().err
