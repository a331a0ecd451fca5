"""Fuzzing what people hand to courseware: the bundled course, settings.toml and imported files, mutated by
hypothesis (byte flips, truncation, duplicated and deleted lines, tabs, BOM, NUL, CRLF, invalid UTF-8,
values swapped for other YAML types and tags). Every run exits 0 or 1 with located messages: never an
internal error, never a traceback.

Bounded for CI: a fixed number of examples per test, derandomized (the same examples on every run), about
a minute in all on the development machine.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from courseware.cli import main
from courseware.core.course.loader import load_course
from courseware.core.settings import EXAMPLE, load_settings

REPO = Path(__file__).resolve().parent.parent
FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples)

#: YAML values and tags a mutation puts in place of a value.
SWAPS = ["!!bool x", "!!int ''", "!!timestamp x", "!!float x", ".inf", "-.inf", ".nan", "[]", "{}", "~", "null",
         "true", "-1", "0", "1e400", "1.0e+300", "99999999999999999999999", "2026-01-01", "0x1F", "1_000", '""',
         "!!binary aGk=", "!!set {a}", "!!omap [a: 1]", "*nowhere", "&anchor x", "!!python/object:os.system x",
         "!custom x", "[[[[[[]]]]]]", "{a: {b: {c: [1, 2]}}}", "|\n  block", "'unterminated", '"\\x"', "? x",
         "<< : {a: 1}", "- a\n- b", "x" * 300]


@dataclass(frozen=True)
class Mutation:
    """One change to a file's bytes, drawn by hypothesis and shown in its report when a run fails."""

    kind: str
    position: float  # where, as a fraction of the file (or of its lines)
    payload: str

    def apply(self, data: bytes) -> bytes:
        at = int(self.position * len(data))
        lines = data.split(b"\n")
        row = min(int(self.position * len(lines)), len(lines) - 1)
        if self.kind == "flip":
            return data[:at] + bytes([(data[at] if at < len(data) else 0) ^ (1 + ord(self.payload[0]) % 255)]) \
                + data[at + 1:]
        if self.kind == "truncate":
            return data[:at]
        if self.kind == "duplicate":
            return b"\n".join(lines[:row + 1] + lines[row:])
        if self.kind == "delete":
            return b"\n".join(lines[:row] + lines[row + 1:])
        if self.kind == "tab":
            lines[row] = b"\t" + lines[row].lstrip(b" ")
            return b"\n".join(lines)
        if self.kind == "bom":
            return b"\xef\xbb\xbf" + data
        if self.kind == "nul":
            return data[:at] + b"\0" + data[at:]
        if self.kind == "crlf":
            return data.replace(b"\n", b"\r\n")
        if self.kind == "invalid-utf8":
            return data[:at] + b"\xff\xc3(" + data[at:]
        assert self.kind == "swap"
        line = lines[row]
        key, colon, _ = line.partition(b": ")
        if colon:
            lines[row] = key + b": " + self.payload.encode()
        else:
            lines[row] = line + b" " + self.payload.encode()
        return b"\n".join(lines)


MUTATIONS = st.lists(st.builds(Mutation, st.sampled_from(["flip", "truncate", "duplicate", "delete", "tab", "bom",
                                                          "nul", "crlf", "invalid-utf8", "swap", "swap", "swap"]),
                               st.floats(0, 1, exclude_max=True), st.sampled_from(SWAPS)),
                     min_size=1, max_size=3)


def mutate(data: bytes, mutations: list[Mutation]) -> bytes:
    for mutation in mutations:
        data = mutation.apply(data)
    return data


@dataclass
class Run:
    code: int
    out: str
    err: str


def run(args: list[str], stdin: str = "") -> Run:
    """``courseware ARGS`` in this process, as a learner runs it (its own last line of defence included)."""
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        sys.stdin = saved
    return Run(code, out.getvalue(), err.getvalue())


def sound(result: Run, codes: tuple[int, ...] = (0, 1)) -> None:
    """No internal error, no traceback, an expected exit code."""
    text = result.out + result.err
    assert "internal error" not in text and "Traceback" not in text, text[-2000:]
    assert result.code in codes, (result.code, text[-2000:])


LOCATED = re.compile(r"^.+:\d+:\d+: (error|warning): \S")
SUMMARY = re.compile(r"^\d+ problems? in \d+ files?$")


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "course"
    root.mkdir()
    shutil.copy(REPO / "course.yaml", root / "course.yaml")
    shutil.copytree(REPO / "content", root / "content")
    shutil.copytree(REPO / "quizzes", root / "quizzes")
    return root


