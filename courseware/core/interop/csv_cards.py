"""Flashcards from a two-column file, as Anki ("Notes in Plain Text") and Quizlet export them.

Faithful or explicit, never silently different:

- Anki's headers are honoured: ``#separator:`` (else the separator the first lines use: tab, comma,
  semicolon or pipe), ``#html:`` (HTML is converted to Markdown: line breaks, lists and emphasis kept),
  ``#columns:`` (names the columns; ``Front``/``Back``/``Tags`` are found by name), ``#notetype:``,
  ``#tags:`` (tags for every note) and the ``#guid/notetype/deck/tags column:N`` headers;
- a first row of column names (``Front,Back``, ``Term,Definition``) is recognised and not made a card;
- a note whose note type is a reversed one ("Basic (and reversed card)") is a reversible card;
- cloze notes (``{{c1::...}}``) are reported and left out: a card has a front and a back;
- nested Anki tags keep their nesting (``CCSM::Finance`` is the tag ``ccsm::finance``).
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from courseware.core.interop.findings import Finding, Severity, slugify, tag_id, unique_id
from courseware.core.interop.html_text import html_to_markdown, looks_like_html
from courseware.core.model import Card, Deck

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " ", "colon": ":"}
_CLOZE = re.compile(r"\{\{c\d+::")
_HEADER_WORDS = {"front", "back", "term", "terms", "definition", "definitions", "question", "answer", "word",
                 "meaning", "tags", "tag", "side 1", "side 2", "prompt", "response", "text", "extra"}


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


def _markdown(value: str, is_html: bool) -> str:
    """Field text as Markdown: HTML converted (tags never kept), plain text as it is."""
    if not is_html or not looks_like_html(value):
        return html.unescape(value).strip() if is_html else value.strip()
    return html_to_markdown(value)


def _column(headers: dict[str, str], name: str) -> int | None:
    """A 0-based column Anki's ``#NAME column:N`` header names, if any."""
    value = headers.get(f"{name} column", "")
    return int(value) - 1 if value.isdigit() and int(value) > 0 else None


@dataclass(frozen=True)
class _Layout:
    """Which columns hold what, from Anki's headers."""

    tags: int | None
    notetype: int | None
    meta: frozenset[int]
    names: tuple[str, ...]

    @classmethod
    def of(cls, headers: dict[str, str], separator: str) -> _Layout:
        names = tuple(name.strip().lower() for name in headers.get("columns", "").split(separator)) \
            if headers.get("columns") else ()
        tags = _column(headers, "tags")
        if tags is None and "tags" in names:
            tags = names.index("tags")
        meta = {column for column in (_column(headers, name) for name in ("guid", "notetype", "deck"))
                if column is not None}
        meta |= {index for index, name in enumerate(names) if name in ("guid", "notetype", "deck")}
        if tags is not None:
            meta.add(tags)
        notetype = _column(headers, "notetype")
        if notetype is None and "notetype" in names:
            notetype = names.index("notetype")
        return cls(tags, notetype, frozenset(meta), names)


def read_csv_cards(text: str, path: Path | str, *, reverse: bool = False,
                   separator: str | None = None) -> tuple[list[Card], list[Finding]]:
    """Cards from the file and the findings: an error for each row that is not a card, a warning for what
    is left out or changed.

    The front and back are the first two columns that Anki's headers do not name as its note's guid,
    note type, deck or tags column.
    """
    headers, skip = _headers(text)
    body = "\n".join(text.splitlines()[skip:])
    separator = separator or _separator(headers, body)
    is_html = headers.get("html", "").lower() == "true" or bool(re.search(r"<br\s*/?>|&nbsp;|</div>", body, re.I))
    layout = _Layout.of(headers, separator)
    everywhere = headers.get("tags", "").split()
    default_type = headers.get("notetype", "")
    cards: list[Card] = []
    findings: list[Finding] = []
    taken: set[str] = set()
    reader = csv.reader(io.StringIO(body), delimiter=separator)
    line = skip + 1
    first = True
    for row in reader:
        start, line = line, skip + reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        where = _Where(path, start, findings)
        fields = [(index, cell) for index, cell in enumerate(row) if index not in layout.meta]
        if first and not layout.names and _is_header_row(fields):
            where.note("warning", f"the first row ({', '.join(cell for _, cell in fields[:2])}) is read as column "
                                  "names, not as a card")
            first = False
            continue
        first = False
        tags = [*everywhere, *(row[layout.tags].split() if layout.tags is not None and layout.tags < len(row)
                               else [])]
        notetype = row[layout.notetype] if layout.notetype is not None and layout.notetype < len(row) \
            else default_type
        card = _card(fields, tags, where, is_html, reverse or "reverse" in notetype.lower(), taken, notetype)
        if card is not None:
            cards.append(card)
    return cards, findings


def _is_header_row(fields: list[tuple[int, str]]) -> bool:
    names = [cell.strip().lower() for _, cell in fields[:2]]
    return len(names) == 2 and all(name in _HEADER_WORDS for name in names)


@dataclass
class _Where:
    """Where a row is, and where its findings go."""

    path: Path | str
    line: int
    findings: list[Finding]

    def note(self, severity: Severity, message: str) -> None:
        self.findings.append(Finding(self.path, self.line, severity, message))


def _card(fields: list[tuple[int, str]], tags: list[str], where: _Where, is_html: bool, reverse: bool,
          taken: set[str], notetype: str) -> Card | None:
    if "cloze" in notetype.lower() or any(_CLOZE.search(cell) for _, cell in fields[:2]):
        where.note("warning", "a cloze note is left out (a card has a front and a back; make it a quiz question)")
        return None
    if len(fields) < 2:
        where.note("error", "a card needs a front and a back (two columns)")
        return None
    front, back = _markdown(fields[0][1], is_html), _markdown(fields[1][1], is_html)
    extra = [index for index, cell in fields[2:] if cell.strip()]
    if extra:
        named = ", ".join(str(index + 1) for index in extra)
        where.note("warning", f"column{'s' * (len(extra) > 1)} {named} {'are' if len(extra) > 1 else 'is'} "
                              "not kept (a card has a front and a back)")
    if not front or not back:
        where.note("error", f"a card needs a front and a back; this row has no {'front' if not front else 'back'}")
        return None
    card_id = unique_id(slugify(front, f"card-{where.line}"), taken)
    return Card(id=card_id, front=front, back=back, tags=sorted({tag_id(tag) for tag in tags}), reverse=reverse)


def build_deck(deck_id: str, title: str, cards: list[Card]) -> Deck:
    return Deck(kind="deck", id=deck_id, title=title, cards=cards)
