"""Transcript readers: the same call in every format gives the same turns, and
every character of a turn points back at the right place in its file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from phraselint import readers
from phraselint.errors import InputError
from phraselint.model import Document, Turn
from phraselint.readers import (
    ReadOptions,
    _json,
    _transcripts,
    assemblyai,
    aws,
    azure,
    ccai,
    chatlog,
    csvfile,
    deepgram,
    might_be_transcript,
    read_text,
    reader_for,
    srt,
    vtt,
    whisper,
)
from phraselint.readers._transcripts import Piece, strip_pieces

DATA = Path(__file__).parent / "data" / "transcripts"
MINE = (aws, whisper, deepgram, assemblyai, ccai, azure, vtt, srt, chatlog, csvfile)

# The call every fixture holds: greeting, question, "I don't know", a 40 s
# hold, thanks; then a hang-up at 57 s (or a 57 s duration for Call Analytics).
CALL = [
    ("agent", 1.0, 4.9, "Thank you for calling Acme, this is Ana. How can I help you?"),
    ("customer", 5.0, 8.6, "Hi, I need to change the address on my order."),
    ("agent", 9.0, 12.0, "I don't know. Please hold while I check."),
    ("agent", 52.0, 55.5, "Thank you for holding. Your address is updated."),
]
# Speaker names of WhisperX, Deepgram and AssemblyAI, which say nothing of roles.
WHISPERX = {"SPEAKER_00": "agent", "SPEAKER_01": "customer", "0": "agent", "1": "customer"}
WHISPERX |= {"A": "agent", "B": "customer"}

# fixture → (reader name, line of "know" in "I don't know" as the turn maps it)
FIXTURES = {
    "call.vtt": ("vtt", 20),
    "call_prefix.vtt": ("vtt", 10),
    "call.srt": ("srt", 11),
    "call.whisper.json": ("whisper", 39),
    "call.deepgram.json": ("deepgram", 244),
    "call_words.deepgram.json": ("deepgram", 233),  # no utterances: words grouped into turns
    "call.assemblyai.json": ("assemblyai", 476),
    "call.azure.json": ("azure", 416),  # a stereo call: channel 0 the agent, 1 the customer
    "call.tca.json": ("aws", 221),
    "call.transcribe.json": ("aws", 625),
    "call.log": ("chatlog", 4),
    "call.csv": ("csv", 4),
}


def fixture_text(name: str) -> str:
    return (DATA / name).read_bytes().decode("utf-8")


def read(name: str, text: str | None = None, path: str | None = None, **opts) -> Document:
    text = fixture_text(name) if text is None else text
    opts.setdefault("speakers", WHISPERX)
    return read_text(text, path or name, ReadOptions(**opts))


def summary(doc: Document) -> list[tuple]:
    return [(t.role, t.start, t.end, t.text) for t in doc.turns]


def expected_place(source: str, offset: int) -> tuple[int, int]:
    """Line and column counted straight from the text (LF, CRLF or CR)."""
    before = source[:offset].replace("\r\n", "\n").replace("\r", "\n")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return line, column


def assert_maps(doc: Document, turn: Turn, word: str, occurrence: int = 0) -> tuple[int, int]:
    """The word's characters in the turn sit at the same characters in the
    source, at the line and column counted from the source itself."""
    at = -1
    for _ in range(occurrence + 1):
        at = turn.text.index(word, at + 1)
    for i, char in enumerate(word):
        pos = turn.position(at + i)
        assert doc.source[pos.source] == char
        assert (pos.line, pos.column) == expected_place(doc.source, pos.source)
    start, end = turn.position(at), turn.end_position(at + len(word))
    assert doc.source[start.source : end.source] == word
    assert (end.line, end.column) == (start.line, start.column + len(word))
    return start.line, start.column


# --------------------------------------------------------------------------- one call, every format


@pytest.mark.parametrize("name", FIXTURES)
def test_same_call_in_every_format(name):
    doc = read(name)
    assert doc.kind == "transcript"
    assert doc.format == FIXTURES[name][0]
    if name == "call.log":  # chat logs carry no end times
        assert [(r, s, t) for r, s, _e, t in summary(doc)] == [(r, s, t) for r, s, _e, t in CALL]
        assert all(t.end is None for t in doc.turns)
    else:
        assert summary(doc) == CALL


@pytest.mark.parametrize("name", FIXTURES)
def test_word_positions_point_into_the_file(name):
    doc = read(name)
    turn = doc.turns[2]
    line, _column = assert_maps(doc, turn, "know")
    assert line == FIXTURES[name][1]
    assert_maps(doc, doc.turns[0], "Thank")
    assert_maps(doc, doc.turns[3], "updated")


@pytest.mark.parametrize("name", FIXTURES)
def test_end_of_call(name):
    doc = read(name)
    if name == "call.tca.json":
        assert (doc.hangup, doc.duration, doc.call_end) == (None, 57.0, 57.0)
    elif name == "call.transcribe.json":
        assert (doc.hangup, doc.duration, doc.call_end) == (None, None, 55.5)
    elif name == "call.azure.json":  # the file's duration, and a marker before its end
        assert (doc.hangup, doc.duration, doc.call_end) == (57.0, 58.0, 57.0)
    else:
        assert (doc.hangup, doc.duration, doc.call_end) == (57.0, None, 57.0)
    assert not any("hangup" in t.text for t in doc.turns)


@pytest.mark.parametrize(
    "name,label_line,label_column",
    [("call.vtt", 13, 10), ("call_prefix.vtt", 4, 8), ("call.srt", 3, 8), ("call.log", 2, 19)],
)
def test_labels_and_tags_do_not_shift_columns(name, label_line, label_column):
    doc = read(name)
    first = doc.turns[0].position(0)
    assert (first.line, first.column) == (label_line, label_column)
    assert doc.source[first.source : first.source + 5] == "Thank"


def test_speaker_names_are_kept_raw():
    assert [t.speaker for t in read("call.srt").turns] == ["AGENT", "CUSTOMER", "AGENT", "AGENT"]
    assert [t.speaker for t in read("call.transcribe.json").turns][:2] == ["spk_0", "spk_1"]
    assert [t.speaker for t in read("call.whisper.json").turns][:2] == ["SPEAKER_00", "SPEAKER_01"]
    assert read("call.vtt").turns[1].speaker == "Customer"  # from <v.loud Customer>


# --------------------------------------------------------------------------- Chinese chat logs


def test_chinese_chat_log():
    doc = read("call_zh.log")
    assert [(t.role, t.speaker, t.start, t.end) for t in doc.turns] == [
        ("agent", "坐席", 5.0, None),
        ("customer", "客户", 9.0, None),
        ("agent", "坐席", 15.0, None),
        ("agent", "坐席", 58.0, None),  # ASCII colon
    ]
    assert doc.turns[0].text == "您好，很高兴为您服务，请问有什么可以帮您？"
    held = doc.turns[2]
    assert held.text == "好的，请您稍等，\n正在为您查询。"
    assert [s.line for s in held.segments] == [3, 4]
    assert assert_maps(doc, held, "查询") == (4, 5)
    assert assert_maps(doc, doc.turns[3], "耐心") == (5, 17)
    assert doc.hangup == 70.0


def test_traditional_chinese_with_full_width_colons():
    doc = read("call_zh_hant.log")
    assert [(t.role, t.speaker, t.start) for t in doc.turns] == [
        ("agent", "坐席", 5.0),
        ("customer", "客戶", 9.0),
        ("agent", "話務員", 58.0),
    ]
    assert doc.turns[1].text == "我想查詢一下我的訂單。"
    assert assert_maps(doc, doc.turns[1], "訂單") == (2, 20)
    assert assert_maps(doc, doc.turns[0], "很高興") == (1, 15)


# --------------------------------------------------------------------------- sniffing


SNIFFED = {**{k: v for k, (v, _line) in FIXTURES.items()}, "call_zh.log": "chatlog"}
SNIFFED["call_zh_hant.log"] = "chatlog"
SNIFFED["call.ccai.json"] = "ccai"
SNIFFED["segments.json"] = "whisper"  # Whisper's segments saved on their own
SNIFFED["chat_with_header.txt"] = "chatlog"  # three lines of header first


@pytest.mark.parametrize("name", SNIFFED)
def test_sniffing_picks_the_reader_when_the_extension_says_nothing(name):
    text = fixture_text(name)
    assert SNIFFED[name] == reader_for("upload.bin", text).NAME
    assert [m.NAME for m in MINE if m.sniff(text)] == [SNIFFED[name]]


@pytest.mark.parametrize(
    "text",
    [
        "Agent: Thank you for calling.\nCustomer: Hi.\n",
        "# Opening\n\nThank you for calling Acme.\n",
        '{"name": "not a transcript", "items": [1, 2]}',
        "WEBVTTX\n\n00:01.000 --> 00:02.000\nhi\n",
        "id,name\n1,Ana\n",
    ],
)
def test_sniffers_leave_other_text_alone(text):
    assert [m.NAME for m in MINE if m.sniff(text)] == []


def test_a_chat_log_with_a_header_saved_as_txt_is_never_rewritten(tmp_path):
    from click.testing import CliRunner

    from phraselint.cli import cli

    path = tmp_path / "chat.txt"
    path.write_bytes((DATA / "chat_with_header.txt").read_bytes())
    result = CliRunner().invoke(cli, ["fix", "--no-config", str(path)])
    assert result.exit_code == 0
    assert "chatlog transcript: transcripts are never rewritten" in result.output
    assert path.read_bytes() == (DATA / "chat_with_header.txt").read_bytes()


@pytest.mark.parametrize(
    "text",
    [
        "\n".join(f"Header line {n}: " + "x" * 200 for n in range(4))
        + "\n[00:00:01] Agent: Hi.\n[00:00:05] Customer: Hello.\n",  # stamps past 600 characters
        "Chat\n\n\n"
        + "".join(f"Note {n}: x\n" for n in range(17))
        + "[00:01] A: x\n[00:02] B: y\n",
        "[00:00:01] Agent: Hi.",
        "[00:00] 坐席: 您好!\n[00:04] [挂机]\n",  # a stamped line need not name a speaker
    ],
)
def test_a_chat_log_is_recognised_by_stamped_lines_after_a_header(text):
    assert reader_for("chat.txt", text).NAME == "chatlog"


@pytest.mark.parametrize(
    "text",
    [
        "Agent: A chat line reads:\n[00:00:01] Agent: Hi.\nAgent: Then greet the caller.\n",
        "[00:00:01] Agent: Hi.\nis how a chat line reads.\n",
        "".join(f"Agent: line {n}\n" for n in range(19)) + "[00:01] A: x\n[00:02] B: y\n",
    ],
)
def test_a_script_quoting_one_stamped_line_among_its_first_lines_is_a_script(text):
    assert reader_for("notes.txt", text).NAME == "script"


def test_script_extensions_are_claimed_by_no_transcript_format():
    claimed = [
        e for name, suffixes in readers._MODULES.items() if name != "script" for e in suffixes
    ]
    assert readers._MODULES["script"] == readers.SCRIPT_EXTENSIONS
    # No file name ends with both a script's suffix and a transcript's.
    scripts = readers.SCRIPT_EXTENSIONS
    assert not [(e, s) for e in claimed for s in scripts if e.endswith(s) or s.endswith(e)]
    assert len(set(claimed)) == len(claimed)
    assert [m.__name__.rsplit(".", 1)[1] for m in readers._available()] == list(readers._MODULES)
    assert set(readers.CSV_TEXT_COLUMNS) == set(csvfile._DEFAULTS["text"])


PIECES = [
    "WEBVTT",
    "-->",
    "00:01:05",
    "[00:01]",
    "1\n",
    "{",
    "[",
    ",",
    "\t",
    ";",
    "|",
    "\n",
    "\r\n",
    " ",
    "\ufeff",
    "Agent: ",
    "坐席：",
    "text,speaker",
    '"segments"',
    "Hi.",
    "（",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=12).map("".join))
@example("\x0ctext,speaker")  # a form feed: splitlines would cut the CSV header there
def test_every_sniffer_implies_the_cheap_transcript_test(text):
    """A Markdown file skips the sniffers when might_be_transcript says no, so
    no sniffer may accept a text it rejects."""
    if any(m.sniff(text) for m in MINE):
        assert might_be_transcript(text)


@pytest.mark.parametrize("name", SNIFFED)
def test_the_cheap_transcript_test_passes_every_fixture(name):
    assert might_be_transcript(fixture_text(name))
    assert SNIFFED[name] == reader_for("upload.md", fixture_text(name)).NAME


def test_the_cheap_transcript_test_lets_a_plain_script_through():
    assert not might_be_transcript("# Greeting\n\nAgent: Hello, thanks for calling.\n\n")
    assert not might_be_transcript("# Steps\n\n1. Greet the caller\n2. Ask for the order\n")


def test_extensions_choose_before_sniffing():
    text = fixture_text("call.log")
    assert reader_for("calls/0001.log", text).NAME == "chatlog"
    assert reader_for("x.tsv", "speaker\ttext\n").NAME == "csv"
    assert reader_for("x.whisper.json", "{}").NAME == "whisper"
    assert reader_for("x.tca.json", "{}").NAME == "aws"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("package.json", '{\n  "name": "x",\n  "version": "1.0.0"\n}\n'),
        ("calls/abcd.json", '[{"convo_id": 1, "original": [["agent", "Hi"]]}]'),
        ("broken.json", '{"name": '),  # by its name, even when it does not parse
        ("notes.txt", '\ufeff  {"agent": "I don\'t know"}'),  # by its content
        ("-", "[1, 2, 3]\n"),
        # Lists of objects that are not Whisper segments (start, end, text).
        ("list.json", '[{"start": 0, "end": 1, "label": "x"}]'),
        ("list.json", '[{"start": "0:00", "end": "0:01", "text": "hi"}]'),
        ("list.json", '[[{"start": 0, "end": 1, "text": "hi"}]]'),
        ("list.json", "[]"),
    ],
)
def test_json_in_no_known_layout_is_skipped_not_read_as_a_script(path, text):
    from phraselint.sources import SkipFile

    with pytest.raises(SkipFile, match="JSON in no transcript format") as exc:
        reader_for(path, text)
    assert exc.value.path == path


def test_brackets_nested_deeper_than_json_allows_are_a_script():
    assert reader_for("notes.md", "[" * 100_000).NAME == "script"


@pytest.mark.parametrize(
    "text",
    [
        "[Opening]\nAgent: Thank you for calling.\n",  # a bracket, but not JSON
        '"I don\'t know" is never said.\n',  # a JSON string is no object or array
        "{name} greets the caller.\n",
    ],
)
def test_a_script_starting_like_json_is_still_a_script(text):
    assert reader_for("script.md", text).NAME == "script"
    assert reader_for("-", text).NAME == "script"


@pytest.mark.parametrize(
    "name",
    [
        "call.tca.json",
        "call.transcribe.json",
        "call.deepgram.json",
        "call_words.deepgram.json",
        "call.assemblyai.json",
        "call.azure.json",
    ],
)
def test_word_times_line_up_with_the_turn_text(name):
    doc = read(name)
    turn = doc.turns[0]
    assert [(turn.text[w.start : w.end], w.at) for w in turn.words[:3]] == [
        ("Thank", 1.0),
        ("you", 1.3),
        ("for", 1.6),
    ]
    assert all(t.words for t in doc.turns)


def test_contact_center_ai_insights_entries():
    """Roles come with the entries; wall-clock microseconds count from the
    first entry; there are no end times; a bot is the system."""
    doc = read("call.ccai.json", speakers={})
    assert [(t.role, t.speaker, t.start, t.end) for t in doc.turns] == [
        ("agent", "AGENT", 0.0, None),
        ("customer", "CUSTOMER", 4.0, None),
        ("agent", "AGENT", 8.0, None),
        ("agent", "AGENT", 51.0, None),
        ("system", "AUTOMATED_AGENT", 54.8, None),
    ]
    assert [t.text for t in doc.turns[:4]] == [text for *_, text in CALL]
    assert (doc.hangup, doc.call_end) == (56.0, 56.0)
    assert assert_maps(doc, doc.turns[2], "know") == (6, 65)


def test_times_counted_from_the_first_utterance_count_words_so_too():
    from phraselint.readers._utterances import Layout, read_utterances

    layout = Layout("test", "text", scale=1e-6, from_first=True)
    items = [
        {
            "text": "Hello there",
            "start": 5_000_000,
            "words": [{"word": "there", "start": 5_600_000}],
        },
        {"text": "Hi", "start": 7_000_000},
    ]
    js = _json.JsonSource(json.dumps(items), "x.json")
    doc = read_utterances(js, js.data, "", layout, ReadOptions())
    assert [t.start for t in doc.turns] == [0.0, 2.0]
    assert [(w.start, w.at) for w in doc.turns[0].words] == [(6, 0.6)]


def test_azure_speaker_before_channel_and_lexical_words_left_out():
    """A diarised phrase is named by its speaker, not its channel; lexical
    ``words`` ("twenty three" for "23") are no word times, ``displayWords`` are."""
    phrase = {
        "channel": 0,
        "speaker": 2,
        "offsetInTicks": 10_000_000,
        "durationInTicks": 20_000_000,
        "nBest": [{"display": "Bill 23.", "words": [{"word": "bill", "offsetInTicks": 1e7}]}],
    }
    (turn,) = read_text(json.dumps({"recognizedPhrases": [phrase]}), "x.azure.json").turns
    assert (turn.speaker, turn.start, turn.end, turn.text, turn.words) == (
        "2",
        1.0,
        3.0,
        "Bill 23.",
        None,
    )


def test_deepgram_words_by_channel_when_there_is_no_speaker():
    """multichannel=true without diarize: each channel is a speaker, named by
    its number; the turns stay in source order, channel by channel."""

    def channel(*words):
        return {
            "alternatives": [{"words": [{"word": w, "start": t, "end": t + 0.4} for w, t in words]}]
        }

    data = {
        "results": {
            "channels": [
                channel(("hello", 0.0), ("there", 0.5), ("again", 3.0)),
                channel(("hi", 1.0)),
            ]
        }
    }
    doc = read_text(json.dumps(data), "x.deepgram.json")
    assert [(t.speaker, t.start, t.end, t.text) for t in doc.turns] == [
        ("0", 0.0, 0.9, "hello there"),
        ("0", 3.0, 3.4, "again"),  # after a pause of a second or more
        ("1", 1.0, 1.4, "hi"),
    ]


def test_deepgram_utterances_by_channel_when_there_is_no_speaker():
    """multichannel=true, utterances=true, no diarize: each utterance names
    its channel, which is its speaker; a file of one channel has none."""
    doc = read("multichannel_utterances.deepgram.json", speakers={"0": "agent", "1": "customer"})
    assert [(t.speaker, t.role, t.start) for t in doc.turns] == [
        ("0", "agent", 0.5),
        ("1", "customer", 3.5),
        ("0", "agent", 4.0),
    ]
    mono = {"results": {"channels": [{}], "utterances": [{"channel": 0, "transcript": "Hi"}]}}
    assert [t.speaker for t in read_text(json.dumps(mono), "x.deepgram.json").turns] == [None]


def test_deepgram_speakers_of_several_channels_are_named_by_both():
    """multichannel=true with diarize=true: each channel numbers its speakers
    from 0, so a speaker's name is channel.speaker, in words and utterances."""
    roles = {"0.0": "agent", "1.0": "customer"}
    doc = read("multichannel_diarized.deepgram.json", speakers=roles)
    assert [(t.speaker, t.role, t.start) for t in doc.turns] == [
        ("0.0", "agent", 0.5),
        ("0.0", "agent", 6.0),
        ("1.0", "customer", 3.5),
    ]
    said = [
        {"channel": c, "speaker": s, "start": t, "end": t + 1, "transcript": "Hi"}
        for c, s, t in [(0, 0, 0.0), (1, 0, 1.0), (1, 1, 2.0)]
    ]
    data = {"results": {"channels": [{}, {}], "utterances": said}}
    doc = read_text(json.dumps(data), "x.deepgram.json", ReadOptions(speakers=roles))
    assert [(t.speaker, t.role) for t in doc.turns] == [
        ("0.0", "agent"),
        ("1.0", "customer"),
        ("1.1", None),
    ]


