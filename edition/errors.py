"""The few kinds of error a user can cause, each with its own exit code.

The CLI turns any `EditionError` into one line on stderr and `exit_code`; anything else
is a bug and keeps its traceback. The codes are listed in the README's error table;
2 is a wrong command line (unknown option, missing argument, bad value) and 130 an
interrupted run.
"""
from __future__ import annotations


class EditionError(Exception):
    """Base of every user-facing error."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(EditionError):
    """The command line is wrong: an unknown option, a missing argument, a bad value."""

    exit_code = 2


class InputError(EditionError):
    """An input file is missing, unreadable, empty, binary or undecodable."""

    exit_code = 3


class ModelError(EditionError):
    """An edition-issue JSON file is malformed or violates the model."""

    exit_code = 4

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{message} in '{path}'" if path else message)
        self.path = path


class OutputError(EditionError):
    """The output cannot be written where it was asked for."""

    exit_code = 5


class FontError(EditionError):
    """A font role cannot be resolved to a file on this machine."""

    exit_code = 6


class DependencyError(EditionError):
    """A tool the command needs (Java for EPUBCheck, …) is missing."""

    exit_code = 7


class ConfigError(EditionError):
    """edition.toml has an unknown key or a value of the wrong type."""

    exit_code = 8


class StrictError(EditionError):
    """--strict was given and the issue has warnings."""

    exit_code = 9


class ValidationFailed(EditionError):
    """EPUBCheck (or another validator) reported errors."""

    exit_code = 10


class LayoutError(EditionError):
    """A layout is missing, or one of its templates or its layout.toml is broken."""

    exit_code = 11

