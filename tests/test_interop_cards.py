"""Decks out to a real Anki package (read back with Anki's own library) and cards in from CSV files."""

from __future__ import annotations

from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.course.loader import load_yaml_file
from courseware.core.interop.csv_cards import read_csv_cards
from courseware.core.model import Deck
from tests.apphelpers import MINI


def _anki_cards(package: Path, tmp_path: Path, deck_name: str) -> list[tuple[int, list[str], list[str], str]]:
    """(direction, fields, tags, rendered question) of every card Anki imports from the package."""
    collection_module = pytest.importorskip("anki.collection", reason="the 'anki' package reads .apkg files back")
    collection = collection_module.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        collection.import_anki_package(collection_module.ImportAnkiPackageRequest(
            package_path=str(package),
            options=collection_module.ImportAnkiPackageOptions(with_scheduling=True)))
        found = []
        for card_id in collection.find_cards(f'deck:"{deck_name}"'):
            card = collection.get_card(card_id)
            note = card.note()
            found.append((card.ord, list(note.fields), list(note.tags), card.question()))
        return sorted(found, key=lambda item: (item[1][0], item[0]))
    finally:
        collection.close()


def test_anki_package_has_both_directions_of_reversible_cards(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "anki").mkdir()
    package = tmp_path / "terms.apkg"
    assert main(["--course", str(MINI), "export", "anki", "terms", "-o", str(package)]) == 0
    assert "wrote 3 Anki cards (2 notes) of deck 'terms'" in capsys.readouterr().err
    cards = _anki_cards(package, tmp_path, "Terms")
    assert [(direction, fields[0]) for direction, fields, _, _ in cards] == [
        (0, "Churn"), (0, "Renewal rate"), (1, "Renewal rate")]
    churn, renewal, renewal_reversed = cards
    assert churn[1] == ["Churn", "Customers lost in a period"] and churn[2] == ["retention"]
    assert renewal[3].endswith("Renewal rate")
    assert renewal_reversed[3].endswith("Customers who renewed ÷ customers due to renew")


def test_export_again_updates_rather_than_duplicates(tmp_path: Path) -> None:
    """Note ids come from the course's ids: importing a second export adds no new cards."""
    (tmp_path / "anki").mkdir()
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    deck = str(MINI / "quizzes" / "terms.yaml")
    assert main(["export", "anki", deck, "-o", str(first)]) == 0
    assert main(["export", "anki", deck, "-o", str(second)]) == 0
    _anki_cards(first, tmp_path, "Terms")
    assert len(_anki_cards(second, tmp_path, "Terms")) == 3


def test_export_anki_needs_a_deck_and_an_apkg_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--course", str(MINI), "export", "anki", "trems", "-o", str(tmp_path / "x.apkg")]) == 2
    assert "no deck 'trems' in the course (did you mean 'terms'?)" in capsys.readouterr().err
    assert main(["--course", str(MINI), "export", "anki", "terms", "-o", str(tmp_path / "x.zip")]) == 2
    assert "an Anki package's name ends in .apkg" in capsys.readouterr().err


ANKI_EXPORT = (
    "#separator:tab\n#html:true\n#tags column:3\n"
    "Churn\tCustomers lost in a period<br>(a rate)\tretention metrics\n"
    "\"Net revenue\tretention\"\t\"Revenue kept, &amp; grown\"\tgrowth\n"
)


