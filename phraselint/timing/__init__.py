"""Check types of ``kind: timing`` rules, one module each.

A module declares ``NAME`` (the value of ``check:``), ``FIELDS`` (its pack
fields with their defaults), ``NEEDS_END_TIMES`` and ``NEEDS_ROLES`` (what a
transcript must carry for the check to mean anything), ``validate(options,
err)``, ``phrase_groups(rule)`` (named phrase lists to compile into the
locale's automaton) and ``check(timing_context, rule_index, rule)``.
"""

from __future__ import annotations

import functools
import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..packs import CompiledLocale, Rule

_MODULES = ("script", "hold", "dead_air", "overtalk", "speed", "within")


@functools.cache
def checks() -> dict[str, ModuleType]:
    """The check modules by ``NAME``, imported on first use: a run on scripts
    alone never checks timing (a script has no times), and pre-commit's
    start-up should not pay for importing six modules it does not run."""
    modules = (importlib.import_module(f"{__name__}.{name}") for name in _MODULES)
    return {m.NAME: m for m in modules}


def all_fields() -> tuple[str, ...]:
    """Every field any check type accepts (the kind's ``FIELDS``)."""
    names: dict[str, None] = {"check": None}
    for module in checks().values():
        names.update(dict.fromkeys(module.FIELDS))
    return tuple(names)


def first_rule(compiled: CompiledLocale, check: str) -> tuple[int, Rule] | None:
    """The first timing rule of a compiled locale with this ``check`` (as the
    run has it: configuration may change or disable it): what the per-file
    figures count with, and what dead air leaves the long silences to."""
    for i in compiled.of_kind("timing"):
        if compiled.rules[i].opt("check") == check:
            return i, compiled.rules[i]
    return None
