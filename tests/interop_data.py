"""Where the shared real-world test files live: next to the repository, never copied into it.

``$COURSEWARE_TESTDATA`` names the folder; otherwise it is ``shared/testdata`` beside the checkout (or beside
the folder that holds the checkout, as for a worktree under ``wt/``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_CHECKOUT = Path(__file__).resolve().parents[1]
_CANDIDATES = [Path(os.environ["COURSEWARE_TESTDATA"])] if os.environ.get("COURSEWARE_TESTDATA") else [
    _CHECKOUT.parent / "shared" / "testdata", _CHECKOUT.parent.parent / "shared" / "testdata"]
TESTDATA = next((path for path in _CANDIDATES if path.is_dir()), _CANDIDATES[0])
GIFT_DIR = TESTDATA / "gift"
MOODLE_DIR = GIFT_DIR / "moodle"
MOODLE_XML_DIR = TESTDATA / "moodle-xml"

needs_testdata = pytest.mark.skipif(
    not GIFT_DIR.is_dir(), reason=f"shared test data not found at {GIFT_DIR} (clone it next to the repository)")
needs_moodle_xml = pytest.mark.skipif(
    not MOODLE_XML_DIR.is_dir(), reason=f"Moodle XML test data not found at {MOODLE_XML_DIR}")


def gift_files() -> list[Path]:
    return sorted(GIFT_DIR.glob("*.gift")) if GIFT_DIR.is_dir() else []


def moodle_xml_files() -> list[Path]:
    return sorted(MOODLE_XML_DIR.rglob("*.xml")) if MOODLE_XML_DIR.is_dir() else []
