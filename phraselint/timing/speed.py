"""``check: speed``: speaking too fast, per turn.

The unit follows the locale's tokenizer, not its name: a ``jieba`` locale
counts characters per second (``max_cps``: each Han character counts one,
each run of other letters or digits one), a ``words`` locale words per
minute (``max_wpm``, the Unicode words the matcher sees). Turns shorter than
``min_seconds`` are not measured: a cue of two words in half a second says
more about the recogniser's timing than about the speaker. Needs end times.

The rate is measured per turn over the cue's own times, which leave out the
pauses between turns, so it runs above the usual whole-call figures (about
150-160 words per minute for English, about 4-5 characters per second for
Mandarin, news reading at the top of both). The defaults, 220 words per minute
and 6 characters per second, therefore mean clearly fast speech, not merely
brisk speech.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from ..locales import get_spec
from ..matcher import PhraseError
from ..model import Finding
from ..text.keys import word_tokens
from . import fields
from .timeline import TimingContext

if TYPE_CHECKING:
    import regex

    from ..packs import Rule

NAME = "speed"
FIELDS = {"max_cps": 6.0, "max_wpm": 220.0, "min_seconds": 3.0}
UNITS = {"jieba": "max_cps", "words": "max_wpm"}
NEEDS_END_TIMES = True
NEEDS_ROLES = True


@functools.cache  # the cached packs import this module; most runs never measure speed
def _han_or_run() -> regex.Pattern:
    import regex

    return regex.compile(r"\p{Han}|[\p{L}\p{N}\p{M}--\p{Han}]+", regex.V1)


def validate(options: dict, err: fields.Err) -> dict:
    fields.only(options, set(FIELDS), NAME, err)
    for name in ("max_cps", "max_wpm"):
        if name in options:
            fields.number(options, name, None, err, minimum=0.1)
    fields.number(options, "min_seconds", FIELDS["min_seconds"], err, minimum=0.1)
    return options


def unit_field(rule: Rule) -> str:
    """``max_cps`` or ``max_wpm``, as the rule's locale measures speech."""
    return UNITS.get(get_spec(rule.locale).tokenizer, "max_wpm")


def phrase_groups(rule: Rule) -> dict[str, tuple[str, ...]]:
    """No phrases; the hook runs when the locale is compiled, which is the
    first moment the rule's locale and its unit meet."""
    wanted = unit_field(rule)
    other = "max_wpm" if wanted == "max_cps" else "max_cps"
    if rule.opt(other) is not None and rule.opt(wanted) is None:
        raise PhraseError(
            f"{other} does not apply to locale {rule.locale!r}, which measures "
            f"speech in {'characters per second' if wanted == 'max_cps' else 'words per minute'}"
            f" (use {wanted})"
        )
    return {}


def rate(norm: str, seconds: float, unit: str) -> float:
    """Characters per second or words per minute of folded text ``norm``
    spoken over ``seconds``. Words are the matcher's word tokens (a words
    view has one key per token), counted without building the view."""
    if unit == "max_cps":
        return len(_han_or_run().findall(norm)) / seconds
    return len(word_tokens(norm)) * 60.0 / seconds


def check(tc: TimingContext, index: int, rule: Rule) -> list[Finding]:
    unit = unit_field(rule)
    limit = rule.opt(unit, FIELDS[unit])
    shortest = rule.opt("min_seconds")
    label = "characters per second" if unit == "max_cps" else "words per minute"
    turns, norms = tc.doc.turns, tc.ctx.norms
    findings = []
    for t in tc.timeline.turns_of(rule):
        turn = turns[t]
        if turn.end is None:
            continue
        seconds = turn.end - turn.start
        if seconds < shortest:
            continue
        value = rate(norms[t].text, seconds, unit)
        if value > limit:
            findings.append(
                tc.at(
                    rule,
                    t,
                    turn.start,
                    turn.end,
                    f"Spoke at {value:.1f} {label} (limit {limit:g}).",
                    rate=round(value, 1),
                    unit="cps" if unit == "max_cps" else "wpm",
                )
            )
    return findings
