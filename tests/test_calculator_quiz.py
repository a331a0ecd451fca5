"""Numeric quiz questions backed by a calculator: computed answers, generated numbers, file checks."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from courseware.core.assessment.grading import grade
from courseware.core.calculators.quiz import expected_value, render_prompt
from courseware.core.course.loader import load_yaml_file
from courseware.core.model import Numeric, Quiz

CALCULATOR_QUESTION = """\
kind: quiz
id: calc-quiz
title: Calculator questions
questions:
  - id: retention-110
    type: numeric
    prompt: "100 customers at the start, 110 at the end, 30 of them new. Retention rate?"
    calculator: retention
    inputs: {start: 100, end: 110, new: 30}
    result: retention_rate
    unit: "%"
    tolerance: 0.1
  - id: payback-generated
    type: numeric
    prompt: "CAC {cac}, profit {monthly_profit} a month. Payback in months?"
    calculator: cac-payback
    generate:
      cac: [100, 2000]
      monthly_profit: [5, 50]
    unit: months
    tolerance: 0.1
"""


def load_quiz(tmp_path: Path, text: str) -> tuple[Quiz | None, list[str]]:
    path = tmp_path / "quiz.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_yaml_file(path)
    model = loaded.model if isinstance(loaded.model, Quiz) else None
    return model, [f"{p.line}:{p.column}: {p.message}" for p in loaded.problems]


def numeric(quiz: Quiz, index: int) -> Numeric:
    question = quiz.questions[index]
    assert isinstance(question, Numeric)
    return question


def test_the_documented_yaml_loads_and_computes(tmp_path: Path) -> None:
    quiz, problems = load_quiz(tmp_path, CALCULATOR_QUESTION)
    assert problems == [] and quiz is not None
    question = numeric(quiz, 0)
    value, inputs, steps = expected_value(question)
    assert value == pytest.approx(80) and inputs == {"start": 100, "end": 110, "new": 30}
    assert "Customers kept = end − new = 110 − 30 = 80" in steps
    assert grade(question, "80%", expected=value).correct
    assert not grade(question, "110%", expected=value).correct


def test_generated_inputs_are_fresh_per_attempt_and_replayable(tmp_path: Path) -> None:
    quiz, _ = load_quiz(tmp_path, CALCULATOR_QUESTION)
    assert quiz is not None
    question = numeric(quiz, 1)
    drawn = [expected_value(question, random.Random(seed)) for seed in range(20)]
    assert len({tuple(inputs.items()) for _, inputs, _ in drawn}) > 10
    for value, inputs, _ in drawn:
        assert 100 <= inputs["cac"] <= 2000 and 5 <= inputs["monthly_profit"] <= 50
        assert value == pytest.approx(inputs["cac"] / inputs["monthly_profit"])
        assert expected_value(question, inputs=inputs)[0] == value
    assert expected_value(question, random.Random(3)) == expected_value(question, random.Random(3))
    value, inputs, _ = drawn[0]
    prompt = render_prompt(question, inputs)
    assert "{" not in prompt and f"${inputs['cac']:,.0f}" in prompt


def test_rates_are_percentages_only_when_the_unit_says_so() -> None:
    base = {"id": "q", "type": "numeric", "prompt": "?", "calculator": "churn",
            "inputs": {"start": 100, "lost": 20}}
    assert expected_value(Numeric.model_validate({**base, "unit": "%"}))[0] == pytest.approx(20)
    assert expected_value(Numeric.model_validate(base))[0] == pytest.approx(0.2)
    retention = Numeric.model_validate({**base, "result": "retention_rate"})
    assert expected_value(retention)[0] == pytest.approx(0.8)
    literal = Numeric.model_validate({"id": "l", "type": "numeric", "prompt": "?", "answer": 18})
    assert expected_value(literal) == (18, {}, [])


def test_rate_placeholders_read_as_percentages() -> None:
    question = Numeric.model_validate({"id": "q", "type": "numeric", "calculator": "annual-churn",
                                       "prompt": "Churn {monthly_churn_rate} a month; {unknown} stays",
                                       "inputs": {"monthly_churn_rate": 0.025}})
    assert render_prompt(question, {"monthly_churn_rate": 0.025}) == "Churn 2.5% a month; {unknown} stays"


@pytest.mark.parametrize(("fields", "expected"), [
    ("calculator: retentoin\n    inputs: {start: 1, end: 1}",
     "8:17: unknown calculator 'retentoin' (did you mean 'retention'?)"),
    ("calculator: churn\n    inputs: {start: 100, lots: 2}",
     "9:32: calculator 'churn' has no input 'lots' (did you mean 'lost'?); it takes: start, lost"),
    ("calculator: churn\n    inputs: {start: 100, lost: 2}\n    result: churn",
     "10:13: calculator 'churn' has no result 'churn' (did you mean 'churn_rate'?); it gives: churn_rate, "
     "retention_rate"),
    ("calculator: churn\n    inputs: {start: 100}", "9:13: calculator 'churn': input 'lost' is required"),
    ("calculator: clv\n    inputs: {arpa: 500, churn_rate: 2}",
     "9:37: calculator 'clv': input 'churn_rate' 200.0% is above 100% (rates are fractions here: 4% is "
     "0.04)"),
    ("calculator: churn\n    inputs: {start: 10, lost: 20}",
     "9:31: calculator 'churn': input 'lost' 20 lost is more than the 10 customers at the start"),
    ("calculator: churn\n    generate: {start: [1, 5], lost: [10, 20]}",
     "9:15: calculator 'churn': these ranges never give inputs it accepts: input 'lost'"),
    ("calculator: renewal\n    inputs: {due: 10, renewed: 5}\n    result: renewal_level_change",
     "10:13: calculator 'renewal' gives no 'renewal_level_change' for these inputs"),
])
def test_calculator_mistakes_in_quiz_files_are_located(tmp_path: Path, fields: str, expected: str) -> None:
    text = ("kind: quiz\nid: q\ntitle: Q\nquestions:\n  - id: n\n    type: numeric\n    prompt: How much?\n"
            f"    {fields}\n")
    quiz, problems = load_quiz(tmp_path, text)
    assert quiz is None
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_the_yaml_in_the_trainers_guide_is_valid(tmp_path: Path) -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "calculators.md").read_text(encoding="utf-8")
    block = guide.split("```yaml\n", 1)[1].split("```", 1)[0]
    quiz, problems = load_quiz(tmp_path, block)
    assert problems == [] and quiz is not None
    assert expected_value(numeric(quiz, 0))[0] == pytest.approx(80)
    value, inputs, _ = expected_value(numeric(quiz, 1), random.Random(1))
    assert value == pytest.approx(inputs["cac"] / inputs["monthly_profit"])
