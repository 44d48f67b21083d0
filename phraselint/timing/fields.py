"""Validation of timing-rule fields, so a pack mistake names file:line.

``err(message, key)`` is the error factory :mod:`phraselint.packs` hands to
a kind's ``validate``: it returns a :class:`~phraselint.errors.PackError`
pointing at the line of ``key``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Err = Callable[[str, str], Exception]


def number(options: dict, name: str, default: float | None, err: Err, minimum: float = 0.0):
    """A number of seconds (or a rate) of at least ``minimum``; booleans are
    refused because YAML reads ``yes``/``no`` as them."""
    value = options.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise err(f"{name} must be a number, not {value!r}", name)
    if value < minimum:
        raise err(f"{name} must be at least {minimum:g}", name)
    options[name] = float(value)
    return float(value)


def whole(options: dict, name: str, default: int, err: Err, minimum: int = 1) -> int:
    value = options.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise err(f"{name} must be a whole number, {minimum} or more", name)
    options[name] = value
    return value


def phrases(value: Any, name: str, err: Err, key: str | None = None) -> tuple[str, ...]:
    """A list of phrases (one string is taken as a list of one). Lists inside
    the list are flattened, so a pack can join lists it named with YAML
    anchors: ``holds: [*hold-request, *hold-checkin]``."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise err(f"{name} must be a list of phrases", key or name)
    flat = [x for item in value for x in (item if isinstance(item, list) else [item])]
    out = []
    for item in flat:
        if not isinstance(item, str) or not item.strip():
            hint = " (quote it: YAML reads bare no/yes/on/off as booleans)" * isinstance(item, bool)
            raise err(f"{name} item {item!r} is not a phrase{hint}", key or name)
        out.append(item)
    return tuple(out)


def only(options: dict, allowed: set[str], check: str, err: Err) -> None:
    """Fields of another check type are a mistake, not something to ignore."""
    for key in options:
        if key not in allowed and key != "check":
            raise err(
                f"field {key!r} does not apply to check: {check} "
                f"(its fields: {', '.join(sorted(allowed))})",
                key,
            )
