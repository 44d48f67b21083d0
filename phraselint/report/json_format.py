"""The JSON contract of ``phraselint check --format json`` (see README):
one object with ``version``, ``files`` and ``summary``.

It is written as the files are checked (:class:`Stream`), byte for byte the
document ``json.dumps`` would write at once: the ``files`` come before the
``summary``, so a run over 100,000 transcripts need not hold every result
until the end, and the encoding overlaps the checking (with ``--jobs``, the
parent would otherwise encode everything while the workers sit idle)."""

from __future__ import annotations

from typing import TextIO

from ..model import SUMMARY_KEYS, FileResult, Tally, summarize
from .jsontext import dumps

VERSION = 1


def document(results: list[FileResult]) -> dict:
    summary = summarize(results)
    return {
        "version": VERSION,
        "files": [r.to_dict() for r in results],
        "summary": {k: summary[k] for k in SUMMARY_KEYS},
    }


def render(results: list[FileResult], out: TextIO, color: bool = False) -> None:
    """Indented for a person at a terminal (the test that turns colour on),
    compact for a program: the stdlib's C encoder only writes compact JSON,
    about three times faster, which a batch of thousands of files feels."""
    stream = Stream(out, color)
    for result in results:
        stream.file(result)
    stream.close()


class Stream:
    """``json.dumps(document(results), ensure_ascii=False, indent=…)`` in
    pieces: the head, each file's object, then the summary and the end. The
    indented form nests each file two levels deep, which is its own
    indented dump with every line moved four spaces right."""

    def __init__(self, out: TextIO, color: bool = False):
        self.out = out
        self.indent = 2 if color else None
        self.tally = Tally()
        if self.indent:
            out.write(f'{{\n  "version": {VERSION},\n  "files": [')
        else:
            out.write(f'{{"version": {VERSION}, "files": [')

    def file(self, result: FileResult) -> None:
        first = self.tally.counts["files"] == 0
        self.tally.add(result)
        text = dumps(result.to_dict(), result.path, self.indent)
        if self.indent:
            text = "\n" + "\n".join("    " + line for line in text.split("\n"))
            self.out.write(text if first else "," + text)
        else:
            self.out.write(text if first else ", " + text)

    def close(self) -> None:
        summary = dumps(self.tally.contract(), indent=self.indent)
        if self.indent:
            files_end = "\n  ]" if self.tally.counts["files"] else "]"
            summary = summary.replace("\n", "\n  ")
            self.out.write(f'{files_end},\n  "summary": {summary}\n}}\n')
        else:
            self.out.write(f'], "summary": {summary}}}\n')
