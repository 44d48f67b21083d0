"""``kind: forbidden``: phrases an agent must not say, with what to say instead.

Where phrases of one rule overlap the longest wins; a match inside one of the
rule's ``exceptions`` or inside text that already is its replacement is not
reported; and a match lying strictly inside a longer match of another
forbidden rule is dropped, so one stretch of text gets one finding (and the
fixer one edit).

``fuzzy: N`` (1 or 2) also reports a phrase recognised with up to N edits in a
transcript (see :mod:`phraselint.fuzzy`), with ``"edits": n`` in the finding;
scripts are typed, not recognised, so they are matched exactly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import InputError
from ..matcher import PHRASE
from ..model import Finding
from ..packs import REGEX_TIMEOUT
from .spans import rule_spans

if TYPE_CHECKING:
    from ..engine import LintContext
    from ..prefilter import FilteredPattern

FIELDS = ("replacement", "anchor", "fuzzy")
DEFAULT_SEVERITY = "error"
DEFAULT_ROLES = ("agent",)
NEEDS_PHRASES = True
ANCHORS = ("sentence-start", "turn-start")


def validate(options: dict, err) -> dict:
    anchor = options.get("anchor")
    if anchor is not None and anchor not in ANCHORS:
        raise err(f"anchor must be one of {', '.join(ANCHORS)}", "anchor")
    from ..fuzzy import validate_option  # fuzzy matching is loaded only where used

    validate_option(options, err)
    return options


def default_message(phrases: tuple[str, ...], replacements: tuple[str, ...]) -> str:
    if replacements:
        return f"Avoid “{phrases[0] if phrases else 'this'}”; say “{replacements[0]}”."
    return f"Avoid “{phrases[0] if phrases else 'this'}”."


def _pattern_spans(ctx: LintContext, compiled, index: int, norm: str, path: str):
    spans = []
    for pattern in compiled.patterns[index]:
        try:
            for m in pattern.finditer(norm, timeout=REGEX_TIMEOUT):
                if m.end() > m.start():
                    spans.append((m.start(), m.end(), None))
        except TimeoutError:
            rule = compiled.rules[index]
            raise InputError(
                f"rule {rule.id!r}: pattern {pattern.pattern!r} timed out "
                f"(over {REGEX_TIMEOUT}s on one turn)",
                path,
            ) from None
    return spans


class _Plan:
    """What the check works out from a locale's rules alone, once per
    compiled locale and kind of document (a batch repeats it for thousands
    of documents). Plain data: a compiled locale may be pickled."""

    def __init__(self, compiled, transcript: bool) -> None:
        self.forbidden = frozenset(compiled.of_kind("forbidden"))
        rules = compiled.rules
        self.fuzzy = {i for i in self.forbidden if transcript and rules[i].opt("fuzzy")}
        # Rules that look at every turn of their roles, not only where the
        # automaton hit: those with patterns, and (in a transcript) those
        # that match fuzzily.
        self.always = sorted(self.fuzzy.union(i for i in self.forbidden if rules[i].patterns))
        self._by_role: dict[str | None, list[tuple[int, FilteredPattern | _AnyOf | None]]] = {}

    def always_for(
        self, compiled, role: str | None
    ) -> list[tuple[int, FilteredPattern | _AnyOf | None]]:
        """The rules of ``always`` that apply to ``role``, each with the
        literals a turn must hold for the rule to be worth running on it
        (``None``: every turn)."""
        found = self._by_role.get(role)
        if found is None:
            rules, patterns = compiled.rules, compiled.patterns
            found = self._by_role[role] = [
                (i, None if i in self.fuzzy else _needs(patterns[i]))
                for i in self.always
                if rules[i].applies_to(role)
            ]
        return found


def _needs(patterns: list[FilteredPattern]) -> FilteredPattern | _AnyOf:
    return patterns[0] if len(patterns) == 1 else _AnyOf(patterns)


class _AnyOf:
    """Whether a turn holds the literals every match of one of a rule's
    patterns needs (see :mod:`phraselint.prefilter`): a turn without them
    is passed over without a regex run."""

    __slots__ = ("patterns",)

    def __init__(self, patterns: list[FilteredPattern]) -> None:
        self.patterns = patterns

    def possible(self, text: str) -> bool:
        return any(pattern.possible(text) for pattern in self.patterns)


def check(ctx: LintContext) -> list[Finding]:
    findings: list[Finding] = []
    transcript = ctx.doc.kind == "transcript"
    for locale, turn_hits in ctx.hits.items():
        compiled = ctx.compiled(locale)
        plan = compiled.derived(("forbidden", transcript), _Plan, compiled, transcript)
        forbidden, always = plan.forbidden, plan.always
        if not forbidden:
            continue
        # Without rules that look at every turn only turns the automaton hit
        # can have findings; with them, those and the turns they read.
        turns = [t for t, h in enumerate(turn_hits) if h]
        if always:
            read = {t for i in always for t in ctx.turns_of(compiled.rules[i])}
            turns = sorted(read.union(turns))
        for t in turns:
            turn, hits = ctx.doc.turns[t], turn_hits[t]
            norm = ctx.norms[t].text
            # The rules looking at every turn that may find something in this one.
            mine = plan.always_for(compiled, turn.role)
            live = [i for i, needs in mine if needs is None or needs.possible(norm)]
            if not hits and not live:
                continue  # most turns: no phrase, and no pattern's literals
            by_rule: dict[int, list] = {}
            candidates = set()  # the rules with a hit of a phrase, not only of exceptions
            for hit in hits:
                if hit.entry.rule in forbidden:
                    by_rule.setdefault(hit.entry.rule, []).append(hit)
                    if hit.entry.role == PHRASE:
                        candidates.add(hit.entry.rule)
            if not candidates and not live:
                continue
            spans_by_rule = []
            memo: dict = {}
            for i in sorted(candidates.union(live)):
                rule = compiled.rules[i]
                if not rule.applies_to(turn.role):
                    continue
                extra = (
                    _pattern_spans(ctx, compiled, i, norm, ctx.doc.path) if rule.patterns else []
                )
                if transcript and rule.opt("fuzzy"):
                    from ..fuzzy import rule_fuzzy_spans

                    extra += rule_fuzzy_spans(compiled, i, hits, norm, memo, ctx.doc.path)
                rule_hits = by_rule.get(i, [])
                if not rule_hits and not extra:
                    continue
                for span in rule_spans(rule_hits, i, norm, rule.opt("anchor"), extra):
                    spans_by_rule.append((span[0], span[1], rule, span[2]))
            for start, end, rule, how in _drop_nested(spans_by_rule):
                detail, message = {}, None
                edits = getattr(how, "edits", None)  # a FuzzyHit, not an exact match
                if edits is not None:
                    detail = {"edits": edits}
                    message = f"{rule.message} (approximate match: {edits} edit(s))"
                findings.append(
                    ctx.finding(rule, t, start, end, rule.replacements, message=message, **detail)
                )
    return findings


def _drop_nested(spans: list[tuple]) -> list[tuple]:
    """The ``(start, end, rule, how)`` spans, in their order, minus each one
    that lies inside a longer span of another rule.

    In one pass over the spans sorted by start, rather than comparing every
    pair: a turn can hold thousands of findings (a long file without blank
    lines is one paragraph). A span is inside a longer one of another rule
    when such a span starts earlier and reaches at least as far, or starts at
    the same place and reaches further; for "another rule" it is enough to
    know the farthest reach and the farthest reach of any other rule than
    that one (:class:`_Reach`).
    """
    if len(spans) < 2:
        return spans
    order = sorted(range(len(spans)), key=lambda k: spans[k][0])
    earlier = _Reach()  # spans that start before the current start
    nested: set[int] = set()
    i = 0
    while i < len(order):
        start = spans[order[i]][0]
        j = i
        same = _Reach()  # spans that start here
        while j < len(order) and spans[order[j]][0] == start:
            same.add(spans[order[j]][1], spans[order[j]][2])
            j += 1
        for k in order[i:j]:
            end, rule = spans[k][1], spans[k][2]
            if earlier.other_than(rule) >= end or same.other_than(rule) > end:
                nested.add(k)
        for k in order[i:j]:
            earlier.add(spans[k][1], spans[k][2])
        i = j
    return [s for k, s in enumerate(spans) if k not in nested]


class _Reach:
    """The farthest end among some spans (and its rule), and the farthest end
    among those of the other rules."""

    __slots__ = ("end", "rule", "end2")

    def __init__(self) -> None:
        self.end, self.rule, self.end2 = -1, None, -1

    def add(self, end: int, rule: object) -> None:
        if rule is self.rule:
            self.end = max(self.end, end)
        elif end > self.end:
            self.end, self.rule, self.end2 = end, rule, self.end
        else:
            self.end2 = max(self.end2, end)

    def other_than(self, rule: object) -> int:
        """The farthest end of a span whose rule is not ``rule`` (-1: none)."""
        return self.end2 if rule is self.rule else self.end
