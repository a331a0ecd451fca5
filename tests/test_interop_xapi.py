"""The learner's history as xAPI, posted to a real learning record store (ralph) started for the test."""

from __future__ import annotations

import base64
import json
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
from tests.lrs_server import Lrs, free_port

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def lrs(tmp_path: Path) -> Iterator[Lrs]:
    server = Lrs(tmp_path / "lrs", free_port())
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
        ("experienced", "modules/retention"), ("completed", "modules/retention"),
        ("attempted", "quizzes/retention-quiz"), ("answered", "questions/retention-quiz/renewal-rate"),
        ("answered", "questions/retention-quiz/tf"), ("completed", "quizzes/retention-quiz"),
        ("passed", "quizzes/retention-quiz"),
        ("attempted", "exams/mini-exam"), ("answered", "questions/retention-quiz/payback"),
        ("completed", "exams/mini-exam"), ("failed", "exams/mini-exam"),
        ("attempted", "quizzes/retention-quiz"),
        ("answered", "cards/terms/churn"), ("answered", "cards/terms/renewal-rate:reverse")])
    assert all("version" not in statement for statement in statements)
    by_object = {(s["verb"]["display"]["en-US"], s["object"]["id"].rsplit("/mini/", 1)[1]): s for s in statements}
    exam = by_object["failed", "exams/mini-exam"]
    assert exam["result"] == {"success": False, "completion": True, "duration": "PT240S",
                              "score": {"raw": 0, "min": 0.0, "max": 1, "scaled": 0.0}}
    assert exam["object"]["definition"]["name"] == {"en-US": "Mini exam"}
    assert by_object["attempted", "exams/mini-exam"]["context"]["registration"] == exam["context"]["registration"]
    first = by_object["answered", "questions/retention-quiz/renewal-rate"]
    assert first["result"]["duration"] == "PT40S" and first["result"]["success"] is True
    assert first["object"]["definition"]["interactionType"] == "choice"
    assert first["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction"
    assert first["context"]["contextActivities"]["parent"][0]["id"].endswith("/quizzes/retention-quiz")
    quiz_registration = by_object["passed", "quizzes/retention-quiz"]["context"]["registration"]
    assert first["context"]["registration"] == quiz_registration != exam["context"]["registration"]
    assert by_object["answered", "questions/retention-quiz/tf"]["result"]["duration"] == "PT15S"
    assert by_object["answered", "questions/retention-quiz/tf"]["result"]["response"] == "true"
    card = by_object["answered", "cards/terms/renewal-rate:reverse"]
    assert card["result"]["response"] == "again" and card["result"]["duration"] == "PT8S"
    fsrs_state = next(value for key, value in card["result"]["extensions"].items() if key.endswith("/fsrs-state"))
    assert fsrs_state["state"] == 1 and fsrs_state["stability"] > 0  # FSRS: learning, with a stability
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
    assert "14 statements not sent, kept for retry: run the same command again" in err
    store = open_store(history)
    assert len(store.xapi.awaiting_retry(f"{lrs.url}statements")) == 14
    store.close()

    lrs.start()
    assert main([*command[:5], "learner:wrong", *command[6:]]) == 1
    assert "refused the credentials (HTTP 401)" in capsys.readouterr().err
    assert main(command) == 0
    assert "sent 14 statements" in capsys.readouterr().err
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
    assert len(lrs.statements()) == 15


def test_export_to_a_file_writes_json(history: Path, tmp_path: Path) -> None:
    output = tmp_path / "statements.json"
    assert main(["export", "xapi", "-o", str(output), "--name", "ann"]) == 0
    statements = json.loads(output.read_text(encoding="utf-8"))
    assert len(statements) == 14 and statements[0]["actor"]["account"]["name"] == "ann"
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
    assert "11 statements not sent, kept for retry" in err
    store = open_store(history)
    assert set(store.xapi.awaiting_retry(f"{lrs.url}statements")) == {s["id"] for s in ours[3:]}
    assert store.xapi.sent(f"{lrs.url}statements") == {s["id"] for s in ours[:3]}
    store.close()
    assert len(lrs.statements()) == 4


def test_every_statement_validates_as_xapi_and_defines_its_interaction(tmp_path: Path) -> None:
    """A quiz of every question type, answered through the quiz session, becomes statements that ralph's own
    xAPI 1.0.3 models accept, each answer defining its interaction with components and correct responses."""
    models = pytest.importorskip("ralph.models.xapi.base.statements",
                                 reason="ralph-malph (test extra) brings the xAPI statement models")
    from courseware.core.assessment.presentation import parse_line
    from courseware.core.assessment.quiz_session import start_quiz
    from tests.quiz_helpers import FakeClock, right_line

    course = load_course(MINI)
    store = open_store(tmp_path / "data", fallback_to_memory=False)
    clock = FakeClock(START)
    session = start_quiz(store, course.quizzes["retention-quiz"], seed=7, clock=clock)
    for index, shown in enumerate(session.shown):
        clock.advance(seconds=20)
        session.answer(index, parse_line(shown, right_line(shown)))
    session.finish()
    store.reviews.record("terms/churn", 3, state="{}", due=START + timedelta(days=1),
                         reviewed_at=START + timedelta(hours=3), duration_ms=4200)
    store.modules.mark_read("retention")
    statements = build_statements(course, store, Learner("Ann", "ann@example.com"))
    store.close()
    for statement in statements:
        models.BaseXapiStatement.model_validate(statement)
    answered = {s["object"]["id"].rsplit("/questions/retention-quiz/", 1)[1]: s for s in statements
                if "/questions/" in s["object"]["id"]}
    definitions = {key: s["object"]["definition"] for key, s in answered.items()}
    responses = {key: s["result"]["response"] for key, s in answered.items()}
    assert {key: d["interactionType"] for key, d in definitions.items()} == {
        "renewal-rate": "choice", "tf": "true-false", "levers": "choice", "term": "fill-in",
        "payback": "numeric", "match": "matching", "order": "sequencing"}
    assert [choice["id"] for choice in definitions["levers"]["choices"]] == ["upsell", "cross-sell", "discounting"]
    assert definitions["levers"]["correctResponsesPattern"] == ["upsell[,]cross-sell"]
    assert sorted(responses["levers"].split("[,]")) == ["cross-sell", "upsell"]
    assert responses["tf"] == "true" and definitions["tf"]["correctResponsesPattern"] == ["true"]
    assert responses["payback"] == "18" and definitions["payback"]["correctResponsesPattern"] == ["18"]
    assert [step["id"] for step in definitions["order"]["steps"]] == ["sdr", "ae", "csm"]
    assert responses["order"] == "sdr[,]ae[,]csm" == definitions["order"]["correctResponsesPattern"][0]
    assert [source["id"] for source in definitions["match"]["source"]] == ["arr", "mrr", "atr"]
    assert sorted(responses["match"].split("[,]")) == sorted(
        definitions["match"]["correctResponsesPattern"][0].split("[,]"))
    assert "arr[.]annual-recurring-revenue" in responses["match"].split("[,]")
    assert all(s["result"]["score"]["scaled"] == 1.0 and s["result"]["success"] for s in answered.values())
    registrations = {s["context"]["registration"] for s in statements if "registration" in s.get("context", {})}
    assert len(registrations) == 1
    verbs = sorted(s["verb"]["display"]["en-US"] for s in statements if "/quizzes/" in s["object"]["id"])
    assert verbs == ["attempted", "completed", "passed"]


def test_a_shared_default_identity_is_refused_for_an_lrs_and_the_identity_is_shown(
        history: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "root")
    assert main(["export", "xapi", "--lrs", "http://127.0.0.1:9/xAPI/", "--auth", "a:b"]) == 2
    err = capsys.readouterr().err
    assert "not sending to an LRS as account 'root' on https://courseware.invalid/mini/" in err
    assert "learner_email" in err and "activity_base" in err
    output = tmp_path / "statements.json"
    assert main(["export", "xapi", "-o", str(output)]) == 0
    assert "learner: account 'root' on https://courseware.invalid/mini/" in capsys.readouterr().err

    config = tmp_path / "config"
    config.mkdir(exist_ok=True)
    monkeypatch.setenv("COURSEWARE_CONFIG", str(config))
    (config / "settings.toml").write_text('learner_name = "Ann"\nlearner_home_page = "https://lms.example.org/"\n',
                                          encoding="utf-8")
    assert main(["export", "xapi", "-o", str(output), "--force"]) == 0
    assert "learner: account 'Ann' on https://lms.example.org/" in capsys.readouterr().err
    statements = json.loads(output.read_text(encoding="utf-8"))
    assert statements[0]["actor"]["account"] == {"homePage": "https://lms.example.org/", "name": "Ann"}
    (config / "settings.toml").write_text('learner_email = "ann@example.org"\n', encoding="utf-8")
    assert main(["export", "xapi", "-o", str(output), "--force"]) == 0
    assert json.loads(output.read_text(encoding="utf-8"))[0]["actor"]["mbox"] == "mailto:ann@example.org"


def test_activity_ids_start_with_the_trainers_activity_base(tmp_path: Path) -> None:
    course = tmp_path / "course"
    import shutil

    shutil.copytree(MINI, course)
    (course / "course.yaml").write_text("id: mini\ntitle: Mini\nactivity_base: https://academy.example.com/lrs\n",
                                        encoding="utf-8")
    store = open_store(tmp_path / "data", fallback_to_memory=False)
    store.modules.mark_read("retention")
    statements = build_statements(load_course(course), store, Learner("Ann", "ann@example.com"))
    store.close()
    assert {s["object"]["id"] for s in statements} == {"https://academy.example.com/lrs/mini/modules/retention"}
    (course / "course.yaml").write_text("id: mini\ntitle: Mini\nactivity_base: not a url\n", encoding="utf-8")
    problems = [str(problem) for problem in load_course(course).problems]
    assert len(problems) == 1 and "course.yaml:3:" in problems[0] and "activity_base" in problems[0]
