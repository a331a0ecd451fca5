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
#: Largest settings file read (a real one is a few hundred bytes).
MAX_SETTINGS_BYTES = 256 * 1024
#: Deepest nesting of arrays and inline tables; Python's TOML parser recurses once or twice per level.
MAX_SETTINGS_DEPTH = 32

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
    depth, line = nesting_depth(text)
    if depth > MAX_SETTINGS_DEPTH:
        return LoadedSettings(Settings(), path, [f"{path}:{line}: arrays or tables nested deeper than "
                                                 f"{MAX_SETTINGS_DEPTH} levels; using the default settings"], text)
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return LoadedSettings(Settings(), path, [f"{path}: {error}; using the default settings"], text)
    except RecursionError:  # a limit on a smaller stack than expected: still the learner's file, not a crash
        return LoadedSettings(Settings(), path, [f"{path}: nested too deeply; using the default settings"], text)
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
        if path.exists() and not path.is_file():
            raise OSError("not a regular file")
        with path.open("rb") as handle:
            data = handle.read(MAX_SETTINGS_BYTES + 1)
        if len(data) > MAX_SETTINGS_BYTES:
            raise OSError(f"larger than {MAX_SETTINGS_BYTES // 1024} KiB")
        text = data.decode("utf-8")
    except FileNotFoundError:
        return LoadedSettings(Settings(), path)
    except OSError as error:
        reason = error.strerror or str(error)
        return LoadedSettings(Settings(), path, [f"{path}: cannot read settings ({reason}); using the defaults"])
    except UnicodeDecodeError as error:
        return LoadedSettings(Settings(), path, [f"{path}: not UTF-8 text (byte {error.start}); using the defaults"])
    return parse_settings(text, path)


def nesting_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of ``[`` and ``{`` outside strings and comments, and its line, found in one pass.

    Table headers (``[keys]``) count one or two levels, which is harmless; only the nesting depth matters
    here, so a string the scan misjudges can make it err only by the brackets inside that string.
    """
    depth = deepest = 0
    deepest_line = line = 1
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char == "\n":
            line += 1
        elif char == "#":
            end = text.find("\n", index)
            index = size if end < 0 else end
            continue
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, index) else char
            end = _string_end(text, index + len(quote), quote)
            line += text.count("\n", index, end)
            index = end
            continue
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif char in "]}":
            depth = max(0, depth - 1)
        index += 1
    return deepest, deepest_line


def _string_end(text: str, start: int, quote: str) -> int:
    """The index just past the string that opened before ``start`` (backslash escapes only in "basic" strings)."""
    index = start
    while index < len(text):
        if text[index] == "\\" and quote[0] == '"':
            index += 2
            continue
        if text.startswith(quote, index):
            return index + len(quote)
        if text[index] == "\n" and len(quote) == 1:
            return index
        index += 1
    return len(text)
