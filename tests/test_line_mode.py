"""Line mode: answers piped in, the score line out; refusals, end of input, resume after kill -9."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.store import open_store
from tests.quiz_helpers import MINI

# With --no-shuffle, questions and choices keep file order; the matching partners and ordering items of
# the mini quiz are then shown, from seed 1, as: a) Monthly b) Available c) Annual / a) CSM b) SDR c) AE.
ALL_RIGHT = ["a", "true", "a,b", "annual recurring revenue", "18 months", "c,a,b", "b,c,a"]
ALL_WRONG = ["b", "false", "c", "average revenue", "12", "a,b,c", "a,b,c"]


def run_plain(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lines: list[str],
              *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    code = main(["--course", str(MINI), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_all_right_passes(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run_plain(capsys, monkeypatch, ALL_RIGHT,
                             "quiz", "retention-quiz", "--plain", "--seed", "1", "--no-shuffle")
    assert code == 0
    assert out.splitlines()[-1] == "score: 7/7 (100%) pass"
    assert out.count("Right.") == 7


def test_wrong_answers_show_feedback_and_the_correct_answer(capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run_plain(capsys, monkeypatch, ALL_WRONG,
                             "quiz", "retention-quiz", "--plain", "--seed", "1", "--no-shuffle")
    assert out.splitlines()[-1] == "score: 0/7 (0%) fail"
    assert "That is the churn rate." in out
    assert "Correct answer: SDR → AE → CSM" in out
    assert "Explanation: Renewal rate = renewed ÷ due = 80 ÷ 100." in out


def test_unreadable_answers_are_asked_again_and_never_counted(capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    lines = ["z", ALL_RIGHT[0], "perhaps", *ALL_RIGHT[1:4], "eighteen", *ALL_RIGHT[4:]]
    code, out, err = run_plain(capsys, monkeypatch, lines,
                               "quiz", "retention-quiz", "--plain", "--seed", "1", "--no-shuffle")
    assert "Not accepted: 'z' is not one of the letters a-c. Try again." in out
    assert "Not accepted: answer true or false. Try again." in out
    assert "Not accepted: 'eighteen' is not a number. Try again." in out
    assert out.splitlines()[-1] == "score: 7/7 (100%) pass" and err == ""


def test_end_of_input_submits_what_was_answered(capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    code, out, _ = run_plain(capsys, monkeypatch, ALL_RIGHT[:3],
                             "quiz", "retention-quiz", "--plain", "--seed", "1", "--no-shuffle")
    assert out.splitlines()[-1] == "score: 3/7 (42.9%) fail"
    store = open_store(isolated)
    (attempt,) = store.attempts.list("quiz", "retention-quiz")
    assert attempt.submitted_at is not None and attempt.earned == 3


def test_an_exam_in_line_mode_gives_no_feedback_and_reviews_at_the_end(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run_plain(capsys, monkeypatch, [], "exam", "mini-exam", "--plain", "--seed", "4")
    assert "seed 4" in out.splitlines()[0] and "Time left: 5:00" in out
    assert out.splitlines()[-1] == "score: 0/6 (0%) fail"
    assert "Review:" in out and "Right." not in out
    _, again, _ = run_plain(capsys, monkeypatch, [], "exam", "mini-exam", "--plain", "--seed", "4")
    review = [line for line in out.splitlines() if line[:2] in {f"{n}." for n in range(1, 7)}]
    assert review == [line for line in again.splitlines() if line[:2] in {f"{n}." for n in range(1, 7)}]


def test_unknown_ids_name_the_available_ones(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run_plain(capsys, monkeypatch, [], "quiz", "retention", "--plain")
    assert code == 2
    assert err == ("courseware: error: no quiz 'retention' (did you mean 'retention-quiz'?); "
                   "available: retention-quiz\n")
    code, _, err = run_plain(capsys, monkeypatch, [], "exam", "final", "--plain")
    assert code == 2 and "available: mini-exam" in err


def test_a_quiz_file_runs_straight_from_its_path_and_course_text_is_printed_literally(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    draft.write_text('kind: quiz\nid: draft\ntitle: "[bold red]Draft"\nquestions:\n'
                     '  - {id: q, type: true_false, prompt: "\\e[31mRed?\\a", answer: true}\n',
                     encoding="utf-8")
    code, out, err = run_plain(capsys, monkeypatch, ["true"], "quiz", str(draft), "--plain")
    assert err == "" and code == 0
    assert out.startswith("[bold red]Draft: 1 question,")
    assert "^[[31mRed?^G" in out and "\x1b" not in out
    assert out.splitlines()[-1] == "score: 1/1 (100%) pass"


def test_history_lists_attempts(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    run_plain(capsys, monkeypatch, [], "exam", "mini-exam", "--plain", "--seed", "4")
    code, out, _ = run_plain(capsys, monkeypatch, [], "exam", "mini-exam", "--history")
    assert code == 0 and "exam mini-exam  seed 4  0/6 (0%) fail" in out
    code, out, _ = run_plain(capsys, monkeypatch, [], "attempts")
    assert "#1 " in out


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("COURSEWARE_DATA", str(data))
    return data


@pytest.fixture(autouse=True)
def _private_data(isolated: Path) -> None:
    """Every test writes to its own data directory."""


def _read_until(process: subprocess.Popen[str], marker: str) -> str:
    assert process.stdout is not None
    seen = ""
    while marker not in seen:
        line = process.stdout.readline()
        assert line, f"process ended before {marker!r}: {seen}"
        seen += line
    return seen


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_killed_mid_quiz_keeps_its_answers_and_resumes(isolated: Path) -> None:
    command = [sys.executable, "-m", "courseware", "--course", str(MINI), "quiz", "retention-quiz", "--plain"]
    env = {**os.environ, "COURSEWARE_DATA": str(isolated)}
    process = subprocess.Popen([*command, "--seed", "1", "--no-shuffle"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdin is not None
    process.stdin.write("".join(f"{line}\n" for line in ALL_RIGHT[:3]))
    process.stdin.flush()
    _read_until(process, "Question 4 of 7")
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL

    store = open_store(isolated)
    (attempt,) = store.attempts.list("quiz", "retention-quiz")
    assert attempt.submitted_at is None
    assert [answer.question_key.split("/")[1] for answer in store.attempts.answers(attempt.id)] == [
        "renewal-rate", "tf", "levers"]
    store.close()

    finished = subprocess.run(command, input="".join(f"{line}\n" for line in ALL_RIGHT[3:]),
                              capture_output=True, text=True, env=env, timeout=60)
    assert "Resuming: 3 of 7 already answered." in finished.stdout
    assert finished.stdout.splitlines()[-1] == "score: 7/7 (100%) pass"


def test_a_past_attempt_is_reviewed_with_every_question_answer_and_explanation(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    run_plain(capsys, monkeypatch, ALL_WRONG[:2], "quiz", "retention-quiz", "--plain", "--seed", "1", "--no-shuffle")
    code, out, _ = run_plain(capsys, monkeypatch, [], "attempts", "1", "--review")
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("#1  ") and lines[0].endswith("quiz retention-quiz  seed 1  0/7 (0%) fail")
    assert lines[1:5] == ["1. [wrong] 100 customers are due to renew and 80 do. What is the renewal rate?",
                          "   Your answer: 20%", "   Correct answer: 80%",
                          "   Explanation: Renewal rate = renewed ÷ due = 80 ÷ 100."]
    assert "3. [blank] Which are revenue levers?" in lines and lines[-1] == "score: 0/7 (0%) fail"
    assert main(["--course", str(MINI), "attempts", "retention-quiz", "--review"]) == 2
    assert "--review needs an attempt number" in capsys.readouterr().err
    assert main(["--course", str(MINI), "attempts", "9", "--review"]) == 2
    assert "no quiz or exam attempt #9" in capsys.readouterr().err
