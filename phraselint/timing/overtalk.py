"""``check: overtalk``: the agent starts talking while the customer still is.

A turn of the rule's roles (default the agent) that starts while a turn of
the ``over`` roles (default the customer) is running talks over it. The
overlap is from the agent's start to whichever turn ends first; it must
exceed ``tolerance`` seconds (ASR cue edges are approximate). When the
customer starts second, the customer interrupted: not the agent's fault.

Listening is not talking: a turn made only of the locale's backchannels
("mhm", "okay", 嗯; see :mod:`.backchannel`) is not overtalk, and a turn that
begins with them starts talking at its first other word when the format
gives word times. On Amazon's sample call this reports the two agent
interruptions Amazon reports, where turn times alone gave six.
Each instance is reported with both the agent's start and the customer's
end. Needs end times.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import ROLES, Finding, heard_as
from . import fields
from .backchannel import Backchannels, backchannels
from .timeline import Timeline, TimingContext, clock, secs

if TYPE_CHECKING:
    from ..packs import Rule

NAME = "overtalk"
FIELDS = {"tolerance": 0.5, "over": ("customer",)}
NEEDS_END_TIMES = True
NEEDS_ROLES = True


def validate(options: dict, err: fields.Err) -> dict:
    fields.only(options, set(FIELDS), NAME, err)
    fields.number(options, "tolerance", FIELDS["tolerance"], err)
    over = options.get("over", FIELDS["over"])
    over = (over,) if isinstance(over, str) else over
    if not isinstance(over, (list, tuple)) or not over or any(r not in ROLES for r in over):
        raise err(f"over must list roles among {', '.join(ROLES)}", "over")
    options["over"] = tuple(over)
    return options


def phrase_groups(rule: Rule) -> dict[str, tuple[str, ...]]:
    return {}


@dataclass(frozen=True, slots=True)
class Overtalk:
    turn: int  # the interrupting turn
    other: int  # the turn talked over
    overlap: float
    start: float  # when the turn started to talk over the other
    offset: int  # where in the turn's text: past its leading backchannels


def talked_over(tl: Timeline, roles: tuple[str, ...]) -> list[int]:
    """Timed turns of ``roles``, in time order; a speaker whose role is
    unknown counts as the customer (:func:`~phraselint.model.heard_as`), so
    naming only the agent (``--agent-speaker``) is enough."""
    turns = tl.doc.turns
    return [t for t in tl.order if heard_as(turns[t].role) in roles]


def find_overtalk(
    tl: Timeline,
    talkers: list[int],
    others: list[int],
    tolerance: float,
    listening: Backchannels | None = None,
) -> list[Overtalk]:
    """Interruptions of ``others`` by ``talkers`` (both in time order): for
    each talker turn, the running other turn that ends last. With
    ``listening``, a turn is talking only from where it says more than
    backchannels (see the module docstring)."""
    turns, starts, ends = tl.doc.turns, tl.starts, tl.ends
    others = [t for t in others if turns[t].end is not None]
    out: list[Overtalk] = []
    k, longest, longest_end = 0, -1, 0.0  # others[:k] start before the current talker turn
    for t in talkers:
        start = starts[t]
        while k < len(others) and starts[others[k]] < start:
            if longest < 0 or ends[others[k]] > longest_end:
                longest = others[k]
                longest_end = ends[longest]
            k += 1
        if longest < 0 or longest_end <= start:
            continue
        mine = turns[t].end
        until = min(longest_end, mine if mine is not None else longest_end)
        if until - start <= tolerance:
            continue
        offset = 0
        if listening is not None:  # only for the few turns that overlap at all
            talking = listening.talking_from(turns[t])
            if talking is None:
                continue
            if talking[1]:
                start, offset = talking[0], talking[1]
                if until - start <= tolerance:
                    continue
        out.append(Overtalk(t, longest, until - start, start, offset))
    return out


def check(tc: TimingContext, index: int, rule: Rule) -> list[Finding]:
    tl = tc.timeline
    others = talked_over(tl, rule.opt("over"))
    findings = []
    listening = backchannels(rule.locale)
    for hit in find_overtalk(tl, tl.turns_of(rule), others, rule.opt("tolerance"), listening):
        other = tc.doc.turns[hit.other]
        turn = tc.doc.turns[hit.turn]
        who = heard_as(other.role)
        findings.append(
            tc.at(
                rule,
                hit.turn,
                hit.start,
                turn.end,
                f"Started at {clock(hit.start)} while the {who} was speaking "
                f"(until {clock(other.end)}): {hit.overlap:.1f} s of overlap.",
                overlap=secs(hit.overlap),
                other_start=secs(other.start),
                other_end=secs(other.end),
                other_line=other.position(0).line,
                offset=hit.offset,
            )
        )
    return findings
