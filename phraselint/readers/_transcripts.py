"""Shared machinery of the transcript readers (vtt, srt, chatlog, csvfile, whisper, aws).

Findings must point at the exact line and column of the source file, so every
reader builds turn text out of :class:`Piece` objects (a run of text with its
source position) instead of plain strings; :class:`TextBuilder` turns pieces into
``Turn.text`` plus the :class:`~phraselint.model.Segment` list that maps each
character back. JSON formats go through :mod:`._json`, which finds the position of each
string value a reader maps, so that a finding in a Whisper segment or a
Transcribe word points into the JSON file itself.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..locales import hangup_markers, role_for
from ..model import Document, Segment, Turn, Word

if TYPE_CHECKING:
    import regex

NEWLINE = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True, slots=True)
class Line:
    """One source line without its terminator. ``column`` is the column of
    ``text[0]``: 1, except after a byte-order mark, which editors do not show."""

    number: int
    start: int
    text: str
    column: int = 1

    def piece(self, begin: int = 0, end: int | None = None) -> Piece:
        end = len(self.text) if end is None else end
        return Piece(self.text[begin:end], self.start + begin, self.number, self.column + begin)


def split_lines(source: str, start: int = 0, end: int | None = None, number: int = 1) -> list[Line]:
    """Lines split at CRLF, lone CR or LF, so that line numbers agree with what
    an editor shows for files from any platform.

    ``start``/``end`` limit it to the lines of ``source[start:end]`` (``start``
    at the start of a line, ``number`` its line number), for a reader that
    reads most lines another way and hands the rest over here.
    """
    end = len(source) if end is None else end
    lines: list[Line] = []
    pos = start
    for m in NEWLINE.finditer(source, start, end):
        lines.append(Line(number, pos, source[pos : m.start()]))
        pos = m.end()
        number += 1
    if pos < end or not lines:
        lines.append(Line(number, pos, source[pos:end]))
    if start == 0 and lines[0].text.startswith(BOM):
        first = lines[0]
        lines[0] = Line(1, first.start + 1, first.text[1:], 1)
    return lines


def line_starts(source: str) -> list[int]:
    """Offset of the start of each line (see :data:`NEWLINE`).

    Without a CR, the lines are those of ``split("\n")``, whose lengths add
    up to the starts at C speed; the pattern's scan costs more than the rest
    of reading a one-line JSON file of 150 KB.
    """
    if "\r" in source:
        return [0] + [m.end() for m in NEWLINE.finditer(source)]
    if "\n" not in source:
        return [0]
    lengths = map(len, source.split("\n")[:-1])
    return [0, *map(operator.add, itertools.accumulate(lengths), itertools.count(1))]


class LineIndex:
    """Line and column of any source offset, for formats not read line by line."""

    def __init__(self, source: str):
        self.source = source
        self.starts = line_starts(source)
        self.bom = source.startswith(BOM)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def locate(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        column = offset - self.starts[line - 1] + 1
        if line == 1 and self.bom and offset > 0:
            column -= 1
        return line, column

    def piece(self, text: str, offset: int, escape: int = 0) -> Piece:
        line, column = self.locate(offset)
        return Piece(text, offset, line, column, escape)


# --------------------------------------------------------------------------- pieces


@dataclass(slots=True)  # not frozen, which makes creating one three times as slow
class Piece:
    """A run of turn text that is contiguous in the source, or one character
    decoded from an escape or entity, which maps to where that starts and
    whose ``escape`` is its length in the source. Nothing changes one once
    made (a reader makes one per word or cue line)."""

    text: str
    source: int
    line: int
    column: int
    escape: int = 0

    def cut(self, n: int) -> Piece:
        return Piece(self.text[n:], self.source + n, self.line, self.column + n)


def strip_pieces(pieces: list[Piece]) -> list[Piece]:
    """Drop the whitespace at both ends of a line made of pieces."""
    # One slice from the first to the last piece with text: popping blank
    # pieces off the front one by one shifted the list each time, quadratic in
    # a cue line of thousands of empty tags.
    lo = next((i for i, p in enumerate(pieces) if p.text.strip()), None)
    if lo is None:
        return []
    hi = next(i for i in range(len(pieces) - 1, lo - 1, -1) if pieces[i].text.strip())
    return trim_ends(list(pieces[lo : hi + 1]))


def trim_ends(out: list[Piece]) -> list[Piece]:
    """``out``, whose first and last pieces have text, with the whitespace
    before the first and after the last dropped."""
    first = out[0]
    lead = len(first.text) - len(first.text.lstrip())
    if lead:
        out[0] = first.cut(lead)
    last = out[-1]
    trail = len(last.text) - len(last.text.rstrip())
    if trail:
        out[-1] = Piece(last.text[: len(last.text) - trail], last.source, last.line, last.column)
    return out


def cut_pieces(pieces: list[Piece], n: int) -> list[Piece]:
    """Drop the first ``n`` characters of a line made of pieces."""
    out: list[Piece] = []
    for p in pieces:
        if n >= len(p.text):
            n -= len(p.text)
            continue
        out.append(p.cut(n) if n else p)
        n = 0
    return out


def pieces_text(pieces: Iterable[Piece]) -> str:
    return "".join(p.text for p in pieces)


class TextBuilder:
    """Accumulates pieces into turn text and its segments.

    A separator added with :meth:`sep` (the ``"\\n"`` between lines, the space
    between ASR words) has no source character of its own; it belongs to the
    segment before it, so it maps to the character just after that run. A
    decoded escape is a segment of its own, the only one whose characters
    are not one source character each.
    """

    __slots__ = ("parts", "segments", "length", "_next_source", "_line")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.segments: list[Segment] = []
        self.length = 0
        self._next_source = -1
        self._line = -1

    def add(self, piece: Piece) -> None:
        if not piece.text:
            return
        if piece.escape or piece.source != self._next_source or piece.line != self._line:
            segment = Segment(self.length, piece.source, piece.line, piece.column, piece.escape)
            self.segments.append(segment)
        self.parts.append(piece.text)
        self.length += len(piece.text)
        self._next_source = -1 if piece.escape else piece.source + len(piece.text)
        self._line = piece.line

    def sep(self, text: str) -> None:
        if self.length:
            self.parts.append(text)
            self.length += len(text)
            self._next_source = -1

    @property
    def text(self) -> str:
        return "".join(self.parts)


def line_text(text: str, source: int, line: int, column: int) -> tuple[str, list[Segment]]:
    """Turn text of a one-line turn (most turns), built directly: what
    :func:`lines_text` gives for that line as a single piece."""
    body = text.strip()
    if not body:
        return "", []
    lead = len(text) - len(text.lstrip())
    return body, [Segment(0, source + lead, line, column + lead)]


def lines_text(lines: Sequence[list[Piece]]) -> tuple[str, list[Segment]]:
    """Turn text of a multi-line turn: each line stripped, empty lines dropped,
    lines joined with ``"\\n"``, one segment (at least) per line."""
    if len(lines) == 1 and len(lines[0]) == 1 and not lines[0][0].escape:
        p = lines[0][0]
        return line_text(p.text, p.source, p.line, p.column)
    builder = TextBuilder()
    for pieces in lines:
        pieces = strip_pieces(pieces)
        if not pieces:
            continue
        builder.sep("\n")
        for p in pieces:
            builder.add(p)
    return builder.text, builder.segments


# --------------------------------------------------------------------------- speakers

_LABEL_PUNCT = frozenset(',，。.?？!！"“”;；()（）[]【】')


# The ``regex`` patterns are compiled, and ``regex`` imported, on first use: a
# log whose lines all have the common shape (chatlog._COMMON) needs neither.
@functools.cache
def _label() -> regex.Pattern:
    import regex

    return regex.compile(r"^\s*(?:-\s*)?(?P<name>[^\s:：][^:：]{0,39}?)\s*(?:：|:(?!//))\s*")


@functools.cache
def _generic_speaker() -> regex.Pattern:
    import regex

    return regex.compile(
        r"(?i)^(?:speaker|spk|spkr|channel|ch|agent|customer|caller|participant)[\s_\-]*\w{0,4}$"
    )


def split_label(text: str, speakers: dict[str, str], strict: bool) -> tuple[str, int] | None:
    """A ``Name:`` / ``名字：`` prefix at the start of ``text``: (name, length of
    the prefix including the spaces after it), or ``None``.

    Subtitle text is speech, so there (``strict``) a prefix only counts when it
    is a known speaker name, a generic label (``Speaker 1``, ``SPEAKER_00``,
    ``spk_0``) or an all-capitals caption name (``ANA:``); otherwise
    ``Listen: …`` would lose its first word. After a chat stamp a name is
    expected, so any short name without sentence punctuation counts.
    """
    m = _label().match(text)
    if m is None:
        return None
    name = label_name(m.group("name"), speakers, strict)
    return None if name is None else (name, m.end())


def label_name(name: str, speakers: dict[str, str], strict: bool) -> str | None:
    """The speaker name in ``name``, the text before a label's colon, or
    ``None`` when that text cannot be one (see :func:`split_label`)."""
    name = name.strip()
    # A letter (\p{L}: what str.isalpha means), and no sentence punctuation.
    if not any(map(str.isalpha, name)) or any(map(_LABEL_PUNCT.__contains__, name)):
        return None
    if len(name.split()) > 4:
        return None
    if strict:
        known = role_for(name, speakers) is not None
        generic = _generic_speaker().match(name) is not None
        caps = name.isupper() and len(name.split()) <= 3
        if not (known or generic or caps):
            return None
    return name


def role_of(name: str | None, speakers: dict[str, str]) -> str | None:
    return role_for(name, speakers) if name else None


# --------------------------------------------------------------------------- times

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")


def parse_clock(stamp: str) -> float | None:
    """Seconds of ``hh:mm:ss.ttt`` / ``mm:ss.ttt`` (``,`` accepted for ``.``);
    ``None`` when it is not a valid clock time. Computed in whole milliseconds
    so the same instant gives the same float in every format."""
    m = _CLOCK.match(stamp.strip())
    return None if m is None else clock_value(*m.groups())


def clock_value(hours: str | None, minutes: str, seconds: str, frac: str | None) -> float | None:
    """Seconds of a clock time given as its digit strings (hours and fraction
    optional), for a reader whose own pattern already split it; ``None`` when
    minutes or seconds are 60 or more."""
    mm, ss = int(minutes), int(seconds)
    if mm >= 60 or ss >= 60:
        return None
    ms = ((int(hours or 0) * 60 + mm) * 60 + ss) * 1000
    if frac:
        ms += int(frac.ljust(3, "0"))
    return ms / 1000


def seconds(value: float) -> float:
    """Times rounded to the millisecond, the finest unit any format here uses."""
    return round(float(value), 3)


def time_problem(start: float | None, end: float | None) -> tuple[str, str] | None:
    """What is wrong with a pair of times, and which of the two is wrong."""
    for label, value in (("start", start), ("end", end)):
        if value is not None and value < 0:
            return f"negative {label} time {value:g}", label
    if start is not None and end is not None and end < start:
        return f"end {end:g} is before start {start:g}", "end"
    return None


def check_times(
    start: float | None, end: float | None, path: str, line: int | None, what: str = ""
) -> None:
    problem = time_problem(start, end)
    if problem is not None:
        prefix = f"{what}: " if what else ""
        raise InputError(prefix + problem[0], path, line)


# --------------------------------------------------------------------------- turns


MARKER_OPENERS = ("[", "\uff3b")  # every hang-up marker is bracketed ([, ［)


def is_hangup(text: str) -> bool:
    """Whether a whole turn text is an end-of-call marker such as ``[hangup]``."""
    if len(text) > 64:  # tested first: lstrip copies the text
        return False
    if text.lstrip()[:1] not in MARKER_OPENERS:
        return False
    key = unicodedata.normalize("NFKC", text).strip().casefold()
    return bool(key) and key in hangup_markers()


# Scripts written without spaces, with their full-width punctuation. Compiled,
# and ``regex`` imported, when two words are first joined.
@functools.cache
def _cjk() -> regex.Pattern:
    import regex

    return regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\u3000-\u303f\uff00-\uffef]")


def spaced(last: str, first: str) -> bool:
    """Whether ASR words ending in ``last`` and starting with ``first`` are
    joined with a space: not at the start of a turn (``last`` empty), nor
    between two characters of a script written without spaces."""
    if last < _FIRST_CJK:  # no character before U+2E80 is one (nor is "")
        return bool(last)
    return not (_cjk().match(last) and _cjk().match(first))


_FIRST_CJK = "\u2e80"  # the first character _cjk() matches (a CJK radical)


class WordTurn:
    """A turn being built from ASR words (Transcribe items, Deepgram words):
    its text from the words' string values, joined as :func:`spaced` says,
    its times from the first and last word, and each word's time."""

    __slots__ = ("key", "speaker", "builder", "start", "end", "last_char", "words")

    def __init__(self, key: Any, speaker: str | None):
        self.key = key  # what the reader groups by (a segment's number)
        self.speaker = speaker
        self.builder = TextBuilder()
        self.start: float | None = None
        self.end: float | None = None
        self.last_char = ""
        self.words: list[Word] = []

    def add(self, pieces: list[Piece], start: float | None, punctuation: bool = False) -> None:
        """A word (or punctuation, which sticks to the word before it) said
        at ``start``, from the pieces of its string value."""
        if not pieces:
            return
        builder = self.builder
        if not punctuation and spaced(self.last_char, pieces[0].text[0]):
            builder.sep(" ")
        at = builder.length
        for piece in pieces:
            builder.add(piece)
        self.last_char = pieces[-1].text[-1]
        if not punctuation and start is not None:
            self.words.append(Word(at, builder.length, start))

    def keep(self, sink: TurnSink, speakers: dict[str, str]) -> None:
        b = self.builder
        role = role_of(self.speaker, speakers)
        sink.add(b.text, b.segments, self.speaker, role, self.start, self.end, self.words)


