"""Moodle's GIFT format read into plain question records, before any mapping to the quiz model.

The records keep what the file says (weights, per-answer feedback, text formats, categories) so the
mapping in ``gift.py`` can decide what the quiz format holds and report the rest. Questions are split
on blank lines, as Moodle does, so one broken question never swallows the next; every record and
every error carries the line its question starts on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ESCAPABLE = "~=#{}:\\"
FORMATS = ("html", "moodle", "plain", "markdown")
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]")
_WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_TRUTH = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_META = re.compile(r"\[(id|tag):([^\]]*)\]")


class GiftSyntaxError(Exception):
    """A question that cannot be read, at the line of the trouble."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _credit(right: bool, weight: float | None) -> float:
    """The percentage Moodle awards an answer: ``=`` is 100 unless weighted, ``~`` is 0 unless weighted."""
    if weight is not None:
        return weight
    return 100.0 if right else 0.0


@dataclass
class Answer:
    """One ``=`` or ``~`` answer: its text, weight in percent (None when not given) and feedback."""

    text: str
    right: bool
    weight: float | None = None
    feedback: str | None = None

    @property
    def credit(self) -> float:
        return _credit(self.right, self.weight)


@dataclass
class NumberAnswer:
    """One numerical answer: ``value`` within ``tolerance``, or ``low..high``; None for ``~`` catch-alls."""

    value: float | None
    tolerance: float = 0.0
    low: float | None = None
    high: float | None = None
    right: bool = True
    weight: float | None = None
    feedback: str | None = None
    text: str = ""

    @property
    def credit(self) -> float:
        return _credit(self.right, self.weight)


@dataclass
class GiftQuestion:
    """A question as the GIFT file states it. ``kind`` is one of category, description, essay, tf, mc,
    short, numerical or matching."""

    kind: str
    line: int
    title: str | None = None
    stem: str = ""
    stem_format: str = "moodle"
    embedded: bool = False
    answers: list[Answer] = field(default_factory=list)
    numbers: list[NumberAnswer] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    truth: bool | None = None
    tf_feedback: list[str | None] = field(default_factory=list)
    general_feedback: str | None = None
    formats: set[str] = field(default_factory=set)
    moodle_id: str | None = None
    tags: list[str] = field(default_factory=list)


def find(text: str, target: str, start: int = 0) -> int:
    """Index of the first unescaped ``target`` at or after ``start``, or -1."""
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(target, index):
            return index
        index += 1
    return -1


def split(text: str, separators: str) -> list[str]:
    """Split at every unescaped separator character, keeping each separator at the start of its part."""
    parts, current, index = [], "", 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            current += text[index:index + 2]
            index += 2
            continue
        if char in separators:
            parts.append(current)
            current = char
        else:
            current += char
        index += 1
    parts.append(current)
    return parts


def unescape(text: str) -> str:
    """``\\~`` and friends become the character, ``\\n`` a new line; any other backslash stays."""
    def replace(match: re.Match[str]) -> str:
        char = match.group(1)
        if char in ESCAPABLE:
            return char
        return "\n" if char == "n" else match.group(0)
    return _ESCAPE.sub(replace, text)


def decode(raw: str, fmt: str, formats: set[str]) -> tuple[str, str]:
    """Text and its format: a ``[format]`` marker wins over ``fmt``; moodle and plain text collapse
    whitespace, HTML and Markdown keep their line breaks."""
    marker = _FORMAT.match(raw)
    if marker:
        fmt = marker.group(1)
        formats.add(fmt)
        raw = raw[marker.end():]
    text = unescape(raw)
    if fmt in ("html", "markdown"):
        return text.strip(), fmt
    return re.sub(r"\s+", " ", text).strip(), fmt


def _number(text: str, line: int) -> float:
    try:
        return float(text)
    except ValueError:
        raise GiftSyntaxError(f"'{text}' is not a number", line) from None


def _split_feedback(raw: str) -> tuple[str, str | None]:
    cut = find(raw, "#")
    return (raw, None) if cut < 0 else (raw[:cut], raw[cut + 1:])


def _weight(raw: str, line: int) -> tuple[float | None, str]:
    match = _WEIGHT.match(raw)
    if match is None:
        if raw.lstrip().startswith("%"):
            raise GiftSyntaxError(f"answer weight '{raw.strip()[:20]}' should look like %50%", line)
        return None, raw
    return float(match.group(1)), raw[match.end():]


