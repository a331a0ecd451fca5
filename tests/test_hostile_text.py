"""Hostile course text (Rich markup, links, ANSI escapes, bells) is shown literally on every screen and in
line mode: the learner sees ``[bold red]`` as written, and escape characters made visible (``^[``) so the
terminal never obeys them."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.tui.screens.exam import ExamScreen
from courseware.tui.screens.quiz import QuizScreen
from courseware.tui.screens.reader import ReaderScreen
from tests.apphelpers import FakeClock, make_app, screen_text, sync
from tests.quiz_helpers import keys_for

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
LINK = "[link=https://evil.example]"


async def shows(pilot, *literals: str) -> str:  # type: ignore[no-untyped-def]
    """The screen text once every literal is on it (a busy machine may take a few frames); no escape
    character ever reaches it."""
    for _ in range(100):
        text = screen_text(pilot.app)
        if all(literal in text for literal in literals):
            break
        await pilot.pause(0.05)
    for literal in literals:
        assert literal in text, f"{literal!r} is not on the screen:\n{text}"
    assert "\x1b" not in text and "\x07" not in text
    return text


def toasts(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of the notifications on screen, as rendered."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]


@sync
async def test_home_reader_glossary_cards_and_stats_show_course_text_literally(tmp_path: Path) -> None:
    app = make_app(tmp_path, course=HOSTILE)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await shows(pilot, "[bold red]Hostile course", "1. [bold red]Hostile^[[2J module", "[bold red]Hostile exam",
                    "Next: Start module 1: [bold red]Hostile^[[2J module")
        app.action_read("hostile")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ReaderScreen)
        await shows(pilot, "1. [bold red]Hostile^[[2J module", f"{LINK}Heading[/link]",
                    "Body [bold red]text^[[31m with a bell^G",
              "Take the quiz: [bold red]Hostile quiz")
        app.screen.follow("module:[bold red]nowhere")
        await pilot.pause(0.3)
        assert "No module '[bold red]nowhere' in this course" in toasts(app)
        app.screen.follow("glossary:bold")
        await pilot.pause(0.3)
        await shows(pilot, "[bold red]Front^[[31m", f"{LINK}Back^[[2J[/link]")
        await pilot.press("escape", "q")
        app.action_drill()
        await pilot.pause()
        await shows(pilot, "[bold red]Front^[[31m")
        await pilot.press("space")
        await shows(pilot, "[bold red]Front^[[31m", f"{LINK}Back^[[2J[/link]")
        await pilot.press("3", "q")
        app.action_open_stats()
        await pilot.pause(0.3)
        app.screen.query_one("#report").scroll_visible(animate=False, immediate=True)  # below the charts
        await shows(pilot, "1. [bold red]Hostile^[[2J module", "Flashcards: 1 review")


@sync
async def test_quiz_questions_feedback_results_and_review_show_course_text_literally(tmp_path: Path) -> None:
    app = make_app(tmp_path, course=HOSTILE)
    async with app.run_test(size=(110, 50)) as pilot:
        screen = QuizScreen("hostile-quiz", seed=1, shuffle=False)
        await app.push_screen(screen)
        await pilot.pause()
        assert screen.session is not None
        expected = {"pick": ["[bold red]Pick^[[31m one[/bold red]^G", "a) [bold red]Right^[[2J",
                             f"b) {LINK}Wrong[/link]"],
                    "pair": ["[bold red]Match", "[bold red]Left", f"{LINK}Right side", "[blink]Partner"],
                    "line-up": ["[bold red]Order", "[bold red]First", "[reverse]Second"]}
        feedback = {"pick": ["[bold red]Nope^[[0m", "Correct answer: [bold red]Right", "[bold red]Because"],
                    "pair": ["[italic]Paired"], "line-up": ["Correct answer: [bold red]First"]}
        for shown in screen.session.shown:
            await shows(pilot, "[bold red]Hostile quiz", *expected[shown.question.id])
            await pilot.press(*keys_for(shown, right=False))
            await pilot.pause()
            await shows(pilot, *feedback[shown.question.id])
            await pilot.press("enter")
            await pilot.pause()
        await shows(pilot, "[bold red]Hostile quiz: 0/3 (0%) - FAIL")
        await pilot.click("#review")
        await pilot.pause()
        await shows(pilot, "[wrong] [bold red]Pick", "Explanation: [bold red]Because")


@sync
async def test_the_exam_and_its_review_show_course_text_literally(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(tmp_path, course=HOSTILE, clock=clock)
    async with app.run_test(size=(110, 60)) as pilot:
        screen = ExamScreen("hostile-exam", seed=1)
        await app.push_screen(screen)
        await pilot.pause()
        await shows(pilot, "[bold red]Hostile exam")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session is not None
        await shows(pilot, "[bold red]")
        clock.advance(minutes=6)
        await shows(pilot, "[bold red]Hostile exam: 0/3", "[not answered] [bold red]Pick", "[bold red]Order",
              "Explanation: [bold red]Because")


def test_line_mode_prints_course_text_literally_with_escapes_made_visible(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("b\nb,a\na,b\n"))
    main(["--course", str(HOSTILE), "quiz", "hostile-quiz", "--plain", "--seed", "1", "--no-shuffle"])
    out = capsys.readouterr().out
    for literal in ("[bold red]Hostile quiz: 3 questions", "[bold red]Pick^[[31m one[/bold red]^G",
                    f"b) {LINK}Wrong[/link]", "[bold red]Nope^[[0m", "Explanation: [bold red]Because^[]8;;",
                    "1. [bold red]Left^[[1m", f"{LINK}Right side", "[bold red]First^[[7m", "[reverse]Second"):
        assert literal in out
    assert "\x1b" not in out and "\x07" not in out
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    main(["--course", str(HOSTILE), "exam", "hostile-exam", "--plain", "--seed", "1"])
    out = capsys.readouterr().out
    assert "[bold red]Hostile exam" in out and "[bold red]Pick^[[31m one" in out and "\x1b" not in out


def test_statistics_validation_and_errors_print_escapes_visibly(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--course", str(HOSTILE), "stats"]) == 0
    out = capsys.readouterr().out
    assert "1. [bold red]Hostile^[[2J module" in out and "\x1b" not in out
    draft = tmp_path / "quizzes" / "draft.yaml"
    draft.parent.mkdir()
    draft.write_text('kind: quiz\nid: draft\ntitle: t\n"\\e[31mkey": 1\nquestions:\n'
                     '  - {id: q, type: "\\e[5mweird", prompt: p}\n', encoding="utf-8")
    assert main(["--course", str(tmp_path), "validate"]) == 1
    err = capsys.readouterr().err
    assert f"{draft}:4:1: error: unknown key '^[[31mkey'" in err and "'^[[5mweird'" in err
    assert main(["--course", str(tmp_path), "quiz", str(draft), "--plain"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"courseware: error: {draft}:6:19: error: unknown question type '^[[5mweird'")
    assert "\x1b" not in err
