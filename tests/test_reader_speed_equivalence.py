"""The chat-log and script readers read their commonest lines through a fast
path (one multi-line pattern over the whole text: for chat logs, one for
plain stamps and one for wall-clock ones) and everything else line by line;
the subtitle readers read a file made only of cues of the commonest shape in
one pass, and elsewhere one-line cues and the usual timing lines
without scanning them into pieces; the CSV reader reads rows of the common
shape in one go and any other record field by field. The fast paths must
change nothing: for any text, reading with them gives exactly the document
(or the error) that
reading every line the general way gives."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phraselint.errors import InputError
from phraselint.readers import (
    ReadOptions,
    _common_cues,
    _cues,
    _wallclock,
    chatlog,
    csvfile,
    script,
    srt,
    vtt,
)
from phraselint.readers._lines import LinePattern
from phraselint.readers._memo import Memo
from phraselint.readers._transcripts import parse_clock

NEVER = re.compile(r"(?!)", re.MULTILINE)
NEVER_LINE = LinePattern(r"(?!)BODY", "")


@contextmanager
def general_path_only() -> Iterator[None]:
    """Every line read the general way, as if the fast paths did not exist."""
    saved = chatlog._COMMON, chatlog._WALL_LINE, script._label_line, script._word_label
    saved += (csvfile._Turns.rows,)
    chatlog._COMMON = chatlog._WALL_LINE = NEVER_LINE
    script._label_line = lambda cjk: NEVER_LINE
    script._word_label = lambda cjk: NEVER
    csvfile._Turns.rows = csv_records_only
    try:
        yield
    finally:
        chatlog._COMMON, chatlog._WALL_LINE, script._label_line, script._word_label = saved[:4]
        csvfile._Turns.rows = saved[4]


def csv_records_only(self, parser, pos: int, width: int) -> None:
    """csvfile._Turns.rows without the fast path: every record the general way."""
    for record in parser.records(pos):
        self.record(record)


@contextmanager
def cues_read_the_general_way() -> Iterator[None]:
    """Every file split into lines and blocks, every cue scanned into pieces
    and every timing line split by ``_TIMING``, as if the subtitle fast paths
    did not exist."""
    saved = _cues._one_line, vtt._USUAL_TIMING, vtt._CUE, srt._FIRST_CUE
    _cues._one_line = lambda *args: False
    vtt._USUAL_TIMING = vtt._CUE = srt._FIRST_CUE = NEVER
    try:
        yield
    finally:
        _cues._one_line, vtt._USUAL_TIMING, vtt._CUE, srt._FIRST_CUE = saved


def outcome(reader, text: str, path: str, speakers: dict[str, str], **options):
    try:
        doc = reader.read(text, path, ReadOptions(speakers=speakers, **options))
    except InputError as err:
        return "error", str(err), err.line
    turns = [(t.text, t.segments, t.role, t.speaker, t.start, t.end) for t in doc.turns]
    return turns, doc.hangup, doc.meta


def assert_same(
    reader,
    text: str,
    path: str,
    speakers: dict[str, str] | None = None,
    general=general_path_only,
    **options,
) -> None:
    speakers = speakers or {}
    fast = outcome(reader, text, path, speakers, **options)
    with general():
        general_outcome = outcome(reader, text, path, speakers, **options)
    assert fast == general_outcome


ENDINGS = st.sampled_from(["\n", "\n", "\n", "\r\n", "\r"])


def documents(lines: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Lines joined with mixed line endings, maybe a BOM, maybe no final break."""
    return st.builds(
        lambda bom, body, last: ("\ufeff" if bom else "") + "".join(body) + last,
        st.booleans(),
        st.lists(st.tuples(lines, ENDINGS).map("".join), max_size=12),
        st.sampled_from(["", "tail text", "[00:00:09] Agent: last"]),
    )


# --------------------------------------------------------------------------- chat logs

STAMPS = [
    "[00:01:05]", "[01:05]", "00:01:05", "01:05", "（00:01）", "【00:00:01.5】", "(1:2:3)",
    "[00:75]", "[00:60:00]", "[00:01:05.1234]", "00:01:05,25", "[0:5]", "[０１:０２]", "[٠١:٠٢]",
    "123:00:00", "[1:2:3:4]", "00:00:03.", "(00:01]", "[00:01", " [00:01:02]", "\t00:00:01",
    "\u3000[00:01]", "[2024-05-01 10:00:01]", "10:00:01 AM", "[10:00 p.m.]", "10:00:01 Am",
    "2024-05-01T23:59:59Z", "[13:00:00 PM]", "[2024-02-30 10:00]", "00:00:07\tPM",
]  # fmt: skip
AFTER_STAMP = ["", " ", "  ", "\t", " - ", " – ", "-", "\u3000", "\xa0", "\x1c"]
NAMES = [
    "Agent", "Customer", "坐席", "客户", "Ahente", "SPEAKER_00", "Ana Maria", "http", "Note, see",
    "[00:02]", "-Agent", "–x", "a" * 39, "a" * 41, "Agent\u3000", "Agent\x1c", "\x1cAgent",
    "x y z w v", "ana", "", " ",
]  # fmt: skip
COLONS = [":", "：", "://", " :", "\u3000:", "::", ""]
BODIES = [
    "Hello there", "", "  ", "[hangup]", "［挂机］", " [hangup] ", "您好，请问有什么可以帮您？",
    "Time is 10:30", "a: b", "\u3000text\u3000", "\x1ctext", "x" * 70,
]  # fmt: skip
UNSTAMPED = [
    "", "  ", "continuation text", "10:30 works for me", "[hangup]", "  [挂机]  ", "［挂机］",
    "[Call Ended]", "Chat transcript header", "\u3000", "\x0b", "\x85", "\u2028", "\x1c",
]  # fmt: skip

chat_lines = st.one_of(
    st.sampled_from(UNSTAMPED),
    st.tuples(
        st.sampled_from(["[00:00:07]", "00:00:07", "[00:12]"]),
        st.sampled_from(["Agent", "Customer", "坐席", "客户"]),
        st.sampled_from([": ", "："]),
        st.sampled_from(BODIES),
    ).map(lambda parts: parts[0] + " " + "".join(parts[1:])),
    st.tuples(*map(st.sampled_from, (STAMPS, AFTER_STAMP, NAMES, COLONS, AFTER_STAMP, BODIES))).map(
        "".join
    ),
)


