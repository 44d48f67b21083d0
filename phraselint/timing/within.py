"""``check: within``: a phrase must be said in the first or last N seconds.

``first: N``: a turn of the rule's roles that starts within the first N
seconds of the call says one of the rule's ``phrases``. ``last: N``: a turn
that is still running in the last N seconds before the end of the call says
one (the end of the call is the hang-up marker or the format's duration,
else the end of the last turn). Times are those of turns: a phrase late in a
long turn that starts in the window counts.

``late_only: true``: only a phrase said, but outside the window, is a
finding; one never said at all is left to the required rule that asks for it
(the bundled greeting windows and the opening rules): one finding per fault.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from ..model import Finding
from . import fields
from .timeline import TimingContext, clock

if TYPE_CHECKING:
    from ..packs import Rule

NAME = "within"
FIELDS = {"phrases": None, "first": None, "last": None, "late_only": False}
NEEDS_END_TIMES = False
NEEDS_ROLES = True


def validate(options: dict, err: fields.Err) -> dict:
    fields.only(options, set(FIELDS), NAME, err)
    # The phrases are the rule's own (compiled like every rule's); they stay
    # in the options only so that validating these options again still sees them.
    if not options.get("phrases"):
        raise err("check: within needs phrases", "check")
    fields.number(options, "first", None, err)
    fields.number(options, "last", None, err)
    if (options.get("first") is None) == (options.get("last") is None):
        raise err("check: within needs one of first: N or last: N (seconds)", "check")
    late_only = options.get("late_only", FIELDS["late_only"])
    if not isinstance(late_only, bool):
        raise err(f"late_only must be true or false, not {late_only!r}", "late_only")
    return options


def phrase_groups(rule: Rule) -> dict[str, tuple[str, ...]]:
    return {}  # the rule's own phrases are compiled like every rule's


def check(tc: TimingContext, index: int, rule: Rule) -> list[Finding]:
    tl = tc.timeline
    turns = tl.turns_of(rule)
    if not turns:
        return []
    first = rule.opt("first")
    if first is not None:
        window = turns[: bisect_right(tl.starts_of(rule), first)]
        a, b = 0.0, first
        at = window[0] if window else turns[0]
    else:
        end = tc.doc.call_end
        last = rule.opt("last")
        a, b = max(end - last, 0.0), end
        ends = tl.ends
        window = [t for t in turns if ends[t] >= a]
        at = window[-1] if window else turns[-1]
    if tc.says(index, None, window):
        return []
    if rule.opt("late_only") and not tc.says(index, None, turns):
        return []  # never said: the required rule's finding
    # Worded only for a finding: most calls say the phrase in time.
    if first is not None:
        where = f"in the first {first:g} s"
    else:
        where = f"in the last {last:g} s ({clock(a)}–{clock(b)})"
    return [tc.at(rule, at, a, b, f"Not said {where}.")]