def test_whisper_word_times_line_up_with_the_segment_text():
    seg = {"start": 1.0, "end": 3.0, "text": " Okay, no problem.", "speaker": "SPEAKER_00"}
    words = [
        {"word": " Okay,", "start": 1.0},
        {"word": " no", "start": 2.1},
        {"word": " problem.", "start": 2.3},
    ]
    (turn,) = read_text(json.dumps({"segments": [seg | {"words": words}]}), "x.json").turns
    assert turn.text == "Okay, no problem."
    assert [(turn.text[w.start : w.end], w.at) for w in turn.words] == [
        ("Okay,", 1.0),
        ("no", 2.1),
        ("problem.", 2.3),
    ]
    words[1] = {"word": " no"}  # WhisperX leaves some words (digits) without times
    (turn,) = read_text(json.dumps({"segments": [seg | {"words": words}]}), "x.json").turns
    assert turn.words is None
    (turn,) = read_text(json.dumps({"segments": [seg]}), "x.json").turns
    assert turn.words is None


@pytest.mark.parametrize(
    "item",
    [
        {"Type": "pronunciation", "Content": "Hola", "BeginOffsetMillis": 1000},  # not in Content
        {"Type": "pronunciation", "Content": "Hi", "BeginOffsetMillis": "soon"},
        {"Type": "pronunciation", "BeginOffsetMillis": 1000},
    ],
)
def test_word_times_that_do_not_line_up_are_dropped_not_an_error(item):
    entry = {
        "ParticipantRole": "AGENT",
        "Content": "Hi there.",
        "BeginOffsetMillis": 1000,
        "EndOffsetMillis": 2000,
        "Items": [item, {"Type": "pronunciation", "Content": "there", "BeginOffsetMillis": 1500}],
    }
    doc = read_text(json.dumps({"Transcript": [entry]}), "x.tca.json")
    assert doc.turns[0].text == "Hi there." and doc.turns[0].words is None


