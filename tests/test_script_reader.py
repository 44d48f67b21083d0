"""Script documents: speaker labels, paragraphs, and Markdown that is not speech."""

from __future__ import annotations

import pytest
from conftest import rules

from phraselint.readers import ReadOptions
from phraselint.readers.script import read


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


def test_masked_code_keeps_columns_and_blocks_matches(lint):
    text = "Agent: Thank you for calling. I don't `x` know. I don't know.\n"
    found = [f for f in lint(text, "en") if f.kind == "forbidden"]
    assert [(f.column, f.text) for f in found] == [(49, "I don't know")]


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
