"""``check: script``: an ordered protocol of things to say, with waits.

A script is data: ``steps`` is a list, each step either ``say: [phrases]``
(a turn of the rule's roles says one of them) or ``hangup: true`` (the call
ends; only as the last step), with ``min_wait`` seconds that must pass since
the previous step (since its turn's end; 0 when both are in one turn). Steps
may be named (``name:``) so that messages and ``error_if_hangup_before`` can
refer to them.

When the script applies (``when``):

- ``customer_silent: true`` (or ``call``): the customer says nothing in the
  whole call (the silent line: :attr:`Document.customer_silent`);
- ``customer_silent: after-first-step``: the first step is said and the
  customer says nothing after it (the caller who does not hang up, the line
  too quiet to hear);
- no ``when``: whenever the first step is said.

Steps are found in order, each in a turn after the previous step's (or later
in the same turn). A step not found after its predecessor is *out of order*
when it was said earlier in the script, else *missing*. Steps missing at the
end mean the call ended there: if ``error_if_hangup_before`` names one of
them, that is one finding of severity ``error`` (hanging up directly);
otherwise one finding that the script stopped. A step said too soon is a
finding with the wait measured. The ``hangup`` step needs to know when the
call ended (a hang-up marker or the format's duration); without it, that
wait is reported as not checked.

Transcripts cannot say who hung up: a caller who hangs up during the silent
line protocol looks like an agent who hung up early.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Finding
from . import fields
from .timeline import TimingContext, clock, secs

if TYPE_CHECKING:
    from ..packs import Rule

NAME = "script"
FIELDS = {"when": None, "steps": None, "error_if_hangup_before": None}
STEP_FIELDS = {"name", "say", "hangup", "min_wait"}
SILENT = {True: "call", "call": "call", "after-first-step": "after-first-step"}
NEEDS_END_TIMES = False
NEEDS_ROLES = True


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    say: tuple[str, ...]
    hangup: bool
    min_wait: float


@dataclass(frozen=True, slots=True)
class Place:
    """Where a step was said: turn, and character offset within it."""

    turn: int
    offset: int


def validate(options: dict, err: fields.Err) -> dict:
    fields.only(options, set(FIELDS), NAME, err)
    raw = options.get("steps")
    if not isinstance(raw, list) or not raw:
        raise err("check: script needs a list of steps", "steps" if "steps" in options else "check")
    steps: list[Step] = []
    for k, item in enumerate(raw, 1):
        if isinstance(item, Step):  # options validated before (configuration overrides)
            steps.append(item)
            continue
        if not isinstance(item, dict) or set(item) - STEP_FIELDS:
            raise err(f"step {k} must be a mapping of {', '.join(sorted(STEP_FIELDS))}", "steps")
        name = item.get("name", f"step {k}")
        if not isinstance(name, str) or any(s.name == name for s in steps):
            raise err(f"step {k}: name must be a string unique in the script", "steps")
        say = fields.phrases(item.get("say"), f"step {k} say", err, "steps")
        hangup = item.get("hangup", False)
        if hangup not in (True, False) or bool(say) == bool(hangup):
            raise err(f"step {k} needs either say: [phrases] or hangup: true", "steps")
        if hangup and k != len(raw):
            raise err(f"step {k}: hangup: true can only be the last step", "steps")
        wait = item.get("min_wait", 0)
        if isinstance(wait, bool) or not isinstance(wait, (int, float)) or wait < 0:
            raise err(f"step {k}: min_wait must be a number of seconds, 0 or more", "steps")
        steps.append(Step(name, say, bool(hangup), float(wait)))
    if steps[0].hangup:
        raise err("a script starts with something to say", "steps")
    options["steps"] = tuple(steps)
    when = options.get("when") or {}
    if not isinstance(when, dict) or set(when) - {"customer_silent"}:
        raise err("when takes customer_silent: true | call | after-first-step", "when")
    silent = when.get("customer_silent")
    if silent is not None and silent not in SILENT:
        raise err("customer_silent must be true, call or after-first-step", "when")
    options["when"] = {"customer_silent": SILENT.get(silent)}
    target = options.get("error_if_hangup_before")
    if target is not None and not any(s.name == target and s.say for s in steps):
        raise err(
            "error_if_hangup_before must name a say step of the script", "error_if_hangup_before"
        )
    return options


def phrase_groups(rule: Rule) -> dict[str, tuple[str, ...]]:
    return {f"step{k}": s.say for k, s in enumerate(rule.opt("steps")) if s.say}


def _places(tc: TimingContext, index: int, k: int, turns: list[int]) -> list[Place]:
    """Where step ``k`` was said, in time order (only turns that said one of
    its phrases are looked at)."""
    group = f"step{k}"
    heard = tc.heard(index, group)
    if not heard:
        return []
    return [Place(t, a) for t in turns if t in heard for a, _ in tc.spans(index, group, t)]


@dataclass
class _Run:
    """The steps of one script as found in a call."""

    steps: tuple[Step, ...]
    found: list[Place | None]
    early: dict[int, Place] = field(default_factory=dict)  # said before their predecessor
    last: int | None = None  # the last step found in order

    def name(self, k: int | None) -> str:
        return "the start of the call" if k is None else self.steps[k].name


def _begin(tc: TimingContext, rule: Rule, first: list[Place]) -> tuple[bool, Place | None]:
    """Whether the script applies, and the place of its first step when the
    script is triggered by it (``None`` for the silent line: it applies from
    the start of the call)."""
    tl = tc.timeline
    silent = rule.opt("when")["customer_silent"]
    if silent == "call":
        return tc.ctx.customer_silent, None
    if silent == "after-first-step" and first:
        customers = tl.with_role("customer")
        ends, starts = tl.ends, tl.starts
        quiet_from = max((ends[t] for t in customers), default=float("-inf"))
        first = [p for p in first if starts[p.turn] >= quiet_from]  # type: ignore[operator]
    return bool(first), (first[0] if first else None)


def _may_apply(tc: TimingContext, index: int, rule: Rule) -> bool:
    """False when the script cannot apply, as :func:`_begin` would find at
    length: the silent line's script when the customer speaks, any other
    when its first step is never said. Most calls are not the case a script
    is about, and a locale has several scripts."""
    if rule.opt("when")["customer_silent"] == "call":
        return tc.ctx.customer_silent
    return bool(tc.heard(index, "step0"))


def check(tc: TimingContext, index: int, rule: Rule) -> list[Finding]:
    if not _may_apply(tc, index, rule):
        return []
    tl = tc.timeline
    steps: tuple[Step, ...] = rule.opt("steps")
    speakers = tl.turns_of(rule)
    # Whether the script applies is known from its first step (or the
    # customer's silence) alone: most calls are not the case it is about.
    first = _places(tc, index, 0, speakers)
    applies, begin = _begin(tc, rule, first)
    if not applies:
        return []
    places = [first] + [
        _places(tc, index, k, speakers) if s.say else [] for k, s in enumerate(steps) if k
    ]
    rank = tl.rank

    def key(p: Place) -> tuple[int, int]:
        return rank[p.turn], p.offset

    origin = key(begin) if begin is not None else (-1, -1)
    run = _Run(steps, [None] * len(steps))
    findings: list[Finding] = []
    for k, step in enumerate(steps):
        if step.hangup:
            break
        used = {key(p) for p in run.found if p is not None}
        prev = run.found[run.last] if run.last is not None else None
        floor = key(prev) if prev is not None else origin
        unused = [p for p in places[k] if key(p) not in used and key(p) >= origin]
        after = [p for p in unused if key(p) > floor or (prev is None and key(p) == floor)]
        if not after:
            if unused:
                run.early[k] = unused[0]
            continue
        place = after[0]
        run.found[k] = place
        if prev is None:
            since = 0.0
        elif prev.turn == place.turn:
            since = tl.start(place.turn)
        else:
            since = tl.end(prev.turn)
        wait = tl.start(place.turn) - since
        if wait + 1e-6 < step.min_wait:
            findings.append(
                tc.at(
                    rule,
                    place.turn,
                    since,
                    tl.start(place.turn),
                    f"“{step.name}” came {wait:.1f} s after “{run.name(run.last)}” "
                    f"(wait at least {step.min_wait:g} s).",
                    wait=secs(wait),
                    min_wait=step.min_wait,
                )
            )
        run.last = k
    findings.extend(_out_of_order(tc, rule, run))
    findings.extend(_missing(tc, rule, run))
    findings.extend(_ending(tc, rule, run, speakers))
    return findings


def _on_turn(tc: TimingContext, rule: Rule, t: int, detail: str) -> Finding:
    """A finding about turn ``t`` as a whole: its own start and end."""
    return tc.at(rule, t, tc.timeline.start(t), tc.timeline.end(t), detail)


def _out_of_order(tc: TimingContext, rule: Rule, run: _Run) -> list[Finding]:
    return [
        _on_turn(
            tc,
            rule,
            place.turn,
            f"“{run.name(k)}” was said out of order, before “{run.name(k - 1 if k else None)}”.",
        )
        for k, place in run.early.items()
    ]


def _missing(tc: TimingContext, rule: Rule, run: _Run) -> list[Finding]:
    """Steps skipped in the middle of a script that went on after them."""
    findings = []
    for k, step in enumerate(run.steps):
        if not step.say or run.found[k] is not None or k in run.early:
            continue
        if run.last is None or k > run.last:
            continue
        j = next(j for j in range(k + 1, len(run.steps)) if run.found[j] is not None)
        place = run.found[j]
        findings.append(
            _on_turn(tc, rule, place.turn, f"“{step.name}” is missing before “{run.name(j)}”.")
        )
    return findings


def _ending(tc: TimingContext, rule: Rule, run: _Run, speakers: list[int]) -> list[Finding]:
    """Steps not reached before the call ended, and the wait before hanging up."""
    tl = tc.timeline
    steps = run.steps
    trailing = [
        k
        for k, s in enumerate(steps)
        if s.say
        and run.found[k] is None
        and k not in run.early
        and (run.last is None or k > run.last)
    ]
    at = run.found[run.last].turn if run.last is not None else speakers[0]
    hangup = tl.call_end()
    said = f"after “{run.name(run.last)}”" if run.last is not None else "before the script began"
    if trailing:
        names = ", ".join(f"“{steps[k].name}”" for k in trailing)
        target = rule.opt("error_if_hangup_before")
        end = hangup if hangup is not None else tl.end(at)
        if any(steps[k].name == target for k in trailing):
            detail = f"The call ended {said}, without {names}: never hang up without “{target}”."
            return [tc.at(rule, at, tl.start(at), end, detail, severity="error")]
        return [tc.at(rule, at, tl.start(at), end, f"The script stopped {said}: {names} missing.")]
    final = steps[-1]
    if not final.hangup or run.last is None:
        return []
    if hangup is None:
        why = f"the wait before “{final.name}” (the transcript does not mark the hang-up)"
        return [tc.ctx.unchecked(rule, why)]
    wait = max(hangup - tl.end(at), 0.0)
    if wait + 1e-6 >= final.min_wait:
        return []
    return [
        tc.at(
            rule,
            at,
            tl.end(at),
            hangup,
            f"Hung up at {clock(hangup)}, {wait:.1f} s after “{run.name(run.last)}” "
            f"(wait at least {final.min_wait:g} s).",
            wait=secs(wait),
            min_wait=final.min_wait,
        )
    ]
