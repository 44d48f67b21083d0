"""The JSON contract of ``phraselint check --format json`` (see README):
one object with ``version``, ``files`` and ``summary``."""

from __future__ import annotations

import json
from typing import TextIO

from ..model import FileResult, summarize

VERSION = 1


def document(results: list[FileResult]) -> dict:
    summary = summarize(results)
    return {
        "version": VERSION,
        "files": [r.to_dict() for r in results],
        "summary": {k: summary[k] for k in ("files", "findings", "errors", "warnings", "infos")},
    }


def render(results: list[FileResult], out: TextIO, color: bool = False) -> None:
    """Indented for a person at a terminal (the test that turns colour on),
    compact for a program: the stdlib's C encoder only writes compact JSON,
    about three times faster, which a batch of thousands of files feels."""
    out.write(json.dumps(document(results), ensure_ascii=False, indent=2 if color else None))
    out.write("\n")
