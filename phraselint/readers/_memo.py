"""Bounded tables of values the readers work out from the text of a field.

A batch of transcripts repeats the same stamps: every call starts at
``00:00:0x``, captions start and end on whole or half seconds, exports write
the same few dates. The readers look such values up rather than parse them
again, and these tables are shared by every file a process reads.

Two rules keep them honest:

- only values are kept: text that is no valid stamp gives ``None``, which
  is worked out again each time (the reader then reports it, at its line);
- a full table starts again rather than stop learning. A batch's later
  files may repeat other values than its first ones (another day's calls,
  another format's decimal comma), and a table that stopped learning would
  miss on all of them. The bound keeps a process's memory flat, about 2 MB
  per table, when values rarely repeat (times to the millisecond).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")

LIMIT = 20_000


class Memo(dict, Generic[V]):
    """``memo[text]`` is ``compute(text)``, remembered unless ``None``."""

    __slots__ = ("compute", "limit")

    def __init__(self, compute: Callable[[str], V | None], limit: int = LIMIT):
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, text: str) -> V | None:
        value = self.compute(text)
        if value is not None:
            if len(self) >= self.limit:
                self.clear()
            self[text] = value
        return value
