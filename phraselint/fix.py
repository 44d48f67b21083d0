"""Rewriting script files with the replacements their forbidden rules give.

The fixer edits only what a finding points at, ``Finding.offset`` to
``Finding.end_offset`` of the decoded source (and right after it a Tagalog
particle the replacement says itself, and the mark or comma that the end of
the sentence changes), and writes every other character back as it was: same
encoding, same byte order mark, same line endings (via
:func:`phraselint.sources.encode`). What it decides, and why:

- Only script documents are edited. A transcript is a record of a call; a
  "fixed" transcript would be a forgery.
- Only ``forbidden`` findings with exactly one replacement are applied. With
  several the choice needs a person; without any there is nothing to say
  instead. Both are reported as not fixable, with file and line.
- Edits are applied from the end of the text backwards, so earlier offsets stay
  valid; of overlapping spans only the first (the longest at one start) is
  applied. The file is then linted again and fixed again, until nothing is
  left to fix (at most :data:`MAX_PASSES` times), so that a second run never
  changes anything.
- Directives of :mod:`phraselint.suppress` are honoured: a silenced finding is
  not fixed.
- The file is written to a temporary file in the same directory and moved over
  the original with :func:`os.replace`, keeping its permission bits (and its
  owner, where the process may set it): a crash leaves either the old or the
  new file, never half of one. A symbolic link is followed, and its target
  rewritten; a read-only file, or one with several hard links, is refused.
- Fixes that would change the language the next run detects are refused
  (see :func:`_same_language`).
- What a replacement becomes in the text around it (case, punctuation,
  script, the end of the sentence, markup, particles) is
  :mod:`phraselint.fitting`'s work.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import os
import stat
import tempfile
from dataclasses import dataclass, field

from .engine import Options, lint_document
from .errors import InputError, PhraselintError
from .fitting import LINE_BREAK, NotFixable, TextContext, fit_replacement
from .model import Document, Finding
from .packs import PackSet
from .readers import read_text
from .sources import DEFAULT_MAX_BYTES, SkipFile, encode, read_source

MAX_PASSES = 5


@dataclass(frozen=True)
class Edit:
    """One replacement: ``old`` at ``[offset, end_offset)`` of the source becomes ``new``."""

    rule: str
    line: int
    column: int
    offset: int
    end_offset: int
    old: str
    new: str

    @property
    def end(self) -> tuple[int, int]:
        """The line and column just past ``old``: where the edit ends, which
        may be past the finding's end (see :func:`fit_replacement`)."""
        breaks = list(LINE_BREAK.finditer(self.old))
        if not breaks:
            return self.line, self.column + len(self.old)
        return self.line + len(breaks), len(self.old) - breaks[-1].end() + 1

    def describe(self, path: str, done: bool) -> str:
        """One line, with the line breaks of ``old`` and ``new`` shown as ``\\n``."""
        verb = "fixed" if done else "would fix"
        where = f"{path}:{self.line}:{self.column}: {self.rule}"
        return f"{where}: {verb} {_quote(self.old)} → {_quote(self.new)}"


def _quote(text: str) -> str:
    shown = text.replace("\r", "\\r").replace("\n", "\\n")
    return f"“{shown}”"


@dataclass(frozen=True)
class Unfixable:
    """A forbidden finding the fixer leaves to a person, and why."""

    finding: Finding
    reason: str

    def describe(self, path: str) -> str:
        f = self.finding
        return f"{path}:{f.line}:{f.column}: {f.rule}: not fixable: {self.reason}"


@dataclass
class FixResult:
    """What fixing one file did, or would do, or why it was not done."""

    path: str
    original: str = ""
    fixed: str = ""
    # In the order applied; the offsets of a later pass refer to the text as
    # the earlier passes left it.
    edits: list[Edit] = field(default_factory=list)
    unfixable: list[Unfixable] = field(default_factory=list)
    skipped: str | None = None  # not a script (transcripts), binary or oversized
    error: str | None = None
    written: bool = False

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        """A unified diff from the file as it is to the file as fixed, that
        ``patch`` applies.

        Lines end at "\\n" only, as ``diff`` and ``patch`` read them: a CRLF
        line keeps its "\\r", and a lone "\\r" (old Mac line endings), a form
        feed or a Unicode line separator stays inside its line. Splitting at
        those too (``str.splitlines`` does) wrote lines that ``patch`` rejects."""
        if not self.changed:
            return ""
        lines = difflib.unified_diff(
            _diff_lines(self.original),
            _diff_lines(self.fixed),
            fromfile=self.path if os.path.isabs(self.path) else f"a/{self.path}",
            tofile=self.path if os.path.isabs(self.path) else f"b/{self.path}",
        )
        out = []
        for line in lines:
            out.append(line)
            if not line.endswith("\n"):
                out.append("\n\\ No newline at end of file\n")
        return "".join(out)


def _diff_lines(text: str) -> list[str]:
    """``text`` cut after each "\\n", the ends kept (see :meth:`FixResult.diff`)."""
    lines = text.split("\n")
    last = lines.pop()
    return [line + "\n" for line in lines] + ([last] if last else [])


