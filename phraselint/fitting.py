"""Fitting a replacement into the text it replaces, for :mod:`phraselint.fix`.

A rule's replacement is written once, as a sentence on its own; where it
lands it must read as if the writer had typed it there:

- A replacement takes the case of the text it replaces: ALL CAPS stays all
  caps; otherwise its first letter follows the first letter of the match,
  except where the match starts with the pronoun "I", whose capital says
  nothing: there the start of a sentence (or of a turn or list item) decides.
  A first letter is lowered only when its capital is a sentence convention
  (not "I", not an acronym such as "OK"). Text without cased letters
  (Chinese) is left as it is.
- A replacement takes the punctuation style of the text it replaces: in a
  match written with full-width punctuation (，！？), the replacement's
  ASCII punctuation next to Han characters becomes full-width too. In
  Traditional Chinese text the replacement is converted to Traditional
  (OpenCC ``s2tw``); the match's own characters tell, else those of its turn,
  else those of the document (:meth:`TextContext.traditional`), since many
  matches are written the same in both scripts.
- A replacement that ends a sentence ("May I check and come back to you?",
  "……好吗?") keeps its mark, and the sentence around it is fitted to it (see
  :func:`_end_sentence`): the text's mark right after the match gives way to
  it (or stays instead, being the same mark), a comma after the match becomes
  it and the next word takes a capital. Where words go on after the match in
  the same sentence, the mark would cut the sentence in two: such a finding
  is reported as not fixable.
- Markup is never cut in two (see :func:`_markup_end`): emphasis wholly
  inside the match goes with the words it emphasised, markup after the
  match's last word stays outside the edit, and a match holding half of a
  pair (emphasis, link, brackets of prose) or an HTML tag is reported as not
  fixable.
- A Tagalog particle right after the match that the replacement says itself
  ("po" after "Hindi ko alam", replaced by "Aalamin ko po") goes with the
  match, or it would be said twice.
- A phrase ending in punctuation takes the text's mark along, and with it a
  closing quote or bracket right after the mark; that closer is put back after
  the replacement.
- A match broken across lines is replaced on its first line; the last line
  break of the match (with the continuation line's indentation or ``>``) is
  kept when text follows the match on its last line, so that text stays on
  its own line and the paragraph stays one paragraph. Punctuation right
  after the match ("know. But") comes up with the replacement, so the next
  line does not open with it.
- A replacement with a character the file's encoding cannot hold (Big5 has
  no Simplified 对) is left out and reported as not fixable; the file's
  other edits are made.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Callable

import regex

from .locales import get_spec
from .markup import Syntax, inline_syntax
from .model import Document, Turn
from .readers.script import PLAIN_EXTENSIONS, mask_inline_code
from .text.keys import to_simplified

LINE_BREAK = regex.compile(r"\r\n|\r|\n")  # one line break of any convention
_CONTINUATION = regex.compile(r"[ \t]*(?:>[ \t]?)*")
_ITEM_START = regex.compile(
    r"[ \t]*(?:>[ \t]?)*(?:[-*+•]|\d{1,3}[.)])[ \t]+(?:\*\*|__|\*|_)?[ \t]*\Z"
)
_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)?")
_I_WORDS = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
_SENTENCE_END = frozenset(".!?…。！？")
_OPENERS = frozenset("\"'“‘«([{*_>-–—¿¡「『（【《〈 \t\r\n\u3000")
_FULL_WIDTH = {",": "，", "!": "！", "?": "？", ":": "：", ";": "；", "(": "（", ")": "）"}
_FULL_WIDTH_MARKS = frozenset(_FULL_WIDTH.values()) | frozenset("。、")
_ASCII_MARKS = frozenset(_FULL_WIDTH)
_BREAK_CHAR = regex.compile(r"[\r\n]")
_BLANKS = regex.compile(r"[^\S\r\n]*")
_TURN_BLANKS = regex.compile(r"[ \t\n]*")  # a turn's text joins its lines with "\n"
_ASCII_MARK = {"。": ".", "！": "!", "？": "?"}
_COMMAS = frozenset(",;:，；：、")
_EMPHASIS_MARKS = frozenset("*_~")
_NEXT_WORD = regex.compile(r"[ \t]+(\p{L}+)")
# Inline syntax that may go with the replaced words when it lies wholly in them.
_DROPPED = frozenset(("emphasis", "escape"))
# A word in lower case only, after blanks (a line break within a turn too).
_NEXT_LOWER_WORD = regex.compile(r"[ \t\n]*(\p{Ll}[\p{Ll}'’]*)(?![\p{L}\p{N}'’])")
_FULL_WIDTH_MARK = regex.compile("[" + "".join(sorted(_FULL_WIDTH_MARKS)) + "]")
# Punctuation that ends or continues what comes before it, then blanks.
_TRAILING_PUNCT = regex.compile(r"([.,;:!?…。，、；：！？)\]}”’»」』）】》〉\"']+)[ \t]*")


class NotFixable(Exception):
    """Raised by :func:`fit_replacement` where the replacement cannot be put in
    well; the message says why, for the "not fixable" line."""


def fit_replacement(
    doc: Document, start: int, end: int, replacement: str, context: TextContext | None = None
) -> tuple[int, str]:
    """Where the edit for the match at ``[start, end)`` ends and what it writes:
    ``replacement`` fitted to the source text (see the module docstring).

    The edit starts where the match does; it may end past the match, over a
    Tagalog particle the replacement says itself and over the mark that ends
    the sentence. ``context`` holds what is worked out once per document (pass
    the same one for every finding on ``doc``); without it one is made for
    this call. Raises :class:`NotFixable` where no replacement reads well."""
    if context is None:
        context = TextContext(doc)
    source = doc.source
    end = _markup_end(context, start, end)
    old = source[start:end]
    new = match_case(old, replacement, context.sentence_start(start))
    if any(_is_han(c) for c in new) and context.traditional(start, end):
        new = _s2tw().convert(new)
    new = _match_punctuation(old, new, lambda: context.line_full(start, end))
    end = _particles_after(context, end, new)
    new, after, end = _end_sentence(context, old, new, end)
    new += _closers(old, new)
    breaks = list(LINE_BREAK.finditer(old))
    if breaks and not after and (m := _TRAILING_PUNCT.match(source, end)):
        # The match's last line goes on with its punctuation ("know. But"):
        # that comes up with the replacement rather than open the next line.
        new += m.group(1)
        end = m.end()
    if breaks and _text_follows(after, source, end):
        last = breaks[-1]
        prefix = _CONTINUATION.match(old, last.end()).group()
        if (after or source[end : end + 1])[:1] in (" ", "\t"):
            prefix = prefix.rstrip(" \t")  # the text after the match brings its own space
        new += last.group() + prefix
    _check_encoding(new + after, doc.encoding)
    return end, new + after


def _check_encoding(new: str, encoding: str | None) -> None:
    """Raises :class:`NotFixable` where the file's encoding cannot hold a
    character of ``new``: that edit is left out, and the others are made."""
    if encoding is None:
        return
    try:
        new.encode(encoding)
    except UnicodeEncodeError as err:
        bad = new[err.start]
        raise NotFixable(
            f"the file's encoding, {encoding}, cannot hold “{bad}” (U+{ord(bad):04X})"
        ) from None


def _text_follows(after: str, source: str, end: int) -> bool:
    """Whether text follows a match on its last line: ``after`` (what the
    edit writes after the replacement), then the source from ``end``. A
    match's line break is kept for that text only: kept before nothing, it
    left a line of blanks, or of "> ", which ends the paragraph."""
    for text, at in ((after, 0), (source, end)):
        i = _BLANKS.match(text, at).end()
        if i < len(text):
            return text[i] not in "\r\n"
    return False


def _markup_end(context: TextContext, start: int, end: int) -> int:
    """The end of the match at ``[start, end)``, moved back before markup
    that closes after its last word, so that the markup stays outside the
    edit; raises :class:`NotFixable` where the edit would cut markup in two.

    Replacing the match drops every character in it. That is right for a
    pair of emphasis marks wholly inside ("I **don't** know": the emphasis
    goes with the words it emphasised) and for an escape's backslash, and
    wrong for anything else: half of a pair whose other half is outside ("*I
    don't* know" would keep one "*"), a link's brackets or an HTML tag (the
    link's destination would be lost), brackets or quotation marks of prose.
    Closing quotes after the match's final mark are not in question: they
    are put back after the replacement (:func:`_closers`)."""
    index = context.syntax(start)
    if index is None:
        return end
    source = context.doc.source
    stop = end - len(_closers(source[start:end], ""))
    cut = [
        (a, b)
        for a, b, kind, whole_start, whole_end in index.overlapping(start, stop)
        if not (kind in _DROPPED and start <= whole_start and whole_end <= stop)
    ]
    if not cut:
        return end
    last_word = max((i for i in range(start, end) if source[i].isalnum()), default=start)
    if cut[0][0] > last_word:
        return cut[0][0]  # markup only after the last word: it stays outside
    shown = " ".join(dict.fromkeys(source[p0:p1] for p0, p1 in cut))
    raise NotFixable(f"markup or brackets in the match must stay whole: {shown}")


def _particles_after(context: TextContext, end: int, new: str) -> int:
    """The match's end moved past the floating particles right after it
    (Tagalog "po", "lang" …) that the replacement says itself: "Hindi ko alam
    po" becomes "Aalamin ko po", not "Aalamin ko po po". The matcher leaves a
    particle after a phrase out of the match, as one inside it may be left
    anywhere."""
    particles = context.particles()
    if not particles:
        return end
    same = context.equivalents()  # "ho" is "po" (locale.yaml equivalents)
    said = {same.get(w, w) for w in map(str.casefold, _WORD.findall(new))} & particles
    source = context.doc.source
    while said:
        m = _NEXT_WORD.match(source, end)
        if m is None:
            break
        word = m.group(1).casefold()
        if same.get(word, word) not in said:
            break
        end = m.end()
    return end


def _end_sentence(context: TextContext, old: str, new: str, end: int) -> tuple[str, str, int]:
    """The replacement's final mark fitted to the sentence around the match:
    the replacement, the text after the match that the edit rewrites too (a
    capital letter), and where the edit ends.

    A replacement that ends a sentence ("May I check and come back to you?")
    keeps its mark where the text after the match ends the sentence too: the
    text's own mark goes (the edit covers it), unless it already is the same
    mark, which then stays in place of the replacement's. A comma (or ";",
    ":", "、") after the match becomes the replacement's mark, and the next
    word starts a sentence with a capital. At the end of the turn, or before a
    Han character (a Chinese sentence may start right after a mark), the
    mark is kept. Anywhere else the sentence goes on after the match, and the
    replacement's question or full stop would break it in two: that raises
    :class:`NotFixable`.

    A match that took the text's mark along (a phrase ending in punctuation)
    ends its sentence itself; a replacement without a mark keeps that one."""
    source = context.doc.source
    taken = _final_marks(old[: len(old) - len(_closers(old, ""))])  # before its closers
    marks = _final_marks(new)
    if taken:
        return (new if marks else new + taken), "", end
    if not marks:
        return new, "", end
    j = end  # past closing quotes, brackets and emphasis after the match
    while j < len(source) and _is_closer(source[j]):
        j += 1
    closers = source[end:j]
    k = j
    while k < len(source) and source[k] in " \t":
        k += 1
    if k < len(source) and source[k] in _SENTENCE_END:
        stop = k
        while stop < len(source) and source[stop] in _SENTENCE_END:
            stop += 1
        if _is_ellipsis(source[k:stop]):  # "... let me look": the sentence goes on
            after, past = _new_sentence_after(context, stop - 1)
            if after:
                return new + closers, after, past
        if _kinds(marks) <= _kinds(source[k:stop]):
            return new[: -len(marks)], "", end
        return new + closers, "", stop
    if k < len(source) and source[k] in _COMMAS:
        while k + 1 < len(source) and source[k + 1] in _COMMAS:
            k += 1  # "，," as one
        after, stop = _new_sentence_after(context, k)
        return new + closers, after, stop
    following = context.next_in_turn(j)
    if not following or _is_han(following):
        return new, "", end
    raise NotFixable(
        f"the replacement “{new}” ends a sentence, and the sentence goes on after the match"
    )


def _is_ellipsis(marks: str) -> bool:
    """``...`` or ``…``: a pause, after which a sentence may go on."""
    return marks == "…" or (len(marks) >= 2 and set(marks) <= {".", "…"})


def _new_sentence_after(context: TextContext, comma: int) -> tuple[str, int]:
    """What replaces the text after the comma at ``comma``, which the
    replacement's mark takes the place of, and where that ends: the next word
    capitalised, as the start of a sentence ("Hang on a sec, let me look"
    becomes "May I check and come back to you? Let me look"). A word that is
    not all lower case keeps its case."""
    source = context.doc.source
    located = context.turn_at(comma)
    if located is not None:
        turn, i = located
        m = _NEXT_LOWER_WORD.match(turn.text, i + 1)
        if m is not None:
            word = turn.position(m.start(1)).source
            if source[word : word + 1] == m.group(1)[0]:  # as the turn maps it
                return source[comma + 1 : word] + source[word].upper(), word + 1
    return "", comma + 1


def _final_marks(text: str) -> str:
    """The sentence-ending marks that end ``text`` ("?", "！？" …)."""
    i = len(text)
    while i > 0 and text[i - 1] in _SENTENCE_END:
        i -= 1
    return text[i:]


def _kinds(marks: str) -> set[str]:
    """Which marks these are, whatever their width: "？" and "?" are one."""
    return {_ASCII_MARK.get(c, c) for c in marks}


def _is_closer(ch: str) -> bool:
    """A closing quote, bracket or emphasis mark: after a match it closes
    something the match is in, and the sentence's end may come after it."""
    return ch in _EMPHASIS_MARKS or ch in "\"'" or unicodedata.category(ch) in ("Pe", "Pf")


def _closers(old: str, new: str) -> str:
    """Closing quotes and brackets that end ``old`` after its last mark (a
    phrase ending in "？" takes the "”" after it along) and that ``new`` lacks."""
    i = len(old)
    while i > 0 and unicodedata.category(old[i - 1]) in ("Pe", "Pf"):
        i -= 1
    tail = old[i:]
    return "" if not tail or new.endswith(tail) else tail


def match_case(old: str, new: str, sentence_start: bool) -> str:
    """``new`` cased like ``old`` (see the module docstring)."""
    cased = [c for c in old if c.isupper() or c.islower()]
    if not cased:
        return new
    if len(cased) >= 2 and all(c.isupper() for c in cased):
        return new.upper()
    first = _WORD.search(old)
    if first is not None and first.group().lower().replace("’", "'") in _I_WORDS:
        upper = sentence_start
    else:
        upper = cased[0].isupper()
    word = _WORD.search(new)
    if word is None:
        return new
    i, w = word.start(), word.group()
    if upper:
        return new[:i] + w[0].upper() + new[i + 1 :]
    conventional = (
        w[0].isupper()
        and not any(c.isupper() for c in w[1:])
        and w.lower().replace("’", "'") not in _I_WORDS
    )
    return new[:i] + w[0].lower() + new[i + 1 :] if conventional else new


class TextContext:
    """What :func:`fit_replacement` looks up in one document, worked out once
    (on first use) and then found by bisection: where its lines break, where
    its full-width marks are, which turn segment holds each source offset,
    the inline syntax of each turn's lines; and, once each, its locale's
    particles and the script of each turn and of the whole document.

    Looking these up afresh for each finding (scanning back to the start of
    the line, going through every turn and segment, slicing the turn up to the
    match, scanning the whole line for marks) made fixing quadratic: minutes
    for a script of a few hundred kilobytes with thousands of fixes."""

    def __init__(self, doc: Document):
        self.doc = doc
        self._breaks: list[int] | None = None  # offsets of "\n" and "\r"
        self._full: list[int] | None = None  # offsets of full-width marks
        self._segments: _Segments | None = None
        self._particles: frozenset[str] | None = None
        self._has_traditional: bool | None = None  # any speech in Traditional characters
        self._scripts: dict[int | None, bool | None] = {}  # see _script_of
        self._markdown = not doc.path.lower().endswith(PLAIN_EXTENSIONS)
        self._syntax: dict[int, _SyntaxIndex] = {}  # by id() of the turn

    def syntax(self, offset: int) -> _SyntaxIndex | None:
        """The inline syntax of the lines of the turn holding source
        ``offset`` (Markdown, unless the document is plain text: brackets and
        quotation marks only); ``None`` outside every turn.

        The source lines, not the turn's text: the reader leaves out of a
        turn the markup around its speaker label ("**Agent:**"), which may
        open what the speech closes ("坐席：**喂**，您好"). Inline code is
        masked, as the reader masks it."""
        located = self.turn_at(offset)
        if located is None:
            return None
        turn = located[0]
        found = self._syntax.get(id(turn))
        if found is None:
            first, last = turn.segments[0], turn.segments[-1]
            base = self.line_start(first.source)
            stop = self.line_end(last.source + len(turn.text) - last.offset)
            text = self.doc.source[base:stop]
            if self._markdown:
                text = mask_inline_code(text)
            found = _SyntaxIndex(base, inline_syntax(text, self._markdown))
            self._syntax[id(turn)] = found
        return found

    def particles(self) -> frozenset[str]:
        """The floating particles of the document's locale (Tagalog's)."""
        if self._particles is None:
            locale = self.doc.locale
            self._particles = get_spec(locale).particles if locale else frozenset()
        return self._particles

    def equivalents(self) -> dict[str, str]:
        """Spellings the document's locale reads as the same word."""
        locale = self.doc.locale
        return get_spec(locale).equivalents if locale else {}

    def traditional(self, start: int, end: int) -> bool:
        """Whether the match at ``[start, end)`` is in Traditional Chinese,
        so that its replacement (written in Simplified) must be too: as the
        match's own characters say, else the characters of its turn, else
        those of the whole document (see :func:`_script`).

        Deciding by the match alone wrote 对不起，请您稍等片刻 into a
        Traditional script for 等一下, the same in both. A document without
        a character that only Traditional writes is Simplified, decided
        without loading OpenCC's converter to Traditional."""
        if self._has_traditional is None:
            speech = "\n".join(turn.text for turn in self.doc.turns)
            self._has_traditional = to_simplified(speech) != speech
        if not self._has_traditional:
            return False
        script = _script(self.doc.source[start:end])
        located = self.turn_at(start) if script is None else None
        if located is not None:
            script = self._script_of(located[0])
        if script is None:
            script = self._script_of(None)
        return bool(script)

    def _script_of(self, turn: Turn | None) -> bool | None:
        """:func:`_script` of a turn's text, or of all the speech (``None``)."""
        key = None if turn is None else id(turn)
        if key not in self._scripts:
            turns = self.doc.turns if turn is None else [turn]
            self._scripts[key] = _script("\n".join(t.text for t in turns))
        return self._scripts[key]

    def turn_at(self, offset: int) -> tuple[Turn, int] | None:
        """The turn holding source ``offset``, and where in its text the
        character at ``offset`` is; ``None`` outside every turn."""
        if self._segments is None:
            self._segments = _Segments(self.doc)
        return self._segments.find(offset)

    def next_in_turn(self, offset: int) -> str:
        """The first character from source ``offset`` on, blanks and line
        breaks aside, in the turn that holds the character before ``offset``
        (as the last of a match is); "" at the end of that turn."""
        located = self.turn_at(offset - 1) if offset > 0 else None
        if located is None:
            return ""
        turn, i = located
        at = _TURN_BLANKS.match(turn.text, i + 1).end()
        return turn.text[at : at + 1]

    def breaks(self) -> list[int]:
        if self._breaks is None:
            self._breaks = [m.start() for m in _BREAK_CHAR.finditer(self.doc.source)]
        return self._breaks

    def line_start(self, offset: int) -> int:
        """Where the line holding ``offset`` starts (just after the last
        "\\n" or "\\r" before ``offset``)."""
        breaks = self.breaks()
        i = bisect.bisect_left(breaks, offset)
        return breaks[i - 1] + 1 if i else 0

    def line_end(self, offset: int) -> int:
        """Where the line holding ``offset`` ends (at its line break)."""
        breaks = self.breaks()
        i = bisect.bisect_left(breaks, offset)
        return breaks[i] if i < len(breaks) else len(self.doc.source)

    def line_full(self, start: int, end: int) -> bool:
        """Whether the lines holding ``[start, end)`` (from the line start
        before ``start`` to the first line break at or after ``end``) have a
        full-width mark."""
        breaks = self.breaks()
        a = self.line_start(start)
        i = bisect.bisect_left(breaks, end)
        b = breaks[i] if i < len(breaks) else len(self.doc.source)
        if self._full is None:
            self._full = [m.start() for m in _FULL_WIDTH_MARK.finditer(self.doc.source)]
        j = bisect.bisect_left(self._full, a)
        return j < len(self._full) and self._full[j] < b

    def sentence_start(self, offset: int) -> bool:
        """Whether ``offset`` starts a sentence, a turn or a list item."""
        source = self.doc.source
        line_start = self.line_start(offset)
        # As matching the slice source[line_start:offset], without copying it.
        if _ITEM_START.match(source, line_start, offset):
            return True
        located = self.turn_at(offset)
        if located is None:  # what comes before on the line
            text, low, i = source, line_start, min(offset, len(source)) - 1
        else:  # what comes before in the turn
            text, low, i = located[0].text, 0, located[1] - 1
        while i >= low and text[i] in _OPENERS:
            i -= 1
        return i < low or text[i] in _SENTENCE_END


class _SyntaxIndex:
    """The inline syntax of a turn's lines, found by bisection: its parts
    (which never overlap) in source order, each as (start, end, kind of
    syntax, start and end of the whole syntax), in source offsets."""

    def __init__(self, base: int, syntax: list[Syntax]):
        self.parts = sorted(
            (base + a, base + b, s.kind, base + s.start, base + s.end)
            for s in syntax
            for a, b in s.parts
        )
        self.starts = [part[0] for part in self.parts]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str, int, int]]:
        """The parts that overlap ``[start, end)``, in order."""
        i = max(bisect.bisect_right(self.starts, start) - 1, 0)
        found = []
        while i < len(self.parts) and self.parts[i][0] < end:
            if self.parts[i][1] > start:
                found.append(self.parts[i])
            i += 1
        return found


