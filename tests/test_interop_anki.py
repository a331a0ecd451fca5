"""Anki both ways with the learner's progress: schedules and review logs out, and back in from a package."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from courseware.cli import main
from courseware.core.course.loader import load_course, load_yaml_file
from courseware.core.model import Deck
from courseware.core.paths import data_dir
from courseware.core.store import open_store
from courseware.core.study.scheduling import AGAIN, GOOD, Schedule, study_cards
from tests.conftest import MINI_COURSE

anki_collection = pytest.importorskip("anki.collection", reason="the 'anki' package reads .apkg files back")
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _review_some_cards() -> None:
    """Eight reviews over two weeks of two of the mini course's three card directions, as a learner would."""
    course = load_course(MINI_COURSE)
    store = open_store(data_dir())
    try:
        schedule = Schedule(course, store, fuzzing=False)
        cards = {card.key: card for card in study_cards(course)}
        rate = [("terms/renewal-rate", GOOD), ("terms/churn", GOOD), ("terms/renewal-rate", GOOD),
                ("terms/churn", GOOD), ("terms/renewal-rate", GOOD), ("terms/churn", AGAIN),
                ("terms/renewal-rate", GOOD), ("terms/churn", GOOD)]
        for day, (key, rating) in enumerate(rate):
            schedule.rate(cards[key], rating, START + timedelta(days=2 * day), duration_ms=4000)
    finally:
        store.close()


def _open(package: Path, folder: Path) -> Any:
    folder.mkdir()
    collection = anki_collection.Collection(str(folder / "collection.anki2"))
    collection.import_anki_package(anki_collection.ImportAnkiPackageRequest(
        package_path=str(package), options=anki_collection.ImportAnkiPackageOptions(with_scheduling=True)))
    return collection


def test_exported_package_carries_each_cards_schedule_and_review_log(tmp_path: Path) -> None:
    _review_some_cards()
    package = tmp_path / "terms.apkg"
    assert main(["--course", str(MINI_COURSE), "export", "anki", "terms", "-o", str(package)]) == 0
    collection = _open(package, tmp_path / "anki")
    try:
        found = {}
        for card_id in collection.find_cards('deck:"Terms"'):
            card = collection.get_card(card_id)
            log = collection.db.all("SELECT ease, ivl, type, time FROM revlog WHERE cid = ? ORDER BY id", card_id)
            found[(card.note().fields[0], card.ord)] = (card.type, card.queue, card.ivl, card.reps, card.lapses, log)
    finally:
        collection.close()
    renewal = found[("Renewal rate", 0)]
    assert renewal[:2] == (2, 2) and renewal[2] >= 7 and renewal[3] == 4 and renewal[4] == 0
    assert [entry[0] for entry in renewal[5]] == [3, 3, 3, 3] and renewal[5][-1][1] == renewal[2]
    assert all(entry[3] == 4000 for entry in renewal[5])
    churn = found[("Churn", 0)]
    assert churn[3] == 4 and [entry[0] for entry in churn[5]] == [3, 3, 1, 3]
    assert [entry[2] for entry in churn[5]] == [0, 0, 1, 2]  # learn, learn, review (forgotten), relearn
    assert churn[4] == 1
    assert found[("Renewal rate", 1)][:4] == (0, 0, 0, 0)  # its reverse was never reviewed: new


def test_export_without_history_writes_every_card_as_new(tmp_path: Path) -> None:
    _review_some_cards()
    package = tmp_path / "new.apkg"
    assert main(["--course", str(MINI_COURSE), "export", "anki", "terms", "-o", str(package), "--no-history"]) == 0
    collection = _open(package, tmp_path / "anki")
    try:
        assert {collection.get_card(card).type for card in collection.find_cards("")} == {0}
        assert collection.db.scalar("SELECT count(*) FROM revlog") == 0
    finally:
        collection.close()


def test_a_genanki_package_with_history_imports_into_deck_and_store(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """The package courseware writes (genanki, with review logs) read back: cards, reverse, tags, history."""
    _review_some_cards()
    package = tmp_path / "terms.apkg"
    assert main(["--course", str(MINI_COURSE), "export", "anki", "terms", "-o", str(package)]) == 0
    store = open_store(data_dir())
    exported_reviews = [(r.card_key, r.rating, r.reviewed_at) for r in store.reviews.history()]
    store.close()
    (data_dir() / "progress.sqlite3").unlink()  # a fresh learner on another machine
    output = tmp_path / "quizzes" / "moved.yaml"
    assert main(["import", "anki", str(package), "--deck", "moved", "-o", str(output)]) == 0
    assert "8 reviews of 2 cards into your progress" in capsys.readouterr().err
    deck = load_yaml_file(output).model
    assert isinstance(deck, Deck)
    cards = {card.id: card for card in deck.cards}
    assert cards["renewal-rate"].reverse and not cards["churn"].reverse
    assert cards["churn"].tags == ["retention"]
    store = open_store(data_dir())
    try:
        imported = [(r.card_key.replace("moved/", "terms/"), r.rating, r.reviewed_at) for r in store.reviews.history()]
        assert imported == exported_reviews
        churn = store.reviews.state("moved/churn")
        assert churn is not None and churn.lapses == 1 and json.loads(churn.state)["state"] == 2
    finally:
        store.close()
    assert main(["import", "anki", str(package), "--deck", "moved", "-o", str(output), "--force"]) == 0
    assert "2 cards already had a history there and were left alone" in capsys.readouterr().err


def test_cloze_notes_and_nested_tags_from_a_real_anki_collection(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A package Anki itself exported: a cloze note is reported, ccsm::finance stays nested, HTML is Markdown."""
    folder = tmp_path / "source"
    folder.mkdir()
    collection = anki_collection.Collection(str(folder / "collection.anki2"))
    try:
        deck_id = collection.decks.id("CCSM")
        basic = collection.new_note(collection.models.by_name("Basic (and reversed card)"))
        basic.fields = ["<b>NRR</b>", "<div>Net revenue</div><div>retention</div>"]
        basic.tags = ["CCSM::Finance"]
        collection.add_note(basic, deck_id)
        cloze = collection.new_note(collection.models.by_name("Cloze"))
        cloze.fields = ["{{c1::Churn}} is lost customers", ""]
        collection.add_note(cloze, deck_id)
        package = tmp_path / "ccsm.apkg"
        collection.export_anki_package(out_path=str(package), options=anki_collection.ExportAnkiPackageOptions(
            with_scheduling=True, with_deck_configs=False, with_media=False, legacy=False),
            limit=anki_collection.DeckIdLimit(deck_id))
    finally:
        collection.close()
    assert main(["import", "anki", str(package), "--deck", "ccsm", "-o", str(tmp_path / "ccsm.yaml")]) == 0
    assert "a cloze note is left out" in capsys.readouterr().err
    deck = load_yaml_file(tmp_path / "ccsm.yaml").model
    assert isinstance(deck, Deck) and len(deck.cards) == 1
    card = deck.cards[0]
    assert (card.front, card.back, card.tags, card.reverse) == ("**NRR**", "Net revenue\n\nretention",
                                                                 ["ccsm::finance"], True)


def test_without_ankis_library_the_import_says_which_extra_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    package = tmp_path / "terms.apkg"
    assert main(["--course", str(MINI_COURSE), "export", "anki", "terms", "-o", str(package)]) == 0
    monkeypatch.setitem(sys.modules, "anki.collection", None)  # as if Anki's library were not installed
    assert main(["import", "anki", str(package), "--deck", "terms"]) == 1
    assert "pip install 'courseware[anki]'" in capsys.readouterr().err
