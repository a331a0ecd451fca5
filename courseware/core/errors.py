"""The errors the core raises for people: each message is one line saying what and where."""

from __future__ import annotations


class CoursewareError(Exception):
    """An error meant for a person: its message is one clear line saying what and where."""

    exit_code = 1


class UsageError(CoursewareError):
    """The command was called wrongly (a missing path, an unknown id): exit code 2."""

    exit_code = 2


class AnswerFormatError(CoursewareError):
    """A response that cannot be read as an answer (text where a number is wanted): ask again."""
