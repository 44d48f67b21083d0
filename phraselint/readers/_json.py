"""JSON transcripts, with where each of their texts is in the file.

Findings point at the exact column of the JSON file, so a reader needs, for
every text it reads (a Whisper segment's ``"text"``, a Transcribe word's
``"content"``), the offset of that string in the source. Python's ``json``
keeps no offsets, so there are two ways to get them, behind one interface
(:class:`JsonSource`: ``data``, :meth:`~JsonSource.pieces`,
:meth:`~JsonSource.fail` …):

- **The exact way** (:class:`JsonSource`): the pure-Python scanner of
  ``json.scanner`` with hooks, so that every string, object and array records
  its offsets (:class:`JStr`, :class:`JDict`, :class:`JList`). It knows every
  position, errors included, but runs the whole JSON grammar in Python: ten
  times the time of the C decoder, and most of the time of reading a
  transcript.
- **The fast way** (:class:`FastJsonSource`): the C decoder, and then, for
  the texts the reader names with :meth:`~JsonSource.locate`, one regular
  expression scan per key name for the tokens ``"key": "…"``, matched up one
  to one with the values found at those places in the decoded data (see
  :meth:`FastJsonSource.locate` for why the match-up is right, and when it
  is not trusted).

:func:`read_json` reads with the fast way and, whenever that cannot vouch for
a position, the exact way: the fast source raises :class:`Unsure` instead of
guessing (a decoding error, any error message, which names a line, a text
not located, tokens that do not line up with the values), and the reader
runs again from the start on the exact source. So a document never depends on
the fast way's assumptions: it is what the exact way gives, either way.
"""

from __future__ import annotations

import functools
import json
import json.decoder
import json.scanner
import re
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from ..errors import InputError
from ..model import Segment
from ._transcripts import BOM, LineIndex, Piece, line_text, lines_text, strip_pieces

T = TypeVar("T")

_WHITESPACE = json.decoder.WHITESPACE  # what JSON allows between tokens: [ \t\n\r]*


class Unsure(Exception):
    """The fast source cannot vouch for a position: read the exact way."""


def read_json(text: str, path: str, read: Callable[[JsonSource], T]) -> T:
    """``read`` of the file's fast source, or of its exact source when the
    fast one gives up (:class:`Unsure`) at any point."""
    try:
        return read(FastJsonSource(text, path))
    except Unsure:
        return read(JsonSource(text, path))


# --------------------------------------------------------------------------- the exact way


class JStr(str):
    """A JSON string value that knows where it is: ``at`` is the offset of its
    opening quote, ``end`` the offset just past its closing quote."""

    __slots__ = ("at", "end")


class JDict(dict):
    """A JSON object that knows the offsets of its braces."""

    __slots__ = ("at", "end")


class JList(list):
    __slots__ = ("at",)


def _scan_string(s: str, idx: int, strict: bool = True) -> tuple[JStr, int]:
    value, end = json.decoder.scanstring(s, idx, strict)
    out = JStr(value)
    out.at = idx - 1
    out.end = end
    return out, end


def _scan_object(s_and_end, *args):
    obj, end = json.decoder.JSONObject(s_and_end, *args)
    obj.at = s_and_end[1] - 1
    obj.end = end
    return obj, end


def _scan_array(s_and_end, scan_once):
    values, end = json.decoder.JSONArray(s_and_end, scan_once)
    out = JList(values)
    out.at = s_and_end[1] - 1
    return out, end


def _decoder() -> json.JSONDecoder:
    dec = json.JSONDecoder(object_pairs_hook=JDict)
    dec.parse_string = _scan_string
    dec.parse_object = _scan_object
    dec.parse_array = _scan_array
    dec.scan_once = json.scanner.py_make_scanner(dec)
    return dec


# Where a reader's texts are: key names, and EACH for every item of a list.
# ("segments", EACH, "text") is the "text" of every segment.
EACH = object()
Path = tuple[Any, ...]


