"""Hostile course files in bounded time and memory: a real 50 MB file, a FIFO and a link to /dev/zero are
refused with a clear message, and loading the course around them still works."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from courseware.core.course.loader import load_course, load_yaml_file
from courseware.core.course.yamlsafe import MAX_FILE_BYTES
from tests.apphelpers import FIXTURES, MINI, ROOT
from tests.yaml_loaders import LOADERS

# Loads one file in a fresh interpreter and reports the peak of Python allocations while doing so.
MEASURE = textwrap.dedent("""
    import json, sys, time, tracemalloc
    from pathlib import Path
    from courseware.core.course import yamlsafe
    from courseware.core.course.loader import load_module_file, load_yaml_file
    from tests.yaml_loaders import LOADERS
    path = Path(sys.argv[1])
    yamlsafe._Loader = LOADERS[sys.argv[2]]
    load = load_module_file if path.suffix == ".md" else load_yaml_file
    tracemalloc.start()
    started = time.monotonic()
    loaded = load(path)
    seconds = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    print(json.dumps({"peak": peak, "seconds": seconds, "problems": [str(p) for p in loaded.problems]}))
""")


def measure(path: Path, loader: str = "libyaml" if "libyaml" in LOADERS else "pure-python") -> dict[str, Any]:
    """Load ``path`` with ``loader`` (a name from :data:`LOADERS`) in a fresh interpreter."""
    measured = subprocess.run([sys.executable, "-c", MEASURE, str(path), loader], capture_output=True, text=True,
                              timeout=60, check=True, cwd=ROOT)
    report: dict[str, Any] = json.loads(measured.stdout)
    return report


def fifty_megabytes(path: Path, head: str, line: str) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(head)
        written = len(head)
        while written < 50 * 1024 * 1024:
            handle.write(line)
            written += len(line)
    return path


@pytest.mark.parametrize(("name", "head", "line"), [
    ("big.yaml", "kind: deck\nid: big\ncards:\n", "  - {id: c, front: front side, back: back side of a card}\n"),
    ("01-big.md", "---\nid: big\ntitle: Big\norder: 1\nsummary: s\nobjectives: [o]\n---\n# Big\n",
     "A paragraph of a module that goes on and on, far beyond what any course needs.\n"),
])
def test_a_50_megabyte_file_is_refused_in_bounded_time_and_memory(tmp_path: Path, name: str, head: str,
                                                                   line: str) -> None:
    path = fifty_megabytes(tmp_path / name, head, line)
    report = measure(path)
    assert report["peak"] < 5 * 1024 * 1024 and report["seconds"] < 2
    (problem,) = report["problems"]
    assert problem.startswith(f"{path}:1:1: ") and "file is 50.0 MiB; course files may be at most 4 MiB" in problem


def _course_with(tmp_path: Path, name: str) -> Path:
    course = tmp_path / "course"
    shutil.copytree(MINI, course)
    return course / "quizzes" / name


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_link_to_an_endless_device_is_refused_at_once(tmp_path: Path) -> None:
    link = _course_with(tmp_path, "zero.yaml")
    link.symlink_to("/dev/zero")
    started = time.monotonic()
    course = load_course(link.parent.parent)
    assert time.monotonic() - started < 5
    assert [str(problem) for problem in course.problems] == [
        f"{link}:1:1: error: not a regular file; course files must be ordinary files"]
    assert "retention-quiz" in course.quizzes


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_instead_of_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = _course_with(tmp_path, "pipe.yaml")
    os.mkfifo(fifo)
    problems = load_yaml_file(fifo).problems
    assert [problem.message for problem in problems] == ["not a regular file; course files must be ordinary files"]


def _stat_before_growing(monkeypatch: pytest.MonkeyPatch, path: Path, size: int) -> None:
    """``path`` reports ``size`` bytes when asked, as a file still being written does just before it grows."""
    real_stat = Path.stat

    def stat(self: Path, *, follow_symlinks: bool = True) -> os.stat_result:
        info = real_stat(self, follow_symlinks=follow_symlinks)
        if self != path:
            return info
        fields = list(info)
        fields[6] = size  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(Path, "stat", stat)


def test_a_file_that_grows_after_its_size_is_read_is_read_whole(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "growing.yaml"
    path.write_text("kind: deck\nid: growing\ntitle: Growing\ncards:\n  - {id: a, front: A, back: B}\n",
                    encoding="utf-8")
    _stat_before_growing(monkeypatch, path, 20)
    loaded = load_yaml_file(path)
    assert not loaded.problems
    assert loaded.model is not None and [card.id for card in loaded.model.cards] == ["a"]  # type: ignore[union-attr]


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "growing.yaml"
    path.write_text("kind: deck\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8")
    _stat_before_growing(monkeypatch, path, 100)
    assert [problem.message for problem in load_yaml_file(path).problems] == [
        "file grew past the limit while being read; course files may be at most 4 MiB"]


def test_windows_line_endings_still_read_as_lines(tmp_path: Path) -> None:
    path = tmp_path / "crlf.yaml"
    path.write_bytes(b"kind: deck\r\nid: crlf\r\ntitle: CRLF\r\ncards:\r\n  - {id: a, front: \"A\", back: B}\r\n")
    loaded = load_yaml_file(path)
    assert not loaded.problems
    assert loaded.model is not None and loaded.model.cards[0].front == "A"  # type: ignore[union-attr]


DEEP = "kind: quiz\nid: deep\nx: " + "[" * 10_000 + "]" * 10_000 + "\n"


@pytest.mark.parametrize("loader", sorted(LOADERS))
@pytest.mark.parametrize(("content", "expected"), [
    ((FIXTURES / "broken" / "quizzes" / "alias-bomb.yaml").read_text(
        encoding="utf-8"), "error: document expands to more than 250,000 values"),
    # The root mapping is the first level and the 64th "[" the 65th: it sits at line 3, column 3 + 64.
    (DEEP, "3:67: error: nesting deeper than 64 levels"),
    ("kind: quiz\nid: long\ntitle: " + "x" * 1_000_000 + "\n", "3:1: error: line is 1,000,007 characters long"),
    ("kind: quiz\nid: tag\ntitle: !!python/object/apply:os.system [echo owned]\n",
     "3:8: error: unsupported YAML tag"),
], ids=["alias-bomb", "deep-nesting", "long-line", "python-tag"])
def test_hostile_yaml_is_refused_in_bounded_time_and_memory(tmp_path: Path, loader: str, content: str,
                                                            expected: str) -> None:
    """Whichever parser is installed, courseware's own limit and wording decide, at the right place."""
    path = tmp_path / "hostile.yaml"
    path.write_text(content, encoding="utf-8")
    report = measure(path, loader)
    assert report["seconds"] < 5
    assert report["peak"] < 16 * 1024 * 1024, report["peak"]
    (problem,) = report["problems"]
    assert problem.startswith(f"{path}:") and expected in problem, problem
