"""Moodle XML both ways, on Moodle's own fixture files read in place from the shared test data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from courseware.cli import main
from courseware.core.assessment.grading import grade
from courseware.core.interop.findings import ImportResult
from courseware.core.interop.moodle_xml import read_moodle_xml
from courseware.core.interop.moodle_xml_writer import write_moodle_xml
from courseware.core.model import Matching, MultipleChoice, Numeric, Ordering, Quiz, ShortAnswer, TrueFalse
from tests.interop_data import MOODLE_XML_DIR, moodle_xml_files, needs_moodle_xml

pytestmark = needs_moodle_xml

#: For each fixture: the types imported, in file order, and the lines of the questions left out as errors
#: (cloze, essay, description, calculated, random, select-missing-words; grades Moodle itself refuses).
EXPECTED: dict[str, tuple[list[str], list[int]]] = {
    "assembled/xmlformat_test-export.xml": (["matching", "multiple", "numeric", "short", "true_false", "true_false"],
                                            [8, 25, 310, 332]),
    "assembled/xmlformat_test-import.xml": (["matching", "multiple", "numeric", "short", "true_false", "true_false",
                                             "true_false"], [7, 26, 46, 77, 357]),
    "handmade/units-calculated-random.xml": (["numeric"], [68, 141, 216]),
    "qformat_xml/broken_cloze_questions.xml": ([], [4, 20, 36, 52, 68]),
    "qformat_xml/categories_reverse_order.xml": (["short"], [14]),
    "qformat_xml/category_with_description.xml": (["true_false"], []),
    "qformat_xml/deprecated_category.xml": (["true_false"], []),
    "qformat_xml/error_invalid_grades.xml": ([], [4]),
    "qformat_xml/export_category.xml": (["true_false"], []),
    "qformat_xml/html_chars_in_idnumbers.xml": (["true_false"], []),
    "qformat_xml/multianswer.xml": ([], [12]),
    "qformat_xml/multichoice.xml": (["single"], []),
    "qformat_xml/nested_categories.xml": (["true_false"], []),
    "qformat_xml/nested_categories_with_questions.xml": (["true_false"] * 4, [55]),
    "qformat_xml/old_format_file.xml": (["true_false", "true_false"], []),
    "qformat_xml/sample_questions_with_old_image_tag.xml": (["single"], [16]),
    "qformat_xml/truefalse.xml": (["true_false", "true_false"], []),
    "qtype/description-testquestion.moodle.xml": ([], [12]),
    "qtype/essay-testquestion.moodle.xml": ([], [12]),
    "qtype/gapselect-testquestion.moodle.xml": ([], [12]),
    "qtype/match-testquestion.moodle.xml": (["matching"], []),
    "qtype/multichoice-testquestion.moodle.xml": (["multiple"], []),
    "qtype/numerical-testquestion.moodle.xml": (["numeric"], []),
    "qtype/ordering-testexport.moodle.xml": (["ordering"], []),
    "qtype/ordering-testimport.moodle.xml": (["ordering"], []),
    "qtype/ordering-testimportlong.moodle.xml": (["ordering"], []),
    "qtype/ordering-testoldquestion.moodle.xml": (["ordering"], []),
    "qtype/ordering-testquestion.moodle.xml": (["ordering"], []),
    "qtype/shortanswer-testquestion.moodle.xml": (["short"], []),
    "qtype/truefalse-testquestion.moodle.xml": (["true_false"], []),
}
PREFIX = "quiz-files"


def _name(path: Path) -> str:
    return path.relative_to(MOODLE_XML_DIR).as_posix()


def _read(name: str) -> ImportResult:
    path = MOODLE_XML_DIR / name
    return read_moodle_xml(path.read_bytes(), path, files_prefix=PREFIX)


def _quiz(result: ImportResult) -> Quiz:
    return Quiz(kind="quiz", id="quiz", title=result.title_hint or "Imported", description=result.description_hint,
                topic=result.topic_hint, questions=result.questions)


def test_every_fixture_is_listed() -> None:
    assert sorted(_name(path) for path in moodle_xml_files()) == sorted(EXPECTED)


@pytest.mark.parametrize("path", moodle_xml_files(), ids=_name)
def test_each_fixture_imports_its_questions_with_the_expected_types(path: Path) -> None:
    types, error_lines = EXPECTED[_name(path)]
    result = _read(_name(path))
    assert [question.type for question in result.questions] == types
    assert sorted(finding.line for finding in result.errors) == error_lines
    for question in result.questions:
        dumped = question.model_dump_json()
        assert "<p>" not in dumped and "@@PLUGINFILE@@" not in dumped and "<img" not in dumped


@pytest.mark.parametrize("path", [p for p in moodle_xml_files() if EXPECTED[_name(p)][0]], ids=_name)
def test_import_export_import_gives_the_same_quiz(path: Path, tmp_path: Path) -> None:
    first = _read(_name(path))
    for name, content in first.files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    quiz = _quiz(first)
    warnings: list[str] = []
    document, written = write_moodle_xml(quiz, tmp_path, lambda question, message: warnings.append(message))
    assert written == len(quiz.questions)
    again = read_moodle_xml(document, "exported.xml", files_prefix=PREFIX)
    assert again.errors == []
    assert _quiz(again) == quiz
    assert again.files == first.files


def test_what_moodle_shows_is_what_the_quiz_holds() -> None:
    """The contents Moodle's own tests expect, question by question."""
    match = _read("qtype/match-testquestion.moodle.xml").questions[0]
    assert isinstance(match, Matching)
    assert match.pairs == {"frog": "amphibian", "cat": "mammal", "newt": "amphibian"}
    assert match.distractors == ["insect"] and match.correct_feedback == "Well done!"
    short = _read("qtype/shortanswer-testquestion.moodle.xml").questions[0]
    assert isinstance(short, ShortAnswer) and short.answers == ["frog"] and not short.case_sensitive
    assert short.incorrect_feedback == "That is a bad answer."
    assert grade(short, "FROG").correct and not grade(short, "toad").correct
    numeric = _read("qtype/numerical-testquestion.moodle.xml").questions[0]
    assert isinstance(numeric, Numeric) and (numeric.answer, numeric.tolerance) == (6.25, 0.05)
    ordering = _read("qtype/ordering-testquestion.moodle.xml").questions[0]
    assert isinstance(ordering, Ordering)
    assert ordering.items == ["Modular", "Object", "Oriented", "Dynamic", "Learning", "Environment"]
    assert ordering.explanation == 'The correct answer is "Modular Object Oriented Dynamic Learning Environment".'
    false, true = _read("qformat_xml/truefalse.xml").questions
    assert isinstance(false, TrueFalse) and isinstance(true, TrueFalse)
    assert (false.answer, true.answer) == (False, True)
    assert "Dynamic Learning Education" in false.prompt and "Dynamic Learning Environment" in true.prompt


