"""Inline suppressions: comments in a script that silence findings on some lines.

A script sometimes has to quote what agents must not say (a training example,
a "don't say this" box), and the author knows better than the linter there.
The directives follow markdownlint's, so that they read the same to people who
use both:

Markdown (and plain text, where HTML comments are not speech either)::

    <!-- phraselint-disable-next-line [rule-id ...] -->
    <!-- phraselint-disable-line [rule-id ...] -->
    <!-- phraselint-disable [rule-id ...] -->
    <!-- phraselint-enable [rule-id ...] -->

Plain text (``.txt``, ``.text``), where ``#`` lines are comments; in Markdown
such a line is a heading and not a directive::

    # phraselint: disable-next-line [rule-id ...]
    # phraselint: disable [rule-id ...]
    # phraselint: enable [rule-id ...]

(a ``#`` directive is a line of its own, so for the line itself use the HTML
comment form at its end: ``… <!-- phraselint-disable-line -->``).

- Without ids a directive applies to every rule. An id is a full rule id
  (``en.ffp.i-dont-know``) or a prefix ending at a dot (``en.ffp``, ``en``);
  ids are separated by spaces or commas.
- A finding is suppressed when the line it starts on is covered: by a
  ``disable-next-line`` on the line before, a ``disable-line`` on the same
  line, or a ``disable`` at or above it that no later ``enable`` undid. Later
  directives override earlier ones for the rules they name, so
  ``disable`` followed by ``enable en.ffp`` silences everything but ``en.ffp``.
  A finding that points at the whole file (a required phrase that is nowhere)
  is on line 1, so only a directive covering line 1 silences it.
- Directives inside fenced code blocks and front matter are examples, not
  directives, and are ignored. A misspelt directive (``phraselint-disabel``)
  is an input error naming file and line rather than a silently ignored
  comment.
- Only script documents have directives. Transcripts are records of what was
  said: a finding there is a fact about the call, so it cannot be silenced in
  the file (leave the rule out of the packs instead).

With ``report_unused`` each ``disable*`` directive, and each id of one, that
silenced nothing becomes a finding of the pseudo rule
``phraselint.unused-disable``: kind ``forbidden`` (the JSON contract knows
three kinds, and a stale directive is text that should not be in the file),
severity ``warning`` (visible, but failing a run only with
``--fail-on warning``, like ESLint's default for the same report), no
replacement. ``enable`` directives never count as unused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .errors import InputError
from .model import Document, Finding, finding_order
from .readers.script import PLAIN_EXTENSIONS, _Masker

UNUSED_RULE = "phraselint.unused-disable"
UNUSED_SEVERITY = "warning"
VERBS = ("disable-next-line", "disable-line", "disable", "enable")

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# The verb is checked afterwards, so that a misspelt one is an error, not a no-op.
# The verb is letters, digits, "_" and "-", but never the dashes of a "-->":
# ``<!-- phraselint-disable-->`` is ``disable``, even with comments after it.
_VERB = r"(?:\w|-(?!->))*"
_COMMENT = re.compile(rf"<!--\s*phraselint(?:-|:[ \t]*)({_VERB})(.*?)-->", re.DOTALL)
# What _COMMENT matches before its lazy ``.*?``: where that may start looking for "-->".
_HEAD = re.compile(rf"<!--\s*phraselint(?:-|:[ \t]*){_VERB}")
_HASH = re.compile(r"^[ \t]*#[ \t]*phraselint[ \t]*:[ \t]*([\w-]*)(.*)$")
_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")
_SEPARATOR = re.compile(r"[\s,]+")


@dataclass(eq=False)
class Directive:
    """One directive as written, and what it has silenced so far."""

    verb: str
    ids: tuple[str, ...]  # empty: every rule
    line: int  # where the directive is (its last line, for a multi-line comment)
    column: int
    end_column: int
    text: str
    used: set[str] = field(default_factory=set)  # ids (or "" for all) that silenced something

    def matches(self, rule: str) -> str | None:
        """The id of this directive that covers ``rule`` ("" when it has none)."""
        if not self.ids:
            return ""
        for rid in self.ids:
            if rule == rid or rule.startswith(rid + "."):
                return rid
        return None


def parse_directives(doc: Document) -> list[Directive]:
    """The directives of a script document, in source order.

    Raises :class:`InputError` (file and line) for a misspelt directive or an
    id that cannot be a rule id.
    """
    plain = doc.path.lower().endswith(PLAIN_EXTENSIONS)
    masker = _Masker(markdown=not plain)
    found: list[Directive] = []
    text = doc.source
    starts = _line_starts(text)
    closes = _Closes(text)

    def match(opening: int) -> re.Match | None:
        return _match_comment(text, opening, closes)

    for number, (start, end) in enumerate(starts, 1):
        raw = text[start:end].rstrip("\r\n")
        in_code = masker.fence is not None or masker.front
        masker.mask(number, raw)
        if in_code or masker.fence is not None or masker.front:
            continue  # an example inside a code block or front matter
        if plain:
            m = _HASH.match(raw)
            if m:
                found.append(_directive(doc, m.group(1), m.group(2), number, 0, len(raw), raw))
                continue
        if "<!--" in raw:
            found.extend(_comment_directives(doc, starts, number, match))
    return found


class _Closes:
    """Where the next ``-->`` at or after an offset is, remembering the last
    answer: the openings of one document are asked about in order, so each
    stretch of text is searched once, not once per unclosed comment."""

    def __init__(self, text: str):
        self.text = text
        self.since = self.found = len(text) + 1  # nothing searched yet

    def after(self, pos: int) -> int:
        if not (self.since <= pos and (self.found < 0 or pos <= self.found)):
            self.since, self.found = pos, self.text.find("-->", pos)
        return self.found


def _match_comment(text: str, opening: int, closes: _Closes) -> re.Match | None:
    r"""``_COMMENT.match(text, opening)``, without its lazy ``.*?-->`` running
    to the end of the text for every comment that never closes.

    _COMMENT's first match keeps the longest verb (the end of _HEAD's match)
    when a "-->" starts at or after it, and ends at the first such "-->": so
    ``endpos`` just past that one gives the same match. With none there, no
    match exists (no "-->" can start inside the verb), and ``endpos`` one past
    the verb gives the same None.
    """
    head = _HEAD.match(text, opening)
    if head is None:
        return None
    close = closes.after(head.end())
    return _COMMENT.match(text, opening, close + 3 if close >= 0 else head.end() + 1)


def _comment_directives(
    doc: Document,
    starts: list[tuple[int, int]],
    number: int,
    match: Callable[[int], re.Match | None],
) -> list[Directive]:
    """Directives in HTML comments that open on line ``number``; ``match``
    gives the directive comment that opens at an offset, if any."""
    text = doc.source
    out = []
    start, end = starts[number - 1]
    pos = start
    while True:
        opening = text.find("<!--", pos, end)
        if opening < 0:
            return out
        m = match(opening)
        if m is None:
            return out  # not a directive, or a comment that never closes
        close_line = _line_of(starts, m.end() - 1)
        close_start = starts[close_line - 1][0]
        column = opening - start if close_line == number else 0
        out.append(
            _directive(
                doc,
                m.group(1),
                m.group(2),
                close_line,
                column,
                m.end() - close_start,
                m.group(),
                number,
            )
        )
        pos = m.end()
        if close_line != number:
            return out


def _directive(
    doc: Document,
    verb: str,
    rest: str,
    line: int,
    col: int,
    end_col: int,
    text: str,
    opened: int | None = None,
) -> Directive:
    """The directive in ``text``, a comment that ends on ``line`` (and opened
    on ``opened``, when that is another line). A bad one is an error at the
    line where its comment opened."""

    def bad(problem: str) -> InputError:
        where = opened or line
        if where != line:
            problem += f" (the comment opened on line {where} ends on line {line}"
            problem += ": is its '-->' missing?)" if "<!--" in text[4:] else ")"
        return InputError(problem, doc.path, where)

    verb = verb.strip()
    if verb not in VERBS:
        lines = text.strip().splitlines()  # any line ending, CR alone too
        shown = lines[0] + (" …" if len(lines) > 1 else "")
        # Suggest the spelling of the comment style the writer used.
        lead = "phraselint-" if text.lstrip().startswith("<!--") else "# phraselint: "
        raise bad(f"unknown directive {shown!r} (expected {lead}" + f", {lead}".join(VERBS) + ")")
    ids = tuple(s for s in _SEPARATOR.split(rest.strip()) if s)
    for rid in ids:
        if not _ID.fullmatch(rid):
            raise bad(f"{rid!r} in phraselint-{verb} is not a rule id or pack prefix")
    return Directive(verb, tuple(r.rstrip(".") for r in ids), line, col + 1, end_col + 1, text)


def _line_starts(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _LINE.finditer(text)]


def _line_of(starts: list[tuple[int, int]], offset: int) -> int:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid][0] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1


class _Cover:
    """Which directive (and which of its ids) silences a rule on a line.

    The rule of the module docstring, in time linear in directives plus
    findings: the first line-scoped directive (``disable-line`` on the line,
    ``disable-next-line`` on the one before), in source order, that names the
    rule; else the last ``disable`` or ``enable`` at or above the line that
    names it, and only if that one is a ``disable``. A directive names a rule
    with an id equal to it or to one of its dotted prefixes, or with no ids.
    Line-scoped directives are indexed by (line, id); the block ones are swept
    in line order, so :meth:`covering` must be asked with lines that never
    decrease.
    """

    def __init__(self, directives: list[Directive]):
        self.directives = directives
        self.lines: dict[tuple[int, str], int] = {}  # first directive with the id there
        for i, d in enumerate(directives):
            if d.verb in ("disable-line", "disable-next-line"):
                target = d.line + 1 if d.verb == "disable-next-line" else d.line
                for rid in d.ids or ("",):
                    self.lines.setdefault((target, rid), i)
        self.blocks = sorted(
            (i for i, d in enumerate(directives) if d.verb in ("disable", "enable")),
            key=lambda i: directives[i].line,
        )
        self.names: dict[str, tuple[str, ...]] = {}
        self.swept = 0  # block directives taken into self.latest so far
        self.latest: dict[str, int] = {}  # id ("" for none) -> last block directive so far

    def covering(self, rule: str, line: int) -> tuple[Directive, str] | None:
        keys = self.names.get(rule)
        if keys is None:
            keys = self.names[rule] = _names(rule)
        found = [self.lines[key] for k in keys if (key := (line, k)) in self.lines]
        if found:
            d = self.directives[min(found)]
            return d, d.matches(rule)  # type: ignore[return-value]
        while self.swept < len(self.blocks):
            i = self.blocks[self.swept]
            d = self.directives[i]
            if d.line > line:
                break
            for rid in d.ids or ("",):
                self.latest[rid] = max(i, self.latest.get(rid, -1))
            self.swept += 1
        i = max((self.latest[k] for k in keys if k in self.latest), default=-1)
        if i < 0 or self.directives[i].verb != "disable":
            return None
        return self.directives[i], self.directives[i].matches(rule)  # type: ignore[return-value]


def _names(rule: str) -> tuple[str, ...]:
    """The ids that name ``rule``: itself, its prefixes that end at a dot, and
    "" (no ids: every rule); the ids :meth:`Directive.matches` accepts, as
    keys to look up."""
    return ("", rule, *(rule[:n] for n, c in enumerate(rule) if c == "." and n))


def apply_suppressions(
    doc: Document,
    findings: list[Finding],
    report_unused: bool = False,
    known_rules: Iterable[str] = (),
) -> list[Finding]:
    """``findings`` minus those silenced by the document's directives, plus
    one finding per directive id that names no rule of ``known_rules`` (a
    typo) and, with ``report_unused``, per id that silenced nothing.
    Transcripts are returned unchanged (see the module docstring)."""
    if doc.kind != "script" or "phraselint" not in doc.source:
        return findings
    directives = parse_directives(doc)
    if not directives:
        return findings
    cover = _Cover(directives)
    silenced = [False] * len(findings)
    for n in sorted(range(len(findings)), key=lambda n: findings[n].line):
        f = findings[n]
        hit = cover.covering(f.rule, f.line)
        if hit is not None:
            silenced[n] = True
            hit[0].used.add(hit[1])
    kept = [f for f, out in zip(findings, silenced, strict=True) if not out]
    unused = _unused(directives, set(known_rules), report_unused)
    if unused:
        kept.extend(unused)
        kept.sort(key=finding_order)
    return kept


def _unused(directives: list[Directive], known: set[str], every: bool) -> list[Finding]:
    """Directive ids that silenced nothing: those that name no rule or pack
    always (a misspelt id is an error to fix, not a silent no-op), the others
    with ``every`` (``--report-unused-disables``)."""
    out = []
    for d in directives:
        if d.verb == "enable":
            continue
        for rid in d.ids or ("",):
            if rid in d.used:
                continue
            todo = "remove it"
            if rid and known and not any(k == rid or k.startswith(rid + ".") for k in known):
                why = f"phraselint-{d.verb}: no rule or pack {rid!r}"
                todo = "correct the id or remove it"
            elif not every:
                continue
            elif not rid:
                why = f"phraselint-{d.verb} silenced nothing"
            else:
                why = f"phraselint-{d.verb} {rid} silenced nothing"
            out.append(
                Finding(
                    rule=UNUSED_RULE,
                    kind="forbidden",
                    severity=UNUSED_SEVERITY,
                    message=f"Unused directive: {why}; {todo}.",
                    line=d.line,
                    column=d.column,
                    end_line=d.line,
                    end_column=d.end_column,
                    text=d.text,
                    extra={"directive": d.verb, "directive_rule": rid or None},
                )
            )
    return out
