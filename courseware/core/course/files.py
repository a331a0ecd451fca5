"""A course directory's files, and their fingerprint: which files, how long each is and when each last changed.

The store keeps its own copy of the course's card list (for counting in SQL) together with the fingerprint of
the course it was made from; a fingerprint that still matches means the copy is still right, without reading
or parsing a file. Taken from the files' sizes and modification times (a ``stat`` each), it costs microseconds
for a course of any size; an edited file changes its modification time, so the copy is made again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from courseware.core.errors import UsageError


def course_files(root: Path) -> tuple[list[Path], list[Path]]:
    """The module files and the YAML files of a course, in a stable order."""
    if not root.is_dir():
        raise UsageError(f"course directory not found: {root}")
    content, quizzes = root / "content", root / "quizzes"
    if not content.is_dir() and not quizzes.is_dir():
        raise UsageError(f"{root} is not a course: it has neither content/ nor quizzes/")
    modules = sorted(content.glob("*.md")) if content.is_dir() else []
    yaml_files = sorted([*quizzes.rglob("*.yaml"), *quizzes.rglob("*.yml")]) if quizzes.is_dir() else []
    return modules, yaml_files


def course_fingerprint(root: Path, paths: Iterable[Path]) -> str:
    """The fingerprint of ``root`` and its course files ``paths`` (those that no longer exist left out)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(str(root.resolve()).encode("utf-8", "surrogateescape"))
    for path in sorted(set(paths)):
        try:
            stat = path.stat()
        except OSError:
            continue
        entry = f"\0{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}"
        digest.update(entry.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def fingerprint_of(root: Path) -> str | None:
    """The fingerprint of the course's files as they are now, or ``None`` when its directory is gone (taken
    again after a second read, an equal fingerprint says both reads saw the same files)."""
    try:
        modules, yaml_files = course_files(root)
    except UsageError:
        return None
    return course_fingerprint(root, [root / "course.yaml", *modules, *yaml_files])
