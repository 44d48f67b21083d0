"""Readers turn decoded text into a :class:`~phraselint.model.Document`.

One module per input format. Each module defines:

- ``NAME``: the format name used by ``--input-format`` (``"vtt"``, ``"srt"`` …);
- ``KIND``: ``"script"`` (may be auto-fixed) or ``"transcript"`` (never rewritten);
- ``sniff(text) -> bool``: whether the content looks like this format;
- ``read(text, path, options) -> Document``.

:func:`reader_for` chooses by ``--input-format``, then by a transcript
format's extension, then by sniffing the content (so a transcript saved as
``.txt`` is still read as one); plain text / Markdown scripts are the fallback,
except for JSON, which is skipped (:func:`_is_json`).
The file suffixes each format claims are listed here, not in its module, so
that a file whose suffix names its format imports that one reader alone.
"""

from __future__ import annotations

import functools
import importlib
import math
from dataclasses import dataclass, field
from operator import attrgetter
from types import ModuleType

from ..errors import InputError

BOM = "\ufeff"

# Each reader module and the file suffixes (lower case, with the dot) that
# make a file its format. Order matters, for suffixes and for sniffing: the
# most specific formats first, scripts last.
SCRIPT_EXTENSIONS = (".md", ".markdown", ".txt", ".text")
_MODULES = {
    "aws": (".tca.json", ".transcribe.json", ".aws.json"),
    "whisper": (".whisper.json",),
    "deepgram": (".deepgram.json",),
    "assemblyai": (".assemblyai.json",),
    "ccai": (".ccai.json",),
    "azure": (".azure.json",),
    "vtt": (".vtt", ".webvtt"),
    "srt": (".srt",),
    "chatlog": (".log", ".chat", ".chatlog"),
    "csvfile": (".csv", ".tsv", ".tab"),
    "script": SCRIPT_EXTENSIONS,
}


@dataclass
class ReadOptions:
    """What readers need besides the text."""

    input_format: str | None = None
    # speaker name → role ("agent" | "customer" | "system"), from config / CLI
    speakers: dict[str, str] = field(default_factory=dict)
    # CSV column names: {"speaker": ..., "start": ..., "end": ..., "text": ...}
    csv_columns: dict[str, str] = field(default_factory=dict)


@functools.cache
def _module(name: str) -> ModuleType | None:
    """One reader module, imported once per process (``None`` if it is gone)."""
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        return None


@functools.cache
def _available() -> tuple[ModuleType, ...]:
    """Every reader module, in sniffing order."""
    return tuple(m for m in map(_module, _MODULES) if m is not None)


def formats() -> list[str]:
    return [m.NAME for m in _available()]


# The CSV reader's names for the text column (csvfile._DEFAULTS, checked by a test).
CSV_TEXT_COLUMNS = ("text", "content", "transcript", "utterance", "message", "sentence")

# How far a chat log's stamped lines are looked for: an export may open with
# a header of a few lines (title, queue, date) before them.
HEAD_LINES = 20
HEAD_CHARS = 4000


def head_lines(text: str) -> list[str]:
    """The first non-blank lines of ``text`` (at most :data:`HEAD_LINES`,
    within its first :data:`HEAD_CHARS` characters)."""
    lines = text[:HEAD_CHARS].lstrip(BOM).splitlines()
    return [line for line in lines if line.strip()][:HEAD_LINES]


def might_be_transcript(text: str) -> bool:
    """A cheap test that every transcript sniffer's answer implies (a test
    holds them to it): JSON, a WEBVTT header, a ``-->`` cue timing (SRT), a
    delimiter and a text column's name in the first line (CSV), or among the
    :func:`head_lines` one that starts with a digit or bracket and holds a
    colon (a chat stamp). A Markdown script that passes none is read without
    importing the transcript readers, which pre-commit's start-up would
    otherwise pay for on every commit."""
    head = text[:600].lstrip(BOM)
    if text.lstrip(BOM + " \t\r\n")[:1] in ("{", "[") or "-->" in head:
        return True
    if head.startswith("WEBVTT"):
        return True
    head = head.lstrip("\r\n")
    # The CSV header is cut at CR/LF only, as the CSV reader cuts it
    # (splitlines also breaks at form feeds and other separators).
    first = head.split("\n", 1)[0].split("\r", 1)[0]
    if any(d in first for d in ",\t;|"):
        first = first.casefold()
        if any(name in first for name in CSV_TEXT_COLUMNS):
            return True
    return any(_stamp_like(line) for line in head_lines(text))


