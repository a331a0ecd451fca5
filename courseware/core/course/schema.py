"""The JSON Schema of course files, generated from the same models the loader validates with.

Two adjustments make command-line validators and editors agree with ``courseware validate`` and give the
right hint: a choice between types (a quiz, deck or exam; a question's type) is written as ``if kind is
quiz then Quiz`` rules instead of pydantic's ``oneOf``, so a misspelt key inside a single-choice question is
reported against that question, not as "'type': 'single' was expected" from every other branch; and text
fields accept numbers, as the loader does (``text: 1.9`` is the text "1.9").

The generated schema is shipped inside the package as ``course-file.schema.json`` (``courseware schema``
prints it); a test keeps the shipped file equal to what the models generate.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from courseware.core.model import Deck, Exam, Quiz

SCHEMA_ID = "https://courseware.invalid/schema/course-file.json"
SHIPPED = "course-file.schema.json"


def course_file_schema() -> dict[str, Any]:
    """One schema for every file under ``quizzes/``: a quiz, a deck or an exam, told apart by ``kind``."""
    adapter: TypeAdapter[Any] = TypeAdapter(Annotated[Quiz | Deck | Exam, Field(discriminator="kind")])
    schema = _adjusted(adapter.json_schema())
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "courseware quiz, deck or exam file", **schema}


def shipped_schema_text() -> str:
    """The schema file installed with the package."""
    return resources.files(__package__).joinpath(SHIPPED).read_text(encoding="utf-8")


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _adjusted(node: Any) -> Any:
    if isinstance(node, list):
        return [_adjusted(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _adjusted(value) for key, value in node.items()}
    if "discriminator" in node and "oneOf" in node:
        return _by_discriminator(node)
    if node.get("type") == "string":
        # A number is read as its text; an id's pattern then only lets whole, non-negative ones through.
        node["type"] = ["string", "integer"] if "pattern" in node else ["string", "number"]
        if "pattern" in node:
            node["minimum"] = 0
    return node


def _by_discriminator(node: dict[str, Any]) -> dict[str, Any]:
    """``oneOf`` with a discriminator as one ``if``/``then`` per value, and an ``enum`` of the values."""
    name = node["discriminator"]["propertyName"]
    mapping: dict[str, str] = node["discriminator"]["mapping"]
    rest = {key: value for key, value in node.items() if key not in ("oneOf", "discriminator")}
    return {
        **rest, "type": "object", "required": [name],
        "properties": {name: {"enum": list(mapping), "description": f"One of: {', '.join(mapping)}."}},
        "allOf": [{"if": {"properties": {name: {"const": value}}, "required": [name]}, "then": {"$ref": target}}
                  for value, target in mapping.items()],
        # Not a JSON Schema keyword: kept for OpenAPI-minded tools that pick the branch from it.
        "discriminator": node["discriminator"],
    }
