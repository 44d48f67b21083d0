"""A per-user cache of work that only changes with phraselint's own files:
the bundled packs (parsed and validated), the locale specs, each bundled
locale's compiled automaton, keyed by the files each comes from.

Parsing the bundled YAML with line numbers costs about 35 ms, a quarter of a
pre-commit run on one small file, and compiling the Chinese locale 30 ms;
unpickling either result costs 1-2 ms. An entry is keyed by phraselint's
version, the Python version and the path, size and modification time of every
file it is built from (packs, specs, the code that builds it), so editing a
pack or that code (in a source checkout) or upgrading phraselint rebuilds it.
It lives in ``$XDG_CACHE_HOME/phraselint`` (``~/.cache/phraselint``). Each
entry is written atomically with a CRC-32 of its contents, checked before
unpickling, and any problem reading or writing it (missing, damaged, written by
another version) just means no cache. ``PHRASELINT_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "phraselint")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError:
        import tempfile

        path = tempfile.gettempdir()
    return path


def _key(files: list[Path]) -> str:
    from . import __version__

    # Not a security boundary (the cache is the user's own), just a change
    # detector: crc32 of everything that would change the parsed packs.
    parts = [__version__, sys.version]
    for f in files:
        st = f.stat()
        parts.append(f"{f}|{st.st_size}|{st.st_mtime_ns}")
    text = "\n".join(parts).encode()
    return f"{zlib.crc32(text):08x}{len(text):x}"


def cached(name: str, files: list[Path], build: Callable[[], T]) -> T:
    """``build()``, or its pickled result from an earlier run on the same files."""
    if os.environ.get("PHRASELINT_NO_CACHE"):
        return build()
    try:
        path = os.path.join(cache_dir(), f"{name}-{_key(files)}.pickle")
    except OSError:  # a file of the key vanished: no cache this time
        return build()
    found = _load(path)
    if found is not _MISSING:
        return found  # type: ignore[return-value]
    value = build()
    _store(path, name, value)
    return value


_MISSING = object()


def _load(path: str) -> object:
    """The value kept in ``path``, or ``_MISSING``. A file that is absent, cut
    short or damaged (its CRC-32 disagrees: a bit flipped on disk could
    otherwise unpickle into a wrong automaton) is no cache, never an error;
    so is one this version cannot unpickle, whatever it raises."""
    import pickle

    try:
        with open(path, "rb") as fh:
            data = memoryview(fh.read())
    except OSError:
        return _MISSING
    if len(data) < 4 or zlib.crc32(data[4:]) != int.from_bytes(data[:4], "big"):
        return _MISSING
    try:
        return pickle.loads(data[4:])  # noqa: S301 - the user's own cache, checksummed
    except Exception:  # noqa: BLE001 - any failure means: rebuild
        return _MISSING


def _store(path: str, name: str, value: object) -> None:
    """Write ``value`` atomically with its checksum, and remove the entries
    of earlier versions of the same files; any problem just means no cache."""
    import pickle
    import tempfile

    tmp = None
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(zlib.crc32(data).to_bytes(4, "big"))
            fh.write(data)
        os.replace(tmp, path)
        tmp = None
        for old in os.listdir(os.path.dirname(path)):  # earlier versions of the files
            if old.startswith(f"{name}-") and old != os.path.basename(path):
                os.remove(os.path.join(os.path.dirname(path), old))
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.remove(tmp)