class JsonSource:
    """A parsed JSON document whose strings, objects and arrays carry their
    source offsets, with the helpers readers need to report and map them."""

    def __init__(self, text: str, path: str):
        self.text = text
        self.path = path
        self.index = LineIndex(text)
        start = 1 if text.startswith(BOM) else 0
        start = _WHITESPACE.match(text, start).end()
        try:
            self.data, end = _decoder().raw_decode(text, start)
        except json.JSONDecodeError as err:
            self.fail_at(f"malformed JSON: {err.msg}", err.pos)
        except RecursionError:
            raise InputError("malformed JSON: nested too deeply", path) from None
        end = _WHITESPACE.match(text, end).end()
        if end != len(text):
            self.fail_at("malformed JSON: extra data after the top-level value", end)

    def locate(self, *paths: Path) -> None:
        """Say where the texts the reader will map with :meth:`pieces` are
        (every string value at one of ``paths``). The exact source knows
        every position already; the fast one finds these."""

    def fail_at(self, problem: str, offset: int) -> NoReturn:
        line, column = self.index.locate(offset)
        raise InputError(f"{problem} (column {column})", self.path, line) from None

    def line_of(self, value: Any) -> int | None:
        at = getattr(value, "at", None)
        return self.index.line_of(at) if at is not None else None

    def field_line(self, obj: Any, key: str) -> int | None:
        """Line of ``"key":`` inside ``obj`` (else of ``obj``), for errors about
        a number, which keeps no position of its own."""
        at = getattr(obj, "at", None)
        if at is None:
            return None
        end = getattr(obj, "end", len(self.text))
        m = re.compile(r'"' + re.escape(key) + r'"\s*:').search(self.text, at, end)
        return self.index.line_of(m.start() if m else at)

    def fail(self, problem: str, near: Any = None, key: str | None = None) -> NoReturn:
        line = self.field_line(near, key) if key else self.line_of(near)
        raise InputError(problem, self.path, line)

    _ESCAPE = re.compile(
        r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\."
    )

    def pieces(self, value: Any) -> list[Piece]:
        """Pieces of a string value, mapping each character to the JSON text.

        Characters written as themselves map one to one; a character written
        as an escape (``\\"``, ``\\u00e9``, a surrogate pair) maps to its
        backslash, and ends where the escape ends. If the raw text does not
        decode to the value (it always should), the whole value maps to the
        opening quote: a best effort that still names the right line.
        """
        at = getattr(value, "at", None)
        if at is None:
            return self._unplaced(value)
        end = value.end
        raw = self.text[at + 1 : end - 1]
        if raw == value:
            return [self.index.piece(str(value), at + 1)]
        out: list[Piece] = []
        pos = 0
        decoded: list[str] = []
        for m in self._ESCAPE.finditer(raw):
            if m.start() > pos:
                chunk = raw[pos : m.start()]
                out.append(self.index.piece(chunk, at + 1 + pos))
                decoded.append(chunk)
            char = json.loads('"' + m.group() + '"')
            out.append(self.index.piece(char, at + 1 + m.start(), len(m.group())))
            decoded.append(char)
            pos = m.end()
        if pos < len(raw):
            out.append(self.index.piece(raw[pos:], at + 1 + pos))
            decoded.append(raw[pos:])
        if "".join(decoded) != value:
            return self._misplaced(value)
        return out

    def text_of(self, value: Any) -> tuple[str, list[Segment]]:
        """The turn text of a string value (stripped) and its segments: what
        ``lines_text([self.pieces(value)])`` gives, made directly for the
        common value written as itself (no escape)."""
        run = self._run(value)
        if run is None:
            return lines_text([self.pieces(value)])
        return line_text(str(value), *run)

    def stripped(self, value: Any) -> list[Piece]:
        """``strip_pieces(self.pieces(value))``, made directly for the common
        value written as itself: an ASR word's pieces."""
        run = self._run(value)
        if run is None:
            return strip_pieces(self.pieces(value))
        body = value.strip()
        if not body:
            return []
        source, line, column = run
        lead = len(value) - len(value.lstrip())
        return [Piece(body, source + lead, line, column + lead)]

    def _run(self, value: Any) -> tuple[int, int, int] | None:
        """Offset, line and column of the first character of a string value
        written as itself, every character one source character (a JSON
        string is on one line); ``None`` for one with an escape, or no
        position. Equal lengths rule out escapes, which are longer than
        what they stand for; the comparison checks the characters too."""
        at = getattr(value, "at", None)
        if at is None or value.end - at - 2 != len(value):
            return None
        if not self.text.startswith(value, at + 1):
            return None
        line, column = self.index.locate(at + 1)
        return at + 1, line, column

    def _unplaced(self, value: Any) -> list[Piece]:
        """Pieces of a value with no position: none (every string has one here)."""
        return []

    def _misplaced(self, value: JStr) -> list[Piece]:  # pragma: no cover - json guarantees it
        """Pieces of a string whose source does not decode to it."""
        return [self.index.piece(str(value), value.at)]