@pytest.fixture
def learner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("COURSEWARE_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("COURSEWARE_CONFIG", str(tmp_path / "config"))
    yield tmp_path


def course_files(root: Path) -> list[Path]:
    return sorted([root / "course.yaml", *(root / "content").glob("*.md"), *(root / "quizzes").glob("*.yaml")])


BUNDLED = course_files(REPO)


@fuzz(100)
@example(which=REPO / "quizzes" / "ccsm-self-assessment.yaml", mutations=[Mutation("swap", 0.0, "[[[[[[]]]]]]")])
@example(which=REPO / "quizzes" / "ccsm-self-assessment.yaml", mutations=[Mutation("swap", 0.0, "|\n  block")])
@given(which=st.sampled_from(BUNDLED), mutations=MUTATIONS)
def test_a_mutated_course_is_validated_and_studied_without_a_crash(
        course: Path, learner: Path, which: Path, mutations: list[Mutation]) -> None:
    target = course / which.relative_to(REPO)
    original = which.read_bytes()
    target.write_bytes(mutate(original, mutations))
    try:
        validated = run(["--course", str(course), "validate"])
        sound(validated)
        for line in validated.err.splitlines():
            assert LOCATED.match(line) or SUMMARY.match(line), line
        loaded = load_course(course, check_links=True)
        assert (validated.code == 0) == (not loaded.problems)
        mine = [source for source, path in loaded.sources.items() if path == target]
        for quiz_id in mine if mine and mine[0] in loaded.quizzes else sorted(loaded.quizzes)[:1]:
            sound(run(["--course", str(course), "quiz", quiz_id, "--plain", "--seed", "1", "--new"], "a\n1\ntrue\n"))
        for exam_id in sorted(loaded.exams):
            sound(run(["--course", str(course), "exam", exam_id, "--plain", "--seed", "1", "--new"], "a\n12\n"))
    finally:
        target.write_bytes(original)


SETTINGS_SEEDS = [EXAMPLE, 'learner_name = "Ann"\nnew_cards_per_day = 5\n[keys]\nreveal = "space"\n',
                  "a = [[1, 2], {b = {c = [3]}}]\n"]


@fuzz(200)
@given(seed=st.sampled_from(SETTINGS_SEEDS), mutations=MUTATIONS)
def test_a_mutated_settings_file_never_stops_courseware(learner: Path, seed: str, mutations: list[Mutation]) -> None:
    path = learner / "config" / "settings.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(mutate(seed.encode(), mutations))
    loaded = load_settings(path)
    assert all(problem.startswith(f"{path}") for problem in loaded.problems), loaded.problems
    result = run(["settings"])
    sound(result)
    assert (result.code == 1) == bool(loaded.problems)
    for line in result.err.splitlines():
        assert line.startswith(f"courseware: warning: {path}"), line


@pytest.fixture(scope="module")
def import_seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """GIFT and Aiken exported from the bundled course, and its deck as CSV: what real imports look like."""
    folder = tmp_path_factory.mktemp("seeds")
    seeds: dict[str, bytes] = {}
    for target in ("gift", "aiken"):
        output = folder / f"retention.{target}"
        exported = run(["--course", str(REPO), "export", target, "retention-quiz", "-o", str(output)])
        assert exported.code == 0, exported.err
        seeds[target] = output.read_bytes()
    seeds["csv"] = b"front,back\nChurn,Customers lost\n\"NRR, net\",\"Revenue kept, with expansion\"\nARR\tannual\n"
    return seeds


@fuzz(200)
@example(kind="gift", partial=False, mutations=[Mutation("swap", 0.515625, "|\n  block")])
@given(kind=st.sampled_from(["gift", "aiken", "csv"]), partial=st.booleans(), mutations=MUTATIONS)
def test_a_mutated_import_is_refused_or_imported_with_located_messages(
        learner: Path, import_seeds: dict[str, bytes], kind: str, partial: bool, mutations: list[Mutation]) -> None:
    source = learner / f"incoming.{kind}"
    source.write_bytes(mutate(import_seeds[kind], mutations))
    output = learner / "imported.yaml"
    output.unlink(missing_ok=True)
    args = ["import", kind, str(source), "-o", str(output)] + (["--deck", "imported"] if kind == "csv" else [])
    result = run(args + (["--partial"] if partial else []))
    sound(result)
    for line in result.err.splitlines():
        assert str(source) in line, line
    if result.code == 0:
        checked = run(["validate", str(output)])
        sound(checked, (0,))
