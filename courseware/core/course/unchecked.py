"""A course as its files' models alone, before any check: what the app's first screen is painted from.

:func:`courseware.core.course.loader.load_course` also runs every check within and across files and words
each problem; those checks need the calculators, the exam blueprints and the error texts, whose imports and
work are a good part of start-up. The first screen needs none of that: titles, modules, quiz and exam
headings and the cards. So the app paints from this, and the whole load runs afterwards, in a worker; it
reports what is wrong, and the screen is redrawn from it (a file that breaks a check is then left out).

The files are read as the loader reads them (the same safe YAML, the same models), so what is shown is what
the whole load gives for every file that passes its checks.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from courseware.core.course.course import Course, Module
from courseware.core.course.files import course_files, course_fingerprint
from courseware.core.course.yamlsafe import YamlError, collector_paused, parse_yaml, read_text
from courseware.core.model import FILE_MODELS, CourseMeta, Deck, Exam, ModuleMeta, Quiz

_FRONT_MATTER_END = re.compile(r"^---\s*$", re.MULTILINE)

def load_unchecked(root: Path, *, modules_only: bool = False) -> Course:
    """Every module, quiz, deck and exam whose file parses and fits its model; the first of two files with
    one id, as in the whole load. ``modules_only``: the title and the modules (the outline of a course too
    large to read before its first screen)."""
    module_paths, yaml_paths = course_files(root)
    fingerprint = course_fingerprint(root, [root / "course.yaml", *module_paths, *yaml_paths])
    with collector_paused():
        course = Course(root=root, meta=_meta(root), fingerprint=fingerprint, complete=not modules_only,
                        checked=False)
        modules: dict[str, Module] = {}
        for path in module_paths:
            module = _module(path)
            if module is not None:
                modules.setdefault(module.id, module)
        for path in [] if modules_only else yaml_paths:
            _register(course, path, _course_file(path))
    course.modules = tuple(sorted(modules.values(), key=lambda module: (module.meta.order, module.id)))
    return course


def _meta(root: Path) -> CourseMeta:
    path = root / "course.yaml"
    try:
        return CourseMeta.model_validate(parse_yaml(read_text(path)).value) if path.exists() else _untitled(root)
    except (YamlError, ValidationError):
        return _untitled(root)


def _untitled(root: Path) -> CourseMeta:
    return CourseMeta(id="course", title=root.resolve().name or "Course")


def _module(path: Path) -> Module | None:
    try:
        text = read_text(path)
        first_line, _, rest = text.partition("\n")
        end = _FRONT_MATTER_END.search(rest) if first_line.strip() == "---" else None
        if end is None:
            return None
        meta = ModuleMeta.model_validate(parse_yaml(rest[: end.start()], line_offset=1).value)
    except (YamlError, ValidationError):
        return None
    return Module(meta, path, rest[end.end():].lstrip("\n"), 2 + rest[: end.end()].count("\n") + 1)


def _course_file(path: Path) -> Quiz | Deck | Exam | None:
    try:
        value = parse_yaml(read_text(path)).value
        kind = value.get("kind") if isinstance(value, dict) else None
        return FILE_MODELS[kind].model_validate(value) if isinstance(kind, str) and kind in FILE_MODELS else None
    except (YamlError, ValidationError):
        return None


def _register(course: Course, path: Path, model: Quiz | Deck | Exam | None) -> None:
    if model is not None and model.id not in course.sources:
        course.add(model, path)