def fix_file(path: str, packset: PackSet, options: Options, write: bool = True) -> FixResult:
    """Fix one file (see the module docstring); errors end up in ``FixResult.error``."""
    result = FixResult(path)
    try:
        source = read_source(path, options.encoding, options.max_bytes or DEFAULT_MAX_BYTES)
        result.original = result.fixed = source.text
        doc = read_text(source.text, path, options.read_options())
        if doc.kind != "script":
            result.skipped = f"{doc.format} transcript: transcripts are never rewritten"
            return result
        doc.encoding = source.encoding
        _fix_passes(result, doc, packset, options)
        if write and result.changed:
            write_atomically(path, encode(result.fixed, source))
            result.written = True
    except SkipFile as skip:
        result.skipped = skip.reason
    except PhraselintError as exc:
        result.error = str(exc) if exc.path else f"{path}: {exc}"
    except OSError as exc:
        result.error = f"{path}: cannot write: {exc.strerror or exc}"
    return result


def _fix_passes(result: FixResult, doc: Document, packset: PackSet, options: Options) -> None:
    locale = options.locale
    for number in range(MAX_PASSES + 1):
        findings = lint_document(doc, packset, locale)
        locale = doc.locale  # later passes see the same language as the first
        edits, unfixable = plan(doc, findings)
        if number == 0:
            result.unfixable = unfixable
        if not edits:
            _same_language(result, doc, locale, options)
            return
        if number == MAX_PASSES:
            raise InputError(
                f"fixes did not settle after {MAX_PASSES} passes: a replacement "
                f"brings up new findings ({edits[0].rule} at line {edits[0].line})",
                result.path,
            )
        result.edits.extend(edits)
        result.fixed = apply_edits(result.fixed, edits)
        encoding = doc.encoding
        doc = read_text(result.fixed, result.path, options.read_options())
        doc.encoding = encoding


def _same_language(result: FixResult, doc: Document, locale: str, options: Options) -> None:
    """Refuse fixes that would change the language the next run detects (a
    mixed document near a threshold, whose English fix tips it to Tagalog):
    that run would check other rules and fix again, so ``fix`` would not be
    idempotent. Nothing is written; ``--locale`` settles it."""
    if options.locale or not result.edits:
        return
    from .locales import detect_locale
    from .text.normalize import normalize_turns

    speech = "\n".join(n.text for n in normalize_turns([t.text for t in doc.turns]))
    now = detect_locale(speech)
    if now != locale:
        raise InputError(
            f"fixing would change the detected language from {locale} to {now}; "
            f"run with --locale {locale} to fix it as {locale}",
            result.path,
        )


def plan(doc: Document, findings: list[Finding]) -> tuple[list[Edit], list[Unfixable]]:
    """The edits for ``findings`` on ``doc`` (no two overlapping), and the
    forbidden findings that cannot be fixed."""
    candidates: list[Edit] = []
    unfixable: list[Unfixable] = []
    context: TextContext | None = None  # made at the first finding to fix
    for f in findings:
        if f.kind != "forbidden" or f.offset is None or f.end_offset is None:
            continue
        if f.rule.startswith("phraselint."):
            continue  # findings about directives, not speech
        if not f.replacements:
            unfixable.append(Unfixable(f, "the rule has no replacement"))
            continue
        if len(f.replacements) > 1:
            choices = " | ".join(f.replacements)
            unfixable.append(Unfixable(f, f"several replacements to choose from: {choices}"))
            continue
        if context is None:
            context = TextContext(doc)
        try:
            end, new = fit_replacement(doc, f.offset, f.end_offset, f.replacements[0], context)
        except NotFixable as why:
            unfixable.append(Unfixable(f, str(why)))
            continue
        old = doc.source[f.offset : end]
        if new != old:
            candidates.append(Edit(f.rule, f.line, f.column, f.offset, end, old, new))
    edits: list[Edit] = []
    for e in sorted(candidates, key=lambda e: (e.offset, e.offset - e.end_offset)):
        if not edits or e.offset >= edits[-1].end_offset:
            edits.append(e)
    return edits, unfixable


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied, last first.

    The pieces are joined once: rebuilding the text for each edit was
    quadratic in a file with thousands of fixes. Edits that overlap or reach
    outside ``text`` (never made by :func:`plan`) are still applied one by one,
    each on the text the later ones left, with what that gives."""
    ordered = sorted(edits, key=lambda e: e.offset, reverse=True)
    limit = len(text)
    for e in ordered:
        if not 0 <= e.offset <= e.end_offset <= limit:
            return _apply_one_by_one(text, ordered)
        limit = e.offset
    pieces = []
    cursor = 0
    for e in reversed(ordered):
        pieces.append(text[cursor : e.offset])
        pieces.append(e.new)
        cursor = e.end_offset
    pieces.append(text[cursor:])
    return "".join(pieces)


def _apply_one_by_one(text: str, ordered: list[Edit]) -> str:
    for e in ordered:
        text = text[: e.offset] + e.new + text[e.end_offset :]
    return text


def write_atomically(path: str, data: bytes) -> None:
    """Replace the file at ``path`` (its target, for a link) with ``data``,
    all at once, keeping its permission bits and, where the process may set
    them (root in a CI container), its owner and group.

    A read-only file is not rewritten (the user said it must not change),
    nor one with several hard links: a rename would leave the other names
    with the old text. Both are errors naming the file."""
    target = os.path.realpath(path)
    info = os.stat(target)
    mode = stat.S_IMODE(info.st_mode)
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only; not rewritten")
    if info.st_nlink > 1:
        raise PermissionError(
            errno.EMLINK,
            f"the file has {info.st_nlink} hard links, which a rewrite would split; not rewritten",
        )
    folder = os.path.dirname(target) or "."
    fd, tmp = tempfile.mkstemp(prefix=".phraselint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp, info.st_uid, info.st_gid)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


__all__ = ["Edit", "FixResult", "Unfixable", "apply_edits", "fix_file", "plan"]
