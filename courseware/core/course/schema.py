"""The JSON Schema of course files, generated from the same models the loader validates with."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from courseware.core.model import Deck, Exam, Quiz

SCHEMA_ID = "https://courseware.invalid/schema/course-file.json"


def course_file_schema() -> dict[str, Any]:
    """One schema for every file under ``quizzes/``: a quiz, a deck or an exam, told apart by ``kind``."""
    adapter: TypeAdapter[Any] = TypeAdapter(Annotated[Quiz | Deck | Exam, Field(discriminator="kind")])
    schema = adapter.json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "courseware quiz, deck or exam file", **schema}
