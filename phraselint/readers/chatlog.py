"""Chat-style logs with time stamps as a transcript.

Lines look like ``[hh:mm:ss] Agent: …``, ``[mm:ss] Customer: …`` or
``00:01:05 坐席：…`` (ASCII or full-width colon, an optional ``-`` after the
stamp, fractions of a second allowed).

- Such stamps are the time since the call began, unless the first one is an
  hour or later (``[14:03:22]``): then they are times of day, counted from
  the first, past midnight too. A stamp with a date, AM/PM
  or a time zone (``[2024-05-01 10:00:01]``, ``[10:00:01 AM]``,
  ``2024-05-01T10:00:01Z``) is a wall-clock time instead, and then the log's
  times count from its earliest stamp (:mod:`._wallclock`, which also deals
  with midnight). A log whose first stamp is a time since the call began
  cannot have wall-clock stamps further on: that is an error.
- A file in which no line is stamped is an error, not an empty call: it is
  no chat log (``--input-format script`` reads ``Agent: …`` lines as a
  script). A blank file is an empty call.
- Every stamped line starts a turn; the name before the colon is the speaker
  (a stamped line without one has no speaker). Lines without a stamp continue
  the previous turn (joined with ``"\\n"``); lines before the first stamp are a
  header and not speech.
- Logs give no end times: ``Turn.end`` is ``None`` rather than a guess.
- A bare stamp needs hours (``00:01:05``); ``mm:ss`` must be bracketed, so a
  line such as ``10:30 works for me`` continues a turn instead of starting one.
- A line whose whole text (after the speaker) is a hang-up marker is not a
  turn: it sets ``Document.hangup`` to its stamp.
- Turns stay in source order; stamps that go back in time are kept as they are
  (but for the midnight of a wall-clock log).

Reading is fast for the lines most logs are made of, ``[00:01:05] Agent: …``
and ``[2024-05-01 14:03:04] Agent: …``: one stdlib ``re`` pattern over the
whole text (_COMMON, or _WALL_LINE, whose groups are the parts of a
wall-clock stamp) finds them, and :meth:`_Reader.stamped` makes their turns
without the general path's per-line ``regex`` matches and pieces. Which of
the two a log is read with only depends on its first line of either shape
(a wall-clock stamp or not), and is a matter of speed alone: each line is
read as the stamps before it say, so a plain stamp after a wall-clock one is
a time of day and a wall-clock one after plain ones an error, at its line,
either way. The wall clock itself (midnight, the earliest stamp, zones) is
:class:`._wallclock.WallClock`'s on both paths. Every other line (headers,
continuations, hang-up markers without a name, malformed stamps, stamps with
full-width digits or other blanks) is read the general way, which also
reports every error.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Document, Segment, Turn
from . import ReadOptions, head_lines
from ._lines import LinePattern, scan_lines
from ._memo import Memo
from ._transcripts import (
    BOM,
    Line,
    Piece,
    TurnSink,
    is_hangup,
    label_name,
    line_text,
    lines_text,
    parse_clock,
    role_of,
    seconds,
    split_label,
    split_lines,
)
from ._wallclock import WallClock

if TYPE_CHECKING:
    import regex

NAME = "chatlog"
KIND = "transcript"


# The parts of a wall-clock stamp around its clock: a date before it, AM/PM
# and a time zone after it (see _wallclock).
_WALL = r"(?:(?P<date>DATE)(?:T|\s+))?(?P<clock>CLOCK)(?:\s?(?P<ampm>AMPM))?(?P<zone>ZONE)?"
_DATE = r"\d{4}[-/]\d{1,2}[-/]\d{1,2}"
_AMPM = r"[AaPp]\.?[Mm]\.?(?!\p{L})"
_ZONE = r"Z|[+-]\d{2}:?\d{2}"


def _stamp_text(clock: str) -> str:
    """A stamp around ``clock``, each part a group (``regex`` allows a name
    in each branch of an alternation)."""
    text = _WALL.replace("DATE", _DATE).replace("AMPM", _AMPM).replace("ZONE", _ZONE)
    return text.replace("CLOCK", clock)


# Loose on purpose: anything shaped like a stamp is validated, so 00:75 is an
# error rather than text. The ``regex`` patterns (the general path and
# sniffing) are compiled, and ``regex`` imported, on first use: a log whose
# lines all have the common shape never needs them.
@functools.cache
def _stamp_pattern() -> regex.Pattern:
    import regex

    # Both kinds of stamp give the same groups (a branch reset, "(?|"), and
    # the whole stamp is the group "stamp".
    bracketed = _stamp_text(r"\d+(?::\d+){1,2}(?:[.,]\d+)?")
    bare = _stamp_text(r"\d+:\d+:\d+(?:[.,]\d+)?")
    return regex.compile(
        rf"^\s*(?|[\[(（【](?P<stamp>{bracketed})[\])）】]"
        rf"|(?P<stamp>{bare})(?=\s|$|[-–\p{{L}}]))"
        r"\s*(?:[-–]\s+)?"
    )


@functools.cache
def _sniff_pattern() -> regex.Pattern:
    import regex

    bracketed = _stamp_text(r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?")
    bare = _stamp_text(r"\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?")
    return regex.compile(
        rf"^\s*(?:\[{bracketed}\]|{bare})"
        r"(?!\S*\s*-->)(?P<name>\s*(?:[-–]\s+)?[^\s:：][^:：]{0,40}[:：])?"
    )


# Nearly every line of a log is ``[00:01:05] Agent: …`` or ``00:01:05 坐席：…``.
# One pass of this pattern over the whole text finds all such lines (stdlib
# ``re``: far cheaper per match than ``regex``), with the clock and the name as
# groups, so that they skip the per-line work of the general path (_stamp_pattern,
# split_label, parse_clock, pieces). It is narrower than that path on purpose,
# so that the general path would read every line it matches the same way:
# ASCII digits, in a clock of the shape parse_clock accepts; only spaces and
# tabs around the stamp; a name that starts with neither a space (``re`` and
# ``regex`` disagree on a few) nor a dash (which _stamp_pattern and _label may take).
# The name runs to the first colon (it cannot hold one), so a greedy name
# matches where a lazy one would, with its trailing blanks, which label_name
# strips (a lazy name costs a test of the colon at every character).
# The clock is then checked by parse_clock and the name by label_name, as on
# the general path; a line that fails either is handed to it. All other lines
# (headers, continuations, hang-up markers, stamps without a name, malformed
# stamps, wall-clock stamps, a line after a lone CR, line 1 after a BOM) lie
# between two matches and are read the general way, line by line. A log whose
# stamps are wall-clock times is read with _WALL_LINE instead (see read()).
# Only the clock, the name and the body are groups, since every group of every
# line is a string that ``findall`` makes; a clock is parsed (parse_clock) the
# first time it is seen.
_CLOCK = r"(?:[0-9]+:)? [0-9]{1,2} : [0-9]{1,2} (?:[.,][0-9]{1,3})?"
# What follows a stamp in either line pattern: the name, the body, the line's end.
_TAIL = r"""
    [ \t]*
    (?P<name> [^\s:：\-–] [^:：\r\n]{0,39} ) [ \t]* (?: ： | :(?!//) )  # greedy: see above
    [^\S\r\n]* (?P<body> BODY )  # the body starts with what str.strip keeps
    (?: \r\n | \r | \n | \Z )
"""
_COMMON = LinePattern(
    r"""
    ^[ \t]*
    (?: [\[(（【] (?P<clock> CLOCK ) [\])）】]
      | (?=[0-9]+:[0-9]+:[0-9]) (?P<bare> CLOCK ) (?=[ \t])  # a bare stamp needs hours
        (?![ \t][AaPp]\.?[Mm]) )  # and with AM or PM it is a wall-clock one
    """.replace("CLOCK", _CLOCK)
    + _TAIL,
    "",
    re.VERBOSE,
)

# The common line of a wall-clock log: _COMMON with a stamp of _WALL's parts
# (``[2024-05-01 14:03:04] Agent: …``, ``2024-05-01T14:03:04Z 坐席：…``,
# ``[2:03 p.m.] Customer: …``), each a group, for WallClock.seconds. The
# parts may all be missing (``[14:05:00] Agent: …``): after a wall-clock
# stamp that is a time of day too. Narrower than _stamp_pattern in the same
# ways as _COMMON, so that the general path would read the stamp it matches
# the same way, with the same parts, and end it at the same place: ASCII
# digits; the clock in the shape _wallclock accepts; one space or tab at most
# before AM/PM and none before a zone; a bare stamp followed by a space or a
# tab and not by anything like AM/PM (else _stamp_pattern could take a
# different stamp, or none). After AM/PM no letter may follow, as in _AMPM
# (only a zone, a bracket or a blank may follow at all, so of the letters
# only ``Z`` is in question). An opening bracket (a group: stdlib ``re`` has
# no branch reset) asks for a closing one. A line it matches but cannot read
# (no name, a bad date or time, a wall-clock stamp after plain ones) is read
# the general way, as with _COMMON.
_WALL_LINE = LinePattern(
    r"""
    ^[ \t]* (?P<open> [\[(（【] )?
    (?: (?P<date> [0-9]{4} [-/] [0-9]{1,2} [-/] [0-9]{1,2} ) (?: T | [ \t]+ ) )?
    (?(open) | (?=[0-9]+:[0-9]+:[0-9]) )  # a bare stamp needs hours
    (?P<clock> [0-9]{1,2} : [0-9]{2} (?: : [0-9]{2} (?: [.,][0-9]+ )? )? )
    (?: [ \t]? (?P<ampm> [AaPp]\.?[Mm]\.? ) (?![^\W\d_]) )?
    (?P<zone> Z | [+-][0-9]{2}:?[0-9]{2} )?
    (?(open) [\])）】] | (?=[ \t]) (?![ \t][AaPp]\.?[Mm]) )
    """
    + _TAIL,
    "",
    re.VERBOSE,
)


_BODY = 4  # the number of the body's group
_WALL_BODY = 7  # the same in _WALL_LINE
# Seconds of each clock text seen (see _memo): every call starts at 00:00:0x.
_CLOCKS: Memo[float] = Memo(parse_clock)


def sniff(text: str) -> bool:
    """Whether ``text`` is a chat log: among its first non-blank lines
    (:func:`~phraselint.readers.head_lines`, which may begin with a header)
    two start with a stamp, one of them a ``Speaker:`` line; or its one line
    is such a line. A script that quotes one stamped line stays a script."""
    lines = head_lines(text)
    found = [m for m in map(_sniff_pattern().match, lines) if m is not None]
    named = any(m.group("name") for m in found)
    return named and (len(found) >= 2 or len(lines) == 1)


class _Speakers(dict):
    """Speaker name and role of each text found before a label's colon, or
    ``None`` when it is no name: worked out once per distinct text in a file
    (a log has a handful of speakers over many lines)."""

    def __init__(self, overrides: dict[str, str]):
        super().__init__()
        self.overrides = overrides

    def __missing__(self, raw: str) -> tuple[str, str | None] | None:
        name = label_name(raw, self.overrides, strict=False)
        self[raw] = found = None if name is None else (name, role_of(name, self.overrides))
        return found


class _Reader:
    """One file being read: the turns so far, and the turn still open (a
    stamped line continues until the next stamp or hang-up marker) with the
    unstamped lines that continue it."""

    def __init__(self, text: str, path: str, options: ReadOptions):
        self.text = text
        self.path = path
        self.sink = TurnSink()
        self.speakers = _Speakers(options.speakers)
        self.turn: Turn | None = None
        self.more: list[Line] = []
        self.offsets = False  # a stamp of the time since the call began was read
        self.clock: WallClock | None = None  # the wall clock, once a stamp says it is one
        self.wall_lines = False  # whether lines are found with _WALL_LINE, not _COMMON

    def begin(self, turn: Turn | None) -> None:
        """Close the open turn; ``turn`` (if any) is open from now on, its text
        and segments those of its stamped line."""
        done = self.turn
        if done is not None:
            if self.more:
                self._continue(done)
            self.sink.keep(done)
        self.turn = turn

    def _continue(self, turn: Turn) -> None:
        """Add the continuation lines to the text of ``turn``. Its stamped
        line is its text so far, stripped already, which stripping again
        leaves as it is."""
        first = [Piece(turn.text, s.source, s.line, s.column) for s in turn.segments]
        turn.text, turn.segments = lines_text([first] + [[line.piece()] for line in self.more])
        self.more = []

    def document(self) -> Document:
        """The document of the lines read, its times counted from the
        earliest stamp in a wall-clock log. A text without a stamped line is
        no chat log, but a blank one is an empty call, as in other formats."""
        self.begin(None)
        if not (self.offsets or self.clock) and self.text.replace(BOM, "").strip():
            problem = "no time-stamped line ([00:01:05] Agent: …), so not a chat log; "
            raise InputError(problem + "--input-format script reads it as a script", self.path)
        doc = self.sink.document(self.text, self.path, NAME)
        origin = self.clock.earliest if self.clock else None
        if origin is None:
            origin = _times_of_day(doc)
        if origin is not None:
            for turn in doc.turns:
                turn.start = seconds(turn.start - origin)
            if doc.hangup is not None:
                doc.hangup = seconds(doc.hangup - origin)
        return doc

    def stamp(self, line: Line) -> tuple[float, int] | None:
        """The seconds of the stamp that starts ``line`` and where its text
        begins; ``None`` when it has no stamp."""
        m = _stamp_pattern().match(line.text)
        if m is None:
            return None
        stamp, date, clock, ampm, zone = m.group("stamp", "date", "clock", "ampm", "zone")
        if self.clock is None and (date or ampm or zone):
            if self.offsets:
                problem = (
                    f"timestamp {stamp!r} is a time of day, but the ones before it"
                    " count from the start of the call"
                )
                raise InputError(problem, self.path, line.number)
            self.clock = WallClock()
        if self.clock is not None:
            value = self.clock.seconds(date, clock, ampm[:1] if ampm else None, zone)
        else:
            value = parse_clock(stamp)
            self.offsets = True
        if value is None:
            raise InputError(f"bad timestamp {stamp!r}", self.path, line.number)
        return value, m.end()

    def whole(self, pattern: re.Pattern) -> bool:
        """Read the whole text at once if every line of it matches
        ``pattern`` (_COMMON or _WALL_LINE), as in most logs: one ``findall``
        and the text's own lines instead of a match object per line.
        ``pattern`` consumes a whole line, so as many matches as lines means
        one per line, in order; without CR (the ``.*`` form of a LinePattern)
        each body (the last group) runs to the end of its line. Else nothing
        is read (False); a blank line or a first line of another shape (a
        header) says so at once."""
        text = self.text
        if "\r" in text or "\n\n" in text or not pattern.match(text):
            return False
        lines = text.split("\n")
        if not lines[-1]:
            lines.pop()
        rows = pattern.findall(text)
        if len(rows) != len(lines):
            return False
        if not self.wall_lines:  # _COMMON: every stamp counts from the start of the call
            self.offsets = True
        stamped, start = self.stamped, 0
        for number, (groups, line) in enumerate(zip(rows, lines, strict=True), 1):
            end = start + len(line)
            stamped(groups, number, start, end - len(groups[-1]), end)
            start = end + 1
        return True

    def common(self, m: re.Match, number: int) -> None:
        """A line matched by _COMMON, among lines of other shapes (see
        :func:`~._lines.scan_lines`). In a wall-clock log its stamp is a time
        of day, which the general way reads (such a log is scanned with
        _WALL_LINE, unless its first stamp of the common shape is a plain one)."""
        if self.clock is not None:
            self.line(Line(number, m.start(), self.text[m.start() : m.end(_BODY)]))
            return
        self.offsets = True
        self.stamped(m.groups(), number, m.start(), m.start(_BODY), m.end(_BODY))

    def wall(self, m: re.Match, number: int) -> None:
        """A line matched by _WALL_LINE, among lines of other shapes (its
        missing parts ``""``, as ``findall`` gives them in :meth:`whole`)."""
        self.stamped(m.groups(""), number, m.start(), m.start(_WALL_BODY), m.end(_WALL_BODY))

    def stamped(self, groups: tuple, number: int, start: int, at: int, end: int) -> None:
        """A line matched by _COMMON or by _WALL_LINE (:attr:`wall_lines`),
        from ``start`` to ``end`` with its body at ``at``: what :meth:`line`
        makes of it, with the per-line work of most lines of a log written
        out here (this runs once per line of every log: one method for both
        patterns spares the lines of plain logs a call)."""
        if not self.wall_lines:
            clock, bare, raw, body = groups
            clock = clock or bare
            seconds_in = _CLOCKS[clock]
            speaker = self.speakers[raw]
        else:
            _, date, clock, ampm, zone, raw, body = groups
            speaker = self.speakers[raw]
            seconds_in = None if speaker is None else self.wall_time(date, clock, ampm, zone)
        if seconds_in is None or speaker is None:  # a bad stamp, or no name before the colon
            self.line(Line(number, start, self.text[start:end]))
            return
        done = self.turn  # self.begin(…), written out
        if done is not None:
            if self.more:
                self._continue(done)
            self.sink.keep(done)
        text = body.rstrip()  # line_text(…), written out
        segments = [Segment(0, at, number, at - start + 1)] if text else []
        self.turn = Turn(text, segments, speaker[1], speaker[0], seconds_in)

    def wall_time(self, date: str, clock: str, ampm: str, zone: str) -> float | None:
        """The seconds of a stamp matched by _WALL_LINE (its parts, ``""``
        where missing) on a line with a speaker, as :meth:`stamp` gives them
        in a wall-clock log; ``None`` where the general way must read the line
        instead: a plain stamp before any wall-clock one (the time since the
        call began), a wall-clock stamp after such a one (an error), and a
        stamp that is no valid date or time (an error; WallClock.seconds
        changes nothing then, and the general way asks it again)."""
        wall = self.clock
        if wall is None:
            if self.offsets or not (date or ampm or zone):
                return None
            wall = self.clock = WallClock()
        return wall.seconds(date or None, clock, ampm[:1] or None, zone or None)

    def lines(self, start: int, end: int, number: int) -> None:
        """The lines of ``text[start:end]`` (``number`` is the first one's), read
        the general way."""
        if not self.text[start:end].isspace():  # blank lines add nothing
            for line in split_lines(self.text, start, end, number):
                self.line(line)

    def line(self, line: Line) -> None:
        """Any line, the general way."""
        found = self.stamp(line)
        if found is None:
            if is_hangup(line.text):
                self.begin(None)
                segment = Segment(0, line.start, line.number, line.column)
                self.sink.add(line.text, [segment], None, None, None, None)
            elif self.turn is not None and line.text.strip():
                self.more.append(line)
            return
        start, rest = found
        piece = line.piece(rest)
        overrides = self.speakers.overrides
        label = split_label(piece.text, overrides, strict=False)
        speaker = None
        if label is not None:
            speaker, length = label
            piece = piece.cut(length)
        text, segments = line_text(piece.text, piece.source, piece.line, piece.column)
        self.begin(Turn(text, segments, role_of(speaker, overrides), speaker, start))


# A log whose first stamp is this late is stamped with times of day (a chat
# that began at 14:03:22), not with the time since the call began: no log
# starts an hour into its call.
TIME_OF_DAY_FROM = 3600.0


def _times_of_day(doc: Document) -> float | None:
    """For a log of plain stamps whose first one is :data:`TIME_OF_DAY_FROM`
    or later: its times of day put on one time line (a stamp more than 12
    hours earlier than the one before is on the next day: the chat went on
    past midnight), and the earliest of them, which :meth:`_Reader.document`
    counts from. ``None`` for a log of times since the call began."""
    first = next((t.start for t in doc.turns if t.start is not None), None)
    if first is None or first < TIME_OF_DAY_FROM:
        return None
    clock = WallClock()
    timed = [t for t in doc.turns if t.start is not None]
    for turn in timed:
        turn.start = clock.local(turn.start)
    if doc.hangup is not None:
        doc.hangup = clock.local(doc.hangup)
    return min(t.start for t in timed)


def _wall_clock_first(pattern: re.Pattern, text: str) -> bool:
    """Whether the first line of _WALL_LINE's shape (``pattern``) in ``text``
    has a wall-clock stamp: then the log is read with _WALL_LINE (whose
    groups cost a little more per line), else with _COMMON. Either way each
    line is read as the stamps before it say (_Reader.stamped, _Reader.common),
    so this choice is one of speed alone."""
    first = pattern.search(text)
    return first is not None and bool(first["date"] or first["ampm"] or first["zone"])


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    reader = _Reader(text, path, options or ReadOptions())
    common = _COMMON.for_text(text)
    if reader.whole(common):
        return reader.document()
    wall = _WALL_LINE.for_text(text)
    if _wall_clock_first(wall, text):
        reader.wall_lines = True
        if not reader.whole(wall):
            scan_lines(text, wall, reader.wall, reader.lines)
    else:
        scan_lines(text, common, reader.common, reader.lines)
    return reader.document()
