"""`courseware validate`: every problem at once, located, with hints; the exit codes a script relies on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.course.loader import load_course
from courseware.core.model import SingleChoice
from tests.conftest import FIXTURES, MINI_COURSE, ROOT

BROKEN = FIXTURES / "broken"

# One broken fixture per kind of problem: (file, line, column, words the message must contain).
EXPECTED = [
    ("quizzes/syntax.yaml", 5, 1, "YAML syntax"),
    ("quizzes/unknown-key.yaml", 7, 5, "unknown key 'promt' (did you mean 'prompt'?)"),
    ("quizzes/missing-key.yaml", 5, 5, "missing required key 'prompt'"),
    ("quizzes/wrong-type.yaml", 8, 14, "'choices' must be a list"),
    ("quizzes/unknown-type.yaml", 6, 11, "unknown question type 'multiple_choise' (did you mean 'multiple'?)"),
    ("quizzes/single-two-correct.yaml", 9, 7, "has 2 correct choices; it needs exactly one"),
    ("quizzes/multiple-none-correct.yaml", 9, 7, "has no correct choice"),
    ("quizzes/duplicate-question.yaml", 6, 10, "duplicate question id 'q1'"),
    ("quizzes/good.yaml", 2, 5, "duplicate id 'good'"),
    ("quizzes/undefined-refs.yaml", 4, 9, "module 'retenton' is not defined"),
    ("quizzes/exam-too-big.yaml", 6, 26, "draws 50 questions but its pool holds only 1"),
    ("quizzes/exam-too-big.yaml", 7, 12, "quiz 'no-such-quiz' is not defined"),
    ("quizzes/pass-mark.yaml", 4, 12, "'pass_mark' must be a fraction between 0 and 1, not 80"),
    ("quizzes/empty-prompt.yaml", 5, 35, "'prompt' must not be empty"),
    ("quizzes/python-tag.yaml", 3, 8, "unsupported YAML tag"),
    ("quizzes/alias-bomb.yaml", 3, 28, "refused"),
    ("content/02-no-front-matter.md", 1, 1, "module has no front matter"),
    ("content/03-no-title.md", 2, 1, "missing required key 'title'"),
    ("content/01-ok.md", 10, 15, "link to module 'nowhere'"),
    ("content/01-ok.md", 10, 52, "link to glossary term 'churm'"),
]


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "courseware", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def broken_run() -> subprocess.CompletedProcess[str]:
    return run_cli("validate", str(BROKEN))


@pytest.mark.parametrize(("name", "line", "column", "words"), EXPECTED, ids=[f"{e[0]}:{e[1]}" for e in EXPECTED])
def test_each_problem_is_reported_at_its_position(broken_run: subprocess.CompletedProcess[str], name: str,
                                                  line: int, column: int, words: str) -> None:
    prefix = f"{BROKEN / name}:{line}:{column}: error: "
    lines = [text for text in broken_run.stderr.splitlines() if text.startswith(prefix)]
    assert any(words in text for text in lines), f"no '{words}' at {prefix}\n{broken_run.stderr}"


def test_broken_course_exits_1_with_every_problem_and_no_traceback(
        broken_run: subprocess.CompletedProcess[str]) -> None:
    assert broken_run.returncode == 1
    assert "Traceback" not in broken_run.stderr + broken_run.stdout
    problem_lines = [line for line in broken_run.stderr.splitlines() if ": error: " in line]
    assert len(problem_lines) == len(EXPECTED), "one error per mistake, nothing repeated"
    assert broken_run.stderr.splitlines()[-1].endswith("files")


def test_clean_course_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINI_COURSE)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "2 modules, 1 quizzes (7 questions), 1 decks (2 cards), 1 exams" in out


def test_bundled_course_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0, capsys.readouterr().err


def test_single_files_are_checked_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BROKEN / "quizzes" / "good.yaml"), str(MINI_COURSE / "quizzes" / "terms.yaml")]) == 0
    assert main(["validate", str(BROKEN / "quizzes" / "unknown-key.yaml")]) == 1
    assert "unknown key 'promt'" in capsys.readouterr().err


def test_missing_path_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("courseware: error: no such file or directory") and err.count("\n") == 1


def test_course_option_and_environment_choose_the_course(capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["validate", "--course", str(BROKEN)]) == 1
    capsys.readouterr()
    monkeypatch.setenv("COURSEWARE_COURSE", str(MINI_COURSE))
    assert main(["validate"]) == 0
    assert "mini" in capsys.readouterr().out


def test_version_and_help() -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("courseware ")
    help_text = run_cli("--help")
    assert help_text.returncode == 0 and "validate" in help_text.stdout


def test_a_file_with_several_problems_reports_them_all_references_included(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(MINI_COURSE, tmp_path / "course")
    quiz = tmp_path / "course" / "quizzes" / "several.yaml"
    quiz.write_text("kind: quiz\nid: several\ntitle: Several\nmodule: retentoin\npass_mark: 8\nquestions:\n"
                    "  - {id: q1, type: true_false, prompt: Fine, answer: true, topic: churm}\n"
                    "  - {id: q2, type: singel, prompt: Which?}\n", encoding="utf-8")
    exam = tmp_path / "course" / "quizzes" / "bad-exam.yaml"
    exam.write_text("kind: exam\nid: bad-exam\ntitle: Bad\ntime_limit_minutes: -5\n"
                    "draw:\n  - {quiz: several-quiz, count: 2}\n", encoding="utf-8")
    assert main(["validate", str(tmp_path / "course")]) == 1
    err = capsys.readouterr().err
    for expected in (f"{quiz}:4:9: error: module 'retentoin' is not defined (did you mean 'retention'?)",
                     f"{quiz}:5:12: error: 'pass_mark' must be a fraction between 0 and 1",
                     f"{quiz}:8:20: error: unknown question type 'singel' (did you mean 'single'?)",
                     f"{exam}:4:21: error: 'time_limit_minutes' must be more than 0",
                     f"{exam}:6:12: error: quiz 'several-quiz' is not defined"):
        assert expected in err, err


def test_a_question_case_must_name_a_case_of_its_quiz(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(MINI_COURSE, tmp_path / "course")
    quiz = tmp_path / "course" / "quizzes" / "cases.yaml"
    quiz.write_text("kind: quiz\nid: cases\ntitle: Cases\nmodule: retention\ncases:\n"
                    "  - {id: acme, title: Acme renews, text: Acme has 100 seats.}\n"
                    "questions:\n"
                    "  - {id: q1, type: true_false, prompt: Seats?, answer: true, case: acme, cluster: seats}\n"
                    "  - {id: q2, type: true_false, prompt: Fine, answer: true, case: acmee}\n", encoding="utf-8")
    assert main(["validate", str(tmp_path / "course")]) == 1
    err = capsys.readouterr().err
    assert f"{quiz}:9:66: error: case 'acmee' is not defined in this quiz's 'cases' (did you mean 'acme'?)" in err
    assert err.count("error:") == 1, err


def test_accepted_short_answers_that_normalise_alike_are_a_warning_not_an_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(MINI_COURSE, tmp_path / "course")
    quiz = tmp_path / "course" / "quizzes" / "short.yaml"
    quiz.write_text("kind: quiz\nid: short\ntitle: Short\nmodule: retention\nquestions:\n"
                    "  - id: q1\n    type: short\n    prompt: Name it\n"
                    "    answers: [\"The A team\", \"a-team\", \"A\", \"the the\"]\n", encoding="utf-8")
    assert main(["validate", str(tmp_path / "course")]) == 0
    out, err = capsys.readouterr()
    assert err == f"{quiz}:9:29: warning: accepted answers 'The A team' and 'a-team' are the same once case, " \
                  "punctuation and articles are ignored ('team'): keep one\n"
    assert out.startswith("ok: ")


def test_an_exam_objective_must_name_a_defined_topic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(MINI_COURSE, tmp_path / "course")
    exam = tmp_path / "course" / "quizzes" / "objectives.yaml"
    exam.write_text("kind: exam\nid: objectives-exam\ntitle: Objectives\ntime_limit_minutes: 10\n"
                    "objectives:\n  - {topic: retention, required: true}\n  - {topic: retentoin}\n"
                    "draw:\n  - {topic: retention, count: 1}\n", encoding="utf-8")
    assert main(["validate", str(tmp_path / "course")]) == 1
    err = capsys.readouterr().err
    assert f"{exam}:7:13: error: topic 'retentoin' is not defined by any module, quiz or question " \
           "(did you mean 'retention'?)" in err
    assert err.count("error:") == 1, err


TRAINER = FIXTURES / "trainer"


def test_one_error_per_mistake_and_topics_defined_by_use(capsys: pytest.CaptureFixture[str]) -> None:
    """A trainer's course with one mistake of each kind gets one error for each, and no others: the quiz with
    a misspelt key is still known to the exam, so is the module whose front matter lacks a key, and topics
    carried by quizzes and questions need no module."""
    assert main(["validate", str(TRAINER)]) == 1
    err = capsys.readouterr().err
    problems = [line.removeprefix(f"{TRAINER}/") for line in err.splitlines() if ": error: " in line]
    assert problems == [
        "content/01-kickoff.md:10:23: error: link 'modul:renewals' has the scheme 'modul:', which the reader "
        "does not follow (did you mean 'module:'?)",
        "content/01-kickoff.md:10:72: error: link 'glosary:churn' has the scheme 'glosary:', which the reader "
        "does not follow (did you mean 'glossary:'?)",
        "content/01-kickoff.md:15:22: error: image 'images/missing-chart.png' does not exist (looked for "
        f"{TRAINER}/content/images/missing-chart.png)",
        "content/03-adoption.md:2:1: error: missing required key 'summary'",
        "quizzes/exam.yaml:10:13: error: no question carries topic 'health-score' (did you mean 'health-scores'?)",
        "quizzes/kickoff-quiz.yaml:9:5: error: unknown key 'promt' (did you mean 'prompt'?)",
        "quizzes/retention.yaml:13:16: error: '1.10' is read as the number 1.1; put it in quotes (\"1.10\") to "
        "keep it as written",
        "quizzes/retention.yaml:14:5: error: numeric question 'churn' asks for 'churn_rate', a rate: add "
        "unit: \"%\" so that answers are typed as percentages (90 or 90%), as the worked steps show them",
        "quizzes/retention.yaml:21:13: error: image 'retention-files/chart.png' does not exist (looked for "
        f"{TRAINER}/quizzes/retention-files/chart.png)",
    ]


def test_topics_carried_by_a_quiz_belong_to_its_module(tmp_path: Path) -> None:
    shutil.copytree(TRAINER, tmp_path / "course")
    quizzes = tmp_path / "course" / "quizzes"
    (quizzes / "kickoff-quiz.yaml").write_text(
        (quizzes / "kickoff-quiz.yaml").read_text().replace("promt", "prompt"))
    retention = (quizzes / "retention.yaml").read_text()
    (quizzes / "retention.yaml").write_text(retention.replace("1.10", '"1.10"').replace(
        "inputs: {start: 100, lost: 10}", 'inputs: {start: 100, lost: 10}\n    unit: "%"'))
    course = load_course(tmp_path / "course")
    assert course.topic_modules["retention-metrics"] == "renewals"
    assert course.topic_modules["health-scores"] == "renewals"
    assert course.topic_modules["onboarding"] == "kickoff"
    choice = course.quizzes["retention"].questions[0]
    assert isinstance(choice, SingleChoice) and [c.text for c in choice.choices] == ["1.9", "1.10"]
    assert [str(problem) for problem in course.problems if "kickoff-quiz" in str(problem.path)] == []
