"""JSON text for the reports written in JSON (json, jsonl, sarif).

JSON has no NaN or infinity, but Python's encoder writes them anyway, as
bare ``NaN`` and ``Infinity`` that other parsers reject. The readers refuse
such times (see ``readers.read_text``), so one that reaches a report is a bug
of phraselint's: it stops the run with a message (naming the file, in the
reports written file by file) rather than writing output that no other tool
can read."""

from __future__ import annotations

import json
from typing import Any


def dumps(value: Any, path: str | None = None, indent: int | None = None) -> str:
    """``value`` as JSON (characters as themselves, not ``\\u`` escapes);
    ``path`` is the file it is about, for the message if it cannot be."""
    try:
        return json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError as err:
        where = f"{path}: " if path else ""
        raise ValueError(
            f"{where}NaN or infinity in the report, which JSON cannot hold ({err})"
        ) from None