def test_anki_plain_text_export_becomes_a_valid_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, output = tmp_path / "notes.txt", tmp_path / "quizzes" / "imported.yaml"
    source.write_text(ANKI_EXPORT, encoding="utf-8")
    assert main(["import", "csv", str(source), "--deck", "imported", "-o", str(output), "--reverse"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert main(["validate", str(output)]) == 0
    deck = load_yaml_file(output).model
    assert isinstance(deck, Deck) and deck.title == "Imported"
    assert [(c.id, c.front, c.back, c.tags, c.reverse) for c in deck.cards] == [
        ("churn", "Churn", "Customers lost in a period  \n(a rate)", ["metrics", "retention"], True),
        ("net-revenue-retention", "Net revenue\tretention", "Revenue kept, & grown", ["growth"], True)]


def test_quizlet_exports_with_commas_or_tabs() -> None:
    cards, findings = read_csv_cards("ARR,Annual recurring revenue\nMRR,\"Monthly, recurring\"\n", "q.csv")
    assert not findings and [(c.front, c.back) for c in cards] == [
        ("ARR", "Annual recurring revenue"), ("MRR", "Monthly, recurring")]
    cards, _ = read_csv_cards("QBR\tQuarterly business review\nQBR\tSame front twice\n", "q.txt")
    assert [c.id for c in cards] == ["qbr", "qbr-2"]


def test_rows_without_two_columns_are_errors_at_their_lines(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    source, output = tmp_path / "cards.csv", tmp_path / "deck.yaml"
    source.write_text("front,back\nlonely\n,no front\nok,fine,extra\n", encoding="utf-8")
    assert main(["import", "csv", str(source), "--deck", "d", "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:2: error: a card needs a front and a back (two columns)" in err
    assert f"{source}:3: error: a card needs a front and a back; this row has no front" in err
    assert f"{source}:4: warning: column 3 is not kept" in err and not output.exists()
    assert main(["import", "csv", str(source), "--deck", "d", "-o", str(output), "--partial"]) == 0
    assert main(["import", "csv", str(source), "--deck", "Bad Id", "--partial"]) == 2
    assert "--deck 'Bad Id' must be lowercase letters" in capsys.readouterr().err


def test_anki_export_with_guid_notetype_and_deck_columns() -> None:
    """Anki's export options put its own columns first; the headers say which, and the fields follow."""
    text = ("#separator:Semicolon\n#html:false\n#guid column:1\n#notetype column:2\n#deck column:3\n"
            "#tags column:6\n"
            "b2Xy;Basic (and reversed card);CCSM::Terms;QBR;Quarterly business review;renewals\n")
    cards, findings = read_csv_cards(text, "anki.txt")
    assert not findings
    assert [(c.id, c.front, c.back, c.tags, c.reverse) for c in cards] == [
        ("qbr", "QBR", "Quarterly business review", ["renewals"], True)]


def test_anki_headers_are_honoured_and_nothing_changes_silently() -> None:
    """#columns names the columns, a reversed note type stays reversible, a cloze note is reported, <div>
    lines stay apart, nested tags stay nested."""
    text = ("#separator:tab\n#html:true\n#notetype column:1\n#columns:Notetype\tFront\tBack\tTags\n"
            "Basic (and reversed card)\tNRR\t<div>Net revenue</div><div>retention</div>\tCCSM::Finance\n"
            "Basic\t<b>GRR</b>\tGross revenue retention\tccsm::finance renewals\n"
            "Cloze\t{{c1::Churn}} is customers lost\t\tccsm\n")
    cards, findings = read_csv_cards(text, "anki.txt")
    assert [(c.front, c.back, c.tags, c.reverse) for c in cards] == [
        ("NRR", "Net revenue\n\nretention", ["ccsm::finance"], True),
        ("**GRR**", "Gross revenue retention", ["ccsm::finance", "renewals"], False)]
    assert [(f.line, f.severity) for f in findings] == [(7, "warning")] and "cloze" in findings[0].message


def test_a_header_row_is_not_a_card() -> None:
    cards, findings = read_csv_cards("Term,Definition\nARR,Annual recurring revenue\n", "quizlet.csv")
    assert [(c.front, c.back) for c in cards] == [("ARR", "Annual recurring revenue")]
    assert findings[0].line == 1 and "read as column names" in findings[0].message
    cards, _ = read_csv_cards("ARR,Annual recurring revenue\nTerm,Definition\n", "quizlet.csv")
    assert len(cards) == 2  # only a first row can be the column names


def test_separator_can_be_given(tmp_path: Path) -> None:
    source, output = tmp_path / "cards.txt", tmp_path / "deck.yaml"
    source.write_text("ARR|Annual recurring revenue, or MRR × 12\n", encoding="utf-8")
    assert main(["import", "csv", str(source), "--deck", "d", "--separator", "|", "-o", str(output)]) == 0
    deck = load_yaml_file(output).model
    assert isinstance(deck, Deck) and deck.cards[0].back == "Annual recurring revenue, or MRR × 12"
