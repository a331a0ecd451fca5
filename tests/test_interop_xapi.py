"""The learner's history as xAPI, posted to a real learning record store (ralph) started for the test."""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from courseware.cli import main
from courseware.core.course.loader import load_course
from courseware.core.interop.xapi import Learner, build_statements, duration
from courseware.core.store import open_store
from tests.apphelpers import MINI

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# ralph 5.1's file-system backend writes with its default operation, CREATE, which refuses to write to the
# statements file once it exists: only the first POST would ever be stored. Its other backends append; so
# does this one when told to. Everything else (API, auth, validation, duplicate ids) is ralph's own.
APPENDING_RALPH = """
import sys
import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


class Lrs:
    """A ralph LRS with its file-system backend, in its own directory and process group."""

    def __init__(self, root: Path, port: int) -> None:
        bcrypt = pytest.importorskip("bcrypt", reason="ralph-malph[lrs] (test extra) brings bcrypt")
        if importlib.util.find_spec("ralph") is None:
            pytest.skip("the xAPI test needs ralph-malph[cli,lrs] (test extra) for its LRS")
        self.url = f"http://127.0.0.1:{port}/xAPI/"
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        (root / "auth.json").write_text(json.dumps([{
            "username": "learner", "scopes": ["all"], "agent": {"mbox": "mailto:learner@example.com"},
            "hash": bcrypt.hashpw(b"secret", bcrypt.gensalt(4)).decode()}]), encoding="utf-8")
        self.env = {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs", "RALPH_AUTH_FILE": str(root / "auth.json"),
                    "RALPH_APP_DIR": str(root / "app"), "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(root)}
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", APPENDING_RALPH, str(self.port)],
            env=self.env, cwd=self.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the ralph LRS did not start within 30 s")

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=10)

    def statements(self) -> list[dict[str, Any]]:
        request = urllib.request.Request(f"{self.url}statements?limit=1000", headers={
            "Authorization": "Basic " + base64.b64encode(b"learner:secret").decode(),
            "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(request, timeout=10) as response:
            found: list[dict[str, Any]] = json.loads(response.read())["statements"]
            return found


@pytest.fixture
def lrs(tmp_path: Path) -> Iterator[Lrs]:
    server = Lrs(tmp_path / "lrs", _free_port())
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A learner who read a module, passed the quiz, failed the exam and reviewed two cards."""
    data = tmp_path / "data"
    monkeypatch.setenv("COURSEWARE_DATA", str(data))
    monkeypatch.setenv("COURSEWARE_COURSE", str(MINI))
    store = open_store(data, fallback_to_memory=False)
    store.modules.mark_read("retention")
    quiz = store.attempts.start("quiz", "retention-quiz", started_at=START)
    store.attempts.record_answer(quiz, "retention-quiz/renewal-rate", 0, correct=True, earned=1, possible=1,
                                 answered_at=START + timedelta(seconds=40))
    store.attempts.record_answer(quiz, "retention-quiz/tf", True, correct=True, earned=1, possible=1,
                                 answered_at=START + timedelta(seconds=55))
    store.attempts.finish(quiz, earned=2, possible=2, passed=True, submitted_at=START + timedelta(minutes=1))
    exam = store.attempts.start("exam", "mini-exam", started_at=START + timedelta(hours=1))
    store.attempts.record_answer(exam, "retention-quiz/payback", 12, correct=False, earned=0, possible=1,
                                 answered_at=START + timedelta(hours=1, seconds=90))
    store.attempts.finish(exam, earned=0, possible=1, passed=False, submitted_at=START + timedelta(hours=1, minutes=4))
    store.attempts.start("quiz", "retention-quiz", started_at=START + timedelta(hours=2))
    store.reviews.record("terms/churn", 3, state="{}", due=START + timedelta(days=1),
                         reviewed_at=START + timedelta(hours=3), duration_ms=4200)
    store.reviews.record("terms/renewal-rate:reverse", 1, state="{}", due=START + timedelta(minutes=190),
                         reviewed_at=START + timedelta(hours=3, seconds=10), duration_ms=8000)
    store.close()
    return data


def _verbs(statements: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(s["verb"]["display"]["en-US"], s["object"]["id"].rsplit("/mini/", 1)[1]) for s in statements]


