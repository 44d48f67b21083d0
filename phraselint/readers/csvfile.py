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

import functools
import re
from dataclasses import dataclass
from operator import itemgetter

from ..errors import InputError
from ..model import Document, Segment, Turn
from . import ReadOptions
from ._lines import count_breaks
from ._memo import Memo
from ._transcripts import (
    BOM,
    MARKER_OPENERS,
    LineIndex,
    Piece,
    TurnSink,
    check_times,
    line_text,
    lines_text,
    parse_clock,
    role_of,
    time_problem,
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
    """One field as the general path reads it. Its line and its pieces (the
    source position of every character) are worked out when asked for: only
    the text column's pieces are, and a line only for an error."""

    parser: _Parser
    value: str
    begin: int  # offset of the field's first character (its opening quote when quoted)
    raw: str  # the field as written, inside its quotes when quoted
    quoted: bool

    @property
    def line(self) -> int:
        return self.parser.index.line_of(self.begin)

    @property
    def pieces(self) -> list[list[Piece]]:
        """The pieces of each line of the field."""
        return self.parser.pieces(self)


class _Parser:
    """RFC 4180 records with the source position of every character: the
    general path, which reads any file, field by field."""

    def __init__(self, text: str, path: str, delimiter: str):
        self.text = text
        self.path = path
        self.delim = delimiter
        d = re.escape(delimiter)
        self._plain = re.compile(rf"[^{d}\r\n]*")
        self._quoted = re.compile(r'"((?:[^"]|"")*)"')
        self._inner = re.compile(r'""|\r\n|\r|\n|[^"\r\n]+')

    @functools.cached_property
    def index(self) -> LineIndex:
        """Built on first use: a file read by the fast path needs none."""
        return LineIndex(self.text)

    def pieces(self, cell: _Cell) -> list[list[Piece]]:
        raw, begin = cell.raw, cell.begin
        if not cell.quoted:
            return [[self.index.piece(raw, begin)]]
        lines: list[list[Piece]] = [[]]
        pos = begin + 1
        for m in self._inner.finditer(raw):
            token = m.group()
            if token == '""':
                lines[-1].append(self.index.piece('"', pos + m.start()))
            elif token in ("\r\n", "\r", "\n"):
                lines.append([])
            else:
                lines[-1].append(self.index.piece(token, pos + m.start()))
        return lines

    def _cell(self, begin: int, raw: str, quoted: bool) -> _Cell:
        if quoted:
            value = raw.replace('""', '"')
            if "\r" in value:  # a line break inside quotes reads as "\n"
                value = value.replace("\r\n", "\n").replace("\r", "\n")
            return _Cell(self, value, begin, raw, True)
        return _Cell(self, raw, begin, raw, False)

    def record(self, pos: int) -> tuple[list[_Cell], int]:
        """The record that starts at ``pos``, and where the next one starts."""
        text, n, delim = self.text, len(self.text), self.delim
        record: list[_Cell] = []
        while True:
            if pos < n and text[pos] == '"':
                m = self._quoted.match(text, pos)
                after = m.end() if m else -1
                ok = m is not None and (after == n or text[after] in (delim, "\r", "\n"))
                if ok:
                    record.append(self._cell(pos, m.group(1), True))
                    pos = after
                elif delim == "\t":  # in TSV a quote is only special around a whole field
                    m = self._plain.match(text, pos)
                    record.append(self._cell(pos, m.group(), False))
                    pos = m.end()
                elif m is None:
                    line = self.index.line_of(pos)
                    raise InputError("unterminated quoted field", self.path, line)
                else:
                    line = self.index.line_of(after)
                    raise InputError("stray text after a quoted field", self.path, line)
            else:
                m = self._plain.match(text, pos)
                record.append(self._cell(pos, m.group(), False))
                pos = m.end()
            if pos < n and text[pos] == delim:
                pos += 1
                continue
            break
        if text.startswith("\r\n", pos):
            pos += 2
        elif pos < n:
            pos += 1
        return record, pos

    def records(self, pos: int):
        """The records from ``pos`` (the start of a line) to the end."""
        while pos < len(self.text):
            record, pos = self.record(pos)
            yield record


def _columns(
    header: list[_Cell] | None, options: ReadOptions, path: str
) -> tuple[dict[str, int], dict[str, str]]:
    """Column index and column name of each field that the file has."""
    wanted = tuple((k, str(v)) for k, v in options.csv_columns.items() if v not in (None, ""))
    names = None if header is None else tuple(c.value for c in header)
    try:
        found, named = _find_columns(names, wanted)
    except _NoColumn as err:
        raise InputError(str(err), path, 1) from None  # the header's first line
    return dict(found), dict(named)


class _NoColumn(Exception):
    """A column the header lacks (_find_columns; errors are not remembered)."""


@functools.lru_cache(maxsize=64)
def _find_columns(
    header: tuple[str, ...] | None, wanted: tuple[tuple[str, str], ...]
) -> tuple[tuple[tuple[str, int], ...], tuple[tuple[str, str], ...]]:
    """What :func:`_columns` finds for a header (``None``: numbered
    columns) and the columns the configuration names, as pairs: worked out
    once for a batch of exports, which share their header."""
    specs = dict(wanted)
    if header is None:
        return tuple((key, int(spec) - 1) for key, spec in specs.items()), wanted
    found: dict[str, int] = {}
    names: dict[str, str] = {}
    normed = [_norm(value) for value in header]
    for key, candidates in _DEFAULTS.items():
        if key in specs:
            target = _norm(specs[key])
            if target not in normed:
                raise _NoColumn(f"no column named {specs[key]!r} in the header")
            found[key] = normed.index(target)
        else:
            for cand in candidates:
                if cand in normed:
                    found[key] = normed.index(cand)
                    break
        if key in found:
            names[key] = header[found[key]]
    if "text" not in found:
        expected = ", ".join(_DEFAULTS["text"])
        raise _NoColumn(
            f"no text column in the header (expected one of: {expected}; "
            "or name it with csv_columns: {text: …} in the configuration)"
        )
    return tuple(found.items()), tuple(names.items())


def _seconds(raw: str, millis: bool) -> float | None:
    """Seconds of a time field's stripped, non-empty value; ``None`` when it
    is no time."""
    try:
        number = float(raw)
    except ValueError:
        number = None
    if number is not None and number == number and abs(number) != float("inf"):
        return round(number / 1000, 3) if millis else round(number, 3)
    return parse_clock(raw)


def _time(cell: _Cell | None, column: str, path: str) -> float | None:
    if cell is None or not cell.value.strip():
        return None
    raw = cell.value.strip()
    value = _seconds(raw, bool(_MILLIS.search(column)))
    if value is None:
        raise InputError(f"bad timestamp {raw!r} in column {column!r}", path, cell.line)
    return value


# --------------------------------------------------------------------------- fast path

# Nearly every export has one row per line, each with as many fields as the
# header, none of them holding a quote unless quoted as a whole, and quoted
# fields without line breaks inside: ``Agent,4.00,12.80,"Good afternoon, …"``.
# One pattern over the whole text (stdlib ``re``, ``findall``) reads all such
# rows at once, with the fields that _Turns needs as groups, instead of the
# general path's match and _Cell per field. A field is either ``"…"`` without
# a quote or line break inside, or text without the delimiter, a quote or a
# line break: narrower than the general path, so that a line that matches
# where a record starts is one record, which the general path would split
# into the same fields (see _Turns.rows). A blank line matches too (the
# general path skips it). Rows of any other shape (a quoted field with
# ``""`` or a line break inside, a row with fewer or more fields, a line
# after a lone CR) are read the general way, and only they.
_QUOTED = r'"[^"\r\n]*"'


@functools.lru_cache(maxsize=32)
def _row_pattern(
    delimiter: str, width: int, columns: tuple[tuple[str, int], ...]
) -> tuple[re.Pattern, itemgetter]:
    """The pattern of a line holding a row of ``width`` fields, ``columns``
    naming the fields to capture (key, 0-based column). The groups are
    ``line`` (the whole line with its line break), ``pre`` (the text before
    the text field), ``quoted``/``plain`` (the text field's value, the one
    its form uses) and one group per other key; a key without a field
    (``None``) captures nothing, always. With it comes what picks the
    groups of a match (from ``findall``) in the order ``line``, ``pre``,
    ``quoted``, ``plain``, ``speaker``, ``start``, ``end``."""
    d = re.escape(delimiter)
    field = rf"(?:{_QUOTED}|[^{d}\"\r\n]*)"
    at = dict((i, key) for key, i in columns)
    fields = []
    for i in range(width):
        key = at.get(i)
        if key == "text":
            fields.append(rf'(?:"(?P<quoted>[^"\r\n]*)"|(?P<plain>[^{d}\"\r\n]*))')
        else:
            fields.append(field if key is None else f"(?P<{key}>{field})")
    text = [i for key, i in columns if key == "text"][0]
    pre = d.join(fields[:text]) + (d if text else "")
    row = f"(?P<pre>{pre}){d.join(fields[text:])}"
    pattern = re.compile(rf"^(?P<line>(?:{row})?(?:\r?\n|\Z))(?P<none>)", re.MULTILINE)
    group = pattern.groupindex
    names = ("line", "pre", "quoted", "plain", "speaker", "start", "end")
    return pattern, itemgetter(*(group.get(name, group["none"]) - 1 for name in names))


class _Speakers(dict):
    """Speaker name and role of each speaker field as written (``None``
    when blank): worked out once per file for each (a call has a handful)."""

    def __init__(self, overrides: dict[str, str]):
        super().__init__()
        self.overrides = overrides

    def __missing__(self, written: str) -> tuple[str | None, str | None]:
        value = written[1:-1] if written[:1] == '"' else written  # quoted as a whole
        speaker = value.strip() or None
        self[written] = found = (speaker, role_of(speaker, self.overrides))
        return found


def _field_seconds(written: str, millis: bool) -> float | None:
    """Seconds of a time field as the fast path finds it (quoted as a
    whole, or not quoted); ``None`` when it is blank or no time."""
    raw = (written[1:-1] if written[:1] == '"' else written).strip()
    return _seconds(raw, millis) if raw else None


# Seconds of each time field seen on the fast path, as written (quotes and
# all), for columns in seconds (False) and in milliseconds (True); see
# _memo: every call of a batch of exports starts at 0.00.
_TIMES: dict[bool, Memo[float]] = {
    millis: Memo(functools.partial(_field_seconds, millis=millis)) for millis in (False, True)
}


class _Turns:
    """The turns of one file's rows, whichever path reads them."""

    def __init__(
        self,
        path: str,
        options: ReadOptions,
        delimiter: str,
        columns: dict[str, int],
        names: dict[str, str],
    ):
        self.sink = TurnSink()
        self.path = path
        self.overrides = options.speakers
        self.delimiter = delimiter
        self.columns = columns
        self.names = names
        self.speakers = _Speakers(options.speakers)

    def record(self, record: list[_Cell]) -> None:
        """A record read the general way: a row without text is skipped
        (times and all); then start, end and their order are checked."""
        columns = self.columns

        def cell(key: str) -> _Cell | None:
            i = columns.get(key)
            return record[i] if i is not None and i < len(record) else None

        body = cell("text")
        if body is None or not body.value.strip():
            return
        start = _time(cell("start"), self.names.get("start", ""), self.path)
        end = _time(cell("end"), self.names.get("end", ""), self.path)
        if time_problem(start, end):
            check_times(start, end, self.path, record[0].line)
        who = cell("speaker")
        speaker = who.value.strip() or None if who is not None else None
        raw = body.raw
        if body.quoted and ('"' in raw or "\n" in raw or "\r" in raw):
            text, segments = lines_text(body.pieces)
        else:  # one run of text: what lines_text makes of its one piece
            at = body.begin + body.quoted
            line, column = body.parser.index.locate(at)
            text, segments = line_text(raw, at, line, column)
        self.sink.add(text, segments, speaker, role_of(speaker, self.overrides), start, end)

    def rows(self, parser: _Parser, pos: int, width: int) -> None:
        """Read the rows from ``pos`` (the start of the line after the
        first record): those of the common shape (_row_pattern, ``width``
        fields, as many as the first record) a run at a time (:meth:`run`),
        any others the general way.

        Most files have only rows of that shape, and no lone CR (``^`` only
        follows LF, so LFs count the lines): one ``findall`` reads them. The
        pattern starts at a line start and consumes one line, so as many
        matches as lines is one match per line, in order. Else
        :meth:`mixed` goes over the matches one by one."""
        text = parser.text
        keys = tuple((key, i) for key, i in self.columns.items() if i < width)
        if "text" not in dict(keys) or len({i for _, i in keys}) < len(keys):
            # no text field, or one field for two keys (a group each): rare
            for record in parser.records(pos):
                self.record(record)
            return
        pattern, pick = _row_pattern(self.delimiter, width, keys)
        if "\r" not in text or text.count("\r") == text.count("\r\n"):
            rows = pattern.findall(text, pos)
            # After a text's last line break, ^ matches once more: a blank
            # line, which is read (and skipped) as the general path reads one.
            if len(rows) == text.count("\n", pos) + 1:
                self.run(rows, pick, pos, text.count("\n", 0, pos) + 1)
                return
        self.mixed(parser, pattern, pick, pos)

    def mixed(self, parser: _Parser, pattern: re.Pattern, pick: itemgetter, pos: int) -> None:
        """The rows from ``pos`` when not all have the common shape: each
        run of lines that do is read at once, the records in between the
        general way. ``pos`` is always where a record starts, so a match
        that starts there is a record that the general path would split
        into the same fields; a match that starts before it lies inside a
        record read the general way (a quoted field over several lines)."""
        text = parser.text
        number = count_breaks(text, 0, pos) + 1  # of the line at pos
        run: list[tuple] = []
        run_at = run_number = 0
        for m in pattern.finditer(text, pos):
            at = m.start()
            if at > pos:  # lines of another shape: read up to this one
                self.run(run, pick, run_at, run_number)
                run = []
                while pos < at:
                    record, end = parser.record(pos)
                    self.record(record)
                    number += count_breaks(text, pos, end)
                    pos = end
            if at < pos:
                continue
            if not run:
                run_at, run_number = pos, number
            run.append(m.groups(""))  # as findall gives them
            pos = m.end()
            number += 1
        self.run(run, pick, run_at, run_number)
        for record in parser.records(pos):
            self.record(record)

    def run(self, rows: list[tuple], pick: itemgetter, pos: int, first: int) -> None:
        """Rows of the common shape, on consecutive lines from ``pos``
        (line ``first``): the groups of their matches. What :meth:`record`
        does with each is written out here, with the speaker and the times
        of fields as written looked up (_Speakers, _TIMES)."""
        path, speakers, keep = self.path, self.speakers, self.sink.keep
        append = self.sink.turns.append
        start_column, end_column = self.names.get("start", ""), self.names.get("end", "")
        starts = _TIMES[bool(_MILLIS.search(start_column))]
        ends = _TIMES[bool(_MILLIS.search(end_column))]
        for number, (line, pre, quoted, plain, who, begin, finish) in enumerate(
            map(pick, rows), first
        ):
            line_start, pos = pos, pos + len(line)
            at = line_start + len(pre)
            if quoted:
                body, at = quoted, at + 1
            else:
                body = plain
            turn_text = body.strip()
            if not turn_text:
                continue
            start = starts[begin] if begin else None
            if start is None and begin:
                _blank_or_bad(begin, start_column, path, number)
            end = ends[finish] if finish else None
            if end is None and finish:
                _blank_or_bad(finish, end_column, path, number)
            if (start is not None and start < 0) or (
                end is not None and (end < 0 or start is not None and end < start)
            ):
                check_times(start, end, path, number)
            speaker, role = speakers[who]
            at += len(body) - len(body.lstrip())
            turn = Turn(
                turn_text, [Segment(0, at, number, at - line_start + 1)], role, speaker, start, end
            )
            # TurnSink.keep, but for the turns that cannot be a hang-up
            # marker (which starts with a bracket; the text is stripped).
            if turn_text[0] in MARKER_OPENERS:
                keep(turn)
            else:
                append(turn)


def _blank_or_bad(written: str, column: str, path: str, line: int) -> None:
    """A time field the fast path found without seconds (_field_seconds):
    an error unless it is blank."""
    raw = (written[1:-1] if written[:1] == '"' else written).strip()
    if raw:
        raise InputError(f"bad timestamp {raw!r} in column {column!r}", path, line)


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
    parser = _Parser(text, path, delimiter)
    pos = 1 if text.startswith(BOM) else 0
    if pos >= len(text):
        return TurnSink().document(text, path, NAME)
    # The first record (the header, or a row when columns are numbered) is
    # read the general way; the rest a run at a time where they can be (_Turns.rows).
    first, pos = parser.record(pos)
    header = None if numeric else first
    if header is not None and all(not c.value.strip() for c in header):
        raise InputError("empty header row", path, header[0].line)
    columns, names = _columns(header, options, path)
    turns = _Turns(path, options, delimiter, columns, names)
    if numeric:
        turns.record(first)
    turns.rows(parser, pos, len(first))
    return turns.sink.document(text, path, NAME)