def timed_words(
    text: str, words: Iterable[tuple[Any, Any]], scale: float = 1.0, origin: float = 0
) -> list[Word] | None:
    """Where each (word, time) of ``words`` is in ``text`` (found in turn,
    from where the one before ended) and when it was said (``(time - origin)
    * scale`` seconds). Word times refine a turn's timing and are not required: any
    that does not line up (a word that is not a non-empty string or is not
    found, a time that is not a number) leaves the turn without word times
    rather than being an error."""
    found, pos = [], 0
    for word, time in words:
        if not isinstance(word, str) or not is_number(time):
            return None
        word = word.strip()
        at = text.find(word, pos) if word else -1
        if at < 0:
            return None
        pos = at + len(word)
        found.append(Word(at, pos, seconds((time - origin) * scale)))
    return found or None


class TurnSink:
    """Collects turns in source order; hang-up markers become ``hangup``."""

    def __init__(self) -> None:
        self.turns: list[Turn] = []
        self.hangup: float | None = None
        self.hangup_line: int | None = None

    def add(
        self,
        text: str,
        segments: list[Segment],
        speaker: str | None,
        role: str | None,
        start: float | None,
        end: float | None,
        words: list[Word] | None = None,
    ) -> None:
        self.keep(Turn(text, segments, role, speaker, start, end, words or None))

    def keep(self, turn: Turn) -> None:
        """Add a turn already built: dropped when blank, a hang-up when it is a marker."""
        text = turn.text
        if not text or text.isspace():  # (strip would copy the text)
            return
        head = text[0]  # is_hangup's first test, without a call for every turn
        if (head in MARKER_OPENERS or head.isspace()) and is_hangup(text):
            if self.hangup_line is None:
                self.hangup_line = turn.segments[0].line if turn.segments else None
            if turn.start is not None and (self.hangup is None or turn.start < self.hangup):
                self.hangup = turn.start
            return
        self.turns.append(turn)

    def document(self, source: str, path: str, fmt: str, duration: float | None = None):
        meta: dict[str, Any] = {}
        if self.hangup_line is not None:
            meta["hangup_line"] = self.hangup_line
        return Document(
            path=path,
            source=source,
            turns=self.turns,
            kind="transcript",
            format=fmt,
            duration=duration,
            hangup=self.hangup,
            meta=meta,
        )


# --------------------------------------------------------------------------- JSON


def looks_like_json(text: str) -> bool:
    head = text.lstrip(BOM + " \t\r\n")
    return head[:1] in ("{", "[")


def is_number(value: Any) -> bool:
    """A finite JSON number (``json`` also accepts ``NaN`` and ``Infinity``)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
