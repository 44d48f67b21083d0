"""SubRip subtitles (``.srt``) as a transcript.

- A cue is an optional number line, a ``hh:mm:ss,mmm --> hh:mm:ss,mmm`` line
  (``.`` tolerated, coordinates after it ignored) and text lines. The text runs
  until the next number + timing line, so a blank line inside a cue's text,
  which many generators write, does not lose the rest of the cue.
- SRT has no speaker field: a ``Name:`` / ``- NAME:`` prefix on a line names
  the speaker (see :func:`._transcripts.split_label`), and a speaker change
  inside a cue starts a new turn with the cue's times.
- ``<i>``/``<b>``/``<font>`` tags and ``{\\an8}`` overrides are removed
  without shifting positions.
- A cue whose whole text is a hang-up marker is not a turn: it sets
  ``Document.hangup`` to the cue start.
- Cues stay in source order, even when they overlap or go back in time;
  rules that need time order sort by start.
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..model import Document
from . import ReadOptions
from ._common_cues import TIMING, CueFormat, read_rows
from ._cues import SRT_MARKUP, cue_turns
from ._transcripts import BOM, Line, TurnSink, split_lines
from .vtt import parse_timing

NAME = "srt"
KIND = "transcript"

_INDEX = re.compile(r"^\s*\d+\s*$")
_SNIFF_TIMING = re.compile(r"^\s*\d+:\d{2}:\d{2},\d{1,3}\s*-->\s*\d+:\d{2}:\d{2},\d{1,3}")
# The commonest cue: its number line (optional), the usual timing line and
# one line of text (groups: those of _common_cues.read_rows). The first cue
# of a file may follow blank lines only; a later one starts at the end of the
# text line before it, and blank lines may come before and after its number.
_BLANKS = r"(?:[^\S\n]*\n)*"
_NUMBER = r"[^\S\n]*\d+[^\S\n]*\n"
_FORMAT = CueFormat(NAME, SRT_MARKUP, "{", numbered=True)
_FIRST_CUE = re.compile(rf"({_BLANKS}(?:{_NUMBER})?{TIMING}\n){_FORMAT.line_of_text()}")
_NEXT_CUE = re.compile(rf"(\n{_BLANKS}(?:{_NUMBER}{_BLANKS})?{TIMING}\n){_FORMAT.line_of_text()}")


def sniff(text: str) -> bool:
    head = [ln for ln in text[:500].lstrip(BOM).splitlines() if ln.strip()][:2]
    if not head:
        return False
    if _SNIFF_TIMING.match(head[0]):
        return True
    return len(head) == 2 and bool(_INDEX.match(head[0])) and bool(_SNIFF_TIMING.match(head[1]))


def _cue_starts(lines: list[Line]) -> list[int]:
    """Indices of the timing lines that start cues."""
    return [i for i, line in enumerate(lines) if "-->" in line.text]


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    common = _read_common(text, path, options)
    if common is not None:
        return common
    lines = split_lines(text)
    timings = _cue_starts(lines)
    sink = TurnSink()
    first_text = timings[0] if timings else len(lines)
    # Only a cue number may come before the first timing line.
    for line in lines[:first_text]:
        if line.text.strip() and not (_INDEX.match(line.text) and line is lines[first_text - 1]):
            raise InputError("expected a subtitle number or timing line", path, line.number)
    for n, i in enumerate(timings):
        stop = timings[n + 1] if n + 1 < len(timings) else len(lines)
        payload = lines[i + 1 : stop]
        # The next cue's number line is not text of this one.
        if n + 1 < len(timings):
            while payload and not payload[-1].text.strip():
                payload.pop()
            if payload and _INDEX.match(payload[-1].text):
                payload.pop()
        start, end = parse_timing(lines[i], path)
        cue_turns(payload, start, end, sink, options.speakers, SRT_MARKUP)
    return sink.document(text, path, NAME)


def _read_common(text: str, path: str, options: ReadOptions) -> Document | None:
    """The document of a file whose cues all have the commonest shape
    (:data:`_FIRST_CUE`, :data:`_NEXT_CUE`), as :func:`read` would read it,
    or ``None`` for any other file, which :func:`read` then reads the general
    way (so errors are always the general way's); see :mod:`._common_cues`.

    The general way reads such a cue alike: its text runs from its timing
    line to the next one, less the blank lines and the number line before
    that, which leaves the one line of text (a line of digits alone there
    would be taken for the next number: such a file goes the general way)."""
    if "\r" in text:
        return None
    first = _FIRST_CUE.match(text, 1 if text.startswith(BOM) else 0)
    if first is None:
        return None
    rows = [first.groups(), *_NEXT_CUE.findall(text, first.end())]
    return read_rows(text, path, rows, first.start(), 1, _FORMAT, options.speakers)