def test_fractions_are_credit_and_moodle_refuses_what_it_refuses() -> None:
    question = _read("qtype/multichoice-testquestion.moodle.xml").questions[0]
    assert isinstance(question, MultipleChoice)
    london = [choice.text for choice in question.choices].index("London")
    paris = [choice.text for choice in question.choices].index("Paris")
    tokyo = [choice.text for choice in question.choices].index("Tokyo")
    assert grade(question, [london]).earned == 0.5
    assert grade(question, [london, paris]).correct
    assert grade(question, [london, tokyo]).earned == 0.5
    invalid = _read("qformat_xml/error_invalid_grades.xml")
    assert "33%" in invalid.errors[0].message and "33.33333%" in invalid.errors[0].message


def test_categories_give_the_title_description_and_topics() -> None:
    nested = _read("qformat_xml/nested_categories_with_questions.xml")
    assert nested.title_hint == "Iota" and nested.description_hint == "This is Iota category for test"
    assert [(q.id, q.topic) for q in nested.questions] == [
        ("iota-question", None), ("kappa-question", "kappa"), ("lambda-question", "kappa-lambda"),
        ("mu-question", "mu")]
    reverse = _read("qformat_xml/categories_reverse_order.xml")
    assert reverse.title_hint == "Sigma" and reverse.questions[0].topic is None
    deep = _read("qformat_xml/nested_categories.xml")
    assert (deep.title_hint, deep.topic_hint) == ("Delta", "epsilon-zeta")


