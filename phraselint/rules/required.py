"""``kind: required``: phrases that must be said, and where.

``where: opening`` / ``closing`` look in the first / last ``turns`` turns of the
rule's roles (default 2), ``anywhere`` in all of them. Any one phrase of the
rule satisfies it. Required rules check documents of their own locale only (a
Tagalog call need not say the English greeting), and are not checked on a
document with no turn of the rule's roles at all (it is not a call of that
party). A missing phrase is reported at the turn where it was expected: the
first turn of the opening window, the last of the closing window, or the
start of the file for ``anywhere``. With ``fuzzy: N`` a transcript may say a
phrase with up to N recognition errors (see :mod:`phraselint.fuzzy`).

``when: {customer_silent: false}`` checks a transcript only when the customer
said something (:attr:`Document.customer_silent`): a closing that thanks the
caller, or asking their name, is not owed on a silent line, whose own
protocol is a ``script`` timing rule. ``true`` checks silent lines only.
Scripts are checked whatever ``when`` says: they are written to be followed on
every call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..matcher import PHRASE
from ..model import Finding
from ..packs import REGEX_TIMEOUT
from .spans import rule_spans

if TYPE_CHECKING:
    from ..engine import LintContext
    from ..packs import Rule

FIELDS = ("where", "turns", "anchor", "fuzzy", "when")
DEFAULT_SEVERITY = "error"
DEFAULT_ROLES = ("agent",)
NEEDS_PHRASES = True
WHERE = ("opening", "closing", "anywhere")
DEFAULT_TURNS = 2


def validate(options: dict, err) -> dict:
    where = options.setdefault("where", "anywhere")
    if where not in WHERE:
        raise err(f"where must be one of {', '.join(WHERE)}, not {where!r}", "where")
    turns = options.setdefault("turns", DEFAULT_TURNS)
    if not isinstance(turns, int) or isinstance(turns, bool) or turns < 1:
        raise err("turns must be a whole number of turns, 1 or more", "turns")
    anchor = options.get("anchor")
    if anchor is not None and anchor not in ("sentence-start", "turn-start"):
        raise err("anchor must be sentence-start or turn-start", "anchor")
    when = options.get("when")
    if when is not None:
        if (
            not isinstance(when, dict)
            or set(when) != {"customer_silent"}
            or not isinstance(when["customer_silent"], bool)
        ):
            raise err("when takes customer_silent: true | false", "when")
    from ..fuzzy import validate_option  # fuzzy matching is loaded only where used

    validate_option(options, err)
    return options


def default_message(phrases: tuple[str, ...], replacements: tuple[str, ...]) -> str:
    return f"Say “{phrases[0]}”." if phrases else "A required phrase is missing."


@dataclass(frozen=True, slots=True)
class Plan:
    """A required rule with its options read once per compiled locale
    (:func:`plans`): every document of a batch asks for them."""

    index: int
    rule: Rule
    where: str
    turns: int
    anchor: str | None
    fuzzy: int | None
    patterns: list
    plain: bool  # see _plain
    silent: bool | None  # when.customer_silent: the transcripts it checks


def plans(compiled) -> list[Plan]:
    """The locale's required rules, each with its options."""
    return compiled.derived("required", _plans, compiled)


def _plans(compiled) -> list[Plan]:
    return [
        Plan(
            i,
            rule := compiled.rules[i],
            rule.opt("where", "anywhere"),
            rule.opt("turns", DEFAULT_TURNS),
            rule.opt("anchor"),
            rule.opt("fuzzy"),
            compiled.patterns[i],
            _plain(rule),
            (rule.opt("when") or {}).get("customer_silent"),
        )
        for i in compiled.of_kind("required")
    ]


def _plain(rule) -> bool:
    """No anchor or exceptions: nothing turns a phrase hit down, so any hit
    of a phrase satisfies the rule (rule_spans would keep every one);
    patterns and fuzzy matching can only add spans to look for when there
    is none."""
    return not rule.opt("anchor") and not rule.exceptions


def window(plan: Plan, turns: list[int]) -> list[int]:
    if plan.where == "opening":
        return turns[: plan.turns]
    if plan.where == "closing":
        return turns[-plan.turns :]
    return turns


def one_hit_enough(rule) -> bool:
    """Whether any one hit of the rule in any turn of its roles satisfies it:
    said anywhere, with no anchor or exceptions to turn a hit down and no
    fuzzy matching (patterns only matter when there is no hit). The matcher
    then stops verifying its candidates after the first hit
    (LocaleMatcher.find_turns, ``once``)."""
    return rule.opt("where", "anywhere") == "anywhere" and _plain(rule) and not rule.opt("fuzzy")


def satisfied(ctx: LintContext, compiled, plan: Plan, turn_indices: list[int]) -> bool:
    index, patterns, anchor = plan.index, plan.patterns, plan.anchor
    hits = ctx.hits[compiled.locale]
    fuzzy = plan.fuzzy and ctx.doc.kind == "transcript"
    if plan.plain:  # any hit of a phrase of the rule satisfies it
        # Loops, not any() over a generator: the windows are a few turns,
        # mostly without hits, and every document asks every rule.
        for t in turn_indices:
            for h in hits[t]:
                if h.entry.rule == index and h.entry.role == PHRASE:
                    return True
    if not patterns and not fuzzy:  # only the turns the automaton hit can say it
        if plan.plain:
            return False
        turn_indices = [t for t in turn_indices if hits[t]]
    for t in turn_indices:
        norm = ctx.norms[t].text
        extra = []
        for pattern in patterns:
            m = pattern.search(norm, timeout=REGEX_TIMEOUT)
            if m:
                extra.append((m.start(), m.end(), None))
        if fuzzy:
            from ..fuzzy import rule_fuzzy_spans

            extra += rule_fuzzy_spans(compiled, index, hits[t], norm, {}, ctx.doc.path)
        elif not extra:
            for h in hits[t]:
                if h.entry.rule == index:
                    break
            else:
                continue  # neither a phrase nor a pattern of the rule in this turn
        if rule_spans(hits[t], index, norm, anchor, extra, honour_replacements=False):
            return True
    return False


def check(ctx: LintContext) -> list[Finding]:
    locale = ctx.doc.locale
    if locale not in ctx.hits:
        return []
    compiled = ctx.compiled(locale)
    findings = []
    doc = ctx.doc
    transcript = doc.kind == "transcript"
    for plan in plans(compiled):
        if plan.silent is not None and transcript:
            if ctx.customer_silent != plan.silent:
                continue
        turns = ctx.turns_of(plan.rule)
        if not turns:  # a call whose agent is not named says nothing of the rule
            roles = "/".join(sorted(plan.rule.roles))
            if transcript and doc.turns:
                findings.append(
                    ctx.unchecked(plan.rule, f"no {roles} turn (are the speakers named?)")
                )
            continue
        chosen = window(plan, turns)
        if satisfied(ctx, compiled, plan, chosen):
            continue
        where = plan.where
        at = chosen[-1] if where == "closing" else chosen[0] if where == "opening" else None
        findings.append(ctx.turn_finding(plan.rule, at))
    return findings
