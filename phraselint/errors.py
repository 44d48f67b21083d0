"""Errors that end in a one-line message and exit code 2, never a traceback."""

from __future__ import annotations


class PhraselintError(Exception):
    """A problem with the user's input, packs or configuration.

    ``str(err)`` is the one line shown to the user: ``file:line: problem``.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.problem = message
        self.path = path
        self.line = line
        where = ""
        if path:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{message}")


class PackError(PhraselintError):
    """A locale pack that cannot be loaded or compiled."""


class InputError(PhraselintError):
    """An input file that cannot be read or parsed."""


class ConfigError(PhraselintError):
    """A configuration file or option that is wrong."""
