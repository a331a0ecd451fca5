"""Open Badges 3.0 credentials of a passed exam, signed by the issuer's Ed25519 key as a VC-JWT.

Why a VC-JWT rather than a Data Integrity proof: a compact JWS (``header.payload.signature``, alg
``EdDSA``) is checked by any JOSE library in any language with nothing but the public key, while
``eddsa-rdfc-2022`` needs RDF dataset canonicalisation of the JSON-LD, i.e. fetching and trusting its
contexts, for which few maintained implementations exist. Open Badges 3.0 (section 8.2) allows both; in its
JWT form the payload is the credential itself, with ``iss``, ``jti`` and ``nbf`` mirroring ``issuer.id``,
``id`` and ``validFrom``.

The credential states what an employer needs to judge it: the learner, the course with a SHA-256 of its
files (so a look-alike course shows up as another hash), the exam, the score, the pass mark, the number
of questions, the time limit and the date.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from courseware.core.assessment.grading import exact
from courseware.core.assessment.issuer import Issuer, b64url, key_from_did, raw_public, unb64url
from courseware.core.assessment.results import passes, percent_text
from courseware.core.course.course import Course
from courseware.core.course.files import course_files
from courseware.core.errors import CoursewareError, UsageError
from courseware.core.store import Store

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]


class CredentialError(CoursewareError):
    """A credential that cannot be issued, or that does not verify."""


@dataclass(frozen=True)
class ExamRecord:
    """The facts of one passed exam attempt, as the server's own store and course say."""

    learner: str
    course_id: str
    course_title: str
    course_sha256: str
    exam_id: str
    exam_title: str
    earned: float
    possible: float
    pass_mark: float
    questions: int
    time_limit_minutes: float
    submitted: datetime
    attempt: int
    seed: int | None

    @property
    def percent(self) -> str:
        return _number(100 * self.earned / self.possible)

    @property
    def pass_mark_percent(self) -> str:
        return _number(100 * self.pass_mark)


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def course_hash(root: Path) -> str:
    """SHA-256 over the course's files (course.yaml, modules, quizzes): their relative paths and contents."""
    modules, yaml_files = course_files(root)
    digest = hashlib.sha256()
    for path in sorted([root / "course.yaml", *modules, *yaml_files]):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def exam_record(course: Course, store: Store, attempt_id: int, learner: str) -> ExamRecord:
    """The record of a submitted exam attempt that passed, judged afresh against the course's pass mark."""
    attempt = store.attempts.get(attempt_id)
    if attempt is None or attempt.kind != "exam":
        raise UsageError(f"no exam attempt #{attempt_id} (see 'courseware attempts')")
    if attempt.submitted_at is None or attempt.earned is None or not attempt.possible:
        raise CredentialError(f"exam attempt #{attempt_id} was not submitted yet")
    exam = course.exams.get(attempt.ref_id)
    if exam is None:
        raise CredentialError(f"exam attempt #{attempt_id} is of exam '{attempt.ref_id}', which this course "
                              "no longer has")
    score = percent_text(attempt.earned, attempt.possible)
    if not passes(exact(attempt.earned), exact(attempt.possible), exam.pass_mark):
        raise CredentialError(f"exam attempt #{attempt_id} did not pass ({score}, pass mark "
                              f"{_number(100 * exam.pass_mark)}%): no certificate")
    if attempt.practice:
        raise CredentialError(f"exam attempt #{attempt_id} is a practice paper (seed {attempt.seed} was sat again "
                              "after its review was seen): no certificate")
    if not learner.strip():
        raise UsageError("the learner name is empty: give one with --name")
    questions = attempt.plan.get("questions", []) if isinstance(attempt.plan, dict) else []
    return ExamRecord(learner=" ".join(learner.split()), course_id=course.meta.id, course_title=course.meta.title,
                      course_sha256=course_hash(course.root), exam_id=exam.id, exam_title=exam.title,
                      earned=attempt.earned, possible=attempt.possible, pass_mark=exam.pass_mark,
                      questions=len(questions), time_limit_minutes=exam.time_limit_minutes,
                      submitted=attempt.submitted_at.astimezone(UTC), attempt=attempt.id, seed=attempt.seed)


