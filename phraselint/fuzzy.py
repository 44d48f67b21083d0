"""Approximate phrase matching for recognised speech (``fuzzy: N`` on a rule).

Speech recognition writes "thank you for colling" or 我不知到: the automaton,
which matches exactly, misses them. A forbidden or required rule with
``fuzzy: 1`` (or ``2``) also accepts its phrases with up to that many edits,
and its findings report ``"edits": n``; exact hits stay exact (no ``edits``).

The ``regex`` module's fuzzy matching (``(?e)(?:…){e<=N}``) is right but
hundreds of times slower than the automaton, so it only runs where it can
succeed. A phrase split into N+1 disjoint pieces keeps at least one piece
intact under N edits (the pigeonhole principle), so a turn is searched only
if its key contains one of the pieces verbatim, and only in a window around
that piece. Most turns fail that test with a few substring checks.

Matching runs on the automaton's keys (:mod:`phraselint.text.keys`): words
joined by single spaces, or Han characters without punctuation, so case and
punctuation are never edits, and a words match starts and ends on word edges.
Chinese allows substitutions only: recognisers confuse homophones, while an
inserted or dropped character too often flips the meaning (我知道 is one
deletion from 我不知道). Phrases too short to be told apart from other words
with N edits (under ``MIN_CHARS`` key characters per edit, spaces not
counted) are matched exactly only.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import ahocorasick
import regex

from .errors import InputError
from .locales import LocaleSpec, get_spec
from .matcher import PHRASE, Hit
from .text.keys import han_view, words_view
from .text.normalize import normalize

MAX_EDITS = 2
MIN_CHARS = {"words": 8, "jieba": 3}  # key characters (no spaces) per allowed edit
TIMEOUT = 0.5  # seconds per window, as for rule patterns


def validate_option(options: dict, err) -> None:
    """The ``fuzzy`` field of a forbidden or required rule."""
    value = options.get("fuzzy", 0)
    if isinstance(value, bool) or value not in range(MAX_EDITS + 1):
        raise err(f"fuzzy must be a number of edits from 0 to {MAX_EDITS}", "fuzzy")
    options["fuzzy"] = value


@dataclass(frozen=True, slots=True)
class FuzzyPhrase:
    index: int  # position in the rule's phrases
    key: str
    pieces: tuple[tuple[str, int], ...]  # (piece, its offset in key)
    pattern: regex.Pattern


@dataclass(frozen=True, slots=True)
class FuzzyHit:
    start: int  # offsets in the folded turn text
    end: int
    edits: int
    phrase: int


@dataclass(frozen=True, slots=True)
class TextKey:
    """A turn's key and the way back from key offsets to folded offsets."""

    key: str
    to_text: Callable[[int, int], tuple[int, int] | None]


def _split(units: list[str], parts: int, sep: str) -> tuple[tuple[str, int], ...]:
    """``units`` (words or characters, at least ``parts`` of them) cut into
    ``parts`` contiguous pieces, each with its offset in ``sep.join(units)``.
    The cut keeps the shortest piece as long as possible: a short piece such
    as "you" is in almost every turn and would filter nothing."""
    offsets, pos = [], 0
    for unit in units:
        offsets.append(pos)
        pos += len(unit) + len(sep)
    best: tuple[int, tuple[int, ...]] = (-1, ())
    for cuts in itertools.combinations(range(1, len(units)), parts - 1):
        bounds = (0, *cuts, len(units))
        shortest = min(len(sep.join(units[x:y])) for x, y in itertools.pairwise(bounds))
        if shortest > best[0]:
            best = (shortest, bounds)
    return tuple((sep.join(units[x:y]), offsets[x]) for x, y in itertools.pairwise(best[1]))


@dataclass(frozen=True)
class FuzzySet:
    """The fuzzy phrases of one rule, and one automaton over all their pieces
    so a turn is scanned for candidates once, in C."""

    phrases: tuple[FuzzyPhrase, ...]
    pieces: ahocorasick.Automaton | None
    edits: int


