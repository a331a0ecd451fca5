"""Every course value is checked before use: malformed tags, empty files, non-finite numbers and control
characters are located errors, and the app and the command line go on with the rest of the course."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.course.loader import load_course
from courseware.tui.screens.home import HomeScreen
from tests.apphelpers import MINI, make_app, sync
from tests.quiz_helpers import wait_for

LOCATED = re.compile(r"^\S+:\d+:\d+: error: \S.*$")


def course_with(tmp_path: Path, relative: str, old: str | None, new: str) -> Path:
    """A copy of the mini course with ``old`` replaced by ``new`` in one file (or the whole file when None)."""
    root = tmp_path / "course"
    shutil.copytree(MINI, root)
    path = root / relative
    text = path.read_text(encoding="utf-8")
    if old is None:
        path.write_text(new, encoding="utf-8")
    else:
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


CASES = {
    "bool tag": ("course.yaml", "title: Mini course", "title: !!bool x", 2, "cannot read 'x' as bool"),
    "empty int tag": ("course.yaml", "title: Mini course", "title: !!int ''", 2, "cannot read '' as int"),
    "timestamp tag": ("course.yaml", "title: Mini course", "title: !!timestamp x", 2,
                      "cannot read 'x' as timestamp"),
    "empty course.yaml": ("course.yaml", None, "", 1, "course.yaml is empty"),
    "comment-only course.yaml": ("course.yaml", None, "# nothing yet\n", 1, "course.yaml is empty"),
    "empty quiz": ("quizzes/retention.yaml", None, "# to do\n", 1, "the file is empty"),
    "infinite time limit": ("quizzes/exam.yaml", "time_limit_minutes: 5", "time_limit_minutes: .inf", 4,
                            "'.inf' is not a finite number"),
    "time limit as the word inf": ("quizzes/exam.yaml", "time_limit_minutes: 5", "time_limit_minutes: inf", 4,
                                   "'time_limit_minutes' must be a finite number"),
    "time limit overflowing": ("quizzes/exam.yaml", "time_limit_minutes: 5", "time_limit_minutes: 1e400", 4,
                               "'time_limit_minutes' must be a finite number"),
    "nan tolerance": ("quizzes/retention.yaml", "answer: 18, unit: months}", "answer: 18, tolerance: .nan}", 19,
                      "'.nan' is not a finite number"),
    "infinite points": ("quizzes/retention.yaml", "answer: 18, unit: months}", "answer: 18, points: -.inf}", 19,
                        "'-.inf' is not a finite number"),
    "nan range": ("quizzes/retention.yaml", "answer: 18, unit: months}",
                  "calculator: cac-payback, generate: {cac: [.nan, .nan]}}", 19, "'.nan' is not a finite number"),
    "huge time limit": ("quizzes/exam.yaml", "time_limit_minutes: 5", "time_limit_minutes: 1.0e+300", 4,
                        "1.0e+300 is too large a number"),
    "time limit longer than a week": ("quizzes/exam.yaml", "time_limit_minutes: 5", "time_limit_minutes: 20000",
                                      4, "'time_limit_minutes' must be at most 10,080 (a week)"),
    "huge points written as text": ("quizzes/retention.yaml", "answer: 18, unit: months}",
                                    "answer: 18, points: 1e300}", 19, "1e300 is too large a number"),
    "huge range written as text": ("quizzes/retention.yaml", "answer: 18, unit: months}",
                                   "calculator: cac-payback, generate: {cac: [1, 1e300]}}", 19,
                                   "1e300 is too large a number"),
    "question type as a list": ("quizzes/retention.yaml", "{id: payback, type: numeric,",
                                "{id: payback, type: [numeric],", 19, "unknown question type '['numeric']'"),
    "control character": ("course.yaml", "title: Mini course", "title: Mini\x07course", 2,
                          "character U+0007 is not allowed in YAML"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_value_is_one_located_error_and_the_rest_of_the_course_loads(
        tmp_path: Path, case: str, capsys: pytest.CaptureFixture[str]) -> None:
    relative, old, new, line, message = CASES[case]
    root = course_with(tmp_path, relative, old, new)
    assert main(["--course", str(root), "validate"]) == 1
    out, err = capsys.readouterr()
    lines = (out + err).strip().splitlines()
    problems = [text for text in lines if LOCATED.match(text)]
    assert problems, lines
    assert all("internal error" not in text and "Traceback" not in text for text in lines)
    in_file = [text for text in problems if text.startswith(f"{root / relative}:")]
    assert any(text.startswith(f"{root / relative}:{line}:") and message in text for text in in_file), problems
    course = load_course(root)
    assert root / relative in {problem.path for problem in course.problems}
    if relative != "course.yaml":
        assert course.quizzes or course.decks or course.exams


def test_a_control_character_is_located_at_its_own_line_and_column_in_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = course_with(tmp_path, "quizzes/retention.yaml", "answer: 18, unit: months}", "answer: 18, unit: mo\x01}")
    assert main(["--course", str(root), "validate", str(root / "quizzes" / "retention.yaml")]) == 1
    err = capsys.readouterr().err
    text = (root / "quizzes" / "retention.yaml").read_text(encoding="utf-8")
    line = text[: text.index("\x01")].count("\n") + 1
    column = text.index("\x01") - text.rfind("\n", 0, text.index("\x01"))
    problem_lines = [row for row in err.splitlines() if ": error: " in row]
    assert problem_lines == [f"{root / 'quizzes' / 'retention.yaml'}:{line}:{column}: error: character U+0001 is "
                             'not allowed in YAML (a control character?); remove it or write it as an escape such '
                             'as "\\t" inside double quotes']
    assert "position" not in err and "<unicode string>" not in err


@sync
async def test_the_app_opens_on_a_course_with_every_kind_of_bad_value(tmp_path: Path) -> None:
    root = course_with(tmp_path, "course.yaml", "title: Mini course", "title: !!bool x")
    exam = root / "quizzes" / "exam.yaml"
    exam.write_text(exam.read_text(encoding="utf-8").replace("time_limit_minutes: 5", "time_limit_minutes: .inf"),
                    encoding="utf-8")
    (root / "quizzes" / "empty.yaml").write_text("# nothing\n", encoding="utf-8")
    app = make_app(tmp_path / "data", course=root)
    async with app.run_test(size=(100, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        toast = str(app.screen.query("Toast").first().render())
        assert "course.yaml" in toast and "quizzes/exam.yaml" in toast and "quizzes/empty.yaml" in toast
        assert isinstance(app.screen, HomeScreen)
        assert "mini-exam" not in app.course.exams and "retention-quiz" in app.course.quizzes
    app.store.close()
