"""Caption files (WebVTT, SRT) whose every cue has the commonest shape, read
in one pass.

Most caption files are cue after cue of one shape: maybe an identifier or a
number, the usual timing line (``00:00:04.000 --> 00:00:12.500``, settings
allowed) and one line of text, often opened by a voice tag (``<v Agent>``).
Each reader has a pattern for such a cue, from the end of the line before it
(or the file's start), whose groups are those of :func:`read_rows`. One
``findall`` over a file then gives every cue as a tuple of strings, with no
match object, no list of lines and no call per cue; :func:`read_rows` makes
the turns in one loop, with the clock texts' seconds and the speakers
memoised. That per-cue work made captions four times as slow to read as
chat logs, and reading a quarter of the cost of checking them.

Why this reads a file as the reader's general way does:

- Each row has the ``-->`` of its timing line, and the file holds no other:
  it holds as many as there are rows. So no identifier, setting or line of
  text holds one (the general way would take it for a timing line), and the
  file's last ``-->`` is the last row's.
- The rows follow one another with nothing between them: where their lengths
  put the last row's line of text is where it is (on the line after that
  last ``-->``), and after it there are only blanks. So they are the cues
  that matching cue after cue from the start finds, and they are all of the
  file.
- Each reader's pattern takes only cues that its general way splits alike,
  into a timing line and one line of text (see their ``_read_common``).

A time that is no clock, an end before its start, or anything else (another
shape of cue, a block between cues, a ``-->`` elsewhere) sends the whole file
the general way, so errors are always that way's. Each line of text becomes
turns as :func:`._cues.cue_turns` makes them: the two commonest kinds (no
markup; a voice tag over the whole line) written out here as
:func:`._cues._one_line` does, any other handed to ``cue_turns``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Document, Segment, Turn
from ._cues import VOICE_NAME, VOICE_TAG, VOICE_TAG_TEXT, cue_turns
from ._memo import Memo
from ._transcripts import MARKER_OPENERS, Line, TurnSink, parse_clock, role_of, split_label

# A clock as parse_clock reads it; a text this matches splits into hours,
# minutes, seconds and fraction one way only.
CLOCK = r"(?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?"
# The usual timing line from its start to the end of its settings, in a text
# without CR (groups: the two clocks). Its clocks are any run of ASCII digits,
# colons, dots and commas, which SECONDS then checks (a run that is no clock
# sends the file the general way): matching that run is half as costly as
# matching CLOCK, and where it is a clock it is the clock CLOCK would match
# (it runs to the blank or the "-->" that must follow a clock; a clock with
# other digits is no such run, and goes the general way), with the seconds
# parse_clock gives it, as the general way does.
TIMING = r"[ \t]*([0-9:.,]+)[ \t]*-->[ \t]*([0-9:.,]+)(?:[ \t].*)?"


@dataclass(frozen=True)
class CueFormat:
    """What :func:`read_rows` needs to know of a caption format: its name,
    its pattern of markup (tags), the character that opens its markup
    besides ``<`` (a line holding neither has no markup but a voice tag),
    and whether a line of digits alone may be the next cue's number rather
    than text (SRT), which the general way works out."""

    name: str
    markup: re.Pattern[str]
    opener: str
    numbered: bool

    def line_of_text(self) -> str:
        """A cue's line of text, in three groups: its voice tag, if it opens
        with one (else ``None``); else the text up to its first colon and
        that colon, which may end a ``Name:`` label (see :class:`_Labels`),
        or ""; and the rest of the line. A label holds no markup (a line
        with markup is handed to :func:`._cues.cue_turns` whole)."""
        tag = VOICE_TAG_TEXT.replace("NAME", VOICE_NAME)
        label = rf"[^:：\n<{re.escape(self.opener)}]*(?:：|:(?!//))"
        return rf"(?:({tag})|((?:{label})?))(.*)"


# Seconds of each clock text seen, ``None`` for one that is no clock time
# (see _memo): many cues start and end on a whole or half second.
SECONDS: Memo[float] = Memo(parse_clock)


class _Voices(dict):
    """Speaker name and role of each voice tag text in a file, worked out
    once (a call has a handful of speakers over many cues)."""

    def __init__(self, speakers: dict[str, str]):
        super().__init__()
        self.speakers = speakers

    def __missing__(self, tag: str) -> tuple[str | None, str | None]:
        voice = VOICE_TAG.match(tag)  # always: the cue pattern matched it as one
        name = (voice.group(1).strip() or None) if voice is not None else None
        self[tag] = found = name, role_of(name, self.speakers)
        return found


class _Labels(dict):
    """Speaker name and role of the ``Name:`` label that each text up to and
    including a line's first colon makes (:func:`._transcripts.split_label`),
    or ``None`` when it makes none. That function's pattern decides at that
    colon, as a name cannot hold one (its ``:(?!//)`` is in
    :meth:`CueFormat.line_of_text`); all it takes after the colon is blanks
    (``\\s``, which ``str.strip`` takes too), which stripping the turn text
    drops anyway."""

    def __init__(self, speakers: dict[str, str]):
        super().__init__()
        self.speakers = speakers

    def __missing__(self, head: str) -> tuple[str, str | None] | None:
        label = split_label(head, self.speakers, strict=True)
        found = None if label is None else (label[0], role_of(label[0], self.speakers))
        self[head] = found
        return found


def read_rows(
    text: str,
    path: str,
    rows: list[tuple[str, ...]],
    pos: int,
    number: int,
    cues: CueFormat,
    speakers: dict[str, str],
) -> Document | None:
    """The document of the cues in ``rows``, the matches of a reader's cue
    pattern found one after another from ``pos``, the end of line
    ``number``; ``None`` unless they are the whole file as the module
    docstring says.

    Each row is (head, start clock, end clock, voice tag, label, rest of
    the line of text), where the head is all of the cue before its line of
    text and the last three are the groups of
    :meth:`CueFormat.line_of_text`.
    """
    if not rows or text.count("-->") != len(rows):
        return None
    sink = TurnSink()
    keep, turns = sink.keep, sink.turns
    markup, opener, numbered = cues.markup, cues.opener, cues.numbered
    voices, labels, seconds = _Voices(speakers), _Labels(speakers), SECONDS
    for head, first, last, tag, label, rest in rows:
        start, end = seconds[first], seconds[last]
        if start is None or end is None or end < start:
            return None
        number += head.count("\n")
        at = pos + len(head)  # where the line of text starts
        cut = len(tag or label)  # where the turn text starts in it
        pos = at + cut + len(rest)
        if tag:
            said = rest[:-4] if rest.endswith("</v>") else rest
            if "<" in said or opener in said:
                cue_turns([Line(number, at, tag + rest)], start, end, sink, speakers, markup)
                continue
            name, role = voices[tag]
        elif "<" in rest or opener in rest:
            cue_turns([Line(number, at, label + rest)], start, end, sink, speakers, markup)
            continue
        else:
            found = labels[label] if label else None
            if found is not None:
                name, role = found
                said = rest
            else:
                name = role = None
                said, cut = label + rest if label else rest, 0
        stripped = said.lstrip()
        body = stripped.rstrip()
        if numbered and not cut and body.isdigit():
            return None  # a number alone: which cue's it is is the general way's
        if not body:
            continue  # a blank line, a label or a voice tag alone says nothing
        column = cut + len(said) - len(stripped)
        turn = Turn(body, [Segment(0, at + column, number, column + 1)], role, name, start, end)
        if body[0] in MARKER_OPENERS:
            keep(turn)  # maybe a hang-up marker
        else:
            turns.append(turn)
    # The last cue's line of text follows the line of the last "-->" of the
    # file, its timing line: the rows, one after another, reach it.
    if at != text.find("\n", text.rfind("-->")) + 1:
        return None
    if pos != len(text) and not text[pos:].isspace():
        return None
    return sink.document(text, path, cues.name)
