"""One call written in every transcript format the benchmark uses
(``benchmarks/formats.py``) reads as the same turns: the same texts, roles
and start times as its chat log (counted from the first turn in a log
stamped with dates). It pins the readers against one another,
and keeps the benchmark's format rows a comparison of the same calls."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from phraselint.readers import read_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import formats  # noqa: E402

CALLS = {
    "en": [
        "[00:00:03] Agent: Thank you for calling Acme, this is Ana. How can I help you?",
        "[00:00:09] Customer: Hi, I don't see my payment of $8.15 from August 2.",
        "[00:00:15] Agent: Let me find out; one moment, please.",
        "[00:01:05] Agent: Thank you for holding. It's there: 1,000 points, too!",
    ],
    "zh": [
        "00:00:03 坐席：您好，欢迎致电长城银行客户服务中心，7781号客服为您服务。",
        "00:00:10 客户：你好，我想查询一下话费。",
        "00:00:16 坐席：好的，请您稍等，我帮您查询。",
    ],
}
# The reader of a format is chosen by the name's suffix, as in a QA batch.
SUFFIXES = {"whisper": ".whisper.json", "transcribe": ".transcribe.json",
            "call-analytics": ".tca.json"}  # fmt: skip


def turns(text: str, name: str) -> list[tuple[str, str | None, float | None]]:
    return [(t.text, t.role, t.start) for t in read_text(text, name).turns]


@pytest.mark.parametrize("fmt", formats.FORMATS[1:])
@pytest.mark.parametrize("loc", sorted(CALLS))
def test_a_call_reads_alike_in_every_format(tmp_path, loc, fmt):
    log = tmp_path / f"{loc}-call.log"
    log.write_text("\n".join(CALLS[loc]) + "\n", "utf-8")
    want = turns(log.read_text("utf-8"), str(log))
    assert len(want) == len(CALLS[loc])
    name = "call" + SUFFIXES.get(fmt, formats.EXTENSIONS[fmt])
    got = turns(formats.render(fmt, loc, formats.chat_turns(log)), name)
    if fmt == "chat-log-dated":
        # A log of wall-clock stamps counts from its earliest, the first turn's.
        want = [(text, role, start - want[0][2]) for text, role, start in want]
    if fmt == "transcribe" and loc == "zh":
        # Transcribe's words are joined with a space between a Han character
        # and a digit (7781 号); the words are the same.
        got = [(text.replace(" ", ""), role, start) for text, role, start in got]
    assert got == want
