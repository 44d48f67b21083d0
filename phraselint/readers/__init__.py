"""Readers turn decoded text into a :class:`~phraselint.model.Document`.

One module per input format. Each module defines:

- ``NAME``: the format name used by ``--input-format`` (``"vtt"``, ``"srt"`` …);
- ``EXTENSIONS``: file suffixes it claims (lower case, with the dot);
- ``KIND``: ``"script"`` (may be auto-fixed) or ``"transcript"`` (never rewritten);
- ``sniff(text) -> bool``: whether the content looks like this format;
- ``read(text, path, options) -> Document``.

:func:`reader_for` chooses by ``--input-format``, then by a transcript
format's extension, then by sniffing the content (so a transcript saved as
``.txt`` is still read as one); plain text / Markdown scripts are the fallback.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from types import ModuleType

from ..errors import InputError

BOM = "\ufeff"

# Order matters for sniffing: the most specific formats first, scripts last.
_MODULES = (
    "aws",
    "whisper",
    "vtt",
    "srt",
    "chatlog",
    "csvfile",
    "script",
)


@dataclass
class ReadOptions:
    """What readers need besides the text."""

    input_format: str | None = None
    # speaker name → role ("agent" | "customer" | "system"), from config / CLI
    speakers: dict[str, str] = field(default_factory=dict)
    # CSV column names: {"speaker": ..., "start": ..., "end": ..., "text": ...}
    csv_columns: dict[str, str] = field(default_factory=dict)


@functools.cache
def _available() -> tuple[ModuleType, ...]:
    """The reader modules, imported once per process."""
    mods = []
    for name in _MODULES:
        try:
            mods.append(importlib.import_module(f"{__name__}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    return tuple(mods)


def formats() -> list[str]:
    return [m.NAME for m in _available()]


# What a script may be called; no transcript format claims these (a test
# checks), so for them only the content can make a transcript.
_SCRIPT_EXTENSIONS = (".md", ".markdown", ".txt", ".text")
# The CSV reader's names for the text column (csvfile._DEFAULTS, checked by a test).
CSV_TEXT_COLUMNS = ("text", "content", "transcript", "utterance", "message", "sentence")


@functools.cache
def _script() -> ModuleType:
    """The script reader alone (see :func:`might_be_transcript`)."""
    return importlib.import_module(f"{__name__}.script")


def might_be_transcript(text: str) -> bool:
    """A cheap test that every transcript sniffer's answer implies (a test
    holds them to it): JSON, a WEBVTT header, a ``-->`` cue timing, a line
    starting with a digit or bracket (chat stamps, SRT indices), or a
    delimiter and a text column's name in the first line (CSV). A Markdown
    script that passes none is read without importing the transcript
    readers, which pre-commit's start-up would otherwise pay for on every
    commit."""
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
    firsts = (ln.lstrip()[:1] for ln in head.splitlines())
    return any(c and (c.isdigit() or c in "[(（【") for c in firsts)


def reader_for(path: str, text: str, input_format: str | None = None) -> ModuleType:
    lower = path.lower()
    if not input_format and lower.endswith(_SCRIPT_EXTENSIONS) and not might_be_transcript(text):
        return _script()
    mods = _available()
    if input_format:
        for m in mods:
            if input_format == m.NAME:
                return m
        raise InputError(
            f"unknown input format {input_format!r} (known: {', '.join(formats())})", path
        )
    fallback = mods[-1]  # scripts: claims .md/.txt but sniffs anything
    for m in mods[:-1]:
        if lower.endswith(m.EXTENSIONS):
            return m
    # A transcript saved as .txt (or stdin) is still recognised by content.
    for m in mods[:-1]:
        if m.sniff(text):
            return m
    return fallback


def read_text(text: str, path: str, options: ReadOptions | None = None):
    """Parse decoded ``text`` (from ``path``, used for format choice and errors)."""
    options = options or ReadOptions()
    module = reader_for(path, text, options.input_format)
    return module.read(text, path, options)
