"""Finding the files to lint from the paths given on the command line.

What the user names is linted; what a directory walk finds is filtered, because
a repository also holds version-control data, dependencies and virtual
environments whose ``.md`` and ``.txt`` files are not call scripts. The walk is
sorted so that reports and ``--fix`` runs are the same on every machine.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from .errors import InputError

DEFAULT_EXTS: tuple[str, ...] = (
    ".md",
    ".markdown",
    ".txt",
    ".text",
    ".vtt",
    ".srt",
    ".json",
    ".csv",
    ".tsv",
    ".log",
)

# Directory names never entered by a walk (version control, dependencies, caches,
# virtual environments under their usual names).
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".venv",
        "venv",
    }
)

STDIN = "-"


def iter_files(
    paths: Iterable[str],
    exclude: Iterable[str] = (),
    include_exts: Iterable[str] = DEFAULT_EXTS,
) -> Iterator[str]:
    """Yield the files to lint, each once, in a stable order.

    - ``"-"`` (standard input) is yielded as is.
    - A file named explicitly is always yielded, whatever its extension, and
      ``exclude`` does not apply to it (a pre-commit hook or a shell glob has
      already chosen it; see :func:`is_excluded` to filter such names anyway).
    - A directory is walked recursively, entries sorted by name (files and
      subdirectories interleaved, so the result is sorted by path component).
      Only files whose extension is in ``include_exts`` (case-insensitive) are
      yielded. Directories in :data:`SKIP_DIRS`, directories holding a
      ``pyvenv.cfg`` (virtual environments of any name), and everything matching
      an ``exclude`` pattern are left out. Symbolic links to directories are not
      followed, so a walk cannot loop; a loop of links to files is yielded,
      and reading it is that file's error.
    - Every path is checked before anything is yielded: a missing one raises
      :class:`InputError` ("no such file or directory").

    Paths found in a walk are the directory argument joined with the relative
    path (``scripts/zh/a.md`` for ``scripts``), so they read as the user typed.
    For the meaning of ``exclude``, see :func:`is_excluded`.
    """
    paths = list(paths)
    patterns = tuple(exclude)
    exts = tuple(_normalise_ext(e) for e in include_exts)
    for path in paths:
        if path != STDIN and not os.path.exists(path):
            raise InputError("no such file or directory", path)
    seen: set[str] = set()
    for path in paths:
        if path == STDIN:
            if path not in seen:
                seen.add(path)
                yield path
            continue
        found = _walk(path, patterns, exts) if os.path.isdir(path) else iter((path,))
        for name in found:
            key = os.path.normcase(os.path.abspath(name))
            if key not in seen:
                seen.add(key)
                yield name


def is_excluded(path: str, patterns: Iterable[str]) -> bool:
    """Whether a relative path matches one of the gitignore-like ``patterns``.

    ``path`` uses ``/`` or the OS separator; a leading ``./`` is ignored. Each
    pattern is a glob where ``*`` matches any run of characters except ``/``,
    ``**`` any run including ``/`` (so ``**/`` also matches no directory at all),
    ``?`` one character except ``/`` and ``[...]`` a character class. Matching is
    case-sensitive. A leading ``/`` or ``./`` and a trailing ``/`` of a pattern are
    ignored.

    - A pattern without ``/`` matches if it matches any single component of the
      path: ``drafts`` excludes every file or directory named ``drafts`` at any
      depth, ``*.log`` every ``.log`` file, ``~*`` every name starting with ``~``.
    - A pattern with ``/`` matches if it matches the whole path or any leading
      part of it, from its first component: ``archive/2023`` excludes
      ``archive/2023/a.md`` but not ``old/archive/2023/a.md`` (use
      ``**/archive/2023`` for that), and ``archive/*.md`` excludes
      ``archive/a.md`` but not ``archive/sub/b.md``.

    Negation (``!``) and comments are not supported.
    """
    parts = _parts(path)
    for raw in patterns:
        pattern = _clean_pattern(raw)
        if not pattern:
            continue
        regex = _compile(pattern)
        if "/" in pattern:
            if any(regex.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1)):
                return True
        elif any(regex.fullmatch(part) for part in parts):
            return True
    return False


def _walk(root: str, patterns: tuple[str, ...], exts: tuple[str, ...]) -> Iterator[str]:
    yield from _walk_dir(root, (), patterns, exts)


def _walk_dir(
    directory: str, rel: tuple[str, ...], patterns: tuple[str, ...], exts: tuple[str, ...]
) -> Iterator[str]:
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"cannot read directory: {exc.strerror or exc}", directory) from None
    for entry in entries:
        parts = (*rel, entry.name)
        if entry.is_dir(follow_symlinks=False):
            if entry.name in SKIP_DIRS or _is_venv(entry.path):
                continue
            if patterns and _excluded_entry(entry.path, parts, patterns):
                continue
            yield from _walk_dir(entry.path, parts, patterns, exts)
        elif _is_file(entry):
            if not entry.name.lower().endswith(exts):
                continue
            if patterns and _excluded_entry(entry.path, parts, patterns):
                continue
            yield entry.path


def _is_file(entry: os.DirEntry) -> bool:
    """Whether the walk yields an entry that is no directory. A link that
    cannot be followed but exists (a loop of links) counts as a file:
    reading it then fails, an error of that file alone, where ``is_file``
    raised and ended the run. A link to nothing is left out, as before."""
    try:
        return entry.is_file()
    except OSError:
        return True


def _excluded_entry(path: str, parts: tuple[str, ...], patterns: tuple[str, ...]) -> bool:
    """Test the path relative to the walked directory and, if relative, as shown.

    Both are tried so that a pattern written from the project root
    (``scripts/old``) works whether the user runs ``phraselint .`` or
    ``phraselint scripts``.
    """
    if is_excluded("/".join(parts), patterns):
        return True
    return not os.path.isabs(path) and is_excluded(os.path.normpath(path), patterns)


def _is_venv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _normalise_ext(ext: str) -> str:
    ext = ext.lower()
    return ext if ext.startswith(".") else f".{ext}"


def _parts(path: str) -> list[str]:
    path = path.replace(os.sep, "/")
    return [p for p in path.split("/") if p and p != "."]


def _clean_pattern(pattern: str) -> str:
    pattern = pattern.replace(os.sep, "/").strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern.strip("/")


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    """Glob to regex; unlike :func:`fnmatch.translate`, ``*`` and ``?`` stop at ``/``."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            start = i + 1
            if pattern.startswith("!", start):
                start += 1
            if pattern.startswith("]", start):
                start += 1  # "[]…]" and "[!]…]": a leading "]" is a member
            end = pattern.find("]", start)
            if end < 0:
                out.append(re.escape(ch))
                i += 1
                continue
            body = pattern[i + 1 : end]
            negate = body.startswith("!")
            if negate:
                body = body[1:]
            body = body.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
            if body.startswith("^"):
                body = "\\" + body
            # Like "*" and "?", a negated class never matches the separator.
            out.append(f"[^/{body}]" if negate else f"[{body}]")
            i = end + 1
        else:
            out.append(re.escape(ch))
            i += 1
    return re.compile("".join(out), re.DOTALL)
