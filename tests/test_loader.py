"""The loader builds what it can and reports the rest; hostile input never escapes as an exception."""

from __future__ import annotations

import gc
import time
import tracemalloc
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courseware.core.course import yamlsafe
from courseware.core.course.loader import load_course, load_module_file, load_yaml_file
from courseware.core.course.yamlsafe import MAX_DEPTH
from courseware.core.model import SingleChoice
from tests.conftest import FIXTURES, MINI_COURSE
from tests.yaml_loaders import LOADERS


def test_mini_course_loads_completely() -> None:
    course = load_course(MINI_COURSE, check_links=True)
    assert course.problems == ()
    assert [module.id for module in course.modules] == ["retention", "growth"]
    assert course.meta.title == "Mini course"
    assert course.topic_modules == {"retention": "retention", "renewals": "retention", "growth": "growth"}
    quiz = course.quizzes["retention-quiz"]
    assert isinstance(quiz.questions[0], SingleChoice) and quiz.pass_mark == 0.8
    assert {q.type for q in quiz.questions} == {"single", "multiple", "true_false", "short", "numeric",
                                                "matching", "ordering"}
    retention = course.module("retention")
    assert retention is not None
    assert [heading.text for heading in retention.headings] == ["Retention and churn", "Renewal rate", "Summary"]
    assert "---" not in retention.body.splitlines()[0]


def test_broken_course_still_loads_its_good_files() -> None:
    course = load_course(FIXTURES / "broken")
    assert [module.id for module in course.modules] == ["ok"]
    assert "pass-mark" not in course.quizzes and "undefined-refs" in course.quizzes
    assert course.problems


def test_front_matter_lines_are_counted_in_positions(tmp_path: Path) -> None:
    path = tmp_path / "01-x.md"
    path.write_text("---\nid: x\ntitle: X\norder: one\nsummary: s\nobjectives: [o]\n---\n# X\n")
    problems = load_module_file(path).problems
    assert [(p.line, p.column) for p in problems] == [(4, 8)]
    assert "'order' must be a whole number" in problems[0].message


