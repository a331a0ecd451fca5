"""The roster of a class directory: who may sign in, with what password, and where each one's progress lives.

``CLASS_DIR/roster.json`` holds each learner's name, display name and password hash (argon2id, through
argon2-cffi: a maintained hasher made to be slow to guess). Each learner's data lives in
``CLASS_DIR/learners/NAME/``: their progress store and their settings, so two learners never share one.
The directory and the roster are readable by the trainer's account only (mode 0700 and 0600).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from courseware.core.errors import CoursewareError, UsageError

ROSTER_FILE = "roster.json"
FORMAT = "courseware-class-v1"
#: Names are directory names and sign-in names: short, lower case, no path characters.
NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
MIN_PASSWORD = 8
_HASHER = PasswordHasher()


class ClassError(CoursewareError):
    """A class directory that cannot be read or written."""


@dataclass(frozen=True)
class Learner:
    name: str
    display_name: str
    password_hash: str
    added: str

    @property
    def label(self) -> str:
        return self.display_name or self.name


def check_name(name: str) -> str:
    if not NAME.fullmatch(name):
        raise UsageError(f"'{name}' cannot be a learner name: use 1-40 lower-case letters, digits, '.', '_' "
                         "or '-', starting with a letter or digit")
    return name


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"the password is too short: give at least {MIN_PASSWORD} characters")
    return password


def new_password() -> str:
    """A password to hand to a learner: 14 characters of an unambiguous alphabet (about 69 bits)."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _ in range(14))


def learner_directory(class_dir: Path, name: str) -> Path:
    """Where a learner's progress store and settings live."""
    return class_dir / "learners" / check_name(name)


class Roster:
    """The learners of one class directory; every change is written at once (to a new file, then renamed)."""

    def __init__(self, directory: Path, learners: dict[str, Learner]) -> None:
        self.directory = directory
        self.learners = learners

    @classmethod
    def open(cls, directory: Path, *, create: bool = False) -> Roster:
        path = directory / ROSTER_FILE
        if not path.exists():
            if not create:
                raise UsageError(f"{directory} is not a class directory (no {ROSTER_FILE}); "
                                 "add a learner with 'courseware class add NAME --class DIR' to start one")
            return cls(directory, {})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError("unknown format")
            learners = {name: Learner(name, str(entry.get("display_name", "")), str(entry["password_hash"]),
                                      str(entry.get("added", ""))) for name, entry in data["learners"].items()}
        except OSError as error:
            raise ClassError(f"cannot read {path}: {error.strerror or error}") from None
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ClassError(f"{path} is damaged: it is not a courseware class roster") from None
        return cls(directory, learners)

    def learner_dir(self, name: str) -> Path:
        return learner_directory(self.directory, name)

    def add(self, name: str, password: str, display_name: str = "", *, now: datetime | None = None) -> Learner:
        check_name(name)
        if name in self.learners:
            raise UsageError(f"learner '{name}' is already in the class (reset their password with "
                             "'courseware class reset-password')")
        moment = (now or datetime.now(UTC)).isoformat(timespec="seconds")
        learner = Learner(name, " ".join(display_name.split()), _HASHER.hash(check_password(password)), moment)
        self.learners[name] = learner
        self._save()
        self._make_private(self.learner_dir(name))
        return learner

    def reset_password(self, name: str, password: str) -> None:
        learner = self.get(name)
        self.learners[name] = Learner(name, learner.display_name, _HASHER.hash(check_password(password)),
                                      learner.added)
        self._save()

    def remove(self, name: str, *, keep_progress: bool) -> None:
        self.get(name)
        del self.learners[name]
        self._save()
        if not keep_progress:
            shutil.rmtree(self.learner_dir(name), ignore_errors=True)

    def get(self, name: str) -> Learner:
        if name not in self.learners:
            known = ", ".join(sorted(self.learners)) or "none"
            raise UsageError(f"no learner '{name}' in the class {self.directory}; learners: {known}")
        return self.learners[name]

    def check(self, name: str, password: str) -> Learner | None:
        """The learner if ``password`` is theirs; None for a wrong password or an unknown name.

        An unknown name costs as much time as a wrong password, so timing does not tell which names exist.
        """
        learner = self.learners.get(name)
        try:
            if learner is None:
                _HASHER.verify(_DUMMY_HASH, password)
                return None
            _HASHER.verify(learner.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        return learner

    def _save(self) -> None:
        self._make_private(self.directory)
        data = {"format": FORMAT, "learners": {
            name: {"display_name": learner.display_name, "password_hash": learner.password_hash,
                   "added": learner.added} for name, learner in sorted(self.learners.items())}}
        path = self.directory / ROSTER_FILE
        temporary = path.with_name(f".{ROSTER_FILE}.new")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            os.replace(temporary, path)
        except OSError as error:
            raise ClassError(f"cannot write {path}: {error.strerror or error}") from None

    @staticmethod
    def _make_private(directory: Path) -> None:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            directory.chmod(0o700)
        except OSError as error:
            raise ClassError(f"cannot create {directory}: {error.strerror or error}") from None


_DUMMY_HASH = _HASHER.hash("courseware: not a learner's password")