def test_history_becomes_statements_with_scores_and_durations(history: Path) -> None:
    store = open_store(history)
    statements = build_statements(load_course(MINI), store, Learner("Ann", "ann@example.com"))
    store.close()
    assert sorted(_verbs(statements)) == sorted([
        ("experienced", "modules/retention"), ("answered", "questions/retention-quiz/renewal-rate"),
        ("answered", "questions/retention-quiz/tf"), ("passed", "quizzes/retention-quiz"),
        ("answered", "questions/retention-quiz/payback"), ("failed", "exams/mini-exam"),
        ("answered", "cards/terms/churn"), ("answered", "cards/terms/renewal-rate:reverse")])
    by_object = {s["object"]["id"].rsplit("/mini/", 1)[1]: s for s in statements}
    exam = by_object["exams/mini-exam"]
    assert exam["result"] == {"success": False, "completion": True, "duration": "PT240S",
                              "score": {"raw": 0, "min": 0.0, "max": 1, "scaled": 0.0}}
    assert exam["object"]["definition"]["name"] == {"en-US": "Mini exam"}
    first = by_object["questions/retention-quiz/renewal-rate"]
    assert first["result"]["duration"] == "PT40S" and first["result"]["success"] is True
    assert first["object"]["definition"]["interactionType"] == "choice"
    assert first["context"]["contextActivities"]["parent"][0]["id"].endswith("/quizzes/retention-quiz")
    assert by_object["questions/retention-quiz/tf"]["result"]["duration"] == "PT15S"
    card = by_object["cards/terms/renewal-rate:reverse"]
    assert card["result"]["response"] == "again" and card["result"]["duration"] == "PT8S"
    assert all(s["actor"]["mbox"] == "mailto:ann@example.com" for s in statements)
    again = build_statements(load_course(MINI), open_store(history), Learner("Ann", "ann@example.com"))
    assert [s["id"] for s in again] == [s["id"] for s in statements]


def test_durations_are_iso_8601() -> None:
    assert [duration(0), duration(4.2), duration(90.005), duration(3600)] == ["PT0S", "PT4.2S", "PT90S", "PT3600S"]


def test_statements_reach_a_real_lrs_once_and_down_lrs_keeps_them_for_retry(
        history: Path, lrs: Lrs, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    command = ["export", "xapi", "--lrs", lrs.url, "--auth", "learner:secret", "--email", "ann@example.com",
               "--batch-size", "3"]
    assert main(command) == 1
    err = capsys.readouterr().err
    assert f"cannot reach the LRS at {lrs.url}statements" in err
    assert "8 statements not sent, kept for retry: run the same command again" in err
    store = open_store(history)
    assert len(store.xapi.awaiting_retry(f"{lrs.url}statements")) == 8
    store.close()

    lrs.start()
    assert main([*command[:5], "learner:wrong", *command[6:]]) == 1
    assert "refused the credentials (HTTP 401)" in capsys.readouterr().err
    assert main(command) == 0
    assert "sent 8 statements" in capsys.readouterr().err
    stored = lrs.statements()
    store = open_store(history)
    ours = build_statements(load_course(MINI), store, Learner("x", "ann@example.com"))
    store.close()
    assert sorted(s["id"] for s in stored) == sorted(s["id"] for s in ours)
    assert sorted(_verbs(stored))[:2] == [("answered", "cards/terms/churn"),
                                          ("answered", "cards/terms/renewal-rate:reverse")]
    failed = next(s for s in stored if s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/failed")
    assert failed["result"]["score"]["max"] == 1 and failed["result"]["duration"] == "PT240S"
    store = open_store(history)
    assert store.xapi.awaiting_retry(f"{lrs.url}statements") == {}
    store.reviews.record("terms/churn", 4, state="{}", due=START + timedelta(days=9),
                         reviewed_at=START + timedelta(days=1), duration_ms=2000)
    store.close()
    monkeypatch.setenv("COURSEWARE_LRS_AUTH", "learner:secret")
    assert main([*command[:4], *command[6:]]) == 0
    assert "sent 1 statements to" in capsys.readouterr().err
    assert len(lrs.statements()) == 9


def test_export_to_a_file_writes_json(history: Path, tmp_path: Path) -> None:
    output = tmp_path / "statements.json"
    assert main(["export", "xapi", "-o", str(output), "--name", "ann"]) == 0
    statements = json.loads(output.read_text(encoding="utf-8"))
    assert len(statements) == 8 and statements[0]["actor"]["account"]["name"] == "ann"
    assert main(["export", "xapi", "--lrs", "http://127.0.0.1:9/xAPI"]) == 2


def test_an_lrs_error_mid_way_keeps_the_accepted_batches_and_marks_the_rest(
        history: Path, lrs: Lrs, capsys: pytest.CaptureFixture[str]) -> None:
    """The LRS already holds a different statement with the id of our fourth: the second batch is refused."""
    store = open_store(history)
    ours = build_statements(load_course(MINI), store, Learner("ann", "ann@example.com"))
    store.close()
    lrs.start()
    clash = {**ours[3], "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}}}
    request = urllib.request.Request(f"{lrs.url}statements", data=json.dumps([clash]).encode(), method="POST",
                                     headers={"Authorization": "Basic " + base64.b64encode(b"learner:secret").decode(),
                                              "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    command = ["export", "xapi", "--lrs", lrs.url, "--auth", "learner:secret", "--email", "ann@example.com",
               "--batch-size", "3"]
    assert main(command) == 1
    err = capsys.readouterr().err
    assert "sent 3 statements" in err and "answered HTTP 409" in err
    assert "5 statements not sent, kept for retry" in err
    store = open_store(history)
    assert set(store.xapi.awaiting_retry(f"{lrs.url}statements")) == {s["id"] for s in ours[3:]}
    assert store.xapi.sent(f"{lrs.url}statements") == {s["id"] for s in ours[:3]}
    store.close()
    assert len(lrs.statements()) == 4
