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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..matcher import EXCEPTION, PHRASE
from ..model import Document, Finding
from ..packs import group_role

if TYPE_CHECKING:
    from ..engine import LintContext
    from ..packs import CompiledLocale, Rule

EPSILON = 1e-6  # seconds; gaps smaller than this are rounding, not silence


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


class Timeline:
    """Turns of a document in time order, with the silences between them."""

    def __init__(self, doc: Document):
        self.doc = doc
        timed = [t for t, turn in enumerate(doc.turns) if turn.start is not None]
        self.order: list[int] = sorted(timed, key=lambda t: (doc.turns[t].start, t))
        self.has_ends = any(doc.turns[t].end is not None for t in self.order)
        self.silences: list[Silence] = self._silences()
        self._by_roles: dict[frozenset[str], list[int]] = {}

    def start(self, t: int) -> float:
        return self.doc.turns[t].start  # type: ignore[return-value]

    def end(self, t: int) -> float:
        turn = self.doc.turns[t]
        if turn.end is None or turn.end < turn.start:  # type: ignore[operator]
            return turn.start  # type: ignore[return-value]
        return turn.end

    def role(self, t: int) -> str | None:
        return self.doc.turns[t].role

    def _silences(self) -> list[Silence]:
        out: list[Silence] = []
        covered, covered_by = 0.0, -1
        for t in self.order:
            start = self.start(t)
            if covered_by >= 0 and start - covered > EPSILON:
                out.append(Silence(covered, start, covered_by, t))
            end = self.end(t)
            if covered_by < 0 or end >= covered:
                covered, covered_by = end, t
        return out

    def turns_of(self, rule: Rule) -> list[int]:
        """Timed turns spoken by the rule's roles, in time order (computed once
        per set of roles)."""
        found = self._by_roles.get(rule.roles)
        if found is None:
            found = [t for t in self.order if rule.applies_to(self.role(t))]
            self._by_roles[rule.roles] = found
        return found

    def starting_in(self, turns: Iterable[int], a: float, b: float) -> list[int]:
        """Those of ``turns`` that start within ``[a, b]``."""
        return [t for t in turns if a - EPSILON <= self.start(t) <= b + EPSILON]

    def call_end(self) -> float | None:
        """When the call ended, if the transcript says so (a hang-up marker or
        the format's duration); the end of the last turn is not evidence."""
        if self.doc.hangup is not None:
            return self.doc.hangup
        return self.doc.duration


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
    its locale's automaton, and findings that carry seconds."""

    def __init__(self, ctx: LintContext, compiled: CompiledLocale):
        self.ctx = ctx
        self.doc = ctx.doc
        self.compiled = compiled
        self.hits = ctx.hits[compiled.locale]
        self.timeline = Timeline(ctx.doc)

    def spans(self, index: int, group: str | None, t: int) -> list[tuple[int, int]]:
        """Where turn ``t`` says a phrase of rule ``index`` (of its ``group``,
        or of its ``phrases`` for ``None``), outside the rule's exceptions."""
        role = PHRASE if group is None else group_role(group)
        hits = self.hits[t]
        found = [(h.start, h.end) for h in hits if h.entry.rule == index and h.entry.role == role]
        if not found:
            return []
        shields = [
            (h.start, h.end) for h in hits if h.entry.rule == index and h.entry.role == EXCEPTION
        ]
        return sorted(s for s in found if not any(a <= s[0] and s[1] <= b for a, b in shields))

    def says(self, index: int, group: str | None, turns: Iterable[int]) -> bool:
        return any(self.spans(index, group, t) for t in turns)

    def at(
        self,
        rule: Rule,
        t: int | None,
        start: float | None,
        end: float | None,
        detail: str,
        severity: str | None = None,
        **extra,
    ) -> Finding:
        """A finding on turn ``t`` (the file when ``None``) whose seconds are
        the stretch of time it is about, not necessarily the turn's own."""
        message = f"{detail} {rule.message}".strip() if rule.message else detail
        finding = self.ctx.turn_finding(rule, t, message=message, **extra)
        finding.start = None if start is None else secs(start)
        finding.end = None if end is None else secs(end)
        if severity is not None:
            finding.severity = severity
        return finding

    def unchecked(self, rule: Rule, why: str) -> Finding:
        """A rule that could not be checked says so: an untimed transcript
        must not look like a compliant one."""
        finding = self.ctx.turn_finding(rule, None, message=f"Not checked: {why}.")
        finding.severity = "info"
        return finding
