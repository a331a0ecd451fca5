"""Pydantic's validation errors rewritten as short messages a trainer understands."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from courseware.core import model
from courseware.core.problems import did_you_mean


def _all_field_names() -> frozenset[str]:
    names: set[str] = set()
    for value in vars(model).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            names.update(value.model_fields)
    return frozenset(names)


FIELD_NAMES = _all_field_names()
_TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list",
    "dict_type": "a mapping of key: value", "model_type": "a mapping of key: value",
    "model_attributes_type": "a mapping of key: value", "tuple_type": "a list",
    "finite_number": "a finite number",
}


def _field_name(loc: tuple[int | str, ...]) -> str:
    for part in reversed(loc):
        if isinstance(part, str) and part in FIELD_NAMES:
            return part
    return str(loc[-1]) if loc else "document"


def describe(error: ErrorDetails) -> str:
    """One line for one pydantic error; ``did you mean`` for misspelt keys and question types."""
    kind = error["type"]
    loc = tuple(error["loc"])
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    name = _field_name(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        return f"unknown key '{key}'{did_you_mean(key, FIELD_NAMES)}"
    if kind == "missing":
        return f"missing required key '{loc[-1]}'"
    if kind == "union_tag_invalid":
        tag = str(ctx.get("tag"))
        hint = did_you_mean(tag, model.QUESTION_TYPES) or f" (one of {', '.join(model.QUESTION_TYPES)})"
        return f"unknown question type '{tag}'{hint}"
    if kind == "union_tag_not_found":
        return "missing required key 'type' (one of " + ", ".join(model.QUESTION_TYPES) + ")"
    if kind in _TYPE_WORDS:
        return f"'{name}' must be {_TYPE_WORDS[kind]}, not {_shown(error.get('input'))}"
    if kind == "string_too_short":
        return f"'{name}' must not be empty"
    if kind == "too_short":
        return f"'{name}' needs at least {ctx.get('min_length')} entries"
    if kind == "string_pattern_mismatch":
        return f"'{name}' must be an id of lowercase letters, digits and hyphens, not {_shown(error.get('input'))}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        if name == "pass_mark":
            return f"'pass_mark' must be a fraction between 0 and 1, not {_shown(error.get('input'))}"
        bound = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than",
                 "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()), "")
        limit = f"{limit:g}" if isinstance(limit, int | float) else limit
        return f"'{name}' must be {bound} {limit}, not {_shown(error.get('input'))}"
    if kind == "literal_error":
        return f"'{name}' must be {ctx.get('expected')}, not {_shown(error.get('input'))}"
    return f"'{name}': {error['msg']}"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
