"""``--format jsonl``: one JSON object per file, written as soon as the file
is checked, then a last line ``{"summary": {...}}``. A run over 100,000
transcripts holds one file's data at a time."""

from __future__ import annotations

from typing import TextIO

from ..model import FileResult, Tally
from .jsontext import dumps


class Stream:
    def __init__(self, out: TextIO, color: bool = False):
        self.out = out
        self.tally = Tally()

    def file(self, result: FileResult) -> None:
        self.tally.add(result)
        self.out.write(dumps(result.to_dict(), result.path) + "\n")
        self.out.flush()

    def close(self) -> None:
        self.out.write(dumps({"summary": self.tally.contract()}) + "\n")


def render(results: list[FileResult], out: TextIO, color: bool = False) -> None:
    stream = Stream(out)
    for r in results:
        stream.file(r)
    stream.close()