class _Block:
    """The text of one question with a map back to file lines."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.first_line = lines[0][0]
        self.text = "\n".join(text for _, text in lines)
        self._lines = [number for number, _ in lines]

    def line_at(self, offset: int) -> int:
        return self._lines[min(self.text.count("\n", 0, max(offset, 0)), len(self._lines) - 1)]


def blocks(source: str) -> list[tuple[_Block, dict[str, list[str]]]]:
    """Questions separated by blank lines, with the ``// [id:..] [tag:..]`` comments just before each."""
    found: list[tuple[_Block, dict[str, list[str]]]] = []
    current: list[tuple[int, str]] = []
    meta: dict[str, list[str]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            if not current:
                for key, value in _META.findall(stripped):
                    meta.setdefault(key, []).append(value.strip())
            continue
        if not stripped:
            if current:
                found.append((_Block(current), meta))
                current, meta = [], {}
            continue
        current.append((number, line))
    if current:
        found.append((_Block(current), meta))
    return found


def parse_block(block: _Block, meta: dict[str, list[str]]) -> GiftQuestion:
    """Read one question; raises ``GiftSyntaxError`` at the line of the first problem."""
    text = block.text
    start = len(text) - len(text.lstrip())
    if text[start:].startswith("$CATEGORY:"):
        return GiftQuestion("category", block.first_line, title=text[start + len("$CATEGORY:"):].strip())
    question = GiftQuestion("description", block.first_line)
    question.moodle_id = meta.get("id", [None])[0]
    question.tags = meta.get("tag", [])
    if text[start:].startswith("::"):
        end = find(text, "::", start + 2)
        if end < 0:
            raise GiftSyntaxError("the title starts with '::' but has no closing '::'", block.line_at(start))
        question.title = unescape(text[start + 2:end]).strip()
        start = end + 2
    opening = find(text, "{", start)
    closing = find(text, "}", start)
    if opening < 0:
        if closing >= 0:
            raise GiftSyntaxError("'}' without an opening '{' (write \\} for a literal brace)",
                                  block.line_at(closing))
        question.stem, question.stem_format = decode(text[start:], "moodle", question.formats)
        return question
    if 0 <= closing < opening:
        raise GiftSyntaxError("'}' before the answers' '{' (write \\} for a literal brace)", block.line_at(closing))
    closing = find(text, "}", opening + 1)
    nested = find(text, "{", opening + 1)
    if closing < 0:
        raise GiftSyntaxError("the answers opened with '{' are never closed with '}'", block.line_at(opening))
    if 0 <= nested < closing:
        raise GiftSyntaxError("'{' inside the answers (write \\{ for a literal brace)", block.line_at(nested))
    after = text[closing + 1:]
    extra = min((i for i in (find(after, "{"), find(after, "}")) if i >= 0), default=-1)
    if extra >= 0:
        raise GiftSyntaxError("a question has one answer section in braces; this one has more",
                              block.line_at(closing + 1 + extra))
    before = text[start:opening]
    question.embedded = bool(after.strip())
    stem = f"{before} _____ {after}" if question.embedded else before
    question.stem, question.stem_format = decode(stem, "moodle", question.formats)
    _parse_answers(question, text[opening + 1:closing], block.line_at(opening))
    return question


def _parse_answers(question: GiftQuestion, body: str, line: int) -> None:
    fmt, formats = question.stem_format, question.formats
    cut = find(body, "####")
    if cut >= 0:
        question.general_feedback, _ = decode(body[cut + 4:], fmt, formats)
        body = body[:cut]
    body = body.strip()
    if not body:
        question.kind = "essay"
        return
    if body.startswith("#"):
        question.kind = "numerical"
        question.numbers = _numbers(body[1:], fmt, formats, line)
        return
    pieces = split(body, "#")
    if pieces[0].strip().upper() in _TRUTH:
        question.kind, question.truth = "tf", _TRUTH[pieces[0].strip().upper()]
        question.tf_feedback = [decode(piece[1:], fmt, formats)[0] or None for piece in pieces[1:]]
        if len(question.tf_feedback) > 2:
            raise GiftSyntaxError("a true/false answer takes at most two feedbacks (#wrong#right)", line)
        return
    parts = split(body, "=~")
    if parts[0].strip():
        if len(parts) > 1:
            raise GiftSyntaxError(f"answer text '{parts[0].strip()[:30]}' before the first '=' or '~'", line)
        parts = ["=" + parts[0]]
    else:
        parts = parts[1:]
    if all(part[0] == "=" and find(part, "->") >= 0 for part in parts):
        question.kind = "matching"
        for part in parts:
            arrow = find(part, "->")
            left, _ = decode(part[1:arrow], fmt, formats)
            right, _ = decode(part[arrow + 2:], fmt, formats)
            question.pairs.append((left, right))
        return
    question.kind = "mc" if any(part[0] == "~" for part in parts) else "short"
    for part in parts:
        weight, rest = _weight(part[1:], line)
        raw_text, raw_feedback = _split_feedback(rest)
        answer_text, answer_format = decode(raw_text, fmt, formats)
        feedback = decode(raw_feedback, answer_format, formats)[0] or None if raw_feedback is not None else None
        question.answers.append(Answer(answer_text, part[0] == "=", weight, feedback))


def _numbers(body: str, fmt: str, formats: set[str], line: int) -> list[NumberAnswer]:
    parts = split(body.strip(), "=~")
    if parts[0].strip():
        parts[0] = "=" + parts[0]
    else:
        parts = parts[1:]
    if not parts:
        raise GiftSyntaxError("a numerical question needs a number after '#'", line)
    numbers = []
    for part in parts:
        weight, rest = _weight(part[1:], line)
        raw_value, raw_feedback = _split_feedback(rest)
        feedback = decode(raw_feedback, fmt, formats)[0] or None if raw_feedback is not None else None
        value = unescape(raw_value).strip()
        answer = NumberAnswer(None, right=part[0] == "=", weight=weight, feedback=feedback, text=value)
        if ".." in value:
            low_text, _, high_text = value.partition("..")
            answer.low, answer.high = _number(low_text.strip(), line), _number(high_text.strip(), line)
            if answer.low > answer.high:
                raise GiftSyntaxError(f"the range {value} runs backwards", line)
        elif ":" in value:
            value_text, _, tolerance_text = value.partition(":")
            answer.value, answer.tolerance = _number(value_text.strip(), line), _number(tolerance_text.strip(), line)
            if answer.tolerance < 0:
                raise GiftSyntaxError(f"the tolerance in {value} is negative", line)
        elif value:
            answer.value = _number(value, line)
        elif answer.right:
            raise GiftSyntaxError("a numerical answer with '=' needs a number", line)
        numbers.append(answer)
    return numbers
