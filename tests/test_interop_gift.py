"""GIFT import and export, checked against real files: gift-pegjs's test suite and Moodle's fixtures."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.cli import main
from courseware.core.interop.gift import read_gift
from courseware.core.interop.gift_syntax import GiftSyntaxError, blocks, parse_block, unescape
from courseware.core.interop.gift_writer import escape, write_gift
from courseware.core.model import (
    Matching,
    MultipleChoice,
    Numeric,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from tests.interop_data import GIFT_DIR, MOODLE_DIR, gift_files, needs_testdata

pytestmark = needs_testdata
KINDS = {"MC": "mc", "TF": "tf", "Short": "short", "Numerical": "numerical", "Matching": "matching",
         "Essay": "essay", "Description": "description", "Category": "category"}


def _text(value: dict[str, str] | None) -> str | None:
    return value["text"] if value else None


def _numbers(choices: Any) -> list[tuple[Any, ...]]:
    """gift-pegjs's numerical answers as (value, tolerance, low, high), None for catch-all answers."""
    listed = choices if isinstance(choices, list) else [{"text": choices}]
    found: list[tuple[Any, ...]] = []
    for choice in listed:
        number = choice["text"]
        if "numberHigh" in number:
            found.append((None, 0, number["numberLow"], number["numberHigh"]))
        elif "number" in number:
            found.append((number["number"], number.get("range", 0), None, None))
        else:
            found.append((None, 0, None, None))
    return found


@pytest.mark.parametrize("path", gift_files(), ids=lambda path: path.stem)
def test_parser_reads_what_gift_pegjs_reads(path: Path) -> None:
    """Every file of gift-pegjs's suite parses to the same type, title, stem, answers and feedback."""
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    parsed = [parse_block(block, meta) for block, meta in blocks(path.read_text(encoding="utf-8"))]
    assert [question.kind for question in parsed] == [KINDS[item["type"]] for item in expected]
    for question, item in zip(parsed, expected, strict=True):
        assert question.title == item["title"]
        if item["type"] == "Category":
            continue
        assert (question.stem, question.stem_format) == (item["stem"]["text"], item["stem"]["format"])
        assert question.general_feedback == _text(item.get("globalFeedback"))
        if item["type"] in ("MC", "Short"):
            assert [(a.text, a.right, a.weight, a.feedback) for a in question.answers] == [
                (c["text"]["text"], c["isCorrect"], c["weight"], _text(c["feedback"])) for c in item["choices"]]
        elif item["type"] == "TF":
            assert question.truth is item["isTrue"]
            assert (question.tf_feedback + [None, None])[:2] == [_text(item["trueFeedback"]),
                                                                _text(item["falseFeedback"])]
        elif item["type"] == "Matching":
            assert question.pairs == [(p["subquestion"]["text"], p["subanswer"]) for p in item["matchPairs"]]
        elif item["type"] == "Numerical":
            assert [(n.value, n.tolerance, n.low, n.high) for n in question.numbers] == _numbers(item["choices"])


def _import(name: str) -> Any:
    path = GIFT_DIR / name
    return read_gift(path.read_text(encoding="utf-8"), path)


def _warnings(result: Any) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for finding in result.findings:
        assert finding.severity == "warning", str(finding)
        found.setdefault(finding.line, []).append(finding.message)
    return found


