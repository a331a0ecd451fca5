"""What a passed exam yields, as standalone HTML and Markdown: a signed credential, or an honest record.

- **Signed credential** (class mode, issued on the trainer's server): an Open Badges 3.0 VC-JWT
  (``credential``), shown as a table and embedded verbatim. ``verify`` checks the signature, then renders
  the file again from the signed payload and compares every character, so no edit goes unnoticed.
- **Self-assessment record** (a learner's own machine): unsigned, titled as such. There the course files
  hold the answers and the progress store is the learner's to edit, so no file made there can prove
  anything to a third party; ``verify`` says exactly that and fails.
- Files of the old ``courseware-certificate-v1`` format (an unkeyed SHA-256 anyone can recompute) are refused.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from courseware.core.assessment.credential import CredentialError, ExamRecord, Verified
from courseware.core.assessment.credential import verify as verify_token
from courseware.core.errors import UsageError

RECORD_FORMAT = "courseware-self-assessment-v1"
OLD_FORMAT = "courseware-certificate-v1"
_TOKEN_HTML = re.compile(r'<pre id="courseware-credential">([A-Za-z0-9_.\-]+)</pre>')
_TOKEN_MD = re.compile(r"^```vc\+jwt\n([A-Za-z0-9_.\-]+)\n```$", re.M)
#: Largest file read as a certificate (an issued one is a few kilobytes).
MAX_CERTIFICATE_BYTES = 256 * 1024
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")
_STYLE = """  <style>
    body { font-family: Georgia, serif; max-width: 46rem; margin: 3rem auto; padding: 2rem;
           border: 0.4rem double #335; color: #223; }
    h1, h2, p.lead { text-align: center; }
    table { margin: 1.5rem auto; border-collapse: collapse; text-align: left; }
    th, td { padding: 0.3rem 0.8rem; vertical-align: top; }
    pre { white-space: pre-wrap; word-break: break-all; font-size: 0.7rem; background: #f4f4f8; padding: 0.6rem; }
    .note { font-size: 0.85rem; color: #556; }
  </style>"""
UNSIGNED_NOTE = ("Unsigned: written on the learner's own computer, where the course files hold the answers and "
                 "the progress store can be edited. It proves nothing about who took the exam or how.")


class CertificateError(CredentialError):
    """A certificate that does not verify, or that cannot be issued."""


@dataclass(frozen=True)
class Checked:
    """A verified credential file: who issued it to whom for what."""

    verified: Verified
    facts: list[tuple[str, str]]

    @property
    def summary(self) -> str:
        credential = self.verified.credential
        subject, evidence = credential["credentialSubject"], credential["evidence"][0]
        exam, course = evidence["exam"], evidence["course"]
        return (f"{credential['issuer']['name']} ({credential['issuer']['url']}, key {self.verified.issuer_did}) "
                f"certifies that {subject['name']} passed {exam['title']} of {course['title']} with "
                f"{evidence['score']['percent']}% (pass mark {exam['passMarkPercent']}%, {exam['questions']} "
                f"questions, {_minutes(exam['timeLimitMinutes'])} minutes) on {subject['activityEndDate'][:10]}; "
                f"course files sha256 {course['sha256']}")


def _minutes(value: object) -> str:
    return f"{float(str(value)):.1f}".removesuffix(".0")


def credential_facts(credential: dict[str, Any]) -> list[tuple[str, str]]:
    """The rows shown for a credential, all read from its signed payload."""
    try:
        subject, evidence, issuer = credential["credentialSubject"], credential["evidence"][0], credential["issuer"]
        exam, course, score = evidence["exam"], evidence["course"], evidence["score"]
        return [("Learner", str(subject["name"])), ("Course", str(course["title"])),
                ("Course files (SHA-256)", str(course["sha256"])), ("Exam", str(exam["title"])),
                ("Score", f"{score['percent']}% ({_minutes(score['earned'])}/{_minutes(score['possible'])})"),
                ("Pass mark", f"{exam['passMarkPercent']}%"), ("Questions", str(exam["questions"])),
                ("Time limit", f"{_minutes(exam['timeLimitMinutes'])} minutes"),
                ("Date", str(subject["activityEndDate"])[:10]), ("Attempt", str(evidence["attempt"])),
                ("Issuer", f"{issuer['name']} ({issuer['url']})"), ("Issuer key", str(issuer["id"])),
                ("Credential", str(credential["id"]))]
    except (KeyError, IndexError, TypeError, ValueError):
        raise CertificateError("the signed credential is not a courseware exam credential") from None


def record_facts(record: ExamRecord) -> list[tuple[str, str]]:
    return [("Learner", record.learner), ("Course", record.course_title),
            ("Course files (SHA-256)", record.course_sha256), ("Exam", record.exam_title),
            ("Score", f"{record.percent}% ({_minutes(record.earned)}/{_minutes(record.possible)})"),
            ("Pass mark", f"{record.pass_mark_percent}%"), ("Questions", str(record.questions)),
            ("Time limit", f"{_minutes(record.time_limit_minutes)} minutes"),
            ("Date", record.submitted.date().isoformat()), ("Attempt", str(record.attempt))]


def _html_page(title: str, heading: str, lead: str, facts: list[tuple[str, str]], tail: str) -> str:
    e = html.escape
    rows = "\n".join(f"    <tr><th>{e(name)}</th><td>{e(value)}</td></tr>" for name, value in facts)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(title)}</title>
{_STYLE}
</head>
<body>
  <h1>{e(heading)}</h1>
  <p class="lead">{e(lead)}</p>
  <table>
{rows}
  </table>
{tail}
</body>
</html>
"""


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _md_page(heading: str, lead: str, facts: list[tuple[str, str]], tail: str) -> str:
    rows = "\n".join(f"| {name} | {_md(value)} |" for name, value in facts)
    return f"# {heading}\n\n{_md(lead)}\n\n| | |\n| --- | --- |\n{rows}\n\n{tail}"


def _credential_lead(credential: dict[str, Any]) -> str:
    facts = dict(credential_facts(credential))
    return f"{facts['Issuer']} certifies that {facts['Learner']} passed {facts['Exam']}."


CHECK = ("Check it with 'courseware certificate --verify FILE --issuer ISSUER_KEY', or with any JOSE library "
         "and the issuer's public key: the text below is an Open Badges 3.0 credential signed as a VC-JWT "
         "(EdDSA).")


def render_credential_html(token: str, credential: dict[str, Any]) -> str:
    tail = f'  <p class="note">{html.escape(CHECK)}</p>\n  <pre id="courseware-credential">{token}</pre>'
    return _html_page(f"Credential: {credential['name']}", "Certificate of achievement", _credential_lead(credential),
                      credential_facts(credential), tail)


def render_credential_markdown(token: str, credential: dict[str, Any]) -> str:
    tail = f"{_md(CHECK)}\n\n```vc+jwt\n{token}\n```\n"
    return _md_page("Certificate of achievement", _credential_lead(credential), credential_facts(credential), tail)


def _record_json(record: ExamRecord) -> str:
    data = {"format": RECORD_FORMAT, "signed": False, **asdict(record), "submitted": record.submitted.isoformat()}
    text = json.dumps(data, sort_keys=True, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _record_lead(record: ExamRecord) -> str:
    return f"{record.learner} recorded a pass of {record.exam_title} on their own computer."


def render_record_html(record: ExamRecord) -> str:
    tail = (f'  <p class="note"><strong>{html.escape(UNSIGNED_NOTE)}</strong></p>\n'
            f'  <script type="application/json" id="courseware-self-assessment">{_record_json(record)}</script>')
    return _html_page(f"Self-assessment record: {record.exam_title}", "Self-assessment record",
                      _record_lead(record), record_facts(record), tail)


def render_record_markdown(record: ExamRecord) -> str:
    tail = f"**{_md(UNSIGNED_NOTE)}**\n\n<!-- courseware-self-assessment {_record_json(record)} -->\n"
    return _md_page("Self-assessment record", _record_lead(record), record_facts(record), tail)


def write_files(directory: Path, contents: dict[str, str]) -> list[Path]:
    """Write each ``name: text`` into ``directory``."""
    written = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, text in contents.items():
            path = directory / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as error:
        raise CertificateError(f"cannot write in {directory}: {error.strerror or error}") from None
    return written


def credential_files(token: str, credential: dict[str, Any], stem: str) -> dict[str, str]:
    return {f"{stem}.html": render_credential_html(token, credential),
            f"{stem}.md": render_credential_markdown(token, credential), f"{stem}.jwt": token + "\n"}


def record_files(record: ExamRecord, stem: str) -> dict[str, str]:
    return {f"{stem}.html": render_record_html(record), f"{stem}.md": render_record_markdown(record)}


def verify(path: Path, expected: Ed25519PublicKey | None = None) -> Checked:
    """The credential in ``path`` (.html, .md or .jwt) if its signature holds and the file is exactly as issued."""
    text = _read_bounded(path).replace("\r\n", "\n")
    if "courseware-self-assessment" in text or RECORD_FORMAT in text:
        raise CertificateError(f"{path} is an unsigned self-assessment record: it proves nothing about who took "
                               "the exam (only a credential signed by an issuer, e.g. a class server, does)")
    if OLD_FORMAT in text or 'id="courseware-certificate"' in text or "<!-- courseware-certificate " in text:
        raise CertificateError(f"{path} is an old-style certificate whose code anyone can recompute from its "
                               "fields: it proves nothing and is refused")
    is_html = path.suffix.lower() in {".html", ".htm"} or text.lstrip().startswith("<!DOCTYPE")
    stripped = text.strip()
    if path.suffix.lower() == ".jwt" or (stripped.count(".") == 2 and "\n" not in stripped):
        token, expected_text = stripped, stripped + "\n"
    else:
        match = (_TOKEN_HTML if is_html else _TOKEN_MD).search(text)
        if match is None:
            raise CertificateError(f"{path}: no signed credential in it")
        token, expected_text = match.group(1), ""
    try:
        verified = verify_token(token, expected)
    except CredentialError as error:
        raise CertificateError(f"{path}: {error}") from None
    facts = credential_facts(verified.credential)
    if not expected_text:
        render = render_credential_html if is_html else render_credential_markdown
        expected_text = render(token, verified.credential)
    if text != expected_text:
        line = next((number for number, (seen, wanted) in enumerate(
            zip(text.splitlines(), expected_text.splitlines(), strict=False), start=1) if seen != wanted),
            min(len(text.splitlines()), len(expected_text.splitlines())) + 1)
        raise CertificateError(f"{path}:{line}: the file was edited after it was issued (the signed credential "
                               "says otherwise)")
    return Checked(verified, facts)


def _read_bounded(path: Path) -> str:
    """The file's text, refusing anything larger than a certificate could be (so verifying stays cheap)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CERTIFICATE_BYTES + 1)
        if len(data) > MAX_CERTIFICATE_BYTES:
            raise CertificateError(f"{path}: not a courseware certificate (larger than "
                                   f"{MAX_CERTIFICATE_BYTES // 1024} KiB)")
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
