"""Builds the typed course model from a course directory, collecting every problem with its position.

What loads, loads: a broken file is left out and reported, and the rest of the course still works.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from courseware.core.course import checks, errors_text, references
from courseware.core.course.course import Course, Module
from courseware.core.course.files import course_files, course_fingerprint
from courseware.core.course.loaded import CourseFile, Loaded
from courseware.core.course.yamlsafe import YamlError, collector_paused, parse_yaml, read_text
from courseware.core.model import FILE_MODELS, CourseMeta, Deck, Exam, ModuleMeta, Quiz
from courseware.core.problems import Problem, did_you_mean

MODULE_NAME = re.compile(r"^\d{2}-[a-z0-9][a-z0-9-]*\.md$")
_FRONT_MATTER_END = re.compile(r"^---\s*$", re.MULTILINE)
_DECK_KIND = re.compile(r"""^kind:[ \t]*(deck|'deck'|"deck")[ \t]*(#.*)?$""", re.MULTILINE)
#: Schema problems listed per file; past this, one line says how many more there are (a generated file with
#: 200,000 unknown keys is named in a screenful, not in 200,000 lines).
MAX_SCHEMA_PROBLEMS = 1000


def _validate(loaded: Loaded, model: type[CourseFile] | type[ModuleMeta] | type[CourseMeta],
              value: object) -> object | None:
    try:
        return model.model_validate(value)
    except ValidationError as error:
        details = error.errors(include_url=False)
        for detail in details[:MAX_SCHEMA_PROBLEMS]:
            if _misspelt(detail, details):
                continue  # the unknown key's own error names the key it was meant to be
            where = list(detail["loc"])
            if detail["type"] == "union_tag_invalid":
                where.append("type")
            loaded.at(where, errors_text.describe(detail), key=detail["type"] == "extra_forbidden")
        if len(details) > MAX_SCHEMA_PROBLEMS:
            rest = len(details) - MAX_SCHEMA_PROBLEMS
            message = f"{rest:,} more problems like the ones above from here on, not listed; fix those first"
            loaded.at(list(details[MAX_SCHEMA_PROBLEMS]["loc"]), message, key=True)
        return None


def _misspelt(detail: ErrorDetails, details: list[ErrorDetails]) -> bool:
    """Whether a missing key is explained by an unknown key beside it that is a misspelling of it."""
    if detail["type"] != "missing" or not detail["loc"]:
        return False
    parent, key = detail["loc"][:-1], str(detail["loc"][-1])
    unknown = [str(other["loc"][-1]) for other in details
               if other["type"] == "extra_forbidden" and other["loc"][:-1] == parent and other["loc"]]
    return bool(did_you_mean(key, unknown))


def load_yaml_file(path: Path) -> Loaded:
    """Load one quiz, deck or exam file into its model, with every problem found in it."""
    loaded = Loaded(path)
    try:
        text = read_text(path)
        loaded.document = parse_yaml(text)
    except YamlError as error:
        loaded.problem(error.message, error.line, error.column)
        return loaded
    value = loaded.document.value
    if value is None:
        loaded.problem("the file is empty (or only comments): a course file must be a mapping with a 'kind' of "
                       "quiz, deck or exam")
        return loaded
    if not isinstance(value, dict):
        loaded.problem("a course file must be a mapping with a 'kind' of quiz, deck or exam")
        return loaded
    kind = value.get("kind")
    if kind is None:
        loaded.problem("missing required key 'kind' (quiz, deck or exam)")
        return loaded
    if not isinstance(kind, str) or kind not in FILE_MODELS:
        loaded.at(["kind"], f"unknown kind '{kind}'{did_you_mean(str(kind), FILE_MODELS)}; "
                  "expected quiz, deck or exam")
        return loaded
    model = _validate(loaded, FILE_MODELS[kind], value)
    before = len(loaded.problems)
    for where, message in checks.check_file(kind, value):
        loaded.at(list(where), message)
    for where, message in checks.warnings_in(kind, value):
        loaded.warn(list(where), message)
    sound = model if isinstance(model, Quiz | Deck | Exam) and len(loaded.problems) == before else None
    loaded.references = references.made_by(kind, value)
    # Reported, but the file still loads: a learner can take a quiz whose image is missing. Both checks walk
    # the whole document, so they run only where they can find something: a number YAML reads as other text,
    # an image ("![" in the text, or an escape that could spell it).
    numbers = checks.altered_numbers(loaded.document.root) if loaded.document.reread_numbers else ()
    images = checks.missing_images(value, path.parent) if "![" in text or "\\" in text else ()
    for where, message in (*numbers, *images):
        loaded.at(list(where), message)
    if sound is not None:
        loaded.keep(sound)
    return loaded


def load_module_file(path: Path) -> Loaded:
    """Load one Markdown module: YAML front matter between ``---`` lines, then the body."""
    loaded = Loaded(path)
    try:
        text = read_text(path)
    except YamlError as error:
        loaded.problem(error.message, error.line, error.column)
        return loaded
    if not MODULE_NAME.match(path.name):
        loaded.problem(f"module file name '{path.name}' should look like 'NN-slug.md' (e.g. 01-why-cs.md)")
    first_line, _, rest = text.partition("\n")
    end = _FRONT_MATTER_END.search(rest) if first_line.strip() == "---" else None
    if end is None:
        loaded.problem("module has no front matter: start the file with a '---' line, the YAML keys "
                       "(id, title, order, summary, objectives), and another '---' line")
        return loaded
    try:
        loaded.document = parse_yaml(rest[: end.start()], line_offset=1)
    except YamlError as error:
        loaded.problem(error.message, error.line, error.column)
        return loaded
    if not isinstance(loaded.document.value, dict):
        loaded.problem("module front matter must be a mapping of keys (id, title, order, summary, objectives)", 2)
        return loaded
    meta = _validate(loaded, ModuleMeta, loaded.document.value)
    for where, message in checks.altered_numbers(loaded.document.root) if loaded.document.reread_numbers else ():
        loaded.at(list(where), message)
    if isinstance(meta, ModuleMeta):
        body_line = 2 + rest[: end.end()].count("\n") + 1
        loaded.keep(Module(meta, path, rest[end.end():].lstrip("\n"), body_line))
    return loaded


def _load_meta(root: Path, problems: list[Problem]) -> CourseMeta:
    path = root / "course.yaml"
    fallback = CourseMeta(id="course", title=root.resolve().name or "Course")
    if not path.exists():
        return fallback
    loaded = Loaded(path)
    try:
        loaded.document = parse_yaml(read_text(path))
    except YamlError as error:
        loaded.problem(error.message, error.line, error.column)
    else:
        if loaded.document.value is None:
            loaded.problem("course.yaml is empty (or only comments): it needs at least an 'id' and a 'title'")
            problems.extend(loaded.problems)
            return fallback
        meta = _validate(loaded, CourseMeta, loaded.document.value)
        if isinstance(meta, CourseMeta):
            return meta
    problems.extend(loaded.problems)
    return fallback


class LoadingStopped(Exception):
    """Loading was asked to stop before it finished (the app quit while a large course loaded)."""


def load_course(root: Path, *, check_links: bool = False, stop: Callable[[], bool] | None = None,
                decks: bool = True) -> Course:
    """Load a whole course; ``check_links`` also parses every module to check its links.

    ``stop`` is asked between files; when it says so, :class:`LoadingStopped` is raised, so that loading in a
    background thread never keeps a quitting app waiting for the rest of the course. Without ``decks``, the
    files whose top-level ``kind`` is ``deck`` are left unread (statistics count cards from the store's copy
    of the card list), and the course is not ``complete``.
    """
    with collector_paused(long_lived=True):
        return _load_course(root, check_links, stop, decks)


def _is_deck(path: Path) -> bool:
    """Whether a course file says ``kind: deck`` at its top level (a deck written another way is read)."""
    try:
        return _DECK_KIND.search(read_text(path)) is not None
    except YamlError:
        return False


def _load_course(root: Path, check_links: bool, stop: Callable[[], bool] | None, decks: bool) -> Course:
    module_paths, yaml_paths = course_files(root)
    # Taken before any file is read: a file changed while loading makes the fingerprint stale, never wrong.
    fingerprint = course_fingerprint(root, [root / "course.yaml", *module_paths, *yaml_paths])
    if not decks:
        yaml_paths = [path for path in yaml_paths if not _is_deck(path)]
    problems: list[Problem] = []
    course = Course(root=root, meta=_load_meta(root, problems), fingerprint=fingerprint, complete=decks)
    loaded_files = []
    for load, paths in ((load_module_file, module_paths), (load_yaml_file, yaml_paths)):
        for path in paths:
            if stop is not None and stop():
                raise LoadingStopped(str(root))
            loaded_files.append(load(path))
    for loaded in loaded_files:
        problems.extend(loaded.problems)
    course.warnings = tuple(sorted(warning for loaded in loaded_files for warning in loaded.warnings))
    problems.extend(references.register(course, loaded_files))
    problems.extend(references.check(course, {f.path: f for f in loaded_files}, check_links=check_links))
    course.problems = tuple(sorted(set(problems)))
    return course