# --------------------------------------------------------------------------- the fast way

_DECODER = json.JSONDecoder()  # the C scanner


class FastJsonSource(JsonSource):
    """The document decoded by the C decoder; positions are known only for
    the texts :meth:`locate` found, and anything else that needs a position
    (an error message names a line) raises :class:`Unsure`.

    The data is what the exact source's is, with plain ``dict``, ``list`` and
    ``str`` where that has :class:`JDict`, :class:`JList` and :class:`JStr`,
    except the located texts, which are :class:`JStr`. Both decoders share
    the grammar and the number parsing; whatever either rejects (bad JSON,
    nesting past the recursion limit, a number too long) the fast source
    hands to the exact one rather than reporting it.
    """

    def __init__(self, text: str, path: str):
        self.text = text
        self.path = path
        self._start = _WHITESPACE.match(text, 1 if text.startswith(BOM) else 0).end()
        try:
            self.data, end = _DECODER.raw_decode(text, self._start)
        except Exception:  # any error is reported by the exact source, at its line
            raise Unsure from None
        if _WHITESPACE.match(text, end).end() != len(text):
            raise Unsure

    @functools.cached_property
    def index(self) -> LineIndex:  # type: ignore[override]
        return LineIndex(self.text)

    def locate(self, *paths: Path) -> None:
        """Give the string values at ``paths`` their source offsets.

        For each key name that ends a path (``"text"``), one scan of the
        source finds every token ``"text": "…"``, in order, and a walk of the
        decoded data along the paths finds every string value under that
        key, in order. When there are as many tokens as values, the n-th
        value is the n-th token:

        - every such token in the file is found (the scan cannot start
          inside another match, which ends with a string token), and a match
          that is no such token (a key ending in ``\\"text``, escaped) only
          adds one: equal counts mean the tokens found are exactly the
          values' tokens, none elsewhere in the file (a ``"text"`` the paths
          miss makes one more token than values: not vouched for);
        - the walk meets the values in source order: lists keep their order,
          and an object on one path adds the values under one of its keys,
          which lie between its braces. Duplicate keys cannot reorder that:
          a value a later duplicate replaced is one token more than values.
        - When two paths to the key both hold values (Whisper's top
          ``"text"`` and its ``"segments"``), the data is walked depth first,
          the keys of the object where the paths part in its order, which is
          source order unless a key appears twice in it: such a file is
          decoded again with a check for duplicate keys, and is not vouched
          for when it has any.

        :meth:`pieces` checks, besides, that each token it maps decodes to
        the value; the counts and the order are what make it that token.
        """
        text = self.text
        for key, paths_to_key in _by_key(paths):
            found = [p for p in (_places(self.data, path) for path in paths_to_key) if p]
            if len(found) <= 1:  # one path holds them all: in order
                places = found[0] if found else []
            else:
                places = []
                if _walk(_trie(paths_to_key), self.data, places) and self._has_duplicate_keys():
                    raise Unsure
            spans = [m.span(1) for m in _token(key).finditer(text)]
            if len(spans) != len(places):
                raise Unsure
            for (obj, name), (at, end) in zip(places, spans, strict=True):
                value = JStr(obj[name])
                value.at = at
                value.end = end
                obj[name] = value

    def _has_duplicate_keys(self) -> bool:
        try:
            _NO_DUPLICATES.raw_decode(self.text, self._start)
        except Unsure:
            return True
        return False

    def fail_at(self, problem: str, offset: int) -> NoReturn:
        raise Unsure

    def fail(self, problem: str, near: Any = None, key: str | None = None) -> NoReturn:
        raise Unsure

    def line_of(self, value: Any) -> int | None:
        raise Unsure

    def field_line(self, obj: Any, key: str) -> int | None:
        raise Unsure

    def _unplaced(self, value: Any) -> list[Piece]:
        raise Unsure  # a text the reader did not locate

    def _misplaced(self, value: JStr) -> list[Piece]:
        raise Unsure


