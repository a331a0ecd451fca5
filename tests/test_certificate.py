"""Certificates: a class learner's passed exam becomes an Open Badges 3.0 credential signed as a VC-JWT,
which an independent JOSE library (PyJWT) verifies with the published key and which no edit survives;
on one's own machine only an unsigned self-assessment record, which proves nothing and says so."""

from __future__ import annotations

import hashlib
import io
import json
import stat
import sys
from pathlib import Path

import jwt
import pytest

from courseware.cli import main
from courseware.core.assessment.certificate import CertificateError, verify
from courseware.core.assessment.exams import start_exam
from courseware.core.assessment.presentation import parse_line
from courseware.core.store import open_store
from tests.quiz_helpers import MINI, FakeClock, mini_course, right_line

B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


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


@pytest.fixture
def issued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    """A class with Ada, who passed the mini exam on the server; her credential signed into ``out/``."""
    issuer_dir = tmp_path / "issuer"
    monkeypatch.setenv("COURSEWARE_ISSUER", str(issuer_dir))
    assert main(["issuer", "init", "--name", "Acme Training", "--url", "https://acme.example"]) == 0
    room = tmp_path / "class"
    monkeypatch.setattr(sys, "stdin", io.StringIO("ada-password-1\n"))
    assert main(["class", "add", "ada", "--class", str(room), "--display-name", "Ada Lovelace",
                 "--password-stdin"]) == 0
    sit(room / "learners" / "ada", right=2)
    assert main(["--course", str(MINI), "certificate", "--class", str(room), "--learner", "ada"]) == 1
    assert "has passed no exam yet" in capsys.readouterr().err
    attempt = sit(room / "learners" / "ada", right=6)
    sit(room / "learners" / "ada", right=1)
    assert main(["--course", str(MINI), "certificate", "--class", str(room), "--learner", "ada",
                 "--out", str(tmp_path / "out")]) == 0, "without ATTEMPT: the latest pass"
    capsys.readouterr()
    return tmp_path / "out" / f"credential-ada-attempt-{attempt}"


def test_issuer_init_writes_a_private_key_and_a_public_profile(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    directory = tmp_path / "issuer"
    assert main(["issuer", "init", "--name", "Acme", "--url", "https://acme.example", "--issuer-dir",
                 str(directory)]) == 0
    assert stat.S_IMODE((directory / "issuer-key.pem").stat().st_mode) == 0o600
    profile = json.loads((directory / "issuer.json").read_text(encoding="utf-8"))
    assert profile["type"] == ["Profile"] and profile["name"] == "Acme" and profile["id"].startswith("did:key:z6Mk")
    assert profile["id"] in capsys.readouterr().out
    assert main(["issuer", "init", "--name", "Acme", "--url", "https://acme.example", "--issuer-dir",
                 str(directory)]) == 2, "an existing key is never replaced silently"


def test_a_class_credential_verifies_with_pyjwt_and_the_published_jwk(issued: Path, tmp_path: Path) -> None:
    public = jwt.PyJWK(json.loads((tmp_path / "issuer" / "issuer.jwk.json").read_text(encoding="utf-8")))
    token = issued.with_suffix(".jwt").read_text(encoding="utf-8").strip()
    payload = jwt.decode(token, public, algorithms=["EdDSA"])
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["iss"] == payload["issuer"]["id"] and payload["jti"] == payload["id"]
    assert payload["credentialSubject"]["name"] == "Ada Lovelace"
    evidence = payload["evidence"][0]
    assert evidence["exam"] == {"id": "mini-exam", "title": "Mini exam", "questions": 6, "timeLimitMinutes": 5.0,
                                "passMarkPercent": "80"}
    assert evidence["score"]["percent"] == "100"
    course_yaml = hashlib.sha256((MINI / "course.yaml").read_bytes()).hexdigest()
    assert len(evidence["course"]["sha256"]) == 64 and evidence["course"]["sha256"] != course_yaml
    for position in range(token.index(".") + 1, len(token), 97):
        if token[position] == ".":
            continue
        changed = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1:]
        with pytest.raises(jwt.InvalidSignatureError):
            jwt.decode(changed, public, algorithms=["EdDSA"])


