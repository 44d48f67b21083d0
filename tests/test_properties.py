"""Property-based tests: for arbitrary text and every bundled pack, linting
never raises, every finding lies inside the text, and the source at its span
is exactly the finding's text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phraselint.engine import default_packset, lint_text

# Text that exercises the matcher: pack vocabulary, labels, punctuation of
# every width, line endings, Markdown, and arbitrary Unicode in between.
VOCAB = [
    "Agent: ",
    "Customer: ",
    "坐席：",
    "客户:",
    "Ahente: ",
    "I don't know",
    "don’t",
    "no",
    "No",
    "hang on a sec",
    "thank you for calling",
    "喂",
    "喂养",
    "什么",
    "你說什麼",
    "不可能的吧",
    "感谢您的来电",
    "您好",
    "po",
    "salamat",
    "hindi ko alam",
    "Oo",
    "ß",
    "ﬁ",
    "ＡＢＣ",
    "，",
    "？！",
    ".",
    " ",
    "\n",
    "\r\n",
    "\r",
    "`",
    "<!--",
    "-->",
    "```",
    "# ",
    "\u0301",
    "😀",
]
TEXT = st.lists(st.one_of(st.sampled_from(VOCAB), st.text(max_size=4)), max_size=25).map("".join)


def _line_starts(text: str) -> list[int]:
    starts, i = [0], 0
    while i < len(text):
        c = text[i]
        if c == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            i += 1
        if c in "\r\n":
            starts.append(i + 1)
        i += 1
    return starts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, locale=st.sampled_from([None, "en", "zh", "tl"]))
def test_lint_text_never_raises_and_spans_are_exact(text, locale):
    findings = lint_text(text, locale=locale, packs=default_packset(), path="<prop>.md")
    starts = _line_starts(text)
    for f in findings:
        assert 1 <= f.line <= len(starts)
        if f.offset is None:
            continue
        assert 0 <= f.offset <= f.end_offset <= len(text)
        assert text[f.offset : f.end_offset] == f.text
        # line/column agree with the offsets (columns count characters)
        assert starts[f.line - 1] + f.column - 1 == f.offset
        assert starts[f.end_line - 1] + f.end_column - 1 == f.end_offset
