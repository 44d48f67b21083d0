"""The linting pipeline: a Document and a PackSet in, Findings out.

``lint_document`` is a pure function of (document, packs), which is what a
batch job maps over. Which packs check which text (documented in the README,
"Languages"): a document has one locale (forced, or detected from its speech);
each run of text is checked by the locales of its script: Han runs by zh,
Latin runs by en, and by tl too when the document is Tagalog (Taglish). That
routing is read from each locale's ``script`` and ``always`` settings, not
written here. Required rules check documents of their own locale only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

from .errors import InputError, PhraselintError
from .locales import detect_locale, locale_specs, negotiate, script_pattern
from .matcher import Hit, JoinedTurns
from .model import Document, FileResult, Finding, finding_order
from .packs import CompiledLocale, PackSet, Rule
from .readers import ReadOptions, read_text
from .rules import available_kinds
from .suppress import apply_suppressions
from .text.normalize import Normalized, normalize_turns


@dataclass
class Options:
    """Everything a run needs besides paths and packs."""

    locale: str | None = None
    input_format: str | None = None
    encoding: str | None = None
    speakers: dict[str, str] = field(default_factory=dict)
    csv_columns: dict[str, str] = field(default_factory=dict)
    max_bytes: int | None = None
    # Report inline phraselint-disable directives that silenced nothing.
    report_unused_disables: bool = False

    def read_options(self) -> ReadOptions:
        return ReadOptions(
            input_format=self.input_format, speakers=self.speakers, csv_columns=self.csv_columns
        )


class LintContext:
    """A document being linted: its folded turns and the hits per locale."""

    def __init__(self, doc: Document, packset: PackSet, norms: list[Normalized], hits):
        self.doc = doc
        self.packset = packset
        self.norms = norms
        # Per locale, per turn: the verified hits (an empty tuple for most turns).
        self.hits: dict[str, list[Sequence[Hit]]] = hits
        self._turns_by_roles: dict[frozenset[str], list[int]] = {}
        self._customer_silent: bool | None = None
        # What rule kinds work out once per document and share (the timing
        # checks' time line and holds, which the per-file figures read too).
        self.shared: dict[str, Any] = {}

    def turns_of(self, rule: Rule) -> list[int]:
        """Indices of the turns a rule applies to (by role), computed once per
        set of roles rather than once per rule."""
        roles = rule.roles
        found = self._turns_by_roles.get(roles)
        if found is None:
            turns = self.doc.turns
            if "any" in roles:
                found = list(range(len(turns)))
            else:  # rule.applies_to(turn.role), without a call per turn
                found = [t for t, turn in enumerate(turns) if turn.role in roles]
            self._turns_by_roles[roles] = found
        return found

    @property
    def customer_silent(self) -> bool:
        """:attr:`Document.customer_silent`, worked out once: required rules
        and timing scripts that apply only to silent lines (or only to
        others) each ask. (Not a ``cached_property``, whose lock costs more
        than the answer.)"""
        found = self._customer_silent
        if found is None:
            found = self._customer_silent = self.doc.customer_silent
        return found

    def compiled(self, locale: str) -> CompiledLocale:
        return self.packset.compiled(locale)

    def finding(
        self, rule: Rule, t: int, start: int, end: int, replacements=(), message=None, **extra
    ) -> Finding:
        """A finding on folded ``[start, end)`` of turn ``t``."""
        a, b = self.norms[t].source_span(start, end)
        return self.span_finding(rule, t, a, b, replacements, message, **extra)

    def span_finding(
        self, rule: Rule, t: int, a: int, b: int, replacements=(), message=None, **extra
    ) -> Finding:
        """A finding on ``[a, b)`` of the text of turn ``t``."""
        turn = self.doc.turns[t]
        p, q = turn.position(a), turn.end_position(b)
        if self.doc.kind == "script":
            text = self.doc.source[p.source : q.source]
        else:
            text = turn.text[a:b]
        # Positional: a file of short calls earns a few findings per turn,
        # and keyword arguments cost a third of making one.
        return Finding(
            rule.id,
            rule.kind,
            rule.severity,
            message or rule.message,
            p.line,
            p.column,
            q.line,
            q.column,
            text,
            tuple(replacements),
            turn.role,
            turn.start,
            turn.end,
            p.source,
            q.source,
            extra,
        )

    def unchecked(self, rule: Rule, why: str) -> Finding:
        """An info saying ``rule`` could not be checked, and why: a document
        the rule cannot judge (no times, no agent named) must not look like a
        compliant one. Made directly rather than by ``turn_finding``: most
        small chat logs earn a few (start times only, no agent named)."""
        return Finding(rule.id, rule.kind, "info", f"Not checked: {why}.", 1, 1, 1, 1, "")

    def turn_finding(self, rule: Rule, t: int | None, message: str | None = None, **extra):
        """A finding pointing at a whole turn, or at the file when ``t`` is None."""
        if t is None:
            return Finding(
                rule.id,
                rule.kind,
                rule.severity,
                message or rule.message,
                1,
                1,
                1,
                1,
                "",
                extra=extra,
            )
        return self.span_finding(rule, t, 0, len(self.doc.turns[t].text), message=message, **extra)


def _active_locales(doc: Document, packset: PackSet, speech: str) -> list[str]:
    """Locales whose matcher runs on this document (see module docstring);
    ``speech`` is the folded text of all turns."""
    have = set(packset.locales())
    active = []
    for spec in locale_specs().values():
        if spec.id not in have or not (spec.always or spec.id == doc.locale):
            continue
        if speech.isascii():  # ASCII letters are Latin, the rest is Common
            found = spec.script == "Latin" and any(map(str.isalpha, speech))
        else:
            found = script_pattern(spec.script).search(speech) is not None
        if found:
            active.append(spec.id)
    if doc.locale in have and doc.locale not in active:
        active.append(doc.locale)  # required rules still need to see an empty match
    return active


def lint_document(
    doc: Document,
    packset: PackSet,
    locale: str | None = None,
    report_unused_disables: bool = False,
) -> list[Finding]:
    """Findings of ``packset`` on ``doc``, sorted by position then rule, minus
    those silenced by inline directives (:mod:`phraselint.suppress`)."""
    return lint_context(build_context(doc, packset, locale), report_unused_disables)


def build_context(doc: Document, packset: PackSet, locale: str | None = None) -> LintContext:
    """The document's locale, folded turns and automaton hits: what every
    kind's ``check`` reads (and the per-file figures too)."""
    norms = normalize_turns([t.text for t in doc.turns])
    texts = [n.text for n in norms]
    speech = "\n".join(texts)
    joined = JoinedTurns(texts)  # one for all locales: en and tl share its tokens
    if locale:
        doc.locale = negotiate(locale)
    elif not doc.locale:
        doc.locale = detect_locale(
            speech, lambda: joined.tokens, breaks=len(texts) - 1, floors={"Han": norms.han}
        )
    active = _active_locales(doc, packset, speech)
    hits = {}
    turn_roles = list(map(attrgetter("role"), doc.turns))
    for loc in active:
        compiled = packset.compiled(loc)
        roles = compiled.roles  # only the turns its rules read are matched
        keep = None if roles is None else list(map(roles.__contains__, turn_roles))
        hits[loc] = compiled.matcher.find_turns(texts, joined, keep, once=True)
    return LintContext(doc, packset, norms, hits)