@pytest.mark.parametrize("suffix", [".html", ".md", ".jwt"])
def test_the_credential_verifies_and_one_character_changed_anywhere_fails(
        issued: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = issued.with_suffix(suffix)
    text = path.read_text(encoding="utf-8")
    assert main(["certificate", "--verify", str(path)]) == 0
    assert "Acme Training (https://acme.example, key did:key:" in capsys.readouterr().out
    for position in range(0, len(text) - 1, max(1, len(text) // 150)):
        changed = text[:position] + ("X" if text[position] != "X" else "Y") + text[position + 1:]
        path.write_text(changed, encoding="utf-8")
        with pytest.raises(CertificateError):
            verify(path)
    # The signature's last character carries 4 spare bits: another character there decodes to the same bytes.
    end = text.rindex(".") + 1
    while text[end].isalnum() or text[end] in "-_":
        end += 1
    spare = B64URL[B64URL.index(text[end - 1]) ^ 1]
    path.write_text(text[:end - 1] + spare + text[end:], encoding="utf-8")
    with pytest.raises(CertificateError, match="damaged"):
        verify(path)


def test_the_visible_score_cannot_be_raised(issued: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = issued.with_suffix(".md")
    path.write_text(path.read_text(encoding="utf-8").replace("| Pass mark | 80%", "| Pass mark | 95%"),
                    encoding="utf-8")
    assert main(["certificate", "--verify", str(path)]) == 1
    assert "edited after it was issued" in capsys.readouterr().err


def test_verify_with_issuer_accepts_the_issuer_and_refuses_another(
        issued: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "issuer" / "issuer.json"
    did = json.loads(profile.read_text(encoding="utf-8"))["id"]
    for reference in (str(profile), did, str(tmp_path / "issuer" / "issuer.jwk.json")):
        assert main(["certificate", "--verify", str(issued.with_suffix(".html")), "--issuer", reference]) == 0
    assert main(["issuer", "init", "--name", "Impostor", "--url", "https://acme.example", "--issuer-dir",
                 str(tmp_path / "other")]) == 0
    capsys.readouterr()
    assert main(["certificate", "--verify", str(issued.with_suffix(".html")), "--issuer",
                 str(tmp_path / "other" / "issuer.json")]) == 1
    assert "not the issuer given with --issuer" in capsys.readouterr().err


def test_on_ones_own_machine_only_an_unsigned_self_assessment_record_is_written_and_it_does_not_verify(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    attempt = sit(data, right=6)
    out = tmp_path / "out"
    assert main(["--course", str(MINI), "certificate", str(attempt), "--name", "Ada", "--out", str(out)]) == 0
    html_file, md_file = out / f"self-assessment-attempt-{attempt}.html", out / f"self-assessment-attempt-{attempt}.md"
    assert "<h1>Self-assessment record</h1>" in html_file.read_text(encoding="utf-8")
    assert md_file.read_text(encoding="utf-8").startswith("# Self-assessment record")
    capsys.readouterr()
    for path in (html_file, md_file):
        assert main(["certificate", "--verify", str(path)]) == 1
        assert "unsigned self-assessment record: it proves nothing about who took the exam" in capsys.readouterr().err


def test_a_certificate_made_by_hand_with_the_old_sha256_recipe_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fields = {"attempt": "1", "course": "Mini course", "date": "2026-03-01", "exam": "Mini exam",
              "learner": "Jane Doe", "score": "6/6 (100%)", "seed": "42"}
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    digest = hashlib.sha256(b"courseware-certificate-v1\n" + canonical).hexdigest()[:32]
    code = "-".join(digest[i:i + 4] for i in range(0, 32, 4))
    forged = tmp_path / "forged.md"
    forged.write_text(f"# Certificate of achievement\n\n<!-- courseware-certificate "
                      f"{json.dumps({'format': 'courseware-certificate-v1', **fields, 'code': code})} -->\n",
                      encoding="utf-8")
    assert main(["certificate", "--verify", str(forged)]) == 1
    assert "anyone can recompute" in capsys.readouterr().err


def test_no_certificate_for_a_fail_or_an_unknown_attempt(
        data: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempt = sit(data, right=2)
    monkeypatch.chdir(tmp_path)
    assert main(["--course", str(MINI), "certificate", str(attempt), "--name", "Ada"]) == 1
    assert "did not pass (2/6 (33.3%), pass mark 80%)" in capsys.readouterr().err
    assert main(["--course", str(MINI), "certificate", "99", "--name", "Ada"]) == 2
    assert "no exam attempt #99" in capsys.readouterr().err
    assert not list(tmp_path.glob("self-assessment-*"))


def test_a_pass_flag_set_in_the_store_does_not_make_a_pass(
        data: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    attempt = sit(data, right=2)
    store = open_store(data)
    store.connection.execute("UPDATE attempts SET passed = 1 WHERE id = ?", (attempt,))
    store.close()
    assert main(["--course", str(MINI), "certificate", str(attempt), "--name", "Ada", "--out", str(tmp_path)]) == 1
    assert "did not pass" in capsys.readouterr().err


def test_signing_needs_an_issuer_and_a_learner_of_the_class(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COURSEWARE_ISSUER", str(tmp_path / "no-issuer"))
    assert main(["--course", str(MINI), "certificate", "1", "--class", str(tmp_path / "class"),
                 "--learner", "ada"]) == 2
    assert "courseware issuer init" in capsys.readouterr().err
