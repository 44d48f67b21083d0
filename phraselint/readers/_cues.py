"""Cue payloads of subtitle formats (WebVTT, SRT) turned into speaker turns.

A cue may hold one speaker (``<v Agent>…``, ``Agent: …``) or several, one per
line (``- AGENT: …`` / ``- CUSTOMER: …``) or per voice span; each speaker change
inside a cue starts a new turn with the cue's times. Markup is removed but
never shifts positions: the text between tags becomes separate pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._transcripts import (
    Line,
    Piece,
    TurnSink,
    cut_pieces,
    line_text,
    lines_text,
    role_of,
    split_label,
)

_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
# A voice tag opening a cue line (one token of the markup patterns), its
# name written NAME (a group here, none in _common_cues' pattern of cues).
VOICE_TAG_TEXT = r"<v(?:\.[^\s<>]*)?[ \t]+NAME>"
VOICE_NAME = r"[^<>\r\n]*"
VOICE_TAG = re.compile(VOICE_TAG_TEXT.replace("NAME", f"({VOICE_NAME})"))
_VTT_ENTITY = r"&(?:amp|lt|gt|nbsp|lrm|rlm|quot|apos|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});"
# WebVTT: tags and character references; SRT: HTML-like tags and ASS overrides ({\an8}).
VTT_MARKUP = re.compile(r"<[^<>\r\n]*>|" + _VTT_ENTITY)
SRT_MARKUP = re.compile(r"</?[A-Za-z][^<>\r\n]*>|\{\\[^{}\r\n]*\}")


@dataclass
class _Group:
    speaker: str | None
    lines: list[list[Piece]] = field(default_factory=lambda: [[]])

    def has_text(self) -> bool:
        return any(p.text.strip() for line in self.lines for p in line)


def _scan(line: Line, markup: re.Pattern[str]) -> list[Piece | str]:
    """The line as text pieces, with the speaker name of each voice tag as a
    plain ``str`` item where the tag was."""
    items: list[Piece | str] = []
    pos = 0
    for m in markup.finditer(line.text):
        if m.start() > pos:
            items.append(line.piece(pos, m.start()))
        token = m.group()
        if token.startswith("&"):
            import html  # only for a cue with an entity

            char = html.unescape(token)
            at, column = line.start + m.start(), line.column + m.start()
            items.append(Piece(char, at, line.number, column, len(token)))
        else:
            voice = _VOICE.fullmatch(token)
            if voice:
                items.append(voice.group(1).strip())
        pos = m.end()
    if pos < len(line.text):
        items.append(line.piece(pos))
    return items


def cue_turns(
    payload: list[Line],
    start: float,
    end: float,
    sink: TurnSink,
    speakers: dict[str, str],
    markup: re.Pattern[str],
) -> None:
    """Add the turns of one cue to ``sink``.

    With voice tags, the tags decide the speaker (text before the first one
    has none); without them, a ``Speaker:`` prefix on a line does, and a line
    without one continues the current speaker.
    """
    lines = len(payload)
    while lines > 1 and not payload[lines - 1].text.strip():
        lines -= 1  # blank lines after the text (SRT keeps them) add nothing
    if lines == 1 and _one_line(payload[0], start, end, sink, speakers, markup):
        return
    scanned = [_scan(line, markup) for line in payload]
    has_voice = any(isinstance(item, str) for items in scanned for item in items)
    groups: list[_Group] = []
    for items in scanned:
        if has_voice:
            if not groups:
                groups.append(_Group(None))
            for item in items:
                if isinstance(item, str):
                    current = groups[-1]
                    if not current.has_text():
                        current.speaker = item or None
                        current.lines = [[]]
                    elif item != current.speaker:
                        groups.append(_Group(item or None))
                else:
                    groups[-1].lines[-1].append(item)
            groups[-1].lines.append([])
            continue
        pieces = [item for item in items if isinstance(item, Piece)]
        text = "".join(p.text for p in pieces)
        label = split_label(text, speakers, strict=True)
        if label is not None:
            name, length = label
            groups.append(_Group(name))
            pieces = cut_pieces(pieces, length)
        elif not groups:
            groups.append(_Group(None))
        groups[-1].lines[-1].extend(pieces)
        groups[-1].lines.append([])
    for group in groups:
        text, segments = lines_text(group.lines)
        sink.add(text, segments, group.speaker, role_of(group.speaker, speakers), start, end)


def _one_line(
    line: Line,
    start: float,
    end: float,
    sink: TurnSink,
    speakers: dict[str, str],
    markup: re.Pattern[str],
) -> bool:
    """A cue of one line without markup, or one voice span over the whole
    line (``<v Agent>…``): most cues of ASR captions. Added to ``sink`` as
    :func:`cue_turns` would add it, without scanning it into pieces and
    groups (that per-cue work made subtitles several times slower to read
    than chat logs); ``False`` for any other line."""
    text = line.text
    if markup.search(text) is None:
        label = split_label(text, speakers, strict=True)
        name, cut = label if label is not None else (None, 0)
    else:
        voice = VOICE_TAG.match(text)
        if voice is None:
            return False
        cut, stop = voice.end(), len(text) - 4 if text.endswith("</v>") else len(text)
        if markup.search(text, cut, stop) is not None:
            return False
        name, text = voice.group(1).strip() or None, text[:stop]
    body, segments = line_text(text[cut:], line.start + cut, line.number, line.column + cut)
    sink.add(body, segments, name, role_of(name, speakers), start, end)
    return True
