"""JSON transcripts made of a list of utterances, each an object with its
text, start, end, speaker and maybe its words: Whisper's ``segments``,
Deepgram's and AssemblyAI's ``utterances``. One reading for all of them,
told apart by a :class:`Layout`.

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

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Document, Word
from . import ReadOptions
from ._transcripts import (
    JsonSource,
    TurnSink,
    is_number,
    lines_text,
    role_of,
    seconds,
    time_problem,
    timed_words,
)


@dataclass(frozen=True)
class Layout:
    """Where one format keeps an utterance's parts."""

    format: str  # the reader's NAME
    text: str  # key of the utterance's text
    scale: float = 1.0  # seconds per unit of its times
    word_text: tuple[str, ...] = ("word",)  # keys of a word's text, the first present wins
    start: str = "start"
    end: str | None = "end"  # None: the format gives start times only
    speaker: str = "speaker"
    # Speaker values that name a role themselves (upper case), before any
    # configured speaker name is consulted.
    roles: Mapping[str, str] = field(default_factory=dict)
    # Wall-clock times (epoch microseconds) count from the first utterance.
    from_first: bool = False


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
    """The document of ``items`` (found at ``where`` in the JSON), one turn each."""
    sink = TurnSink()
    origin = _origin(items, layout) if layout.from_first else 0
    keys = {"start": layout.start, "end": layout.end}
    for n, item in enumerate(items):
        what = f"{where}[{n}]"
        if not isinstance(item, dict):
            js.fail(f"{what}: expected an object", item if hasattr(item, "at") else items)
        body = item.get(layout.text)
        if body is None:
            continue
        if not isinstance(body, str):
            js.fail(f'{what}: "{layout.text}" is not a string', item, layout.text)
        times = []
        for key in keys.values():
            value = item.get(key) if key else None
            if value is not None and not is_number(value):
                js.fail(f"{what}: {key!r} is not a number", item, key)
            times.append(seconds((value - origin) * layout.scale) if value is not None else None)
        start, end = times
        problem = time_problem(start, end)
        if problem is not None:
            js.fail(f"{what}: {problem[0]}", item, keys[problem[1]])
        speaker = item.get(layout.speaker)
        speaker = str(speaker) if speaker not in (None, "") else None
        text, segments = lines_text([js.pieces(body)])
        role = layout.roles.get(speaker.upper()) if speaker else None
        role = role or role_of(speaker, options.speakers)
        sink.add(text, segments, speaker, role, start, end, _words(text, item, layout, origin))
    return sink.document(js.text, js.path, layout.format)


def _origin(items: list, layout: Layout) -> float:
    """The earliest start time of the utterances, the zero of their times."""
    starts = [i.get(layout.start) for i in items if isinstance(i, dict)]
    return min((s for s in starts if is_number(s)), default=0)


def _words(text: str, item: dict, layout: Layout, origin: float) -> list[Word] | None:
    words = item.get("words")
    if not isinstance(words, list) or not all(isinstance(w, dict) for w in words):
        return None
    keys = layout.word_text
    said = (next((w[k] for k in keys if k in w), None) for w in words)
    starts = (w.get("start") for w in words)
    return timed_words(text, zip(said, starts, strict=True), layout.scale, origin)
