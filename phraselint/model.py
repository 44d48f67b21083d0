"""The data model shared by readers, rules and reports.

A file becomes a :class:`Document`: a list of :class:`Turn` objects, each the
words of one speaker. Every character of a turn's text can be traced back to
its place in the source file through the turn's :class:`Segment` list, which is
what lets findings point at the exact line and column (counted in characters,
not bytes) even after labels, markup and line breaks have been stripped.

Made per line: :class:`Segment` (and, elsewhere, ``Normalized`` per turn and
``Hit`` per match) are plain slotted dataclasses, not frozen ones, although
nothing changes them after creation: a frozen dataclass sets each field through
``object.__setattr__``, which makes creating one five times as slow, and a
batch creates millions.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

ROLES = ("agent", "customer", "system")
SEVERITIES = ("info", "warning", "error")


def heard_as(role: str | None) -> str:
    """The role a turn counts as in rules about the other party (the silent
    line, overtalk): a speaker whose role is unknown counts as the customer.
    The agent is the speaker the format, the labels or ``--agent-speaker``
    name; the rest of a diarised call is the caller."""
    return "customer" if role is None else role


def severity_rank(severity: str) -> int:
    """Order used by ``--fail-on``: info < warning < error."""
    return SEVERITIES.index(severity)


@dataclass(slots=True)  # not frozen: see "Made per line" in the module docstring
class Segment:
    """A run of turn text that is contiguous in the source file.

    ``offset`` is where the run starts in ``Turn.text``; it lasts until the
    next segment's offset. ``source`` is the character offset of that same
    character in ``Document.source``; ``line`` and ``column`` are 1-based.
    ``escape`` is nonzero for a run of one character written as an escape or
    entity (``\u4f60``, ``&amp;``): how many source characters it takes, so
    that a finding ending on it ends after the whole escape.
    """

    offset: int
    source: int
    line: int
    column: int
    escape: int = 0


@dataclass(slots=True)  # not frozen: see "Made per line" in the module docstring
class Position:
    source: int
    line: int
    column: int


@dataclass(slots=True)  # not frozen: see "Made per line" in the module docstring
class Word:
    """A timed word of a turn: ``Turn.text[start:end]``, said at ``at`` seconds."""

    start: int
    end: int
    at: float


@dataclass(slots=True)
class Turn:
    """What one speaker says in one go (a labelled line, a paragraph, a cue)."""

    text: str
    segments: list[Segment]
    role: str | None = None  # "agent" | "customer" | "system" | None (unknown)
    speaker: str | None = None  # the speaker name as written in the source
    start: float | None = None  # seconds from the start of the call
    end: float | None = None
    # Word times, where the format gives them (Transcribe, Whisper, Deepgram …): (start, end)
    # of each word in ``text`` and the second it was said. Overtalk reads them
    # to tell an agent's "okay" while the customer talks from interrupting.
    words: list[Word] | None = None
    _offsets: list[int] | None = field(default=None, repr=False, compare=False)

    def _segment(self, offset: int) -> Segment:
        """The segment holding the character at ``offset`` in :attr:`text`."""
        if self._offsets is None:
            self._offsets = [s.offset for s in self.segments]
        i = bisect.bisect_right(self._offsets, offset) - 1
        return self.segments[max(i, 0)]

    def position(self, offset: int) -> Position:
        """Source position of the character at ``offset`` in :attr:`text`."""
        seg = self._segment(offset)
        delta = offset - seg.offset
        return Position(seg.source + delta, seg.line, seg.column + delta)

    def end_position(self, end: int) -> Position:
        """Source position just past the character at ``end - 1`` (past the
        whole escape, when that character is written as one)."""
        if end <= 0:
            return self.position(0)
        seg = self._segment(end - 1)
        past = end - seg.offset - 1 + (seg.escape or 1)
        return Position(seg.source + past, seg.line, seg.column + past)


@dataclass(slots=True)
class Document:
    """A script document or a transcript, ready to be linted."""

    path: str
    source: str
    turns: list[Turn]
    kind: str = "script"  # "script" (editable) | "transcript" (never rewritten)
    format: str = "text"  # name of the reader that produced it
    encoding: str | None = "utf-8"
    locale: str | None = None  # forced or detected locale id ("en", "zh", "tl")
    duration: float | None = None  # call length given by the format, seconds
    hangup: float | None = None  # time of an explicit [hangup] marker
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def timed(self) -> bool:
        return any(t.start is not None for t in self.turns)

    @property
    def customer_silent(self) -> bool:
        """Whether nobody but the agent and the system says anything: the
        silent line. A speaker whose role is unknown counts as the customer."""
        return all(heard_as(t.role) in ("agent", "system") for t in self.turns)

    @property
    def call_end(self) -> float | None:
        """End of the call: a hang-up marker, else the format's duration,
        else the end of the last turn (see README, "End of the call")."""
        if self.hangup is not None:
            return self.hangup
        if self.duration is not None:
            return self.duration
        ends = [t.end if t.end is not None else t.start for t in self.turns]
        ends = [e for e in ends if e is not None]
        return max(ends) if ends else None


@dataclass(slots=True)
class Finding:
    """One problem found in a document. ``to_dict`` is the JSON contract."""

    rule: str
    kind: str  # "forbidden" | "required" | "timing"
    severity: str  # "error" | "warning" | "info"
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    replacements: tuple[str, ...] = ()
    speaker: str | None = None
    start: float | None = None
    end: float | None = None
    offset: int | None = None  # character offsets in Document.source (for the fixer)
    end_offset: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def replacement(self) -> str | None:
        return self.replacements[0] if self.replacements else None

    def sort_key(self) -> tuple:
        return finding_order(self)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "text": self.text,
            "replacement": self.replacement,
            "speaker": self.speaker,
            "start": self.start,
            "end": self.end,
        }
        if len(self.replacements) > 1:
            data["replacements"] = list(self.replacements)
        data.update(self.extra)
        return data


# How findings are sorted: by position, then rule (``Finding.sort_key``). An
# attrgetter rather than the method: every linted document sorts its
# findings, and a Python call per finding costs more than the comparisons.
finding_order = attrgetter("line", "column", "end_line", "end_column", "rule")


@dataclass(slots=True)
class FileResult:
    """Findings for one input, or the error that kept it from being read."""

    path: str
    locale: str | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None  # why the file could not be checked (exit code 2)
    skipped: str | None = None  # why the file was passed over (binary, too large)
    stats: dict[str, Any] | None = None
    document: Document | None = field(default=None, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "locale": self.locale,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.error is not None:
            data["error"] = self.error
        if self.skipped is not None:
            data["skipped"] = self.skipped
        if self.stats is not None:
            data["stats"] = self.stats
        return data


def summarize(results: list[FileResult]) -> dict[str, int]:
    """The ``summary`` object of the JSON contract (plus error/skip counts)."""
    tally = Tally()
    for r in results:
        tally.add(r)
    return tally.counts


# The summary fields of the JSON contract, in their order.
SUMMARY_KEYS = ("files", "findings", "errors", "warnings", "infos")


class Tally:
    """The summary counts of the results seen so far, for the reports that
    write each file as it is checked and the summary last."""

    def __init__(self) -> None:
        self.counts = dict.fromkeys((*SUMMARY_KEYS, "file_errors", "skipped"), 0)

    def add(self, result: FileResult) -> None:
        c = self.counts
        c["files"] += 1
        c["findings"] += len(result.findings)
        for f in result.findings:
            c[f"{f.severity}s"] += 1
        c["file_errors"] += result.error is not None
        c["skipped"] += result.skipped is not None

    def contract(self) -> dict[str, int]:
        return {k: self.counts[k] for k in SUMMARY_KEYS}
