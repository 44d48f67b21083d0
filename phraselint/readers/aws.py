"""Amazon Transcribe output: Call Analytics JSON and plain (batch) JSON.

Call Analytics (``{"Transcript": [...], "ConversationCharacteristics": …}``):

- one turn per ``Transcript`` entry: ``Content``, ``BeginOffsetMillis`` /
  ``EndOffsetMillis`` (milliseconds) and ``ParticipantRole`` (``AGENT`` and
  ``CUSTOMER`` map to their roles directly, anything else goes through the
  configured and locale speaker names);
- ``ConversationCharacteristics.TotalConversationDurationMillis`` is
  ``Document.duration``;
- the ``Items`` of an entry (its words, ``BeginOffsetMillis``) are the turn's
  word times (``Turn.words``) when they line up with ``Content``.

Plain Transcribe (``{"results": {"items": [...], "speaker_labels": …}}``):

- words (``items``) are grouped into turns. Where ``speaker_labels.segments``
  exist, each of Transcribe's own speaker segments is a turn; else a turn ends
  when the speaker (``speaker_label``, else ``channel_label``) changes or after
  a pause of :data:`PAUSE` seconds, so that silences stay visible between turns;
- words are joined with a space (none before punctuation, none between two
  Chinese or Japanese characters or their full-width punctuation); times are
  the first and last word's, and each word's ``start_time`` is kept
  (``Turn.words``);
- output without items gives one untimed turn from ``transcripts``.

Positions point into the JSON file (a word's characters map to its string
value, an escape to its backslash; the space between two words maps to the
first word's closing quote). Turns stay in source order, which is time order
in Transcribe's output. A turn whose whole text is a hang-up marker sets
``Document.hangup``.
"""

from __future__ import annotations

import bisect
import math
import re
from typing import Any

from ..model import Document, Word
from . import ReadOptions
from ._json import EACH, JsonSource, read_json
from ._transcripts import (
    TurnSink,
    WordTurn,
    is_number,
    looks_like_json,
    role_of,
    seconds,
    time_problem,
    timed_words,
)

NAME = "aws"
KIND = "transcript"

PAUSE = 1.0  # seconds of silence that end a turn when Transcribe gives no segments

_TCA = re.compile(r'"(?:Transcript"\s*:\s*\[|ParticipantRole")')
_PLAIN = re.compile(r'"results"\s*:\s*\{')
_ROLES = {"AGENT": "agent", "CUSTOMER": "customer"}


def sniff(text: str) -> bool:
    if not looks_like_json(text):
        return False
    head = text[:2000]
    if _TCA.search(head):
        return True
    return _PLAIN.search(head) is not None and ('"transcripts"' in head or '"items"' in head)


# Where the texts are (see JsonSource.locate). A Call Analytics entry's words
# have a "Content" too, and so do the items of each channel in plain output.
TCA_TEXTS = (("Transcript", EACH, "Content"), ("Transcript", EACH, "Items", EACH, "Content"))
WORDS = ("results", "items", EACH, "alternatives", EACH, "content")
CHANNEL_WORDS = ("results", "channel_labels", "channels", EACH, "items", EACH)
CHANNEL_WORDS += ("alternatives", EACH, "content")
TRANSCRIPTS = ("results", "transcripts", EACH, "transcript")


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    return read_json(text, path, lambda js: _read(js, options))


def _read(js: JsonSource, options: ReadOptions) -> Document:
    data = js.data
    if isinstance(data, dict) and "Transcript" in data:
        return _read_tca(js, options)
    if isinstance(data, dict) and isinstance(data.get("results"), dict):
        return _read_plain(js, options)
    js.fail('not Amazon Transcribe JSON: no "Transcript" list or "results" object', data)


# --------------------------------------------------------------------------- Call Analytics


def _millis(js: JsonSource, obj: dict, key: str, what: str) -> float | None:
    value = obj.get(key)
    if value is None:
        return None
    if not is_number(value):
        js.fail(f"{what}: {key} is not a number", obj, key)
    return seconds(value / 1000)


def _read_tca(js: JsonSource, options: ReadOptions) -> Document:
    js.locate(*TCA_TEXTS)
    data = js.data
    entries = data["Transcript"]
    if not isinstance(entries, list):
        js.fail('"Transcript" is not a list', data, "Transcript")
    sink = TurnSink()
    for n, entry in enumerate(entries):
        what = f"Transcript[{n}]"
        if not isinstance(entry, dict):
            js.fail(f"{what}: expected an object", entries)
        content = entry.get("Content")
        if not isinstance(content, str):
            js.fail(f"{what}: Content is missing or not a string", entry, "Content")
        start = _millis(js, entry, "BeginOffsetMillis", what)
        end = _millis(js, entry, "EndOffsetMillis", what)
        problem = time_problem(start, end)
        if problem is not None:
            key = "BeginOffsetMillis" if problem[1] == "start" else "EndOffsetMillis"
            js.fail(f"{what}: {problem[0]}", entry, key)
        raw = entry.get("ParticipantRole")
        speaker = str(raw) if raw not in (None, "") else None
        role = _ROLES.get(speaker.upper()) if speaker else None
        if role is None:
            role = role_of(speaker, options.speakers)
        body, segments = js.text_of(content)
        sink.add(body, segments, speaker, role, start, end, _tca_words(body, entry))
    duration = None
    chars = data.get("ConversationCharacteristics")
    if isinstance(chars, dict):
        key = "TotalConversationDurationMillis"
        duration = _millis(js, chars, key, "ConversationCharacteristics")
        if duration is not None and duration < 0:
            js.fail(f"ConversationCharacteristics: negative {key}", chars, key)
    return sink.document(js.text, js.path, NAME, duration=duration)