@settings(max_examples=400, deadline=None)
@given(documents(chat_lines), st.sampled_from([{}, {"Ana": "agent", "CUSTOMER": "agent"}]))
def test_chat_log_fast_path_reads_like_the_general_path(text, speakers):
    assert_same(chatlog, text, "call.log", speakers)


@settings(max_examples=300, deadline=None)
@given(
    documents(chat_lines), st.sampled_from(["[2024-05-01 23:59:00] Agent: Hi", "[11:59 PM] A: x"])
)
def test_a_wall_clock_log_reads_alike_both_ways(text, first):
    """After a wall-clock stamp, every stamp is a time of day, the ones of
    the fast path's shape too."""
    assert_same(chatlog, first + "\n" + text.lstrip("\ufeff"), "call.log")


stamped_lines = st.tuples(
    *map(st.sampled_from, (STAMPS[:8], [" ", "\t"], NAMES, [":", "：", " :"], AFTER_STAMP, BODIES))
).map("".join)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(stamped_lines, min_size=1, max_size=12),
    st.booleans(),
    st.sampled_from([{}, {"Ana": "agent", "CUSTOMER": "agent"}]),
)
def test_a_log_of_stamped_lines_only_reads_like_the_general_path(lines, last_break, speakers):
    """Logs whose every line may have the common shape, LF only: what the
    reader reads in one go (_Reader.whole) when they all do."""
    text = "\n".join(lines) + ("\n" if last_break else "")
    assert_same(chatlog, text, "call.log", speakers)


def test_a_log_read_in_one_go():
    text = "[00:00:01] Agent: Hi\n00:00:02 客户：您好\n[00:03]\tAgent :  Bye  \n"
    doc = chatlog.read(text, "call.log")
    assert [(t.text, t.start, t.segments[0].line, t.segments[0].column) for t in doc.turns] == [
        ("Hi", 1.0, 1, 19),
        ("您好", 2.0, 2, 13),
        ("Bye", 3.0, 3, 18),
    ]
    assert_same(chatlog, text, "call.log")


@pytest.mark.parametrize(
    "text",
    [
        "[00:00:01] Agent: Hi\r\n[00:00:02] Customer: Hello\r\n",
        "[00:00:01] Agent: Hi\r[00:00:02] Customer: Hello\r[00:00:03] Agent: Bye",
        "\ufeff[00:00:01] Agent: Hi\n[00:00:02] Customer: Hello\n",
        "Header\n\n[00:01] Agent: Hi\n  and more\n\n[00:02] 客户：好\n[00:03] [hangup]\n",
        "00:00:01 坐席：您好\n00:00:09 客户：［挂机］\n（00:00:10） 坐席：喂\n",
        "[00:00:01] Agent: Hi\n[00:00:75] Agent: bad\n",
        "[00:01] Agent:\n  said on the next line\n[00:02] Customer: ok",
    ],
)
def test_chat_log_examples(text):
    assert_same(chatlog, text, "call.log")


def test_bad_stamp_in_a_common_line_is_reported_at_its_line():
    text = "[00:00:01] Agent: Hi\r\n\r\n[00:00:02] Customer: Hello\r\n[00:75] Agent: x\r\n"
    with pytest.raises(InputError, match="bad timestamp '00:75'") as err:
        chatlog.read(text, "call.log")
    assert err.value.line == 4


def test_columns_after_crlf_lone_cr_and_bom():
    text = "\ufeff[00:01] Agent: One\r\n[00:02] Agent: Two\r[00:03] Agent: Three\n"
    doc = chatlog.read(text, "call.log")
    places = [(t.segments[0].line, t.segments[0].column, t.segments[0].source) for t in doc.turns]
    assert places == [(1, 16, 16), (2, 16, 36), (3, 16, 55)]
    assert [text[source : source + 3] for _, _, source in places] == ["One", "Two", "Thr"]


# --------------------------------------------------------------------------- wall-clock chat logs

# The parts of a wall-clock stamp and of its line: the shapes _WALL_LINE takes
# (first), and shapes next to them that it must leave to the general path.
DATES = (["", "2024-05-01 ", "2024/5/1 ", "2024-05-01T", "2024-02-29\t", "2024-05-01  "],
         ["2024-02-30 ", "2024-13-01 ", "2024-05-01t", "2024-05-01\u3000", "2024-05-011 "])  # fmt: skip
CLOCKS = (["14:03:04", "2:03", "2:03:04.5", "23:59:59", "00:00:00", "12:00", "14:03:04,25"],
          ["13:00:00", "24:00", "9:60", "1:2:3", "114:03:04", "１４:03", "14:03:04."])  # fmt: skip
AMPMS = (["", " AM", " PM", "pm", " p.m.", " a.m", "\tPM", " Pm."],
         ["  AM", "\xa0PM", " AMZ", " Amy", " P.M.x", " a.m.Z"])  # fmt: skip
ZONES = (["", "Z", "+08:00", "-0500"], ["+15:00", "+08:0", "-05:60", " +08:00", "z"])
BRACKETS = (
    [("[", "]"), ("", ""), ("【", "】"), ("(", "]")],
    [("", "]"), ("[", ""), ("\u3000[", "]")],
)
AFTER_WALL = ([" ", "\t", "", " - "], ["\u3000", "-", " -\xa0"])
WALL_NAMES = (["Agent", "Customer", "坐席", "Ana Maria"], ["Note, see", "-Agent", "", "a" * 41])
WALL_COLONS = ([": ", "：", ":", " : "], ["://", "", "::"])


PARTS = (BRACKETS, DATES, CLOCKS, AMPMS, ZONES, AFTER_WALL, WALL_NAMES, WALL_COLONS)


def wall_line(odd: int | None) -> st.SearchStrategy[str]:
    """A line of parts of the common shape but for part number ``odd`` (if
    any), which is one next to it: each such part alone in an otherwise
    good line and log, where what the fast path makes of it shows."""
    parts = [st.sampled_from(shapes[n == odd]) for n, shapes in enumerate(PARTS)]
    return st.tuples(*parts, st.sampled_from(BODIES)).map(
        lambda p: p[0][0] + "".join(p[1:5]) + p[0][1] + "".join(p[5:])
    )


