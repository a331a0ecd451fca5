"""Aiken import and export, checked against Moodle's own Aiken fixtures and what its tests expect."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.interop.aiken import read_aiken, write_aiken
from courseware.core.model import SingleChoice
from tests.apphelpers import MINI
from tests.interop_data import MOODLE_DIR, needs_testdata


@needs_testdata
def test_moodle_fixture_imports_two_questions() -> None:
    path = MOODLE_DIR / "questions.aiken.txt"
    result = read_aiken(path.read_text(encoding="utf-8"), path)
    assert not result.findings
    first, second = result.questions
    assert isinstance(first, SingleChoice) and first.prompt == "The Moodle project was started by:"
    assert [c.text for c in first.choices if c.correct] == ["Martin Dougiamas"]
    assert isinstance(second, SingleChoice) and "<html class=\"cool\"> & images" in second.prompt


@needs_testdata
def test_broken_questions_are_errors_at_their_lines_and_the_good_ones_load() -> None:
    """Moodle's test: three good questions; too few answers (line 3), not started (5 and 7), not finished."""
    path = MOODLE_DIR / "aiken_errors.txt"
    result = read_aiken(path.read_text(encoding="utf-8"), path)
    prompts = [q.prompt for q in result.questions]
    assert prompts == ["A good question", "A second good question",
                       "A third good question with HTML chars such as > < &"]
    correct = [[c.text for c in q.choices if c.correct] for q in result.questions if isinstance(q, SingleChoice)]
    assert correct == [["Correct"], ["Correct (No space)"], ["Correct (< > &)"]]
    errors = {finding.line: finding.message for finding in result.errors}
    assert sorted(errors) == [3, 5, 7, 14]
    assert "needs at least 2" in errors[3] and "before any question" in errors[5]
    assert "next question at line 18" in errors[14]


@needs_testdata
def test_cli_refuses_errors_unless_partial(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "aiken.yaml"
    source = MOODLE_DIR / "aiken_errors.txt"
    assert main(["import", "aiken", str(source), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:3: error: " in err and f"{source}:14: error: " in err and not output.exists()
    assert main(["import", "aiken", str(source), "-o", str(output), "--partial"]) == 0
    assert main(["validate", str(output)]) == 0


def test_answer_naming_no_option_is_an_error() -> None:
    result = read_aiken("Pick one\nA) x\nB) y\nANSWER: C\n", "f.txt")
    assert [str(f) for f in result.findings] == [
        "f.txt:4: error: 'ANSWER: C' names no option of this question (options: A, B)"]


def test_export_writes_single_choice_and_reports_the_rest(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "retention.txt"
    assert main(["--course", str(MINI), "export", "aiken", "retention-quiz", "-o", str(output)]) == 0
    err = capsys.readouterr().err
    assert "retention-quiz/levers: warning: Aiken holds only single-choice questions; this one is multiple" in err
    assert "retention-quiz/renewal-rate: warning: choice feedback is not kept" in err
    text = output.read_text(encoding="utf-8")
    assert text.startswith("100 customers are due to renew and 80 do. What is the renewal rate?\nA) 80%\n")
    again = read_aiken(text, output)
    assert not again.findings and len(again.questions) == 2
    first = again.questions[0]
    assert isinstance(first, SingleChoice) and [c.text for c in first.choices] == ["80%", "20%", "110%"]


def test_aiken_round_trip_keeps_single_choice_questions() -> None:
    source = "Which?\nA) one\nB) two\nC) three\nANSWER: B\n\nAnd?\nA. yes\nB. no\nANSWER: A\n"
    first = read_aiken(source, "a.txt")
    text, written = write_aiken(first.questions, lambda qid, message: None)
    assert written == 2 and read_aiken(text, "b.txt").questions == first.questions


def test_unknown_quiz_id_suggests_the_close_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--course", str(MINI), "export", "gift", "retention-qiz"]) == 2
    assert "no quiz 'retention-qiz' in the course (did you mean 'retention-quiz'?)" in capsys.readouterr().err


def test_repeated_option_letters_are_an_error() -> None:
    result = read_aiken("Pick\nA) x\nA) y\nANSWER: A\n", "f.txt")
    assert [str(f) for f in result.findings] == ["f.txt:4: error: question 'Pick' has more than one option A"]


def test_a_prompt_that_reads_as_an_option_is_not_written() -> None:
    question = SingleChoice(id="q", type="single", prompt="A) is this an option?",
                            choices=[{"text": "yes", "correct": True}, {"text": "no"}])
    warnings: list[str] = []
    text, written = write_aiken([question], lambda qid, message: warnings.append(message))
    assert written == 0 and text == "" and "starts like an Aiken option" in warnings[0]
