"""JSON transcripts made of a list of utterances, each an object with its
text, start, end, speaker and maybe its words: Whisper's ``segments``,
Deepgram's and AssemblyAI's ``utterances``, CCAI's ``entries``, Azure's
``recognizedPhrases``. One reading for all of them, told apart by a
:class:`Layout`.

- One turn per utterance with non-empty text; times are seconds once scaled
  (AssemblyAI writes milliseconds).
- The speaker, when there is one, is its name as written (``SPEAKER_00``,
  ``0``, ``A``), mapped to a role through the configured and locale speaker
  names (``--agent-speaker``, ``speakers:``).
- ``words`` with a start time give the turn's word times (``Turn.words``)
  when they line up with its text; otherwise the turn has none.
- Positions point into the JSON file: each character of the (stripped) text
  maps to its character in the string value, an escape to its backslash.
- An utterance whose whole text is a hang-up marker sets ``Document.hangup``.
- Utterances stay in source order (these formats write them in time order).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, Word
from . import ReadOptions
from ._json import JsonSource
from ._transcripts import (
    TurnSink,
    is_number,
    role_of,
    seconds,
    time_problem,
    timed_words,
)

# Where a value sits in an utterance: a key, or keys and list indices in turn
# (Azure's text is at ("nBest", 0, "display")).
KeyPath = str | tuple[str | int, ...]


def _at(obj: Any, path: KeyPath) -> Any:
    for step in (path,) if isinstance(path, str) else path:
        if isinstance(step, str):
            obj = obj.get(step) if isinstance(obj, dict) else None
        else:
            obj = obj[step] if isinstance(obj, list) and len(obj) > step else None
    return obj


def _name(path: KeyPath) -> str:
    """The path as it reads in an error message: ``nBest[0].display``."""
    if isinstance(path, str):
        return path
    return "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in path).lstrip(".")


def _last_key(path: KeyPath) -> str:
    return path if isinstance(path, str) else next(s for s in reversed(path) if isinstance(s, str))


@dataclass(frozen=True)
class Layout:
    """Where one format keeps an utterance's parts."""

    format: str  # the reader's NAME
    text: KeyPath  # the utterance's text
    scale: float = 1.0  # seconds per unit of its times
    words: KeyPath = "words"
    word_text: tuple[str, ...] = ("word",)  # keys of a word's text, the first present wins
    word_start: str = "start"
    start: str = "start"
    end: str | None = "end"  # None: the format gives start times only
    duration: str | None = None  # the end is the start plus this, when there is no end
    speaker: tuple[str, ...] = ("speaker",)  # keys of the speaker, the first present wins
    # Speaker values that name a role themselves (upper case), before any
    # configured speaker name is consulted.
    roles: Mapping[str, str] = field(default_factory=dict)
    # Wall-clock times (epoch microseconds) count from the first utterance.
    from_first: bool = False
    # Names an utterance's speaker when no single key does (Deepgram's channel
    # and speaker together); else the speaker is the first of ``speaker``.
    speaker_name: Callable[[dict], str | None] | None = None


def member(js: JsonSource, obj: Any, key: str, kind: type, problem: str) -> Any:
    """``obj[key]`` when ``obj`` is an object and that is a ``kind``; else the
    ``problem``, at ``obj``'s line."""
    value = obj.get(key) if isinstance(obj, dict) else None
    if not isinstance(value, kind):
        js.fail(problem, obj)
    return value


def read_utterances(
    js: JsonSource, items: list, where: str, layout: Layout, options: ReadOptions
) -> Document:
    """The document of ``items`` (found at ``where`` in the JSON), one turn each.

    Run once per utterance of every file, so the loop keeps to what each
    needs: the message of an error (``what``) is made when there is one, a
    text at a key is read without walking a path, and a speaker's role is
    looked up once.
    """
    sink = TurnSink()
    origin = _origin(items, layout) if layout.from_first else 0
    keys = {"start": layout.start, "end": layout.end}
    text_key = layout.text if isinstance(layout.text, str) else None
    roles: dict[str | None, str | None] = {}
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            problem = f"{where}[{n}]: expected an object"
            js.fail(problem, item if hasattr(item, "at") else items)
        body = item.get(text_key) if text_key else _at(item, layout.text)
        if body is None:
            continue
        if not isinstance(body, str):
            problem = f'{where}[{n}]: "{_name(layout.text)}" is not a string'
            js.fail(problem, item, _last_key(layout.text))
        start = _time(js, item, layout.start, where, n, layout, origin)
        end = _time(js, item, layout.end, where, n, layout, origin)
        if layout.duration is not None and start is not None and end is None:
            length = _time(js, item, layout.duration, where, n, layout, 0)
            end = None if length is None else seconds(start + length)
        problem = time_problem(start, end)
        if problem is not None:
            js.fail(f"{where}[{n}]: {problem[0]}", item, keys[problem[1]] or layout.duration)
        if layout.speaker_name is not None:
            speaker = layout.speaker_name(item)
        else:
            speaker = _speaker(item, layout.speaker)
        text, segments = js.text_of(body)
        if speaker in roles:
            role = roles[speaker]
        else:
            role = layout.roles.get(speaker.upper()) if speaker else None
            role = roles[speaker] = role or role_of(speaker, options.speakers)
        sink.add(text, segments, speaker, role, start, end, _words(text, item, layout, origin))
    return sink.document(js.text, js.path, layout.format)


def _speaker(item: dict, keys: tuple[str, ...]) -> str | None:
    """The first of ``keys`` that ``item`` has, not null or empty, as a name."""
    for key in keys:
        value = item.get(key)
        if value not in (None, ""):
            return str(value)
    return None


def number(js: JsonSource, obj: dict, key: str | None, what: str) -> float | None:
    """``obj[key]``, a number or absent (``None``); anything else is an error
    at the key's line."""
    value = obj.get(key) if key else None
    if value is not None and not is_number(value):
        js.fail(f"{what}: {key!r} is not a number", obj, key)
    return value


def _time(
    js: JsonSource, item: dict, key: str | None, where: str, n: int, layout: Layout, origin: float
) -> float | None:
    """Seconds of ``item[key]`` (see :func:`number`), item ``n`` at ``where``."""
    value = item.get(key) if key else None
    if value is None:
        return None
    if not is_number(value):
        number(js, item, key, f"{where}[{n}]")  # says what is wrong
    return seconds((value - origin) * layout.scale)


def _origin(items: list, layout: Layout) -> float:
    """The earliest start time of the utterances, the zero of their times."""
    starts = [i.get(layout.start) for i in items if isinstance(i, dict)]
    return min((s for s in starts if is_number(s)), default=0)


def _words(text: str, item: dict, layout: Layout, origin: float) -> list[Word] | None:
    words = item.get(layout.words) if isinstance(layout.words, str) else _at(item, layout.words)
    if not isinstance(words, list) or not all(isinstance(w, dict) for w in words):
        return None
    keys = layout.word_text
    said = (next((w[k] for k in keys if k in w), None) for w in words)
    starts = (w.get(layout.word_start) for w in words)
    return timed_words(text, zip(said, starts, strict=True), layout.scale, origin)