wall_lines = st.one_of(
    st.sampled_from([None, *range(len(PARTS))]).flatmap(wall_line),
    st.tuples(*map(st.sampled_from, (STAMPS, AFTER_STAMP, NAMES, COLONS, AFTER_STAMP, BODIES))).map(
        "".join
    ),
)
FIRST = ["[2024-05-01 23:59:00] Agent: Hi", "[11:59 PM] A: x", "[00:00:01] Agent: Hi", "Chat", ""]


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(FIRST),
    wall_lines,
    st.sampled_from(["", "[00:00:09] Agent: x", "[2024-05-02 00:01:00] 客户：好", "more text"]),
    st.sampled_from(["\n", "\r\n"]),
)
def test_a_wall_clock_line_reads_like_the_general_path(first, line, after, end):
    """One line among good ones, so that what it makes (a turn, a hang-up,
    more text, a header, an error) is what the document shows."""
    assert_same(chatlog, end.join([first, line, after]), "call.log")


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.one_of(wall_lines, wall_lines, chat_lines), max_size=12),
    st.sampled_from(FIRST),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from([{}, {"Ana Maria": "agent", "CUSTOMER": "agent"}]),
)
def test_wall_clock_lines_read_like_the_general_path(lines, first, end, speakers):
    """Logs of wall-clock stamps of every shape, good and bad, among plain
    stamps and other lines: what _WALL_LINE finds reads as the general way
    reads it, errors included."""
    assert_same(chatlog, end.join([first, *lines]), "call.log", speakers)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(wall_lines, min_size=1, max_size=12),
    st.booleans(),
    st.sampled_from([{}, {"Ana Maria": "agent"}]),
)
def test_a_log_of_wall_clock_lines_only_reads_like_the_general_path(lines, last_break, speakers):
    """LF only, every line maybe of _WALL_LINE's shape: what the reader reads
    in one go (_Reader.whole) when they all are."""
    text = "\n".join(lines) + ("\n" if last_break else "")
    assert_same(chatlog, text, "call.log", speakers)


@settings(max_examples=300, deadline=None)
@given(documents(st.one_of(wall_lines, chat_lines)), st.booleans())
def test_either_line_pattern_reads_any_log_alike(text, wall_clock):
    """Which pattern reads a log (_wall_clock_first) changes only the speed:
    a plain log read with _WALL_LINE, or a wall-clock log with _COMMON, reads
    as the general way reads it."""
    chosen = chatlog._wall_clock_first
    chatlog._wall_clock_first = lambda pattern, text: wall_clock
    try:
        assert_same(chatlog, text, "call.log")
    finally:
        chatlog._wall_clock_first = chosen


def read_without_general_path(monkeypatch, text: str):
    """The document of ``text``, which must be read by a fast path alone."""

    def general(self, line):
        raise AssertionError(f"line {line.number} read the general way")

    monkeypatch.setattr(chatlog._Reader, "line", general)
    doc = chatlog.read(text, "call.log")
    monkeypatch.undo()
    assert_same(chatlog, text, "call.log")
    return doc


@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_dated_log_past_midnight_takes_the_fast_path(monkeypatch, end):
    lines = [
        "[2024-05-01 23:59:58] Agent: Hi",
        "2024-05-02T00:00:03Z 客户：您好",
        "",
        "[00:00:09] Agent :  Bye  ",  # after a wall-clock stamp, a time of day
    ]
    doc = read_without_general_path(monkeypatch, end.join(lines) + end)
    got = [
        (t.text, t.start, t.speaker, t.segments[0].line, t.segments[0].column) for t in doc.turns
    ]
    assert got == [
        ("Hi", 0.0, "Agent", 1, 30),
        ("您好", 5.0, "客户", 2, 25),
        ("Bye", 11.0, "Agent", 4, 21),
    ]


def test_an_am_pm_log_takes_the_fast_path(monkeypatch):
    text = "[11:59:58 PM] Agent: Hi\n12:00:03 a.m. Customer: Hello\n[12:01 AM]\tAgent: Bye"
    doc = read_without_general_path(monkeypatch, text)
    assert [(t.text, t.start) for t in doc.turns] == [("Hi", 0.0), ("Hello", 5.0), ("Bye", 62.0)]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        (
            "[2024-05-01 10:00:01] Agent: Hi\r\n\r\n[2024-02-30 10:00:02] Agent: x\r\n",
            "bad timestamp '2024-02-30 10:00:02'",
            3,
        ),
        ("Chat\n[10:00 AM] Agent: Hi\n[13:00 PM] Customer: x\n", "bad timestamp '13:00 PM'", 3),
        ("[10:00:01Z] Agent: Hi\n[10:00:02+15:00] Agent: x\n", "bad timestamp '10:00:02+15:00'", 2),
        (
            "[00:00:01] Agent: Hi\n[2024-05-01 10:00:01] Agent: x\n",
            "timestamp '2024-05-01 10:00:01' is a time of day, but the ones before it count"
            " from the start of the call",
            2,
        ),
    ],
)
def test_a_bad_wall_clock_stamp_is_reported_at_its_line(text, message, line):
    with pytest.raises(InputError, match=re.escape(message)) as err:
        chatlog.read(text, "call.log")
    assert err.value.line == line
    assert_same(chatlog, text, "call.log")


def test_remembered_times_of_day_stay_bounded_and_right(monkeypatch):
    """The table of times of day (_wallclock._TIMES) never holds more than
    its bound; times are read right whether they are in it or not."""
    monkeypatch.setattr(_wallclock, "_TIMES", Memo(_wallclock._time_of_key, 50))
    stamps = [f"2024-05-01 10:{m:02d}:{s:02d}" for m in range(2) for s in range(60)]
    text = "".join(f"[{stamp}] Agent: hi\n" for stamp in stamps)
    doc = chatlog.read(text, "call.log")
    assert len(_wallclock._TIMES) == 120 % 50
    assert [t.start for t in doc.turns] == [float(n) for n in range(120)]
    again = chatlog.read(text, "call.log")  # half from the table, half worked out
    assert [t.start for t in again.turns] == [t.start for t in doc.turns]


# --------------------------------------------------------------------------- scripts

