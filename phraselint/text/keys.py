"""Match keys: the text as the automaton sees it, one view per tokenizer.

A phrase matches whole tokens and ignores punctuation, so matching does not
run on the text itself but on a *key* built from its tokens:

- ``words`` (en, tl): the Unicode words of the turn, apostrophes and hyphens
  dropped (``don't`` = ``don’t`` = ``dont``, ``i-check`` = ``icheck``), joined by
  single spaces and padded with one space at each end. A phrase key is padded
  the same way, so an automaton hit always starts and ends on a token edge:
  ``no`` can never fire inside ``know``. Floating particles (tl ``po``, ``ba``…)
  are left out of the key, so they may sit between the words of a phrase.
- ``jieba`` (zh): the Han characters and digits of the turn, Traditional
  converted to Simplified, with punctuation and spaces removed; any other
  letters between two Han runs become a hard break. Token edges are checked
  afterwards, on the few candidates, with the segmenter.

Each view remembers where every key unit came from, and which gaps between
units held punctuation: sentence-ending punctuation in the text may only sit
where the phrase has punctuation too.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from itertools import compress
from operator import not_
from typing import TYPE_CHECKING

from ..locales import LocaleSpec

if TYPE_CHECKING:
    import regex

WEAK, STRONG, HARD = 0, 1, 2
# Sentence ends (after NFKC: full-width ！？；．become ASCII). U+FFFC marks
# text that is not speech (inline code, comments): nothing matches across it.
STRONG_CHARS = frozenset(".!?;。!?;…\ufffc")
MASK = "\ufffc"
# Joins the folded turns of a document for the one-pass candidate scan. It is
# a word token of its own in the words view and a hard break in the Han view,
# and no folded text or phrase can contain it (folding lowercases everything),
# so no candidate spans two turns.
TURN_BREAK = "\nTURN\n"
BREAK_TOKEN = TURN_BREAK.strip()  # the turn break as a word token


# The Unicode patterns are compiled, and ``regex`` imported, on first use: a
# check of ASCII English never needs them, and pre-commit pays for every
# import and compile at start-up.
@functools.cache
def _latin_word() -> regex.Pattern:
    import regex

    return regex.compile(
        r"[\p{L}\p{N}\p{M}--\p{Han}]+(?:['\-][\p{L}\p{N}\p{M}--\p{Han}]+)*", regex.V1
    )


@functools.cache
def _han_split() -> regex.Pattern:
    import regex

    return regex.compile(r"([\p{Han}\p{N}]+)")


@functools.cache
def _letter() -> regex.Pattern:
    import regex

    return regex.compile(r"[\p{L}\ufffc]")


# The same tokens as _latin_word in ASCII text, where \p{L}, \p{N}, \p{M} are
# exactly [A-Za-z0-9] and the stdlib engine is several times faster per call.
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['\-][A-Za-z0-9]+)*")
_STRIP = str.maketrans("", "", "'-")


def _classify(gap: str) -> int:
    if not gap or gap.isspace():
        return WEAK
    if gap.isascii():  # the usual gap; \p{L} is [A-Za-z] there, and str.isalpha too
        if any(map(str.isalpha, gap)):
            return HARD
    elif MASK in gap or _letter().search(gap):
        return HARD
    return STRONG if any(c in STRONG_CHARS for c in gap) else WEAK


# Gap strings repeat endlessly (", " "。"), so their class is looked up, not
# recomputed; the bound keeps odd inputs from growing the table.
_GAP_CLASSES: dict[str, int] = {}


def gap_class(gap: str) -> int:
    """WEAK (spaces, commas), STRONG (sentence ends) or HARD (letters, masked
    text): what may lie between two units of a phrase."""
    cls = _GAP_CLASSES.get(gap)
    if cls is None:
        cls = _classify(gap)
        if len(_GAP_CLASSES) < 10_000:
            _GAP_CLASSES[gap] = cls
    return cls


# --------------------------------------------------------------------------- words


@dataclass(slots=True)
class WordsView:
    """Word tokens of a folded text, keyed for the automaton."""

    norm: str
    keys: list[str]  # one per word token, as the automaton sees it
    particle: list[bool] | None  # per token, when the locale has particles
    core: str  # key without particles (the main automaton runs on it)
    full: str  # key with every token (for phrases made only of particles)
    _spans: list[tuple[int, int]] | None = field(default=None)
    _core_idx: list[int] | None = field(default=None)
    _core_starts: list[int] | None = field(default=None)
    _full_starts: list[int] | None = field(default=None)

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            word = _ASCII_WORD if self.norm.isascii() else _latin_word()
            self._spans = [m.span() for m in word.finditer(self.norm)]
        return self._spans

    def core_index(self) -> list[int]:
        if self._core_idx is None:
            if self.particle is None:
                self._core_idx = list(range(len(self.keys)))
            else:
                self._core_idx = [i for i, p in enumerate(self.particle) if not p]
        return self._core_idx

    def token_at(self, key_pos: int, space: str) -> int:
        """Index (into all tokens) of the token whose key starts at ``key_pos``."""
        if space == "full" or self.particle is None:
            if self._full_starts is None:
                self._full_starts = _starts(self.keys)
            return bisect.bisect_left(self._full_starts, key_pos)
        if self._core_starts is None:
            self._core_starts = _starts([self.keys[i] for i in self.core_index()])
        return self.core_index()[bisect.bisect_left(self._core_starts, key_pos)]

    def gap(self, i: int) -> int:
        """Class of the gap between token ``i`` and token ``i + 1``."""
        spans = self.spans
        return gap_class(self.norm[spans[i][1] : spans[i + 1][0]])


def _starts(keys: list[str]) -> list[int]:
    starts, pos = [], 1
    for k in keys:
        starts.append(pos)
        pos += len(k) + 1
    return starts


def token_key(word: str, spec: LocaleSpec) -> str:
    key = word.translate(_STRIP)
    return spec.equivalents.get(key, key) if spec.equivalents else key


# ASCII text is tokenised without a regex when no apostrophe or hyphen touches
# another one: then deleting them and splitting at everything that is not a
# letter or digit gives exactly the tokens of _ASCII_WORD, without their
# apostrophes and hyphens, all in C.
ASCII_TOKENS = {i: " " for i in range(128) if not chr(i).isalnum()}
ASCII_TOKENS.update({ord("'"): None, ord("-"): None})


def word_tokens(norm: str) -> list[str]:
    """Word tokens of ``norm``, apostrophes and hyphens dropped."""
    if (
        norm.isascii()
        and "--" not in norm
        and "''" not in norm
        and "'-" not in norm
        and "-'" not in norm
    ):
        return norm.translate(ASCII_TOKENS).split()
    word = _ASCII_WORD if norm.isascii() else _latin_word()
    return " ".join(word.findall(norm)).translate(_STRIP).split()


def words_view(norm: str, spec: LocaleSpec, tokens: list[str] | None = None) -> WordsView | None:
    """The words view of ``norm``; ``tokens`` are its :func:`word_tokens`,
    when the caller has them already (every words locale reads the same)."""
    keys = word_tokens(norm) if tokens is None else tokens
    if not keys:
        return None
    # map and compress rather than comprehensions: this runs over every
    # token of a document, and again over each candidate turn's.
    if spec.equivalents:
        keys = list(map(spec.equivalents.get, keys, keys))
    full = " " + " ".join(keys) + " "
    if spec.particles:
        particle = list(map(spec.particles.__contains__, keys))
        core = " " + " ".join(compress(keys, map(not_, particle))) + " "
    else:
        particle, core = None, full
    return WordsView(norm, keys, particle, core, full)


# --------------------------------------------------------------------------- han


class Simplifier:
    """Reads Han text as Simplified for matching, offset for offset (every
    step keeps the length, so offsets carry over one to one).

    OpenCC's ``config`` (``t2s``) first. It keeps characters that Simplified
    writes too, such as 著 (著名), even where Taiwan text uses them for
    another one (等著 = 等着); for the characters in ``in_context`` the
    result of OpenCC's ``in_context`` config (``tw2s``, which tells them
    apart by phrase) is taken instead, and only where they occur: ``tw2s`` on
    all text would turn Simplified 么 into 幺. Then ``variants``, equal-length
    spellings read as another (甚么 as 什么), replace theirs. A locale's
    ``convert`` settings in ``locale.yaml`` give all three."""

    def __init__(
        self,
        config: str = "t2s",
        in_context: tuple[str, str] | None = None,
        variants: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.config = config
        self.in_context = in_context  # (OpenCC config, characters)
        self.variants = variants
        self._converters: dict[str, object] = {}

    def _convert(self, config: str, text: str) -> str:
        converter = self._converters.get(config)
        if converter is None:
            import opencc

            converter = self._converters[config] = opencc.OpenCC(config)
        try:
            out = converter.convert(text)  # type: ignore[attr-defined]
        except UnicodeError:  # lone surrogates from undecodable input
            return text
        if len(out) != len(text):  # never seen with t2s; keep offsets right anyway
            out = "".join(
                c if len(d := converter.convert(c)) != 1 else d  # type: ignore[attr-defined]
                for c in text
            )
        return out

    def __call__(self, text: str) -> str:
        out = self._convert(self.config, text)
        if self.in_context is not None:
            config, chars = self.in_context
            if any(c in out for c in chars):
                told = self._convert(config, text)
                out = "".join(t if c in chars else c for c, t in zip(out, told, strict=True))
        for old, new in self.variants:
            if old in out:
                out = out.replace(old, new)
        return out


_DEFAULT = Simplifier()
_BY_LOCALE: dict[str, Simplifier] = {}


def simplifier(spec: LocaleSpec | None) -> Simplifier:
    """The locale's :class:`Simplifier` (``t2s`` alone without a spec)."""
    if spec is None or not spec.convert:
        return _DEFAULT
    found = _BY_LOCALE.get(spec.id)
    if found is None:
        found = _BY_LOCALE[spec.id] = Simplifier(
            spec.convert, spec.convert_in_context, spec.variants
        )
    return found


