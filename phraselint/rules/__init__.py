"""Rule kinds. One module per kind; each declares the pack fields it accepts
(``FIELDS``), its defaults, ``validate(options, err)`` for its own fields and
``check(ctx) -> list[Finding]`` over a linted document
(:class:`phraselint.engine.LintContext`). :mod:`phraselint.packs` validates
the fields common to all kinds and asks the kind's module for the rest. A
kind whose rules carry phrase lists in their own fields (a timing script's
steps) defines ``phrase_groups(rule) -> {name: phrases}``: each list is
compiled into the locale's automaton under ``packs.group_role(name)``."""

from __future__ import annotations

import functools
import importlib
from types import ModuleType

KINDS = ("forbidden", "required", "timing")


# Both are asked once per linted document: imported once, then looked up.
@functools.cache
def kind_module(kind: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{kind}")


@functools.cache
def available_kinds() -> tuple[ModuleType, ...]:
    mods = []
    for kind in KINDS:
        try:
            mods.append(kind_module(kind))
        except ModuleNotFoundError:
            continue
    return tuple(mods)