@pytest.fixture(params=sorted(LOADERS))
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test once with each YAML parser courseware may find installed."""
    monkeypatch.setattr(yamlsafe, "_Loader", LOADERS[request.param])
    return str(request.param)


def test_deep_nesting_and_long_lines_are_refused_quickly(tmp_path: Path, yaml_loader: str) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("kind: quiz\nid: deep\nx: " + "[" * 10_000 + "]" * 10_000 + "\n")
    long_line = tmp_path / "long.yaml"
    long_line.write_text("kind: quiz\nid: long\ntitle: " + "x" * 1_000_000 + "\n")
    big = tmp_path / "big.yaml"
    with big.open("w") as handle:
        handle.write("kind: deck\nid: big\ncards:\n")
        for number in range(300_000):
            handle.write(f"  - {{id: c{number}, front: front {number}, back: back side {number}}}\n")
    started = time.monotonic()
    problems = [load_yaml_file(path).problems[0] for path in (deep, long_line, big)]
    assert time.monotonic() - started < 10
    assert str(problems[0]) == f"{deep}:3:67: error: nesting deeper than {MAX_DEPTH} levels"
    assert (problems[1].line, problems[1].column) == (3, 1) and "characters long" in problems[1].message
    assert "MiB" in problems[2].message


@pytest.mark.parametrize("levels", [30, MAX_DEPTH - 1, MAX_DEPTH, 500])
def test_nesting_is_judged_by_courseware_limit_whichever_parser_reads_it(tmp_path: Path, yaml_loader: str,
                                                                         levels: int) -> None:
    """A parser stricter than courseware does not refuse what courseware allows, nor reword the refusal."""
    path = tmp_path / "nested.yaml"
    path.write_text("kind: deck\nid: nested\nx: " + "[" * levels + "leaf" + "]" * levels + "\n")
    problems = load_yaml_file(path).problems
    if levels + 1 > MAX_DEPTH:  # the root mapping is a level too; the 64th "[" opens the 65th
        assert [str(problem) for problem in problems] == [
            f"{path}:3:{3 + MAX_DEPTH}: error: nesting deeper than {MAX_DEPTH} levels"]
    else:  # read, then judged as a deck (which has no key 'x')
        assert "unknown key 'x'" in [problem.message for problem in problems]
        assert not any("nesting" in problem.message or "YAML" in problem.message for problem in problems)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["kind", "id", "title", "questions", "type", "prompt", "choices", "text", "correct",
                         "answer", "cards", "draw", "count", "topic", "pass_mark", "pairs", "items"])
        | st.text(max_size=8),
        children, max_size=6),
    max_leaves=30)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=yaml_values, kind=st.sampled_from(["quiz", "deck", "exam", None]))
def test_any_yaml_document_gives_problems_not_exceptions(tmp_path: Path, value: object, kind: str | None) -> None:
    if isinstance(value, dict) and kind:
        value = {"kind": kind, **value}
    path = tmp_path / "generated.yaml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True))
    loaded = load_yaml_file(path)
    assert loaded.model is not None or loaded.problems


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_file_gives_problems_not_exceptions(tmp_path: Path, text: str) -> None:
    for name in ("01-generated.md", "generated.yaml"):
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8", errors="replace"))
        loaded = load_module_file(path) if name.endswith(".md") else load_yaml_file(path)
        assert loaded.model is not None or loaded.problems


def test_loading_a_course_again_leaves_nothing_of_the_last_load_alive(tmp_path: Path) -> None:
    """Numbers and booleans of a loaded course are not kept by the YAML reader once the course is gone."""
    (tmp_path / "content").mkdir()
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "course.yaml").write_text("id: leak\ntitle: Leak\n", encoding="utf-8")
    questions = "".join(f"  - {{id: q{n}, type: numeric, prompt: 'Q{n}?', answer: {n}.5, tolerance: 0.{n % 9 + 1},"
                        f" points: {n % 3 + 1}}}\n  - {{id: t{n}, type: true_false, prompt: 'T{n}?', answer: true}}\n"
                        for n in range(2000))
    (tmp_path / "quizzes" / "numbers.yaml").write_text(
        f"kind: quiz\nid: numbers\ntitle: Numbers\nshuffle: false\nquestions:\n{questions}", encoding="utf-8")
    assert not load_course(tmp_path).problems  # warm every cache once
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(3):
            load_course(tmp_path)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 64 * 1024, f"{grown:,} bytes still held after loading the course three more times"


def _numbers_course(root: Path, questions: int) -> Path:
    (root / "content").mkdir()
    (root / "quizzes").mkdir()
    (root / "course.yaml").write_text("id: gen\ntitle: Generations\n", encoding="utf-8")
    listed = "".join(f"  - {{id: q{n}, type: numeric, prompt: 'Q{n}?', answer: {n}}}\n" for n in range(questions))
    (root / "quizzes" / "numbers.yaml").write_text(f"kind: quiz\nid: numbers\ntitle: Numbers\nquestions:\n{listed}",
                                                   encoding="utf-8")
    return root


def test_a_loaded_course_is_not_left_for_the_young_collections_to_scan(tmp_path: Path) -> None:
    """A course is kept for the session and holds no cycles: scanning it young (a third of a second for
    100,000 questions) would find nothing, so it is handed to the collector's oldest generation at once."""
    course = load_course(_numbers_course(tmp_path, 300))
    quiz = course.quizzes["numbers"]
    young = [*gc.get_objects(generation=0), *gc.get_objects(generation=1)]
    assert not any(obj is quiz or obj is quiz.questions[-1] for obj in young)
    assert any(obj is quiz.questions[-1] for obj in gc.get_objects(generation=2))


def test_objects_frozen_by_other_code_stay_frozen_while_a_course_loads(tmp_path: Path) -> None:
    root = _numbers_course(tmp_path, 3)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert not load_course(root).problems
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
