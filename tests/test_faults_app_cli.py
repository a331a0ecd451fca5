"""A corrupt store, one from a newer version, an unwritable data directory and a full disk, met by the app
and by the command line: one clear message, the course still studied, nothing existing overwritten."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.store import Store, StoreError, open_store
from courseware.tui.screens.flashcards import FlashcardScreen
from courseware.tui.screens.home import HomeScreen
from courseware.tui.screens.quiz import QuizScreen
from courseware.tui.widgets.question import QuestionView
from tests.apphelpers import MINI, make_app, sync
from tests.quiz_helpers import keys_for, text_of, wait_for

ANSWERS = "a\ntrue\na,b\n"


def corrupt(data: Path) -> Path:
    data.mkdir(parents=True)
    store = data / "progress.sqlite3"
    store.write_bytes(b"not a database at all " * 50)
    return store


def newer(data: Path) -> Path:
    data.mkdir(parents=True)
    store = data / "progress.sqlite3"
    connection = sqlite3.connect(store)
    connection.execute("CREATE TABLE future (x)")
    connection.execute("PRAGMA user_version = 999")
    connection.commit()
    connection.close()
    return store


def unwritable(data: Path) -> Path:
    """A data directory that cannot be created: its parent is a regular file (chmod is no use as root)."""
    blocker = data.parent
    blocker.write_text("the learner's own file\n", encoding="utf-8")
    return blocker


BROKEN = {"corrupt": (corrupt, "could not be read"), "newer": (newer, "written by a newer courseware"),
          "unwritable": (unwritable, "Progress will not be saved")}


def data_for(tmp_path: Path, kind: str) -> tuple[Path, Path, bytes]:
    """The data directory, the existing file that must survive, and its bytes."""
    data = tmp_path / "a-file" / "data" if kind == "unwritable" else tmp_path / "data"
    existing = BROKEN[kind][0](data)
    return data, existing, existing.read_bytes()


def survived(data: Path, existing: Path, content: bytes) -> None:
    """The learner's existing file is still there byte for byte, either in place or moved aside."""
    if existing.name == "a-file":
        assert existing.read_bytes() == content
    else:
        (moved,) = [path for path in data.iterdir() if path.name.startswith("progress.sqlite3.")
                    and not path.name.endswith(("-wal", "-shm"))]
        assert moved.read_bytes() == content


