"""Backchannels: what a listener says while the other person talks.

"Mhm", "okay", "yeah", 嗯, "opo" said while the customer speaks show that the
agent listens; they do not take the floor, so they are not overtalk (the
seeds: "be a good listener: use non-verbal signals"). Each ``locale.yaml``
lists them under ``backchannels``. A turn made of them alone is listening; a
turn that starts with them ("Okay [pause] no problem, …") starts talking at
its first other word, when the format gives word times (Amazon Transcribe,
the ``words`` of Whisper, Deepgram and AssemblyAI), and at its start otherwise.

Backchannels are compared as phrase keys are (:meth:`LocaleMatcher.key`):
folded, punctuation ignored (``uh-huh`` = ``uhhuh``), Traditional as
Simplified; an entry may be several words ("i see").
"""

from __future__ import annotations

import functools
import re

from ..locales import get_spec
from ..matcher import LocaleMatcher
from ..model import Turn
from ..text.normalize import normalize


class Backchannels:
    """One locale's backchannels, as a test on text."""

    def __init__(self, locale: str):
        spec = get_spec(locale)
        self._matcher = LocaleMatcher(spec)
        keys = {k for k in map(self._key, spec.backchannels) if k}
        self.units = max((len(k.split()) for k in keys), default=0)  # most words in one
        self._pattern = None
        if keys:
            one = "|".join(map(re.escape, sorted(keys, key=len, reverse=True)))
            sep = "" if self._matcher.han else " "
            self._pattern = re.compile(f"(?:{one})(?:{sep}(?:{one}))*")

    def _key(self, text: str) -> str | None:
        return self._matcher.key(normalize(text).text)

    def only(self, text: str) -> bool:
        """Whether ``text`` says nothing but backchannels (and has some)."""
        if self._pattern is None:
            return False
        key = self._key(text)
        return key is not None and self._pattern.fullmatch(key) is not None

    def talking_from(self, turn: Turn) -> tuple[float | None, int] | None:
        """When and where (offset in the text) ``turn`` starts to say more
        than backchannels: its start and 0 when it does not begin with one
        or has no word times, ``None`` when it says nothing else."""
        if self.only(turn.text):
            return None
        words = turn.words
        if not words or self._pattern is None:
            return turn.start, 0
        # The longest run of leading words that is backchannels only: an
        # entry of several words ("i see") fails on its first word alone, so
        # the search ends after as many failures in a row as the longest has.
        lead, misses = 0, 0
        for k, word in enumerate(words):
            if self.only(turn.text[: word.end]):
                lead, misses = k + 1, 0
            else:
                misses += 1
                if misses >= max(self.units, 1):
                    break
        if lead == 0:
            return turn.start, 0
        if lead == len(words):  # untimed text after the last timed word
            return turn.start, 0
        return words[lead].at, words[lead].start


@functools.cache
def backchannels(locale: str) -> Backchannels:
    return Backchannels(locale)
