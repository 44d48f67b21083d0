"""The time line of a transcript, and the phrases a timing rule hears on it.

Every timing check asks the same questions: when does each turn start and
end, where does nobody speak, and does this turn say one of this rule's
phrases. :class:`Timeline` answers the first two from the document alone
(so per-file figures can use it without any pack); :class:`TimingContext`
adds the third from the automaton hits the engine already computed, and
builds findings that carry seconds.

Conventions (see :mod:`phraselint.rules.timing`):

- A turn without an end time (chat logs stamp only the start) is taken to
  end where it starts, so silences measured around it run stamp to stamp:
  an upper bound.
- A silence is a stretch between two turns during which no turn is running,
  overlapping turns included. The time before the first turn and after the
  last one is not counted: a recording's edges say nothing about the call.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from operator import sub
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..matcher import EXCEPTION, PHRASE
from ..model import Document, Finding
from ..packs import group_role
from . import timing_rules

if TYPE_CHECKING:
    from ..engine import LintContext
    from ..packs import CompiledLocale, Rule

EPSILON = 1e-6  # seconds; gaps smaller than this are rounding, not silence
_NOWHERE: Mapping = MappingProxyType({})  # no turn heard the phrases


@dataclass(frozen=True, slots=True)
class Silence:
    """Nobody speaks from ``start`` to ``end``. ``before`` is the turn whose
    end opens the silence, ``after`` the turn that closes it."""

    start: float
    end: float
    before: int
    after: int

    @property
    def length(self) -> float:
        return self.end - self.start


def _mend_ends(starts: list, ends: list) -> bool:
    """Take each turn's end back to its start where it has none or ends
    before it starts (see the module docstring), in place; whether any turn
    has both times."""
    has_ends = False
    for t, end in enumerate(ends):
        start = starts[t]
        if start is None or end is None:
            ends[t] = start
        else:
            has_ends = True
            if end < start:
                ends[t] = start
    return has_ends


def _longest_step(starts: list, order: list[int]) -> float:
    """The longest silence between turns without end times (each ends where
    it starts), as :meth:`Timeline._find_gaps` finds it: the longest step
    from one start to the next in time order, when over ``EPSILON``; without
    a Python step per turn."""
    times = [starts[t] for t in order]
    longest = max(map(sub, times[1:], times), default=0.0)
    return longest if longest > EPSILON else 0.0


class Timeline:
    """Turns of a document in time order, with the silences between them.

    ``starts`` and ``ends`` hold every turn's times (by turn index; ``None``
    for an untimed turn), ends already taken back to the start where a turn
    has none (see the module docstring): checks loop over every turn of every
    transcript of a batch, and read these lists rather than call a method per
    turn. A linted document builds its time line once (:func:`timeline_for`).

    Silences are kept as plain tuples and made :class:`Silence` objects only
    when asked for: a chat log has one between every two lines, and the
    checks want the few long ones (:meth:`silences_over`).
    """

    def __init__(self, doc: Document):
        self.doc = doc
        turns = doc.turns
        starts: list[float | None] = [turn.start for turn in turns]
        ends: list[float | None] = [turn.end for turn in turns]
        if ends.count(None) == len(ends):  # start stamps only: most chat logs
            ends, self.has_ends = starts.copy(), False
        else:
            self.has_ends = _mend_ends(starts, ends)
        self.starts, self.ends = starts, ends
        # Sorting is stable and ``timed`` is in turn order: ties keep turn order.
        timed = [t for t, start in enumerate(starts) if start is not None]
        self.order: list[int] = sorted(timed, key=starts.__getitem__)
        self.timed = bool(self.order)
        self.longest_silence = 0.0
        self._gaps: list[tuple[float, float, int, int]] | None = None
        if self.has_ends:
            self._gaps = self._find_gaps()
        else:  # the silences themselves only if one is asked for (few are long)
            self.longest_silence = _longest_step(starts, self.order)
        self._by_roles: dict[frozenset[str], tuple[list[int], list[float]]] = {}
        self._by_role: dict[str | None, list[int]] = {}
        self._reaches: dict[frozenset[str], list[float]] = {}

    def start(self, t: int) -> float:
        return self.starts[t]  # type: ignore[return-value]

    def end(self, t: int) -> float:
        return self.ends[t]  # type: ignore[return-value]

    def role(self, t: int) -> str | None:
        return self.doc.turns[t].role

    def _find_gaps(self) -> list[tuple[float, float, int, int]]:
        """``(start, end, before, after)`` of each silence; sets ``longest_silence``."""
        starts, ends = self.starts, self.ends
        out = []
        longest = 0.0
        covered, covered_by = 0.0, -1
        for t in self.order:
            start = starts[t]
            gap = start - covered
            if covered_by >= 0 and gap > EPSILON:
                out.append((covered, start, covered_by, t))
                if gap > longest:
                    longest = gap
            end = ends[t]
            if covered_by < 0 or end >= covered:
                covered, covered_by = end, t
        self.longest_silence = longest
        return out

    def _all_gaps(self) -> list[tuple[float, float, int, int]]:
        """The silences as tuples; without end times found on first use:
        the longest is known without them, and most calls ask for none."""
        if self._gaps is None:
            self._gaps = self._find_gaps()
        return self._gaps

    @property
    def silences(self) -> list[Silence]:
        """Every silence, in time order."""
        return [Silence(*gap) for gap in self._all_gaps()]

    def silences_over(self, limit: float) -> list[Silence]:
        """Silences longer than ``limit`` seconds, in time order."""
        if self.longest_silence <= limit:  # most calls: none, and no need to look
            return []
        return [Silence(*gap) for gap in self._all_gaps() if gap[1] - gap[0] > limit]

    def _of_roles(self, rule: Rule) -> tuple[list[int], list[float]]:
        found = self._by_roles.get(rule.roles)
        if found is None:
            turns, roles = self.doc.turns, rule.roles
            if "any" in roles:
                mine = list(self.order)
            else:  # rule.applies_to(role) without a call per turn: no role is None
                mine = [t for t in self.order if turns[t].role in roles]
            found = mine, [self.starts[t] for t in mine]  # type: ignore[misc]
            self._by_roles[rule.roles] = found
        return found

    def turns_of(self, rule: Rule) -> list[int]:
        """Timed turns spoken by the rule's roles, in time order (computed once
        per set of roles; every timing rule asks, most of them twice)."""
        found = self._by_roles.get(rule.roles)
        return (found or self._of_roles(rule))[0]

    def starts_of(self, rule: Rule) -> list[float]:
        """The start times of :meth:`turns_of`, in the same (ascending)
        order: what to bisect to find the rule's turns around a moment."""
        return self._of_roles(rule)[1]

    def with_role(self, role: str | None) -> list[int]:
        """Timed turns of exactly this role, in time order (computed once)."""
        found = self._by_role.get(role)
        if found is None:
            turns = self.doc.turns
            found = self._by_role[role] = [t for t in self.order if turns[t].role == role]
        return found

    def starting_in(self, rule: Rule, a: float, b: float) -> list[int]:
        """Turns of the rule's roles that start within ``[a, b]``."""
        starts = self.starts_of(rule)
        i = bisect_left(starts, a - EPSILON)
        return self.turns_of(rule)[i : bisect_right(starts, b + EPSILON, i)]

    def leading_to(self, rule: Rule, when: float, within: float, since: float) -> list[int]:
        """Turns of the rule's roles that lead into a silence starting at
        ``when``: those still speaking in the ``within`` seconds before the
        roles last spoke, and not before ``since``. Counted back from the
        roles' last words, not from ``when``, so a customer's "Hello?" in a
        hold does not push the agent's request out of reach; and by a turn's
        end, not its start, so a long turn that ends with the request counts."""
        starts, turns = self.starts_of(rule), self.turns_of(rule)
        upto = bisect_right(starts, when + EPSILON)
        if not upto:
            return []
        last_end = self._latest_ends(rule)
        lo = max(since, min(last_end[upto - 1], when) - within) - EPSILON
        # last_end never decreases: the turns before the first that reaches
        # lo all ended before it.
        first = bisect_left(last_end, lo, 0, upto)
        ends = self.ends
        return [t for t in turns[first:upto] if ends[t] >= lo]  # type: ignore[operator]

    def _latest_ends(self, rule: Rule) -> list[float]:
        """For the rule's turns in time order, the latest end so far at each
        (built once per set of roles)."""
        found = self._reaches.get(rule.roles)
        if found is None:
            found, so_far = [], float("-inf")
            for t in self.turns_of(rule):
                so_far = max(so_far, self.ends[t])  # type: ignore[type-var]
                found.append(so_far)
            self._reaches[rule.roles] = found
        return found

    @cached_property
    def rank(self) -> dict[int, int]:
        """Each timed turn's position in time order (built on first use)."""
        return {t: n for n, t in enumerate(self.order)}

    def call_end(self) -> float | None:
        """When the call ended, if the transcript says so (a hang-up marker or
        the format's duration); the end of the last turn is not evidence."""
        if self.doc.hangup is not None:
            return self.doc.hangup
        return self.doc.duration


