"""Google Contact Center AI Insights conversation data (the JSON it ingests).

``{"conversation_info": {…}, "entries": [{"text", "role", "user_id",
"start_timestamp_usec"}]}``: each entry is a turn (:mod:`._utterances`).

- ``role`` says the role itself: ``AGENT`` (and ``HUMAN_AGENT``) is the agent,
  ``CUSTOMER`` and ``END_USER`` the customer, ``AUTOMATED_AGENT`` (a bot) the
  system; it is kept as the speaker's name.
- ``start_timestamp_usec`` is wall-clock time (microseconds since the epoch),
  so times count from the first entry. Entries have no end times: the timing
  rules that need them say so, as for chat logs.
"""

from __future__ import annotations

from ..model import Document
from . import ReadOptions
from ._json import EACH, JsonSource, read_json
from ._transcripts import looks_like_json
from ._utterances import Layout, member, read_utterances

NAME = "ccai"
KIND = "transcript"
ROLES = {
    "AGENT": "agent",
    "HUMAN_AGENT": "agent",
    "CUSTOMER": "customer",
    "END_USER": "customer",
    "AUTOMATED_AGENT": "system",
}
LAYOUT = Layout(
    NAME,
    "text",
    scale=1e-6,
    start="start_timestamp_usec",
    end=None,
    speaker=("role",),
    roles=ROLES,
    from_first=True,
)


def sniff(text: str) -> bool:
    return looks_like_json(text) and '"entries"' in text and '"start_timestamp_usec"' in text


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    return read_json(text, path, lambda js: _read(js, options))


def _read(js: JsonSource, options: ReadOptions) -> Document:
    js.locate(("entries", EACH, "text"))
    problem = 'not Contact Center AI Insights JSON: no "entries" list'
    entries = member(js, js.data, "entries", list, problem)
    return read_utterances(js, entries, "entries", LAYOUT, options)