def lint_context(ctx: LintContext, report_unused_disables: bool = False) -> list[Finding]:
    """Every kind's findings on a built context; apart from
    :func:`build_context` so that ``lint_file`` keeps the context for the
    per-file figures instead of matching the document twice."""
    doc, packset = ctx.doc, ctx.packset
    findings: list[Finding] = []
    for module in available_kinds():
        findings.extend(module.check(ctx))
    findings.sort(key=finding_order)
    return apply_suppressions(doc, findings, report_unused_disables, _known_ids(packset))


def _known_ids(packset: PackSet) -> Iterable[str]:
    """The rule ids a directive may name: the run's and the bundled ones (a
    run with --only-packs still knows en.ffp.i-dont-know exists). A
    generator: only a document with directives reads it."""
    from .packs import bundled_packs

    for pack in packset.packs:
        yield from (r.id for r in pack.rules)
    for pack in bundled_packs():
        yield from (r.id for r in pack.rules)


# ------------------------------------------------------------------ public API

_DEFAULT_PACKS: PackSet | None = None


def default_packset() -> PackSet:
    global _DEFAULT_PACKS
    if _DEFAULT_PACKS is None:
        _DEFAULT_PACKS = PackSet.load()
    return _DEFAULT_PACKS


def as_packset(packs) -> PackSet:
    """``None`` → the bundled packs; a PackSet as is; else an iterable of pack
    files or bundled pack ids, used on their own."""
    if packs is None:
        return default_packset()
    if isinstance(packs, PackSet):
        return packs
    if isinstance(packs, (str, Path)):
        packs = [packs]
    return PackSet.load(extra=packs, only=True)


def lint_text(
    text: str,
    locale: str | None = None,
    packs=None,
    path: str = "<text>",
    options: Options | None = None,
) -> list[Finding]:
    """Lint a string (a script, or a transcript in any supported format).
    JSON in no format a reader knows raises :class:`InputError`: a file of it
    is skipped, but a string was given to be linted."""
    from .sources import SkipFile

    options = options or Options(locale=locale)
    try:
        doc = read_text(text, path, options.read_options())
    except SkipFile as skip:
        raise InputError(skip.reason, path) from None
    return lint_document(doc, as_packset(packs), locale or options.locale)


def lint_file(path: str, packset: PackSet, options: Options) -> FileResult:
    """Read, parse and lint one file; errors become ``FileResult.error``, and
    files that are not linted (binary, oversized, JSON data) ``FileResult.skipped``."""
    from .sources import SkipFile, read_source, read_stdin

    display = "<stdin>" if path == "-" else path
    try:
        source = (
            read_stdin(options.encoding, **_limit(options))
            if path == "-"
            else read_source(path, options.encoding, **_limit(options))
        )
        doc = read_text(source.text, display, options.read_options())
        doc.encoding = source.encoding
        ctx = build_context(doc, packset, options.locale)
        findings = lint_context(ctx, options.report_unused_disables)
    except PhraselintError as exc:
        return FileResult(display, error=str(exc) if exc.path else f"{display}: {exc}")
    except SkipFile as skip:
        return FileResult(display, skipped=skip.reason)
    stats = None
    if doc.kind == "transcript":
        from .stats import file_stats  # transcripts only: scripts never pay for it

        stats = file_stats(doc, ctx)
    return FileResult(display, locale=doc.locale, findings=findings, document=doc, stats=stats)


def _limit(options: Options) -> dict:
    return {"max_bytes": options.max_bytes} if options.max_bytes else {}


def lint_paths(
    paths: Iterable[str],
    locale: str | None = None,
    packs=None,
    options: Options | None = None,
) -> list[FileResult]:
    """Lint files and directories (recursively); ``"-"`` reads stdin."""
    from .batch import results

    options = options or Options(locale=locale)
    if locale:
        options.locale = locale
    return list(results(list(paths), as_packset(packs), options, keep_documents=True))


__all__ = [
    "InputError",
    "LintContext",
    "Options",
    "lint_document",
    "lint_file",
    "lint_paths",
    "lint_text",
]
