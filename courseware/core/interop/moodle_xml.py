"""Moodle XML question files (Moodle's default export) read as quiz questions.

The mapping, each loss reported on the question's line:

- ``multichoice`` is a single or multiple-choice question; Moodle's fractions become each choice's
  ``credit`` (a fraction Moodle itself would refuse, like 33%, is an error, as in Moodle);
- ``truefalse`` keeps the right answer's feedback as ``correct_feedback``, the wrong one's as ``feedback``;
- ``shortanswer`` keeps its fully right answers and ``usecase``; a ``*`` answer's feedback is the
  ``incorrect_feedback``; ``numerical`` keeps the fully right value, its tolerance and the unit whose
  multiplier is 1; ``matching`` keeps its pairs and extra answers; ``ordering`` its items in order;
- ``defaultgrade`` is the question's points; general feedback its explanation; correct and incorrect
  feedback are kept, partially-correct feedback, hints, penalties, tags and idnumbers are not;
- categories: the part every category shares is the quiz's title (its ``info`` the description), the rest
  of each category path the topic of its questions;
- description, essay, cloze, calculated, random and other types are errors (left out with ``--partial``);
- every text is HTML converted to Markdown; embedded files (``@@PLUGINFILE@@`` with base64 ``<file>``s, and
  Moodle 1.9's ``<image_base64>``) are handed back in ``files`` to be saved beside the quiz, and linked.

XML is parsed with lxml with entity expansion, DTD loading and network access off.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from courseware.core.interop.findings import Finding, ImportResult, Severity, build_question, slugify, unique_id
from courseware.core.interop.gift import tidy
from courseware.core.interop.html_text import html_to_markdown, looks_like_html, plain_to_markdown

PLUGINFILE = "@@PLUGINFILE@@/"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                          remove_pis=True, huge_tree=False)
_LEFT_OUT = {
    "description": "a description (text without answers)", "essay": "an essay question (graded by a person)",
    "cloze": "a cloze question (answers embedded in the text)",
    "multianswer": "a cloze question (answers embedded in the text)",
    "calculated": "a calculated question (a formula over random values)",
    "calculatedsimple": "a calculated question (a formula over random values)",
    "calculatedmulti": "a calculated multiple-choice question (a formula over random values)",
    "random": "a random question (drawn from a category when the quiz starts)",
    "randomsamatch": "a random short-answer matching question",
}
#: Moodle's grades (question_bank::fraction_options_full): a fraction must be one of these, or its negative.
_MOODLE_GRADES = (1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
                  0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0)
_COURSE_ROOTS = {"$course$", "$module$", "$system$", "$cat1$", "$cat2$", "$cat3$", "$cat4$", "top"}


class MoodleXmlError(Exception):
    """The file is not Moodle XML at all (not XML, or no ``<quiz>``)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def parse_document(data: bytes) -> Any:
    """The root element of a Moodle XML file, parsed without expanding entities or fetching anything."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else 1
        raise MoodleXmlError(f"not well-formed XML: {error.msg}", line) from None
    if root is None or root.tag not in ("quiz", "question"):
        raise MoodleXmlError(f"not Moodle XML: the root element is <{getattr(root, 'tag', '?')}>, not <quiz>")
    return root


class _Reader:
    """Reads one file's questions, noting what is lost on each question's line."""

    def __init__(self, path: Path | str, files_prefix: str) -> None:
        self.path = path
        self.prefix = files_prefix.rstrip("/")
        self.result = ImportResult()
        self.taken: set[str] = set()
        self.line = 1
        self.category: tuple[str, ...] = ()
        self.categories: list[tuple[str, ...]] = []
        self.infos: dict[tuple[str, ...], str] = {}
        self.question_categories: list[tuple[str, ...]] = []
        self.penalties: list[tuple[int, str]] = []

    def note(self, message: str, severity: Severity = "warning", line: int | None = None) -> None:
        self.result.findings.append(Finding(self.path, line or self.line, severity, message))

    # -- text -------------------------------------------------------------------------------------------------

    def rich(self, owner: Any, tag: str | None = None) -> str:
        """The Markdown of ``owner/<tag>/text`` (or ``owner/text``), its embedded files collected."""
        element = owner.find(tag) if tag else owner
        if element is None:
            return ""
        self.collect_files(element)
        raw = element.findtext("text") or ""
        fmt = element.get("format", "html")
        if fmt == "markdown":
            return raw.strip()
        if fmt == "plain_text":
            return plain_to_markdown(raw)
        return html_to_markdown(raw.replace(PLUGINFILE, f"{self.prefix}/"))

    def collect_files(self, element: Any) -> None:
        for file in element.findall("file"):
            name = (file.get("name") or "").strip()
            folder = (file.get("path") or "/").strip("/")
            if not name or "/" in name or ".." in (name, folder) or folder.startswith(".."):
                self.note(f"embedded file '{name}' has an unusable name: not saved")
                continue
            try:
                content = base64.b64decode("".join((file.text or "").split()), validate=True)
            except (binascii.Error, ValueError):
                self.note(f"embedded file '{name}' is not valid base64: not saved")
                continue
            self.result.files["/".join(part for part in (self.prefix, folder, name) if part)] = content

    def old_image(self, question: Any) -> str:
        """Moodle 1.9's ``<image>`` beside the text, as a Markdown image after the prompt."""
        name = (question.findtext("image") or "").strip()
        if not name:
            return ""
        encoded = "".join((question.findtext("image_base64") or "").split())
        if not encoded:
            self.note(f"image '{name}' is named but not included in the file: not linked")
            return ""
        try:
            self.result.files[f"{self.prefix}/{Path(name).name}"] = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            self.note(f"image '{name}' is not valid base64: not saved")
            return ""
        return f"\n\n![]({self.prefix}/{Path(name).name})"

    # -- questions --------------------------------------------------------------------------------------------

    def read(self, root: Any) -> ImportResult:
        questions = [root] if root.tag == "question" else root.findall("question")
        for number, question in enumerate(questions, start=1):
            self.line = question.sourceline or 1
            kind = question.get("type", "")
            if kind == "category":
                self.read_category(question)
                continue
            self.read_question(question, kind, number)
        self.finish()
        return self.result

    def read_category(self, question: Any) -> None:
        path = question.findtext("category/text") or ""
        self.category = tuple(part.strip() for part in path.split("/") if part.strip())
        self.categories.append(self.category)
        info = self.rich(question, "info")
        if info:
            self.infos[self.category] = info

    def read_question(self, question: Any, kind: str, number: int) -> None:
        name = _plain_name(question.findtext("name/text") or "")
        if kind in _LEFT_OUT or kind not in _MAPPERS:
            what = _LEFT_OUT.get(kind, f"a '{kind}' question (a type the quiz format has no equivalent for)")
            self.note(f"{what}{f' ({name!r})' if name else ''} is left out: a quiz holds only questions it can "
                      "grade", "error")
            return
        data: dict[str, Any] = {"prompt": self.rich(question, "questiontext") + self.old_image(question)}
        explanation = self.rich(question, "generalfeedback")
        if explanation:
            data["explanation"] = explanation
        grade = _number(question.findtext("defaultgrade"))
        if grade is not None and grade > 0:
            data["points"] = tidy(grade)
        elif grade is not None:
            self.note(f"default mark {grade:g} is not kept: a question is worth more than nothing (1 point)")
        penalty = _number(question.findtext("penalty"))
        if penalty:
            self.penalties.append((self.line, name or f"question {number}"))
        self.lost_extras(question)
        if not _MAPPERS[kind](self, question, data):
            return
        wanted = slugify(name, f"q{number}") if name else f"q{number}"
        data = {"id": unique_id(wanted, self.taken), **data}
        built, problems = build_question(data)
        for problem in problems:
            self.note(problem, "error")
        if built is not None:
            self.result.questions.append(built)
            self.question_categories.append(self.category)

    def lost_extras(self, question: Any) -> None:
        partly = self.rich(question, "partiallycorrectfeedback")
        if partly:
            self.note(f"feedback for a partly right answer ('{partly[:40]}') is not kept")
        hints = [text for hint in question.findall("hint") if (text := self.rich(hint))]
        if hints:
            self.note(f"{len(hints)} hint{'s' * (len(hints) > 1)} for retries not kept (one try per question)")
        tags = [text.strip() for text in question.xpath("tags/tag/text/text()") if text.strip()]
        if tags:
            self.note(f"tags {', '.join(tags)} are not kept (a question has a topic, from its category)")
        idnumber = (question.findtext("idnumber") or "").strip()
        if idnumber:
            self.note(f"Moodle idnumber '{idnumber}' is not kept (the question id comes from its name)")

    def combined(self, question: Any, data: dict[str, Any]) -> None:
        for tag, key in (("correctfeedback", "correct_feedback"), ("incorrectfeedback", "incorrect_feedback")):
            text = self.rich(question, tag)
            if text:
                data[key] = text

    def finish(self) -> None:
        """Categories to title, description and topics; penalties noted once."""
        if self.penalties:
            names = ", ".join(repr(name) for _, name in self.penalties[:3]) + (", ..." if len(self.penalties) > 3
                                                                              else "")
            self.note(f"penalties for retries are not kept ({len(self.penalties)} question"
                      f"{'s' * (len(self.penalties) > 1)}: {names}): a quiz attempt has one try per question",
                      line=self.penalties[0][0])
        paths = [_trimmed(category) for category in self.categories]
        if not paths:
            return
        common = list(paths[0])
        for path in paths[1:]:
            while tuple(common) != path[: len(common)]:
                common.pop()
        if common:
            self.result.title_hint = common[-1]
            for category, info in self.infos.items():
                if _trimmed(category) == tuple(common):
                    self.result.description_hint = info
        topics = [slugify("-".join(_trimmed(category)[len(common):]), "") or None
                  for category in self.question_categories]
        for category, topic in zip(self.question_categories, topics, strict=True):
            if topic is not None:
                self.result.category_titles.setdefault(topic, _trimmed(category)[-1])
        if topics and len(set(topics)) == 1:
            self.result.topic_hint = topics[0]
        else:
            self.result.questions = [question.model_copy(update={"topic": topic}) if topic else question
                                     for question, topic in zip(self.result.questions, topics, strict=True)]


