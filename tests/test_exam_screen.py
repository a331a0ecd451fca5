"""Pilot tests of the exam screen: the clock running out (a fake clock, no sleeping), moving, changing
answers, flags and the overview, no feedback before submission, the review, the certificate, resuming."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import OptionList

from courseware.core.assessment import certificate
from courseware.tui.screens.exam import ExamScreen
from tests.quiz_helpers import FakeClock, app_for, keys_for, run_async, text_of, wait_for


async def start(pilot: Pilot[None], seed: int = 3) -> ExamScreen:
    screen = ExamScreen("mini-exam", seed=seed)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    assert "6 questions drawn at random, 5 minutes, pass mark 80%" in text_of(pilot, "#exam-intro")
    await pilot.press("enter")
    await pilot.pause()
    assert screen.session is not None
    return screen


@run_async
async def test_the_exam_submits_itself_when_the_clock_runs_out(tmp_path: Path) -> None:
    clock = FakeClock()
    app = app_for(tmp_path, clock)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await start(pilot)
        assert screen.session is not None
        assert text_of(pilot, "#exam-status") == "Time left 5:00 - question 1 of 6 - 0 answered - seed 3"
        await pilot.press(*keys_for(screen.session.shown[0], right=True))
        await pilot.pause()
        clock.advance(minutes=4, seconds=30)
        await wait_for(pilot, lambda: text_of(pilot, "#exam-status").startswith("Time left 0:30"))
        assert text_of(pilot, "#exam-status").startswith("Time left 0:30 - question 2 of 6 - 1 answered")
        assert "urgent" in pilot.app.screen.query_one("#exam-status").classes
        clock.advance(seconds=31)
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#result-score")))
        assert screen.session.submitted
        assert text_of(pilot, "#result-score") == "Mini exam: 1/6 (17%) - FAIL (pass mark 80%)"
        attempt = app.store.attempts.get(screen.session.attempt_id)
        assert attempt is not None and attempt.submitted_at == attempt.deadline and attempt.earned == 1


@run_async
async def test_moving_changing_flagging_and_submitting_with_no_feedback_before(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await start(pilot)
        session = screen.session
        assert session is not None
        await pilot.press(*keys_for(session.shown[0], right=True))
        await pilot.pause()
        assert screen.index == 1 and not pilot.app.screen.query("#feedback")
        await pilot.press("pageup")
        await pilot.pause()
        assert screen.index == 0
        await pilot.press(*keys_for(session.shown[0], right=False))
        await pilot.pause()
        (stored,) = app.store.attempts.answers(session.attempt_id)
        assert not stored.correct, "the changed answer supersedes the first"
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert text_of(pilot, "#exam-status").endswith("1 answered - flagged - seed 3")
        assert app.store.attempts.flags(session.attempt_id) == {session.shown[1].key}
        await pilot.press("ctrl+o")
        await pilot.pause()
        overview = pilot.app.screen.query_one("#overview-list", OptionList)
        lines = [str(overview.get_option_at_index(i).prompt) for i in range(overview.option_count)]
        assert lines[0].startswith(" 1. [answered]") and lines[1].startswith(" 2. [blank, flagged]")
        assert all("[blank]" in line for line in lines[2:])
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert screen.index == 3
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(pilot, ".dialog-message") == "Submit now? 5 questions unanswered."
        await pilot.press("enter")
        await pilot.pause()
        assert session.submitted
        assert text_of(pilot, "#result-score") == "Mini exam: 0/6 (0%) - FAIL (pass mark 80%)"
        review = text_of(pilot, "#result-review")
        assert review.count("[wrong]") == 1 and review.count("[not answered]") == 5
        assert review.count("Correct answer:") == 6
        assert "Explanation: Yes." in review
        assert text_of(pilot, "#exam-history") == "Your attempts:\n#1 2026-03-01 09:00  seed 3  0/6 (0%) fail"
        assert not pilot.app.screen.query("#certificate")


@run_async
async def test_a_pass_offers_a_certificate_that_verifies(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await start(pilot, seed=8)
        session = screen.session
        assert session is not None
        for shown in session.shown:
            await pilot.press(*keys_for(shown, right=True))
            await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert text_of(pilot, ".dialog-message") == "Submit now?"
        await pilot.press("enter")
        await pilot.pause()
        assert text_of(pilot, "#result-score") == "Mini exam: 6/6 (100%) - PASS (pass mark 80%)"
        await pilot.click("#certificate")
        await pilot.pause()
    written = sorted((tmp_path / "certificates").iterdir())
    assert [path.suffix for path in written] == [".html", ".md"]
    for path in written:
        issued = certificate.verify(path)
        assert (issued.exam, issued.score, issued.seed) == ("Mini exam", "6/6 (100%)", "8")


@run_async
async def test_a_quit_exam_resumes_with_its_clock_still_running(tmp_path: Path) -> None:
    clock = FakeClock()
    app = app_for(tmp_path, clock)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await start(pilot)
        session = screen.session
        assert session is not None
        for shown in session.shown[:2]:
            await pilot.press(*keys_for(shown, right=True))
            await pilot.pause()
        keys = [shown.key for shown in session.shown]
    app.store.close()

    clock.advance(minutes=1)
    again = app_for(tmp_path, clock)
    async with again.run_test(size=(100, 50)) as pilot:
        screen = ExamScreen("mini-exam")
        await pilot.app.push_screen(screen)
        await pilot.pause()
        assert "2 of 6 answered, about 4 min left" in text_of(pilot, ".dialog-message")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session is not None and [shown.key for shown in screen.session.shown] == keys
        assert text_of(pilot, "#exam-status") == "Time left 4:00 - question 3 of 6 - 2 answered - seed 3"
    again.store.close()

    clock.advance(minutes=10)
    late = app_for(tmp_path, clock)
    async with late.run_test(size=(100, 50)) as pilot:
        await pilot.app.push_screen(ExamScreen("mini-exam"))
        await pilot.pause()
        assert text_of(pilot, "#result-score") == "Mini exam: 2/6 (33%) - FAIL (pass mark 80%)"
        (attempt,) = late.store.attempts.list("exam", "mini-exam")
        assert attempt.submitted_at == attempt.deadline