def timeline_for(ctx: LintContext) -> Timeline:
    """The time line of the linted document, built once: the timing rules and
    the per-file figures both read it."""
    kept = ctx.shared
    tl = kept.get("timeline")
    if tl is None or tl.doc is not ctx.doc:
        tl = kept["timeline"] = Timeline(ctx.doc)
    return tl


Heard = dict[tuple[int, str], dict[int, list[tuple[int, int]]]]


def _heard_for(ctx: LintContext, compiled: CompiledLocale) -> tuple[Heard, dict[tuple, object]]:
    """The spans of the hits of ``compiled``'s timing rules in the linted
    document, by (rule, matcher role) and turn, gathered in one pass so that
    a check asks only the turns where its phrases were heard, and nothing at
    all when the document never says one; with the document's ``memo``. Both
    are built once per document and locale."""
    hits = ctx.hits[compiled.locale]
    kept = ctx.shared
    found = kept.get(("heard", compiled.locale))
    if found is not None and found[0] is hits and found[1] is compiled:
        return found[2], found[3]
    timing = timing_rules(compiled).indices
    heard: Heard = {}
    for t in [t for t, turn_hits in enumerate(hits) if turn_hits]:  # the few with hits
        for h in hits[t]:
            entry = h.entry
            if entry.rule in timing:
                by_turn = heard.setdefault((entry.rule, entry.role), {})
                by_turn.setdefault(t, []).append((h.start, h.end))
    memo: dict[tuple, object] = {}
    kept["heard", compiled.locale] = (hits, compiled, heard, memo)
    return heard, memo


