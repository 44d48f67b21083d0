"""``kind: timing``: what a call must do over time, judged on transcript times.

A timing rule names its ``check:`` and gives its thresholds as fields (the
defaults below apply when a field is left out). Phrases of a rule (``phrases``,
a script's ``say`` lists, a hold's ``request``/``thanks``/… lists) go into the
locale's automaton like every rule's, so hearing them costs nothing extra.
The rule's ``roles`` (default ``agent``) are the speakers whose turns count.

=========  ==========================  =======  ===========================================
check      field                       default  meaning
=========  ==========================  =======  ===========================================
script     steps                       —        ``[{name?, say: [..] | hangup: true,
                                                min_wait: s}]``, in order
script     when.customer_silent        —        ``true`` (whole call) | ``after-first-step``
script     error_if_hangup_before      —        step name: ending the call before it is an
                                                ``error``
script     steps[].min_wait            0        seconds since the previous step
hold       request                     —        phrases asking permission to hold (required)
hold       thanks                      —        phrases thanking for holding (required)
hold       announce                    —        phrases announcing a hold without asking
hold       checkin                     —        phrases of a check-in during a hold
hold       min_silence                 30       a silence longer than this is a hold
hold       max_without_checkin         60       longest silence allowed within a hold
hold       request_within              30       seconds before the silence to look for
                                                the request
hold       thanks_turns                2        turns after the hold to look for thanks
dead-air   max_silence                 10       longer silence is dead air (the silent-line
                                                protocol's 5 s pauses stay below it)
dead-air   holds                       —        phrases that make the next silence a hold
dead-air   request_within              30       seconds before the silence to look for them
dead-air   leave_to_hold               false    silences the hold rule judges are its alone
overtalk   tolerance                   0.5      seconds of overlap allowed
overtalk   over                        customer roles whose turns must not be talked over
speed      max_cps                     6        characters/second (``jieba`` locales), per turn
speed      max_wpm                     220      words/minute (``words`` locales), per turn
speed      min_seconds                 3        shorter turns are not measured
within     phrases, first | last       —        said in the first / last N seconds
within     late_only                   false    only a phrase said late is a finding
=========  ==========================  =======  ===========================================

Where they apply: transcripts of the rule's own locale (a script document
is not a call and has no times, so timing rules do not look at it). A
transcript without times gets one ``info`` finding per timing rule saying it
could not be checked, never a silent pass; so does one without end times for
``overtalk`` and ``speed``, and one where no turn is of the rule's roles
(speakers unknown). Findings point at the line of the cue they are about and
carry the seconds of the stretch of time they concern.

Besides the contract's fields, findings carry the figures they are about (in
the JSON entry of the finding): ``wait`` and ``min_wait`` (script), ``silence``
(hold, dead-air: seconds of silence), ``hold`` (seconds from the start to the
end of a hold without thanks), ``overlap``, ``other_start``, ``other_end`` and
``other_line`` (overtalk: the turn talked over), ``rate`` and ``unit``
(``cps`` | ``wpm``).

``lint_example`` reads a pack example as a transcript in any format
(``[mm:ss] Agent: …`` chat-log lines are the handiest; WebVTT for the checks
that need end times), so ``phraselint packs test`` runs timing rules too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Finding
from ..timing import checks, timing_rules

if TYPE_CHECKING:
    from ..engine import LintContext
    from ..packs import PackSet, Rule


def __getattr__(name: str):
    """``FIELDS`` (what :mod:`phraselint.packs` asks every kind for) is every
    check's fields, worked out when first asked: only validating a pack needs
    it, and it imports every check module."""
    if name == "FIELDS":
        from ..timing import all_fields

        return all_fields()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DEFAULT_SEVERITY = "warning"
DEFAULT_ROLES = ("agent",)
NEEDS_PHRASES = False


def validate(options: dict, err) -> dict:
    check = options.get("check")
    if check not in checks():
        raise err(f"timing rules need check: one of {', '.join(checks())}", "check")
    return checks()[check].validate(options, err)


def default_message(phrases: tuple[str, ...], replacements: tuple[str, ...]) -> str:
    return ""  # each finding says what happened; a pack's message adds what to do


def phrase_groups(rule: Rule) -> dict[str, tuple[str, ...]]:
    """Named phrase lists of the rule, compiled into the locale's automaton."""
    return checks()[rule.opt("check")].phrase_groups(rule)


def check(ctx: LintContext) -> list[Finding]:
    doc = ctx.doc
    if doc.kind != "transcript" or doc.locale not in ctx.hits:
        return []
    compiled = ctx.compiled(doc.locale)
    plans = timing_rules(compiled).plans
    if not plans:
        return []
    from ..timing.timeline import TimingContext, timeline_for

    tl = timeline_for(ctx)
    if not tl.timed:  # nothing to measure: no phrase needs looking up
        return [ctx.unchecked(plan.rule, "the transcript has no times") for plan in plans]
    tc = TimingContext(ctx, compiled)
    modules = checks()
    findings: list[Finding] = []
    for plan in plans:
        if plan.no_ends is not None and not tl.has_ends:
            findings.append(ctx.unchecked(plan.rule, plan.no_ends))
        elif plan.no_roles is not None and not tl.turns_of(plan.rule):
            findings.append(ctx.unchecked(plan.rule, plan.no_roles))
        else:
            findings.extend(modules[plan.check].check(tc, plan.index, plan.rule))
    return findings


def lint_example(example: str, rule: Rule, packset: PackSet) -> list[Finding]:
    """Lint a pack example as a transcript of the rule's locale."""
    from ..engine import lint_text

    return lint_text(example, rule.locale, packset, path="<example>")
