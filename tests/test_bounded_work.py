"""Work bounded by the size of the input: files crafted to make validation, hints, certificate checks or
settings parsing blow up are answered quickly, in the learner's words."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from courseware.core.assessment.certificate import CertificateError, verify
from courseware.core.course.loader import load_yaml_file
from courseware.core.problems import did_you_mean
from courseware.core.settings import load_settings
from tests.apphelpers import MINI

#: Far above what these take now (well under a second) and far below what they took before (17 s, 40 s).
BOUND_SECONDS = 4.0


def timed(action: object) -> float:
    assert callable(action)
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def test_sixteen_thousand_unknown_keys_are_reported_quickly(tmp_path: Path) -> None:
    quiz = tmp_path / "many.yaml"
    source = (MINI / "quizzes" / "retention.yaml").read_text(encoding="utf-8")
    quiz.write_text(source + "".join(f"unknown_key_{number}: 1\n" for number in range(16_000)), encoding="utf-8")
    loaded = None

    def load() -> None:
        nonlocal loaded
        loaded = load_yaml_file(quiz)

    assert timed(load) < BOUND_SECONDS
    assert loaded is not None and loaded.model is None
    first_line = source.count("\n") + 1
    messages = sorted(loaded.problems)
    assert messages[0].line == first_line and messages[0].message == "unknown key 'unknown_key_0'"
    assert messages[-1].message.startswith("15,000 more problems like the ones above")
    assert len(messages) == 1001


def test_did_you_mean_costs_a_bounded_amount_whatever_the_candidates() -> None:
    candidates = [f"topic-{number}" for number in range(200_000)]
    assert timed(lambda: did_you_mean("topic-12345x", candidates)) < BOUND_SECONDS
    assert did_you_mean("x" * 70_000, candidates) == ""
    assert did_you_mean("retension", ["retention", "renewal"]) == " (did you mean 'retention'?)"
    assert did_you_mean("retention", ["retention"]) == ""


@pytest.mark.parametrize("suffix, opening, refusal", [
    (".md", "<!-- courseware-certificate ", "old-style certificate"),
    (".html", '<script type="application/json" id="courseware-certificate">', "old-style certificate"),
    (".md", "```vc+jwt\nA.", "no signed credential"),
    (".html", '<pre id="courseware-credential">A.', "no signed credential"),
])
def test_a_crafted_certificate_is_refused_quickly(tmp_path: Path, suffix: str, opening: str, refusal: str) -> None:
    """Openings of the embedded data repeated, never closed: refused in time linear in the file."""
    crafted = tmp_path / f"crafted{suffix}"
    crafted.write_text(opening * (250_000 // len(opening)), encoding="utf-8")
    seconds = timed(lambda: pytest.raises(CertificateError, verify, crafted))
    assert seconds < BOUND_SECONDS
    with pytest.raises(CertificateError, match=refusal):
        verify(crafted)


def test_a_certificate_larger_than_any_issued_is_refused_unread(tmp_path: Path) -> None:
    crafted = tmp_path / "crafted.md"
    crafted.write_text("<!-- courseware-certificate " * 20_000, encoding="utf-8")
    with pytest.raises(CertificateError, match="larger than 256 KiB"):
        verify(crafted)


@pytest.mark.parametrize("value", ["[" * 600 + "]" * 600, "{a = " * 600 + "1" + "}" * 600])
def test_settings_nested_600_deep_fall_back_to_the_defaults_with_a_located_message(
        tmp_path: Path, value: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f'theme = "nord"\ndeep = {value}\n', encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.settings.theme == "textual-dark"
    assert loaded.problems == [f"{path}:2: arrays or tables nested deeper than 32 levels; using the default settings"]


def test_brackets_inside_strings_and_comments_do_not_count_as_nesting(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('learner_name = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["  # [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n'
                    "theme = '''{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{'''\n", encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.problems == [] and loaded.settings.learner_name.startswith("[[[")


def test_a_huge_settings_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("# padding\n" * 100_000, encoding="utf-8")
    loaded = load_settings(path)
    assert loaded.problems == [f"{path}: cannot read settings (larger than 256 KiB); using the defaults"]
