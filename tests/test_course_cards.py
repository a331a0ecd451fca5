"""The store's copy of the course's card list: made from the course, made again when the course changes, and
counted in SQL with the same answers as the course's own cards give."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from courseware.core.course.course import Course
from courseware.core.course.loader import load_course
from courseware.core.course.unchecked import load_unchecked
from courseware.core.store import Store, open_store
from courseware.core.study.dashboard import build_dashboard
from courseware.core.study.flashcards import StudySession
from courseware.core.study.scheduling import AGAIN, GOOD, CardScope, Schedule, course_tags, study_cards
from tests.apphelpers import MINI

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DECK = """kind: deck
id: terms
title: Terms
cards:
  - {id: renewal-rate, front: Renewal rate, back: "Renewed ÷ due to renew", tags: [retention], reverse: true}
  - {id: churn, front: Churn, back: "Customers lost in a period", tags: [retention]}
"""
WIDER = """kind: deck
id: more
title: More
cards:
  - {id: arr, front: ARR, back: Annual recurring revenue, tags: ["ccsm::finance"]}
  - {id: mrr, front: MRR, back: Monthly recurring revenue, tags: [ccsm]}
  - {id: nrr, front: NRR, back: Net revenue retention, tags: [ccsmx]}
  - {id: qbr, front: QBR, back: Quarterly business review}
"""


def _course(tmp_path: Path, *decks: str) -> Path:
    root = tmp_path / "course"
    shutil.copytree(MINI, root)
    for number, text in enumerate(decks):
        (root / "quizzes" / ("terms.yaml" if number == 0 else f"deck-{number}.yaml")).write_text(text,
                                                                                             encoding="utf-8")
    return root


def _edit(path: Path, text: str) -> None:
    """Rewrite a course file, as a trainer's editor would (a later modification time)."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def _rate_all(store: Store, root: Path, rating: int, when: datetime) -> None:
    course = load_course(root)
    schedule = Schedule(course, store, fuzzing=False)
    for card in study_cards(course):
        schedule.rate(card, rating, when)


def test_a_card_added_to_a_deck_is_new_and_a_removed_one_is_no_longer_due(tmp_path: Path) -> None:
    root = _course(tmp_path, DECK)
    store = open_store(tmp_path / "data")
    _rate_all(store, root, GOOD, NOW - timedelta(days=1))
    board = build_dashboard(load_course(root), store, NOW, new_per_day=20)
    assert (board.cards_due, board.new_cards) == (3, 0)

    # The trainer drops 'churn' and adds 'nrr': the next start counts the course as it now is.
    _edit(root / "quizzes" / "terms.yaml", DECK.replace(
        '  - {id: churn, front: Churn, back: "Customers lost in a period", tags: [retention]}\n',
        "  - {id: nrr, front: NRR, back: Net revenue retention, tags: [retention]}\n"))
    board = build_dashboard(load_course(root), store, NOW, new_per_day=20)
    assert (board.cards_due, board.new_cards) == (2, 1)
    assert [(row.module_id, row.cards_due) for row in board.modules] == [("retention", 2), ("growth", 0)]
    # The removed card's schedule is kept (the learner's history), just not counted.
    assert store.reviews.state("terms/churn") is not None


def test_leeches_are_the_course_cards_forgotten_often_and_not_suspended(tmp_path: Path) -> None:
    root = _course(tmp_path, DECK)
    store = open_store(tmp_path / "data")
    when = NOW - timedelta(days=60)
    _rate_all(store, root, GOOD, when)
    for lapse in range(7):  # learnt, then forgotten seven times
        _rate_all(store, root, GOOD, when + timedelta(days=lapse * 5 + 1))
        _rate_all(store, root, AGAIN, when + timedelta(days=lapse * 5 + 3))
    course = load_course(root)
    schedule = Schedule(course, store)
    assert schedule.leech_count() == 3 and len(schedule.leeches(limit=2)) == 2
    schedule.suspend(study_cards(course)[0], NOW)
    assert schedule.leech_count() == 2
    _edit(root / "quizzes" / "terms.yaml", DECK.replace(
        '  - {id: churn, front: Churn, back: "Customers lost in a period", tags: [retention]}\n', ""))
    board = build_dashboard(load_course(root), store, NOW, new_per_day=20)
    assert board.leech_count == 1 and [card.key for card in board.leeches] == ["terms/renewal-rate:reverse"]