def test_a_json_file_is_read_by_the_reader_that_knows_it():
    assert reader_for("call.json", fixture_text("call.tca.json")).NAME == "aws"
    assert reader_for("call.json", fixture_text("call.whisper.json")).NAME == "whisper"
    assert reader_for("call.json", fixture_text("call.transcribe.json")).NAME == "aws"
    assert reader_for("data.json", "[]", input_format="script").NAME == "script"


# --------------------------------------------------------------------------- line endings


def _rewrite(tmp_path: Path, name: str, newline: bytes) -> str:
    raw = (DATA / name).read_bytes().replace(b"\n", newline)
    out = tmp_path / name
    out.write_bytes(raw)
    return out.read_bytes().decode("utf-8")


@pytest.mark.parametrize(
    "name",
    [
        "call.vtt",
        "call.srt",
        "call.log",
        "call.csv",
        "call_zh.log",
        "call.whisper.json",
        "call.tca.json",
        "call.transcribe.json",
    ],
)
@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_crlf_and_cr_line_endings(tmp_path, name, newline):
    lf = read(name)
    text = _rewrite(tmp_path, name, newline)
    assert newline.decode() in text
    doc = read(name, text=text)
    assert summary(doc) == summary(lf)
    assert doc.hangup == lf.hangup
    for a, b in zip(doc.turns, lf.turns, strict=True):
        assert [(s.offset, s.line, s.column) for s in a.segments] == [
            (s.offset, s.line, s.column) for s in b.segments
        ]
        for word in (re.findall(r"\w+", a.text)[0], re.findall(r"\w+", a.text)[-1]):
            assert_maps(doc, a, word)


