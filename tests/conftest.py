"""Shared fixtures: every test gets its own data and config directories, never the learner's real ones."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
MINI_COURSE = FIXTURES / "mini"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("COURSEWARE_DATA", str(data))
    monkeypatch.setenv("COURSEWARE_CONFIG", str(tmp_path / "config"))
    monkeypatch.delenv("COURSEWARE_COURSE", raising=False)
    return data
