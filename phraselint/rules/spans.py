"""Turning raw automaton hits of one rule into the spans it reports."""

from __future__ import annotations

import bisect
import unicodedata

from ..locales import abbreviations
from ..matcher import EXCEPTION, PHRASE, REPLACEMENT, Hit
from ..text.keys import STRONG_CHARS

# What may stand between a sentence end and the first word of a sentence.
_OPENERS = frozenset(" \t\n\r\"'([{*_>-#•–—¿¡\u3000\u300a\u3008\u3010\ufe43")


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def at_anchor(norm: str, start: int, anchor: str | None) -> bool:
    """Whether ``start`` is at the start of the turn or of a sentence."""
    if not anchor:
        return True
    i = start - 1
    while i >= 0 and (norm[i] in _OPENERS or norm[i].isspace()):
        i -= 1
    if i < 0:
        return True
    return anchor == "sentence-start" and _ends_sentence(norm, i)


def _ends_sentence(norm: str, i: int) -> bool:
    """Whether ``norm[i]`` ends a sentence: a sentence mark, but not the "."
    of an abbreviation such as "Dr." (``abbreviations:`` of the locales)."""
    if norm[i] != ".":
        return norm[i] in STRONG_CHARS
    j = i
    while j > 0 and norm[j - 1].isalpha():
        j -= 1
    return j == i or norm[j:i] not in abbreviations()


def select_longest(spans: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Where spans overlap the longest wins (then the earliest); each text
    span is reported once. The order of the result is by position.

    The spans chosen so far never overlap, so, kept sorted by start, their
    ends are sorted too, and a candidate overlaps one of them exactly when it
    overlaps the last one that starts before it ends: one bisection per span
    instead of a look at every chosen span (a line repeating a phrase
    thousands of times stays linear). Empty spans, which no check makes,
    take the pairwise way.
    """
    order = sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0]))
    if any(s[1] <= s[0] for s in spans):
        chosen: list[tuple[int, int, object]] = []
        for span in order:
            if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
                chosen.append(span)
        return sorted(chosen, key=lambda s: (s[0], s[1]))
    starts: list[int] = []
    kept: list[tuple[int, int, object]] = []
    for span in order:
        i = bisect.bisect_left(starts, span[1])  # kept[:i] start before span ends
        if i and kept[i - 1][1] > span[0]:
            continue
        starts.insert(i, span[0])
        kept.insert(i, span)
    return kept


def rule_spans(
    hits: list[Hit],
    rule_index: int,
    norm: str,
    anchor: str | None,
    extra: list[tuple[int, int, object]] = (),
    honour_replacements: bool = True,
) -> list[tuple[int, int, object]]:
    """Spans of one rule in one turn: its phrase hits (plus ``extra`` pattern
    spans), minus those inside an exception or, unless told otherwise, inside
    text that already is the rule's replacement; anchored; longest first."""
    found: list[tuple[int, int, object]] = list(extra)
    shields: list[tuple[int, int]] = []
    for hit in hits:
        entry = hit.entry
        if entry.rule != rule_index:
            continue
        if entry.role == PHRASE:
            end = hit.end
            if entry.trailing_punct:  # "好吗?" takes the text's "？" along, for the fixer
                while end < len(norm) and _is_punct(norm[end]):
                    end += 1
            found.append((hit.start, end, entry))
        elif entry.role == EXCEPTION or (honour_replacements and entry.role == REPLACEMENT):
            shields.append((hit.start, hit.end))
    if not found:
        return []
    inside = _Shields(shields)
    kept = [s for s in found if at_anchor(norm, s[0], anchor) and not inside(s[0], s[1])]
    return select_longest(kept)


class _Shields:
    """Whether a span lies inside one of some spans (exceptions,
    replacements): sorted by start, with the farthest end so far, so each
    question is one bisection rather than a look at every shield."""

    def __init__(self, shields: list[tuple[int, int]]) -> None:
        shields = sorted(shields)
        self.starts = [a for a, _ in shields]
        self.reach: list[int] = []
        for _, b in shields:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def __call__(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start)  # shields that start at or before
        return i > 0 and self.reach[i - 1] >= end