def _stamp_like(line: str) -> bool:
    first = line.lstrip()[:1]
    return (first.isdigit() or first in "[(（【") and (":" in line or "：" in line)


def reader_for(path: str, text: str, input_format: str | None = None) -> ModuleType:
    if input_format:
        for m in _available():
            if input_format == m.NAME:
                return m
        raise InputError(
            f"unknown input format {input_format!r} (known: {', '.join(formats())})", path
        )
    lower = path.lower()
    for name, suffixes in _MODULES.items():
        # A script's suffix is no transcript format's (a test checks), so
        # only its content can make it a transcript.
        if lower.endswith(suffixes) and (name != "script" or not might_be_transcript(text)):
            found = _module(name)
            if found is not None:
                return found
    # A transcript saved as .txt (or stdin) is still recognised by content.
    mods = _available()
    for m in mods[:-1]:
        if m.sniff(text):
            return m
    if lower.endswith(".json") or _is_json(text):
        from ..sources import SkipFile

        raise SkipFile(_not_a_transcript(), path)
    return mods[-1]  # scripts: the fallback, whatever the name


@functools.cache
def _not_a_transcript() -> str:
    """Why a JSON file is skipped, naming the readers of JSON (those whose
    suffixes end in ``.json``), so that a new one is named without an edit."""
    names = [n for n, suffixes in _MODULES.items() if any(s.endswith(".json") for s in suffixes)]
    return (
        f"JSON in no transcript format phraselint reads ({', '.join(names)}); "
        "--input-format chooses a reader"
    )


def _is_json(text: str) -> bool:
    """Whether ``text`` is a JSON object or array. Such a file is data (a
    ``package.json``, a transcript in a format no reader knows), not a script:
    read as one, it would be an agent's narration, missing every required
    phrase. It is skipped with a warning instead; unlike a CSV file, whose
    columns the configuration can name, nothing maps an unknown JSON layout."""
    if text.lstrip(BOM + " \t\r\n")[:1] not in ("{", "["):
        return False  # every script but the rare one starting with a bracket
    import json

    try:
        return isinstance(json.loads(text.lstrip(BOM)), (dict, list))
    except (ValueError, RecursionError):  # not JSON (or brackets nested past any data)
        return False


def read_text(text: str, path: str, options: ReadOptions | None = None):
    """Parse decoded ``text`` (from ``path``, used for format choice and errors)."""
    options = options or ReadOptions()
    module = reader_for(path, text, options.input_format)
    document = module.read(text, path, options)
    if document.kind == "transcript":
        _check_finite(document)
    return document


def _check_finite(document) -> None:
    """Every time of a transcript is a number or absent, never NaN or an
    infinity: the JSON reports cannot hold those. Each reader checks its own
    times; this holds every reader to it, so that a time one of them lets
    through is an error of that file rather than invalid JSON for all."""
    turns = document.turns
    # One sum first, as most files pass: NaN or an infinity makes it so too
    # (filter(None) drops the absent times, and zeros, which add nothing).
    total = sum(filter(None, map(attrgetter("start"), turns)))
    total += sum(filter(None, map(attrgetter("end"), turns)))
    if any(map(attrgetter("words"), turns)):
        total += sum(w.at for t in turns if t.words for w in t.words)
    if math.isfinite(total + (document.duration or 0) + (document.hangup or 0)):
        return
    problem = "a time is not a finite number"
    for turn in turns:
        if not all(map(_finite, (turn.start, turn.end, *(w.at for w in turn.words or ())))):
            line = turn.segments[0].line if turn.segments else None
            raise InputError(problem, document.path, line)
    if not (_finite(document.duration) and _finite(document.hangup)):
        raise InputError(problem, document.path)


def _finite(value: float | None) -> bool:
    return value is None or math.isfinite(value)
