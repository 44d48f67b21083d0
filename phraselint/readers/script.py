"""Script documents (Markdown and plain text): what agents are meant to say.

A line that starts with a known speaker label (``Agent:``, ``坐席：``,
``Ahente:`` …, ASCII or full-width colon, optionally bold or in a list item)
starts a turn of that speaker; the lines right after it continue the turn
until a blank line. Without any label in the file, every paragraph is a turn
of the agent; in a labelled file an unlabelled paragraph is narration (no
speaker) and agent-only rules skip it.

Not speech, and so never matched: front matter, fenced code blocks, inline
code, HTML comments and headings in Markdown; in plain text (``.txt``),
lines that start with ``#``. Masked characters inside a line are kept as
U+FFFC so that positions stay exact and no phrase matches across them.
"""

from __future__ import annotations

import functools

import regex

from ..locales import speaker_roles
from ..model import Document, Segment, Turn
from ..text.keys import MASK

NAME = "script"
EXTENSIONS = (".md", ".markdown", ".txt", ".text")
KIND = "script"
PLAIN_EXTENSIONS = (".txt", ".text")

_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FENCE = regex.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = regex.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_INLINE_CODE = regex.compile(r"(`+)(?!`).+?(?<!`)\1")
_PREFIX = regex.compile(r"^[ \t]*(?:(?:[-*+•]|\d{1,3}[.)])[ \t]+|>[ \t]?)*")


def sniff(text: str) -> bool:
    return True


@functools.lru_cache(maxsize=16)
def _label_re(extra: frozenset[str]) -> regex.Pattern:
    names = sorted(set(speaker_roles()) | {n.casefold() for n in extra}, key=len, reverse=True)
    alt = "|".join(regex.escape(n) for n in names)
    return regex.compile(
        rf"^(?P<pre>[ \t]*(?:(?:[-*+•]|\d{{1,3}}[.)])[ \t]+|>[ \t]?)*(?:\*\*|__|\*|_)?)"
        rf"(?P<name>{alt})(?:[ \t]*\([^)\n]{{0,40}}\))?(?:\*\*|__|\*|_)?[ \t]*[:：]"
        rf"(?:\*\*|__)?[ \t]*",
        regex.IGNORECASE,
    )


def _lines(text: str):
    """(line number, start offset, content without its line ending)."""
    pos, number = 0, 1
    for m in _LINE.finditer(text):
        raw = m.group()
        if not raw and m.start() >= len(text):
            break
        body = raw.rstrip("\r\n")
        yield number, m.start(), body
        number += 1
        pos = m.end()
        if pos >= len(text):
            break


class _Masker:
    """Tracks multi-line constructs that are not speech."""

    def __init__(self, markdown: bool):
        self.markdown = markdown
        self.fence: str | None = None
        self.front = False
        self.comment = False

    def mask(self, number: int, line: str) -> str | None:
        """The line with non-speech characters replaced by MASK, or None when
        the whole line is not speech."""
        if self.markdown:
            stripped = line.strip()
            if number == 1 and stripped == "---":
                self.front = True
                return None
            if self.front:
                if stripped in ("---", "..."):
                    self.front = False
                return None
            m = _FENCE.match(line)
            if self.fence is not None:
                if m and m.group(1)[0] == self.fence[0] and len(m.group(1)) >= len(self.fence):
                    self.fence = None
                return None
            if m and not self.comment:
                self.fence = m.group(1)
                return None
        chars = list(line)
        i = 0
        while i < len(line):
            if self.comment:
                end = line.find("-->", i)
                stop = len(line) if end < 0 else end + 3
                chars[i:stop] = MASK * (stop - i)
                i = stop
                if end >= 0:
                    self.comment = False
            else:
                start = line.find("<!--", i)
                if start < 0:
                    break
                self.comment = True
                i = start
        masked = "".join(chars)
        if self.markdown:
            if _HEADING.match(masked):
                return None
            masked = _INLINE_CODE.sub(lambda m: MASK * len(m.group()), masked)
        elif masked.lstrip().startswith("#"):
            return None
        if not masked.replace(MASK, "").strip():
            return None
        return masked


def read(text: str, path: str, options) -> Document:
    markdown = not path.lower().endswith(PLAIN_EXTENSIONS)
    label_re = _label_re(frozenset(options.speakers) if options else frozenset())
    extra_roles = {k.casefold(): v for k, v in (options.speakers if options else {}).items()}
    roles = speaker_roles()
    masker = _Masker(markdown)
    lines = []
    for number, start, body in _lines(text):
        lines.append((number, start, masker.mask(number, body)))
    has_labels = any(line is not None and label_re.match(line) for _, _, line in lines)

    turns: list[Turn] = []
    current: dict | None = None

    def close():
        nonlocal current
        if current is not None and current["text"].strip(" \t\n" + MASK):
            turns.append(
                Turn(
                    text=current["text"],
                    segments=current["segments"],
                    role=current["role"],
                    speaker=current["speaker"],
                )
            )
        current = None

    for number, start, line in lines:
        if line is None:
            close()
            continue
        m = label_re.match(line)
        if m:
            close()
            name = m.group("name")
            role = extra_roles.get(name.casefold()) or roles.get(name.casefold())
            current = {"text": "", "segments": [], "role": role, "speaker": name}
            col = m.end()
        else:
            col = _PREFIX.match(line).end()
            if current is None:
                current = {
                    "text": "",
                    "segments": [],
                    "role": None if has_labels else "agent",
                    "speaker": None,
                }
        content = line[col:]
        stripped = content.rstrip()
        if not stripped.strip():
            continue  # a label alone on its line: the turn continues below
        if current["text"]:
            current["text"] += "\n"
        current["segments"].append(Segment(len(current["text"]), start + col, number, col + 1))
        current["text"] += stripped
    close()
    return Document(path=path, source=text, turns=turns, kind=KIND, format=NAME)