@pytest.mark.parametrize("kind", sorted(BROKEN))
@sync
async def test_the_app_starts_with_a_message_and_a_working_home_screen(tmp_path: Path, kind: str) -> None:
    data, existing, content = data_for(tmp_path, kind)
    app = make_app(data)
    async with app.run_test(notifications=True) as pilot:
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert len(toasts) == 1 and BROKEN[kind][1] in toasts[0]
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f", "space", "3")
        assert isinstance(app.screen, FlashcardScreen) and app.screen.session.reviewed == 1
        assert len(app.store.reviews.history()) == 1
    app.store.close()
    survived(data, existing, content)


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_stats_and_line_mode_say_so_in_one_line_and_still_work(
        tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data, existing, content = data_for(tmp_path, kind)
    monkeypatch.setenv("COURSEWARE_DATA", str(data))
    assert main(["--course", str(MINI), "stats"]) == 0
    out, err = capsys.readouterr()
    assert "Flashcards: 0 reviews" in out
    assert err.count("\n") == 1 and err.startswith("courseware: ") and BROKEN[kind][1] in err
    survived(data, existing, content)

    monkeypatch.setattr(sys, "stdin", io.StringIO(ANSWERS))
    assert main(["--course", str(MINI), "quiz", "retention-quiz", "--plain", "--seed", "1", "--no-shuffle"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "score: 3/7 (42.9%) fail"
    if kind == "unwritable":  # still nowhere to save: said again, in one line
        assert err.count("\n") == 1 and BROKEN[kind][1] in err
    else:  # the first command already moved the broken store aside and started a new one
        assert err == ""
    survived(data, existing, content)


def filled(data: Path) -> Store:
    """A store whose disk is full: one answer kept, then no room for anything more."""
    store = open_store(data, fallback_to_memory=False)
    attempt = store.attempts.start("quiz", "filler")
    store.attempts.record_answer(attempt, "filler/kept", 1, correct=True, earned=1, possible=1)
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages}")
    for size in (2000, 200, 20, 1):  # big rows, then smaller ones for the space left in each page
        with pytest.raises(StoreError, match="full"):
            for number in range(10_000):
                store.attempts.record_answer(attempt, f"filler/{size}/{number}", "x" * size, correct=True,
                                             earned=1, possible=1)
        with pytest.raises(StoreError, match="full"):
            for number in range(10_000):
                store.reviews.record(f"filler/{size}/{number}", 3, state="x" * size, due=None, mode="schedule")
    return store


def kept(data: Path) -> None:
    store = open_store(data, fallback_to_memory=False)
    assert "filler/kept" in {answer.question_key for answer in store.attempts.answers()}
    store.close()


@sync
async def test_the_app_on_a_full_disk_says_a_rating_was_not_saved_and_keeps_the_card(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.close()
    app.store = filled(tmp_path)
    async with app.run_test(notifications=True) as pilot:
        await pilot.press("f", "space", "3")
        await wait_for(pilot, lambda: bool(app.screen.query("Toast")))
        toasts = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert any("full" in toast and "This was not saved." in toast for toast in toasts), toasts
        assert isinstance(app.screen, FlashcardScreen) and app.screen.session.reviewed == 0
    app.store.close()
    kept(tmp_path)


def test_line_mode_on_a_full_disk_stops_with_one_clear_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("courseware.cli.sessions.open_store", lambda *_, **__: filled(tmp_path))
    monkeypatch.setattr(sys, "stdin", io.StringIO(ANSWERS))
    code = main(["--course", str(MINI), "quiz", "retention-quiz", "--plain", "--seed", "1", "--no-shuffle"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("courseware: error: your answer to question 1 (retention-quiz/") and "was not saved" in err
    assert "database or disk is full" in err and "run the same command again to resume" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    kept(tmp_path)


@sync
async def test_the_app_on_a_full_disk_names_the_quiz_answer_not_saved_and_keeps_the_question_open(
        tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.store.close()
    app.store = filled(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = QuizScreen("retention-quiz", shuffle=False)
        await app.push_screen(screen)
        # The question takes keys once one of its widgets has the focus.
        await wait_for(pilot, lambda: screen.session is not None and bool(screen.query(QuestionView))
                       and app.focused is not None and screen.query_one(QuestionView) in app.focused.ancestors)
        assert screen.session is not None
        await pilot.press(*keys_for(screen.session.shown[0], right=True))
        await wait_for(pilot, lambda: "was not saved" in text_of(pilot, ".question-problem"))
        problem = text_of(pilot, ".question-problem")
        assert problem.startswith("Your answer to question 1 was not saved: cannot save progress: database or disk")
        assert app.screen is screen and screen.session.answers == {} and not screen.query("#feedback")
    app.store.close()
    kept(tmp_path)


def test_two_line_mode_quizzes_answering_into_one_store_at_once_lose_nothing(tmp_path: Path) -> None:
    right = "a\ntrue\na,b\nannual recurring revenue\n18 months\nc,a,b\nb,c,a\n"
    command = [sys.executable, "-m", "courseware", "--course", str(MINI), "quiz", "retention-quiz", "--plain",
               "--seed", "1", "--no-shuffle"]
    env = {**os.environ, "COURSEWARE_DATA": str(tmp_path)}
    processes = [subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=env) for _ in range(2)]
    outputs = [process.communicate(right, timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    assert [out.splitlines()[-1] for out, _ in outputs] == ["score: 7/7 (100%) pass"] * 2
    assert [err for _, err in outputs] == ["", ""]
    store = open_store(tmp_path, fallback_to_memory=False)
    attempts = store.attempts.list("quiz", "retention-quiz")
    assert len(attempts) == 2 and all(attempt.earned == 7 for attempt in attempts)
    assert [len(store.attempts.answers(attempt.id)) for attempt in attempts] == [7, 7]
    store.close()