def build(record: ExamRecord, issuer: Issuer, issued: datetime,
          credential_id: uuid.UUID | None = None) -> dict[str, Any]:
    """The ``OpenBadgeCredential`` of ``record``, issued by ``issuer`` at ``issued``."""
    achievement_id = f"urn:courseware:{record.course_id}:exam:{record.exam_id}:{record.course_sha256[:16]}"
    score_id = f"{achievement_id}:score"
    minutes = _number(record.time_limit_minutes)
    return {
        "@context": CONTEXTS,
        "id": f"urn:uuid:{credential_id or uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": issuer.name, "url": issuer.url},
        "validFrom": _iso(issued),
        "name": f"{record.exam_title}: passed",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": record.learner,
            "identifier": [{"type": "IdentityObject", "identityType": "name", "hashed": False,
                            "identityHash": record.learner}],
            "activityEndDate": _iso(record.submitted),
            "achievement": {
                "id": achievement_id, "type": ["Achievement"], "achievementType": "Assessment",
                "name": record.exam_title,
                "description": f"The exam '{record.exam_title}' of the course '{record.course_title}'.",
                "criteria": {"narrative": f"Score at least {record.pass_mark_percent}% on {record.questions} "
                                          f"questions drawn from the course, within {minutes} minutes, "
                                          "supervised by the issuer's server."},
                "resultDescription": [{"id": score_id, "type": ["ResultDescription"], "name": "Score",
                                       "resultType": "Percent", "requiredValue": record.pass_mark_percent}],
            },
            "result": [{"type": ["Result"], "resultDescription": score_id, "value": record.percent}],
        },
        "evidence": [{
            "type": ["Evidence"], "name": f"Exam attempt {record.attempt}",
            "narrative": f"{record.learner} scored {_number(record.earned)}/{_number(record.possible)} "
                         f"({record.percent}%) on {record.questions} questions; the pass mark is "
                         f"{record.pass_mark_percent}% and the time limit {minutes} minutes.",
            "course": {"id": record.course_id, "title": record.course_title, "sha256": record.course_sha256},
            "exam": {"id": record.exam_id, "title": record.exam_title, "questions": record.questions,
                     "timeLimitMinutes": record.time_limit_minutes, "passMarkPercent": record.pass_mark_percent},
            "score": {"earned": record.earned, "possible": record.possible, "percent": record.percent},
            "attempt": record.attempt, "seed": record.seed,
        }],
    }


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(credential: dict[str, Any], issuer: Issuer) -> str:
    """The credential as a compact JWS (VC-JWT): header, payload with the registered claims, EdDSA signature."""
    valid_from = datetime.strptime(credential["validFrom"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    payload = {**credential, "iss": issuer.did, "jti": credential["id"], "nbf": int(valid_from.timestamp())}
    header = {"alg": "EdDSA", "typ": "JWT", "kid": issuer.kid}
    signing_input = f"{_segment(header)}.{_segment(payload)}"
    return f"{signing_input}.{b64url(issuer.key.sign(signing_input.encode('ascii')))}"


def _segment(data: dict[str, Any]) -> str:
    return b64url(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode())


@dataclass(frozen=True)
class Verified:
    """A credential whose signature checked out, with the key that made it."""

    credential: dict[str, Any]
    key: Ed25519PublicKey

    @property
    def issuer_did(self) -> str:
        return str(self.credential["iss"])


def verify(token: str, expected: Ed25519PublicKey | None = None) -> Verified:
    """Check a VC-JWT's signature with the key its issuer's did:key names (and that it is ``expected``)."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise CredentialError("not a signed credential (a VC-JWT has three dot-separated parts)")
    try:
        header = json.loads(unb64url(parts[0]))
        payload = json.loads(unb64url(parts[1]))
        signature = unb64url(parts[2])
        if not isinstance(header, dict) or not isinstance(payload, dict):
            raise ValueError("not JSON objects")
        if any(b64url(unb64url(part)) != part for part in parts):
            raise ValueError("not canonical base64url")  # spare bits set: another text for the same bytes
    except ValueError:
        raise CredentialError("the credential is damaged: its parts are not base64url JSON") from None
    if header.get("alg") != "EdDSA":
        raise CredentialError(f"the credential is signed with {header.get('alg')!r}, not EdDSA: refused")
    issuer = payload.get("issuer")
    did = issuer.get("id") if isinstance(issuer, dict) else issuer
    if not isinstance(did, str) or payload.get("iss") != did or str(header.get("kid", "")).split("#")[0] != did:
        raise CredentialError("the credential's issuer, iss claim and signing key do not agree")
    try:
        key = key_from_did(did)
        key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except (InvalidSignature, UsageError, UnicodeEncodeError):
        raise CredentialError("the signature does not match: the credential was changed or not signed by "
                              f"{did}") from None
    if expected is not None and raw_public(expected) != raw_public(key):
        raise CredentialError(f"signed by {did}, which is not the issuer given with --issuer")
    if "OpenBadgeCredential" not in payload.get("type", []):
        raise CredentialError("the signed document is not an OpenBadgeCredential")
    return Verified(payload, key)