def _tca_words(text: str, entry: dict) -> list[Word] | None:
    """The times of the words (not the punctuation) of an entry's ``Items``."""
    items = entry.get("Items")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        return None
    spoken = (i for i in items if i.get("Type") != "punctuation")
    times = ((i.get("Content"), i.get("BeginOffsetMillis")) for i in spoken)
    return timed_words(text, times, 0.001)


# --------------------------------------------------------------------------- plain Transcribe


def _time(js: JsonSource, item: dict, key: str, where: str, n: int) -> float | None:
    """A time of plain Transcribe, which writes seconds as strings (``"1.3"``),
    of item ``n`` at ``where``. ``float`` also reads ``"nan"`` and ``"inf"``,
    which no report could hold: they are bad times like any other text.
    (Twice for every word of a call: the string, the common case, comes
    first, and the error message is made only for an error.)"""
    written = item.get(key)
    if written is None:
        return None
    if isinstance(written, str):
        try:
            value = float(written)
        except ValueError:
            pass
        else:
            if math.isfinite(value):
                return seconds(value)
    elif is_number(written):
        return seconds(written)
    js.fail(f"{where}[{n}]: bad {key} {written!r}", item, key)


def _segment_bounds(js: JsonSource, results: dict) -> list[tuple[float, float, str | None]]:
    labels = results.get("speaker_labels")
    segments = labels.get("segments") if isinstance(labels, dict) else None
    if not isinstance(segments, list):
        return []
    bounds = []
    for n, seg in enumerate(segments):
        if not isinstance(seg, dict):
            continue
        start = _time(js, seg, "start_time", "speaker_labels.segments", n)
        end = _time(js, seg, "end_time", "speaker_labels.segments", n)
        if start is None or end is None:
            continue
        label = seg.get("speaker_label")
        bounds.append((start, end, str(label) if label not in (None, "") else None))
    bounds.sort(key=lambda b: b[0])
    return bounds


def _channel_map(results: dict) -> dict[str, str]:
    """Start time (as written) of each word → its channel, from channel_labels."""
    out: dict[str, str] = {}
    channels = results.get("channel_labels")
    channels = channels.get("channels") if isinstance(channels, dict) else None
    for channel in channels if isinstance(channels, list) else ():
        if not isinstance(channel, dict):
            continue
        label = channel.get("channel_label")
        for item in channel.get("items") or ():
            if isinstance(item, dict) and item.get("start_time") is not None and label:
                out[str(item["start_time"])] = str(label)
    return out


def _read_plain(js: JsonSource, options: ReadOptions) -> Document:
    results = js.data["results"]
    items = results.get("items")
    sink = TurnSink()
    if not items:
        js.locate(TRANSCRIPTS)
        transcripts = results.get("transcripts")
        if isinstance(transcripts, list):
            for entry in transcripts:
                body = entry.get("transcript") if isinstance(entry, dict) else None
                if isinstance(body, str):
                    sink.add(*js.text_of(body), None, None, None, None)
        return sink.document(js.text, js.path, NAME)
    if not isinstance(items, list):
        js.fail('"results.items" is not a list', results, "items")
    js.locate(WORDS, CHANNEL_WORDS)
    bounds = _segment_bounds(js, results)
    starts = [b[0] for b in bounds]
    channels = _channel_map(results)
    turns: list[WordTurn] = []
    current: WordTurn | None = None
    last_end: float | None = None
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            js.fail(f"results.items[{n}]: expected an object", items)
        alternatives = item.get("alternatives")
        best = alternatives[0] if isinstance(alternatives, list) and alternatives else None
        content = best.get("content") if isinstance(best, dict) else None
        if not isinstance(content, str):
            problem = f"results.items[{n}]: no alternatives[0].content string"
            js.fail(problem, item, "alternatives")
        punctuation = item.get("type") == "punctuation"
        start = _time(js, item, "start_time", "results.items", n)
        end = _time(js, item, "end_time", "results.items", n)
        problem = time_problem(start, end)
        if problem is not None:
            js.fail(f"results.items[{n}]: {problem[0]}", item, f"{problem[1]}_time")
        if punctuation or start is None:
            if current is None:
                continue  # punctuation before any word carries nothing
        else:
            speaker = item.get("speaker_label") or item.get("channel_label")
            if not speaker:
                speaker = channels.get(str(item.get("start_time")))
            if bounds:
                key: Any = max(bisect.bisect_right(starts, start) - 1, 0)
                speaker = speaker or bounds[key][2]
                new_turn = current is None or current.key != key
            else:
                key = None
                paused = last_end is not None and start - last_end >= PAUSE
                new_turn = current is None or paused or current.speaker != (speaker or None)
            if new_turn:
                current = WordTurn(key, str(speaker) if speaker else None)
                turns.append(current)
            if current.start is None:
                current.start = start
            if end is not None:
                current.end = end
            last_end = end if end is not None else start
        current.add(js.stripped(content), start, punctuation)
    for turn in turns:
        turn.keep(sink, options.speakers)
    return sink.document(js.text, js.path, NAME)