def test_embedded_images_are_saved_beside_the_quiz_and_linked(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "quizzes" / "languages.yaml"
    assert main(["import", "moodle-xml", str(MOODLE_XML_DIR / "qformat_xml" / "multichoice.xml"),
                 "-o", str(output)]) == 0
    files = tmp_path / "quizzes" / "languages-files"
    assert (files / "flag-france.jpg").read_bytes()[:2] == b"\xff\xd8"  # a JPEG
    assert (files / "bonjour.mp3").read_bytes()[:3] == b"ID3"
    text = output.read_text()
    assert "![French flag](languages-files/flag-france.jpg) French" in text
    assert "<p>" not in text and "5 files saved beside it" in capsys.readouterr().err
    exported = tmp_path / "out.xml"
    assert main(["export", "moodle-xml", str(output), "-o", str(exported)]) == 0
    xml = exported.read_text()
    assert 'src="@@PLUGINFILE@@/flag-france.jpg"' in xml and '<file name="flag-france.jpg" path="/"' in xml
    again = tmp_path / "again" / "languages.yaml"
    assert main(["import", "moodle-xml", str(exported), "-o", str(again)]) == 0
    assert again.read_text() == text
    flag = "flag-france.jpg"
    assert (again.parent / "languages-files" / flag).read_bytes() == (files / flag).read_bytes()


def test_left_out_questions_are_refused_unless_partial(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = MOODLE_XML_DIR / "handmade" / "units-calculated-random.xml"
    output = tmp_path / "handmade.yaml"
    assert main(["import", "moodle-xml", str(source), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    assert f"{source}:68: error: a calculated question" in err and f"{source}:216: error: a random question" in err
    assert "nothing was written" in err and not output.exists()
    assert main(["import", "moodle-xml", str(source), "-o", str(output), "--partial"]) == 0
    assert "unit: weeks" in output.read_text() and "units days (x7) are not kept" in capsys.readouterr().err


def test_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    document = f"""<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file://{secret}">]>
<quiz><question type="truefalse"><name><text>Bomb</text></name>
<questiontext format="html"><text>Is it &c; &x;?</text></questiontext>
<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>"""
    result = read_moodle_xml(document.encode(), "bomb.xml", files_prefix=PREFIX)
    assert "aaaa" not in result.questions[0].prompt and "SECRET" not in result.questions[0].prompt
    assert "not expanded" in result.findings[0].message


def test_a_course_quiz_exports_markdown_as_html_and_reads_back(tmp_path: Path) -> None:
    quiz = Quiz.model_validate({
        "kind": "quiz", "id": "renewals", "title": "Renewals", "topic": "renewals", "questions": [
            {"id": "nrr", "type": "numeric", "prompt": "NRR with **$1.1M** kept of $1M?", "answer": 110,
             "unit": "%", "tolerance": 0.5},
            {"id": "grr", "type": "multiple", "prompt": "Which lower GRR?", "choices": [
                {"text": "Churn", "correct": True}, {"text": "Contraction", "correct": True},
                {"text": "Expansion"}]},
            {"id": "order", "type": "ordering", "prompt": "Order the stages", "items": ["Onboard", "Adopt", "Renew"],
             "topic": "lifecycle"}]})
    warnings: list[str] = []
    document, written = write_moodle_xml(quiz, tmp_path, lambda question, message: warnings.append(message))
    assert written == 3 and b"<strong>$1.1M</strong>" in document
    back = read_moodle_xml(document, "renewals.xml", files_prefix=PREFIX)
    assert back.title_hint == "Renewals" and back.topic_hint is None
    assert [q.topic for q in back.questions] == ["renewals", "renewals", "lifecycle"]
    assert back.questions[0] == quiz.questions[0].model_copy(update={"topic": "renewals"})
    grr = back.questions[1]
    assert isinstance(grr, MultipleChoice) and [c.credit for c in grr.choices] == [0.5, 0.5, -1]
    assert grade(grr, [0, 1]).correct and grade(grr, [0, 2]).earned == 0
    assert any("all-or-nothing" in warning for warning in warnings)


def test_a_quiz_per_category_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = MOODLE_XML_DIR / "qformat_xml" / "nested_categories_with_questions.xml"
    folder = tmp_path / "quizzes"
    assert main(["import", "moodle-xml", str(source), "--quiz-per-category", "-o", str(folder), "--partial"]) == 0
    assert "into 4 quizzes" in capsys.readouterr().err
    assert sorted(path.name for path in folder.iterdir()) == ["iota.yaml", "kappa-lambda.yaml", "kappa.yaml",
                                                               "mu.yaml"]
    assert main(["validate", str(tmp_path)]) == 0
    lambda_quiz = Quiz.model_validate(yaml.safe_load((folder / "kappa-lambda.yaml").read_text()))
    assert (lambda_quiz.title, lambda_quiz.topic) == ("Lambda", "kappa-lambda")
    assert [question.id for question in lambda_quiz.questions] == ["lambda-question"]
    iota = Quiz.model_validate(yaml.safe_load((folder / "iota.yaml").read_text()))
    assert (iota.title, iota.description, iota.topic) == ("Iota", "This is Iota category for test", None)
    assert main(["import", "moodle-xml", str(source), "--quiz-per-category", "-o", str(folder / "x.yaml")]) == 2


def test_images_beside_a_course_quiz_travel_with_it(tmp_path: Path) -> None:
    (tmp_path / "renewals-files").mkdir()
    (tmp_path / "renewals-files" / "q1 chart.png").write_bytes(b"\x89PNG\r\n\x1a\nchart")
    quiz = Quiz.model_validate({"kind": "quiz", "id": "renewals", "title": "Renewals", "questions": [
        {"id": "trend", "type": "true_false", "prompt": "![Q1 chart](renewals-files/q1%20chart.png) Is churn down?",
         "answer": True}]})
    document, _ = write_moodle_xml(quiz, tmp_path, lambda question, message: None)
    assert b'src="@@PLUGINFILE@@/q1%20chart.png"' in document and b'<file name="q1 chart.png" path="/"' in document
    back = read_moodle_xml(document, "renewals.xml", files_prefix="renewals-files")
    assert back.questions[0].prompt == quiz.questions[0].prompt
    assert back.files == {"renewals-files/q1 chart.png": b"\x89PNG\r\n\x1a\nchart"}
