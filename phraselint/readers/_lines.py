"""Reading a file's lines in one pass: the shared loop of the line-based
readers (scripts, chat logs).

Most lines of a file have one shape (``Agent: …``, ``[00:01:05] Agent: …``),
and a reader that handles those with one ``finditer`` over the whole text,
leaving only the other lines to its general, line-by-line path, does far less
per-line Python work. This module holds no format knowledge and imports
nothing heavy, so that reading a script does not pay for the transcript
readers' machinery.
"""

from __future__ import annotations

import re
from collections.abc import Callable


def count_breaks(source: str, start: int, end: int) -> int:
    """How many lines end in ``source[start:end]`` (CRLF, lone CR or LF), when
    neither end falls inside a CRLF: the line number at ``end`` minus the one
    at ``start``."""
    breaks = source.count("\n", start, end)
    if source.find("\r", start, end) >= 0:
        breaks += source.count("\r", start, end) - source.count("\r\n", start, end)
    return breaks


class LinePattern:
    """A pattern for the commonest kind of line of a format, whose text runs
    to the end of the line (``BODY`` in ``template``) but for a few
    characters the format cannot take there (``stops``; line ends always).

    It is compiled twice: with ``BODY`` as that character class, and as
    ``.*``, which matches the same in a text holding none of ``stops`` (``.``
    takes anything but ``\\n``) and which the stdlib engine runs about three
    times as fast (a tight loop instead of a set test per character). Most
    files hold no CR, and most lines are mostly body.
    """

    def __init__(self, template: str, stops: str, flags: int = 0) -> None:
        self.stops = "\r" + stops
        general = "[^\\n" + "".join(re.escape(c) for c in self.stops) + "]*"
        self._sources = {
            False: template.replace("BODY", ".*"),
            True: template.replace("BODY", general),
        }
        self._flags = flags | re.MULTILINE
        self._compiled: dict[bool, re.Pattern] = {}  # compiled on first use: start-up

    def for_text(self, text: str) -> re.Pattern:
        general = any(c in text for c in self.stops)
        found = self._compiled.get(general)
        if found is None:
            found = self._compiled[general] = re.compile(self._sources[general], self._flags)
        return found


def scan_lines(
    text: str,
    common: re.Pattern,
    on_common: Callable[[re.Match, int], None],
    on_lines: Callable[[int, int, int], None],
) -> None:
    """Hand every line of ``text``, in order, to a fast or a general reader.

    ``common`` is a multi-line pattern for the commonest kind of line of a
    format, anchored with ``^`` and taking a whole line with its line ending.
    One ``finditer`` over the whole text finds all such lines, each given to
    ``on_common(match, line number)``; each run of other lines between them
    goes to ``on_lines(start, end, number of its first line)``. A line after a
    lone CR is never matched (``^`` only follows LF), and so is read the
    general way.
    """
    pos, number = 0, 1
    for m in common.finditer(text):
        at = m.start()
        if at != pos:
            on_lines(pos, at, number)
            number += count_breaks(text, pos, at)
        on_common(m, number)
        pos = m.end()
        number += 1
    if pos < len(text):
        on_lines(pos, len(text), number)
