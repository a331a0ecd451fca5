"""Certificates of a passed exam, as standalone HTML and as Markdown, that can be checked for edits.

Each file embeds its fields as JSON together with a verification code: SHA-256 over a canonical
serialisation of the fields (sorted keys, no spaces, UTF-8). ``verify`` reads the embedded fields,
re-derives the code and re-renders the whole file from them, so a change of a single character
anywhere (a visible field, the embedded data or the code) is caught. The code proves the file was not
edited; it is not a signature, since the serialisation is public.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from courseware.core.assessment.results import percent_text
from courseware.core.course.course import Course
from courseware.core.errors import CoursewareError, UsageError
from courseware.core.store import Store

FORMAT = "courseware-certificate-v1"
#: Where the embedded data starts and ends, in HTML and in Markdown.
_EMBED_HTML = ('<script type="application/json" id="courseware-certificate">', "</script>")
_EMBED_MD = ("<!-- courseware-certificate ", " -->")
#: Largest file read as a certificate (an issued one is a few kilobytes).
MAX_CERTIFICATE_BYTES = 256 * 1024
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~])")


class CertificateError(CoursewareError):
    """A certificate that does not verify, or that cannot be issued."""


@dataclass(frozen=True)
class Certificate:
    learner: str
    course: str
    exam: str
    score: str
    date: str
    seed: str
    attempt: str

    def canonical(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    @property
    def code(self) -> str:
        """The verification code: 32 hex digits of SHA-256 over the canonical fields, in groups of four."""
        digest = hashlib.sha256(FORMAT.encode() + b"\n" + self.canonical()).hexdigest()[:32]
        return "-".join(digest[i:i + 4] for i in range(0, 32, 4))


def issue(course: Course, store: Store, attempt_id: int, learner: str) -> Certificate:
    """The certificate of a passed, submitted exam attempt."""
    attempt = store.attempts.get(attempt_id)
    if attempt is None or attempt.kind != "exam":
        raise UsageError(f"no exam attempt #{attempt_id} (see 'courseware attempts')")
    if attempt.submitted_at is None or attempt.earned is None or attempt.possible is None:
        raise CertificateError(f"exam attempt #{attempt_id} was not submitted yet")
    score = percent_text(attempt.earned, attempt.possible)
    if not attempt.passed:
        raise CertificateError(f"exam attempt #{attempt_id} did not pass ({score}): no certificate")
    if not learner.strip():
        raise UsageError("the learner name is empty: give one with --name")
    exam = course.exams.get(attempt.ref_id)
    return Certificate(learner=learner.strip(), course=course.meta.title,
                       exam=exam.title if exam else attempt.ref_id, score=score,
                       date=attempt.submitted_at.date().isoformat(), seed=str(attempt.seed),
                       attempt=str(attempt.id))


def _embedded(certificate: Certificate) -> str:
    data = {"format": FORMAT, **asdict(certificate), "code": certificate.code}
    text = json.dumps(data, sort_keys=True, ensure_ascii=True)
    # No '<', '>' or '&' inside: the block can never close its script tag or comment early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _rows(certificate: Certificate) -> list[tuple[str, str]]:
    return [("Learner", certificate.learner), ("Course", certificate.course), ("Exam", certificate.exam),
            ("Score", certificate.score), ("Date", certificate.date), ("Attempt", certificate.attempt),
            ("Seed", certificate.seed), ("Verification code", certificate.code)]


def render_html(certificate: Certificate) -> str:
    e = html.escape
    rows = "\n".join(f"      <tr><th>{e(name)}</th><td>{e(value)}</td></tr>"
                     for name, value in _rows(certificate))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Certificate: {e(certificate.exam)}</title>
  <style>
    body {{ font-family: Georgia, serif; max-width: 42rem; margin: 3rem auto; padding: 2rem;
           border: 0.4rem double #335; text-align: center; color: #223; }}
    table {{ margin: 1.5rem auto; border-collapse: collapse; text-align: left; }}
    th, td {{ padding: 0.3rem 0.8rem; }}
    .note {{ font-size: 0.8rem; color: #556; }}
  </style>
</head>
<body>
  <h1>Certificate of achievement</h1>
  <p>This certifies that</p>
  <h2>{e(certificate.learner)}</h2>
  <p>passed the self-assessment exam <strong>{e(certificate.exam)}</strong>
     of the course <strong>{e(certificate.course)}</strong>.</p>
  <table>
{rows}
  </table>
  <p class="note">Check it with: courseware certificate --verify FILE</p>
  <script type="application/json" id="courseware-certificate">{_embedded(certificate)}</script>
</body>
</html>
"""


def _md(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def render_markdown(certificate: Certificate) -> str:
    rows = "\n".join(f"| {name} | {_md(value)} |" for name, value in _rows(certificate))
    return f"""# Certificate of achievement

This certifies that **{_md(certificate.learner)}** passed the self-assessment exam
**{_md(certificate.exam)}** of the course **{_md(certificate.course)}**.

| | |
| --- | --- |
{rows}

Check it with: `courseware certificate --verify FILE`

<!-- courseware-certificate {_embedded(certificate)} -->
"""


def write(certificate: Certificate, directory: Path, stem: str) -> tuple[Path, Path]:
    """Write ``STEM.html`` and ``STEM.md`` into ``directory``."""
    try:
        directory.mkdir(parents=True, exist_ok=True)
        html_path, md_path = directory / f"{stem}.html", directory / f"{stem}.md"
        html_path.write_text(render_html(certificate), encoding="utf-8")
        md_path.write_text(render_markdown(certificate), encoding="utf-8")
    except OSError as error:
        reason = error.strerror or error
        raise CertificateError(f"cannot write the certificate in {directory}: {reason}") from None
    return html_path, md_path


def verify(path: Path) -> Certificate:
    """The certificate in ``path`` (.html or .md) if it is exactly as issued; else ``CertificateError``."""
    text = _read_bounded(path)
    is_html = path.suffix.lower() in {".html", ".htm"} or text.lstrip().startswith("<!DOCTYPE")
    embedded = _between(text, *(_EMBED_HTML if is_html else _EMBED_MD))
    if embedded is None:
        raise CertificateError(f"{path}: not a courseware certificate (no embedded certificate data)")
    try:
        data = json.loads(embedded)
        names = [field.name for field in fields(Certificate)]
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("unknown format")
        certificate = Certificate(**{name: str(data[name]) for name in names})
        code = str(data["code"])
    except (ValueError, KeyError, TypeError):
        raise CertificateError(f"{path}: the embedded certificate data is damaged") from None
    if code != certificate.code:
        raise CertificateError(f"{path}: the verification code does not match the certificate's fields")
    expected = render_html(certificate) if is_html else render_markdown(certificate)
    if text.replace("\r\n", "\n") != expected:
        line = next((number for number, (seen, wanted) in enumerate(
            zip(text.replace("\r\n", "\n").splitlines(), expected.splitlines(), strict=False), start=1)
            if seen != wanted), min(len(text.splitlines()), len(expected.splitlines())) + 1)
        raise CertificateError(f"{path}:{line}: the certificate was edited after it was issued")
    return certificate


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


def _between(text: str, opening: str, closing: str) -> str | None:
    """The text between the first ``opening`` and the ``closing`` after it, in linear time.

    A lazy regular expression would retry from every later opening when no closing follows, which is
    quadratic in a crafted file full of openings.
    """
    start = text.find(opening)
    if start < 0:
        return None
    start += len(opening)
    end = text.find(closing, start)
    return None if end < 0 else text[start:end]
