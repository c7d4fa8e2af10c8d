"""Typed errors raised by domain code.

Domain code never prints or exits: it raises one of these, and the CLI turns it into a
one-line message and a non-zero exit in one place (``pantau.cli``).
"""

from __future__ import annotations


class PantauError(Exception):
    """Base class: ``message`` says what went wrong, ``hint`` what the user can do."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  Saran: {self.hint}"


class ConfigError(PantauError):
    """The configuration file or environment is invalid."""

    exit_code = 2


class StoreError(PantauError):
    """The database cannot be reached, created or migrated."""

    exit_code = 3


class InputFileError(PantauError):
    """An input file cannot be read at all (missing, wrong format, unreadable)."""

    exit_code = 4


class CollectorError(PantauError):
    """A collector cannot run (bad token, missing permission, unreachable host)."""

    exit_code = 5


class ModelError(PantauError):
    """An NLP model cannot be loaded or trained."""

    exit_code = 6


class LockError(PantauError):
    """Another Pantau process holds the lock."""

    exit_code = 7
