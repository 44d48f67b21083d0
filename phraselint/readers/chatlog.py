"""Chat-style logs with time stamps as a transcript.

Lines look like ``[hh:mm:ss] Agent: …``, ``[mm:ss] Customer: …`` or
``00:01:05 坐席：…`` (ASCII or full-width colon, an optional ``-`` after the
stamp, fractions of a second allowed).

- Every stamped line starts a turn; the name before the colon is the speaker
  (a stamped line without one has no speaker). Lines without a stamp continue
  the previous turn (joined with ``"\\n"``); lines before the first stamp are a
  header and not speech.
- Logs give no end times: ``Turn.end`` is ``None`` rather than a guess.
- A bare stamp needs hours (``00:01:05``); ``mm:ss`` must be bracketed, so a
  line such as ``10:30 works for me`` continues a turn instead of starting one.
- A line whose whole text (after the speaker) is a hang-up marker is not a
  turn: it sets ``Document.hangup`` to its stamp.
- Turns stay in source order; stamps that go back in time are kept as they are.
"""

from __future__ import annotations

import regex

from ..errors import InputError
from ..model import Document, Segment
from . import ReadOptions
from ._transcripts import (
    BOM,
    Line,
    Piece,
    TurnSink,
    cut_pieces,
    is_hangup,
    lines_text,
    parse_clock,
    role_of,
    split_label,
    split_lines,
)

NAME = "chatlog"
EXTENSIONS = (".log", ".chat", ".chatlog")
KIND = "transcript"

# Loose on purpose: anything shaped like a stamp is validated, so 00:75 is an
# error rather than text.
_STAMP = regex.compile(
    r"^\s*(?:[\[(（【](?P<b>\d+(?::\d+){1,2}(?:[.,]\d+)?)[\])）】]"
    r"|(?P<p>\d+:\d+:\d+(?:[.,]\d+)?)(?=\s|$|[-–\p{L}]))"
    r"\s*(?:[-–]\s+)?"
)
_SNIFF = regex.compile(
    r"^\s*(?:\[\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\]|\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?)"
    r"(?!\S*\s*-->)\s*(?:[-–]\s+)?[^\s:：][^:：]{0,40}[:：]"
)


def sniff(text: str) -> bool:
    head = [ln for ln in text[:600].lstrip(BOM).splitlines() if ln.strip()][:3]
    return any(_SNIFF.match(ln) for ln in head)


def _stamp(line: Line, path: str) -> tuple[float, int] | None:
    m = _STAMP.match(line.text)
    if m is None:
        return None
    stamp = m.group("b") or m.group("p")
    value = parse_clock(stamp)
    if value is None:
        raise InputError(f"bad timestamp {stamp!r}", path, line.number)
    return value, m.end()


_NONE = (None, None, None, None)  # an unstamped marker: no speaker, no time


class _Open:
    __slots__ = ("speaker", "start", "lines")

    def __init__(self, speaker: str | None, start: float, first: list[Piece]):
        self.speaker = speaker
        self.start = start
        self.lines = [first]


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    sink = TurnSink()
    current: _Open | None = None

    def close() -> None:
        if current is not None:
            body, segments = lines_text(current.lines)
            role = role_of(current.speaker, options.speakers)
            sink.add(body, segments, current.speaker, role, current.start, None)

    for line in split_lines(text):
        found = _stamp(line, path)
        if found is None:
            if is_hangup(line.text):
                close()
                current = None
                piece = line.piece()
                sink.add(piece.text, [Segment(0, piece.source, piece.line, piece.column)], *_NONE)
            elif current is not None and line.text.strip():
                current.lines.append([line.piece()])
            continue
        start, rest = found
        close()
        pieces = [line.piece(rest)]
        label = split_label(pieces[0].text, options.speakers, strict=False)
        speaker = None
        if label is not None:
            speaker, length = label
            pieces = cut_pieces(pieces, length)
        current = _Open(speaker, start, pieces)
    close()
    return sink.document(text, path, NAME)