def test_every_construct_maps_to_the_quiz_format() -> None:
    """Multiple choice, weights, true/false, short answer, numbers, ranges, matching, feedback, titles."""
    php = _import("giftFormatPhpExamples.gift")
    by_id = {question.id: question for question in php.questions}
    first = by_id["q1"]
    assert isinstance(first, SingleChoice)
    assert [(c.text, c.correct) for c in first.choices] == [("Grant", False), ("Jefferson", False), ("no one", True)]
    assert isinstance(by_id["q3"], TrueFalse) and by_id["q3"].answer is False
    assert isinstance(by_id["q4"], ShortAnswer) and by_id["q4"].answers == ["no one", "nobody"]
    tolerance = by_id["q5"]
    assert isinstance(tolerance, Numeric) and (tolerance.answer, tolerance.tolerance) == (1822, 5)
    matching = by_id["q6"]
    assert isinstance(matching, Matching)
    assert matching.pairs == {"Canada": "Ottawa", "Italy": "Rome", "Japan": "Tokyo"}
    titled = by_id["grant-s-tomb"]
    assert isinstance(titled, SingleChoice) and titled.prompt == "Grant is _____ in Grant's tomb."
    assert [c.feedback for c in titled.choices] == ["No one is buried there.", "Right answer!", "We hope not!"]
    warnings = _warnings(php)
    assert any("partial credit for 'half credit answer'" in message for message in warnings[28])
    assert any("Nazereth (75%)" in message for message in warnings[33])
    assert any("only the answer 1822:0 is kept" in message for message in warnings[40])


def test_numerical_ranges_become_midpoint_and_half_width() -> None:
    numbers = [q for q in _import("numerical1.gift").questions if isinstance(q, Numeric)]
    assert [(q.answer, q.tolerance) for q in numbers[:8]] == [
        (1822, 0), (-1, 0), (3.1415, 0.0005), (-3.142, 0.001), (3.1415, 0.0005), (-3.1415, 0.0005),
        (3, 2), (0, 5)]


def test_positive_weights_make_a_multiple_choice_question_and_are_reported() -> None:
    result = _import("multipleAnswersFloat.gift")
    (question,) = result.questions
    assert isinstance(question, MultipleChoice)
    assert [c.text for c in question.choices if c.correct] == ["Africa", "Asia", "Antarctica"]
    assert question.prompt == "Select all of the options below which name a continent:"
    assert "all or nothing" in _warnings(result)[1][0]


def test_escapes_comments_and_general_feedback() -> None:
    (question,) = _import("escapeAll.gift").questions
    assert isinstance(question, SingleChoice) and question.id == "gift-control-characters"
    assert [c.text for c in question.choices] == ["~", "=", "#", "{", "}", ":", "\\"]
    assert question.choices[-1].feedback == ("Correct! \\ (backslash) is not a control character. BUT, "
                                             "it is used to escape the control characters.")
    (equals,) = _import("escapeEquals.gift").questions
    assert isinstance(equals, SingleChoice) and [c.text for c in equals.choices if c.correct] == ["= 2 + 3"]
    multi = _import("multiLineFeedback1.gift").questions[0]
    assert multi.explanation == "Global feedback split on multiple lines"


def test_what_the_quiz_format_cannot_hold_is_reported_with_its_line() -> None:
    category = _import("category1.gift")
    assert category.questions == [] and category.title_hint == "Default for LING-373-2194-B"
    assert "category '$course$/top/Default for LING-373-2194-B' is not kept" in category.findings[0].message
    described = _import("description1.gift")
    assert [f.line for f in described.findings] == [1] and "description" in described.findings[0].message
    assert isinstance(described.questions[0], TrueFalse)
    essay = _import("tag_id_and_two_tags.gift")
    assert {f.line for f in essay.findings} == {3} and not essay.questions


def test_html_questions_are_imported_as_markdown_without_tags() -> None:
    """Moodle marks nearly every exported question [html]: the learner must see text, not <p> tags."""
    question = _import("formatExamples.gift").questions[0]
    assert isinstance(question, SingleChoice)
    assert question.prompt == "The sun rises in which direction?"
    assert [(c.text, c.feedback) for c in question.choices] == [
        ("The east.", "**Awesome!**"), ("The west.", "What planet did *you* grow up on?")]
    dumped = question.model_dump_json()
    assert "<p>" not in dumped and "<em>" not in dumped and "<b>" not in dumped


def test_moodle_fixture_imports_its_nine_questions() -> None:
    """Moodle's own test says 'Importing 9 questions': the essay among them is reported, not imported."""
    path = MOODLE_DIR / "questions.gift.txt"
    result = read_gift(path.read_text(encoding="utf-8"), path)
    assert len(result.questions) == 8 and not result.errors
    assert "essay" in result.findings[0].message and result.findings[0].line == 2
    colours = next(q for q in result.questions if q.id == "colours")
    assert isinstance(colours, MultipleChoice)
    assert colours.prompt == "What's between orange and green in the spectrum?"
    assert [c.text for c in colours.choices if c.correct] == ["yellow", "off-beige"]
    assert [q.id for q in result.questions][-2:] == ["2-08-tsl", "2-08-tsl-2"]


