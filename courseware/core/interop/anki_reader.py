"""An Anki package (.apkg) read as a deck, and its review history into the learner's store.

Read with Anki's own library (the ``anki`` package, the ``courseware[anki]`` extra), which understands every
package version. Basic notes are cards; "and reversed" note types (and optional-reverse notes that have their
reverse card) are reversible cards; other fields than the first two are reported; cloze notes are reported
and left out (a card has a front and a back); tags keep their ``::`` nesting. Each card's review log is
replayed through courseware's scheduler (FSRS) so that its schedule continues from the same reviews.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from courseware.core.errors import CoursewareError
from courseware.core.interop.findings import Finding, slugify, tag_id, unique_id
from courseware.core.interop.html_text import html_to_markdown
from courseware.core.model import Card
from courseware.core.store import Store
from courseware.core.study.scheduling import REVERSE, FsrsScheduler

_CLOZE = 1


@dataclass(frozen=True)
class AnkiReview:
    """One rating from Anki's review log."""

    rating: int
    reviewed_at: datetime
    duration_ms: int


@dataclass
class AnkiImport:
    """The cards of a package, each card direction's reviews (by direction: 0 front, 1 reverse), and findings."""

    cards: list[Card] = field(default_factory=list)
    reviews: dict[tuple[str, int], list[AnkiReview]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _anki() -> Any:
    """Anki's collection module, or one clear error naming the extra that installs it."""
    try:
        import anki.collection
    except ImportError:
        raise CoursewareError("reading Anki packages needs Anki's library: pip install 'courseware[anki]'") from None
    return anki.collection


def read_apkg(path: Path) -> AnkiImport:
    """Every basic and reversed note of the package as a card, with each card's review log."""
    anki = _anki()
    result = AnkiImport()
    with tempfile.TemporaryDirectory(prefix="courseware-anki-") as folder:
        collection = anki.Collection(str(Path(folder) / "collection.anki2"))
        try:
            try:
                collection.import_anki_package(anki.ImportAnkiPackageRequest(
                    package_path=str(path), options=anki.ImportAnkiPackageOptions(with_scheduling=True)))
            except Exception as error:  # Anki raises its own error types for a file that is not a package
                raise CoursewareError(f"{path}: not an Anki package Anki can read ({error})") from None
            taken: set[str] = set()
            for number, note_id in enumerate(sorted(collection.find_notes("")), start=1):
                _read_note(collection, collection.get_note(note_id), path, number, taken, result)
        finally:
            collection.close()
    return result


def _read_note(collection: Any, note: Any, path: Path, number: int, taken: set[str], result: AnkiImport) -> None:
    notetype = note.note_type() or {}
    name = notetype.get("name", "?")

    def note_finding(severity: Any, message: str) -> None:
        result.findings.append(Finding(path, number, severity, f"note {number} ({name}): {message}"))

    if notetype.get("type") == _CLOZE:
        note_finding("warning", "a cloze note is left out (a card has a front and a back; make it a quiz question)")
        return
    fields = [html_to_markdown(value) for value in note.fields]
    if len(fields) < 2 or not fields[0] or not fields[1]:
        note_finding("warning", "left out: a card needs a front and a back")
        return
    names = [str(entry.get("name", "?")) for entry in notetype.get("flds", [])]
    extra = [name for name, value in list(zip(names, fields, strict=False))[2:] if value]
    if extra and "Add Reverse" not in extra:
        note_finding("warning", f"fields {', '.join(extra)} are not kept (a card has a front and a back)")
    cards = {card.ord: card for card in note.cards()}
    reverse = len(notetype.get("tmpls", [])) > 1 and 1 in cards
    card_id = unique_id(slugify(fields[0], f"card-{number}"), taken)
    tags = sorted({tag_id(tag) for tag in note.tags})
    result.cards.append(Card(id=card_id, front=fields[0], back=fields[1], tags=tags, reverse=reverse))
    for ordinal, card in cards.items():
        if ordinal > 1 or (ordinal == 1 and not reverse):
            continue
        rows = collection.db.all("SELECT id, ease, time FROM revlog WHERE cid = ? AND ease BETWEEN 1 AND 4 "
                                 "ORDER BY id", card.id)
        if rows:
            result.reviews[(card_id, ordinal)] = [
                AnkiReview(int(ease), datetime.fromtimestamp(log_id / 1000, UTC), int(duration))
                for log_id, ease, duration in rows]


def _replay(reviews: list[AnkiReview]) -> Iterator[tuple[AnkiReview, str, datetime, bool]]:
    """Each review with the schedule it leads to (and whether it was a lapse), from the first review on."""
    scheduler = FsrsScheduler(fuzzing=False)
    state: str | None = None
    for review in reviews:
        state, due, lapsed = scheduler.review(state, review.rating, review.reviewed_at)
        yield review, state, due, lapsed


def store_history(deck_id: str, imported: AnkiImport, store: Store) -> tuple[int, list[str]]:
    """Put the package's reviews into the store as courseware's own; cards that already have a history in
    the store are left alone (importing twice adds nothing). Returns the reviews stored and the keys skipped."""
    known = store.reviews.known_keys() | {review.card_key for review in store.reviews.history()}
    stored, skipped = 0, []
    for (card_id, ordinal), reviews in imported.reviews.items():
        key = f"{deck_id}/{card_id}{REVERSE if ordinal else ''}"
        if key in known:
            skipped.append(key)
            continue
        for review, state, due, lapsed in _replay(reviews):
            store.reviews.record(key, review.rating, state=state, due=due, lapsed=lapsed,
                                 reviewed_at=review.reviewed_at, duration_ms=review.duration_ms)
            stored += 1
    return stored, skipped
