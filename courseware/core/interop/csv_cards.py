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
from pathlib import Path
from typing import Any

from courseware.core.interop.findings import Finding, slugify, unique_id
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


def read_csv_cards(text: str, path: Path | str, *, reverse: bool = False) -> tuple[list[Card], list[Finding]]:
    """Cards from the file and the findings: an error for each row that is not a card."""
    headers, skip = _headers(text)
    body = "\n".join(text.splitlines()[skip:])
    separator = _separator(headers, body)
    is_html = headers.get("html", "").lower() == "true" or bool(re.search(r"<br\s*/?>|&nbsp;", body, re.I))
    tags_column = int(headers["tags column"]) - 1 if headers.get("tags column", "").isdigit() else None
    cards: list[Card] = []
    findings: list[Finding] = []
    taken: set[str] = set()
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    line = skip + 1
    for row in reader:
        start, line = line, skip + reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        card = _card(row, start, path, tags_column, is_html, reverse, taken, findings)
        if card is not None:
            cards.append(card)
    return cards, findings


def _card(row: list[str], line: int, path: Path | str, tags_column: int | None, is_html: bool, reverse: bool,
          taken: set[str], findings: list[Finding]) -> Card | None:
    def note(severity: Any, message: str) -> None:
        findings.append(Finding(path, line, severity, message))

    if len(row) < 2 or not row[0].strip() or not row[1].strip():
        note("error", "a card needs a front and a back in the first two columns")
        return None
    (front, front_html), (back, back_html) = _plain(row[0], is_html), _plain(row[1], is_html)
    if front_html or back_html:
        note("warning", "HTML formatting removed: cards are plain text and Markdown")
    tags: list[str] = []
    extra = [index for index in range(2, len(row)) if row[index].strip() and index != tags_column]
    if tags_column is not None and tags_column < len(row):
        tags = sorted({slugify(tag, "tag") for tag in row[tags_column].split()})
    if extra:
        named = ", ".join(str(index + 1) for index in extra)
        note("warning", f"column{'s' * (len(extra) > 1)} {named} {'are' if len(extra) > 1 else 'is'} not kept "
                        "(a card has a front and a back)")
    if not front or not back:
        note("error", "a card needs a front and a back in the first two columns")
        return None
    card_id = unique_id(slugify(front, f"card-{line}"), taken)
    return Card(id=card_id, front=front, back=back, tags=tags, reverse=reverse)


def build_deck(deck_id: str, title: str, cards: list[Card]) -> Deck:
    return Deck(kind="deck", id=deck_id, title=title, cards=cards)
