"""``--format jsonl``: one JSON object per file, written as soon as the file
is checked, then a last line ``{"summary": {...}}``. A run over 100,000
transcripts holds one file's data at a time."""

from __future__ import annotations

import json
from typing import TextIO

from ..model import FileResult


class Stream:
    def __init__(self, out: TextIO):
        self.out = out
        self.summary = {"files": 0, "findings": 0, "errors": 0, "warnings": 0, "infos": 0}

    def file(self, result: FileResult) -> None:
        s = self.summary
        s["files"] += 1
        s["findings"] += len(result.findings)
        for f in result.findings:
            s[f"{f.severity}s"] += 1
        self.out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
        self.out.flush()

    def close(self) -> None:
        self.out.write(json.dumps({"summary": self.summary}) + "\n")


def render(results: list[FileResult], out: TextIO, color: bool = False) -> None:
    stream = Stream(out)
    for r in results:
        stream.file(r)
    stream.close()