def test_crlf_inside_a_quoted_csv_field(tmp_path):
    raw = b'speaker,start,end,text\r\nAgent,1,2,"First line\r\nsecond ""quoted"" line"\r\n'
    (tmp_path / "x.csv").write_bytes(raw)
    text = (tmp_path / "x.csv").read_bytes().decode("utf-8")
    doc = read_text(text, "x.csv")
    turn = doc.turns[0]
    assert turn.text == 'First line\nsecond "quoted" line'
    # a doubled quote maps to its first quote: "second \"" and "quoted\"" are runs
    assert [s.line for s in turn.segments] == [2, 3, 3, 3]
    assert assert_maps(doc, turn, "second") == (3, 1)
    assert assert_maps(doc, turn, "line", 1) == (3, 19)
    quote = turn.position(turn.text.index('"'))
    assert text[quote.source : quote.source + 2] == '""'


def test_byte_order_mark_is_not_a_column():
    csv_doc = read_text("\ufefftext,start\nhello,1\n", "x.csv")
    assert summary(csv_doc) == [(None, 1.0, None, "hello")]
    json_doc = read_text('\ufeff{"segments": [{"start": 0, "end": 1, "text": "hi"}]}', "x.json")
    pos = json_doc.turns[0].position(0)
    assert (pos.line, pos.column) == (1, 47)
    assert json_doc.source[pos.source : pos.source + 2] == "hi"


def test_crlf_json_error_line():
    text = '{"segments": [\r\n  {"start": 1, "end": 2, "text": "hi"}\r\n  {"start": 3}\r\n]}'
    with pytest.raises(InputError) as err:
        read_text(text, "x.whisper.json")
    assert err.value.line == 3


# --------------------------------------------------------------------------- hang-up markers


@pytest.mark.parametrize(
    "marker", ["[hangup]", " [END OF CALL] ", "[挂机]", "［挂机］", "[Binaba]"]
)
def test_hangup_markers_in_cues(marker):
    text = (
        f"WEBVTT\n\n00:01.000 --> 00:02.000\n<v Agent>Bye.\n\n01:05.500 --> 01:06.000\n{marker}\n"
    )
    doc = read_text(text, "x.vtt")
    assert [t.text for t in doc.turns] == ["Bye."]
    assert doc.hangup == 65.5
    assert doc.meta["hangup_line"] == 7


@pytest.mark.parametrize(
    "text", ["[hangup]", "  [hangup]", "\t［挂机］ ", "Bye. [hangup]", "[hangup?]"]
)
def test_every_reader_keeps_a_turn_unless_it_is_a_hangup_marker(text):
    """The turn collector all transcript readers share: a marker, even with
    spaces around it (a cue or cell as written), ends the call; any other
    text is a turn."""
    from phraselint.readers._transcripts import TurnSink

    sink = TurnSink()
    sink.keep(Turn(text, [], "agent", "Agent", 12.0))
    marker = text.strip() in ("[hangup]", "［挂机］")
    assert (sink.hangup, len(sink.turns)) == ((12.0, 0) if marker else (None, 1))


def test_hangup_as_a_speaker_line_and_earliest_wins():
    text = "1\n00:00:09,000 --> 00:00:10,000\nSYSTEM: [hangup]\n\n2\n00:00:03,000 --> 00:00:04,000\n[end of call]\n"
    doc = read_text(text, "x.srt")
    assert doc.turns == []
    assert doc.hangup == 3.0


def test_marker_inside_speech_is_speech():
    doc = read_text("[00:01] Agent: I will [hangup] now\n", "x.log")
    assert doc.turns[0].text == "I will [hangup] now"
    assert doc.hangup is None


def test_unstamped_hangup_line_ends_the_turn_without_a_time():
    doc = read_text("[00:01] Agent: Bye.\n[hangup]\n", "x.log")
    assert [t.text for t in doc.turns] == ["Bye."]
    assert doc.hangup is None
    assert doc.meta["hangup_line"] == 2


# --------------------------------------------------------------------------- input errors

