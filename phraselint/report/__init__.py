"""Output formats. One module per format, each with
``render(results, out, color=False) -> None`` writing the whole report; a
format that streams (writes each file as it is checked) also has a
``Stream(out)`` class with ``file(result)`` and ``close()``."""

from __future__ import annotations

import importlib
from types import ModuleType

FORMATS = ("text", "json", "jsonl")


def formatter(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}_format")
