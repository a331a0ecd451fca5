"""The calculators in the app: list, form with the course's example, practice with stored answers.

Pilot runs inside ``asyncio.run`` so the tests need no async pytest plugin.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Button, Input, ListView, Static

from courseware.tui.screens.calculator_form import CalculatorScreen
from courseware.tui.screens.calculators import CalculatorsScreen
from courseware.tui.screens.practice import PracticeScreen
from tests.apphelpers import make_app


def shown(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


def test_calculator_form_shows_the_course_example_and_updates_as_you_type(tmp_path: Path) -> None:
    asyncio.run(form_flow(tmp_path))


def test_practice_names_the_mistake_shows_steps_and_stores_the_answer(tmp_path: Path) -> None:
    asyncio.run(practice_flow(tmp_path))


async def form_flow(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.app.push_screen(CalculatorsScreen())
        await pilot.pause()
        assert len(pilot.app.screen.query_one(ListView).children) == 11
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, CalculatorScreen) and form.calculator.name == "retention"
        assert "retention rate: 80.0%" in shown(form, "#results")
        assert "Customers kept = end − new = 110 − 30 new = 80" in shown(form, "#steps")
        new = form.query_one("#opt-new", Input)
        new.value = ""
        await pilot.pause()
        assert "Customers at the end: 110 − 0 new leaves 110 kept" in shown(form, "#results")
        new.value = "60"
        await pilot.pause()
        assert "retention rate: 50.0%" in shown(form, "#results")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, CalculatorsScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, CalculatorsScreen)


async def practice_flow(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.app.push_screen(CalculatorsScreen())
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        practice = pilot.app.screen
        assert isinstance(practice, PracticeScreen)
        assert "30 new customers" in shown(practice, "#prompt")
        await pilot.press("e", "i", "g", "h", "t", "enter")
        await pilot.pause()
        assert "type a number" in shown(practice, "#verdict")
        practice.query_one("#answer", Input).value = ""
        await pilot.press("1", "1", "0", "%", "enter")
        await pilot.pause()
        verdict = shown(practice, "#verdict")
        assert "Not quite: the answer is 80.0%." in verdict and "New customers were counted" in verdict
        assert "Retention = kept ÷ start = 80 ÷ 100 = 80.0%" in shown(practice, "#steps")
        assert pilot.app.focused is practice.query_one("#next", Button)
        await pilot.press("enter")
        await pilot.pause()
        assert "What is the churn rate" in shown(practice, "#prompt") and shown(practice, "#steps") == ""
        await pilot.press("2", "0", "enter")
        await pilot.pause()
        assert shown(practice, "#verdict").startswith("Right: 20.0%")
        answers = app.store.attempts.answers()
        assert [(a.question_key, a.correct, a.topic) for a in answers] == [
            ("retention/course-110-percent", False, "retention"),
            ("retention/course-110-percent-churn", True, "retention")]
        assert app.store.attempts.list("practice")[0].ref_id == "retention"
