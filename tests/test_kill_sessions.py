"""``kill -9`` in the middle of a flashcard session and of an exam: every answer given before the kill is
in the store, and the exam resumes with its answers and a clock that kept running."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from courseware.core.store import open_store
from tests.apphelpers import MINI

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")

# The app as users run it, headless, driven by a pilot that reveals and rates cards and says (on the real
# stdout, which the app does not capture) how many reviews the store holds after each rating.
FLASHCARDS = textwrap.dedent("""
    import asyncio, os, sys
    from pathlib import Path
    from courseware.tui.app import create_app

    app = create_app(course_root=Path(sys.argv[1]), data_root=Path(sys.argv[2]))

    async def drill(pilot):
        await pilot.press("f")
        await pilot.pause()
        while True:
            await pilot.press("space", "1")
            await pilot.pause()
            os.write(1, f"stored {len(app.store.reviews.history())}\\n".encode())
            await asyncio.sleep(0.05)

    app.run(headless=True, auto_pilot=drill)
""")


def test_a_flashcard_session_killed_mid_way_keeps_every_rating(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", FLASHCARDS, str(MINI), str(tmp_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    try:
        reported = [int(process.stdout.readline().split()[1]) for _ in range(3)]
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert reported == [1, 2, 3]
    store = open_store(tmp_path, fallback_to_memory=False)
    reviews = store.reviews.history()
    assert len(reviews) >= 3 and {review.rating for review in reviews} == {1}
    assert set(store.reviews.states()) >= {review.card_key for review in reviews}


# A valid (not necessarily right) answer for each kind of question, chosen from the prompt's hint.
ANSWERS = {"one letter": "a", "letters, such as a,c": "a", "true or false": "true", "text": "churn",
           "a number": "12", "a letter for each item, in order, such as b,a,c": "a,b,c",
           "the letters in the right order, such as c,a,b": "a,b,c"}
HINT = re.compile(r"^Answer \((.*)\):$")


def test_an_exam_killed_mid_way_resumes_with_its_answers_and_its_clock(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "courseware", "--course", str(MINI), "exam", "mini-exam", "--plain"]
    env = {**os.environ, "COURSEWARE_DATA": str(tmp_path)}
    process = subprocess.Popen([*command, "--seed", "4"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, env=env)
    assert process.stdin is not None and process.stdout is not None
    answered = 0
    try:
        while answered < 3:
            line = process.stdout.readline()
            assert line, "the exam ended before three answers"
            hint = HINT.match(line.strip())
            if hint:
                process.stdin.write(ANSWERS[hint.group(1)] + "\n")
                process.stdin.flush()
                answered += 1
        while not process.stdout.readline().startswith("Question 4 of 6"):
            pass
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL

    store = open_store(tmp_path, fallback_to_memory=False)
    (attempt,) = store.attempts.list("exam", "mini-exam")
    assert attempt.submitted_at is None and attempt.deadline is not None
    before = [answer.question_key for answer in store.attempts.answers(attempt.id)]
    assert len(before) == 3
    # Two minutes pass while the learner is away (as if the attempt had started two minutes earlier): the
    # resumed exam must count them, not restart the clock.
    earlier = [(when - timedelta(minutes=2)).isoformat() for when in (attempt.started_at, attempt.deadline)]
    store.connection.execute("UPDATE attempts SET started_at = ?, deadline = ? WHERE id = ?", (*earlier, attempt.id))
    store.close()

    resumed = subprocess.run(command, input="", capture_output=True, text=True, env=env, timeout=60)
    lines = resumed.stdout.splitlines()
    assert lines[0].startswith("Mini exam: 6 questions") and "seed 4" in lines[0]
    assert lines[1] == "Resuming: 3 of 6 already answered."
    assert re.fullmatch(r"Time left: (2:[45]\d|3:00)\. No feedback until you submit\.", lines[2]), lines[2]
    assert "Question 4 of 6" in resumed.stdout and "Question 1 of 6" not in resumed.stdout
    store = open_store(tmp_path, fallback_to_memory=False)
    (attempt,) = store.attempts.list("exam", "mini-exam")
    assert attempt.submitted_at is not None
    assert [answer.question_key for answer in store.attempts.answers(attempt.id)] == before
