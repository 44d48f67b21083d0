"""Output formats. One module per format, each with
``render(results, out, color=False) -> None`` writing the whole report; a
format that streams (writes each file as it is checked) also has a
``Stream(out, color=False)`` class with ``file(result)`` and ``close()``.

A format that needs more of the run declares it as keyword arguments of its
``render``, which :func:`render` fills from the run's context: ``fail_on``
(junit: which findings are failures) and ``rules`` (sarif: the rules in force).
A format whose ``NEEDS_DOCUMENTS`` is true gets each result's document."""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType
from typing import Any, TextIO

FORMATS = ("text", "json", "jsonl", "sarif", "github", "junit")


def formatter(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}_format")


def render(module: ModuleType, results: list, out: TextIO, color: bool = False, **context: Any):
    """``module.render`` with the parts of ``context`` it asks for."""
    wanted = inspect.signature(module.render).parameters
    extra = {k: v for k, v in context.items() if k in wanted}
    module.render(results, out, color=color, **extra)