def _plain_name(text: str) -> str:
    """A question's name as plain text: Moodle lets HTML into names ("<strong>invalid</strong> grades")."""
    if looks_like_html(text):
        text = lxml.html.fragment_fromstring(text, create_parent="div").text_content()
    return " ".join(text.split())


def _trimmed(category: tuple[str, ...]) -> tuple[str, ...]:
    """A category path without Moodle's context prefix (``$course$``, ``top``)."""
    parts = list(category)
    while parts and parts[0].lower() in _COURSE_ROOTS:
        parts.pop(0)
    return tuple(parts)


def _number(text: str | None) -> float | None:
    try:
        return float(text) if text is not None and text.strip() else None
    except ValueError:
        return None


def _answers(reader: _Reader, question: Any) -> list[tuple[float, str, str, Any]]:
    """Each answer's fraction (0..1), Markdown text, feedback and element."""
    found = []
    for answer in question.findall("answer"):
        fraction = (_number(answer.get("fraction")) or 0.0) / 100
        found.append((fraction, reader.rich(answer), reader.rich(answer, "feedback"), answer))
    return found


def _moodle_grade(reader: _Reader, fraction: float, text: str) -> bool:
    if any(abs(abs(fraction) - grade) < 1e-6 for grade in _MOODLE_GRADES):
        return True
    nearest = min(_MOODLE_GRADES, key=lambda grade: abs(abs(fraction) - grade)) * (1 if fraction >= 0 else -1)
    reader.note(f"the grade {fraction * 100:g}% of '{text[:40]}' is not one of Moodle's grades (the nearest is "
                f"{nearest * 100:.7g}%); Moodle refuses this question too", "error")
    return False