ERRORS = [
    ("x.vtt", "00:01.000 --> 00:02.000\nhi\n", 1, "WEBVTT"),
    (
        "x.vtt",
        "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n\n00:61.000 --> 01:02.000\nho\n",
        6,
        "bad timestamp '00:61.000'",
    ),
    ("x.vtt", "WEBVTT\n\n00:05.000 --> 00:02.000\nhi\n", 3, "end 2 is before start 5"),
    ("x.vtt", "WEBVTT\n\nintro\nhello there\n", 3, "timing line"),
    ("x.vtt", "WEBVTT\n\n-00:01.000 --> 00:02.000\nhi\n", 3, "bad timestamp"),
    ("x.vtt", "WEBVTT\n\n00:01.000 -->\nhi\n", 3, "timing line"),
    (
        "x.srt",
        "1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:03,000 --> 00:0x:04,000\nho\n",
        6,
        "bad timestamp",
    ),
    ("x.srt", "1\n00:00:09,000 --> 00:00:02,000\nhi\n", 2, "before start"),
    ("x.srt", "hello\n1\n00:00:01,000 --> 00:00:02,000\nhi\n", 1, "subtitle number"),
    ("x.log", "[00:00:01] Agent: hi\n[00:00:75] Customer: ho\n", 2, "bad timestamp '00:00:75'"),
    ("x.log", "[00:01] Agent: hi\nmore\n[1:99] Customer: ho\n", 3, "bad timestamp"),
    ("x.log", "[10:00:01 AM] A: hi\n[13:00:02 PM] B: ho\n", 2, "bad timestamp '13:00:02 PM'"),
    ("x.log", "[2024-02-30 10:00:01] A: hi\n", 1, "bad timestamp '2024-02-30 10:00:01'"),
    ("x.log", "2024-05-01T10:00:01+25:00 A: hi\n", 1, "bad timestamp"),
    (
        "x.log",
        "[00:00:01] A: hi\n[2024-05-01 10:00:02] B: ho\n",
        2,
        "timestamp '2024-05-01 10:00:02' is a time of day, but the ones before it count",
    ),
    ("x.csv", "speaker,start,end,text\nAgent,1,2,hi\nAgent,-3,2,ho\n", 3, "negative start time -3"),
    ("x.csv", "speaker,start,end,text\nAgent,5,2,hi\n", 2, "end 2 is before start 5"),
    ("x.csv", "speaker,start,end,text\nAgent,1,2,hi\nAgent,soon,3,ho\n", 3, "bad timestamp 'soon'"),
    ("x.csv", 'speaker,start,end,text\nAgent,1,2,"hi\nthere\n', 2, "unterminated"),
    ("x.csv", 'speaker,start,end,text\nAgent,1,2,"hi" there\n', 2, "stray text"),
    ("x.csv", "speaker,start,end\nAgent,1,2\n", 1, "or name it with csv_columns: {text: …}"),
    (
        "x.deepgram.json",
        '{"metadata": {},\n "results": {"channels": [{"alternatives": [{}]}]}}',
        2,
        "results.channels[0]: no alternatives[0].words list",
    ),
    (
        "x.deepgram.json",
        '{"results": {"channels": [{"alternatives": [{"words": [\n'
        '{"word": "hi", "start": 1.0, "end": 1.2},\n{"word": "there", "start": "x"}]}]}]}}',
        3,
        "words[1]: 'start' is not a number",
    ),
    (
        "x.ccai.json",
        '{"entries": [\n {"text": "hi", "role": "AGENT", "start_timestamp_usec": "noon"}]}',
        2,
        "entries[0]: 'start_timestamp_usec' is not a number",
    ),
    ("x.ccai.json", '{"conversation_info": {},\n "entries": {}}', 1, 'no "entries" list'),
    (
        "x.azure.json",
        '{"recognizedPhrases": [\n {"offsetInTicks": 5, "nBest": [{"display": 7}]}]}',
        2,
        'recognizedPhrases[0]: "nBest[0].display" is not a string',
    ),
    (
        "x.azure.json",
        '{"recognizedPhrases": [\n {"offsetInTicks": 50000000,\n "durationInTicks": -20000000,'
        ' "nBest": [{"display": "hi"}]}]}',
        3,
        "end 3 is before start 5",
    ),
    (
        "x.assemblyai.json",
        '{"audio_url": "a.mp3",\n "utterances": null}',
        2,
        'without "utterances": request them with speaker_labels=true',
    ),
    (
        "x.assemblyai.json",
        '{"utterances": [\n {"start": 1000, "end": 500, "text": "hi"}]}',
        2,
        "end 0.5 is before start 1",
    ),
    (
        "x.whisper.json",
        '{\n  "segments": [\n    {"start": 1, "end": 2, "text": "hi",}\n  ]\n}',
        3,
        "malformed JSON",
    ),
    (
        "x.whisper.json",
        '{"segments": [\n {"start": 1,\n  "end": 0.5, "text": "hi"}]}',
        3,
        "end 0.5 is before start 1",
    ),
    (
        "x.whisper.json",
        '{"segments": [\n {"start": -1, "end": 2, "text": "hi"}]}',
        2,
        "negative start time -1",
    ),
    (
        "x.whisper.json",
        '{"segments": [\n {"start": "1", "end": 2, "text": "hi"}]}',
        2,
        "not a number",
    ),
    ("x.whisper.json", '{"result": []}', 1, 'no "segments"'),
    (
        "x.tca.json",
        '{"Transcript": [\n  {"Content": "hi", "BeginOffsetMillis": 500,\n   "EndOffsetMillis": 100, "ParticipantRole": "AGENT"}]}',
        3,
        "before start",
    ),
    (
        "x.tca.json",
        '{"Transcript": [\n  {"BeginOffsetMillis": 500, "EndOffsetMillis": 600}\n]}',
        2,
        "Content",
    ),
    (
        "x.tca.json",
        '{"Transcript": [\n  {"Content": "hi", "BeginOffsetMillis": -5}\n]}',
        2,
        "negative start",
    ),
    ("x.tca.json", '\n\n{"Transcript": [}', 3, "malformed JSON"),
    (
        "x.transcribe.json",
        '{"results": {"items": [\n {"start_time": "1.0", "end_time": "0.5",\n  "alternatives": [{"content": "hi"}], "type": "pronunciation"}]}}',
        2,
        "before start",
    ),
    (
        "x.transcribe.json",
        '{"results": {"items": [\n {"start_time": "one", "end_time": "2",\n  "alternatives": [{"content": "hi"}], "type": "pronunciation"}]}}',
        2,
        "bad start_time",
    ),
    (
        "x.transcribe.json",
        '{"results": {"items": [\n {"start_time": "1", "end_time": "2"}]}}',
        2,
        "content",
    ),
    ("x.aws.json", '{"jobs": []}', 1, "not Amazon Transcribe"),
    *(
        (
            "x.transcribe.json",
            '{"results": {"items": [\n {"type": "pronunciation", "alternatives": [{"content": "hi"}],'
            f"\n  {times}}}]}}}}",
            3,
            problem,
        )
        for times, problem in [
            ('"start_time": "nan", "end_time": "1.3"', "bad start_time 'nan'"),
            ('"start_time": "1.0", "end_time": "inf"', "bad end_time 'inf'"),
            ('"start_time": "-Infinity", "end_time": "1.3"', "bad start_time '-Infinity'"),
            ('"start_time": NaN, "end_time": "1.3"', "bad start_time nan"),
        ]
    ),
]


@pytest.mark.parametrize("path,text,line,problem", ERRORS)
def test_input_errors_name_the_line(path, text, line, problem):
    with pytest.raises(InputError) as err:
        read_text(text, path)
    assert err.value.line == line
    assert problem in err.value.problem
    assert str(err.value).startswith(f"{path}:{line}: ")
    assert "\n" not in str(err.value)


