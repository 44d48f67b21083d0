"""Script documents: speaker labels, paragraphs, and Markdown that is not speech."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import rules
from hypothesis import example, given, settings
from hypothesis import strategies as st

from phraselint.markup import inline_syntax
from phraselint.readers import ReadOptions
from phraselint.readers.script import mask_inline_code, read
from phraselint.text.keys import MASK


def turns(text: str, path: str = "s.md"):
    return [(t.role, t.speaker, t.text) for t in read(text, path, ReadOptions()).turns]


@pytest.mark.parametrize(
    ("line", "role", "speaker"),
    [
        ("Agent: hi", "agent", "Agent"),
        ("**Agent:** hi", "agent", "Agent"),
        ("- Customer: hi", "customer", "Customer"),
        ("坐席：hi", "agent", "坐席"),
        ("客户: hi", "customer", "客户"),
        ("呼叫座席员：hi", "agent", "呼叫座席员"),
        ("Ahente: hi", "agent", "Ahente"),
        ("AGENT (Ana): hi", "agent", "AGENT"),
    ],
)
def test_speaker_labels(line, role, speaker):
    assert turns(line) == [(role, speaker, "hi")]


def test_labelled_turn_continues_until_a_blank_line():
    text = "Agent: Hello,\nthank you for calling.\n\nNarration paragraph.\nCustomer: Hi.\n"
    assert turns(text) == [
        ("agent", "Agent", "Hello,\nthank you for calling."),
        (None, None, "Narration paragraph."),
        ("customer", "Customer", "Hi."),
    ]


def test_unlabelled_paragraphs_are_agent_turns():
    assert turns("Hello there.\nSecond line.\n\nAnother one.\n") == [
        ("agent", None, "Hello there.\nSecond line."),
        ("agent", None, "Another one."),
    ]


def test_markdown_that_is_not_speech():
    text = (
        "---\ntitle: I don't know\n---\n# I don't know\n\n"
        "Agent: I `don't know` it <!-- I don't know -->.\n\n"
        "```\nAgent: I don't know\n```\n<!--\nAgent: I don't know\n-->\n"
    )
    (turn,) = read(text, "s.md", ReadOptions()).turns
    assert "don't" not in turn.text.replace("\ufffc", "")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # after a blank line, or at the start of the file: code
        ("Agent: hi\n\n    Agent: I don't know.\n", ["hi"]),
        ("    Agent: I don't know.\n\nAgent: hi\n", ["hi"]),
        ("Agent: hi\n\n\tAgent: I don't know.\n", ["hi"]),
        ("Agent: hi\n\n  \t I don't know.\n", ["hi"]),  # a tab stop: four columns
        ("# Title\n    I don't know.\nAgent: hi\n", ["hi"]),  # a heading is no paragraph
        # blank lines inside the block; it ends at the first line less indented
        ("Agent: hi\n\n    a\n\n    b\n  \n    c\nAgent: bye\n", ["hi", "bye"]),
        ("Agent: hi\n\n    a\n```\nx\n```\nAgent: bye\n", ["hi", "bye"]),
        # not code: a paragraph goes on, a list item's text is indented
        ("Agent: hi,\n    I don't know.\n", ["hi,\nI don't know."]),
        ("Agent: hi\n   I don't know.\n", ["hi\nI don't know."]),  # three spaces
        ("- Agent: hi\n\n    Agent: I don't know.\n", ["hi", "I don't know."]),
        ("1. a\n   b\n\n    Agent: I don't know.\n", ["a\nb", "I don't know."]),
        # a paragraph at the margin after a blank line ends the list
        ("- a\n\nAgent: hi\n\n    I don't know.\n", ["a", "hi"]),
    ],
)
def test_indented_code_blocks_are_not_speech(text: str, said: list[str]) -> None:
    assert [turn[2] for turn in turns(text)] == said


def test_indented_lines_in_plain_text_are_speech() -> None:
    assert turns("Agent: hi\n\n    Agent: I don't know.\n", "s.txt") == [
        ("agent", "Agent", "hi"),
        ("agent", "Agent", "I don't know."),
    ]


def test_masked_code_keeps_columns_and_blocks_matches(lint):
    text = "Agent: Thank you for calling. I don't `x` know. I don't know.\n"
    found = [f for f in lint(text, "en") if f.kind == "forbidden"]
    assert [(f.column, f.text) for f in found] == [(49, "I don't know")]


TABLE = Path(__file__).parent / "data" / "formats" / "table_script.md"


def test_a_table_row_with_a_speaker_is_that_speaker_saying_its_second_cell():
    got = turns(TABLE.read_text("utf-8"))
    assert got == [
        (None, None, "| Speaker | Line | Notes |"),  # a header is narration
        ("agent", "Agent", "Thank you for calling Northwind, my name is Ana."),
        ("customer", "Customer", "I don't know why my bill went up."),
        ("agent", "Agent", "I don't know, but I will check."),
        ("agent", "Agent", "Your plan \\| the Family Share one \\| went up."),
        ("agent", "坐席", "喂，您好！"),
        (None, None, "| Step | Say |"),
        (None, None, "| Hold | I don't know yet. |"),  # not a speaker: read as any line
    ]


def test_table_findings_point_into_the_cell_and_skip_other_speakers(lint):
    found = [f for f in lint(TABLE.read_text("utf-8"), "en", str(TABLE)) if f.kind == "forbidden"]
    # The customer's row, the notes column and the narration row are not the agent's.
    assert [(f.rule, f.line, f.column, f.text) for f in found] == [
        ("test.en.dont-know", 7, 15, "I don't know"),
        ("test.zh.wei", 9, 13, "喂"),  # columns count characters, not bytes
    ]


def test_a_table_in_plain_text_is_not_read_as_one():
    assert turns("| Agent | I don't know. |\n", "s.txt") == [
        ("agent", None, "| Agent | I don't know. |")
    ]


def test_plain_text_hash_lines_are_not_speech():
    assert turns("# I don't know\nAgent: hi\n", "s.txt") == [("agent", "Agent", "hi")]


def test_crlf_and_cr_line_endings_keep_line_numbers(lint):
    for nl in ("\r\n", "\r"):
        text = nl.join(["Agent: Thank you for calling.", "", "Agent: I don't know."]) + nl
        (f,) = [f for f in lint(text, "en") if f.kind == "forbidden"]
        assert (f.line, f.column) == (3, 8)


def test_lint_text_works_without_the_cli():
    import phraselint

    findings = phraselint.lint_text("Agent: I don't know.", locale="en")
    assert "en.ffp.i-dont-know" in rules(findings)
    f = next(f for f in findings if f.rule == "en.ffp.i-dont-know")
    assert isinstance(f, phraselint.Finding)
    assert f.to_dict()["replacement"] == f.replacement


def test_a_long_paragraph_is_one_turn_with_a_segment_per_line():
    """A file without blank lines (a JSON export, a pasted log) is one
    paragraph. Its turn is built from pieces joined once, so 20,000 lines read
    in linear time (adding each line to a string took seconds on 500 KB), and
    every segment still points at its own line."""
    lines = [f'  "line {i}": "say hello {i}",' for i in range(20_000)]
    source = "\n".join(lines) + "\n"
    doc = read(source, "export.txt", ReadOptions())
    (turn,) = doc.turns
    assert turn.text == "\n".join(line.strip() for line in lines)
    assert len(turn.segments) == 20_000
    for seg in (turn.segments[0], turn.segments[12_345], turn.segments[-1]):
        n = seg.line - 1
        assert turn.text[seg.offset : seg.offset + len(lines[n]) - 2] == lines[n].strip()
        assert source[seg.source : seg.source + 6] == '"line '
        assert seg.column == 3


# The pattern inline code was masked with until it took seconds on a long run
# of backticks that never closes: mask_inline_code must mask exactly what it did.
OLD_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1")


def old_mask_inline_code(line: str) -> str:
    return OLD_INLINE_CODE.sub(lambda m: MASK * len(m.group()), line)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="````a b\u4e00\n", max_size=40))
@example("``a`")  # no double closes: the search retries inside the run, `a` is code
@example("`a``b`")  # the closing is the first one backtick of a longer run
@example("``a```b``c`")
@example("```a`b``c")
@example("``")
@example("`a\nb`")  # code does not span a line break
def test_inline_code_masks_exactly_what_the_old_pattern_masked(line):
    assert mask_inline_code(line) == old_mask_inline_code(line)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(1, 6), max_size=10),
    st.lists(st.sampled_from(["a", " ", "ab", ""]), max_size=11),
)
def test_inline_code_masking_of_runs_of_every_length(runs, gaps):
    """Runs of many lengths next to each other, the cases that decide which
    run opens and which closes (random text rarely holds ``` and ```` both)."""
    gaps = (gaps + [""] * (len(runs) + 1))[: len(runs) + 1]
    line = gaps[0] + "".join("`" * n + gap for n, gap in zip(runs, gaps[1:], strict=True))
    assert mask_inline_code(line) == old_mask_inline_code(line)


def test_a_long_run_of_backticks_that_never_closes():
    """From each backtick of such a run the old pattern scanned the rest of the
    line: seconds on 50,000 backticks. The line is still speech, and a single
    backtick after the run closes the run's last one."""
    ticks = "`" * 100_000
    (turn,) = read(f"Agent: {ticks} I don't know.\n", "s.md", ReadOptions()).turns
    assert turn.text == f"{ticks} I don't know."
    (turn,) = read(f"Agent: {ticks} x ` I don't know.\n", "s.md", ReadOptions()).turns
    assert turn.text == f"{ticks[:-1]}{MASK * 5} I don't know."
    # Runs each one shorter than the one before: each run opens on as many of
    # its last backticks as the next run has, and the next run closes it.
    stairs = " ".join("`" * n for n in range(2_000, 0, -1))
    (turn,) = read(f"Agent: {stairs} I don't know\n", "s.md", ReadOptions()).turns
    masked = " ".join("`" + MASK * (2 * n + 1) for n in range(1_999, 0, -2))
    assert turn.text == f"{masked} I don't know"


def syntax(text: str, markdown: bool = True) -> list[tuple[str, list[str]]]:
    found = sorted(inline_syntax(text, markdown), key=lambda s: s.start)
    return [(s.kind, [text[a:b] for a, b in s.parts]) for s in found]


EMPHASIS = ("emphasis", ["*", "*"])
STRONG = ("emphasis", ["**", "**"])


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("*a* and **b** and ***c***", [EMPHASIS, STRONG, EMPHASIS, STRONG]),
        ("snake_case, 5 * 3, a_b_c", []),  # no emphasis inside a word or between spaces
        (
            "_a_ ~~b~~ ~c~",
            [("emphasis", ["_", "_"]), ("emphasis", ["~~", "~~"]), ("emphasis", ["~", "~"])],
        ),
        # punctuation before a letter keeps the second run from closing: no
        # pair, yet meant as one
        ("**a？**b", [("delimiter", ["**"]), ("delimiter", ["**"])]),
        (
            "[a](http://x/(y)) ![b][ref] [c]",
            [
                ("link", ["[", "](http://x/(y))"]),
                ("link", ["![", "][ref]"]),
                ("bracket", ["[", "]"]),
            ],
        ),
        (
            "a \\* b <b>c</b> <http://x.example>",
            [
                ("escape", ["\\"]),
                ("tag", ["<b>"]),
                ("tag", ["</b>"]),
                ("tag", ["<http://x.example>"]),
            ],
        ),
        (
            "(a “b” 「c」) don’t",
            [("bracket", ["(", ")"]), ("bracket", ["“", "”"]), ("bracket", ["「", "」"])],
        ),
        # a destination closes on its own line, escaped parentheses aside (one
        # that does not is prose brackets); brackets of other kinds left open
        # inside a pair pair with nothing
        (
            "[a](x\\)y) [b](\nz)",
            [("link", ["[", "](x\\)y)"]), ("bracket", ["[", "]"]), ("bracket", ["(", ")"])],
        ),
        ("(a 【b) c】", [("bracket", ["(", ")"]), ("bracket", ["【"]), ("bracket", ["】"])]),
    ],
)
def test_inline_syntax_that_the_fixer_keeps_whole(text, found):
    assert syntax(text) == found


def test_plain_text_has_brackets_but_no_markdown():
    assert syntax("*a* [b](c) (d)", markdown=False) == [
        ("bracket", ["[", "]"]),
        ("bracket", ["(", ")"]),
        ("bracket", ["(", ")"]),
    ]