LABELS = [
    "Agent:", "**Agent:**", "- Customer:", "1. Agent：", "> Agent:", "AGENT (Ana):", "agent :",
    "坐席：", "客户:", "Ahente:", "Note:", "http://x", "Straße:", "ſpeaker:", "Agent:**",
    "Customer Service:", "AgentX:", "Agen:", "_Agent_:", "Ana:", "Bot:1:", "坐席员：", "Agent::",
    "*Agent*:", "• Agent:", "١. Agent:", "aGeNt:", "ＡＧＥＮＴ:", "  Agent:", "Agent", "ALI:",
    "Ali:", "alı:",
]  # fmt: skip
SCRIPT_BODIES = [
    "Hello there.", "use `x` here", "<!-- c --> after", "start <!-- open", "close --> x",
    " trailing  ", "", "\ufffc", "#tag", "您好，请问有什么可以帮您？", "x: y", "\x1c",
]  # fmt: skip
MARKDOWN = [
    "---", "...", "```", "~~~", "````", "  ```python", "# Heading", "  ## h", "#nospace", "", "",
    "   ", "- item", "1) step", "> quote", "<!--", "-->", "text <!-- a --> b <!-- c", "text",
    "\u3000", "# phraselint: disable",
]  # fmt: skip

script_lines = st.one_of(
    st.sampled_from(MARKDOWN),
    st.tuples(
        st.sampled_from(LABELS), st.sampled_from(["", " "]), st.sampled_from(SCRIPT_BODIES)
    ).map("".join),
    st.sampled_from(SCRIPT_BODIES),
)


@settings(max_examples=400, deadline=None)
@given(
    documents(script_lines),
    st.sampled_from(["script.md", "script.txt"]),
    st.sampled_from(
        [{}, {"Ana": "agent"}, {"Bot:1": "agent"}, {"straße": "customer"}, {"alı": "customer"}]
    ),
)
def test_script_fast_path_reads_like_the_general_path(text, path, speakers):
    """A plain word before the colon is looked up among the names; the
    general path matches the full pattern, case-insensitively (where a
    dotless ı also matches i and I)."""
    assert_same(script, text, path, speakers)


@pytest.mark.parametrize(
    "text",
    [
        "---\nAgent: front matter\n---\nAgent: Hi\n\n```\nAgent: in code\n```\nCustomer: Hello\r\n",
        "<!--\nAgent: hidden\n-->\nAgent: shown\n",
        "# Opening\n\nAgent: Hi\nstill the agent\n\nNarration.\n坐席：您好\r客户：你好",
        "\ufeffAgent: Hi\nCustomer: Hello\n",
        "Agent: Hi\nNote: not a speaker\n",
    ],
)
@pytest.mark.parametrize("path", ["script.md", "script.txt"])
def test_script_examples(text, path):
    assert_same(script, text, path)


@pytest.mark.parametrize("text", ["ALI: Hi\nAli: again\n", "Agent: Hi\nalı: 您好\n"])
def test_a_speaker_name_with_a_dotless_i(text):
    assert_same(script, text, "script.md", {"alı": "agent"})


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(chat_lines, wall_lines), max_size=8).map("\n".join),
    st.sampled_from(
        [chatlog._COMMON, chatlog._WALL_LINE, script._label_line(False), script._label_line(True)]
    ),
)
def test_a_line_pattern_matches_alike_in_both_forms(text, pattern):
    """In a text without the characters a line's body may not hold, the
    ``.*`` form of a LinePattern finds exactly what its character-class form
    finds; in any other text the character-class form is the one used."""
    text = text.replace("`", "").replace("<", "")
    fast = pattern.for_text(text)
    general = pattern.for_text(text + "\r")
    assert fast is not general
    assert pattern.for_text(text + "`<"[len(text) % 2]) is general or pattern.stops == "\r"
    spans = [m.regs for m in fast.finditer(text)]
    assert spans == [m.regs for m in general.finditer(text)]


def test_remembered_stamps_stay_bounded_and_right(monkeypatch):
    """The table of stamp seconds (chatlog._CLOCKS) never holds more than
    its bound: when full, it starts again. Stamps are read right whether
    they are in it or not."""
    monkeypatch.setattr(chatlog, "_CLOCKS", Memo(parse_clock, 50))
    text = "".join(f"[00:{m:02d}:{s:02d}.5] Agent: hi\n" for m in range(2) for s in range(60))
    doc = chatlog.read(text, "call.log")
    assert len(chatlog._CLOCKS) == 120 % 50
    assert [t.start for t in doc.turns] == [m * 60 + s + 0.5 for m in range(2) for s in range(60)]
    again = chatlog.read(text, "call.log")  # half from the table, half worked out
    assert [t.start for t in again.turns] == [t.start for t in doc.turns]


# --------------------------------------------------------------------------- subtitles

TIMINGS = [
    "00:00:01.000 --> 00:00:04.500", "00:01.000 --> 00:04.500", "00:00:01,000 --> 00:00:04,500",
    "00:00:01.000 --> 00:00:04.500 line:85% align:start", "  00:00:01.000 -->00:00:02.000  ",
    "1:02:03.5 --> 1:02:04", "00:00:05.000 --> 00:00:01.000", "00:61.000 --> 01:02.000",
    "00:00:01.0000 --> 00:00:02.000", "00:01 --> x", "00:00:01.000-->00:00:02.000-->x",
    "00:00:01.000\t-->\t00:00:02.000", "٠٠:٠١.٠٠٠ --> ٠٠:٠٢.٠٠٠", "00:00:01.000 --> 00:00:02.000\v",
    "00:00:01.000 --> 00:00:02.000 a-->b", "00:00:01:000 --> 00:00:02.000", "1.5 --> 2.5",
    "00:00:02.000 --> 00:00:01.999", "00:00:01.000 --> 00:00:02.000x", "00:00:01.000 -> 00:00:02.000",
]  # fmt: skip
USUAL_TIMINGS = [*TIMINGS[:6], TIMINGS[11], "00:00:03 --> 00:00:03", "12:00:00.5 --> 12:00:00.50"]
VOICES = [
    "<v Agent>",
    "<v Agent >",
    "<v.loud Customer>",
    "<v >",
    "<v\tANA>",
    "<v Bob Smith>",
    "<v a<b>",
    "<v.a<b c>",
    "",
]
CUE_TEXTS = [
    "Thank you for calling.", "Agent: I don't know.", "ANA: hi", "Listen: now", "Speaker 1: ok",
    "  spaced  ", "", " ", "42", "a & b", "&amp; ok", "x &lt;y&gt;", "<i>hi</i> there", "text</v>",
    "text </v>", "</v>", "<b>bold</b>", "{\\an8}top", "<c.yellow>c</c>", "[hangup]", "您好，请稍等。",
    "\xa0nbsp", "\x0c", "a > b", "x <", "<v Bob>inner", "- AGENT: hi", "<00:00:01.500>word",
    "x --> y", "00:00:03.000 --> 00:00:04.000", "ANA://x", "ANA：你好", "坐席：您好", "ANA:\u3000hi",
    "ANA:\x1chi", "Time 10:30: x", " ANA :  hi  ", "ANA: &amp; b", "<i>ANA</i>: hi", "{\\an8}ANA: hi",
    "ANA: a < b", "12:30", "٣", "²", "ANA: [hangup]", "ANA:", "Bob: hi", "note: x", "a: b: c",
    "blanks after    ",
]  # fmt: skip
cue_lines = st.tuples(st.sampled_from(VOICES), st.sampled_from(CUE_TEXTS)).map("".join)
cues = st.tuples(
    st.sampled_from(["", "", "7", "greeting", "NOTE x"]),
    st.sampled_from(TIMINGS),
    st.lists(cue_lines, min_size=0, max_size=3),
    st.sampled_from([[""], [""], ["", ""], ["   "], []]),
).map(lambda c: ([c[0]] if c[0] else []) + [c[1], *c[2], *c[3]])