def test_a_time_no_json_report_can_hold_is_an_error_of_its_file(tmp_path):
    """ "nan" and "inf" read as floats; such a time would be ``NaN`` in the
    JSON report, which other parsers reject."""
    from click.testing import CliRunner

    from phraselint.cli import cli

    args = ["check", "--format", "json", "--no-config", "--agent-speaker", "spk_0"]
    files = [str(DATA / "nan_time.transcribe.json"), str(DATA / "call.transcribe.json")]
    result = CliRunner().invoke(cli, [*args, *files])
    assert result.exit_code == 2

    def no_constants(name: str):
        raise AssertionError(f"{name} in the JSON output")

    report = json.loads(result.stdout, parse_constant=no_constants)
    bad, good = report["files"]
    assert bad["error"] == f"{files[0]}:11: results.items[0]: bad start_time 'nan'"
    assert good["findings"] and "error" not in good


def test_no_reader_hands_on_a_time_that_is_not_finite(monkeypatch):
    """Each reader checks its times; read_text holds them all to it, so a
    check one of them lacks is an input error, not invalid output."""
    from phraselint.readers import _utterances

    monkeypatch.setattr(_utterances, "is_number", lambda value: isinstance(value, float))
    text = '{"segments": [\n {"start": 0.5, "end": 1.5, "text": "Hi"},\n {"start": NaN, "end": 3.0, "text": "Bye"}]}'
    with pytest.raises(InputError) as err:
        read_text(text, "x.whisper.json")
    assert str(err.value) == "x.whisper.json:3: a time is not a finite number"
    # Times that are finite but add up past the largest float are not NaN.
    huge = '{"segments": [{"start": 1e308, "end": 1e308, "text": "Hi"}]}'
    assert [t.start for t in read_text(huge, "x.whisper.json").turns] == [1e308]


def test_overlapping_and_unsorted_cues_are_kept_in_source_order():
    text = (
        "WEBVTT\n\n00:05.000 --> 00:09.000\n<v Agent>First\n\n"
        "00:07.000 --> 00:08.000\n<v Customer>Overlaps\n\n"
        "00:01.000 --> 00:02.000\n<v Agent>Earlier\n"
    )
    doc = read_text(text, "x.vtt")
    assert [(t.text, t.start) for t in doc.turns] == [
        ("First", 5.0),
        ("Overlaps", 7.0),
        ("Earlier", 1.0),
    ]


# --------------------------------------------------------------------------- WebVTT details


def test_vtt_multiline_cue_entities_and_hour_less_times():
    text = (
        "WEBVTT - with a title\n\nNOTE a note\nthat spans lines\n\nREGION\nid:fred\n\n"
        "cue-1\n1:02:03.250 --> 1:02:05.000 position:10%\n"
        "<v.a.b Ana Cruz><c.yellow>Tom &amp; Jerry</c> will call\n  you back <00:01.500>later.\n"
    )
    doc = read_text(text, "x.vtt", ReadOptions(speakers={"Ana Cruz": "agent"}))
    turn = doc.turns[0]
    assert (turn.speaker, turn.role, turn.start, turn.end) == ("Ana Cruz", "agent", 3723.25, 3725.0)
    assert turn.text == "Tom & Jerry will call\nyou back later."
    amp = turn.position(turn.text.index("&"))
    assert text[amp.source : amp.source + 5] == "&amp;"
    assert assert_maps(doc, turn, "Jerry") == (11, 37)
    assert assert_maps(doc, turn, "you") == (12, 3)
    assert assert_maps(doc, turn, "later") == (12, 23)
    assert [s.line for s in turn.segments][-1] == 12


def test_vtt_two_voices_in_one_cue_are_two_turns():
    text = "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Agent>Hello.</v> <v Customer>Hi!</v>\n"
    doc = read_text(text, "x.vtt")
    assert [(t.role, t.text, t.start) for t in doc.turns] == [
        ("agent", "Hello.", 1.0),
        ("customer", "Hi!", 1.0),
    ]
    assert assert_maps(doc, doc.turns[1], "Hi") == (4, 33)


def test_vtt_prefix_only_for_speaker_like_names():
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\nListen: the office is closed.\n\n"
        "00:03.000 --> 00:04.000\nSpeaker 2: Okay.\n\n"
        "00:05.000 --> 00:06.000\nAna: Thanks.\n"
    )
    doc = read_text(text, "x.vtt", ReadOptions(speakers={"ana": "agent"}))
    assert [(t.speaker, t.role, t.text) for t in doc.turns] == [
        (None, None, "Listen: the office is closed."),
        ("Speaker 2", None, "Okay."),
        ("Ana", "agent", "Thanks."),
    ]


def test_vtt_timing_line_without_blank_line_after_header():
    doc = read_text("WEBVTT\n00:00.500 --> 00:01.000\n<v Agent>Hi\n", "x.vtt")
    assert summary(doc) == [("agent", 0.5, 1.0, "Hi")]


# --------------------------------------------------------------------------- SRT details


def test_srt_dash_speakers_blank_lines_and_markup():
    text = (
        "1\n00:00:01,000 --> 00:00:04,000 X1:10 X2:20\n- AGENT: {\\an8}Please hold.\n"
        "- CUSTOMER: <font color=red>Sure</font>,\n\nthanks.\n\n"
        "2\n00:00:05.000 --> 00:00:06,000\nAgent: Back.\n"
    )
    doc = read_text(text, "x.srt")
    assert summary(doc) == [
        ("agent", 1.0, 4.0, "Please hold."),
        ("customer", 1.0, 4.0, "Sure,\nthanks."),
        ("agent", 5.0, 6.0, "Back."),
    ]
    assert assert_maps(doc, doc.turns[0], "Please") == (3, 16)
    assert assert_maps(doc, doc.turns[1], "Sure") == (4, 29)
    assert assert_maps(doc, doc.turns[1], "thanks") == (6, 1)


def test_srt_without_numbers_and_a_bom():
    doc = read_text("\ufeff00:00:01,000 --> 00:00:02,000\nAGENT: Hi\n", "x.srt")
    assert summary(doc) == [("agent", 1.0, 2.0, "Hi")]
    pos = doc.turns[0].position(0)
    assert (pos.line, pos.column) == (2, 8)


# --------------------------------------------------------------------------- chat details


def test_chat_continuations_headers_and_stamps_without_speakers():
    text = (
        "Exported 2024-05-01\n\n[00:01] Agent: Thanks for waiting.\n"
        "  Your order ships today.\n\n[00:00:20.5] - Customer:Great\n(00:30) customer left\n"
        "[01:00:00] 10:30 works for me\n"
    )
    doc = read_text(text, "x.log")
    assert [(t.speaker, t.role, t.start, t.text) for t in doc.turns] == [
        ("Agent", "agent", 1.0, "Thanks for waiting.\nYour order ships today."),
        ("Customer", "customer", 20.5, "Great"),
        (None, None, 30.0, "customer left"),
        (None, None, 3600.0, "10:30 works for me"),
    ]
    assert assert_maps(doc, doc.turns[0], "Your") == (4, 3)
    assert assert_maps(doc, doc.turns[1], "Great") == (6, 25)


