"""The published JSON Schema is generated from the loader's models and kept in step with them."""

from __future__ import annotations

import json

from courseware.core.course.schema import course_file_schema
from courseware.core.model import QUESTION_TYPES
from tests.conftest import ROOT


def test_published_schema_matches_the_models() -> None:
    published = json.loads((ROOT / "docs" / "course-file.schema.json").read_text())
    assert published == course_file_schema(), "run `courseware schema > docs/course-file.schema.json`"


def test_schema_covers_every_kind_and_question_type() -> None:
    schema = course_file_schema()
    assert set(schema["discriminator"]["mapping"]) == {"quiz", "deck", "exam"}
    question_types = {definition["properties"]["type"]["const"] for definition in schema["$defs"].values()
                      if "type" in definition.get("properties", {}) and "const" in definition["properties"]["type"]}
    assert question_types == set(QUESTION_TYPES)
    assert schema["$defs"]["Quiz"]["additionalProperties"] is False
