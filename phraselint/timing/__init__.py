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
from dataclasses import dataclass
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
    return timing_rules(compiled).first.get(check)


@dataclass(frozen=True, slots=True)
class Plan:
    """A timing rule with what its check needs of a transcript, and why it
    cannot be checked without it (``None``: the check does not need it)."""

    index: int
    rule: Rule
    check: str  # the ``NAME`` of its check module
    no_ends: str | None  # the transcript has start times only
    no_roles: str | None  # no timed turn of the rule's roles


@dataclass(frozen=True, slots=True)
class TimingRules:
    """A compiled locale's timing rules, sorted out once (:func:`timing_rules`):
    every transcript of a batch asks the same questions of them."""

    plans: tuple[Plan, ...]
    indices: frozenset[int]
    first: dict[str, tuple[int, Rule]]  # the first rule of each check (first_rule)


def timing_rules(compiled: CompiledLocale) -> TimingRules:
    return compiled.derived("timing", _timing_rules, compiled)


def _timing_rules(compiled: CompiledLocale) -> TimingRules:
    plans = []
    first: dict[str, tuple[int, Rule]] = {}
    for i in compiled.of_kind("timing"):
        rule = compiled.rules[i]
        name = rule.opt("check")
        module = checks()[name]
        first.setdefault(name, (i, rule))
        no_ends = f"the transcript has start times only (check: {name} needs end times)"
        no_roles = f"no timed {'/'.join(sorted(rule.roles))} turn (are the speakers named?)"
        plans.append(
            Plan(
                i,
                rule,
                name,
                no_ends if module.NEEDS_END_TIMES else None,
                no_roles if module.NEEDS_ROLES else None,
            )
        )
    return TimingRules(tuple(plans), frozenset(compiled.of_kind("timing")), first)