def _multichoice(reader: _Reader, question: Any, data: dict[str, Any]) -> bool:
    answers = _answers(reader, question)
    if not all(_moodle_grade(reader, fraction, text) for fraction, text, _, _ in answers):
        return False
    single = (question.findtext("single") or "true").strip().lower() in ("true", "1")
    choices = []
    for fraction, text, feedback, _ in answers:
        right = fraction >= 1 - 1e-6 if single else fraction > 0
        choice: dict[str, Any] = {"text": text}
        if right:
            choice["correct"] = True
        if fraction != 0 and (not single or not right):  # a wrong choice earns nothing unless it says so
            choice["credit"] = tidy(fraction)
        if feedback:
            choice["feedback"] = feedback
        choices.append(choice)
    if not single and sum(max(fraction, 0) for fraction, *_ in answers) < 1 - 1e-4:
        reader.note("the positive grades add up to less than 100%: nobody can earn full marks", "error")
        return False
    if single and not any(choice.get("correct") for choice in choices):
        reader.note("no answer has a grade of 100%; Moodle refuses this question too", "error")
        return False
    data.update(type="single" if single else "multiple", choices=choices)
    reader.combined(question, data)
    return True


def _truefalse(reader: _Reader, question: Any, data: dict[str, Any]) -> bool:
    answers = _answers(reader, question)
    truth = [(text.strip().lower(), fraction, feedback) for fraction, text, feedback, _ in answers]
    right = [(text, feedback) for text, fraction, feedback in truth if fraction >= 1 - 1e-6]
    wrong = [(text, feedback) for text, fraction, feedback in truth if fraction < 1 - 1e-6]
    if len(right) != 1 or right[0][0] not in ("true", "false"):
        reader.note("a true/false question needs one answer 'true' or 'false' with 100%", "error")
        return False
    data.update(type="true_false", answer=right[0][0] == "true")
    if right[0][1]:
        data["correct_feedback"] = right[0][1]
    if wrong and wrong[0][1]:
        data["feedback"] = wrong[0][1]
    return True


