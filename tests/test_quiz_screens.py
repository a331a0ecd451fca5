"""Pilot tests of the quiz screen: every question type answered from the keyboard, right and wrong,
with the feedback shown and the answers stored; refusals; leaving and resuming; the quiz list."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from courseware.cli import main
from courseware.tui.app import CoursewareApp
from courseware.tui.screens.exam import ExamScreen
from courseware.tui.screens.quiz import QuizScreen
from courseware.tui.screens.quizzes import QuizzesScreen
from tests.apphelpers import make_app
from tests.quiz_helpers import MINI, app_for, keys_for, run_async, text_of, typed


async def take(pilot: Pilot[None], screen: QuizScreen, *, right: bool, count: int | None = None) -> list[str]:
    """Answer questions in the order shown; returns the feedback text of each."""
    feedback = []
    assert screen.session is not None
    for index, shown in enumerate(screen.session.shown[:count]):
        assert screen.index == index
        await pilot.press(*keys_for(shown, right=right))
        await pilot.pause()
        feedback.append(text_of(pilot, "#feedback"))
        await pilot.press("enter")
        await pilot.pause()
    return feedback


@run_async
async def test_every_type_answered_rightly_from_the_keyboard(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = QuizScreen("retention-quiz")
        await pilot.app.push_screen(screen)
        await pilot.pause()
        feedback = await take(pilot, screen, right=True)
        assert all(text.startswith("Right.") for text in feedback), feedback
        assert text_of(pilot, "#result-score") == "Retention quiz: 7/7 (100%) - PASS (pass mark 80%)"
        assert "retention: 6/6 (100%), 6 of 6 right" in text_of(pilot, "#result-topics")
        assert screen.session is not None
        stored = app.store.attempts.answers(screen.session.attempt_id)
        assert len(stored) == 7 and all(answer.correct for answer in stored)
        attempt = app.store.attempts.get(screen.session.attempt_id)
        assert attempt is not None and attempt.passed and attempt.earned == 7


@run_async
async def test_wrong_answers_show_choice_feedback_correct_answer_and_review(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = QuizScreen("retention-quiz", seed=2)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        feedback = await take(pilot, screen, right=False)
        assert all(text.startswith("Wrong.") for text in feedback), feedback
        assert screen.session is not None
        by_id = {shown.question.id: text for shown, text in zip(screen.session.shown, feedback, strict=True)}
        assert "That is the churn rate." in by_id["renewal-rate"] or "New customers" in by_id["renewal-rate"]
        assert "Correct answer: 80%" in by_id["renewal-rate"]
        assert "Renewal rate = renewed ÷ due = 80 ÷ 100." in by_id["renewal-rate"]
        assert "Correct answer: SDR → AE → CSM" in by_id["order"]
        assert text_of(pilot, "#result-score") == "Retention quiz: 0/7 (0%) - FAIL (pass mark 80%)"
        weak = [str(widget.render()) for widget in pilot.app.screen.query(".result-weak-name")]
        assert weak == ["renewals (0%)", "retention (0%)"]
        assert pilot.app.screen.query("#read-retention") and pilot.app.screen.query("#drill-retention")
        await pilot.click("#review")
        await pilot.pause()
        review = text_of(pilot, "#mistakes")
        assert review.count("[wrong]") == 7 and "Your answer: average revenue" in review
        stored = app.store.attempts.answers(screen.session.attempt_id)
        assert len(stored) == 7 and not any(answer.correct for answer in stored)


@run_async
async def test_an_unreadable_answer_is_refused_and_not_stored(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = QuizScreen("retention-quiz", seed=1, shuffle=False)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        await take(pilot, screen, right=True, count=4)
        assert screen.session is not None and screen.session.shown[4].question.id == "payback"
        await pilot.press(*typed("soon"), "enter")
        await pilot.pause()
        assert text_of(pilot, ".question-problem") == "'soon' is not a number"
        assert not pilot.app.screen.query("#feedback")
        assert len(app.store.attempts.answers(screen.session.attempt_id)) == 4


@run_async
async def test_a_quiz_left_halfway_resumes_where_it_stopped(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = QuizScreen("retention-quiz")
        await pilot.app.push_screen(screen)
        await pilot.pause()
        await take(pilot, screen, right=True, count=3)
        assert screen.session is not None
        plan = [(shown.key, shown.order, shown.rows) for shown in screen.session.shown]
        attempt_id = screen.session.attempt_id
    app.store.close()

    again = app_for(tmp_path)
    async with again.run_test(size=(100, 50)) as pilot:
        screen = QuizScreen("retention-quiz")
        await pilot.app.push_screen(screen)
        await pilot.pause()
        assert "3 of 7 questions answered" in text_of(pilot, ".dialog-message")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session is not None and screen.session.attempt_id == attempt_id
        assert [(shown.key, shown.order, shown.rows) for shown in screen.session.shown] == plan
        assert screen.index == 3
        assert text_of(pilot, ".question-header").startswith("Question 4 of 7")
        for index, shown in enumerate(screen.session.shown[3:], start=3):
            await pilot.press(*keys_for(shown, right=True))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert index in screen.session.answers
        assert text_of(pilot, "#result-score").startswith("Retention quiz: 7/7 (100%) - PASS")


@run_async
async def test_course_text_is_shown_literally(tmp_path: Path) -> None:
    from courseware.core.course.loader import load_yaml_file

    draft = tmp_path / "draft.yaml"
    draft.write_text('kind: quiz\nid: draft\ntitle: "[bold red]Draft"\nquestions:\n'
                     '  - {id: q, type: single, prompt: "\\e[31m[b]Pick[/b]", choices: '
                     '[{text: "[i]one[/i]", correct: true}, {text: two}]}\n', encoding="utf-8")
    quiz = load_yaml_file(draft).model
    app = app_for(tmp_path / "data")
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.app.push_screen(QuizScreen("draft", quiz=quiz, shuffle=False))  # type: ignore[arg-type]
        await pilot.pause()
        assert text_of(pilot, "#quiz-title") == "[bold red]Draft"
        assert text_of(pilot, ".question-prompt") == "^[[31m[b]Pick[/b]"
        assert "a) [i]one[/i]" in str(pilot.app.screen.query_one("ChoiceInput").render())


@run_async
async def test_the_quiz_list_shows_best_scores_and_exam_history_and_starts_a_quiz(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.app.push_screen(QuizzesScreen())
        await pilot.pause()
        options = pilot.app.screen.query_one("#quizzes-list", OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert labels == ["Quiz: Retention quiz - 7 questions - not taken yet",
                          "Exam: Mini exam - 5 min - 0 attempts - not taken yet"]
        await pilot.press("down")
        await pilot.pause()
        assert text_of(pilot, "#quizzes-detail") == "Attempts:\nNo attempts yet."
        await pilot.press("up", "enter")
        await pilot.pause()
        screen = pilot.app.screen
        assert isinstance(screen, QuizScreen) and screen.quiz_id == "retention-quiz"
        await take(pilot, screen, right=True)
        await pilot.press("escape")
        await pilot.pause()
        options = pilot.app.screen.query_one("#quizzes-list", OptionList)
        assert str(options.get_option_at_index(0).prompt).endswith("best 7/7 (100%) - passed")


@run_async
async def test_the_app_can_open_straight_on_a_quiz(tmp_path: Path) -> None:
    app = make_app(tmp_path, first_screen=lambda: QuizScreen("retention-quiz"))
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        assert isinstance(pilot.app.screen, QuizScreen)
        assert text_of(pilot, ".question-header").startswith("Question 1 of 7")


def test_the_commands_open_the_app_on_the_quiz_or_exam(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []

    def run(self: CoursewareApp) -> None:
        assert self.first_screen is not None
        opened.append(self.first_screen())

    monkeypatch.setattr(CoursewareApp, "run", run)
    assert main(["--course", str(MINI), "quiz", "retention-quiz", "--seed", "4"]) == 0
    assert main(["--course", str(MINI), "exam", "mini-exam", "--new"]) == 0
    quiz, exam = opened
    assert isinstance(quiz, QuizScreen) and (quiz.quiz_id, quiz.seed) == ("retention-quiz", 4)
    assert isinstance(exam, ExamScreen) and (exam.exam_id, exam.fresh) == ("mini-exam", True)


@run_async
async def test_choices_can_be_made_with_arrows_and_space_alone(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 50)) as pilot:
        screen = QuizScreen("retention-quiz", seed=1, shuffle=False)
        await pilot.app.push_screen(screen)
        await pilot.pause()
        for keys, verdict in [(["down", "down", "up", "up", "space", "enter"], "Right."),  # single: a) 80%
                              (["down", "space", "enter"], "Wrong."),  # true/false: False
                              (["space", "down", "space", "enter"], "Right.")]:  # multiple: a and b
            await pilot.press(*keys)
            await pilot.pause()
            assert text_of(pilot, "#feedback").startswith(verdict)
            await pilot.press("enter")
            await pilot.pause()
        assert screen.session is not None
        assert [answer.response for answer in app.store.attempts.answers(screen.session.attempt_id)] == [
            0, False, [0, 1]]
