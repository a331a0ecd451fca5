"""``courseware certificate ATTEMPT``: a signed credential (class mode) or a self-assessment record;
``--verify FILE`` checks one."""

from __future__ import annotations

import argparse
import getpass
from datetime import UTC, datetime
from pathlib import Path

from courseware.cli.commands.issuer import add_issuer_dir, issuer_dir
from courseware.cli.sessions import load, open_learner_store
from courseware.core.assessment import certificate, credential, issuer
from courseware.core.course.course import Course
from courseware.core.errors import UsageError
from courseware.core.store import Store, open_store
from courseware.core.text import printable


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
             parent: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "certificate", parents=[parent], help="write the certificate of a passed exam, or verify one",
        description="With --class DIR --learner NAME (on the class server), sign an Open Badges 3.0 credential "
                    "for that learner's passed exam with the issuer's key and write it as HTML, Markdown and a "
                    "VC-JWT. Without --class, write an unsigned self-assessment record: made on your own "
                    "computer, it proves nothing to anyone else. --verify FILE exits 0 only for a signed "
                    "credential whose signature holds and whose file is exactly as issued (and, with --issuer, "
                    "signed by that issuer).")
    parser.add_argument("attempt", nargs="?", type=int, metavar="ATTEMPT",
                        help="the exam attempt's number (with --class: default, the learner's latest pass)")
    parser.add_argument("--name", help="the learner's name on the certificate (default: the class's display "
                                       "name; on your own computer learner_name in the settings or your user name)")
    parser.add_argument("--class", dest="class_dir", type=Path, metavar="DIR", help="the class directory")
    parser.add_argument("--learner", metavar="NAME", help="the learner of the class whose attempt it is")
    parser.add_argument("--out", metavar="DIR", default=".", help="where to write it (default: here)")
    parser.add_argument("--verify", metavar="FILE", help="check a certificate instead of writing one")
    parser.add_argument("--issuer", metavar="KEY_OR_DID",
                        help="with --verify: the issuer to expect (its did:key, issuer.json, JWK or PEM public key)")
    add_issuer_dir(parser)
    parser.set_defaults(handler=run)


def learner_name(explicit: str | None) -> str:
    """The name to print: ``--name``, else ``learner_name`` from the settings, else the account's user name."""
    if explicit:
        return explicit
    from courseware.core.settings import load_settings

    configured = load_settings().settings.learner_name.strip()
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        raise UsageError("cannot tell your name: give it with --name") from None


def run(args: argparse.Namespace) -> int:
    if args.verify:
        expected = issuer.expected_key(args.issuer) if args.issuer else None
        checked = certificate.verify(Path(args.verify), expected)
        print(printable(f"valid: {checked.summary}"))
        if expected is None:
            print(printable(f"note: the signature is {checked.verified.issuer_did}'s; check that this is the issuer "
                            "you trust, or pass --issuer with its published key"))
        return 0
    if args.class_dir is not None or args.learner is not None:
        return _sign(args)
    if args.attempt is None:
        raise UsageError("give an exam attempt number (see 'courseware attempts') or --verify FILE")
    course = load(args)
    store = open_learner_store()
    try:
        record = credential.exam_record(course, store, args.attempt, learner_name(args.name))
    finally:
        store.close()
    for path in certificate.write_files(Path(args.out), certificate.record_files(
            record, f"self-assessment-attempt-{record.attempt}")):
        print(f"wrote {path}")
    print("note: a self-assessment record is unsigned and proves nothing about who took the exam; signed "
          "credentials come from a class server ('courseware serve --class')")
    return 0


def _sign(args: argparse.Namespace) -> int:
    from courseware.core.classroom.roster import Roster
    from courseware.core.store import STORE_FILE

    if args.class_dir is None or args.learner is None:
        raise UsageError("a signed credential needs both --class DIR and --learner NAME")
    signer = issuer.load(issuer_dir(args.issuer_dir))
    roster = Roster.open(args.class_dir)
    learner = roster.get(args.learner)
    data = roster.learner_dir(learner.name)
    if not (data / STORE_FILE).exists():
        raise UsageError(f"learner '{learner.name}' has no progress yet in {args.class_dir}")
    course = load(args)
    store = open_store(data, fallback_to_memory=False)
    try:
        attempt = args.attempt if args.attempt is not None else _latest_pass(course, store, learner.name)
        record = credential.exam_record(course, store, attempt, args.name or learner.label)
    finally:
        store.close()
    signed = credential.build(record, signer, datetime.now(UTC))
    token = credential.sign(signed, signer)
    stem = f"credential-{learner.name}-attempt-{record.attempt}"
    for path in certificate.write_files(Path(args.out), certificate.credential_files(token, signed, stem)):
        print(f"wrote {path}")
    print(printable(f"signed by {signer.name} ({signer.did}) for {record.learner}: {record.exam_title}, "
                    f"{record.percent}%"))
    return 0


def _latest_pass(course: Course, store: Store, learner: str) -> int:
    """The learner's latest submitted exam attempt that passes the course's pass mark."""
    for attempt in reversed(store.attempts.list(kind="exam")):
        exam = course.exams.get(attempt.ref_id)
        if exam and attempt.submitted_at and attempt.possible and attempt.earned is not None \
                and attempt.earned / attempt.possible >= exam.pass_mark:
            return attempt.id
    raise credential.CredentialError(f"learner '{learner}' has passed no exam yet")
