"""Literal pre-filters for the ``patterns`` of rules.

A rule's regex runs on every turn the rule applies to, and most turns cannot
match it: a Tagalog call has a few hundred turns and a handful of "Ano?". A
pre-filter is a few substring tests, in C, that the text of every match
passes, so a turn that fails them is skipped without running the regex: for
``(?:^|(?<=[.!?]\\s{0,3}))(?:ano|ha|huh)\\s*\\?`` the turn must contain ``?``
and one of ``ano``, ``ha``, ``huh``.

The requirements are read from the pattern's parse tree, made by the stdlib
parser for the syntax both engines share. Whatever it does not know (classes
of many characters, optional parts, back-references) requires nothing, and a
pattern with syntax that only the ``regex`` module reads its own way (fuzzy
constraints such as ``{e<=1}``, nested sets and set operations, named lists,
its own escapes and flags) gets no filter at all: a filter must never turn
away a turn the pattern would match. Matching is case-insensitive on folded
text, so the required strings are case-folded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the stdlib's own parser: public in spirit, private in name since 3.11
    from re import _constants as _c
    from re import _parser as _sre
except ImportError:  # Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

# A group of strings: the matched text contains at least one of them. A
# filter is a tuple of groups, all of which must hold.
Group = frozenset[str]

# Syntax the two engines read differently, or may (regex V1 has set
# operators inside classes, fuzzy constraints in braces, \L<list>, its own
# flags; a class opening with ``]``; nested sets are found by _nested_class):
# such a pattern gets no filter. Braces are allowed only as repeat counts.
_REGEX_ONLY = re.compile(r"--|&&|\|\||~~|\\L<|\[\^?\]|\(\?[^:=!<>P#)(]*[VrfwbeEp]")
_REPEAT_COUNT = re.compile(r"\{\d*(?:,\d*)?\}")
_SMALL_CLASS = 8  # a class of this many literal characters is a group


def literal_filter(pattern: str) -> tuple[Group, ...]:
    """Groups of strings every match of ``pattern`` contains one of each of
    (an empty tuple: nothing is known, run the pattern on every turn)."""
    if (
        _REGEX_ONLY.search(pattern)
        or "{" in _REPEAT_COUNT.sub("", pattern)
        or _nested_class(pattern)
    ):
        return ()
    try:
        tree = _sre.parse(pattern, re.IGNORECASE)
    except (re.error, OverflowError, RecursionError):  # regex-only escapes and the like
        return ()
    groups = _sequence(list(tree))
    return tuple(_minimal(g) for g in groups if g and all(g))


def _nested_class(pattern: str) -> bool:
    """Whether a ``[`` stands inside a character class: a nested set for
    ``regex`` in V1 (``[a[bc]]`` is a, b or c), a plain character followed
    by a literal ``]`` for the stdlib parser."""
    inside = escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            if inside:
                return True
            inside = True
        elif ch == "]":
            inside = False
    return False


def _sequence(items: list) -> list[Group]:
    """Requirements of items matched one after the other: each run of
    literal characters, and what each repeated or grouped item needs."""
    groups: list[Group] = []
    run: list[str] = []
    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            groups.append(frozenset(["".join(run).casefold()]))
            run = []
        groups.extend(_item(op, arg))
    if run:
        groups.append(frozenset(["".join(run).casefold()]))
    return groups


def _item(op, arg) -> list[Group]:
    if op is _c.SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(list(arg))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = arg
        return _sequence(list(sub)) if low >= 1 else []
    if op is _c.BRANCH:
        choice: set[str] = set()
        for alternative in arg[1]:
            best = _best(_sequence(list(alternative)))
            if best is None:  # one alternative needs nothing: neither does the branch
                return []
            choice |= best
        return [frozenset(choice)]
    if op is _c.IN:
        if len(arg) <= _SMALL_CLASS and all(o is _c.LITERAL for o, _ in arg):
            return [frozenset(chr(a).casefold() for _, a in arg)]
        return []
    return []  # anchors, look-arounds, any character, back-references…


def _best(groups: list[Group]) -> Group | None:
    """The group that filters most: the one whose shortest string is longest."""
    return max(groups, key=lambda g: min(map(len, g)), default=None)


def _minimal(group: Group) -> Group:
    """A group without the strings that contain another of its strings
    (``ano ulit`` holds ``ano``: testing ``ano`` is enough)."""
    return frozenset(s for s in group if not any(o != s and o in s for o in group))


class FilteredPattern:
    """A compiled pattern behind its literal filter, with the two calls the
    rule kinds make (``search`` and ``finditer``); ``pattern`` is its text."""

    __slots__ = ("regex", "needs")

    def __init__(self, compiled, needs: tuple[Group, ...]):
        self.regex = compiled
        self.needs = needs

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def possible(self, text: str) -> bool:
        """Whether ``text`` holds what every match needs (loops rather than
        generators: this runs for every turn a rule with patterns reads)."""
        for group in self.needs:
            for s in group:
                if s in text:
                    break
            else:
                return False
        return True

    def search(self, text: str, **kw):
        return self.regex.search(text, **kw) if self.possible(text) else None

    def finditer(self, text: str, **kw) -> Iterator:
        return self.regex.finditer(text, **kw) if self.possible(text) else iter(())
