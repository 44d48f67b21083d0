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

import bisect
import re
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


@dataclass(slots=True)  # not frozen, for speed: see phraselint.model
class Normalized:
    """Folded text plus the way back to the original characters.

    ``runs`` is ``None`` when folding kept every character in place (almost
    always). Otherwise it lists, in folded order, ``(folded_start,
    source_start, expanded)``: from ``folded_start`` on, folded index ``i``
    comes from ``source_start + (i - folded_start)``, or, in the run of an
    expanded character (``…`` → ``...``), from ``source_start`` itself. Only
    expanding characters cost anything, not every character of the text.
    """

    text: str
    runs: tuple[tuple[int, int, bool], ...] | None = None
    _starts: tuple[int, ...] | None = None

    def source_index(self, i: int) -> int:
        if self.runs is None:
            return i
        j = bisect.bisect_right(self._starts, i) - 1
        if j < 0:
            return i
        folded, source, expanded = self.runs[j]
        return source if expanded else source + (i - folded)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering folded ``[start, end)``."""
        if self.runs is None:
            return start, end
        if end <= start:
            s = self.source_index(start) if start < len(self.text) else self._source_end()
            return s, s
        return self.source_index(start), self.source_index(end - 1) + 1

    def _source_end(self) -> int:
        folded, source, expanded = self.runs[-1]
        return source + 1 if expanded else source + (len(self.text) - folded)


class _FoldTable(dict):
    """``ord(c)`` → folded ``c``, shared by every call and filled as
    ``str.translate`` meets characters (it asks ``__missing__`` for unknown
    ones): each distinct character is folded once per process, and no pass
    over the text is needed to find the new ones first."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = self[code] = fold_char(ch)
        if len(folded) != 1:
            _ODD.add(ch)
        return folded


_TABLE = _FoldTable()
_ODD: set[str] = set()  # characters seen so far that do not fold to exactly one


def _odd_in(text: str) -> set[str]:
    """The characters of ``text`` that do not fold to one (usually none): a
    substring test per known one is far cheaper than ``set(text)`` while
    there are few."""
    if len(_ODD) <= 16:
        return {c for c in _ODD if c in text}
    return set(text) & _ODD


# CJK Unified Ideographs fold to themselves (NFKC and case folding leave
# them alone; a test checks every one). Chinese text is mostly made of them,
# and str.translate looks up each character in the table, so their runs are
# passed over whole: 25% off folding the Chinese corpus.
_HAN_RUN = re.compile("([\u4e00-\u9fff]+)")


class _FoldedParts(dict):
    """What lies between two runs of Han characters, folded. In Chinese text
    that is mostly the same few strings (``，`` ``。\\n`` ``？``: 43 distinct
    among 73,000 in the generated zh corpus, 1,070 among 37,000 in real
    chats), so each is translated once and looked up after that: folding
    the zh corpus 20.2 → 15.2 ms, the real chats 9.8 → 8.3 ms. Only short
    parts are kept (the long ones, such as English sentences in a Chinese
    document, rarely come back), at most ``_PARTS_MAX`` of them: a batch of
    odd inputs, every part different, does not grow the table past about
    1 MB."""

    def __missing__(self, part: str) -> str:
        folded = part.translate(_TABLE)
        if len(part) <= _PART_KEPT and len(self) < _PARTS_MAX:
            self[part] = folded
        return folded


_PARTS = _FoldedParts()
_PARTS_MAX = 10_000
_PART_KEPT = 16  # characters


def _fold_text(text: str) -> str:
    """``text.translate(_TABLE)``, without looking up the Han characters."""
    return _fold(text)[0]


def _fold(text: str) -> tuple[str, int]:
    """:func:`_fold_text`, and how many characters its Han runs hold."""
    parts = _HAN_RUN.split(text)
    if len(parts) == 1:
        return text.translate(_TABLE), 0
    han = sum(map(len, parts[1::2]))
    parts[::2] = map(_PARTS.__getitem__, parts[::2])
    return "".join(parts), han


def normalize(text: str) -> Normalized:
    return _normalize(text)[0]


def _normalize(text: str) -> tuple[Normalized, int]:
    """:func:`normalize`, and the count of CJK Unified Ideographs (U+4E00 to
    U+9FFF) in ``text``, which folding counts on its way."""
    if text.isascii():
        if "`" in text:
            text = text.replace("`", "'")
        return Normalized(text.lower()), 0
    table = _TABLE
    folded_text, han = _fold(text)
    odd = _odd_in(text)
    if not odd:
        return Normalized(folded_text), han
    runs: list[tuple[int, int, bool]] = []
    shift = 0  # len(folded so far) - len(source so far)
    pattern = re.compile("|".join(re.escape(c) for c in odd))
    next_source = 0
    for m in pattern.finditer(text):
        i = m.start()
        if i > next_source:
            runs.append((next_source + shift, next_source, False))
        width = len(table[ord(text[i])])
        if width:
            runs.append((i + shift, i, True))
        shift += width - 1
        next_source = i + 1
    runs.append((next_source + shift, next_source, False))
    return Normalized(folded_text, tuple(runs), tuple(r[0] for r in runs)), han


class FoldedTurns(list):
    """The :class:`Normalized` turns of a document, and how many CJK Unified
    Ideographs they hold (``han``): what locale detection weighs against the
    words, counted by the fold's own pass over the text."""

    han: int = 0


def normalize_turns(texts: list[str]) -> FoldedTurns:
    """``normalize`` of each text, in one pass over all of them: a document's
    turns are folded together and cut apart again, unless a character
    expands (then each turn keeps its own map, as :func:`normalize` gives)."""
    whole, han = _normalize("\n".join(texts))
    if whole.runs is not None:
        out = FoldedTurns(map(normalize, texts))
    elif whole.text.count("\n") == len(texts) - 1:  # no line break in a turn (only LF folds to LF)
        out = FoldedTurns(map(Normalized, whole.text.split("\n")))
    else:
        folded, out, pos = whole.text, FoldedTurns(), 0
        for text in texts:
            end = pos + len(text)
            out.append(Normalized(folded[pos:end]))
            pos = end + 1
    out.han = han
    return out