# Cues of the commonest shape (one line of text, a blank line after), which
# a WebVTT file made only of them is read through.
common_cues = st.tuples(
    st.sampled_from(["", "", "", "7", "greeting", "NOTE", "NOTE x", " ", "a --> b"]),
    st.sampled_from(USUAL_TIMINGS * 4 + TIMINGS[6:]),
    cue_lines,
    st.sampled_from(
        [[""], [""], ["", ""], ["   "], ["\x0b"], [], ["", "NOTE hi", ""], ["", "x", ""]]
    ),
).map(lambda c: ([c[0]] if c[0] else []) + [c[1], c[2], *c[3]])


def subtitles(header: list[str], cues=cues) -> st.SearchStrategy[str]:
    return st.builds(
        lambda cues, ending, last: ending.join(header + sum(cues, [])) + last,
        st.lists(cues, max_size=8),
        ENDINGS,
        st.sampled_from(["", "\n"]),
    )


@settings(max_examples=400, deadline=None)
@given(subtitles(["WEBVTT", ""]), st.sampled_from([{}, {"Ana": "agent", "Bob": "customer"}]))
def test_webvtt_fast_paths_read_like_the_general_path(text, speakers):
    assert_same(vtt, text, "call.vtt", speakers, general=cues_read_the_general_way)


@settings(max_examples=400, deadline=None)
@given(
    subtitles(["WEBVTT"], common_cues),
    st.sampled_from([[], [""], ["Kind: captions", ""], ["x", "a --> b"], ["NOTE x", ""]]),
    st.booleans(),
    st.sampled_from([{}, {"Ana": "agent", "Bob": "customer"}]),
)
def test_webvtt_of_common_cues_reads_like_the_general_path(text, header, bom, speakers):
    """Files mostly read in one go (vtt._read_common)."""
    head, _, body = text.partition("WEBVTT")
    text = ("\ufeff" if bom else "") + "\n".join(["WEBVTT", *header]) + body
    assert_same(vtt, text, "call.vtt", speakers, general=cues_read_the_general_way)


srt_cues = st.tuples(
    st.sampled_from(["1", "1", "12", " 3 ", "", "x", "4\n", "\n5"]),
    st.sampled_from(USUAL_TIMINGS * 4 + TIMINGS[6:]),
    cue_lines,
    st.sampled_from([[""], [""], ["", ""], ["   "], ["\x0b"], [], ["more"], ["", "more", ""]]),
).map(lambda c: ([c[0]] if c[0] else []) + [c[1], c[2], *c[3]])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(srt_cues, min_size=1, max_size=8),
    st.sampled_from(["", "\n", "\n\n", "\n7\n", "\ufeff"]),
    st.sampled_from(["", "\n", "\n\n", "\n3\n", "\ntail"]),
    st.sampled_from([{}, {"Ana": "agent", "Bob": "customer"}]),
)
def test_srt_of_common_cues_reads_like_the_general_path(cues, head, tail, speakers):
    """Files mostly read in one go (srt._read_common)."""
    text = head + "\n".join(sum(cues, [])) + tail
    assert_same(srt, text, "call.srt", speakers, general=cues_read_the_general_way)


@settings(max_examples=400, deadline=None)
@given(subtitles([]), st.sampled_from([{}, {"Ana": "agent", "Bob": "customer"}]))
def test_srt_fast_paths_read_like_the_general_path(text, speakers):
    assert_same(srt, text, "call.srt", speakers, general=cues_read_the_general_way)


@pytest.mark.parametrize(
    "text",
    [
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Agent>Thank you for calling.</v>\n",
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nANA: hi &amp; bye\n",
        "WEBVTT\n\n00:01.000 --> 00:02.000 align:start\n  Agent:   I don't know.  \n\n",
    ],
)
def test_webvtt_examples(text):
    assert_same(vtt, text, "call.vtt", general=cues_read_the_general_way)


@pytest.mark.parametrize(
    "text",
    [
        "1\n00:00:01,000 --> 00:00:02,000\nAgent: Hi\n\n2\n00:00:03,000 --> 00:00:04,000\nBye\n",
        # a number alone before a timing line is that cue's number, not text
        "00:00:01,000 --> 00:00:02,000\n42\n00:00:03,000 --> 00:00:04,000\nBye\n",
        "1\n\n00:00:01,000 --> 00:00:02,000\nHi\n",
        "00:00:01,000 --> 00:00:02,000\nHi\n\n2\n\n00:00:03,000 --> 00:00:04,000\nBye\n\n",
    ],
)
def test_srt_examples(text):
    assert_same(srt, text, "call.srt", general=cues_read_the_general_way)


def test_one_line_cues_keep_their_columns():
    """The fast path's positions, pinned: the text after a voice tag or a
    label starts where it is in the file."""
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Agent>Hi there</v>\n\n2\n00:03.000 --> 00:04.000\nANA:  Bye\n"
    doc = vtt.read(text, "call.vtt")
    (hi, bye) = doc.turns
    assert (hi.text, hi.speaker, hi.start, hi.end) == ("Hi there", "Agent", 1.0, 2.0)
    assert (hi.segments[0].line, hi.segments[0].column) == (4, 10)
    assert (bye.text, bye.speaker, bye.segments[0].line, bye.segments[0].column) == (
        "Bye",
        "ANA",
        8,
        7,
    )


