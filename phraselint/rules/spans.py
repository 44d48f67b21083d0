"""Turning raw automaton hits of one rule into the spans it reports."""

from __future__ import annotations

import unicodedata

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
    return anchor == "sentence-start" and norm[i] in STRONG_CHARS


def select_longest(spans: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """Where spans overlap the longest wins (then the earliest); each text
    span is reported once. The order of the result is by position."""
    chosen: list[tuple[int, int, object]] = []
    for span in sorted(spans, key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: (s[0], s[1]))


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
    kept = [
        s
        for s in found
        if at_anchor(norm, s[0], anchor) and not any(a <= s[0] and s[1] <= b for a, b in shields)
    ]
    return select_longest(kept)
