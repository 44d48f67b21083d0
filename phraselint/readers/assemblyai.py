"""AssemblyAI transcript JSON, with utterances (``speaker_labels=true``).

``{"id", "status", "text", "words", "utterances": [{"speaker", "start",
"end", "text", "words", …}], "audio_url", …}``: each utterance is a turn
(:mod:`._utterances`), times in milliseconds. ``speaker`` is a letter, kept
as its name (``A``, ``B``): say which is the agent with ``--agent-speaker A``
or ``speakers:`` in the configuration. Word times come from each word's
``text`` and ``start``.

Output without utterances is an error that says to ask for them: without
speaker labels the transcript is one text with no turns.
"""

from __future__ import annotations

from ..model import Document
from . import ReadOptions
from ._json import EACH, JsonSource, read_json
from ._transcripts import looks_like_json
from ._utterances import Layout, read_utterances

NAME = "assemblyai"
KIND = "transcript"
LAYOUT = Layout(NAME, "text", scale=0.001, word_text=("text",))


def sniff(text: str) -> bool:
    return looks_like_json(text) and '"audio_url"' in text and '"utterances"' in text


# Where the texts are (see JsonSource.locate): words have a "text" too, at the
# top and in each utterance.
TEXTS = (
    ("text",),
    ("utterances", EACH, "text"),
    ("utterances", EACH, "words", EACH, "text"),
    ("words", EACH, "text"),
)


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    return read_json(text, path, lambda js: _read(js, options))


def _read(js: JsonSource, options: ReadOptions) -> Document:
    js.locate(*TEXTS)
    data = js.data
    if not isinstance(data, dict):
        js.fail('not AssemblyAI JSON: expected an object with "utterances"', data)
    utterances = data.get("utterances")
    if not isinstance(utterances, list):
        js.fail(
            'AssemblyAI JSON without "utterances": request them with speaker_labels=true',
            data,
            "utterances" if "utterances" in data else None,
        )
    return read_utterances(js, utterances, "utterances", LAYOUT, options)
