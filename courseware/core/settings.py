"""The learner's settings: a TOML file in the config directory, where a bad value never stops the app.

Each setting is read on its own: a wrong one is reported with its line and replaced by its default, and
every other setting still applies. Key bindings are checked one by one, so one bad binding drops only
itself. The app and ``courseware settings`` both call :func:`check_settings`, so they report the same
problems: what a valid theme or binding id is comes from the caller (the app knows its themes and keys),
the checking and the wording live here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass, field, replace
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
desired_retention = 0.9       # how likely a card should be remembered when it comes back (0.7-0.99)

[keys]                        # rebind by binding id (see the help screen, ?)
reveal = "space,r"
"""

#: One key as Textual names it (``space``, ``ctrl+s``, ``f1``, ``question_mark``) or a single character.
_KEY = re.compile(r"^([a-z0-9_]+(\+[a-z0-9_]+)*|[^\s,])$")


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
    desired_retention: float = Field(0.9, ge=0.7, le=0.99)
    keys: dict[str, str] = Field(default_factory=dict)


@dataclass
class LoadedSettings:
    settings: Settings
    path: Path
    #: One located line per setting that could not be used, e.g. ``settings.toml:3: ...; using 20``.
    problems: list[str] = field(default_factory=list)
    text: str = ""

    def locate(self, key: str, table: str | None = None) -> str:
        """``path:line`` of a setting (or, with ``table="keys"``, of a binding id), for messages about it."""
        return f"{self.path}:{line_of(self.text, key, table)}"


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


_TABLE = re.compile(r"^\s*\[\s*([^\]\s]+)\s*\]")
_ENTRY = re.compile(r"""^\s*(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


def line_of(text: str, key: str, table: str | None = None) -> int:
    """The line where ``key`` is set in ``table`` (None: at the top, before any ``[table]``); 1 if not found."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TABLE.match(line)
        if header:
            current = header.group(1).strip("\"'")
            if current == key and table is None:
                return number
            continue
        entry = _ENTRY.match(line)
        if entry and current == table and next(group for group in entry.groups() if group is not None) == key:
            return number
    return 1


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
        where = f"{path}:{line_of(text, key)}"
        if key not in Settings.model_fields:
            known = ", ".join(Settings.model_fields)
            problems.append(f"{where}: unknown setting '{key}' (known: {known}); ignored")
        elif key == "keys":
            if isinstance(value, dict):
                good[key] = _string_keys(value, text, path, problems)
            else:
                problems.append(f"{where}: keys: must be a table of binding id = \"keys\" ([keys]); ignored")
        else:
            try:
                Settings.model_validate({key: value})
            except ValidationError as error:
                reason = error.errors(include_url=False)[0]["msg"]
                problems.append(f"{where}: {key}: {reason}; using {getattr(defaults, key)!r}")
            else:
                good[key] = value
    return LoadedSettings(Settings.model_validate(good), path, problems, text)


def _string_keys(table: dict[str, Any], text: str, path: Path, problems: list[str]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for binding_id, value in table.items():
        if isinstance(value, str):
            keys[binding_id] = value
        else:
            problems.append(f"{path}:{line_of(text, binding_id, 'keys')}: keys.{binding_id}: {value!r} is not "
                            'a string of keys (write it in quotes, e.g. "5" or "space,r"); ignored')
    return keys


def check_settings(loaded: LoadedSettings, *, binding_ids: Collection[str], themes: Collection[str]) -> LoadedSettings:
    """The settings with what the app cannot use taken out, each reason added to ``problems``.

    A theme the app does not have falls back to the default; a binding id the app does not have, or keys
    that are not keys, are dropped one by one while every other binding stays.
    """
    problems = list(loaded.problems)
    settings = loaded.settings
    default_theme = Settings().theme
    if settings.theme not in themes:
        problems.append(f"{loaded.locate('theme')}: theme: unknown theme '{settings.theme}' (known: "
                        f"{', '.join(sorted(themes))}); using '{default_theme}'")
        settings = settings.model_copy(update={"theme": default_theme})
    keymap: dict[str, str] = {}
    for binding_id, keys in settings.keys.items():
        where = loaded.locate(binding_id, "keys")
        parts = [key.strip() for key in keys.split(",")]
        if binding_id not in binding_ids:
            problems.append(f"{where}: keys: unknown binding id '{binding_id}'; ignored (the help screen, ?, "
                            "and `courseware settings --keys` list the ids)")
        elif not keys.strip() or not all(_KEY.match(key) for key in parts):
            problems.append(f"{where}: keys.{binding_id}: '{keys}' is not a comma-separated list of keys "
                            "(e.g. \"space,r\", \"ctrl+s\", \"f2\"); ignored")
        else:
            keymap[binding_id] = ",".join(parts)
    settings = settings.model_copy(update={"keys": keymap})
    return replace(loaded, settings=settings, problems=sorted(problems, key=lambda problem: _line(problem, loaded)))


def _line(problem: str, loaded: LoadedSettings) -> int:
    """The line a problem is about, so problems are listed in the order of the file."""
    number = problem.removeprefix(f"{loaded.path}:").partition(":")[0]
    return int(number) if number.isdigit() else 0


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