@contextmanager
def one_pass_reads() -> Iterator[list[bool]]:
    """Whether each caption file read was read in one pass
    (:func:`~phraselint.readers._common_cues.read_rows` gave its document)."""
    ways: list[bool] = []

    def read_rows(*args):
        doc = _common_cues.read_rows(*args)
        ways.append(doc is not None)
        return doc

    saved = vtt.read_rows, srt.read_rows
    vtt.read_rows = srt.read_rows = read_rows
    try:
        yield ways
    finally:
        vtt.read_rows, srt.read_rows = saved


# Files made only of cues of the commonest shape, in all the ways the one
# pass reads: identifiers or numbers, usual timings (hours or not, settings,
# blanks around the arrow), one line of text of any kind (voice tags, labels,
# markup, entities, hang-up markers, blanks), blank lines of any kind after it.
one_pass_lines = cue_lines.filter(lambda line: "-->" not in line)


def one_pass_cues(numbers: list[str], text: st.SearchStrategy[str], blanks: list[list[str]]):
    return st.tuples(
        st.sampled_from(numbers), st.sampled_from(USUAL_TIMINGS), text, st.sampled_from(blanks)
    ).map(lambda c: ([c[0]] if c[0] else []) + [c[1], c[2], *c[3]])


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        one_pass_cues(
            ["", "", "7", "greeting", "a b:c"], one_pass_lines, [[""], ["", " "], ["\x0b"]]
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([[], [""], ["Kind: captions", ""]]),
    st.booleans(),
    st.sampled_from(["", "\n", "  "]),
    st.sampled_from([{}, {"Ana": "agent", "Bob": "customer"}]),
)
def test_webvtt_of_common_cues_only_is_read_in_one_pass(cues, header, bom, tail, speakers):
    text = ("\ufeff" if bom else "") + "\n".join(["WEBVTT", *header, *sum(cues, [])]) + tail
    with one_pass_reads() as ways:
        assert_same(vtt, text, "call.vtt", speakers, general=cues_read_the_general_way)
    assert ways[0]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        one_pass_cues(
            ["1", "12", " 3 ", ""],
            one_pass_lines.filter(lambda line: not line.strip().isdigit()),
            [[""], ["", ""], [" "], []],
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(["", "\n", "\n \n", "\ufeff"]),
    st.sampled_from(["", "\n", "\n\n"]),
    st.sampled_from([{}, {"Ana": "agent", "Bob": "customer"}]),
)
def test_srt_of_common_cues_only_is_read_in_one_pass(cues, head, tail, speakers):
    text = head + "\n".join(sum(cues, [])) + tail
    with one_pass_reads() as ways:
        assert_same(srt, text, "call.srt", speakers, general=cues_read_the_general_way)
    assert ways[0]


V1, V2 = "WEBVTT\n\n00:01.000 --> 00:02.000", "00:03.000 --> 00:04.000"
S1, S2 = "00:00:01,000 --> 00:00:02,000", "00:00:03,000 --> 00:00:04,000"


@pytest.mark.parametrize(
    ("reader", "text", "one_pass"),
    [
        (vtt, f"{V1}\nHi\n\nNOTE x\n\n{V2}\nBye\n", False),
        (vtt, f"{V1}\nHi\nthere\n\n{V2}\nBye\n", False),
        (vtt, f"{V1}\nHi\n\nstray\n\n{V2}\nBye\n", False),
        (vtt, f"{V1}\nHi\n\n{V2}\nBye\nmore", False),
        (vtt, f"{V1}\nHi\n7\n{V2}\nBye\n", False),  # an identifier right after text
        (vtt, f"WEBVTT\n\nx\n\n{V2}\nHi    \n", False),  # text before the first cue
        (vtt, f"{V1}\nHi\n\nx\n\n{V2}\nBye   ", False),
        (vtt, f"{V1} a-->b\nHi\n", False),
        (vtt, "WEBVTT\n\n00:02.000 --> 00:01.000\nHi\n", False),
        (vtt, f"{V1}\nANA://x\n\n{V2}\nANA: x", True),
        (vtt, f"{V1}\n<v Ana>a &amp; b</v>\n\n{V2}\n \n", True),
        (vtt, f"{V1}\n<i>Hi</i>\n\n{V2}\nBye", True),
        (srt, f"1\n{S1}\nHi\n\n2\n{S2}\nBye\n", True),
        (srt, f"1\n{S1}\nHi\nthere\n\n2\n{S2}\nBye", False),
        (srt, f"{S1}\n42\n{S2}\nBye\n", False),  # 42: text, or the next cue's number?
        (srt, f"{S1}\nHi\n\n{S2}\nBye\n\nx", False),
        (srt, f"1\n\n{S1}\nHi\n", False),
        (srt, f"1\n{S1}\n{{\\an8}}Hi\n2\n\n{S2}\n\n", True),
    ],
)
def test_which_caption_files_are_read_in_one_pass(reader, text, one_pass):
    """A cue of another shape anywhere, text between cues, a "-->" that is
    no cue's arrow, or a time the general way reports: the whole file goes
    the general way, which reads it as before (or reports it)."""
    with one_pass_reads() as ways:
        assert_same(reader, text, "call." + reader.NAME, general=cues_read_the_general_way)
    assert (ways[:1] == [True]) is one_pass  # (ways[0]: read without the general way)


def test_common_cues_keep_their_positions_and_speakers():
    """Labels (a full-width colon too), voice tags with classes and a
    closing tag, a BOM, a hang-up marker: the turns of the one pass, pinned."""
    text = (
        "\ufeff1\n00:00:01,000 --> 00:00:02,500\n坐席：您好\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n<v.loud Bob>  Hi there </v>\n\n"
        "00:00:05,000 --> 00:00:06,000\nANA:  [hangup]\n"
    )
    with one_pass_reads() as ways:
        doc = srt.read(text, "call.srt", ReadOptions(speakers={"Bob": "customer"}))
    assert ways == [True]
    turns = [(t.text, t.speaker, t.role, t.start, t.end) for t in doc.turns]
    assert turns == [("您好", "坐席", "agent", 1.0, 2.5), ("Hi there", "Bob", "customer", 3.0, 4.0)]
    places = [(s.source, s.line, s.column) for t in doc.turns for s in t.segments]
    assert places == [(36, 3, 4), (86, 7, 15)]
    assert [text[s : s + 2] for s, _, _ in places] == ["您好", "Hi"]
    assert (doc.hangup, doc.meta) == (5.0, {"hangup_line": 10})
    assert_same(srt, text, "call.srt", {"Bob": "customer"}, general=cues_read_the_general_way)


