"""Output formats. One module per format, each with
``render(results, out, color=False) -> None`` writing the whole report."""

from __future__ import annotations

import importlib
from types import ModuleType

FORMATS = ("text", "json")


def formatter(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}_format")
