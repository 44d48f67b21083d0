"""Whisper / WhisperX JSON (``{"segments": [{"start", "end", "text", …}]}``).

A top-level list of such segments is read too. Each segment is an utterance
(:mod:`._utterances`): plain Whisper has no speakers (role ``None``), and
WhisperX's ``"speaker"`` (``SPEAKER_00``) goes through the configured and
locale speaker names; ``words`` (``word_timestamps=True``, WhisperX) give the
word times.
"""

from __future__ import annotations

import re

from ..model import Document
from . import ReadOptions
from ._transcripts import JsonSource, looks_like_json
from ._utterances import Layout, read_utterances

NAME = "whisper"
KIND = "transcript"
LAYOUT = Layout(NAME, "text")

_SEGMENTS = re.compile(r'"segments"\s*:\s*\[')


def sniff(text: str) -> bool:
    # Whisper writes the full "text" first, so "segments" may come late: a
    # search of the whole string is still cheap next to reading the file.
    if not looks_like_json(text) or '"Transcript"' in text[:2000]:
        return False
    return _SEGMENTS.search(text) is not None and '"start"' in text


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
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
    return read_utterances(js, segments, "segments", LAYOUT, options or ReadOptions())
