"""The trainer's cohort report: item analysis from xAPI statements, ours or anyone's, from files or an LRS.

The cohort test simulates 300 learners of known ability answering a quiz whose items have known difficulty
and discrimination (a two-parameter logistic model), one of them miskeyed, through the app's own recording
path; their histories go to a real ralph LRS with ``courseware export xapi`` and come back through
``courseware report --lrs``.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from courseware.cli import main
from courseware.core.assessment.quiz_session import start_quiz
from courseware.core.course.loader import load_course
from courseware.core.interop.report import CohortAnalysis, correlation
from courseware.core.model import SingleChoice
from courseware.core.store import open_store
from tests.lrs_server import Lrs, free_port

COHORT = Path(__file__).resolve().parent / "fixtures" / "cohort"
START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
MISKEYED = "cohort-quiz/item-12"
SIMPLE = "http://adlnet.gov/expapi/activities/cmi.interaction"


def ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda index: values[index])
    result = [0.0] * len(values)
    for rank, index in enumerate(order):
        result[index] = float(rank)
    return result


def spearman(xs: list[float], ys: list[float]) -> float:
    found = correlation(ranks(xs), ranks(ys))
    assert found is not None
    return found


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def simulate_cohort(root: Path, learners: int, rng: random.Random) -> dict[str, float]:
    """Each learner answers every item in their own store; returns each item's true discrimination."""
    course = load_course(COHORT)
    assert not course.problems
    quiz = course.quizzes["cohort-quiz"]
    keys = [f"cohort-quiz/{question.id}" for question in quiz.questions]
    slopes = [0.2 + 2.4 * position / (len(keys) - 2) for position in range(len(keys) - 1)]
    rng.shuffle(slopes)
    truth = dict(zip(keys[:-1], slopes, strict=True))
    difficulty = {key: rng.uniform(-1.0, 1.0) for key in keys}
    for number in range(learners):
        ability = rng.gauss(0.0, 1.0)
        store = open_store(root / f"learner-{number:03d}", fallback_to_memory=False)
        clock = Clock(START + timedelta(minutes=number))
        session = start_quiz(store, quiz, seed=number, clock=clock)
        for index, shown in enumerate(session.shown):
            question = shown.question
            assert isinstance(question, SingleChoice)
            slope = truth.get(shown.key, 1.8)
            knows = rng.random() < 1 / (1 + math.exp(-1.7 * slope * (ability - difficulty[shown.key])))
            # The miskeyed item's real answer is its second choice, which the file marks wrong.
            best = 1 if shown.key == MISKEYED else 0
            choice = best if knows else rng.choice([other for other in range(4) if other != best])
            clock.now += timedelta(seconds=rng.randint(10, 60))
            session.answer(index, choice)
        clock.now += timedelta(seconds=5)
        session.finish()
        store.close()
    return truth


@pytest.fixture
def ralph(tmp_path: Path) -> Iterator[Lrs]:
    server = Lrs(tmp_path / "lrs", free_port())
    try:
        yield server
    finally:
        server.stop()