@pytest.mark.parametrize("name", ["chat_dated.log", "chat_ampm.log"])
def test_chat_wall_clock_stamps_count_from_the_first_past_midnight(name):
    doc = read(name)
    assert [(t.role, t.start, t.text) for t in doc.turns] == [
        ("agent", 0.0, "Thank you for contacting Acme, my name is Ana."),
        ("customer", 9.0, "Where is my order?"),
        ("agent", 21.0, "I don't know."),
    ]
    assert doc.hangup == (49.0 if name == "chat_dated.log" else None)
    assert assert_maps(doc, doc.turns[2], "know") == ((4, 38) if "dated" in name else (3, 30))


def test_a_log_that_starts_an_hour_in_is_stamped_with_times_of_day():
    """[23:59:41] is no time since the call began: no log starts an hour
    into its call. Its times count from the first stamp, past midnight."""
    doc = read("chat_24h.log")
    assert [t.start for t in doc.turns] == [0.0, 9.0, 21.0]
    assert doc.hangup == 49.0
    early = read_text("[00:59:59] Agent: Hi.\n[01:00:05] Customer: Hello.\n", "x.log")
    assert [t.start for t in early.turns] == [3599.0, 3605.0]  # a time since the call began


@pytest.mark.parametrize(
    ("first", "second", "seconds"),
    [
        ("2024-05-01T10:00:01", "2024-05-01T10:00:05", 4.0),
        ("2024/05/01 10:00:01", "2024/05/01 10:01", 59.0),
        ("2024-05-01T10:00:01.250Z", "2024-05-01T12:00:05.5+02:00", 4.25),
        ("10:00:01 a.m.", "10:00:05 AM", 4.0),
        ("12:00 PM", "1:00 PM", 3600.0),
        ("2024-05-01 23:59:00", "00:29:00", 1800.0),  # no date: the date before, past midnight
        ("10:00:05 AM", "10:00:01 AM", 4.0),  # earlier: times count from the earliest
    ],
)
def test_chat_wall_clock_stamp_shapes(first, second, seconds):
    text = f"[{first}] Agent: Hi.\n[{second}] Customer: Hello.\n"
    doc = read_text(text, "x.log")
    assert max(t.start for t in doc.turns) == seconds
    assert [(t.speaker, t.text) for t in doc.turns] == [("Agent", "Hi."), ("Customer", "Hello.")]


def test_a_log_of_wall_clock_stamps_is_checked_as_a_call():
    from click.testing import CliRunner

    from phraselint.cli import cli

    path = str(DATA / "chat_ampm.log")
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--no-config", path])
    assert result.exit_code == 1
    (entry,) = json.loads(result.stdout)["files"]
    assert entry["stats"]["turns"] == 3
    (dont,) = [f for f in entry["findings"] if f["rule"] == "en.ffp.i-dont-know"]
    assert (dont["line"], dont["start"]) == (3, 21.0)


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("chat_unstamped.log", []),
        ("call_en.md", ["--input-format", "chatlog"]),  # a file of another shape
    ],
)
def test_a_chat_log_without_a_stamped_line_is_an_error_not_an_empty_call(name, options):
    from click.testing import CliRunner

    from phraselint.cli import cli

    path = DATA / name if name.endswith(".log") else DATA.parents[2] / "examples" / name
    result = CliRunner().invoke(cli, ["check", "--no-config", *options, str(path)])
    assert result.exit_code == 2
    (line,) = [ln for ln in result.stderr.splitlines() if "error" in ln]
    assert line.endswith(
        f"{path}: no time-stamped line ([00:01:05] Agent: …), so not a chat log; "
        "--input-format script reads it as a script"
    )
    # Blank is an empty call, as in every format.
    assert read_text("\n \n", "x.log").turns == []


# --------------------------------------------------------------------------- CSV details


def test_csv_configured_columns_milliseconds_and_clock_times():
    text = (
        "Who;Begin_ms;Finish;Body;Extra\n"
        "Rep;1500;00:00:03.250;Hello there;x\n"
        "caller;4000;0:05;Hi;y\n"
        "caller;;;No time;z\n"
    )
    opts = ReadOptions(
        input_format="csv",
        csv_columns={"speaker": "who", "start": "BEGIN_MS", "end": "finish", "text": "body"},
    )
    doc = read_text(text, "x.txt", opts)
    assert summary(doc) == [
        ("agent", 1.5, 3.25, "Hello there"),
        ("customer", 4.0, 5.0, "Hi"),
        ("customer", None, None, "No time"),
    ]
    assert assert_maps(doc, doc.turns[1], "Hi") == (3, 18)


def test_csv_default_names_are_case_insensitive_and_tsv_quotes_are_literal():
    text = 'Participant Role\tStart Time\tEndOffsetMillis\tUtterance\nAGENT\t1\t2500\t"亲"你好\n'
    doc = read_text(text, "x.tsv")
    assert summary(doc) == [("agent", 1.0, 2.5, '"亲"你好')]
    assert assert_maps(doc, doc.turns[0], "你好") == (2, 17)


def test_csv_numbered_columns_without_header():
    text = "c1\tU1\t0\tnan\t您好\nc1\tU1\t1\tnan\t请稍等\n"
    opts = ReadOptions(
        csv_columns={"speaker": "3", "text": "5"}, speakers={"1": "agent", "0": "customer"}
    )
    doc = read_text(text, "x.tsv", opts)
    assert [(t.role, t.text) for t in doc.turns] == [("customer", "您好"), ("agent", "请稍等")]
    assert assert_maps(doc, doc.turns[1], "稍等") == (2, 14)


def test_csv_without_speaker_column_and_blank_rows():
    doc = read_text("text,start\nhello,1\n\n,2\n", "x.csv")
    assert summary(doc) == [(None, 1.0, None, "hello")]


def test_csv_missing_configured_column():
    with pytest.raises(InputError) as err:
        read_text("a,b\n1,2\n", "x.csv", ReadOptions(csv_columns={"text": "body"}))
    assert err.value.line == 1
    assert "'body'" in err.value.problem


# --------------------------------------------------------------------------- JSON details


def test_whisper_escapes_map_to_their_backslash():
    text = json.dumps(
        {"segments": [{"start": 0, "end": 1.5, "text": ' Caf\u00e9 "Bleu", please.'}]}
    )
    assert "\\u00e9" in text and '\\"' in text
    doc = read_text(text, "x.json")
    turn = doc.turns[0]
    assert turn.text == 'Café "Bleu", please.'
    assert (turn.role, turn.speaker) == (None, None)
    e = turn.position(turn.text.index("é"))
    assert text[e.source : e.source + 6] == "\\u00e9"
    q = turn.position(turn.text.index('"'))
    assert text[q.source : q.source + 2] == '\\"'
    assert text[turn.position(turn.text.index("Bleu")).source :].startswith("Bleu")
    assert assert_maps(doc, turn, "please") == (1, text.index("please") + 1)