@functools.cache
def _token(key: str) -> re.Pattern[str]:
    """``"key": "…"`` with the string token as group 1 (JSON whitespace only)."""
    ws = r"[ \t\n\r]*"
    return re.compile(f'"{re.escape(key)}"{ws}:{ws}("[^"\\\\]*(?:\\\\.[^"\\\\]*)*")')


def _pairs_without_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise Unsure
    return out


# Decodes as _DECODER does, but stops at a key written twice in one object.
_NO_DUPLICATES = json.JSONDecoder(object_pairs_hook=_pairs_without_duplicates)


@functools.cache
def _by_key(paths: tuple[Path, ...]) -> tuple[tuple[str, tuple[Path, ...]], ...]:
    """The paths grouped by the key that ends them."""
    groups: dict[str, list[Path]] = {}
    for path in paths:
        if not path or path[-1] is EACH:
            raise ValueError(f"a path ends with a key: {path}")
        groups.setdefault(path[-1], []).append(path)
    return tuple((key, tuple(group)) for key, group in groups.items())


def _places(data: Any, path: Path) -> list[tuple[dict, str]]:
    """(object, key) of each string value at ``path``, in source order: all
    the values at one step, then all at the next, each step keeping the order
    of the one before (and at C speed: an ASR file has a word per item)."""
    values = [data]
    for step in path[:-1]:
        if step is EACH:
            values = [item for v in values if isinstance(v, list) for item in v]
        else:
            values = [v[step] for v in values if isinstance(v, dict) and step in v]
    key = path[-1]
    return [(v, key) for v in values if isinstance(v, dict) and isinstance(v.get(key), str)]


class _Trie:
    """Paths to one key merged, for :func:`_walk`: ``steps`` maps a key to
    the node below it (``None`` for the key whose string values are wanted),
    ``each`` is the node for the items of a list."""

    __slots__ = ("steps", "each")

    def __init__(self) -> None:
        self.steps: dict[str, _Trie | None] = {}
        self.each: _Trie | None = None


@functools.cache
def _trie(paths: tuple[Path, ...]) -> _Trie:
    root = _Trie()
    for path in paths:
        node = root
        for step in path[:-1]:
            if step is EACH:
                node.each = node.each or _Trie()
                node = node.each
            else:
                below = node.steps.setdefault(step, _Trie())
                if below is None:
                    raise ValueError(f"{step!r} is both the key and on a path to it")
                node = below
        if node.steps.get(path[-1]):
            raise ValueError(f"{path[-1]!r} is both the key and on a path to it")
        node.steps[path[-1]] = None
    return root


def _walk(node: _Trie, value: Any, found: list[tuple[dict, str]]) -> bool:
    """Add to ``found`` each string value at the trie's paths below ``value``,
    depth first, an object's keys in its order; whether an object parts two
    paths (see :meth:`FastJsonSource.locate`)."""
    parted = False
    if isinstance(value, dict):
        steps = node.steps
        if len(steps) > 1:  # keys in the object's order
            keys = [k for k in value if k in steps]
            parted = len(keys) > 1
        else:
            keys = [k for k in steps if k in value]
        for key in keys:
            below = steps[key]
            if below is None:
                if isinstance(value[key], str):
                    found.append((value, key))
            elif _walk(below, value[key], found):
                parted = True
    elif isinstance(value, list) and node.each is not None:
        each = node.each
        for item in value:
            if _walk(each, item, found):
                parted = True
    return parted
