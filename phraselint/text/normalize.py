"""Normalisation for matching, with a map back to the original characters.

Matching runs on a folded copy of each turn: Unicode NFKC (full-width
``ＡＢＣ，？`` become ``ABC,?``), case folding, and curly quotes made straight.
Findings must still point at the text as written, so :class:`Normalized`
keeps, for every folded character, the index of the character it came from.

Almost all text folds one character to one character; then the map is the
identity and the work is a single ``str.translate`` (C speed). Only text with
characters that expand (``ß`` → ``ss``, ``ﬁ`` → ``fi``) takes the slow path
that builds an explicit index.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Quotes and apostrophes that editors "smarten"; all count as their ASCII form.
_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u300c": '"',
    "\u300d": '"',
    "\u300e": '"',
    "\u300f": '"',
}

_CHAR_CACHE: dict[str, str] = {}


def fold_char(ch: str) -> str:
    """The folded form of one character (may be empty or longer than one)."""
    out = _CHAR_CACHE.get(ch)
    if out is None:
        out = unicodedata.normalize("NFKC", ch).casefold()
        out = "".join(_QUOTES.get(c, c) for c in out)
        if len(_CHAR_CACHE) < 200_000:
            _CHAR_CACHE[ch] = out
    return out


@dataclass(frozen=True, slots=True)
class Normalized:
    """Folded text plus the original index of each of its characters.

    ``index`` is ``None`` when folding kept every character in place.
    """

    text: str
    index: tuple[int, ...] | None = None

    def source_index(self, i: int) -> int:
        return i if self.index is None else self.index[i]

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering folded ``[start, end)``."""
        if self.index is None:
            return start, end
        if end <= start:
            s = self.index[start] if start < len(self.index) else len(self.index)
            return s, s
        return self.index[start], self.index[end - 1] + 1


def normalize(text: str) -> Normalized:
    if text.isascii():
        if "`" in text:
            text = text.replace("`", "'")
        return Normalized(text.lower())
    table: dict[int, str] = {}
    one_to_one = True
    for ch in set(text):
        folded = fold_char(ch)
        if len(folded) != 1:
            one_to_one = False
        table[ord(ch)] = folded
    if one_to_one:
        return Normalized(text.translate(table))
    pieces: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        folded = table[ord(ch)]
        pieces.append(folded)
        index.extend([i] * len(folded))
    return Normalized("".join(pieces), tuple(index))
