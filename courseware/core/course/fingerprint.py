"""A course directory's fingerprint: which files it has, how long each is and when each was last changed.

The store keeps its own copy of the course's card list (for counting in SQL) together with the fingerprint of
the course it was made from; a fingerprint that still matches means the copy is still right, without reading
or parsing a file. Taken from the files' sizes and modification times (a ``stat`` each), it costs microseconds
for a course of any size; an edited file changes its modification time, so the copy is made again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


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
