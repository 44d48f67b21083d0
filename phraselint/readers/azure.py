"""Azure AI Speech batch transcription JSON.

``{"durationInTicks", "combinedRecognizedPhrases": […], "recognizedPhrases":
[{"channel", "speaker", "offsetInTicks", "durationInTicks", "nBest":
[{"display", "displayWords" | "words": […]}]}]}``: each recognised phrase is
a turn (:mod:`._utterances`), its text the best hypothesis's ``display``.
Times are ticks of 100 ns; a phrase ends its duration after its start.

- The speaker is ``speaker`` (with diarization), else the ``channel`` (a
  stereo call puts agent and customer on separate channels), kept as a name
  (``1``, ``0``): say which is the agent with ``--agent-speaker`` or
  ``speakers:`` in the configuration.
- Word times come from ``displayWords`` (``displayFormWordLevelTimestamps
  Enabled``), whose words are the display text's; ``words`` hold the lexical
  form ("twenty three" for "23") and line up with the text only now and then.
- ``durationInTicks`` at the top is ``Document.duration``.
"""

from __future__ import annotations

from ..model import Document
from . import ReadOptions
from ._json import EACH, JsonSource, read_json
from ._transcripts import is_number, looks_like_json, seconds
from ._utterances import Layout, member, read_utterances

NAME = "azure"
KIND = "transcript"
TICK = 1e-7  # seconds
LAYOUT = Layout(
    NAME,
    ("nBest", 0, "display"),
    scale=TICK,
    words=("nBest", 0, "displayWords"),
    word_text=("displayText", "word"),
    word_start="offsetInTicks",
    start="offsetInTicks",
    end=None,
    duration="durationInTicks",
    speaker=("speaker", "channel"),  # a stereo call puts each party on its channel
)


def sniff(text: str) -> bool:
    return looks_like_json(text) and '"recognizedPhrases"' in text


# Where the texts are (see JsonSource.locate): every hypothesis's, and the
# combined ones at the top.
TEXTS = (
    ("recognizedPhrases", EACH, "nBest", EACH, "display"),
    ("combinedRecognizedPhrases", EACH, "display"),
)


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    return read_json(text, path, lambda js: _read(js, options))


def _read(js: JsonSource, options: ReadOptions) -> Document:
    js.locate(*TEXTS)
    problem = 'not Azure batch transcription JSON: no "recognizedPhrases" list'
    phrases = member(js, js.data, "recognizedPhrases", list, problem)
    doc = read_utterances(js, phrases, "recognizedPhrases", LAYOUT, options)
    ticks = js.data.get("durationInTicks")
    if is_number(ticks) and ticks >= 0:
        doc.duration = seconds(ticks * TICK)
    return doc