def _catch_all(reader: _Reader, data: dict[str, Any], answers: list[tuple[float, str, str, Any]]) -> None:
    """Fully right answers' common feedback is the correct feedback; a ``*`` answer's the incorrect one."""
    right_feedback = {feedback for fraction, _, feedback, _ in answers if fraction >= 1 - 1e-6}
    if len(right_feedback) == 1 and (feedback := right_feedback.pop()):
        data["correct_feedback"] = feedback
    elif len(right_feedback) > 1:
        reader.note("the right answers have different feedback: none is kept")
    for fraction, text, feedback, _ in answers:
        if text.strip() in ("*", "\\*") and fraction == 0:
            if feedback:
                data["incorrect_feedback"] = feedback
        elif fraction < 1 - 1e-6:
            reader.note(f"the answer '{text}' ({fraction * 100:g}%) is not kept"
                        + (" nor its feedback" if feedback else "") + ": only fully right answers count")


def _shortanswer(reader: _Reader, question: Any, data: dict[str, Any]) -> bool:
    answers = _answers(reader, question)
    accepted = [text for fraction, text, _, _ in answers if fraction >= 1 - 1e-6 and text]
    if not accepted:
        reader.note("no answer has a grade of 100%", "error")
        return False
    data.update(type="short", answers=accepted)
    if (question.findtext("usecase") or "0").strip() not in ("0", "false", ""):
        data["case_sensitive"] = True
    _catch_all(reader, data, answers)
    return True


def _numerical(reader: _Reader, question: Any, data: dict[str, Any]) -> bool:
    answers = _answers(reader, question)
    right = [(text, element) for fraction, text, _, element in answers if fraction >= 1 - 1e-6]
    value = _number(right[0][0].replace("\\", "")) if right else None
    if value is None:
        reader.note("no numeric answer has a grade of 100%", "error")
        return False
    data.update(type="numeric", answer=tidy(value))
    tolerance = _number(right[0][1].findtext("tolerance"))
    if tolerance:
        data["tolerance"] = tidy(abs(tolerance))
    if len(right) > 1:
        reader.note(f"only the first fully right value ({right[0][0]}) is kept")
    _catch_all(reader, data, [answer for answer in answers if answer[3] is not right[0][1]])
    units = [(unit.findtext("unit_name") or "").strip() for unit in question.findall("units/unit")]
    multipliers = [_number(unit.findtext("multiplier")) for unit in question.findall("units/unit")]
    base = [name for name, multiplier in zip(units, multipliers, strict=True) if multiplier == 1 and name]
    if base:
        data["unit"] = base[0]
    others = [f"{name} (x{multiplier:g})" for name, multiplier in zip(units, multipliers, strict=True)
              if name and name not in base[:1] and multiplier is not None]
    if others:
        reader.note(f"units {', '.join(others)} are not kept: the answer is typed in {base[0] if base else 'no unit'}"
                    " (courseware converts units it knows, like days to weeks)")
    return True


def _matching(reader: _Reader, question: Any, data: dict[str, Any]) -> bool:
    pairs: dict[str, str] = {}
    distractors: list[str] = []
    for sub in question.findall("subquestion"):
        left, right = reader.rich(sub), reader.rich(sub, "answer")
        if not left:
            distractors.append(right)
        elif left in pairs:
            reader.note(f"the item '{left}' is listed twice", "error")
            return False
        else:
            pairs[left] = right
    data.update(type="matching", pairs=pairs)
    if distractors:
        data["distractors"] = distractors
    reader.combined(question, data)
    return True


def _ordering(reader: _Reader, question: Any, data: dict[str, Any]) -> bool:
    data.update(type="ordering", items=[text for _, text, _, _ in _answers(reader, question)])
    reader.combined(question, data)
    return True


_MAPPERS: dict[str, Callable[[_Reader, Any, dict[str, Any]], bool]] = {
    "multichoice": _multichoice, "truefalse": _truefalse, "shortanswer": _shortanswer, "numerical": _numerical,
    "matching": _matching, "ordering": _ordering,
}


def read_moodle_xml(data: bytes, path: Path | str, *, files_prefix: str) -> ImportResult:
    """Every question of a Moodle XML file the quiz format can hold, and a finding for everything else.

    Embedded files come back in ``files`` under ``files_prefix`` (a folder beside the quiz), which is also
    how the Markdown links them.
    """
    try:
        root = parse_document(data)
    except MoodleXmlError as error:
        result = ImportResult()
        result.findings.append(Finding(path, error.line, "error", error.message))
        return result
    reader = _Reader(path, files_prefix)
    if root.getroottree().docinfo.internalDTD is not None:
        reader.note("the file's DOCTYPE declares entities; they are not expanded (a safeguard against entity "
                    "bombs and file disclosure), so text using them is left without them")
    return reader.read(root)
