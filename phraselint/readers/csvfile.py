"""CSV / TSV transcripts: one row per utterance.

- The first row is a header. Columns are found by name, case-insensitively
  (spaces and dashes count as ``_``): speaker (``speaker``, ``role``,
  ``participant``, ``channel`` …), start (``start``, ``begin``, ``start_time``,
  ``start_ms`` …), end (``end``, ``stop``, ``end_time`` …) and text (``text``,
  ``content``, ``transcript``, ``utterance``, ``message``). Only the text
  column is required. ``ReadOptions.csv_columns`` (``{"text": "Body", …}``)
  names other columns; when it gives 1-based column numbers instead of names
  the file has no header row (for exports such as the JDDC chat logs).
- Times: seconds (``12.5``), ``hh:mm:ss(.fff)`` / ``mm:ss(.fff)``, or
  milliseconds when the column name ends in ``_ms``/``ms`` or says
  ``millis``/``msec``. An empty cell is no time.
- The delimiter is a tab for ``.tsv``/``.tab``, else the one of ``,``, tab,
  ``;`` and ``|`` that splits the header into the most cells.
- Quoted fields follow RFC 4180 (``""`` is a quote, line breaks allowed) and
  keep exact positions. In TSV a quote is only special around a whole field,
  so chat text such as ``"亲"你好`` reads as written; in CSV stray text after a
  quoted field is an error.
- Rows stay in source order (no sorting); rows with empty text are skipped;
  a row whose text is a hang-up marker sets ``Document.hangup``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..model import Document
from . import ReadOptions
from ._transcripts import (
    BOM,
    LineIndex,
    Piece,
    TurnSink,
    check_times,
    lines_text,
    parse_clock,
    role_of,
)

NAME = "csv"
KIND = "transcript"

_DEFAULTS: dict[str, tuple[str, ...]] = {
    "speaker": (
        "speaker",
        "speaker_name",
        "speaker_label",
        "speaker_role",
        "role",
        "participant",
        "participant_role",
        "participantrole",
        "channel",
        "party",
    ),
    "start": (
        "start",
        "begin",
        "start_time",
        "begin_time",
        "starttime",
        "start_ms",
        "begin_ms",
        "start_sec",
        "start_seconds",
        "start_offset",
        "beginoffsetmillis",
        "time",
    ),
    "end": (
        "end",
        "stop",
        "end_time",
        "stop_time",
        "endtime",
        "end_ms",
        "stop_ms",
        "end_sec",
        "end_seconds",
        "end_offset",
        "endoffsetmillis",
    ),
    "text": ("text", "content", "transcript", "utterance", "message", "sentence"),
}
_DELIMITERS = (",", "\t", ";", "|")
_MILLIS = re.compile(r"(?:^|_)ms$|millis|msec", re.IGNORECASE)


def _norm(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip(BOM).strip()).casefold()


def _header_delimiter(first_line: str, path: str = "") -> str:
    if path.lower().endswith((".tsv", ".tab")):
        return "\t"
    return max(_DELIMITERS, key=lambda d: (first_line.count(d), d == ","))


def sniff(text: str) -> bool:
    head = text[:500].lstrip(BOM).lstrip("\r\n")
    first = re.split(r"\r\n|\r|\n", head, maxsplit=1)[0]
    delimiter = _header_delimiter(first)
    if delimiter not in first:
        return False
    names = {_norm(c.strip('"')) for c in first.split(delimiter)}
    return bool(names & set(_DEFAULTS["text"])) and len(names) >= 2


@dataclass(slots=True)
class _Cell:
    value: str
    pieces: list[list[Piece]]  # per line of the cell
    line: int


class _Parser:
    """RFC 4180 records with the source position of every character."""

    def __init__(self, text: str, path: str, delimiter: str):
        self.text = text
        self.path = path
        self.delim = delimiter
        self.index = LineIndex(text)
        d = re.escape(delimiter)
        self._plain = re.compile(rf"[^{d}\r\n]*")
        self._quoted = re.compile(r'"((?:[^"]|"")*)"')
        self._inner = re.compile(r'""|\r\n|\r|\n|[^"\r\n]+')

    def _cell_from(self, begin: int, raw: str, quoted: bool) -> _Cell:
        line = self.index.line_of(begin)
        if not quoted:
            return _Cell(raw, [[self.index.piece(raw, begin)]], line)
        lines: list[list[Piece]] = [[]]
        value: list[str] = []
        pos = begin + 1
        for m in self._inner.finditer(raw):
            token = m.group()
            if token == '""':
                lines[-1].append(self.index.piece('"', pos + m.start()))
                value.append('"')
            elif token in ("\r\n", "\r", "\n"):
                lines.append([])
                value.append("\n")
            else:
                lines[-1].append(self.index.piece(token, pos + m.start()))
                value.append(token)
        return _Cell("".join(value), lines, line)

    def records(self):
        text, n = self.text, len(self.text)
        pos = 1 if text.startswith(BOM) else 0
        tsv = self.delim == "\t"
        while pos < n:
            record: list[_Cell] = []
            while True:
                if pos < n and text[pos] == '"':
                    m = self._quoted.match(text, pos)
                    after = m.end() if m else -1
                    ok = m is not None and (after == n or text[after] in (self.delim, "\r", "\n"))
                    if ok:
                        record.append(self._cell_from(pos, m.group(1), True))
                        pos = after
                    elif tsv:
                        m = self._plain.match(text, pos)
                        record.append(self._cell_from(pos, m.group(), False))
                        pos = m.end()
                    elif m is None:
                        line = self.index.line_of(pos)
                        raise InputError("unterminated quoted field", self.path, line)
                    else:
                        line = self.index.line_of(after)
                        raise InputError("stray text after a quoted field", self.path, line)
                else:
                    m = self._plain.match(text, pos)
                    record.append(self._cell_from(pos, m.group(), False))
                    pos = m.end()
                if pos < n and text[pos] == self.delim:
                    pos += 1
                    continue
                break
            if text.startswith("\r\n", pos):
                pos += 2
            elif pos < n:
                pos += 1
            yield record


def _columns(
    header: list[_Cell] | None, options: ReadOptions, path: str
) -> tuple[dict[str, int], dict[str, str]]:
    """Column index and column name of each field that the file has."""
    wanted = {k: str(v) for k, v in options.csv_columns.items() if v not in (None, "")}
    found: dict[str, int] = {}
    names: dict[str, str] = {}
    if header is None:
        for key, spec in wanted.items():
            found[key] = int(spec) - 1
            names[key] = spec
        return found, names
    normed = [_norm(c.value) for c in header]
    line = header[0].line if header else 1
    for key, candidates in _DEFAULTS.items():
        if key in wanted:
            target = _norm(wanted[key])
            if target not in normed:
                raise InputError(f"no column named {wanted[key]!r} in the header", path, line)
            found[key] = normed.index(target)
        else:
            for cand in candidates:
                if cand in normed:
                    found[key] = normed.index(cand)
                    break
        if key in found:
            names[key] = header[found[key]].value
    if "text" not in found:
        expected = ", ".join(_DEFAULTS["text"])
        raise InputError(
            f"no text column in the header (expected one of: {expected}; "
            "or name it with csv_columns: {text: …} in the configuration)",
            path,
            line,
        )
    return found, names


def _time(cell: _Cell | None, column: str, path: str) -> float | None:
    if cell is None or not cell.value.strip():
        return None
    raw = cell.value.strip()
    try:
        number = float(raw)
    except ValueError:
        number = None
    if number is not None and number == number and abs(number) != float("inf"):
        if _MILLIS.search(column):
            return round(number / 1000, 3)
        return round(number, 3)
    value = parse_clock(raw)
    if value is None:
        raise InputError(f"bad timestamp {raw!r} in column {column!r}", path, cell.line)
    return value


def read(text: str, path: str, options: ReadOptions | None = None) -> Document:
    options = options or ReadOptions()
    first_line = re.split(r"\r\n|\r|\n", text.lstrip(BOM), maxsplit=1)[0]
    delimiter = _header_delimiter(first_line, path)
    numeric = bool(options.csv_columns) and all(
        str(v).strip().isdigit() for v in options.csv_columns.values()
    )
    if numeric and "text" not in options.csv_columns:
        raise InputError("csv_columns must give the text column", path)
    if numeric and any(int(str(v)) < 1 for v in options.csv_columns.values()):
        raise InputError("csv_columns numbers count from 1", path)
    records = _Parser(text, path, delimiter).records()
    header = None if numeric else next(records, None)
    if header is not None and all(not c.value.strip() for c in header):
        raise InputError("empty header row", path, header[0].line)
    if header is None and not numeric:
        return TurnSink().document(text, path, NAME)
    columns, names = _columns(header, options, path)
    sink = TurnSink()

    def cell(record: list[_Cell], key: str) -> _Cell | None:
        i = columns.get(key)
        return record[i] if i is not None and i < len(record) else None

    for record in records:
        if all(not c.value.strip() for c in record):
            continue
        body = cell(record, "text")
        if body is None or not body.value.strip():
            continue
        start = _time(cell(record, "start"), names.get("start", ""), path)
        end = _time(cell(record, "end"), names.get("end", ""), path)
        check_times(start, end, path, record[0].line)
        who = cell(record, "speaker")
        speaker = who.value.strip() if who is not None and who.value.strip() else None
        turn_text, segments = lines_text(body.pieces)
        sink.add(turn_text, segments, speaker, role_of(speaker, options.speakers), start, end)
    return sink.document(text, path, NAME)