@functools.lru_cache(maxsize=2048)
def compile_phrases(locale: str, phrases: tuple[str, ...], edits: int) -> FuzzySet:
    spec = get_spec(locale)
    han = spec.tokenizer == "jieba"
    out = []
    for j, phrase in enumerate(phrases):
        norm = normalize(phrase).text
        if han:
            view = han_view(norm, spec)
            key = view.key if view is not None and "\n" not in view.key else ""
            units, sep = list(key), ""
        else:
            view = words_view(norm, spec)
            units = [] if view is None else [view.keys[i] for i in view.core_index()]
            key, sep = " ".join(units), " "
        if len(key.replace(" ", "")) < MIN_CHARS.get(spec.tokenizer, 8) * edits:
            continue
        if len(units) < edits + 1:  # too few words to cut: cut characters
            units, sep = list(key), ""
        kind = "s" if han else "e"
        body = rf"(?:{regex.escape(key)}){{{kind}<={edits}}}"
        pattern = regex.compile(rf"(?e){body}" if han else rf"(?e)(?<= ){body}(?= )")
        out.append(FuzzyPhrase(j, key, _split(units, edits + 1, sep), pattern))
    automaton = None
    if out:
        where: dict[str, list[tuple[int, int]]] = {}
        for n, fp in enumerate(out):
            for piece, offset in fp.pieces:
                where.setdefault(piece, []).append((n, offset))
        automaton = ahocorasick.Automaton()
        for piece, places in where.items():
            automaton.add_word(piece, (len(piece), tuple(places)))
        automaton.make_automaton()
    return FuzzySet(tuple(out), automaton, edits)


def text_key(norm: str, spec: LocaleSpec) -> TextKey | None:
    """The key the fuzzy patterns search in, for folded turn text ``norm``."""
    if spec.tokenizer == "jieba":
        view = han_view(norm, spec)
        if view is None:
            return None

        def han_span(a: int, b: int) -> tuple[int, int] | None:
            if "\n" in view.key[a:b]:
                return None  # across a hard break (other letters between Han runs)
            return view.norm_pos(a), view.norm_pos(b - 1) + 1

        return TextKey(view.key, han_span)
    view = words_view(norm, spec)
    if view is None:
        return None
    core = view.core_index()
    starts, pos = [], 1
    for i in core:
        starts.append(pos)
        pos += len(view.keys[i]) + 1

    def words_span(a: int, b: int) -> tuple[int, int]:
        first = core[bisect.bisect_right(starts, a) - 1]
        last = core[bisect.bisect_right(starts, b - 1) - 1]
        return view.spans[first][0], view.spans[last][1]

    return TextKey(view.core, words_span)


def _windows(fset: FuzzySet, key: str) -> dict[int, list[tuple[int, int]]]:
    """Per phrase, the stretches of ``key`` where it could match: around
    verbatim occurrences of one of its pieces, merged."""
    edits = fset.edits
    spans: dict[int, list[tuple[int, int]]] = {}
    for end, (length, places) in fset.pieces.iter(key):
        at = end - length + 1
        for n, offset in places:
            start = at - offset
            stop = start + len(fset.phrases[n].key) + edits + 2
            spans.setdefault(n, []).append((max(start - edits - 1, 0), min(stop, len(key))))
    for n, found in spans.items():
        found.sort()
        merged: list[tuple[int, int]] = []
        for a, b in found:
            if merged and a <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
            else:
                merged.append((a, b))
        spans[n] = merged
    return spans


def find(fset: FuzzySet, key: TextKey, path: str = "<text>") -> list[FuzzyHit]:
    """Approximate occurrences (1 to ``fset.edits`` edits) of the phrases of
    ``fset`` in a turn."""
    if fset.pieces is None:
        return []
    hits = []
    for n, windows in _windows(fset, key.key).items():
        phrase = fset.phrases[n]
        for a, b in windows:
            try:
                matches = list(phrase.pattern.finditer(key.key, a, b, timeout=TIMEOUT))
            except TimeoutError:
                raise InputError(
                    f"fuzzy matching of {phrase.key!r} timed out (over {TIMEOUT}s)", path
                ) from None
            for m in matches:
                count = sum(m.fuzzy_counts)
                span = key.to_text(*m.span()) if count and m.end() > m.start() else None
                if span is not None:
                    hits.append(FuzzyHit(span[0], span[1], count, phrase.index))
    return hits


def rule_fuzzy_spans(
    compiled, index: int, hits: list[Hit], norm: str, memo: dict, path: str
) -> list[tuple[int, int, FuzzyHit]]:
    """Fuzzy spans of rule ``index`` in one turn, as ``extra`` spans for
    :func:`phraselint.rules.spans.rule_spans`; those overlapping an exact
    hit of the rule are left to the exact hit. ``memo`` keeps the turn's key
    between the rules that need it."""
    rule = compiled.rules[index]
    edits = rule.opt("fuzzy", 0)
    if not edits:
        return []
    fset = compile_phrases(compiled.locale, rule.phrases, edits)
    if fset.pieces is None:
        return []
    if "key" not in memo:
        memo["key"] = text_key(norm, get_spec(compiled.locale))
    if memo["key"] is None:
        return []
    exact = [(h.start, h.end) for h in hits if h.entry.rule == index and h.entry.role == PHRASE]
    return [
        (h.start, h.end, h)
        for h in find(fset, memo["key"], path)
        if not any(h.start < b and a < h.end for a, b in exact)
    ]
