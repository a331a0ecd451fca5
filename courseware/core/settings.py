"""The learner's settings: a TOML file in the config directory, where a bad value never stops the app.

Each setting is read on its own: a wrong one is reported with its line and replaced by its default, and
every other setting still applies.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from courseware.core.paths import config_dir

SETTINGS_FILE = "settings.toml"

EXAMPLE = """\
# courseware settings
learner_name = "Ada"
theme = "textual-dark"        # any Textual theme, e.g. textual-light, nord, gruvbox
new_cards_per_day = 20        # new flashcards introduced per day (0-1000)

[keys]                        # rebind by binding id (see the help screen, ?)
reveal = "space,r"
"""


class Settings(BaseModel):
    """What a learner can set; every field has a default so a missing file is a valid configuration."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    learner_name: str = Field("", max_length=80)
    #: Who the learner is to a learning record store: an e-mail address, or else ``learner_name`` as an
    #: account on ``learner_home_page`` (by default the course's ``activity_base``).
    learner_email: str = Field("", max_length=200, pattern=r"^$|^[^@\s]+@[^@\s]+$")
    learner_home_page: str = Field("", max_length=300, pattern=r"^$|^https?://\S+$")
    theme: str = "textual-dark"
    new_cards_per_day: int = Field(20, ge=0, le=1000)
    keys: dict[str, str] = Field(default_factory=dict)


@dataclass
class LoadedSettings:
    settings: Settings
    path: Path
    #: One located line per setting that could not be used, e.g. ``settings.toml:3: ...; using 20``.
    problems: list[str] = field(default_factory=list)
    text: str = ""

    def locate(self, key: str) -> str:
        """``path:line`` of a setting (or of a binding id under ``[keys]``), for messages about it."""
        return f"{self.path}:{_line_of(self.text, key)}"


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def parse_settings(text: str, path: Path) -> LoadedSettings:
    """Settings from TOML text; each bad entry is reported and left at its default."""
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return LoadedSettings(Settings(), path, [f"{path}: {error}; using the default settings"], text)
    problems: list[str] = []
    good: dict[str, Any] = {}
    defaults = Settings()
    for key, value in raw.items():
        if key not in Settings.model_fields:
            known = ", ".join(Settings.model_fields)
            problems.append(f"{path}:{_line_of(text, key)}: unknown setting '{key}' (known: {known}); ignored")
            continue
        try:
            Settings.model_validate({key: value})
        except ValidationError as error:
            reason = error.errors(include_url=False)[0]["msg"]
            default = getattr(defaults, key)
            problems.append(f"{path}:{_line_of(text, key)}: {key}: {reason}; using {default!r}")
            continue
        good[key] = value
    return LoadedSettings(Settings.model_validate(good), path, problems, text)


def load_settings(path: Path | None = None) -> LoadedSettings:
    """The learner's settings (defaults when the file is absent or unreadable)."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedSettings(Settings(), path)
    except (OSError, UnicodeDecodeError) as error:
        return LoadedSettings(Settings(), path, [f"{path}: cannot read settings ({error}); using the defaults"])
    return parse_settings(text, path)
