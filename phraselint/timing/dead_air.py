"""``check: dead-air``: nobody speaks for longer than ``max_silence`` seconds.

A silence is not dead air when, within ``request_within`` seconds before it,
a turn of the rule's roles said one of the rule's ``holds`` phrases (a hold
request, or a check-in that keeps a hold going): that silence is an announced
hold, which ``check: hold`` judges. YAML anchors let a pack share one phrase
list between its hold and dead-air rules.

With ``leave_to_hold: true``, a silence that the locale's hold rule judges
(longer than its ``min_silence``, in a call where it can tell the agent) is
left to it, which reports an unannounced one as a hold without asking: one
finding for one silence, not two. The hold rule is looked up as the run has
it (configuration may change its ``min_silence`` or disable it), so no
silence goes unreported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Finding
from . import fields, first_rule
from .timeline import TimingContext, clock

if TYPE_CHECKING:
    from ..packs import Rule

NAME = "dead-air"
FIELDS = {
    "max_silence": 10.0,
    "holds": None,  # phrases that make the silence after them an announced hold
    "request_within": 30.0,
    "leave_to_hold": False,  # silences the hold rule judges are its alone
}
NEEDS_END_TIMES = False
NEEDS_ROLES = False


def validate(options: dict, err: fields.Err) -> dict:
    fields.only(options, set(FIELDS), NAME, err)
    fields.number(options, "max_silence", FIELDS["max_silence"], err)
    fields.number(options, "request_within", FIELDS["request_within"], err)
    leave = options.get("leave_to_hold", FIELDS["leave_to_hold"])
    if not isinstance(leave, bool):
        raise err(f"leave_to_hold must be true or false, not {leave!r}", "leave_to_hold")
    options["holds"] = fields.phrases(options.get("holds"), "holds", err)
    return options


def phrase_groups(rule: Rule) -> dict[str, tuple[str, ...]]:
    return {"holds": rule.opt("holds")} if rule.opt("holds") else {}


def check(tc: TimingContext, index: int, rule: Rule) -> list[Finding]:
    tl = tc.timeline
    limit = rule.opt("max_silence")
    silences = tl.silences_over(limit)
    if not silences:  # most calls
        return []
    within = rule.opt("request_within")
    holds_from = _hold_judges_from(tc) if rule.opt("leave_to_hold") else None
    findings = []
    for silence in silences:
        if holds_from is not None and silence.length > holds_from:
            continue
        before = tl.leading_to(rule, silence.start, within, float("-inf"))
        if tc.says(index, "holds", before):
            continue
        findings.append(
            tc.at_silence(
                rule,
                silence.before,
                silence,
                f"{silence.length:.1f} s of dead air ({clock(silence.start)}–"
                f"{clock(silence.end)}), over {limit:g} s.",
            )
        )
    return findings


def _hold_judges_from(tc: TimingContext) -> float | None:
    """The ``min_silence`` of the locale's hold rule when it runs on this
    document and can tell the agent's turns; else ``None``."""
    found = first_rule(tc.compiled, "hold")
    if found is None or not tc.timeline.turns_of(found[1]):
        return None
    return found[1].opt("min_silence")
