"""Check types of ``kind: timing`` rules, one module each.

A module declares ``NAME`` (the value of ``check:``), ``FIELDS`` (its pack
fields with their defaults), ``NEEDS_END_TIMES`` and ``NEEDS_ROLES`` (what a
transcript must carry for the check to mean anything), ``validate(options,
err)``, ``phrase_groups(rule)`` (named phrase lists to compile into the
locale's automaton) and ``check(timing_context, rule_index, rule)``.
"""

from __future__ import annotations

from types import ModuleType

from . import dead_air, hold, overtalk, script, speed, within

CHECKS: dict[str, ModuleType] = {
    m.NAME: m for m in (script, hold, dead_air, overtalk, speed, within)
}


def all_fields() -> tuple[str, ...]:
    """Every field any check type accepts (the kind's ``FIELDS``)."""
    names: dict[str, None] = {"check": None}
    for module in CHECKS.values():
        names.update(dict.fromkeys(module.FIELDS))
    return tuple(names)
