"""Inline syntax that a script's turn text still holds, and how it pairs up.

The script reader masks what is never speech (code, comments) and leaves the
rest of a line in the turn's text, inline Markdown included: emphasis (``*``,
``_``, ``~~``), the brackets and destination of a link or image, inline HTML
tags and autolinks, backslash escapes. Matching reads all that as punctuation
and skips it, so a match may start or end inside an emphasis or a link; the
fixer, which replaces the source between the first and the last matched
character, must not cut such syntax in half. Brackets and quotation marks of
prose pair up the same way, in any script.

The Markdown here follows CommonMark where it decides what is syntax: a run
of ``*``, ``_`` or ``~`` may open or close emphasis by what stands on either
side of it, a closer pairs with the nearest opener of the same character
before it, ``_`` does not emphasise inside a word. A run that could open or
close and pairs with nothing is kept as syntax all the same (the fixer must
not drop what may have been meant as a pair). Left out: what the lines of a
turn cannot show (reference definitions, so ``[text]`` alone is a bracket
pair), and the finer rules of emphasis ("multiple of 3"), which only decide
how runs pair, not whether they are syntax.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# An inline HTML tag, or an autolink (a URI or an e-mail address in <>).
_TAG = re.compile(
    r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?"
    r"|[A-Za-z][A-Za-z0-9.+-]{1,31}:[^\s<>]*"
    r"|[^\s<>@]+@[^\s<>]+)>"
)
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Brackets and quotation marks of prose: opener → closer ("[" and "]" are
# read with links). Not ‘’, whose ’ is also the apostrophe of "don’t", nor
# straight quotes, which open and close alike.
_BRACKETS = {
    "(": ")",
    "{": "}",
    "“": "”",
    "（": "）",
    "【": "】",
    "「": "」",
    "『": "』",
    "《": "》",
    "〈": "〉",
}
_CLOSING = {closer: opener for opener, closer in _BRACKETS.items()}
_DELIMITERS = frozenset("*_~")


@dataclass(frozen=True, slots=True)
class Syntax:
    """One piece of inline syntax: ``parts`` are the ranges of the text that
    are the syntax itself, an opener and its closer (the text between them is
    speech), or one range (a tag, an escape's backslash, a delimiter run or a
    bracket that pairs with nothing)."""

    kind: str  # "emphasis" | "delimiter" | "link" | "tag" | "escape" | "bracket"
    parts: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass(slots=True)
class _Run:
    """A run of one delimiter character, shortened as its characters pair."""

    char: str
    start: int
    end: int
    can_open: bool
    can_close: bool


def inline_syntax(text: str, markdown: bool = True) -> list[Syntax]:
    """The inline syntax of ``text``, in no particular order; with
    ``markdown`` false, the brackets and quotation marks of prose only."""
    found: list[Syntax] = []
    runs: list[_Run] = []
    brackets: list[tuple[str, int]] = []  # open brackets: (character, offset)
    # Where in ``brackets`` each opening character is, so that a closer finds
    # its opener without walking past every other kind (linear on any text).
    open_at: dict[str, list[int]] = {}
    parens: dict[int, int] | None = None  # "(" → its ")" on the line, made on first use
    links: list[tuple[int, int]] = []  # open "[" or "![": (start, end)
    unpaired: list[int] = []  # brackets that pair with nothing
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if markdown and ch == "\\" and i + 1 < n and text[i + 1] in _ASCII_PUNCTUATION:
            found.append(Syntax("escape", ((i, i + 1),)))
            i += 2
            continue
        if markdown and ch == "<" and (m := _TAG.match(text, i)):
            found.append(Syntax("tag", ((i, m.end()),)))
            i = m.end()
            continue
        if markdown and ch in _DELIMITERS:
            j = i
            while j < n and text[j] == ch:
                j += 1
            runs.append(_delimiter_run(text, ch, i, j))
            i = j
            continue
        if ch == "[" or (markdown and ch == "!" and text[i + 1 : i + 2] == "["):
            width = 1 if ch == "[" else 2
            links.append((i, i + width))
            i += width
            continue
        if ch == "]" and not links:
            unpaired.append(i)
        elif ch == "]":
            opener = links.pop()
            if markdown and parens is None and text[i + 1 : i + 2] == "(":
                parens = _paren_pairs(text)
            close = _link_tail(text, i + 1, parens) if markdown else i + 1
            kind = "link" if close > i + 1 else "bracket"
            found.append(Syntax(kind, (opener, (i, close))))
            i = close
            continue
        if ch in _BRACKETS:
            open_at.setdefault(ch, []).append(len(brackets))
            brackets.append((ch, i))
        elif ch in _CLOSING:
            places = open_at.get(_CLOSING[ch])
            if not places:
                unpaired.append(i)
            else:
                k = places[-1]
                start = brackets[k][1]
                for other, at in brackets[k + 1 :]:  # openers closed by nothing
                    unpaired.append(at)
                    open_at[other].pop()
                places.pop()
                del brackets[k:]
                found.append(Syntax("bracket", ((start, start + 1), (i, i + 1))))
        i += 1
    # A bracket without its partner in these lines may have one beyond them
    # (a quotation running over paragraphs opens each one): kept whole too.
    unpaired.extend(at for _, at in brackets)
    found.extend(Syntax("bracket", ((at, at + 1),)) for at in unpaired)
    found.extend(Syntax("bracket", (opener,)) for opener in links)
    found.extend(_pair_emphasis(runs))
    return found


def _link_tail(text: str, at: int, parens: dict[int, int] | None) -> int:
    """Where the destination ``(…)`` or label ``[…]`` right after a link's
    text ends (on the same line), or ``at`` when neither follows; ``parens``
    are :func:`_paren_pairs` of the text."""
    if text[at : at + 1] == "[":
        close = text.find("]", at + 1)
        return close + 1 if close > 0 and "\n" not in text[at:close] else at
    if text[at : at + 1] != "(" or parens is None:
        return at
    close = parens.get(at)
    return at if close is None else close + 1


def _paren_pairs(text: str) -> dict[int, int]:
    """Each ``(`` of ``text`` with the ``)`` that closes it on its line, in
    one pass (escaped parentheses do not count): scanning from each link's
    ``(`` to the end of its line was quadratic on a line of ``[a](``."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    k, n = 0, len(text)
    while k < n:
        c = text[k]
        if c == "\\":
            k += 1  # an escaped parenthesis does not count
        elif c == "(":
            stack.append(k)
        elif c == ")" and stack:
            pairs[stack.pop()] = k
        elif c == "\n":
            stack.clear()
        k += 1
    return pairs


def _kind_of(ch: str) -> str:
    """What CommonMark's flanking rules see in ``ch``: a space (also the edge
    of the text, where ``ch`` is empty), punctuation ("p", symbols too) or
    anything else ("a")."""
    if not ch or ch.isspace():
        return " "
    if ch in _ASCII_PUNCTUATION or unicodedata.category(ch)[0] in "PS":
        return "p"
    return "a"


def _delimiter_run(text: str, ch: str, start: int, end: int) -> _Run:
    """The run ``text[start:end]`` of ``ch``: whether it may open emphasis
    (left-flanking) and close it (right-flanking)."""
    before = _kind_of(text[start - 1 : start])
    after = _kind_of(text[end : end + 1])
    left = after != " " and (after != "p" or before != "a")
    right = before != " " and (before != "p" or after != "a")
    if ch == "_":  # no emphasis inside a word
        left, right = left and (not right or before == "p"), right and (not left or after == "p")
    return _Run(ch, start, end, left, right)


def _pair_emphasis(runs: list[_Run]) -> list[Syntax]:
    """Delimiter runs paired into emphasis, each closer with the nearest
    opener of its character before it (``~`` only with a run as long, of one
    or two); runs between a pair that did not pair stay text."""
    pairs: list[Syntax] = []
    live: list[_Run] = []  # openers that may still pair
    for run in runs:
        while run.can_close and run.end > run.start:
            k = _opener_for(live, run)
            if k is None:
                break
            opener = live[k]
            del live[k + 1 :]
            size = run.end - run.start if run.char == "~" else 2
            take = min(size, opener.end - opener.start, run.end - run.start)
            pairs.append(
                Syntax(
                    "emphasis",
                    ((opener.end - take, opener.end), (run.start, run.start + take)),
                )
            )
            opener.end -= take
            run.start += take
            if opener.end == opener.start:
                live.pop()
        if run.can_open and run.end > run.start:
            live.append(run)
    # What is left of a run that could open or close emphasis is text to
    # CommonMark, but only for want of a partner it may have been meant for
    # ("**你说什么？**我", where punctuation before a letter keeps the second
    # "**" from closing): syntax too, one that pairs with nothing.
    pairs.extend(
        Syntax("delimiter", ((run.start, run.end),))
        for run in runs
        if run.end > run.start and (run.can_open or run.can_close)
    )
    return pairs


def _opener_for(live: list[_Run], closer: _Run) -> int | None:
    for k in range(len(live) - 1, -1, -1):
        opener = live[k]
        if opener.char != closer.char:
            continue
        if closer.char == "~":
            length = closer.end - closer.start
            if length > 2 or opener.end - opener.start != length:
                continue
        return k
    return None