def test_every_deck_and_tag_scope_holds_the_cards_the_course_lists_for_it(tmp_path: Path) -> None:
    root = _course(tmp_path, DECK, WIDER)
    course = load_course(root)
    schedule = Schedule(course, open_store(tmp_path / "data"), new_per_day=1000)
    scopes = [CardScope(), *(CardScope(deck_id=deck) for deck in course.decks),
              *(CardScope(tag=tag) for tag in course_tags(course)), CardScope(card_ids=("arr", "churn", "missing")),
              CardScope(deck_id="more", tag="ccsm")]
    assert {"ccsm", "ccsm::finance", "ccsmx"} <= set(course_tags(course))
    for scope in scopes:
        listed = study_cards(course, deck_id=scope.deck_id, tag=scope.tag, card_ids=scope.card_ids)
        session = StudySession.start(schedule, scope)
        assert session.counts(NOW).new == len(listed), scope
        assert session.current(NOW) == (listed[0] if listed else None), scope
    # Nested tags are included, a tag that only begins the same way is not.
    assert [card.key for card in study_cards(course, tag="ccsm")] == ["more/arr", "more/mrr"]


def test_a_first_rating_taken_back_makes_the_card_new_again(tmp_path: Path) -> None:
    course = load_course(MINI)
    schedule = Schedule(course, open_store(tmp_path), new_per_day=20, fuzzing=False)
    session = StudySession.start(schedule, CardScope())
    first = session.current(NOW)
    assert first is not None and session.counts(NOW).new == 3
    session.rate(GOOD, NOW)
    # Seen now, and its other direction buried for the day: only 'churn' is left new.
    assert session.counts(NOW).new == 1 and session.current(NOW) != first
    session.undo()
    assert session.counts(NOW).new == 3 and session.current(NOW) == first


def test_an_unchanged_course_reuses_the_stored_card_list(tmp_path: Path) -> None:
    root = _course(tmp_path, DECK)
    store = open_store(tmp_path / "data")
    build_dashboard(load_course(root), store, NOW, new_per_day=20)
    statements: list[str] = []
    store.connection.set_trace_callback(statements.append)
    build_dashboard(load_course(root), store, NOW, new_per_day=20)
    store.connection.set_trace_callback(None)
    assert not [statement for statement in statements if "INSERT" in statement or "DELETE" in statement]
    _edit(root / "course.yaml", (root / "course.yaml").read_text(encoding="utf-8"))
    store.connection.set_trace_callback(statements.append)
    build_dashboard(load_course(root), store, NOW, new_per_day=20)
    store.connection.set_trace_callback(None)
    assert [statement for statement in statements if statement.startswith("INSERT OR IGNORE INTO course_cards")]


TWICE = """kind: deck
id: twice
title: Twice
cards:
  - {id: arr, front: ARR, back: Annual recurring revenue}
  - {id: arr, front: ARR again, back: The same id twice}
"""


def test_a_course_read_unchecked_lists_its_cards_until_the_checked_course_lists_them_again(tmp_path: Path) -> None:
    root = _course(tmp_path, DECK, TWICE)  # 'twice' parses, but a check refuses two cards with one id
    store = open_store(tmp_path / "data")

    def new(course: Course) -> int:
        return build_dashboard(course, store, NOW, new_per_day=20).new_cards

    # An outline (a course too large to read before the first paint) has no cards to list.
    assert new(load_unchecked(root, modules_only=True)) == 0
    # The first paint of a smaller course counts its cards as read, the refused deck's one key as well ...
    assert new(load_unchecked(root)) == 4
    # ... until the checked course, arriving a moment later, lists them again without that deck,
    assert new(load_course(root)) == 3
    # and the next start's first paint (the files unchanged) keeps the checked list, as does an outline.
    assert new(load_unchecked(root)) == new(load_unchecked(root, modules_only=True)) == 3
    _edit(root / "quizzes" / "terms.yaml", DECK.replace("Churn", "Churned"))
    assert new(load_unchecked(root, modules_only=True)) == 0
    assert new(load_course(root)) == 3
