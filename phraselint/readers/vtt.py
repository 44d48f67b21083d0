"""WebVTT captions (``.vtt``) as a transcript.

Read by hand rather than with a caption library because findings need the
line and column of every character of a cue's text, which libraries drop.

- The ``WEBVTT`` header block, ``NOTE``, ``STYLE`` and ``REGION`` blocks and cue
  identifiers are skipped; cue settings after the timing line are ignored.
- Timestamps are ``hh:mm:ss.ttt`` or ``mm:ss.ttt`` (a ``,`` is tolerated).
- The speaker comes from ``<v Name>`` / ``<v.class Name>`` voice spans, else
  from a ``Name:`` prefix (see :func:`._transcripts.split_label`); a speaker
  change inside a cue starts a new turn with the cue's times.
- Tags (``<i>``, ``<c.x>``, ``<00:01.000>`` …) are not speech and are removed;
  character references (``&amp;``) are decoded and map to their ``&``.
- A cue whose whole text is a hang-up marker is not a turn: it sets
  ``Document.hangup`` to the cue start.
- Cues stay in source order, even when they overlap or go back in time
  (people talk over each other); rules that need time order sort by start.
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..model import Document
from . import ReadOptions
from ._common_cues import CLOCK, SECONDS, TIMING, CueFormat, read_rows
from ._cues import VTT_MARKUP, cue_turns
from ._transcripts import (
    BOM,
    Line,
    TurnSink,
    check_times,
    parse_clock,
    split_lines,
    time_problem,
)

NAME = "vtt"
KIND = "transcript"

_HEADER = re.compile(r"WEBVTT(?=[ \t\r\n]|\Z)")
_TIMING = re.compile(r"^\s*(\S+?)\s*-->\s*(\S+)(?:\s+(.*))?$")
_SKIPPED_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t]|$)")
# The usual timing line (what _TIMING and two parse_clock calls would give
# for it); anything else goes the general way.
_USUAL_TIMING = re.compile(rf"[ \t]*({CLOCK})[ \t]*-->[ \t]*({CLOCK})(?=\s|$)")
# The commonest cue, from the end of the line before it: blank lines, an
# optional identifier, the usual timing line and one line of text, followed
# by a blank line or the end of the file (groups: those of
# _common_cues.read_rows). A file made only of such cues is read in one pass
# (:func:`_read_common`). The identifier is tried second ("??"), as most cues
# have none (a sixth of the pattern's cost); where the two orders would find
# different cues, the identifier has a "-->", and read_rows declines the file.
_FORMAT = CueFormat(NAME, VTT_MARKUP, "&", numbered=False)
_CUE = re.compile(
    r"(\n(?:[^\S\n]*\n)*"
    r"(?:(?!(?:NOTE|STYLE|REGION)(?:[ \t]|\n)).*\n)??"
    rf"{TIMING}\n)"
    rf"{_FORMAT.line_of_text()}(?=\n[^\S\n]*(?:\n|\Z)|\n?\Z)"
)


def sniff(text: str) -> bool:
    return _HEADER.match(text[:20].lstrip(BOM)) is not None


def parse_timing(line: Line, path: str) -> tuple[float, float]:
    """Start and end of a ``start --> end [settings]`` line (WebVTT and SRT)."""
    usual = _USUAL_TIMING.match(line.text)
    times = usual_times(*usual.groups()) if usual is not None else None
    if times is not None:
        return times
    m = _TIMING.match(line.text)
    if m is None:
        raise InputError(f"bad cue timing line {line.text.strip()!r}", path, line.number)
    times = []
    for stamp in (m.group(1), m.group(2)):
        value = parse_clock(stamp)
        if value is None:
            raise InputError(f"bad timestamp {stamp!r}", path, line.number)
        times.append(value)
    start, end = times
    check_times(start, end, path, line.number)
    return start, end


def usual_times(first: str, last: str) -> tuple[float, float] | None:
    """Start and end of the clock texts of a usual timing line; ``None`` when
    either is not a clock time or the end comes first, which the general way
    then reports."""
    start, end = SECONDS[first], SECONDS[last]
    if start is None or end is None or time_problem(start, end) is not None:
        return None
    return start, end


def _blocks(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    common = _read_common(text, path, options)
    if common is not None:
        return common
    lines = split_lines(text)
    if not lines or not _HEADER.match(lines[0].text):
        raise InputError("not a WebVTT file: the first line must be 'WEBVTT'", path, 1)
    # The header block runs to the first blank line (or, in sloppy files, to
    # the first timing line).
    body = 1
    while body < len(lines) and lines[body].text.strip() and "-->" not in lines[body].text:
        body += 1
    sink = TurnSink()
    for block in _blocks(lines[body:]):
        if _SKIPPED_BLOCK.match(block[0].text):
            continue
        if "-->" in block[0].text:
            timing = 0
        elif len(block) > 1 and "-->" in block[1].text:
            timing = 1  # block[0] is the cue identifier
        else:
            raise InputError(
                "expected a cue timing line ('00:00.000 --> 00:01.000')", path, block[0].number
            )
        # A payload line with '-->' starts another cue (as the WebVTT parser does).
        cues: list[list[Line]] = [block[timing : timing + 1]]
        for line in block[timing + 1 :]:
            if "-->" in line.text:
                cues.append([line])
            else:
                cues[-1].append(line)
        for cue in cues:
            start, end = parse_timing(cue[0], path)
            cue_turns(cue[1:], start, end, sink, options.speakers, VTT_MARKUP)
    return sink.document(text, path, NAME)


def _read_common(text: str, path: str, options: ReadOptions) -> Document | None:
    """The document of a file whose cues are all of the commonest shape
    (:data:`_CUE`), as :func:`read` would read it, or ``None`` for any other
    file, which :func:`read` then reads the general way: a cue it cannot read
    like this, a bad time or any line it does not expect sends the whole file
    there, so errors are always the general way's (see
    :mod:`._common_cues`). Most caption files are like this.

    The general way reads such a cue alike: after the header block, a run of
    blank lines ends a block; a block whose first line is not a timing line
    nor NOTE, STYLE or REGION is a cue with an identifier; and the line of
    text, followed by a blank line, is all of the cue's payload."""
    if "\r" in text or not _HEADER.match(text[1:] if text.startswith(BOM) else text):
        return None
    # The header block: the first line and the lines after it up to a blank
    # one or one with a timing (read's loop, on the text).
    pos, number = text.find("\n"), 1
    while pos != -1:
        following = text.find("\n", pos + 1)
        line = text[pos + 1 : following] if following != -1 else text[pos + 1 :]
        if not line.strip() or "-->" in line:
            break
        pos, number = following, number + 1
    if pos == -1:
        return None
    return read_rows(text, path, _CUE.findall(text, pos), pos, number, _FORMAT, options.speakers)
