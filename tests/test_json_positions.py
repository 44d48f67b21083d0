"""JSON transcripts are read the fast way (C decoder, texts located by token
scans) and fall back to the exact way (the positional Python scanner)
whenever the fast way cannot vouch for a position. Both must give the same
documents, with every character mapped to its exact place in the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phraselint.errors import InputError
from phraselint.readers import _json, read_text

DATA = Path(__file__).parent / "data" / "transcripts"
JSON_FIXTURES = sorted(p.name for p in DATA.glob("*.json") if p.name != "nan_time.transcribe.json")


@pytest.fixture
def exact_only(monkeypatch):
    """Every JSON file read the exact way, as if the fast way did not exist."""

    def unsure(self, text, path):
        raise _json.Unsure

    monkeypatch.setattr(_json.FastJsonSource, "__init__", unsure)


@pytest.fixture
def fallbacks(monkeypatch):
    """Counts the files read the exact way."""
    count = []
    exact_init = _json.JsonSource.__init__

    def counting(self, text, path):
        if type(self) is _json.JsonSource:
            count.append(path)
        exact_init(self, text, path)

    monkeypatch.setattr(_json.JsonSource, "__init__", counting)
    return count


def outcome(text: str, path: str):
    try:
        doc = read_text(text, path)
    except InputError as err:
        return "error", str(err), err.line
    turns = [(t.text, t.segments, t.role, t.speaker, t.start, t.end, t.words) for t in doc.turns]
    return turns, doc.hangup, doc.duration, doc.meta


def exact_outcome(text: str, path: str, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(_json.FastJsonSource, "__init__", _raise_unsure)
        return outcome(text, path)


def _raise_unsure(self, text, path):
    raise _json.Unsure


def assert_mapped(doc) -> None:
    """Every character of every turn maps to itself in the source (or, for an
    escape, to a backslash), at the line and column the offset is on."""
    starts = [0] + [i + 1 for i, c in enumerate(doc.source) if c == "\n"]
    for turn in doc.turns:
        for i, char in enumerate(turn.text):
            if char in " \n":
                continue  # separators between words have no source character
            pos = turn.position(i)
            seg = turn._segment(i)
            if seg.escape:
                assert doc.source[pos.source] == "\\"
            else:
                assert doc.source[pos.source] == char, (turn.text, i)
            line = sum(1 for s in starts if s <= pos.source)
            assert (pos.line, pos.column) == (line, pos.source - starts[line - 1] + 1)


@pytest.mark.parametrize("name", JSON_FIXTURES)
def test_fast_way_reads_like_the_exact_way(name, fallbacks, monkeypatch):
    text = (DATA / name).read_text(encoding="utf-8")
    fast = outcome(text, name)
    if name != "duplicate_keys.whisper.json":
        assert fallbacks == []  # the fast way vouched for every position
        assert_mapped(read_text(text, name))
    assert exact_outcome(text, name, monkeypatch) == fast


def test_escapes_and_surrogate_pairs_map_to_their_backslash(fallbacks):
    text = '{"segments": [{"start": 0, "end": 1, "text": "caf\\u00e9 \\"x\\" \\ud83d\\ude00!"}]}'
    doc = read_text(text, "x.whisper.json")
    (turn,) = doc.turns
    assert turn.text == 'café "x" \U0001f600!'
    assert fallbacks == []
    assert_mapped(doc)
    emoji = turn.position(turn.text.index("\U0001f600"))
    assert text[emoji.source : emoji.source + 12] == "\\ud83d\\ude00"
    assert turn.end_position(turn.text.index("!")).source == text.index("!")


def test_duplicate_keys_fall_back_and_keep_exact_columns(fallbacks):
    """The second segment writes "text" three times; the last value counts,
    so its text maps to the last token. Four tokens for three values: the
    fast way gives up, and the exact way maps it."""
    text = (DATA / "duplicate_keys.whisper.json").read_text(encoding="utf-8")
    doc = read_text(text, "duplicate_keys.whisper.json")
    assert fallbacks == ["duplicate_keys.whisper.json"]
    assert [t.text for t in doc.turns] == ["Hi there.", "Bye."]
    pos = doc.turns[1].position(0)
    assert pos.source == text.rindex("Bye.")
    assert (pos.line, pos.column) == (5, text.splitlines()[4].rindex("Bye.") + 1)


@pytest.mark.parametrize(
    "text",
    [
        # the top "text" written twice, the kept one after the segments: the
        # segment's text must keep its own token, though the values are equal
        '{"text": 1, "segments": [{"start": 0, "end": 1, "text": "x"}], "text": "x"}',
        '{"segments": [], "text": "x", "segments": [{"start": 0, "end": 1, "text": "x"}]}',
        # a key that ends in \"text is no "text" key
        '{"note \\"text": "x", "segments": [{"start": 0, "end": 1, "text": "x"}]}',
        # a "text" where no path goes
        '{"meta": {"text": "x"}, "segments": [{"start": 0, "end": 1, "text": "x"}]}',
    ],
)
def test_where_the_fast_way_gives_up_the_positions_are_exact(text, fallbacks, monkeypatch):
    doc = read_text(text, "x.whisper.json")
    assert fallbacks == ["x.whisper.json"]
    fallbacks.clear()
    (turn,) = doc.turns
    segment_text = text.index('"text": "x"}]')
    assert turn.position(0).source == segment_text + len('"text": "')
    assert outcome(text, "x.whisper.json") == exact_outcome(text, "x.whisper.json", monkeypatch)


def test_a_text_value_that_is_also_a_key_name(fallbacks):
    text = '{"segments": [{"start": 0, "end": 1, "text": "text"}, {"start": 1, "end": 2, "text": "segments"}]}'
    doc = read_text(text, "x.whisper.json")
    assert fallbacks == []
    assert [t.position(0).source for t in doc.turns] == [
        text.index('"text"}') + 1,
        text.index('"segments"}') + 1,
    ]


def test_plain_transcribe_words_map_to_their_content(fallbacks):
    items = [
        {"start_time": "0.5", "end_time": "0.9", "alternatives": [{"content": w}], "type": t}
        for w, t in [("Hello", "pronunciation"), ("there", "pronunciation"), (".", "punctuation")]
    ]
    text = json.dumps({"results": {"items": items}}, indent=2).replace("\n", "\r\n")
    doc = read_text("\ufeff" + text, "x.transcribe.json")
    assert fallbacks == []
    (turn,) = doc.turns
    assert turn.text == "Hello there."
    assert_mapped(doc)
    assert (
        turn.position(turn.text.index("there")).line
        == text.split("\r\n").index('            "content": "there"') + 1
    )


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            '{"segments": [\n{"start": 0, "end": 1, "text": "hi"},\n{"start": "x", "text": "ho"}]}',
            3,
            "not a number",
        ),
        (
            '{"segments": [\n{"start": 0, "end": 1, "text": "hi"},\n{"start": 1 "text": "ho"}]}',
            3,
            "malformed JSON",
        ),
        ('{"segments": [\n{"start": 2, "end": 1, "text": "hi"}]}', 2, "before start"),
    ],
)
def test_errors_name_the_exact_line(text, line, message, monkeypatch):
    with pytest.raises(InputError, match=message) as err:
        read_text(text, "x.whisper.json")
    assert err.value.line == line
    assert outcome(text, "x.whisper.json") == exact_outcome(text, "x.whisper.json", monkeypatch)


def test_a_token_that_does_not_decode_to_its_value_is_not_vouched_for():
    js = _json.FastJsonSource('{"text": "ab"}', "x.json")
    js.locate(("text",))
    value = js.data["text"]
    assert js.pieces(value)[0].source == 10
    wrong = _json.JStr("ab")
    wrong.at, wrong.end = 0, 4  # the source there is '{"te'
    with pytest.raises(_json.Unsure):
        js.pieces(wrong)
    with pytest.raises(_json.Unsure):
        js.pieces("ab")  # a text not located
