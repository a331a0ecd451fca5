"""What the import and export commands share: reading the input, writing the output, printing findings."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from courseware.core.errors import CoursewareError, UsageError
from courseware.core.interop.findings import Finding
from courseware.core.text import printable

#: Largest file imported: a big Moodle question bank is a few megabytes.
MAX_IMPORT_BYTES = 16 * 1024 * 1024


def read_input(path: Path) -> str:
    """A text file as UTF-8 (a byte-order mark is dropped), or one clear error; never more than the limit read."""
    if not path.exists():
        raise UsageError(f"no such file: {path}")
    if not path.is_file():
        raise UsageError(f"{path} is not a regular file")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
        if len(data) > MAX_IMPORT_BYTES:
            raise CoursewareError(f"{path}: larger than {MAX_IMPORT_BYTES // 1_048_576} MiB; split it and import "
                                  "each part")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CoursewareError(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8 and try again") from None
    except OSError as error:
        raise CoursewareError(f"cannot read {path}: {error.strerror or error}") from None


def read_bytes(path: Path) -> bytes:
    """A file's bytes (for formats that name their own encoding, like XML), or one clear error."""
    if not path.is_file():
        raise UsageError(f"no such file: {path}")
    try:
        return path.read_bytes()
    except OSError as error:
        raise CoursewareError(f"cannot read {path}: {error.strerror or error}") from None


def write_files(files: dict[str, bytes], folder: Path, *, force: bool) -> None:
    """Files an import brought along (images, sounds), saved under ``folder``; none is overwritten without
    ``force``, and nothing is written if one would be."""
    targets = {folder / name: content for name, content in files.items()}
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        raise UsageError(f"{existing[0]} already exists; use --force to overwrite it")
    try:
        for path, content in targets.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    except OSError as error:
        raise CoursewareError(f"cannot write {error.filename}: {error.strerror or error}") from None


def write_output(text: str, output: Path | None, *, force: bool) -> None:
    """Write to ``output``, refusing to overwrite without ``force``; without ``output`` print it."""
    if output is None:
        sys.stdout.write(text)
        return
    if output.exists() and not force:
        raise UsageError(f"{output} already exists; use --force to overwrite it")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CoursewareError(f"cannot write {output}: {error.strerror or error}") from None


def print_findings(findings: Iterable[Finding]) -> None:
    """Each finding on one line, control characters shown: its message may quote the imported file."""
    for finding in sorted(findings, key=lambda finding: finding.line):
        print(printable(str(finding)).replace("\n", "\\n"), file=sys.stderr)