def test_a_simulated_cohort_through_a_real_lrs_ranks_items_and_finds_the_miskey(
        tmp_path: Path, ralph: Lrs, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    truth = simulate_cohort(tmp_path / "stores", 300, random.Random(20260504))
    ralph.start()
    monkeypatch.setenv("COURSEWARE_COURSE", str(COHORT))
    for number in range(300):
        monkeypatch.setenv("COURSEWARE_DATA", str(tmp_path / "stores" / f"learner-{number:03d}"))
        assert main(["export", "xapi", "--lrs", ralph.url, "--auth", "learner:secret",
                     "--email", f"learner{number}@example.com", "--batch-size", "100"]) == 0
    capsys.readouterr()

    assert main(["report", "--lrs", ralph.url, "--auth", "learner:secret", "--json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert "read 4500 statements" in err  # 300 × (attempted, 12 answers, completed, passed or failed)
    (quiz,) = report["quizzes"]
    assert quiz["id"] == "https://training.example.org/xapi/cohort/quizzes/cohort-quiz"
    assert quiz["learners"] == 300 and quiz["attempts"] == 300
    items = {item["id"].rsplit("/questions/", 1)[1]: item for item in quiz["items"]}
    assert len(items) == 12 and all(item["responses"] == 300 for item in items.values())
    estimated = [items[key]["discrimination"] for key in truth]
    assert spearman(estimated, list(truth.values())) >= 0.7
    miskeyed = items[MISKEYED]
    assert {"negative-discrimination", "distractor-attracts-top"} & set(miskeyed["flags"]), miskeyed
    assert not {"negative-discrimination", "distractor-attracts-top"} & {
        flag for key in truth for flag in items[key]["flags"]}
    assert quiz["alpha"] is not None and 0.3 < quiz["alpha"] < 1
    learners = report["learners"]
    assert len(learners) == 300 and set(learners[0]["topics"]) == {"retention", "revenue"}


def _answer(actor: dict[str, Any], item: str, *, success: bool | None = None, scaled: float | None = None,
            response: str = "", registration: str | None = None, when: int = 0,
            quiz: str = "https://other.example/quiz/1") -> dict[str, Any]:
    result: dict[str, Any] = {"response": response}
    if success is not None:
        result["success"] = success
    if scaled is not None:
        result["score"] = {"scaled": scaled}
    context: dict[str, Any] = {"contextActivities": {"parent": [{"id": quiz}]}}
    if registration:
        context["registration"] = registration
    return {"actor": actor, "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
            "object": {"id": f"https://other.example/item/{item}",
                       "definition": {"type": SIMPLE, "interactionType": "choice",
                                      "choices": [{"id": "x"}, {"id": "y"}, {"id": "z"}],
                                      "correctResponsesPattern": ["x"]}},
            "result": result, "context": context,
            "timestamp": (START + timedelta(seconds=when)).isoformat().replace("+00:00", "Z")}


def test_statements_from_another_tool_are_analysed_by_the_conventions_alone() -> None:
    """Identified by mbox_sha1sum, openid and account; scored by success or by score.scaled; no
    registration (one attempt per learner and quiz); the last answer of an item in an attempt counts."""
    actors: list[dict[str, Any]] = [{"mbox_sha1sum": "a" * 40}, {"openid": "https://id.example/b"},
              {"account": {"homePage": "https://lms.example", "name": "c"}}, {"mbox": "mailto:d@example.com"}]
    scores = [[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
    analysis = CohortAnalysis()
    for actor, row in zip(actors, scores, strict=True):
        for number, score in enumerate(row):
            # A first, wrong answer to every item, superseded by the real one a minute later.
            analysis.add(_answer(actor, f"q{number}", success=False, response="z", when=0))
            analysis.add(_answer(actor, f"q{number}", scaled=float(score), response="x" if score else "y", when=60))
    analysis.add({"actor": actors[0], "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
                  "object": {"id": "https://other.example/page"}})
    report = analysis.report()
    assert report.statements == 25 and report.skipped == 1
    (quiz,) = report.quizzes
    assert (quiz.learners, quiz.attempts) == (4, 4)
    assert [item.facility for item in quiz.items] == [0.75, 0.5, 0.25]
    assert [item.responses for item in quiz.items] == [4, 4, 4]
    # Cronbach's alpha of this Guttman pattern, worked by hand: k = 3, item variances 1/4, 1/3, 1/4 (n - 1),
    # total scores 3, 2, 1, 0 with variance 5/3: 3/2 × (1 − (5/6) / (5/3)) = 0.75.
    assert quiz.alpha == 0.75
    assert all(item.discrimination is not None and item.discrimination > 0.5 for item in quiz.items)
    first = quiz.items[0]
    assert {choice.id: choice.count for choice in first.choices} == {"x": 3, "y": 1, "z": 0}
    assert "unused-distractor" in first.flags
    assert {learner.id: learner.best for learner in report.learners} == {
        "sha1:" + "a" * 40: 1.0, "https://id.example/b": 0.6667, "account:https://lms.example|c": 0.3333,
        "mailto:d@example.com": 0.0}


def test_a_distractor_the_strong_choose_is_flagged_and_hard_and_easy_items_too() -> None:
    analysis = CohortAnalysis()
    for number in range(20):
        actor = {"mbox": f"mailto:l{number}@example.com"}
        strong = number >= 10
        analysis.add(_answer(actor, "anchor-1", success=strong, response="x" if strong else "y"))
        analysis.add(_answer(actor, "anchor-2", success=strong, response="x" if strong else "z"))
        analysis.add(_answer(actor, "miskeyed", success=not strong, response="y" if strong else "x"))
        analysis.add(_answer(actor, "easy", success=True, response="x"))
        analysis.add(_answer(actor, "hard", success=number == 19, response="x" if number == 19 else "y"))
    (quiz,) = analysis.report().quizzes
    flags = {item.id.rsplit("/", 1)[1]: item.flags for item in quiz.items}
    assert "negative-discrimination" in flags["miskeyed"] and "distractor-attracts-top" in flags["miskeyed"]
    assert "too-easy" in flags["easy"] and "too-hard" in flags["hard"]
    assert "negative-discrimination" not in flags["anchor-1"]


def test_report_reads_several_files_as_json_array_and_json_lines_and_writes_html(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    actors = [{"mbox": f"mailto:l{number}@example.com", "name": f"Learner {number}"} for number in range(6)]
    statements = [_answer(actor, f"q{item}", success=(number + item) % 3 != 0, response="x",
                          registration=f"00000000-0000-4000-8000-00000000000{number}")
                  for number, actor in enumerate(actors) for item in range(4)]
    array = tmp_path / "a.json"
    array.write_text(json.dumps(statements[:12]), encoding="utf-8")
    lines = tmp_path / "b.jsonl"
    lines.write_text("\n".join(json.dumps(statement) for statement in statements[12:]) + "\n", encoding="utf-8")
    assert main(["report", "--from", str(array), "--from", str(lines), "--json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert "read 24 statements" in err
    (quiz,) = report["quizzes"]
    assert set(quiz) >= {"id", "learners", "attempts", "mean", "sd", "alpha", "items"}
    assert quiz["learners"] == 6 and quiz["attempts"] == 6
    assert set(quiz["items"][0]) >= {"id", "facility", "discrimination", "responses", "flags"}
    assert len(report["learners"]) == 6

    assert main(["report", "--from", str(array), "--from", str(lines)]) == 0
    table = capsys.readouterr().out
    assert "6 learners, 6 attempts" in table and "Learner 3" in table

    page = tmp_path / "report.html"
    assert main(["report", "--from", str(array), "--html", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "<script" not in html and "http" not in html.split("<body>")[0]


def test_bad_statement_files_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('[{"actor": {}},\n {"verb": ', encoding="utf-8")
    assert main(["report", "--from", str(broken)]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].startswith(f"courseware: error: {broken}:2:")
    assert main(["report", "--from", str(tmp_path / "missing.json")]) == 2
    assert main(["report", "--lrs", "http://127.0.0.1:9/xAPI/"]) == 2
    assert "--auth" in capsys.readouterr().err


def test_an_attempts_own_score_counts_the_questions_left_blank() -> None:
    """Two learners answer two of four items right and leave the rest blank, which no answer statement shows;
    their failed statements (score 0.5) are the attempts' scores, not the 100% of the items they answered."""
    analysis = CohortAnalysis()
    for number in range(2):
        actor = {"mbox": f"mailto:blank{number}@example.com"}
        registration = f"00000000-0000-4000-8000-0000000000a{number}"
        for item in ("q1", "q2"):
            analysis.add(_answer(actor, item, success=True, response="x", registration=registration))
        analysis.add({"actor": actor, "verb": {"id": "http://adlnet.gov/expapi/verbs/failed"},
                      "object": {"id": "https://other.example/quiz/1"},
                      "result": {"success": False, "score": {"scaled": 0.5}},
                      "context": {"registration": registration}})
    report = analysis.report()
    (quiz,) = report.quizzes
    assert quiz.mean == 0.5 and [item.facility for item in quiz.items] == [1.0, 1.0]
    assert [learner.best for learner in report.learners] == [0.5, 0.5]
