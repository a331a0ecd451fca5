"""Where the shared real-world test files live: next to the repository, never copied into it."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTDATA = Path(__file__).resolve().parents[1].parent / "shared" / "testdata"
GIFT_DIR = TESTDATA / "gift"
MOODLE_DIR = GIFT_DIR / "moodle"

needs_testdata = pytest.mark.skipif(
    not GIFT_DIR.is_dir(), reason=f"shared test data not found at {GIFT_DIR} (clone it next to the repository)")


def gift_files() -> list[Path]:
    return sorted(GIFT_DIR.glob("*.gift")) if GIFT_DIR.is_dir() else []
