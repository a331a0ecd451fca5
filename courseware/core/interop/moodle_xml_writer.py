"""A quiz written as Moodle XML that ``moodle_xml.py`` reads back as the same quiz.

Markdown becomes HTML (markdown-it); files the text links to (images, sounds beside the quiz) are embedded
as base64 ``<file>``s behind ``@@PLUGINFILE@@`` links; the quiz's title is the category and each topic a
category under it; points are the default grade and there is no penalty (one try per question). What
Moodle XML cannot hold (a calculated numeric question, an incorrect-feedback of a true/false question) is
reported through ``warn``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from lxml import etree

from courseware.core.interop.gift import tidy
from courseware.core.interop.html_text import markdown_to_html
from courseware.core.interop.moodle_xml import PLUGINFILE
from courseware.core.model import (
    Matching,
    MultipleChoice,
    Numeric,
    Ordering,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)

_LOCAL_LINK = re.compile(r'(src|href)="([^":?#]+)"')
_TYPES = {SingleChoice: "multichoice", MultipleChoice: "multichoice", TrueFalse: "truefalse",
          ShortAnswer: "shortanswer", Numeric: "numerical", Matching: "matching", Ordering: "ordering"}


class _Writer:
    def __init__(self, base: Path | None, warn: Callable[[str, str], None]) -> None:
        self.base = base
        self.warn = warn
        self.question_id = ""

    def note(self, message: str) -> None:
        self.warn(self.question_id, message)

    def text(self, parent: Any, tag: str | None, markdown: str, *, fmt: str = "html") -> Any:
        """``<tag format="html"><text>HTML</text><file .../></tag>`` (or the text in ``parent`` itself)."""
        element = etree.SubElement(parent, tag) if tag else parent
        if fmt:
            element.set("format", fmt)
        html = markdown_to_html(markdown) if markdown else ""
        files: list[tuple[str, str, bytes]] = []
        html = _LOCAL_LINK.sub(lambda match: self.embed(match, files), html)
        etree.SubElement(element, "text").text = etree.CDATA(html) if html else ""
        for name, folder, content in files:
            file = etree.SubElement(element, "file", name=name, path=folder, encoding="base64")
            file.text = base64.b64encode(content).decode()
        return element

    def embed(self, match: re.Match[str], files: list[tuple[str, str, bytes]]) -> str:
        """A link to a file beside the quiz, as Moodle's ``@@PLUGINFILE@@`` link with the file embedded."""
        attribute, target = match.groups()
        target = unquote(target)
        path = (self.base / target) if self.base is not None else None
        if path is None or not path.is_file():
            if attribute == "src":
                self.note(f"image '{target}' is not embedded: no such file beside the quiz")
            return match.group(0)
        parts = target.split("/")
        folder = "/" + "".join(f"{part}/" for part in parts[1:-1])
        files.append((parts[-1], folder, path.read_bytes()))
        inside = "/".join(parts[1:]) if len(parts) > 1 else parts[0]
        return f'{attribute}="{PLUGINFILE}{quote(inside)}"'

    def question(self, quiz: Any, question: Question) -> bool:
        self.question_id = question.id
        if isinstance(question, Numeric) and question.answer is None:
            self.note("a numeric question computed by a calculator cannot be written to Moodle XML: skipped")
            return False
        element = etree.SubElement(quiz, "question", type=_TYPES[type(question)])
        etree.SubElement(etree.SubElement(element, "name"), "text").text = question.id
        self.text(element, "questiontext", question.prompt)
        self.text(element, "generalfeedback", question.explanation or "")
        etree.SubElement(element, "defaultgrade").text = f"{question.points:.7f}"
        etree.SubElement(element, "penalty").text = "0.0000000"
        etree.SubElement(element, "hidden").text = "0"
        self.body(element, question)
        return True

    def combined(self, element: Any, question: Question) -> None:
        self.text(element, "correctfeedback", question.correct_feedback or "")
        self.text(element, "partiallycorrectfeedback", "")
        self.text(element, "incorrectfeedback", question.incorrect_feedback or "")

    def answer(self, element: Any, fraction: float, text: str, feedback: str | None = None,
               fmt: str = "html") -> Any:
        answer = self.text(element, "answer", text, fmt=fmt)
        answer.set("fraction", f"{tidy(fraction)}")
        self.text(answer, "feedback", feedback or "")
        return answer

    def body(self, element: Any, question: Question) -> None:
        if isinstance(question, SingleChoice | MultipleChoice):
            single = isinstance(question, SingleChoice)
            etree.SubElement(element, "single").text = "true" if single else "false"
            etree.SubElement(element, "shuffleanswers").text = "true"
            etree.SubElement(element, "answernumbering").text = "abc"
            self.combined(element, question)
            right_count = sum(choice.correct for choice in question.choices)
            credited = any(choice.credit is not None for choice in question.choices)
            for choice in question.choices:
                if single or credited:  # as courseware grades: credit given, else all of it or nothing
                    default = 100.0 if choice.correct else 0.0
                else:  # all or nothing, in Moodle's terms: each right pick a share, a wrong one costs all
                    default = 100 / right_count if choice.correct else -100.0
                fraction = choice.credit * 100 if choice.credit is not None else default
                self.answer(element, float(f"{fraction:.7g}"), choice.text, choice.feedback)
            if not single and not credited:
                self.note("all-or-nothing marking is written as Moodle grades: each right choice earns its share, "
                          "each wrong one takes 100% away")
        elif isinstance(question, TrueFalse):
            for value in (True, False):
                is_right = value is question.answer
                self.answer(element, 100 if is_right else 0, "true" if value else "false",
                            question.correct_feedback if is_right else question.feedback, fmt="moodle_auto_format")
            if question.incorrect_feedback:
                self.note("incorrect feedback is not kept (Moodle's true/false has feedback per answer only)")
        elif isinstance(question, ShortAnswer):
            etree.SubElement(element, "usecase").text = "1" if question.case_sensitive else "0"
            for accepted in question.answers:
                self.answer(element, 100, accepted, question.correct_feedback, fmt="plain_text")
            if question.incorrect_feedback:
                self.answer(element, 0, "*", question.incorrect_feedback, fmt="plain_text")
        elif isinstance(question, Numeric):
            self.numeric(element, question)
        elif isinstance(question, Matching):
            etree.SubElement(element, "shuffleanswers").text = "true"
            self.combined(element, question)
            for item, partner in [*question.pairs.items(), *(("", extra) for extra in question.distractors)]:
                sub = self.text(element, "subquestion", item)
                etree.SubElement(etree.SubElement(sub, "answer"), "text").text = partner
        else:
            assert isinstance(question, Ordering)
            for tag, setting in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"),
                               ("gradingtype", "ALL_OR_NOTHING"), ("showgrading", "SHOW")):
                etree.SubElement(element, tag).text = setting
            self.combined(element, question)
            for position, item in enumerate(question.items, start=1):
                self.answer(element, position, item)

    def numeric(self, element: Any, question: Numeric) -> None:
        assert question.answer is not None
        answer = self.answer(element, 100, f"{tidy(question.answer)}", question.correct_feedback,
                             fmt="moodle_auto_format")
        etree.SubElement(answer, "tolerance").text = f"{tidy(question.tolerance)}"
        if question.incorrect_feedback:
            wrong = self.answer(element, 0, "*", question.incorrect_feedback, fmt="moodle_auto_format")
            etree.SubElement(wrong, "tolerance").text = "0"
        if question.unit:
            unit = etree.SubElement(etree.SubElement(element, "units"), "unit")
            etree.SubElement(unit, "multiplier").text = "1"
            etree.SubElement(unit, "unit_name").text = question.unit
            for tag, value in (("unitgradingtype", "0"), ("unitpenalty", "0.1000000"), ("showunits", "3"),
                               ("unitsleft", "0")):
                etree.SubElement(element, tag).text = value


def _category(quiz: Any, path: str, info: str | None, writer: _Writer) -> None:
    element = etree.SubElement(quiz, "question", type="category")
    etree.SubElement(etree.SubElement(element, "category"), "text").text = path
    writer.text(element, "info", info or "")


def write_moodle_xml(quiz: Quiz, base: Path | None, warn: Callable[[str, str], None]) -> tuple[bytes, int]:
    """The quiz as a Moodle XML document and how many questions it holds; ``base`` is the folder its
    linked files are found in; ``warn(question_id, message)`` hears what Moodle XML cannot hold."""
    writer = _Writer(base, warn)
    root = etree.Element("quiz")
    title = " ".join(quiz.title.replace("/", "-").split())
    top = f"$course$/{title}"
    _category(root, top, quiz.description, writer)
    current, written = top, 0
    for question in quiz.questions:
        topic = question.topic or quiz.topic
        wanted = f"{top}/{topic}" if topic else top
        if wanted != current:
            _category(root, wanted, None, writer)
            current = wanted
        written += writer.question(root, question)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True), written
