"""Calculator-backed numeric questions in quizzes: inputs drawn from the seed, kept in the plan, replayed
on resume, written into the prompt, and graded against the value they give."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.assessment.presentation import parse_line
from courseware.core.assessment.quiz_session import resume_quiz, start_quiz
from courseware.core.course.loader import load_yaml_file
from courseware.core.model import Quiz
from courseware.core.store import open_store
from tests.quiz_helpers import FakeClock, right_line

DRAFT = """\
kind: quiz
id: calculator-practice
title: Calculator practice
shuffle: false
questions:
  - id: retention-110
    type: numeric
    prompt: "You start the year with 100 customers, win 30 new ones and end it with 110. Retention rate?"
    calculator: retention
    inputs: {start: 100, end: 110, new: 30}
    result: retention_rate
    unit: "%"
    tolerance: 0.1
  - id: payback-generated
    type: numeric
    prompt: "It costs {cac} to win a customer who brings {monthly_profit} of profit a month. Payback in months?"
    calculator: cac-payback
    generate:
      cac: [100, 2000]
      monthly_profit: [5, 50]
    unit: months
    tolerance: 0.1
"""


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "calc.yaml"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def quiz_from(path: Path) -> Quiz:
    loaded = load_yaml_file(path)
    assert not loaded.problems and isinstance(loaded.model, Quiz)
    return loaded.model


def test_generated_inputs_come_from_the_seed_and_survive_a_resume(draft: Path, tmp_path: Path) -> None:
    quiz = quiz_from(draft)
    store = open_store(tmp_path / "data")
    session = start_quiz(store, quiz, seed=12, clock=FakeClock())
    fixed, generated = session.shown
    assert fixed.expected == pytest.approx(80.0) and fixed.prompt == quiz.questions[0].prompt
    assert generated.inputs is not None and "{cac}" not in generated.prompt and "$" in generated.prompt
    assert start_quiz(store, quiz, seed=12, clock=FakeClock()).shown[1].inputs == generated.inputs
    assert session.answer(0, parse_line(fixed, "80%")).correct
    assert not session.answer(0, parse_line(fixed, "110")).correct
    store.close()

    store = open_store(tmp_path / "fresh")
    first = start_quiz(store, quiz, seed=99, clock=FakeClock())
    first.answer(1, parse_line(first.shown[1], right_line(first.shown[1])))
    replayed = resume_quiz(store, quiz, clock=FakeClock())
    assert replayed is not None and replayed.attempt_id == first.attempt_id
    assert replayed.shown[1].inputs == first.shown[1].inputs
    assert replayed.shown[1].expected == first.shown[1].expected
    assert replayed.answers[1].grade.correct


def test_line_mode_shows_the_drawn_inputs_and_the_worked_steps(
        draft: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSEWARE_DATA", str(tmp_path / "data"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("80\n1\n"))
    assert main(["quiz", str(draft), "--plain", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    session = start_quiz(open_store(tmp_path / "other"), quiz_from(draft), seed=3, clock=FakeClock())
    generated = session.shown[1]
    assert generated.prompt in out
    assert f"Correct answer: {generated.correct_answer()}" in out
    assert all(step in out for step in generated.steps) and generated.steps
    assert out.splitlines()[-1] == "score: 1/2 (50%) fail"
