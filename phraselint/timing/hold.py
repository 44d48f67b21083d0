"""``check: hold``: a long silence is a hold, and a hold has an etiquette.

A silence longer than ``min_silence`` must be preceded by a ``request``
that asks the customer's permission, said by the rule's roles in a turn
still running ``request_within`` seconds before they last spoke (a long turn
that ends with the request counts); an ``announce`` phrase (said without
asking) is reported as such. During a hold no stretch without the agent may
last longer than ``max_without_checkin``: an agent turn saying a ``checkin``
phrase between two long silences continues the same hold, and the customer
speaking between them ("Hello?") does not end it (the two silences are one
stretch). After the hold, one of the first ``thanks_turns`` turns of the
rule's roles must say a ``thanks`` phrase.

An unannounced silence gets one finding (it was not a hold the agent knew
of, so check-in and thanks are not asked of it).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Finding
from . import fields
from .timeline import Silence, TimingContext, clock, secs

if TYPE_CHECKING:
    from ..packs import Rule

NAME = "hold"
FIELDS = {
    "request": None,  # phrases that ask permission to hold (required)
    "announce": None,  # phrases that announce a hold without asking
    "thanks": None,  # phrases that thank for holding (required)
    "checkin": None,  # phrases of a check-in during a hold
    "min_silence": 30.0,
    "max_without_checkin": 60.0,
    "request_within": 30.0,
    "thanks_turns": 2,
}
GROUPS = ("request", "announce", "thanks", "checkin")
NEEDS_END_TIMES = False
NEEDS_ROLES = True


def validate(options: dict, err: fields.Err) -> dict:
    fields.only(options, set(FIELDS), NAME, err)
    for name in ("request", "thanks"):
        if not options.get(name):
            raise err(f"check: hold needs {name} phrases", name if name in options else "check")
    for name in GROUPS:
        options[name] = fields.phrases(options.get(name), name, err)
    for name in ("min_silence", "max_without_checkin", "request_within"):
        fields.number(options, name, FIELDS[name], err)
    fields.whole(options, "thanks_turns", FIELDS["thanks_turns"], err)
    return options


def phrase_groups(rule: Rule) -> dict[str, tuple[str, ...]]:
    return {name: rule.opt(name) for name in GROUPS if rule.opt(name)}


@dataclass
class Hold:
    """One hold: its silences, and how it was asked for (``"asked"``,
    ``"announced"`` without permission, or ``None``: not at all)."""

    request: str | None
    silences: list[Silence] = field(default_factory=list)

    @property
    def start(self) -> float:
        return self.silences[0].start

    @property
    def end(self) -> float:
        return self.silences[-1].end


def find_holds(tc: TimingContext, index: int, rule: Rule) -> list[Hold]:
    """The holds of a call: silences over ``min_silence``, grouped by
    check-ins, each with how it was requested. Found once per document and
    rule: the hold check and the per-file figures both ask."""
    key = (NAME, index)
    found = tc.memo.get(key)
    if found is None:
        found = tc.memo[key] = _find_holds(tc, index, rule)
    return found  # type: ignore[return-value]


def _find_holds(tc: TimingContext, index: int, rule: Rule) -> list[Hold]:
    tl = tc.timeline
    within = rule.opt("request_within")
    holds: list[Hold] = []
    previous: Silence | None = None
    for silence in tl.silences_over(rule.opt("min_silence")):
        since = previous.end if previous is not None else float("-inf")
        holding = bool(holds) and holds[-1].silences[-1] is previous
        spoke = tl.starting_in(rule, since, silence.start) if holding else []
        if holding and not spoke and holds[-1].request is not None:
            # Only the customer spoke ("Hello?") during a hold: the agent is
            # still away, and the two silences are one stretch on hold without
            # a check-in. (Silences that are no hold stay apart: their finding
            # counts silence, and the customer's words are none.)
            merged = Silence(previous.start, silence.end, previous.before, silence.after)
            holds[-1].silences[-1] = previous = merged
            continue
        if holding and tc.says(index, "checkin", spoke):
            holds[-1].silences.append(silence)
            previous = silence
            continue
        before = tl.leading_to(rule, silence.start, within, since)
        if tc.says(index, "request", before):
            holds.append(Hold("asked", [silence]))
        elif tc.says(index, "announce", before):
            holds.append(Hold("announced", [silence]))
        else:
            holds.append(Hold(None, [silence]))
        previous = silence
    return holds


def check(tc: TimingContext, index: int, rule: Rule) -> list[Finding]:
    holds = find_holds(tc, index, rule)
    if not holds:  # most calls
        return []
    tl = tc.timeline
    speakers, starts = tl.turns_of(rule), tl.starts_of(rule)
    limit = rule.opt("max_without_checkin")
    findings: list[Finding] = []
    for hold in holds:
        first = hold.silences[0]
        span = f"({clock(first.start)}–{clock(first.end)})"
        # The request belonged in the speaker's last turn before the silence.
        said = bisect_right(starts, first.start)
        asker = speakers[said - 1] if said else first.before
        if hold.request is None:
            findings.append(
                tc.at_silence(
                    rule,
                    asker,
                    first,
                    f"{first.length:.1f} s of silence {span} without asking the customer to hold.",
                )
            )
            continue
        if hold.request == "announced":
            findings.append(
                tc.at_silence(
                    rule,
                    asker,
                    first,
                    f"Hold {span} announced without asking the customer's permission.",
                )
            )
        for silence in hold.silences:
            if silence.length > limit:
                findings.append(
                    tc.at_silence(
                        rule,
                        silence.before,
                        silence,
                        f"{silence.length:.1f} s on hold ({clock(silence.start)}–"
                        f"{clock(silence.end)}) without a check-in (check in at least "
                        f"every {limit:g} s).",
                    )
                )
        back = bisect_left(starts, hold.end)
        after = speakers[back : back + rule.opt("thanks_turns")]
        if after and not tc.says(index, "thanks", after):
            findings.append(
                tc.at(
                    rule,
                    after[0],
                    hold.start,
                    hold.end,
                    f"No thank-you after the hold ({clock(hold.start)}–{clock(hold.end)}).",
                    hold=secs(hold.end - hold.start),
                )
            )
    return findings
