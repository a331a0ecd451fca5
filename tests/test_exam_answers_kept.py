"""Pilot tests: an exam keeps answers exactly as the screen shows them, and stays closed book while it runs.

A choice is stored the moment it is made, typed text when the learner moves or the time runs out, and a
bare enter on an unanswered question stores nothing; each is checked against what the store holds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Static

from courseware.core.assessment.exams import start_exam
from courseware.core.assessment.presentation import parse_line, plain_text
from courseware.core.assessment.results import cards_for_topics
from courseware.core.course.loader import load_course
from courseware.core.model import Numeric, SingleChoice, TrueFalse
from courseware.tui.app import create_app
from courseware.tui.screens.exam import ExamScreen
from courseware.tui.screens.reader import ReaderScreen
from courseware.tui.screens.stats import StatsScreen
from courseware.tui.widgets.question import QuestionView
from tests.conftest import ROOT
from tests.quiz_helpers import MINI, FakeClock, app_for, run_async, text_of, typed, wait_for, wrong_line


async def start(pilot: Pilot[None], seed: int = 3, *, book: str = "Closed book") -> ExamScreen:
    screen = ExamScreen("mini-exam", seed=seed)
    await pilot.app.push_screen(screen)
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#start")))
    assert book in text_of(pilot, "#exam-intro")
    await pilot.press("enter")
    await wait_for(pilot, lambda: screen.session is not None and bool(pilot.app.screen.query("#question")))
    return screen


async def go_to(pilot: Pilot[None], screen: ExamScreen, index: int) -> None:
    while screen.index != index:
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: pilot.app.screen.query_one("#question", QuestionView).number == screen.index + 1)


def stored(screen: ExamScreen) -> dict[str, object]:
    assert screen.session is not None
    return {answer.question_key: answer.response
            for answer in screen.session.store.attempts.answers(screen.session.attempt_id)}


@run_async
async def test_a_choice_made_without_enter_survives_moving_away_and_back(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await start(pilot)
        assert screen.session is not None
        index = next(i for i, shown in enumerate(screen.session.shown) if isinstance(shown.question, SingleChoice))
        shown = screen.session.shown[index]
        await go_to(pilot, screen, index)
        await pilot.press("b")
        await wait_for(pilot, lambda: "1 answered" in text_of(pilot, "#exam-status"))
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: screen.index != index)
        await pilot.press("pageup")
        await wait_for(pilot, lambda: screen.index == index)
        assert "(•) b)" in str(pilot.app.screen.query_one("ChoiceInput").render())
        assert stored(screen) == {shown.key: shown.order[1]}


@run_async
async def test_a_typed_number_on_screen_at_time_out_is_what_is_scored(tmp_path: Path) -> None:
    clock = FakeClock()
    app = app_for(tmp_path, clock)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await start(pilot)
        session = screen.session
        assert session is not None
        index = next(i for i, shown in enumerate(session.shown) if isinstance(shown.question, Numeric))
        shown = session.shown[index]
        await go_to(pilot, screen, index)
        await pilot.press(*typed("1.5 years"))
        clock.advance(minutes=6)
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#result-score")))
        assert stored(screen) == {shown.key: "1.5 years"}
        (answer,) = session.store.attempts.answers(session.attempt_id)
        assert answer.correct and answer.answered_at == session.deadline, "18 months, kept at the deadline"
        assert text_of(pilot, "#result-score").startswith("Mini exam: 1/6 (16.7%) - FAIL")


@run_async
async def test_typed_text_is_kept_on_moving_and_unreadable_text_keeps_the_learner_there(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await start(pilot)
        session = screen.session
        assert session is not None
        index = next(i for i, shown in enumerate(session.shown) if isinstance(shown.question, Numeric))
        await go_to(pilot, screen, index)
        await pilot.press(*typed("18 dollars"), "pagedown")
        await wait_for(pilot, lambda: "is not in months" in text_of(pilot, ".question-problem"))
        assert screen.index == index and stored(screen) == {}
        await pilot.press(*["backspace"] * len(" dollars"), "pagedown")
        await wait_for(pilot, lambda: screen.index != index)
        assert stored(screen) == {session.shown[index].key: "18"}


@run_async
async def test_enter_on_an_unanswered_question_stores_nothing(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await start(pilot)
        session = screen.session
        assert session is not None
        for kind, problem in ((SingleChoice, "choose one first"), (TrueFalse, "choose true or false first")):
            index = next(i for i, shown in enumerate(session.shown) if isinstance(shown.question, kind))
            await go_to(pilot, screen, index)
            await pilot.press("enter")
            expected: str = problem
            await wait_for(pilot, lambda: text_of(pilot, ".question-problem") == expected)  # noqa: B023
            assert screen.index == index and stored(screen) == {}
            assert "(•)" not in str(pilot.app.screen.query_one("ChoiceInput").render())
        assert "0 answered" in text_of(pilot, "#exam-status")


@run_async
async def test_a_closed_book_exam_keeps_the_course_shut_until_it_is_submitted(tmp_path: Path) -> None:
    clock = FakeClock()
    app = app_for(tmp_path, clock)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await start(pilot)
        await app.run_action("read('retention')")
        await app.run_action("start_quiz('retention-quiz')")
        await pilot.pause()
        assert pilot.app.screen is screen, "neither the reader nor a quiz opened"
        assert any("closed book" in str(n.message) for n in app._notifications)
        clock.advance(minutes=6)
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#result-score")))
        await app.run_action("read('retention')")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen)
                       and bool(pilot.app.screen.query("#document")))
        await pilot.pause()


@run_async
async def test_an_open_book_exam_leaves_the_reader_open(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(MINI, course)
    exam_file = course / "quizzes" / "exam.yaml"
    exam_file.write_text(exam_file.read_text(encoding="utf-8") + "open_book: true\n", encoding="utf-8")
    app = create_app(course_root=course, data_root=tmp_path / "data", clock=FakeClock())
    async with app.run_test(size=(100, 50)) as pilot:
        await start(pilot, book="Open book")
        await app.run_action("read('retention')")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen)
                       and bool(pilot.app.screen.query("#document")))
        await pilot.pause()


@run_async
async def test_the_statistics_screen_reviews_a_past_attempt(tmp_path: Path) -> None:
    clock = FakeClock()
    app = app_for(tmp_path, clock)
    async with app.run_test(size=(100, 50)) as pilot:
        session = start_exam(app.store, app.course, app.course.exams["mini-exam"], seed=4, clock=clock)
        session.answer(0, parse_line(session.shown[0], wrong_line(session.shown[0])))
        session.finish()
        await pilot.app.push_screen(StatsScreen())
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#past-attempts")))
        pilot.app.screen.query_one("#past-attempts").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#result-review")))
        review = text_of(pilot, "#result-review")
        assert review.startswith(f"1. [wrong] {plain_text(session.shown[0].prompt)}")
        assert review.count("Correct answer:") == 6 and review.count("[not answered]") == 5
        attempt = app.store.attempts.get(session.attempt_id)
        assert attempt is not None and attempt.review_seen


@run_async
async def test_a_quiz_shows_its_description_first_and_prompts_as_markdown(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(MINI, course)
    (course / "quizzes" / "styled.yaml").write_text(
        "kind: quiz\nid: styled\ntitle: Styled\nmodule: retention\nshuffle: false\n"
        "description: \"Ten minutes, **no notes**.\"\nquestions:\n"
        "  - {id: q1, type: true_false, prompt: \"Is **churn** the `complement` of *retention*?\", answer: true}\n",
        encoding="utf-8")
    app = create_app(course_root=course, data_root=tmp_path / "data", clock=FakeClock())
    async with app.run_test(size=(100, 50)) as pilot:
        await app.run_action("start_quiz('styled')")
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#attempt-description")))
        assert text_of(pilot, "#attempt-description") == "Ten minutes, no notes."
        assert not pilot.app.screen.query("#question")
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(pilot.app.screen.query(".question-prompt")))
        prompt = pilot.app.screen.query_one(".question-prompt", Static).render()
        assert isinstance(prompt, Content) and prompt.plain == "Is churn the complement of retention?"
        styles = {prompt.plain[span.start:span.end]: span.style for span in prompt.spans}
        assert set(styles) == {"churn", "complement", "retention"}
        assert [(style.bold, style.reverse, style.italic) for style in styles.values()  # type: ignore[union-attr]
                ] == [(True, None, None), (None, True, None), (None, None, True)]


def test_every_module_of_the_bundled_course_leads_to_its_own_cards() -> None:
    course = load_course(ROOT)
    for module in course.modules:
        cards = cards_for_topics(course, [module.id])
        linked = {link.target.removeprefix("glossary:") for link in module.links if link.target.startswith("glossary:")}
        assert cards and linked <= set(cards), module.id


@run_async
async def test_starting_over_an_open_attempt_records_it_as_an_abandoned_fail(tmp_path: Path) -> None:
    clock = FakeClock()
    app = app_for(tmp_path, clock)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = await start(pilot)
        assert screen.session is not None
        index = next(i for i, shown in enumerate(screen.session.shown) if isinstance(shown.question, SingleChoice))
        await go_to(pilot, screen, index)
        await pilot.press("a")
        await wait_for(pilot, lambda: "1 answered" in text_of(pilot, "#exam-status"))
    app.store.close()
    again = app_for(tmp_path, clock)
    async with again.run_test(size=(100, 50)) as pilot:
        await pilot.app.push_screen(ExamScreen("mini-exam"))
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#abandon")))
        await pilot.press("tab", "enter")
        await wait_for(pilot, lambda: bool(pilot.app.screen.query("#exam-intro")))
        assert text_of(pilot, "#exam-intro").splitlines()[-1].endswith(" fail (abandoned)")
        (attempt,) = again.store.attempts.list("exam", "mini-exam")
        assert attempt.abandoned and attempt.passed is False and attempt.submitted_at == clock.now
