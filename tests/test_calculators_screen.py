"""The calculators in the app: list, form with the course's example, practice with stored answers.

Pilot runs inside ``asyncio.run`` so the tests need no async pytest plugin.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import cast

from textual.pilot import Pilot
from textual.widgets import Button, Input, ListView, Static

from courseware.core.calculators import CALCULATORS
from courseware.tui.app import CoursewareApp, create_app
from courseware.tui.screens.calculator_form import CalculatorScreen
from courseware.tui.screens.calculators import CalculatorsScreen
from courseware.tui.screens.practice import PracticeScreen
from tests.apphelpers import MINI, make_app


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
        assert len(pilot.app.screen.query_one(ListView).children) == len(CALCULATORS)
        await pilot.press("enter")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, CalculatorScreen) and form.calculator.name == "retention"
        assert "retention rate: 80.0%" in shown(form, "#results")
        assert "Customers kept = end − new = 110 − 30 = 80" in shown(form, "#steps")
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
        store = cast(CoursewareApp, pilot.app).store
        answers = store.attempts.answers()
        assert [(a.question_key, a.correct, a.topic) for a in answers] == [
            ("retention/course-110-percent", False, "retention"),
            ("retention/course-110-percent-churn", True, "retention")]
        assert store.attempts.list("practice")[0].ref_id == "retention"


def test_the_new_calculators_have_forms_that_show_true_steps(tmp_path: Path) -> None:
    asyncio.run(new_forms_flow(tmp_path))


async def _open(pilot: Pilot[None], name: str) -> CalculatorScreen:
    await pilot.app.push_screen(CalculatorScreen(name))
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, CalculatorScreen)
    return form


async def _type(pilot: Pilot[None], form: CalculatorScreen, option: str, text: str) -> None:
    form.query_one(f"#opt-{option}", Input).value = text
    await pilot.pause()


async def new_forms_flow(tmp_path: Path) -> None:
    csv_file = tmp_path / "customers.csv"
    csv_file.write_text("customer,start,end\na,2026-01,\nb,2026-01,2026-01\nc,2026-02,\n", encoding="utf-8")
    app = create_app(course_root=MINI, data_root=tmp_path)
    async with app.run_test() as pilot:
        form = await _open(pilot, "quick-ratio")
        assert "quick ratio: 3.5x" in shown(form, "#results")
        form = await _open(pilot, "health-score")
        assert "health score: 71" in shown(form, "#results") and "band: green" in shown(form, "#results")
        form = await _open(pilot, "churn")
        await _type(pilot, form, "start", "80")
        await _type(pilot, form, "lost", "17")
        assert "churn rate: 21.3%" in shown(form, "#results")
        assert "100% − 21.25% = 78.8%" in shown(form, "#steps")
        await _type(pilot, form, "lost", "4 5")
        assert shown(form, "#results") == "Customers lost: '4 5' has a space inside the number"
        form = await _open(pilot, "cohort-retention")
        assert shown(form, "#results") == "Customers file: is required"
        await _type(pilot, form, "file", str(csv_file))
        assert "average retention after 1 month: 50.0%" in shown(form, "#results")
        assert "2026-01   100.0%   50.0%" in shown(form, "#table")
        form = await _open(pilot, "clv")
        await _type(pilot, form, "annual_revenue", "")
        await _type(pilot, form, "lifetime_years", "")
        await _type(pilot, form, "arpa", "500")
        await _type(pilot, form, "churn_rate", "3")
        await _type(pilot, form, "gross_margin", "")
        assert "$500 ÷ 3% = $16,666.67" in shown(form, "#steps")
        await _type(pilot, form, "churn_rate", "0.02")
        assert "0.02 would be 0.02%: write 2 or 2%" in shown(form, "#results")


def test_the_new_calculators_can_be_practised_in_the_app(tmp_path: Path) -> None:
    asyncio.run(new_practice_flow(tmp_path))


async def new_practice_flow(tmp_path: Path) -> None:
    app = create_app(course_root=MINI, data_root=tmp_path)
    async with app.run_test() as pilot:
        for name in ("quick-ratio", "health-score", "cohort-retention", "monthly-churn"):
            screen = PracticeScreen(name, seed=7)
            await pilot.app.push_screen(screen)
            await pilot.pause()
            scenario = screen.scenario
            answer = screen.query_one("#answer", Input)
            answer.value = scenario.expected_text.replace("x", "")
            await pilot.press("enter")
            await pilot.pause()
            assert shown(screen, "#verdict").startswith(f"Right: {scenario.expected_text}"), name
            assert scenario.calculation.steps[-1].split(" = ")[0] in shown(screen, "#steps")
            await pilot.press("escape")
            await pilot.pause()
        store = cast(CoursewareApp, pilot.app).store
        assert {answer.question_key.split("/")[0] for answer in store.attempts.answers()} == {
            "quick-ratio", "health-score", "cohort-retention", "monthly-churn"}
