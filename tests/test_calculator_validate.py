"""``courseware validate`` on a calculator question: any value of any type in its inputs is a located error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courseware.cli import main
from courseware.core.calculators import CALCULATORS
from courseware.core.course.loader import load_yaml_file

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=10**300, max_value=10**420),
                    st.floats(), st.text(max_size=12), st.sampled_from(["4%", "$1,200", "1e400", ".nan", "-0"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.text(max_size=5), inner, max_size=3)),
                      max_leaves=6)


def _question(calculator: str, inputs: Any, generate: Any) -> dict[str, Any]:
    question: dict[str, Any] = {"id": "n", "type": "numeric", "prompt": "How much?", "calculator": calculator}
    if inputs is not None:
        question["inputs"] = inputs
    if generate is not None:
        question["generate"] = generate
    return {"kind": "quiz", "id": "q", "title": "Q", "questions": [question]}


def _write(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(CALCULATORS)), data=st.data())
def test_any_value_in_a_calculators_inputs_is_a_located_problem(tmp_path: Path, name: str,
                                                               data: st.DataObject) -> None:
    options = [option.name for option in CALCULATORS[name].options]
    keys = st.one_of(st.sampled_from(options), st.text(max_size=6))
    inputs = data.draw(st.one_of(values, st.dictionaries(keys, values, max_size=4)))
    generate = data.draw(st.one_of(st.none(), values, st.dictionaries(keys, values, max_size=3)))
    loaded = load_yaml_file(_write(tmp_path / "quiz.yaml", _question(name, inputs, generate)))
    for problem in loaded.problems:
        assert problem.line >= 1 and "\n" not in problem.message


@pytest.mark.parametrize(("inputs", "expected"), [
    ({"scores": 5}, "input 'scores' '5' is not a list of scores"),
    ({"start": 10**400, "lost": 1}, "is too large a number"),
    ({"start": "1e400", "lost": 1}, "input 'start' is text ('1e400'): write it as a number"),
    ({"start": "1_0", "lost": 1}, "input 'start' is text ('1_0')"),
    ({"start": 10.5, "lost": 1}, "input 'start' 10.5 is not a whole number"),
    ({"start": True, "lost": 1}, "input 'start' 'True' is not a number"),
])
def test_validate_names_the_place_of_a_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 inputs: dict[str, Any], expected: str) -> None:
    calculator = "nps" if "scores" in inputs else "churn"
    path = _write(tmp_path / "quiz.yaml", _question(calculator, inputs, None))
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err
    assert f"{path}:" in err and expected in err


def test_a_huge_range_in_generate_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path / "quiz.yaml", _question("churn", None, {"start": [1, 10**400], "lost": [0, 1]}))
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "internal error" not in err and f"{path}:" in err