def test_remembered_cue_times_stay_bounded_and_right(monkeypatch):
    """The table of clock seconds (_common_cues.SECONDS) never holds more
    than its bound: when full, it starts again. Clocks are read right
    whether they are in it or not."""
    monkeypatch.setattr(_common_cues, "SECONDS", Memo(parse_clock, 50))
    cues = [
        f"00:{m:02d}:{s:02d}.5 --> 00:{m:02d}:{s:02d}.75\nhi\n" for m in range(2) for s in range(40)
    ]
    text = "WEBVTT\n\n" + "\n".join(cues)
    times = [(m * 60 + s + 0.5, m * 60 + s + 0.75) for m in range(2) for s in range(40)]
    for sizes in ([160 % 50], range(1, 51)):  # then some from the table, some worked out again
        with one_pass_reads() as ways:
            doc = vtt.read(text, "call.vtt")
        assert ways == [True]
        assert len(_common_cues.SECONDS) in sizes
        assert [(t.start, t.end) for t in doc.turns] == times


# --------------------------------------------------------------------------- CSV / TSV

CSV_HEADERS = [
    ["Speaker", "Start", "End", "Text"], ["text"], ["Text", "End_ms", "Speaker", "Start", "Note"],
    ["role", "begin", "content"], ["Speaker", "Start", "End"], ["Speaker", "Text", "Text"],
]  # fmt: skip
CSV_FIELDS = [
    "Agent", "Customer", "坐席", "", " ", " Agent ", "1", "4.00", "00:00:03.250", "0:05", "-3",
    "soon", "nan", "1e3", "１２", "12,5", "Hello there", "Hello, there", "您好，请稍等。", "[hangup]",
    "［挂机］", "  padded  ", "\u3000全角\u3000", 'say "hi"', '"亲"你好', "a;b|c\td", "one\ntwo",
    "one\r\ntwo", "tail\"", "\x85x", "\x0b",
]  # fmt: skip


def csv_field(value: str, delimiter: str, form: str) -> str:
    """``value`` written plainly, quoted as RFC 4180 says, or quoted as is."""
    if form == "plain":
        return value
    if form == "quoted":
        return '"' + value.replace('"', '""') + '"'
    return '"' + value + '"'


csv_texts = st.builds(
    lambda header, delimiter, rows, ends, bom, last: (
        ("\ufeff" if bom else "")
        + "".join(
            delimiter.join(csv_field(v, delimiter, form) for v, form in line) + end
            for line, end in zip([[(h, "plain") for h in header], *rows], ends, strict=False)
        )
        + last
    ),
    st.sampled_from(CSV_HEADERS),
    st.sampled_from([",", "\t", ";", "|"]),
    st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(CSV_FIELDS),
                st.sampled_from(["plain", "plain", "quoted", "quoted", "as is"]),
            ),
            max_size=6,
        ),
        max_size=8,
    ),
    st.lists(ENDINGS, min_size=9, max_size=9),
    st.booleans(),
    st.sampled_from(["", "\n", "\r\n", "Agent,1,2,last"]),
)


@settings(max_examples=500, deadline=None)
@given(
    csv_texts,
    st.sampled_from(["call.csv", "call.tsv"]),
    st.sampled_from(
        [
            {},
            {"csv_columns": {"speaker": "1", "start": "2", "text": "4"}},
            {"csv_columns": {"text": "Text", "start": "End_ms", "end": "Start"}},
            {"csv_columns": {"text": "2", "speaker": "2"}},
        ]
    ),
)
def test_csv_fast_path_reads_like_the_general_path(text, path, options):
    assert_same(csvfile, text, path, {"1": "agent"}, **options)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(CSV_FIELDS[:6]),
            st.sampled_from(CSV_FIELDS[6:14]),
            st.sampled_from(CSV_FIELDS[6:14]),
            st.sampled_from(CSV_FIELDS[14:26]),
        ),
        max_size=8,
    ),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
)
def test_csv_rows_of_the_common_shape_read_alike(rows, end, quote_all):
    """Exports that the fast path reads in one go (one row a line, texts
    with commas quoted): the same turns, times and errors as the general path."""
    form = "quoted" if quote_all else "plain"
    lines = ["Speaker,Start,End,Text"] + [
        ",".join(csv_field(v, ",", form if '"' not in v and "," not in v else "quoted") for v in r)
        for r in rows
    ]
    text = end.join(lines) + end
    assert_same(csvfile, text, "call.csv")


@contextmanager
def csv_ways() -> Iterator[dict[str, int]]:
    """How csvfile read the rows after the first record: ``fast``, how
    many lines the fast path read (:meth:`~csvfile._Turns.run`; a text's
    last line break is followed by a blank one), ``general``, how many
    records the general path read."""
    ways = {"fast": 0, "general": 0}
    run, rows = csvfile._Turns.run, csvfile._Turns.rows

    def count_run(self, lines, *args):
        ways["fast"] += len(lines)
        return run(self, lines, *args)

    def count_records(self, parser, pos, width):
        record = self.record

        def counted(r):
            ways["general"] += 1
            return record(r)

        self.record = counted
        return rows(self, parser, pos, width)

    csvfile._Turns.run, csvfile._Turns.rows = count_run, count_records
    try:
        yield ways
    finally:
        csvfile._Turns.run, csvfile._Turns.rows = run, rows


def csv_fixture(name: str) -> str:
    with open(f"tests/data/transcripts/{name}", encoding="utf-8", newline="") as f:
        return f.read()


def csv_turns(doc):
    return [
        (t.speaker, t.role, t.start, t.end, t.text, [(s.line, s.column) for s in t.segments])
        for t in doc.turns
    ]


