"""Whisper / WhisperX JSON (``{"segments": [{"start", "end", "text", …}]}``).

- One turn per segment with non-empty text; ``start``/``end`` are seconds.
  A top-level list of such segments is read too.
- Plain Whisper has no speakers (role ``None``); WhisperX's ``"speaker"``
  (``SPEAKER_00``) is kept as the speaker name and mapped through the
  configured and locale speaker names.
- Positions point into the JSON file: each character of the (stripped)
  segment text maps to its character in the string value, and a character
  written as an escape maps to its backslash.
- A segment's ``words`` (``word_timestamps=True``, WhisperX) give its word
  times (``Turn.words``), when they line up with its text.
- A segment whose whole text is a hang-up marker sets ``Document.hangup``.
- Segments stay in source order (Whisper writes them in time order anyway).
"""

from __future__ import annotations

import re

from ..model import Document
from . import ReadOptions
from ._transcripts import (
    JsonSource,
    TurnSink,
    is_number,
    lines_text,
    looks_like_json,
    role_of,
    seconds,
    time_problem,
    timed_words,
)

NAME = "whisper"
KIND = "transcript"

_SEGMENTS = re.compile(r'"segments"\s*:\s*\[')


def sniff(text: str) -> bool:
    # Whisper writes the full "text" first, so "segments" may come late: a
    # search of the whole string is still cheap next to reading the file.
    if not looks_like_json(text) or '"Transcript"' in text[:2000]:
        return False
    return _SEGMENTS.search(text) is not None and '"start"' in text


def _words(text: str, seg: dict):
    """Word times (``word_timestamps=True``, WhisperX): ``words`` of the segment."""
    words = seg.get("words")
    if not isinstance(words, list) or not all(isinstance(w, dict) for w in words):
        return None
    return timed_words(text, ((w.get("word"), w.get("start")) for w in words))


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    js = JsonSource(text, path)
    data = js.data
    if isinstance(data, dict):
        segments = data.get("segments")
        if not isinstance(segments, list):
            js.fail('not Whisper JSON: no "segments" list', data)
    elif isinstance(data, list):
        segments = data
    else:
        js.fail('not Whisper JSON: expected an object with "segments"', data)
    sink = TurnSink()
    for n, seg in enumerate(segments):
        what = f"segments[{n}]"
        if not isinstance(seg, dict):
            js.fail(f"{what}: expected an object", seg if hasattr(seg, "at") else segments)
        body = seg.get("text")
        if body is None:
            continue
        if not isinstance(body, str):
            js.fail(f'{what}: "text" is not a string', seg, "text")
        times = []
        for key in ("start", "end"):
            value = seg.get(key)
            if value is not None and not is_number(value):
                js.fail(f"{what}: {key!r} is not a number", seg, key)
            times.append(seconds(value) if value is not None else None)
        start, end = times
        problem = time_problem(start, end)
        if problem is not None:
            js.fail(f"{what}: {problem[0]}", seg, problem[1])
        speaker = seg.get("speaker")
        speaker = str(speaker) if speaker not in (None, "") else None
        turn_text, segs = lines_text([js.pieces(body)])
        role = role_of(speaker, options.speakers)
        sink.add(turn_text, segs, speaker, role, start, end, _words(turn_text, seg))
    return sink.document(text, path, NAME)
