"""Flashcards from a two-column file, as Anki ("Notes in Plain Text") and Quizlet export them.

The separator is the one Anki's ``#separator:`` header names, else the one the first lines use (tab,
comma, semicolon or pipe). Anki's ``#html:true`` files have their HTML turned into text; a third column
is read as tags when Anki's ``#tags column:3`` header says so.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from courseware.core.interop.findings import Finding, Severity, slugify, tag_id, unique_id
from courseware.core.model import Card, Deck

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>\s*<p>|</div>\s*<div>", re.IGNORECASE)


def _headers(text: str) -> tuple[dict[str, str], int]:
    """Anki's ``#key:value`` header lines and how many lines they take."""
    headers: dict[str, str] = {}
    count = 0
    for line in text.splitlines():
        if not line.startswith("#") or ":" not in line:
            break
        key, _, value = line[1:].partition(":")
        headers[key.strip().lower()] = value.strip()
        count += 1
    return headers, count


def _separator(headers: dict[str, str], body: str) -> str:
    named = headers.get("separator", "").lower()
    if named in _SEPARATORS:
        return _SEPARATORS[named]
    if len(named) == 1:
        return named
    sample = "\n".join(body.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters="\t,;|").delimiter
    except csv.Error:
        return "\t" if "\t" in sample else ","


def _plain(value: str, is_html: bool) -> tuple[str, bool]:
    """Field text without HTML; the flag says whether markup was removed."""
    if not is_html or ("<" not in value and "&" not in value):
        return value.strip(), False
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n", value))).replace("\xa0", " ")
    return text.strip(), _TAG.search(value) is not None


def _column(headers: dict[str, str], name: str) -> int | None:
    """A 0-based column Anki's ``#NAME column:N`` header names, if any."""
    value = headers.get(f"{name} column", "")
    return int(value) - 1 if value.isdigit() and int(value) > 0 else None


def read_csv_cards(text: str, path: Path | str, *, reverse: bool = False,
                   separator: str | None = None) -> tuple[list[Card], list[Finding]]:
    """Cards from the file and the findings: an error for each row that is not a card.

    The front and back are the first two columns that Anki's headers do not name as its note's guid,
    note type, deck or tags column.
    """
    headers, skip = _headers(text)
    body = "\n".join(text.splitlines()[skip:])
    separator = separator or _separator(headers, body)
    is_html = headers.get("html", "").lower() == "true" or bool(re.search(r"<br\s*/?>|&nbsp;", body, re.I))
    tags_column = _column(headers, "tags")
    meta = {column for column in (_column(headers, name) for name in ("guid", "notetype", "deck", "tags"))
            if column is not None}
    cards: list[Card] = []
    findings: list[Finding] = []
    taken: set[str] = set()
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    line = skip + 1
    for row in reader:
        start, line = line, skip + reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        fields = [(index, cell) for index, cell in enumerate(row) if index not in meta]
        tags = row[tags_column].split() if tags_column is not None and tags_column < len(row) else []
        card = _card(fields, tags, _Where(path, start, findings), is_html, reverse, taken)
        if card is not None:
            cards.append(card)
    return cards, findings


@dataclass
class _Where:
    """Where a row is, and where its findings go."""

    path: Path | str
    line: int
    findings: list[Finding]

    def note(self, severity: Severity, message: str) -> None:
        self.findings.append(Finding(self.path, self.line, severity, message))


def _card(fields: list[tuple[int, str]], tags: list[str], where: _Where, is_html: bool, reverse: bool,
          taken: set[str]) -> Card | None:
    if len(fields) < 2:
        where.note("error", "a card needs a front and a back (two columns)")
        return None
    (front, front_html), (back, back_html) = _plain(fields[0][1], is_html), _plain(fields[1][1], is_html)
    if front_html or back_html:
        where.note("warning", "HTML formatting removed: cards are plain text and Markdown")
    extra = [index for index, cell in fields[2:] if cell.strip()]
    if extra:
        named = ", ".join(str(index + 1) for index in extra)
        where.note("warning", f"column{'s' * (len(extra) > 1)} {named} {'are' if len(extra) > 1 else 'is'} "
                              "not kept (a card has a front and a back)")
    if not front or not back:
        where.note("error", f"a card needs a front and a back; this row has no {'front' if not front else 'back'}")
        return None
    card_id = unique_id(slugify(front, f"card-{where.line}"), taken)
    return Card(id=card_id, front=front, back=back, tags=sorted({tag_id(tag) for tag in tags}),
                reverse=reverse)


def build_deck(deck_id: str, title: str, cards: list[Card]) -> Deck:
    return Deck(kind="deck", id=deck_id, title=title, cards=cards)