@pytest.mark.parametrize("end", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_csv_fast_path_finds_each_column(end, bom):
    """A file of the common shape is read in one go, each field from its
    own column whatever the order of the columns: text first, a time in
    milliseconds, clock times, a quoted speaker, a blank row and a row
    without text skipped, a hang-up row."""
    text = bom + csv_fixture("call_columns.tsv").replace("\n", end)
    with csv_ways() as ways:
        doc = csvfile.read(text, "call_columns.tsv")
    assert ways == {"fast": 7, "general": 0}
    assert csv_turns(doc) == [
        ("Agent", "agent", 1.0, 4.9, "Hello, thanks for calling.", [(2, 3)]),
        ("Customer", "customer", 5.0, 8.6, "I need help; my order, it is late.", [(4, 2)]),
        ("坐席", "agent", 9.0, 12.0, "您好，请稍等。", [(6, 1)]),
    ]
    for turn in doc.turns:
        source = turn.segments[0].source
        assert text[source : source + len(turn.text)] == turn.text
    assert (doc.hangup, doc.meta) == (57.0, {"hangup_line": 7})
    assert_same(csvfile, text, "call_columns.tsv")


def test_csv_fallback_reads_quotes_and_line_breaks_inside_fields():
    """A quoted field with ``""`` and line breaks inside is no row of the
    common shape: that record is read the general way, the rows before and
    after it the fast way (not the lines inside the field, one of which
    would be a row of two fields)."""
    text = csv_fixture("call_quoted.csv")
    with csv_ways() as ways:
        doc = csvfile.read(text, "call_quoted.csv")
    assert ways == {"fast": 3, "general": 1}
    assert csv_turns(doc) == [
        ("Agent", "agent", 1.0, 4.9, "Thank you for calling; this is Ana.", [(2, 16)]),
        (
            "Customer",
            "customer",
            5.0,
            8.6,
            'She said "hi"\nand then\nhung up',
            [(3, 19), (3, 30), (4, 1), (5, 3)],
        ),
        ("Agent", "agent", 9.0, 12.0, "Plain text again", [(6, 12)]),
    ]
    assert_same(csvfile, text, "call_quoted.csv")


@pytest.mark.parametrize(
    ("text", "fast", "general"),
    [
        ("Speaker,Text\nAgent,hi\nCustomer,ho\n", 3, 0),
        ("Speaker,Text\nAgent,hi\nCustomer,ho,extra\n", 2, 1),  # ragged
        ("Speaker,Text\nAgent,hi\nCustomer\nAgent,ok", 2, 1),
        ("Speaker,Text\nAgent,hi\rCustomer,ho\n", 1, 2),  # a lone CR
        ('Speaker,Text\nAgent,5" screen\n', 1, 1),  # a quote inside a plain field
        ('Speaker\tText\nAgent\t"亲"你好\n', 1, 1),  # in TSV, text as written
        ('Speaker,Text\n"Agent","hi, there"\n\n', 3, 0),
        ("Speaker,Text\n", 1, 0),
        ("Speaker,Start,Text\nAgent,soon,hi\n", 2, 0),  # an error, at its line, either way
        ('Speaker,Start,Text\nAgent,1,x\n"a\nb",2,y\nAgent,soon,hi\n', 3, 1),
        ('"Note\rmore",Speaker,Text\nx,Agent,hi\n', 2, 0),  # a header over two lines
        ("Speaker,Text\nAgent,hi", 1, 0),
        ("Speaker,Text", 0, 0),
        ('Speaker,Text\nAgent,"a\nCustomer,b\nc"\nAgent,d\n', 2, 1),  # a line inside a field
    ],
)
def test_csv_which_rows_the_fast_path_reads(text, fast, general):
    path = "x.tsv" if "\t" in text else "x.csv"
    with csv_ways() as ways:
        assert_same(csvfile, text, path)
    assert ways == {"fast": fast, "general": general}


def test_csv_bad_time_on_the_fast_path_is_reported_at_its_line():
    text = "Speaker,Start,End,Text\r\nAgent,1,2,hi\r\nAgent,3,1,ho\r\n"
    with pytest.raises(InputError, match="end 1 is before start 3") as err:
        csvfile.read(text, "x.csv")
    assert err.value.line == 3
    with pytest.raises(InputError, match="bad timestamp '00:75' in column 'Start'") as err:
        csvfile.read("Speaker,Start,Text\nA,1,x\n\nA,00:75,y\n", "x.csv")
    assert err.value.line == 4


def test_remembered_csv_times_stay_bounded_and_right(monkeypatch):
    monkeypatch.setattr(
        csvfile,
        "_TIMES",
        {m: Memo(functools.partial(csvfile._field_seconds, millis=m), 20) for m in (False, True)},
    )
    text = "Start,Start_ms,Text\n" + "".join(f"{s}.5,{s}500,hi\n" for s in range(30))
    doc = csvfile.read(
        text, "x.csv", ReadOptions(csv_columns={"start": "Start", "end": "Start_ms"})
    )
    assert [len(t) for t in csvfile._TIMES.values()] == [30 % 20, 30 % 20]
    assert [(t.start, t.end) for t in doc.turns] == [(s + 0.5, s + 0.5) for s in range(30)]
    again = csvfile.read(
        text, "x.csv", ReadOptions(csv_columns={"start": "Start", "end": "Start_ms"})
    )
    assert [(t.start, t.end) for t in again.turns] == [(t.start, t.end) for t in doc.turns]


@pytest.mark.parametrize("numbered", [False, True])
def test_csv_one_column_for_two_fields(numbered):
    """Two keys naming one column each read it (the fast path captures a
    field once, so such a file goes the general way)."""
    columns = {"text": "2", "speaker": "2"} if numbered else {"text": "Text", "speaker": "Text"}
    text = "Who,Text\nAgent,Hello there\n"
    with csv_ways() as ways:
        doc = csvfile.read(text, "x.csv", ReadOptions(csv_columns=columns))
    said = ["Text"] * numbered + ["Hello there"]  # numbered columns: no header
    assert [(t.speaker, t.text) for t in doc.turns] == [(s, s) for s in said]
    assert ways == {"fast": 0, "general": 1}  # (a numbered first row: before these)
    assert_same(csvfile, text, "x.csv", csv_columns=columns)


def test_csv_doubled_quotes_are_runs_of_their_own():
    """A ``""`` maps to its first quote, and the text after it is a run of
    its own: a quoted field with one is never read as one run."""
    text = 'Text\n"say ""hi"" now"\n'
    with csv_ways() as ways:
        (turn,) = csvfile.read(text, "x.csv").turns
    assert ways == {"fast": 1, "general": 1}
    assert turn.text == 'say "hi" now'
    places = [(s.offset, s.source, s.line, s.column) for s in turn.segments]
    assert places == [(0, 6, 2, 2), (5, 12, 2, 8), (8, 16, 2, 12)]
