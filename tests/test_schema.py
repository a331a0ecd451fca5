"""The JSON Schema ships with the package, is generated from the loader's models, and agrees with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from courseware.cli import main
from courseware.core.course.loader import load_yaml_file
from courseware.core.course.schema import course_file_schema, schema_text, shipped_schema_text
from courseware.core.course.yamlsafe import YamlError, parse_yaml, read_text
from courseware.core.model import FILE_MODELS, QUESTION_TYPES
from tests.conftest import FIXTURES, ROOT

VALIDATOR = jsonschema.Draft202012Validator(course_file_schema())


def _parses(path: Path) -> bool:
    """Files that are not YAML at all (the hostile fixtures) have nothing a schema could be applied to."""
    try:
        parse_yaml(read_text(path))
    except YamlError:
        return False
    return True


COURSE_FILES = [path for path in sorted((ROOT / "quizzes").glob("*.yaml")) + sorted(FIXTURES.rglob("quizzes/*.yaml"))
                if _parses(path)]


def test_shipped_and_published_schemas_match_the_models() -> None:
    generated = schema_text(course_file_schema())
    assert shipped_schema_text() == generated, "regenerate courseware/core/course/course-file.schema.json"
    assert (ROOT / "docs" / "course-file.schema.json").read_text() == generated, \
        "run `courseware schema --out docs/course-file.schema.json --force`"


def test_schema_command_prints_or_writes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == course_file_schema()
    out = tmp_path / "course-file.schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    assert json.loads(out.read_text()) == course_file_schema()
    assert main(["schema", "--out", str(out)]) == 2 and "already exists" in capsys.readouterr().err


def test_schema_covers_every_kind_and_question_type() -> None:
    schema = course_file_schema()
    assert sorted(schema["properties"]["kind"]["enum"]) == ["deck", "exam", "quiz"]
    question_types = {definition["properties"]["type"]["const"] for definition in schema["$defs"].values()
                      if "type" in definition.get("properties", {}) and "const" in definition["properties"]["type"]}
    assert question_types == set(QUESTION_TYPES)
    assert schema["$defs"]["Quiz"]["additionalProperties"] is False


def _best_message(document: dict[str, Any]) -> str:
    error = jsonschema.exceptions.best_match(VALIDATOR.iter_errors(document))
    assert error is not None
    return f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"


def test_a_validator_points_at_the_misspelt_key_not_at_another_question_type() -> None:
    quiz = {"kind": "quiz", "id": "q", "title": "Q", "questions": [
        {"id": "a", "type": "single", "prompt": "?", "choices": [{"text": "x", "correct": True}, {"text": "y"}],
         "explaination": "typo"}]}
    message = _best_message(quiz)
    assert message.startswith("questions/0: Additional properties are not allowed ('explaination'")
    assert "'single' was expected" not in message
    wrong_kind = _best_message({"kind": "quizz", "id": "q"})
    assert wrong_kind.startswith("kind: 'quizz' is not one of ['deck', 'exam', 'quiz']")


def _model_accepts(value: Any) -> bool:
    kind = value.get("kind") if isinstance(value, dict) else None
    if kind not in FILE_MODELS:
        return False
    try:
        FILE_MODELS[kind].model_validate(value)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("path", COURSE_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_schema_agrees_with_validate_on_every_course_file(path: Path) -> None:
    """Both ways: what the loader's models accept the schema accepts, and what they refuse it refuses; a file
    `courseware validate` finds clean is valid against the schema."""
    value = parse_yaml(read_text(path)).value
    schema_accepts = VALIDATOR.is_valid(value)
    assert schema_accepts == _model_accepts(value)
    if not load_yaml_file(path).problems:
        assert schema_accepts


_QUIZ = {"kind": "quiz", "id": "q", "title": "Q"}
_TF = {"id": "a", "type": "true_false", "prompt": "?", "answer": True}


@pytest.mark.parametrize("document", [
    {**_QUIZ, "questions": [_TF]},
    {**_QUIZ, "questions": [{**_TF, "prompt": 1.9}]},
    {**_QUIZ, "questions": [{**_TF, "id": 7}]},
    {**_QUIZ, "questions": [{**_TF, "id": -7}]},
    {**_QUIZ, "questions": [{**_TF, "id": 1.5}]},
    {**_QUIZ, "questions": [{**_TF, "prompt": ""}]},
    {**_QUIZ, "questions": [{**_TF, "prompt": True}]},
    {**_QUIZ, "questions": []},
    {**_QUIZ, "pass_mark": 1.5, "questions": [_TF]},
    {**_QUIZ, "questions": [{**_TF, "type": "single"}]},
    {**_QUIZ, "questions": [{"id": "c", "type": "single", "prompt": "?", "choices": [
        {"text": "x", "correct": True, "credit": 1.5}, {"text": "y"}]}]},
    {**_QUIZ, "questions": [{"id": "m", "type": "matching", "prompt": "?", "pairs": {"a": "x", "b": "x"},
                             "distractors": ["z"]}]},
    {"kind": "deck", "id": "d", "title": "D", "cards": [{"id": "c", "front": "f", "back": "b",
                                                         "tags": ["ccsm::finance"]}]},
    {"kind": "deck", "id": "d", "title": "D", "cards": [{"id": "c", "front": "f", "back": "b",
                                                         "tags": ["CCSM::Finance"]}]},
    {"kind": "exam", "id": "e", "title": "E", "time_limit_minutes": 0, "draw": [{"topic": "t", "count": 1}]},
    {"kind": "exam", "id": "e", "title": "E", "time_limit_minutes": 5, "draw": [{"topic": "t", "count": 1}]},
], ids=lambda document: json.dumps(document)[:60])
def test_schema_and_models_agree_on_edge_cases(document: dict[str, Any]) -> None:
    assert VALIDATOR.is_valid(document) == _model_accepts(document)