def test_a_finding_ends_after_the_whole_escape_of_its_last_character():
    """WhisperX and json.dump write Chinese as \\uXXXX: a finding's span in the
    file is exactly the escapes of its text, start to end."""
    from click.testing import CliRunner

    from phraselint.cli import cli

    path = DATA / "escaped_zh.whisper.json"
    args = ["check", "--format", "json", "--no-config", "--agent-speaker", "SPEAKER_00"]
    report = json.loads(CliRunner().invoke(cli, [*args, str(path)]).stdout)
    findings = [f for f in report["files"][0]["findings"] if f["text"]]
    (line,) = path.read_text("utf-8").splitlines()
    hua = next(f for f in findings if f["rule"] == "zh.etiquette.hua-shenme")
    assert (hua["line"], hua["column"], hua["end_line"], hua["end_column"]) == (1, 237, 1, 303)
    for f in findings:
        written = line[f["column"] - 1 : f["end_column"] - 1]
        assert json.loads(f'"{written}"') == f["text"]


@pytest.mark.parametrize(
    ("path", "text", "last", "written"),
    [
        ("x.whisper.json", '{"segments": [{"start": 0, "end": 1, "text": "Ok \\ud83d\\ude00"}]}',
         "\U0001f600", "\\ud83d\\ude00"),
        ("x.whisper.json", '{"segments": [{"start": 0, "end": 1, "text": "\\u4f60"}]}',
         "你", "\\u4f60"),
        ("x.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nTom &amp;\n", "&", "&amp;"),
    ],
)  # fmt: skip
def test_the_end_of_an_escaped_character_is_past_its_escape(path, text, last, written):
    doc = read_text(text, path)
    (turn,) = doc.turns
    assert turn.text.endswith(last)
    start, end = turn.position(len(turn.text) - 1), turn.end_position(len(turn.text))
    assert doc.source[start.source : end.source] == written
    assert (end.line, end.column) == (start.line, start.column + len(written))


def test_whisper_segments_saved_on_their_own_in_a_json_file():
    doc = read("segments.json")
    assert (doc.format, summary(doc)) == ("whisper", [("agent", 0.0, 2.0, "I don't know.")])


def test_whisper_top_level_list_and_empty_segments():
    text = '[{"start": 0.0, "end": 1.0, "text": "  "}, {"start": 1.0, "end": 2.0, "text": "Hi"}]'
    doc = read_text(text, "x.whisper.json")
    assert summary(doc) == [(None, 1.0, 2.0, "Hi")]


def test_transcribe_without_segments_splits_on_speaker_and_pause():
    def word(content, start, end, speaker):
        return {
            "start_time": str(start),
            "end_time": str(end),
            "speaker_label": speaker,
            "alternatives": [{"content": content}],
            "type": "pronunciation",
        }

    items = [
        word("Hello", 0.5, 0.9, "spk_0"),
        {"type": "punctuation", "alternatives": [{"content": "."}]},
        word("Hi", 1.2, 1.5, "spk_1"),
        word("Hold", 2.0, 2.4, "spk_0"),
        word("on", 2.4, 2.6, "spk_0"),
        word("Back", 30.0, 30.5, "spk_0"),
    ]
    text = json.dumps({"results": {"transcripts": [{"transcript": "x"}], "items": items}}, indent=1)
    doc = read_text(text, "x.json")
    assert summary(doc) == [
        ("agent", 0.5, 0.9, "Hello."),
        ("customer", 1.2, 1.5, "Hi"),
        ("agent", 2.0, 2.6, "Hold on"),
        ("agent", 30.0, 30.5, "Back"),
    ]
    assert assert_maps(doc, doc.turns[2], "on") == (text[: text.index('"on"')].count("\n") + 1, 19)


def test_transcribe_chinese_words_are_joined_without_spaces():
    items = [
        {
            "start_time": "0.1",
            "end_time": "0.3",
            "alternatives": [{"content": "您好"}],
            "type": "pronunciation",
        },
        {"type": "punctuation", "alternatives": [{"content": "，"}]},
        {
            "start_time": "0.3",
            "end_time": "0.6",
            "alternatives": [{"content": "请问"}],
            "type": "pronunciation",
        },
        {
            "start_time": "0.6",
            "end_time": "0.8",
            "alternatives": [{"content": "VIP"}],
            "type": "pronunciation",
        },
    ]
    text = json.dumps({"results": {"items": items}}, ensure_ascii=False)
    doc = read_text(text, "x.transcribe.json")
    assert summary(doc) == [(None, 0.1, 0.8, "您好，请问 VIP")]
    assert_maps(doc, doc.turns[0], "请问")


def test_transcribe_transcripts_only_gives_one_untimed_turn():
    doc = read_text(
        '{"results": {"transcripts": [{"transcript": "Hello there"}], "items": []}}', "x.aws.json"
    )
    assert summary(doc) == [(None, None, None, "Hello there")]


def test_tca_other_roles_go_through_speaker_names():
    text = json.dumps(
        {
            "Transcript": [
                {
                    "Content": "Hi",
                    "BeginOffsetMillis": 0,
                    "EndOffsetMillis": 250,
                    "ParticipantRole": "IVR",
                },
                {"Content": "Yo", "BeginOffsetMillis": 300, "EndOffsetMillis": 400},
            ]
        }
    )
    doc = read_text(text, "x.tca.json")
    assert [(t.speaker, t.role, t.end) for t in doc.turns] == [
        ("IVR", "system", 0.25),
        (None, None, 0.4),
    ]
    assert doc.duration is None


def test_real_world_shapes_need_no_traceback_on_garbage():
    for path in ("x.vtt", "x.srt", "x.log", "x.csv", "x.whisper.json", "x.tca.json"):
        for junk in ("", "\n\n", "\ufeff", "{[", "WEBVTT\n\n-->\n"):
            try:
                doc = read_text(junk, path)
            except InputError as err:
                assert "\n" not in str(err)
            else:
                assert doc.kind == "transcript"


def old_strip_pieces(pieces: list[Piece]) -> list[Piece]:
    """strip_pieces as it was, popping blank pieces off the front one by one
    (trimming the ends of what is left is shared)."""
    out = list(pieces)
    while out and not out[0].text.strip():
        out.pop(0)
    while out and not out[-1].text.strip():
        out.pop()
    return _transcripts.trim_ends(out) if out else out


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet=" \t\u3000\xa0ab", max_size=4), max_size=10))
def test_strip_pieces_gives_what_it_gave_before(texts):
    pieces, source = [], 0
    for text in texts:
        pieces.append(Piece(text, source, 3, source + 1))
        source += len(text) + 3
    assert strip_pieces(pieces) == old_strip_pieces(pieces)


def test_vtt_cue_with_thousands_of_empty_tags():
    """Each empty tag is a blank piece of the cue line; they were dropped one
    pop(0) at a time, shifting all the rest (seconds on 1.6 MB)."""
    tags = "<i> </i>" * 20_000
    head = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
    text = f"{head}<v Agent>{tags}I don't know.{tags}\n{tags}\n{tags}Yes.\n"
    (turn,) = read_text(text, "x.vtt").turns
    assert (turn.role, turn.speaker, turn.start, turn.end) == ("agent", "Agent", 1.0, 2.0)
    assert turn.text == "I don't know.\nYes."
    first = text.index("I don't")
    second = text.index("Yes.")
    assert [(s.offset, s.source, s.line, s.column) for s in turn.segments] == [
        (0, first, 4, first - len(head) + 1),
        (14, second, 6, len(tags) + 1),
    ]
