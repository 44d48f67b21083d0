"""Script documents (Markdown and plain text): what agents are meant to say.

A line that starts with a known speaker label (``Agent:``, ``坐席：``,
``Ahente:`` …, ASCII or full-width colon, optionally bold or in a list item)
starts a turn of that speaker; the lines right after it continue the turn
until a blank line. Without any label in the file, every paragraph is a turn
of the agent; in a labelled file an unlabelled paragraph is narration (no
speaker) and agent-only rules skip it.

A Markdown table row whose first cell is a speaker label (``| Agent | Thank
you for calling |``, also ``**Agent**``) is a turn of that speaker saying its
second cell; further cells (notes, timings) are not speech, nor is the
delimiter row. Rows of other tables (a header, ``| Opening | … |``) are read as
any other line.

Not speech, and so never matched: front matter, fenced and indented code
blocks, inline code, HTML comments and headings in Markdown; in plain text
(``.txt``), lines that start with ``#``. Masked characters inside a line are
kept as U+FFFC so that positions stay exact and no phrase matches across them.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from ..locales import speaker_roles
from ..model import Document, Segment, Turn
from ..text.keys import MASK
from ._lines import LinePattern, scan_lines

NAME = "script"
KIND = "script"
PLAIN_EXTENSIONS = (".txt", ".text")

_BREAK = re.compile(r"(\r\n|\r|\n)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# The stdlib engine: these need nothing of ``regex`` and compile several
# times faster, which a pre-commit run on one script pays for.
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
_TICKS = re.compile("`+")
_PREFIX = re.compile(r"^[ \t]*(?:(?:[-*+•]|\d{1,3}[.)])[ \t]+|>[ \t]?)*")
_BLANK = " \t\n" + MASK  # what a turn may hold and still say nothing
# A table row: its first two cells (``\|`` escapes a pipe inside a cell).
_ROW = re.compile(r"[ \t]*\|(?P<who>(?:\\\||[^|])*)\|[ \t]*(?P<say>(?:\\\||[^|])*)")
_DELIMITER_ROW = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?$")
_EMPHASIS = "*_ \t"
# The start of a Markdown list item (its content may be empty).
_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")

# Most labelled lines are ``Agent: …`` or ``坐席：…``: a line that starts with a
# word of ASCII letters or CJK ideographs, then the colon. Such a line has no
# list markup or emphasis before the word, and unless a speaker name holds a
# colon no name can reach past it, so whether it is labelled depends on the
# word alone: it is looked up among the names once per word and file (see
# ``_Labels.__missing__``), and this cheaper stdlib pattern finds the word and
# where the label ends on each line.
#
# Such a line, whole and with its line ending, when it has nothing to mask (no
# ` or <, so no inline code or comment): one pass of _label_line over the whole
# text finds them all, and most lines skip _lines, _Masker and _Labels.match
# (see _Reader.common).
#
# In ASCII text [A-Za-z] alone gives the same matches, and compiles in a tenth
# of the time: the stdlib engine builds the CJK range's bitmap one code point
# at a time (a millisecond for each pattern, which every pre-commit run on an
# English script would pay).
_WORD = {False: "A-Za-z", True: "A-Za-z\u4e00-\u9fff"}


@functools.cache
def _word_label(cjk: bool) -> re.Pattern:
    return re.compile(rf"([{_WORD[cjk]}]+)[:：](?:\*\*|__)?[ \t]*")


@functools.cache
def _label_line(cjk: bool) -> LinePattern:
    body = r"(BODY)(?:\r\n|\r|\n|\Z)"
    return LinePattern("^" + _word_label(cjk).pattern + body, "`<")


def sniff(text: str) -> bool:
    return True


@functools.lru_cache(maxsize=16)
def _label_names(extra: frozenset[str]) -> tuple[frozenset[str], frozenset[str], bool]:
    """The bundled and ``extra`` speaker names, casefolded; the same as a word
    of ASCII or CJK letters spells them (see ``_Labels.__missing__``); and
    whether the word-label pattern may stand in for the full one (no name
    holds a colon)."""
    names = frozenset(speaker_roles()) | {n.casefold() for n in extra}
    # The full pattern matches case-insensitively, where a dotless ı (which
    # casefolding keeps) also matches i and I: the only such letter.
    as_words = frozenset(n.replace("ı", "i") for n in names)
    return names, as_words, not any(":" in n or "：" in n for n in names)


@functools.lru_cache(maxsize=16)
def _label_pattern(names: frozenset[str]) -> re.Pattern:
    """The label pattern for these speaker names."""
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"^(?P<pre>[ \t]*(?:(?:[-*+•]|\d{{1,3}}[.)])[ \t]+|>[ \t]?)*(?:\*\*|__|\*|_)?)"
        rf"(?P<name>{alt})(?:[ \t]*\([^)\n]{{0,40}}\))?(?:\*\*|__|\*|_)?[ \t]*[:：]"
        rf"(?:\*\*|__)?[ \t]*",
        re.IGNORECASE,
    )


class _Labels(dict):
    """Speaker labels of one file. :meth:`match` gives (name as written, role,
    end of the label) for a line, or ``None`` when it has none; the dict
    itself maps each word seen by the word-label pattern to (name, role) or
    ``None``."""

    def __init__(self, speakers: dict[str, str], cjk: bool):
        super().__init__()
        self.extra = {k.casefold(): v for k, v in speakers.items()}
        self.names, self.as_words, self.by_word = _label_names(frozenset(speakers))
        self.word_label = _word_label(cjk)
        self.roles = speaker_roles()

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        """The full label pattern, compiled when a line first needs it (most
        scripts never do: their labels are plain words)."""
        return _label_pattern(self.names)

    def match(self, line: str) -> tuple[str, str | None, int] | None:
        m = self.word_label.match(line) if self.by_word else None
        if m is not None:
            found = self[m.group(1)]
            return None if found is None else (*found, m.end())
        if ":" not in line and "：" not in line:  # every label ends with one
            return None
        m = self.pattern.match(line)
        return None if m is None else (m.group("name"), self.role(m.group("name")), m.end())

    def __missing__(self, word: str) -> tuple[str, str | None] | None:
        # What the full pattern answers for ``word + ":"``: the word, of ASCII
        # or CJK letters only, is a name, case aside (names are casefolded, and
        # for those letters casefolding is lowercasing).
        self[word] = found = (word, self.role(word)) if word.lower() in self.as_words else None
        return found

    def role(self, name: str) -> str | None:
        key = name.casefold()
        return self.extra.get(key) or self.roles.get(key)


def _lines(text: str, start: int, end: int, number: int) -> Iterator[tuple[int, int, str]]:
    """(line number, start offset, content without its line ending) of the
    lines of ``text[start:end]`` (``number`` is the first one's), split at CRLF,
    lone CR or LF."""
    parts = _BREAK.split(text[start:end])  # content, line ending, content, …, content
    if not parts[-1]:
        parts.pop()  # a line ending at the very end starts no empty line
    starts = list(itertools.accumulate(map(len, parts), initial=start))
    return zip(itertools.count(number), starts[::2], parts[::2])


def mask_inline_code(line: str) -> str:
    """The line with inline code (a run of backticks, some text, then as many
    backticks) replaced by MASK: exactly what
    ``re.sub(r"(`+)(?!`).+?(?<!`)\\1", …)`` masks, in linear time.

    That pattern tried from a run of backticks that never closes scanned the
    rest of the line once per backtick (seconds on a line of 50,000). Here,
    from the backtick runs alone: at position ``p`` of a run ending at ``e``,
    the opening is ``line[p:e]`` (``(?!`)`` makes ``+`` take the whole rest of
    the run), length ``k = e - p``; it closes at the first later run, with
    text between, of ``k`` or more backticks, on its first ``k`` (``(?<!`)``
    puts the closing at a run's start, and ``\\1`` does not ask the run to end
    there). When no later run is that long the search retries at ``p + 1``
    with one backtick fewer, so the opening is the last ``min(k, longest
    later run)`` backticks. Matching resumes after the closing, maybe inside
    its run. ``.`` does not match a newline, so no code spans one.
    """
    if "\n" in line:
        return "\n".join(map(mask_inline_code, line.split("\n")))
    runs = [m.span() for m in _TICKS.finditer(line)]
    longest = [0] * (len(runs) + 1)  # longest[i]: longest of runs[i:]
    for i in range(len(runs) - 1, -1, -1):
        longest[i] = max(longest[i + 1], runs[i][1] - runs[i][0])
    out: list[str] = []
    done = 0  # line[:done] is in out
    i = 0
    start = runs[0][0] if runs else 0  # where the run to open from starts now
    while i < len(runs) - 1:  # the last run has nothing after it to close it
        end = runs[i][1]
        k = min(end - start, longest[i + 1])
        j = i + 1
        while runs[j][1] - runs[j][0] < k:
            j += 1
        close = runs[j][0] + k
        out.append(line[done : end - k])
        out.append(MASK * (close - (end - k)))
        done = close
        if close < runs[j][1]:
            i, start = j, close
        elif j + 1 < len(runs):
            i, start = j + 1, runs[j + 1][0]
        else:
            break
    if not out:
        return line
    out.append(line[done:])
    return "".join(out)


def _indent(line: str) -> int:
    """The width of a line's leading spaces and tabs, with tab stops every four
    columns, as Markdown counts it."""
    width = 0
    for ch in line:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


class _Masker:
    """Tracks multi-line constructs that are not speech."""

    def __init__(self, markdown: bool):
        self.markdown = markdown
        self.fence: str | None = None
        self.front = False
        self.comment = False
        # Indented code blocks (Markdown): a line indented four columns or
        # more is code unless it continues a paragraph (no blank line
        # between) or a list item (there indentation nests the item's text).
        self.code = False  # inside one
        self.paragraph = False  # the line before is paragraph text
        self.list = False  # inside a list
        self.after_blank = False  # the line before is blank

    def blank(self) -> None:
        """A blank line: it ends a paragraph, not an indented code block."""
        self.paragraph = False
        self.after_blank = True

    def text_line(self) -> None:
        """A paragraph line that starts at column 0 and is not a list item (a
        labelled line read directly, see ``_Reader.common``): it ends an
        indented code block, and a list when a blank line comes before it."""
        self.code = False
        if self.after_blank:
            self.list = False
        self.paragraph = True
        self.after_blank = False

    def _indented_code(self, line: str) -> bool:
        """Whether a non-blank Markdown line is indented code, noting what the
        line leaves for the next one."""
        if _indent(line) >= 4 and (self.code or not (self.paragraph or self.list)):
            self.code = True
            self.after_blank = False
            return True
        if _LIST_ITEM.match(line):
            self.list = True
        elif self.after_blank and line[:1] not in (" ", "\t"):
            self.list = False
        self.code = False
        self.paragraph = True
        self.after_blank = False
        return False

    def mask(self, number: int, line: str) -> str | None:
        """The line with non-speech characters replaced by MASK, or None when
        the whole line is not speech."""
        if self.markdown:
            if self.front or number == 1:
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
            if not line.strip(" \t"):
                self.blank()
                return None
            if m and not self.comment:
                self.fence = m.group(1)
                self.paragraph = self.code = False
                return None
            if not self.comment and self._indented_code(line):
                return None
        masked = self._comments(line) if self.comment or "<!--" in line else line
        if self.markdown:
            if "#" in masked[:4] and _HEADING.match(masked):
                self.paragraph = False
                return None
            if "`" in masked:
                masked = mask_inline_code(masked)
        elif masked.lstrip().startswith("#"):
            return None
        if not masked.replace(MASK, "").strip():
            return None
        return masked

    def _comments(self, line: str) -> str:
        """The line with HTML comments (which may span lines) masked."""
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
        return "".join(chars)


class _Reader:
    """One script being read: the turns so far and the turn still open."""

    def __init__(self, text: str, path: str, options):
        self.text = text
        self.path = path
        self.masker = _Masker(markdown=not path.lower().endswith(PLAIN_EXTENSIONS))
        self.cjk = not text.isascii()  # see _WORD
        self.labels = _Labels(options.speakers if options else {}, self.cjk)
        self.turns: list[Turn] = []
        self.turn: Turn | None = None
        # The open turn's text, in pieces joined when it closes: adding to a
        # string line by line would copy it each time, quadratic in a long
        # paragraph (a 500 KB file without blank lines took seconds).
        self.parts: list[str] = []
        self.size = 0  # length of the open turn's text so far
        self.labelled = False  # whether any line has a label

    def open(self, turn: Turn) -> None:
        self.turn = turn
        self.parts = [turn.text]
        self.size = len(turn.text)

    def close(self) -> None:
        turn = self.turn
        if turn is not None:
            turn.text = "".join(self.parts)
            if turn.text.strip(_BLANK):
                self.turns.append(turn)
        self.turn = None

    def common(self, m: re.Match, number: int) -> None:
        """A line matched by _label_line. Outside a fence, front matter or
        comment, masking leaves it as it is, so that when its word is a speaker
        name it is read here directly."""
        word, body = m.group(1, 2)
        found = self.labels[word]
        masker = self.masker
        line_start, at = m.start(), m.start(2)
        if found is None or masker.fence is not None or masker.front or masker.comment:
            self.line(number, line_start, self.text[line_start : m.end(2)])
            return
        masker.text_line()
        self.close()
        self.labelled = True
        body = body.rstrip()  # what add() would make of it, for a new turn
        segments = [Segment(0, at, number, at - line_start + 1)] if body else []
        self.open(Turn(body, segments, found[1], found[0]))

    def lines(self, start: int, end: int, number: int) -> None:
        """The lines of ``text[start:end]`` (``number`` is the first one's), read
        the general way."""
        if self.text[start:end].isspace():  # blank lines: only a paragraph break
            self.close()
            self.masker.blank()
            return
        for line_number, line_start, body in _lines(self.text, start, end, number):
            self.line(line_number, line_start, body)

    def line(self, number: int, start: int, body: str) -> None:
        """Any line (``body``, without its line ending), the general way."""
        line = self.masker.mask(number, body)
        if line is not None and self.masker.markdown and line.lstrip(" \t")[:1] == "|":
            if self.row(number, start, line):
                return
        label = None if line is None else self.labels.match(line)
        if line is None or label is not None:
            self.close()
            if line is None:
                return
        if label is not None:
            self.labelled = True
            name, role, col = label
            self.open(Turn("", [], role, name))
        else:
            # list markup and quote marks; a line that starts with a letter has none
            col = 0 if line[:1].isalpha() else _PREFIX.match(line).end()
            if self.turn is None:
                self.open(Turn("", []))  # narration, unless the file has no label at all
        self.add(line[col:], start + col, number, col + 1)

    def row(self, number: int, start: int, line: str) -> bool:
        """A table row that is a speaker's turn, or the delimiter row: read
        (True); else the line is read as any other (False)."""
        if _DELIMITER_ROW.match(line):
            self.close()
            return True
        m = _ROW.match(line)
        if m is None:
            return False
        who = m.group("who").strip(_EMPHASIS).rstrip(":：").rstrip(_EMPHASIS)  # "**Agent:**"
        label = self.labels.match(who + ":") if who else None
        if label is None or label[2] != len(who) + 1:
            return False
        self.close()
        self.labelled = True
        self.open(Turn("", [], label[1], label[0]))
        say = m.group("say")
        at = m.start("say") + len(say) - len(say.lstrip())
        self.add(say.strip(), start + at, number, at + 1)
        self.close()  # one row, one turn
        return True

    def add(self, content: str, source: int, number: int, column: int) -> None:
        """Add a line's content (from ``source``, at ``column``) to the open turn."""
        content = content.rstrip()
        if not content:
            return  # a label alone on its line: the turn continues below
        if self.size:
            self.parts.append("\n")
            self.size += 1
        self.turn.segments.append(Segment(self.size, source, number, column))
        self.parts.append(content)
        self.size += len(content)

    def document(self) -> Document:
        self.close()
        if not self.labelled:  # without any label, every paragraph is the agent's
            for turn in self.turns:
                turn.role = "agent"
        return Document(path=self.path, source=self.text, turns=self.turns, kind=KIND, format=NAME)


def read(text: str, path: str, options) -> Document:
    reader = _Reader(text, path, options)
    if reader.labels.by_word:
        scan_lines(text, _label_line(reader.cjk).for_text(text), reader.common, reader.lines)
    else:  # a speaker name with a colon: the word label cannot stand in for the full one
        reader.lines(0, len(text), 1)
    return reader.document()