def clock(seconds: float) -> str:
    """``75.5`` → ``01:15.5``: how a QA reviewer finds the place in a player."""
    minutes, rest = divmod(round(seconds, 1), 60)
    text = f"{int(minutes):02d}:{rest:04.1f}"
    return text[:-2] if text.endswith(".0") else text


def secs(value: float) -> float:
    """Seconds as reported in findings and figures: to the millisecond."""
    return round(value, 3)


class TimingContext:
    """One document as the timing checks see it: its time line, the hits of
    its locale's automaton, and findings that carry seconds.

    A context is a cheap view: what it computes from the document (the time
    line, the timing rules' hits by rule, group and turn, and ``memo``, where
    a check keeps what another module asks for again: the per-file figures
    count holds with the hold check's own results) is built once per linted
    document and kept on the :class:`LintContext`, so the timing rules and
    the per-file figures share it. Nothing kept there points back at the
    LintContext: a cycle would leave every linted document to the garbage
    collector.
    """

    def __init__(self, ctx: LintContext, compiled: CompiledLocale):
        self.ctx = ctx
        self.doc = ctx.doc
        self.compiled = compiled
        self.hits = ctx.hits[compiled.locale]
        self.timeline = timeline_for(ctx)
        self._heard, self.memo = _heard_for(ctx, compiled)

    def heard(self, index: int, group: str | None) -> Mapping[int, list[tuple[int, int]]]:
        """Turns where a phrase of rule ``index`` (of its ``group``, or of its
        ``phrases`` for ``None``) was heard, before its exceptions apply."""
        return self._heard.get((index, PHRASE if group is None else group_role(group)), _NOWHERE)

    def spans(self, index: int, group: str | None, t: int) -> list[tuple[int, int]]:
        """Where turn ``t`` says a phrase of rule ``index`` (of its ``group``,
        or of its ``phrases`` for ``None``), outside the rule's exceptions."""
        found = self.heard(index, group).get(t)
        if not found:
            return []
        shields = self._heard.get((index, EXCEPTION), _NOWHERE).get(t)
        if not shields:
            return sorted(found)
        return sorted(s for s in found if not any(a <= s[0] and s[1] <= b for a, b in shields))

    def says(self, index: int, group: str | None, turns: Iterable[int]) -> bool:
        heard = self.heard(index, group)
        if heard:  # a loop, not any() over a generator: most calls hear nothing
            for t in turns:
                if t in heard and self.spans(index, group, t):
                    return True
        return False

    def at(
        self,
        rule: Rule,
        t: int | None,
        start: float | None,
        end: float | None,
        detail: str,
        severity: str | None = None,
        offset: int = 0,
        **extra,
    ) -> Finding:
        """A finding on turn ``t`` (the file when ``None``), from ``offset`` in
        its text on, whose seconds are the stretch of time it is about, not
        necessarily the turn's own."""
        message = f"{detail} {rule.message}".strip() if rule.message else detail
        if t is None:
            finding = self.ctx.turn_finding(rule, None, message=message, **extra)
        else:
            length = len(self.doc.turns[t].text)
            finding = self.ctx.span_finding(rule, t, offset, length, message=message, **extra)
        finding.start = None if start is None else secs(start)
        finding.end = None if end is None else secs(end)
        if severity is not None:
            finding.severity = severity
        return finding

    def at_silence(self, rule: Rule, t: int, silence: Silence, detail: str) -> Finding:
        """A finding about a silence, on turn ``t``: its seconds and its
        length (``"silence"``) are the silence's."""
        return self.at(rule, t, silence.start, silence.end, detail, silence=secs(silence.length))
