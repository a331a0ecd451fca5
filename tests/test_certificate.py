"""Certificates: issued only for a passed exam, verifiable as HTML and Markdown, any edit caught."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from courseware.cli import main
from courseware.core.assessment.certificate import Certificate, CertificateError, render_html, render_markdown, verify
from courseware.core.assessment.exams import start_exam
from courseware.core.assessment.presentation import parse_line
from courseware.core.store import open_store
from tests.quiz_helpers import MINI, FakeClock, mini_course, right_line

CERT = Certificate(learner="Ada <Lovelace> *", course="Mini course", exam="Mini exam", score="6/6 (100%)",
                   date="2026-03-01", seed="42", attempt="1")


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COURSEWARE_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def sit(data: Path, *, right: int) -> int:
    course = mini_course()
    store = open_store(data)
    session = start_exam(store, course, course.exams["mini-exam"], seed=42, clock=FakeClock())
    for index in range(right):
        session.answer(index, parse_line(session.shown[index], right_line(session.shown[index])))
    session.finish()
    store.close()
    return session.attempt_id


@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_a_certificate_verifies_and_any_one_character_change_fails(tmp_path: Path, suffix: str) -> None:
    text = render_html(CERT) if suffix == ".html" else render_markdown(CERT)
    path = tmp_path / f"cert{suffix}"
    path.write_text(text, encoding="utf-8")
    assert verify(path) == CERT
    for position in range(0, len(text), max(1, len(text) // 97)):
        changed = text[:position] + ("X" if text[position] != "X" else "Y") + text[position + 1:]
        path.write_text(changed, encoding="utf-8")
        with pytest.raises(CertificateError):
            verify(path)


def test_changing_the_visible_score_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "cert.md"
    path.write_text(render_markdown(CERT).replace("| Score | 6/6", "| Score | 7/6"), encoding="utf-8")
    with pytest.raises(CertificateError, match="edited"):
        verify(path)


def test_the_command_writes_both_files_for_a_pass_and_verify_checks_them(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    attempt = sit(data, right=6)
    out = tmp_path / "out"
    assert main(["--course", str(MINI), "certificate", str(attempt), "--name", "Ada", "--out", str(out)]) == 0
    html_file = out / f"certificate-attempt-{attempt}.html"
    md_file = out / f"certificate-attempt-{attempt}.md"
    assert "<h2>Ada</h2>" in html_file.read_text(encoding="utf-8")
    assert "**Ada**" in md_file.read_text(encoding="utf-8")
    capsys.readouterr()
    for path in (html_file, md_file):
        assert main(["certificate", "--verify", str(path)]) == 0
        assert capsys.readouterr().out == (f"valid: Ada passed Mini exam (Mini course) with 6/6 (100%) on "
                                           f"2026-03-01, attempt {attempt}, seed 42\n")
    md_file.write_text(md_file.read_text(encoding="utf-8").replace("Ada", "Adb", 1), encoding="utf-8")
    assert main(["certificate", "--verify", str(md_file)]) == 1
    assert "was edited" in capsys.readouterr().err


def test_no_certificate_for_a_fail_or_an_unknown_attempt(
        data: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    attempt = sit(data, right=2)
    monkeypatch.chdir(tmp_path)
    assert main(["--course", str(MINI), "certificate", str(attempt), "--name", "Ada"]) == 1
    assert "did not pass (2/6 (33.3%))" in capsys.readouterr().err
    assert main(["--course", str(MINI), "certificate", "99", "--name", "Ada"]) == 2
    assert "no exam attempt #99" in capsys.readouterr().err
    assert not list(tmp_path.glob("certificate-*"))


def test_the_command_takes_the_name_from_the_settings(data: Path, tmp_path: Path) -> None:
    attempt = sit(data, right=6)
    config = Path(os.environ["COURSEWARE_CONFIG"])
    config.mkdir(parents=True, exist_ok=True)
    (config / "settings.toml").write_text('learner_name = "Grace Hopper"\n', encoding="utf-8")
    out = tmp_path / "named"
    assert main(["--course", str(MINI), "certificate", str(attempt), "--out", str(out)]) == 0
    assert "**Grace Hopper**" in (out / f"certificate-attempt-{attempt}.md").read_text(encoding="utf-8")