class _Segments:
    """Which turn segment of a document holds a source offset, by bisection.

    A segment lasts from its ``offset`` in the turn's text to the next
    segment's (the last to the end of the text), and covers as many source
    characters from its ``source``. The first segment that covers an offset,
    turn by turn, holds it; the script reader's segments never overlap, and
    should a document's do, each lookup goes through them all in that order.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        spans: list[tuple[int, int, Turn, int]] = []  # source start, end, turn, text offset
        for turn in doc.turns:
            segs, size = turn.segments, len(turn.text)
            for k, seg in enumerate(segs):
                stop = segs[k + 1].offset if k + 1 < len(segs) else size
                if stop > seg.offset:
                    end = seg.source + stop - seg.offset
                    spans.append((seg.source, end, turn, seg.offset))
        spans.sort(key=lambda span: span[0])
        self.overlap = any(a[1] > b[0] for a, b in zip(spans, spans[1:], strict=False))
        self.spans = spans
        self.starts = [span[0] for span in spans]

    def find(self, offset: int) -> tuple[Turn, int] | None:
        """The turn holding source ``offset``, and where in its text the
        character at ``offset`` is (``text[:i]`` comes before it)."""
        if self.overlap:
            return _turn_position(self.doc, offset)
        i = bisect.bisect_right(self.starts, offset) - 1
        if i < 0:
            return None
        start, end, turn, at = self.spans[i]
        if offset >= end:
            return None
        return turn, min(at + offset - start, len(turn.text))  # len(text[:i]), no copy


def _turn_position(doc: Document, offset: int) -> tuple[Turn, int] | None:
    """:meth:`_Segments.find`, going through every turn and segment."""
    for turn in doc.turns:
        segs = turn.segments
        for k, seg in enumerate(segs):
            stop = segs[k + 1].offset if k + 1 < len(segs) else len(turn.text)
            length = stop - seg.offset
            if seg.source <= offset < seg.source + length:
                return turn, min(seg.offset + offset - seg.source, len(turn.text))
    return None


def _is_han(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("CJK UNIFIED IDEOGRAPH")


def _script(text: str) -> bool | None:
    """Whether ``text`` is written in Traditional Chinese (True), in
    Simplified (False), or cannot tell (None): which of the two has more of
    the characters that only it writes. Most characters are the same in
    both (等一下)."""
    han = "".join(c for c in text if _is_han(c))
    if not han:
        return None
    traditional = sum(a != b for a, b in zip(han, to_simplified(han), strict=True))
    as_traditional = _s2tw().convert(han)
    if len(as_traditional) != len(han):  # a phrase converted to another length
        as_traditional = "".join(_s2tw().convert(c)[:1] or c for c in han)
    simplified = sum(a != b for a, b in zip(han, as_traditional, strict=True))
    return None if traditional == simplified else traditional > simplified


@functools.cache
def _s2tw():
    """OpenCC's ``s2tw`` converter, loaded once: loading it takes a good part
    of a second, which each Traditional finding used to pay."""
    from opencc import OpenCC

    return OpenCC("s2tw")


def _match_punctuation(old: str, new: str, line_full: Callable[[], bool]) -> str:
    """ASCII marks next to Han characters become full-width where the match
    (or, when the match has no marks, its line) is written that way.
    ``line_full()`` tells whether the match's line has a full-width mark."""
    if not any(_is_han(c) for c in new):
        return new
    style = _style(old)
    if style is None and line_full():
        style = "full"
    if style != "full":
        return new
    out = []
    for i, ch in enumerate(new):
        if ch in _ASCII_MARKS:
            prev = out[-1] if out else ""
            nxt = new[i + 1 : i + 2]
            near_han = (prev and (_is_han(prev) or prev in _FULL_WIDTH_MARKS)) or (
                nxt and _is_han(nxt)
            )
            if near_han:
                ch = _FULL_WIDTH[ch]
        elif ch == "." and out and _is_han(out[-1]):
            ch = "。"
        out.append(ch)
    return "".join(out)


def _style(text: str) -> str | None:
    if any(c in _FULL_WIDTH_MARKS for c in text):
        return "full"
    if any(c in _ASCII_MARKS for c in text):
        return "ascii"
    return None
