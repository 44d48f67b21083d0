"""Deepgram pre-recorded JSON, with utterances (``utterances=true``).

``{"metadata": {…}, "results": {"channels": […], "utterances": [{"start",
"end", "transcript", "speaker", "words", …}]}}``: each utterance is a turn
(:mod:`._utterances`), times in seconds. ``speaker`` (with ``diarize=true``)
is a number, kept as its name (``0``, ``1``): say which is the agent with
``--agent-speaker 0`` or ``speakers:`` in the configuration. Word times come
from ``punctuated_word`` (else ``word``) and ``start``.

Output without utterances is an error that says to ask for them: its words
alone do not say where one speaker's turn ends.
"""

from __future__ import annotations

from ..model import Document
from . import ReadOptions
from ._transcripts import JsonSource, looks_like_json
from ._utterances import Layout, read_utterances

NAME = "deepgram"
KIND = "transcript"
LAYOUT = Layout(NAME, "transcript", word_text=("punctuated_word", "word"))


def sniff(text: str) -> bool:
    if not looks_like_json(text):
        return False
    head = text[:2000]
    return '"metadata"' in head and '"request_id"' in head and '"channels"' in text


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    js = JsonSource(text, path)
    data = js.data
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, dict):
        js.fail('not Deepgram JSON: no "results" object', data)
    utterances = results.get("utterances")
    if not isinstance(utterances, list):
        js.fail('Deepgram JSON without "utterances": request them with utterances=true', results)
    return read_utterances(js, utterances, "results.utterances", LAYOUT, options or ReadOptions())
