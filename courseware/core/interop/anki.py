"""A deck as a real Anki package (genanki): reversible cards get both directions, Markdown becomes HTML.

Deck and note ids are derived from the course's ids, so exporting again updates the cards a learner
already imported into Anki instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import genanki
from markdown_it import MarkdownIt

from courseware.core.model import Card, Deck

_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def card_html(text: str) -> str:
    """Course Markdown as the HTML Anki shows: one line stays inline, paragraphs stay paragraphs."""
    if "\n" not in text.strip():
        return str(_MARKDOWN.renderInline(text.strip()))
    return str(_MARKDOWN.render(text)).strip()


def anki_deck_id(deck_id: str) -> int:
    """A stable Anki deck id (a positive 63-bit number) from the course's deck id."""
    return int.from_bytes(hashlib.sha256(f"courseware-deck:{deck_id}".encode()).digest()[:7], "big") + (1 << 32)


def _note(deck: Deck, card: Card) -> genanki.Note:
    model = genanki.BASIC_AND_REVERSED_CARD_MODEL if card.reverse else genanki.BASIC_MODEL
    return genanki.Note(model=model, fields=[card_html(card.front), card_html(card.back)],
                        tags=list(card.tags), guid=genanki.guid_for("courseware", deck.id, card.id))


def write_apkg(deck: Deck, path: Path) -> int:
    """Write ``deck`` as an .apkg file; the result is the number of Anki cards (two per reversible card)."""
    anki_deck = genanki.Deck(anki_deck_id(deck.id), deck.title, deck.description or "")
    for card in deck.cards:
        anki_deck.add_note(_note(deck, card))
    genanki.Package(anki_deck).write_to_file(str(path))
    return sum(2 if card.reverse else 1 for card in deck.cards)
