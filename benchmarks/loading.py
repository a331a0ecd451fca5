"""Course loading and validation against parsing the same files with PyYAML's C loader alone."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from benchmarks.common import Figure, median_seconds

QUESTION_TYPES = ("single", "multiple", "true_false", "short", "numeric", "matching", "ordering")


def _question(number: int) -> dict[str, object]:
    kind = QUESTION_TYPES[number % len(QUESTION_TYPES)]
    base: dict[str, object] = {"id": f"q{number}", "type": kind, "prompt": f"Question {number}: what is it?",
                               "explanation": "Because the numbers say so."}
    if kind in ("single", "multiple"):
        base["choices"] = [{"text": "80%", "correct": True}, {"text": "20%", "feedback": "That is churn."},
                           {"text": "110%", "correct": kind == "multiple"}]
    elif kind == "true_false":
        base["answer"] = number % 2 == 0
    elif kind == "short":
        base["answers"] = ["annual recurring revenue", "arr"]
    elif kind == "numeric":
        base.update(answer=18, tolerance=0.5, unit="months")
    elif kind == "matching":
        base["pairs"] = {"ARR": "Annual recurring revenue", "MRR": "Monthly recurring revenue",
                         "ATR": "Available to renew"}
    else:
        base["items"] = ["SDR", "AE", "CSM"]
    return base


def generate_course(root: Path, questions: int, files: int) -> list[Path]:
    """A course of ``questions`` questions spread over ``files`` quiz files and one module."""
    (root / "content").mkdir(parents=True)
    (root / "quizzes").mkdir()
    (root / "content" / "01-bench.md").write_text(
        "---\nid: bench\ntitle: Bench\norder: 1\nsummary: Generated.\nobjectives: [Measure]\n---\n# Bench\n")
    per_file = questions // files
    paths = []
    for number in range(files):
        quiz = {"kind": "quiz", "id": f"quiz-{number}", "title": f"Quiz {number}", "module": "bench",
                "topic": "bench", "questions": [_question(number * per_file + q) for q in range(per_file)]}
        path = root / "quizzes" / f"quiz-{number:04}.yaml"
        path.write_text(yaml.safe_dump(quiz, sort_keys=False, allow_unicode=True))
        paths.append(path)
    return paths


def measure(runs: int, sizes: tuple[int, ...] = (1_000, 10_000, 50_000)) -> list[Figure]:
    from courseware.core.course import yamlsafe
    from courseware.core.course.loader import load_course

    figures = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as directory:
            root = Path(directory)
            paths = generate_course(root, size, 200)

            def parse_only(paths: list[Path] = paths) -> None:
                for path in paths:
                    yaml.load(path.read_text(), Loader=yaml.CSafeLoader)  # noqa: S506 - the C safe loader

            def load_and_validate(root: Path = root) -> None:
                course = load_course(root, check_links=True)
                assert not course.problems, course.problems[:3]

            repeat = max(1, runs if size <= 10_000 else runs // 3)
            baseline = median_seconds(parse_only, repeat)
            ours = median_seconds(load_and_validate, repeat)
            figures.append(Figure(f"load + validate {size:,} questions / 200 files", ours * 1000, baseline * 1000,
                                  "ms", "≤ 2×", ours <= 2 * baseline))
            if size == 10_000:
                c_loader = yamlsafe._Loader
                yamlsafe._Loader = yaml.SafeLoader  # type: ignore[assignment,misc]
                try:
                    pure = median_seconds(load_and_validate, max(1, runs // 3))
                finally:
                    yamlsafe._Loader = c_loader  # type: ignore[misc]
                figures.append(Figure("  same, without the C loader (information)", pure * 1000, baseline * 1000,
                                      "ms", "—", True))
    return figures
