"""Patterns of the ``regex`` module, compiled on first use.

Importing ``regex`` takes about 6 ms and compiling a pattern with Unicode
properties (``\\p{L}``) a few more, at import time of every module that holds
one. Many runs never use such a pattern: a batch of chat logs whose every
line has the common shape, an English script. A module-level
:class:`LazyRegex` costs nothing until a line actually needs it.
"""

from __future__ import annotations

from typing import Any


class LazyRegex:
    """``regex.compile(source, flags)``, done on the first call of a method."""

    __slots__ = ("source", "flags", "_compiled")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source = source
        self.flags = flags
        self._compiled: Any = None

    @property
    def compiled(self) -> Any:
        if self._compiled is None:
            import regex

            self._compiled = regex.compile(self.source, self.flags)
        return self._compiled

    def match(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled.match(*args, **kwargs)

    def search(self, *args: Any, **kwargs: Any) -> Any:
        return self.compiled.search(*args, **kwargs)