def to_simplified(text: str) -> str:
    """OpenCC ``t2s`` of ``text``, offset for offset: plain ``t2s``, not a
    locale's :class:`Simplifier`, which is what telling whether text holds
    Traditional-only characters needs (:mod:`phraselint.fitting`)."""
    return _DEFAULT(text)


@dataclass(slots=True)
class HanView:
    """Han characters (and digits) of a folded text, Simplified, punctuation
    removed. ``runs`` maps key ranges back to the folded text.

    The whole text is converted to Simplified once (``simple``; the
    conversion keeps the length) and the key is cut from that: the converter
    sees each run with the punctuation around it, as the segmenter's windows
    (cut from ``simple`` too) do, rather than runs glued together across
    their gaps, which could join two runs' characters into one phrase."""

    norm: str
    simple: str  # norm in Simplified characters, offset for offset
    key: str
    runs: list[tuple[int, int, int]]  # (key_start, norm_start, length)
    run_keys: list[int]
    gaps: dict[int, int]  # key position of a run start → class of the gap before it
    _gap_keys: list[int] | None = None
    # (norm start, norm end) → that text Simplified and its tokens, for the
    # matcher's edge checks (matcher._window_tokens)
    windows: dict = field(default_factory=dict)

    def norm_pos(self, key_pos: int) -> int:
        i = bisect.bisect_right(self.run_keys, key_pos) - 1
        k, n, _ = self.runs[i]
        return n + key_pos - k

    def gaps_within(self, start: int, end: int) -> list[tuple[int, int]]:
        """(key position, class) of the punctuated gaps strictly inside
        ``(start, end)``: a bisection, since a whole document's view has
        hundreds of gaps and a candidate spans a few."""
        if self._gap_keys is None:
            self._gap_keys = list(self.gaps)  # insertion order is key order
        keys = self._gap_keys
        lo = bisect.bisect_right(keys, start)
        hi = bisect.bisect_left(keys, end, lo)
        return [(k, self.gaps[k]) for k in keys[lo:hi] if self.gaps[k]]


def han_view(norm: str, spec: LocaleSpec | None = None) -> HanView | None:
    """The Han view of ``norm``, read as Simplified the way ``spec`` says
    (:func:`simplifier`)."""
    # split() gives [gap, run, gap, run, …, gap] as strings: no match objects.
    parts = _han_split().split(norm)
    if len(parts) == 1:
        return None
    simple = simplifier(spec)(norm)
    runs: list[tuple[int, int, int]] = []
    pieces: list[str] = []
    gaps: dict[int, int] = {}
    key_len = 0
    pos = len(parts[0])
    for i in range(1, len(parts), 2):
        run = len(parts[i])
        if i > 1:
            cls = gap_class(parts[i - 1])
            if cls == HARD:
                pieces.append("\n")
                key_len += 1
            else:
                gaps[key_len] = cls
        runs.append((key_len, pos, run))
        pieces.append(simple[pos : pos + run])
        key_len += run
        pos += run + len(parts[i + 1])
    return HanView(norm, simple, "".join(pieces), runs, [r[0] for r in runs], gaps)
