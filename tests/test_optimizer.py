"""Personal scheduling: the desired retention setting, and FSRS fitted to the learner's own reviews."""

from __future__ import annotations

import importlib.util
import random
from datetime import timedelta
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.course.loader import load_course
from courseware.core.store import Store, open_store
from courseware.core.study import optimizer
from courseware.core.study.optimizer import MIN_REVIEWS, OptimizerError, optimize, readiness
from courseware.core.study.scheduling import AGAIN, GOOD, HARD, Schedule, study_cards
from tests.apphelpers import MINI, START

EXTRA_MISSING = optimizer.missing_optimizer()


def _history(store: Store, reviews: int) -> None:
    """``reviews`` scheduled reviews of the mini course's cards, one card a day each, some forgotten."""
    course = load_course(MINI)
    schedule = Schedule(course, store, fuzzing=False)
    pick = random.Random(3)
    cards = study_cards(course)
    for number in range(reviews):
        when = START + timedelta(days=number // len(cards), minutes=number % len(cards))
        schedule.rate(cards[number % len(cards)], pick.choice([AGAIN, HARD, GOOD, GOOD, GOOD]), when)


def test_fewer_than_400_reviews_keep_the_default_parameters(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    _history(store, MIN_REVIEWS - 1)
    ready = readiness(store)
    assert ready.reviews == MIN_REVIEWS - 1
    assert ready.blocker == (f"Optimizing needs at least {MIN_REVIEWS} reviews of your own; you have "
                             f"{MIN_REVIEWS - 1}. Until then the default FSRS parameters are used.")
    with pytest.raises(OptimizerError):
        optimize(store, START)
    assert store.fsrs.latest() is None


def test_the_command_says_why_it_cannot_optimize_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COURSEWARE_DATA", str(tmp_path))
    _history(open_store(tmp_path), 10)
    assert main(["optimize"]) == 1
    assert "needs at least 400 reviews of your own; you have 10" in capsys.readouterr().err


def test_without_the_extra_the_message_says_how_to_install_it(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(tmp_path)
    _history(store, MIN_REVIEWS)
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    blocker = readiness(store).blocker
    assert blocker is not None and blocker.startswith("Optimizing needs the optimizer extra (torch")
    assert blocker.endswith("missing): pip install 'courseware[optimizer]'")


def test_desired_retention_sets_the_intervals(tmp_path: Path) -> None:
    course = load_course(MINI)
    card = study_cards(course)[2]
    lenient = Schedule(course, open_store(tmp_path / "a"), fuzzing=False, desired_retention=0.8)
    strict = Schedule(course, open_store(tmp_path / "b"), fuzzing=False, desired_retention=0.97)
    assert lenient.preview(card, START)[4] > strict.preview(card, START)[4]


@pytest.mark.skipif(EXTRA_MISSING is not None,
                    reason=f"the courseware[optimizer] extra is not installed ({EXTRA_MISSING} missing)")
def test_fitting_stores_parameters_that_new_intervals_then_use(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    _history(store, 450)
    fitted = optimize(store, START)
    assert fitted.reviews == 450 and len(fitted.parameters) == 21
    assert fitted.loss_after <= fitted.loss_before
    assert store.fsrs.latest() == fitted
    schedule = Schedule(load_course(MINI), store, fuzzing=False)
    assert tuple(schedule.fsrs._scheduler.parameters) == pytest.approx(fitted.parameters)
    assert optimizer.describe(fitted).startswith("FSRS fitted to 450 reviews: log loss ")
