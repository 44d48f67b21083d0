"""Per-file figures of a transcript, for the ``stats`` object of the JSON report.

A QA dashboard plots these across thousands of calls without reparsing any
transcript, so every key is always present (``null`` where the transcript
cannot tell) and the meaning of each is fixed:

- ``turns``: number of turns (hang-up markers are not turns).
- ``duration``: seconds from 0 to the end of the call (hang-up marker, else
  the format's duration, else the end of the last turn).
- ``talk_seconds``: ``{agent, customer, other}``: the sum of the lengths of
  each party's turns (overlapping speech counts for both, as Amazon's
  TalkTime does); ``other`` is system and unlabelled speech. ``null`` when
  the transcript has no end times (chat logs stamp only starts).
- ``longest_silence``: the longest stretch with nobody speaking between two
  turns (see :mod:`phraselint.timing.timeline`; stamp to stamp when turns
  have no end times, so an upper bound).
- ``holds``: holds as the locale's ``check: hold`` rule finds them (announced
  holds, with their check-ins, count once; unannounced silences over its
  ``min_silence`` count each); without such a rule, silences over 30 s.
- ``overtalk``: agent turns that talk over the customer by more than the
  locale's ``check: overtalk`` tolerance (default 0.5 s); ``null`` without
  end times.

Untimed transcripts get ``turns`` and nulls.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Document
from .timing import first_rule, hold, overtalk
from .timing.backchannel import backchannels
from .timing.timeline import Timeline, TimingContext, secs, timeline_for

if TYPE_CHECKING:
    from .engine import LintContext
    from .packs import Rule


def _timing_rule(ctx: LintContext | None, check: str) -> tuple[int, Rule] | None:
    """The first timing rule of the document's locale with this ``check``."""
    if ctx is None or ctx.doc.locale not in ctx.hits:
        return None
    return first_rule(ctx.compiled(ctx.doc.locale), check)


def _talk(tl: Timeline) -> dict[str, float] | None:
    if not tl.has_ends:
        return None
    talk = {"agent": 0.0, "customer": 0.0, "other": 0.0}
    turns, starts, ends = tl.doc.turns, tl.starts, tl.ends
    for t in tl.order:
        role = turns[t].role
        talk[role if role in ("agent", "customer") else "other"] += ends[t] - starts[t]
    return {k: secs(v) for k, v in talk.items()}


def _holds(ctx: LintContext | None, tl: Timeline) -> int:
    found = _timing_rule(ctx, "hold")
    if found is None:
        return len(tl.silences_over(hold.FIELDS["min_silence"]))
    index, rule = found
    # The hold check found these already when it ran on this document.
    tc = TimingContext(ctx, ctx.compiled(ctx.doc.locale))  # type: ignore[arg-type, union-attr]
    return len(hold.find_holds(tc, index, rule))


def _overtalk(ctx: LintContext | None, tl: Timeline) -> int | None:
    if not tl.has_ends:
        return None
    found = _timing_rule(ctx, "overtalk")
    tolerance = found[1].opt("tolerance") if found else overtalk.FIELDS["tolerance"]
    agents, customers = tl.with_role("agent"), overtalk.talked_over(tl, ("customer",))
    # The backchannels of the overtalk rule's locale, else of the document's
    # (both negotiated to a locale spec already).
    locale = found[1].locale if found else tl.doc.locale
    listening = backchannels(locale) if locale else None
    return len(overtalk.find_overtalk(tl, agents, customers, tolerance, listening))


def file_stats(doc: Document, ctx: LintContext | None = None) -> dict[str, Any]:
    """Figures of ``doc``; ``ctx`` (the linted document) lets holds be
    counted as the locale's hold rule sees them."""
    stats: dict[str, Any] = {
        "turns": len(doc.turns),
        "duration": None,
        "talk_seconds": None,
        "longest_silence": None,
        "holds": None,
        "overtalk": None,
    }
    # The time line the timing rules built for this document, if they ran.
    tl = timeline_for(ctx) if ctx is not None and ctx.doc is doc else Timeline(doc)
    if not tl.timed:  # Document.timed, known to the time line already
        return stats
    end = doc.call_end
    stats["duration"] = None if end is None else secs(end)
    stats["talk_seconds"] = _talk(tl)
    stats["longest_silence"] = secs(tl.longest_silence)
    stats["holds"] = _holds(ctx, tl)
    stats["overtalk"] = _overtalk(ctx, tl)
    return stats
