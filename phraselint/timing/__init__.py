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
