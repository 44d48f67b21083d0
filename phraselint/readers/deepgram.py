"""Deepgram pre-recorded JSON.

``{"metadata": {…}, "results": {"channels": [{"alternatives": [{"words":
[…]}]}], "utterances": […]}}``, times in seconds:

- with utterances (``utterances=true``) each is a turn (:mod:`._utterances`),
  its word times from ``punctuated_word`` (else ``word``) and ``start``;
- without, the words of ``channels[*].alternatives[0]`` are grouped into
  turns as plain Transcribe items are: a turn ends when the speaker changes
  or after a pause of :data:`PAUSE` seconds. Each word is its
  ``punctuated_word`` (else ``word``), joined with spaces (none between two
  Chinese or Japanese characters).

The speaker is the ``speaker`` number (``diarize=true``), else the channel's
number when there are several (``multichannel=true``), kept as a name
(``0``, ``1``): say which is the agent with ``--agent-speaker 0`` or
``speakers:`` in the configuration. With both, diarization numbers the
speakers of each channel from 0, so the name is the channel's number and the
speaker's: ``1.0`` is speaker 0 of channel 1.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Document
from . import ReadOptions
from ._json import EACH, JsonSource, read_json
from ._transcripts import (
    TurnSink,
    WordTurn,
    looks_like_json,
    seconds,
    time_problem,
)
from ._utterances import Layout, member, number, read_utterances

NAME = "deepgram"
KIND = "transcript"
LAYOUT = Layout(NAME, "transcript", word_text=("punctuated_word", "word"))
PAUSE = 1.0  # seconds of silence that end a turn built from words (as for Transcribe)


def sniff(text: str) -> bool:
    if not looks_like_json(text):
        return False
    head = text[:2000]
    return '"metadata"' in head and '"request_id"' in head and '"channels"' in text


# Where the texts are (see JsonSource.locate): with utterances, each
# utterance's and each channel's whole transcript; else each word's.
UTTERANCES = (
    ("results", "utterances", EACH, "transcript"),
    ("results", "channels", EACH, "alternatives", EACH, "transcript"),
)
_WORDS = ("results", "channels", EACH, "alternatives", EACH, "words", EACH)
WORDS = (_WORDS + ("punctuated_word",), _WORDS + ("word",))


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    return read_json(text, path, lambda js: _read(js, options))


def _read(js: JsonSource, options: ReadOptions) -> Document:
    results = member(js, js.data, "results", dict, 'not Deepgram JSON: no "results" object')
    utterances = results.get("utterances")
    channels = results.get("channels")
    if isinstance(utterances, list):
        js.locate(*UTTERANCES)
        on = {str(u["channel"]) for u in utterances if isinstance(u, dict) and "channel" in u}
        several = len(on) > 1 or (isinstance(channels, list) and len(channels) > 1)

        def name(utterance: dict) -> str | None:
            return speaker_name(utterance, utterance.get("channel") if several else None)

        layout = replace(LAYOUT, speaker_name=name)
        return read_utterances(js, utterances, "results.utterances", layout, options)
    problem = 'not Deepgram JSON: no "results.utterances" or "results.channels" list'
    channels = member(js, results, "channels", list, problem)
    js.locate(*WORDS)
    sink = TurnSink()
    for c, channel in enumerate(channels):
        number = c if len(channels) > 1 else None
        for turn in _channel_turns(js, channel, f"results.channels[{c}]", number):
            turn.keep(sink, options.speakers)
    return sink.document(js.text, js.path, NAME)


def speaker_name(said: dict, channel: object) -> str | None:
    """The name of who said an utterance or word: its ``speaker`` number, with
    the channel's number before it on a file of several channels
    (``channel`` is None on a file of one), or the channel's number alone."""
    speaker = said.get("speaker")
    speaker = None if speaker in (None, "") else str(speaker)
    if channel in (None, ""):
        return speaker
    return str(channel) if speaker is None else f"{channel}.{speaker}"


def _channel_turns(
    js: JsonSource, channel: object, what: str, number: int | None
) -> list[WordTurn]:
    """One channel's words grouped into turns; ``number`` is the channel's,
    None on a file of one channel."""
    alternatives = channel.get("alternatives") if isinstance(channel, dict) else None
    best = alternatives[0] if isinstance(alternatives, list) and alternatives else None
    words = best.get("words") if isinstance(best, dict) else None
    if not isinstance(words, list):
        js.fail(f"{what}: no alternatives[0].words list", channel)
    turns: list[WordTurn] = []
    for n, word in enumerate(words):
        at = f"{what}.alternatives[0].words[{n}]"
        if not isinstance(word, dict):
            js.fail(f"{at}: expected an object", words)
        said = word.get("punctuated_word", word.get("word"))
        if not isinstance(said, str):
            js.fail(f"{at}: no word string", word, "word")
        start, end = (_time(js, word, key, at) for key in ("start", "end"))
        problem = time_problem(start, end)
        if problem is not None:
            js.fail(f"{at}: {problem[0]}", word, problem[1])
        speaker = speaker_name(word, number)
        last = turns[-1] if turns else None
        if last is None or last.speaker != speaker or _paused(last.end, start):
            last = WordTurn(None, speaker)
            last.start = start
            turns.append(last)
        last.end = end if end is not None else last.end
        last.add(js.stripped(said), start)
    return turns


def _time(js: JsonSource, word: dict, key: str, what: str) -> float | None:
    value = number(js, word, key, what)
    return None if value is None else seconds(value)


def _paused(end: float | None, start: float | None) -> bool:
    return end is not None and start is not None and start - end >= PAUSE