@pytest.mark.parametrize("path", [*gift_files(), *sorted(MOODLE_DIR.glob("*.gift.txt"))], ids=lambda p: p.name)
def test_import_export_import_gives_the_same_questions(path: Path) -> None:
    first = read_gift(path.read_text(encoding="utf-8"), path)
    text, written = write_gift(first.questions, "Round trip", lambda qid, message: None)
    assert written == len(first.questions)
    again = read_gift(text, "exported.gift")
    assert not again.errors
    assert again.questions == first.questions


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")))
def test_escaping_round_trips_any_text(text: str) -> None:
    assert unescape(escape(text)) == text


_RISKY = "ab Z9%->[]/:=~#{}\\\n$*_.TF"
_line = st.text(alphabet=_RISKY, min_size=1, max_size=12).map(lambda s: " ".join(s.split())).filter(bool)
_any_text = _line | st.text(alphabet=_RISKY, min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def _questions(draw: st.DrawFn) -> Question:
    """Questions of every type GIFT holds, with text full of GIFT's control characters and line breaks."""
    kind = draw(st.sampled_from(["single", "multiple", "true_false", "short", "numeric", "matching"]))
    common: dict[str, Any] = {"id": "q", "type": kind, "prompt": draw(_any_text),
                              "explanation": draw(st.none() | _any_text)}
    if kind in ("single", "multiple"):
        texts = draw(st.lists(_any_text, min_size=2, max_size=4, unique=True))
        right = 1 if kind == "single" else draw(st.integers(1, len(texts)))
        choices = [{"text": text, "correct": index < right, "feedback": draw(st.none() | _any_text)}
                   for index, text in enumerate(texts)]
        if kind == "single":
            return SingleChoice(**common, choices=choices)
        return MultipleChoice(**common, choices=choices)
    if kind == "true_false":
        return TrueFalse(**common, answer=draw(st.booleans()), feedback=draw(st.none() | _any_text))
    if kind == "short":
        return ShortAnswer(**common, answers=draw(st.lists(_any_text, min_size=1, max_size=3, unique=True)))
    if kind == "numeric":
        answer = draw(st.integers(-10**6, 10**6)) / 1000
        return Numeric(**common, answer=answer, tolerance=draw(st.sampled_from([0, 2.5])))
    lefts = draw(st.lists(_line, min_size=2, max_size=3, unique=True))
    rights = draw(st.lists(_line, min_size=len(lefts), max_size=len(lefts), unique=True))
    return Matching(**common, pairs=dict(zip(lefts, rights, strict=True)))


@settings(max_examples=300)
@given(_questions())
def test_any_question_gift_can_hold_reads_back_the_same(question: Question) -> None:
    text, written = write_gift([question], "Property", lambda qid, message: None)
    if written:
        again = read_gift(text, "written.gift")
        assert not again.errors and again.questions == [question]


BROKEN = """\
::good one::Is this fine?{TRUE}

::broken title Is this fine?{TRUE}

Never closed {=yes ~no

Nothing right {~a ~b}

::also good::2 + 2 = ?{#4}

Two sections {=a ~b} and {=c ~d}

Not a number {#abc}
"""


def test_syntax_errors_are_located_and_good_questions_need_partial(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "broken.gift"
    source.write_text(BROKEN, encoding="utf-8")
    output = tmp_path / "quizzes" / "broken.yaml"
    assert main(["import", "gift", str(source), "-o", str(output)]) == 1
    err = capsys.readouterr().err
    for line, words in ((3, "closing '::'"), (5, "never closed"), (7, "no right answer"),
                        (11, "one answer section"), (13, "'abc' is not a number")):
        assert f"{source}:{line}: error: " in err and words in err
    assert "nothing was written" in err and not output.exists()
    assert main(["import", "gift", str(source), "-o", str(output), "--partial"]) == 0
    assert "imported 2 questions" in capsys.readouterr().err
    assert main(["validate", str(output)]) == 0
    assert "id: good-one" in output.read_text(encoding="utf-8")


def test_parse_errors_carry_the_line_of_the_trouble() -> None:
    ((block, meta),) = blocks("\n\nQuestion\nstill {=a\n~b\n")
    with pytest.raises(GiftSyntaxError) as raised:
        parse_block(block, meta)
    assert raised.value.line == 4


@pytest.mark.parametrize("name", ["giftFormatPhpExamples.gift", "options1.gift", "matching1.gift", "mc5.gift"])
def test_cli_writes_yaml_that_validates_and_exports_back(name: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "quizzes" / "imported.yaml"
    assert main(["import", "gift", str(GIFT_DIR / name), "-o", str(output)]) == 0
    assert main(["validate", str(output)]) == 0
    assert output.read_text(encoding="utf-8").startswith("kind: quiz\nid: imported\n")
    exported = tmp_path / "back.gift"
    assert main(["export", "gift", str(output), "-o", str(exported)]) == 0
    again = read_gift(exported.read_text(encoding="utf-8"), exported)
    original = read_gift((GIFT_DIR / name).read_text(encoding="utf-8"), name)
    assert again.questions == original.questions
    assert main(["import", "gift", str(GIFT_DIR / name), "-o", str(output)]) == 2
    assert "already exists; use --force" in capsys.readouterr().err


_TAG = re.compile(r"</?(p|b|i|em|strong|div|span|br|ul|ol|li|img|a|sub|sup|code|pre|h\d)\b[^>]*>", re.IGNORECASE)


@needs_testdata
def test_no_imported_gift_question_shows_an_html_tag() -> None:
    files = [*gift_files(), *sorted(MOODLE_DIR.glob("*.txt"))]
    html_files = [path for path in files if "[html]" in path.read_text(encoding="utf-8")]
    assert html_files, "the shared test data has [html] questions"
    for path in files:
        for question in read_gift(path.read_text(encoding="utf-8"), path).questions:
            assert not _TAG.search(question.model_dump_json()), f"{path.name}: {question.id}"


def test_credits_are_written_as_gift_weights_and_feedback_gift_lacks_is_reported() -> None:
    question = MultipleChoice.model_validate({
        "id": "capitals", "type": "multiple", "prompt": "Capitals in Europe?", "correct_feedback": "Well done.",
        "choices": [{"text": "London", "correct": True, "credit": 0.5}, {"text": "Paris", "correct": True,
                                                                         "credit": 0.5}, {"text": "Tokyo"}]})
    warnings: list[str] = []
    text, written = write_gift([question], "Capitals", lambda question_id, message: warnings.append(message))
    assert written == 1 and "~%50%London" in text and "~%50%Paris" in text and "~Tokyo" in text
    assert warnings == ["feedback for a right answer (correct_feedback) is not kept (GIFT has no such thing)"]


def test_exports_carry_a_cases_text_with_each_of_its_questions(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """GIFT, Aiken and Moodle XML have no cases: the case's title and text come before each question's prompt."""
    quiz = tmp_path / "cases.yaml"
    quiz.write_text("kind: quiz\nid: cases\ntitle: Cases\ncases:\n"
                    "  - {id: acme, title: Acme renews, text: Acme has 100 seats and renews 80.}\n"
                    "questions:\n"
                    "  - {id: q1, type: true_false, prompt: Acme renewed most seats., answer: true, case: acme}\n"
                    "  - {id: q2, type: true_false, prompt: Standalone., answer: false}\n", encoding="utf-8")
    for target in ("gift", "aiken", "moodle-xml"):
        assert main(["export", target, str(quiz)]) == 0
        out = capsys.readouterr().out
        assert out.count("Acme has 100 seats and renews 80.") == 1 and out.count("Acme renews") == 1, target
        assert out.index("Acme has 100 seats") < out.index("Acme renewed most seats"), target
