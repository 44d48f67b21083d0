"""Whisper / WhisperX JSON (``{"segments": [{"start", "end", "text", …}]}``).

A top-level list of such segments is read too, and recognised by its first
segment when the file's name does not say it is Whisper's. Each segment is
an utterance (:mod:`._utterances`): plain Whisper has no speakers (role
``None``), and WhisperX's ``"speaker"`` (``SPEAKER_00``) goes through the
configured and locale speaker names; ``words`` (``word_timestamps=True``,
WhisperX) give the word times.
"""

from __future__ import annotations

import json
import json.decoder
import re

from ..model import Document
from . import ReadOptions
from ._json import EACH, JsonSource, read_json
from ._transcripts import BOM, is_number, looks_like_json
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
    if _SEGMENTS.search(text) is not None and '"start"' in text:
        return True
    return _starts_with_a_segment(text)


def _starts_with_a_segment(text: str) -> bool:
    """Whether ``text`` is a list whose first item is a segment, with a
    number ``start`` and ``end`` and a string ``text``: Whisper's segments
    saved on their own. Only that item is decoded, and a list of other
    objects (or of anything else) is no transcript."""
    head = text.lstrip(BOM + " \t\r\n")
    if not head.startswith("["):
        return False
    try:
        first, _ = json.JSONDecoder().raw_decode(head, json.decoder.WHITESPACE.match(head, 1).end())
    except (ValueError, RecursionError):
        return False
    return (
        isinstance(first, dict)
        and is_number(first.get("start"))
        and is_number(first.get("end"))
        and isinstance(first.get("text"), str)
    )


# Where the texts are (see JsonSource.locate): Whisper writes the whole text
# first, then each segment's; a list of segments holds only theirs.
TEXTS = (("text",), ("segments", EACH, "text"), (EACH, "text"))


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    return read_json(text, path, lambda js: _read(js, options))


def _read(js: JsonSource, options: ReadOptions) -> Document:
    js.locate(*TEXTS)
    data = js.data
    if isinstance(data, dict):
        segments = data.get("segments")
        if not isinstance(segments, list):
            js.fail('not Whisper JSON: no "segments" list', data)
    elif isinstance(data, list):
        segments = data
    else:
        js.fail('not Whisper JSON: expected an object with "segments"', data)
    return read_utterances(js, segments, "segments", LAYOUT, options)
