"""Where the course and the learner's data live: platform directories, overridable by environment."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

APP_NAME = "courseware"


def data_dir() -> Path:
    """The learner's data directory; ``COURSEWARE_DATA`` overrides (tests always set it)."""
    override = os.environ.get("COURSEWARE_DATA")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The learner's settings directory; ``COURSEWARE_CONFIG`` overrides."""
    override = os.environ.get("COURSEWARE_CONFIG")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def bundled_course() -> Path:
    """The CCSM course shipped with the package (or, from a source checkout, the repository's)."""
    packaged = Path(str(files("courseware"))) / "_course"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def course_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The course in use: ``--course``, else ``COURSEWARE_COURSE``, else the bundled course."""
    chosen = explicit or os.environ.get("COURSEWARE_COURSE")
    return Path(chosen).expanduser() if chosen else bundled_course()


#: Set by ``courseware serve --class`` in each learner's app process: the learner's sign-in name.
CLASS_LEARNER = "COURSEWARE_CLASS_LEARNER"


def class_learner() -> str | None:
    """The class learner this app runs for, on a class server; None on a learner's own machine."""
    return os.environ.get(CLASS_LEARNER) or None
