"""Chinese word segmentation, loaded only when a Chinese match needs it.

Nothing imports this module's backends until a candidate match in Han text has
a Han character on one of its edges (see :mod:`phraselint.matcher`).
Segmentation runs without the HMM: it invents out-of-vocabulary words (交过费)
that would move boundaries unpredictably.

Two backends give the same segmentation on Chinese text: ``jieba`` (the
default) and ``rjieba`` (its Rust port, ``pip install phraselint[fast]``,
30x faster to load and run), chosen with ``--segmenter`` or the config key
``segmenter``; it is never switched silently.

jieba's dictionary, loaded lazily
---------------------------------
``jieba.Tokenizer.initialize()`` loads a prefix dictionary ``FREQ`` of about
500,000 entries (every word with its frequency, and every prefix of a word
with frequency 0) and ``total``, the sum of the frequencies: about half a
second, paid by every pre-commit run that meets one Chinese match and again by
every worker process of a ``--jobs`` batch, while a run looks up a few
hundred of those entries. So phraselint gives jieba a mapping that loads them
on demand instead, from an index kept in the cache directory
(:func:`phraselint.cache.cache_dir`).

It stays exact because, on the path used here (``tokenize(text, HMM=False)``
-> ``cut`` -> ``get_DAG`` and ``calc``), jieba only ever reads ``FREQ`` with
``frag in FREQ``, ``FREQ[frag]`` and ``FREQ.get(frag)``, where ``frag`` is a
non-empty slice of the sentence, plus ``total``; and ``check_initialized()``
skips ``initialize()`` once ``initialized`` is true. Every key starting with
a character *c* can only be looked up for a fragment starting with *c*, so the
index stores ``FREQ`` grouped by first character, each group a ``marshal``
blob with its CRC-32, and the mapping (:class:`LazyFreq`) loads a character's
whole group the first time a fragment starting with it is looked up: what it
answers is what the full dictionary would answer.

The index is built once, from a full ``initialize()``, and written atomically
(temporary file + ``os.replace``). It is keyed by the index format, jieba's
version, the ``marshal`` and Python versions and the path, size and
modification time of the dictionary file, so upgrading jieba rebuilds it. Any
problem with it (missing, stale, truncated, a group failing its checksum, an
unwritable cache directory, ``PHRASELINT_NO_CACHE=1``) means jieba's own full
initialisation, even halfway through a run: the mapping then answers from the
full dictionary and the damaged index is removed, to be rebuilt next time.
"""

from __future__ import annotations

import contextlib
import functools
import os
import struct
import types
import zlib
from collections.abc import Callable
from typing import Any

BACKENDS = ("jieba", "rjieba")
_backend_name = "jieba"
_tokenize: Callable[[str], list[tuple[int, int]]] | None = None


def set_backend(name: str) -> None:
    """Choose the segmenter (``jieba`` or ``rjieba``) before first use."""
    global _backend_name, _tokenize
    if name not in BACKENDS:
        raise ValueError(f"unknown segmenter {name!r} (known: {', '.join(BACKENDS)})")
    if name != _backend_name:
        _backend_name = name
        _tokenize = None
        spans.cache_clear()


def backend() -> str:
    return _backend_name


def _import_jieba() -> Any:
    """``import jieba`` without ``pkg_resources`` and, until something uses
    it, without its HMM (``jieba.finalseg``).

    jieba 0.42 imports ``pkg_resources`` only to find its own data files and
    falls back to a plain ``open()`` beside its module when the import
    fails; importing it costs more than everything else jieba does at
    start-up (setuptools scans every installed distribution), in every
    pre-commit run and every ``--jobs`` worker. The HMM's probability tables
    are a large module that segmenting without the HMM never reads; they
    load when another caller in the process first uses the HMM (see
    :class:`_LazyModule`)."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import fails
    sys.modules.setdefault("jieba.finalseg", _LazyModule("jieba.finalseg"))
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


class _LazyModule(types.ModuleType):
    """Stands in for a module until one of its attributes is asked for, then
    imports the real one (which takes its place in ``sys.modules`` and on its
    package) and answers from it: jieba binds ``finalseg`` at import and
    reads ``finalseg.cut`` only on the HMM path."""

    def __getattr__(self, name: str) -> Any:
        import importlib
        import sys

        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def _load_jieba() -> Callable[[str], list[tuple[int, int]]]:
    import logging

    from ..cache import cache_dir

    jieba = _import_jieba()

    # jieba logs its start-up (and a traceback if its cache cannot be
    # written) at ERROR level; none of it is the user's business.
    jieba.setLogLevel(logging.CRITICAL)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = cache_dir()
    initialize(tokenizer)

    def tokenize(text: str) -> list[tuple[int, int]]:
        return [(s, e) for _, s, e in tokenizer.tokenize(text, HMM=False)]

    return tokenize


# --------------------------------------------------------------------------- lazy jieba

_MAGIC = b"phraselint jieba index 1\n"
_ENTRY = struct.Struct("<III")  # per group: offset, length, crc32 of its marshal blob


def initialize(tokenizer: Any) -> None:
    """Make the jieba ``tokenizer`` ready: lazily from the index, or fully."""
    path = key = None
    if not os.environ.get("PHRASELINT_NO_CACHE"):
        try:
            path, key = _index_path(tokenizer)
            lazy = LazyFreq.open(path, key, tokenizer)
        except Exception:  # none yet, a stale or a damaged one: all mean no index
            pass
        else:
            tokenizer.FREQ = lazy
            tokenizer.total = lazy.total
            tokenizer.initialized = True
            return
    tokenizer.initialize()
    if path is not None and key is not None:
        with contextlib.suppress(Exception):  # an unwritable cache: just no index
            _write_index(path, key, tokenizer.FREQ, tokenizer.total)


def _index_path(tokenizer: Any) -> tuple[str, str]:
    """Where the index of ``tokenizer``'s dictionary lives, and its key."""
    import marshal
    import sys

    import jieba

    from ..cache import cache_dir

    dictionary = tokenizer.dictionary or os.path.join(
        os.path.dirname(os.path.abspath(jieba.__file__)), jieba.DEFAULT_DICT_NAME
    )
    st = os.stat(dictionary)
    key = "|".join(
        [
            _MAGIC.decode().strip(),
            jieba.__version__,
            f"marshal {marshal.version}",
            sys.version.split()[0],
            dictionary,
            str(st.st_size),
            str(st.st_mtime_ns),
        ]
    )
    name = f"jieba-index-{zlib.crc32(key.encode()):08x}.bin"
    return os.path.join(tokenizer.tmp_dir or cache_dir(), name), key


def _write_index(path: str, key: str, freq: dict[str, int], total: int) -> None:
    import tempfile

    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".jieba-index-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(_index_parts(key, freq, total))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise
    for old in os.listdir(directory):  # indexes of other jieba or dictionary versions
        if old.startswith("jieba-index-") and old != os.path.basename(path):
            with contextlib.suppress(OSError):
                os.remove(os.path.join(directory, old))


def _index_parts(key: str, freq: dict[str, int], total: int) -> list[bytes]:
    """The index: magic, header size, header, then ``FREQ`` by first character.

    The header is ``marshal`` of (key, total, the first characters sorted, a
    table of ``_ENTRY`` per character); each group a ``marshal``-ed dict.
    """
    import marshal

    groups: dict[str, dict[str, int]] = {}
    for word, count in freq.items():
        group = groups.get(word[:1])
        if group is None:
            group = groups[word[:1]] = {}
        group[word] = count
    chars = "".join(sorted(groups))
    blobs = [marshal.dumps(groups[c]) for c in chars]
    table = bytearray()
    offset = 0
    for blob in blobs:
        table += _ENTRY.pack(offset, len(blob), zlib.crc32(blob))
        offset += len(blob)
    header = marshal.dumps((key, total, chars, bytes(table)))
    return [_MAGIC, struct.pack("<I", len(header)), header, *blobs]


class LazyFreq:
    """jieba's ``FREQ``, loaded one first character at a time from the index.

    Answers ``in``, ``[]`` and ``get`` exactly as the full dictionary would,
    and nothing else (jieba reads nothing else on the path used here). If a
    group turns out damaged, it initialises ``tokenizer`` fully and answers
    from its dictionary from then on.
    """

    def __init__(self, data: Any, base: int, chars: str, table: bytes, total: int) -> None:
        self._data = data  # an mmap of the index: forked workers can share it
        self._base = base  # where the blobs start
        self._chars = chars  # first characters, sorted
        self._table = table  # _ENTRY per character of _chars
        self._groups: dict[str, dict[str, int]] = {}
        self._full: dict[str, int] | None = None
        self._tokenizer: Any = None
        self._path = ""
        self.total = total

    @classmethod
    def open(cls, path: str, key: str, tokenizer: Any) -> LazyFreq:
        """The index at ``path``; raises unless it exists and is the one for ``key``."""
        import marshal
        import mmap

        with open(path, "rb") as fh:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            n = len(_MAGIC)
            if data[:n] != _MAGIC:
                raise ValueError("not a phraselint jieba index")
            (size,) = struct.unpack_from("<I", data, n)
            stored_key, total, chars, table = marshal.loads(data[n + 4 : n + 4 + size])
            if stored_key != key:
                raise ValueError("index of another dictionary")
            if not (
                isinstance(total, int)
                and isinstance(chars, str)
                and isinstance(table, bytes)
                and len(table) == _ENTRY.size * len(chars)
            ):
                raise ValueError("malformed index header")
        except BaseException:
            data.close()  # so that it can be replaced, even on Windows
            raise
        lazy = cls(data, n + 4 + size, chars, table, total)
        lazy._tokenizer = tokenizer
        lazy._path = path
        return lazy

    def _group(self, first: str) -> dict[str, int]:
        if self._full is not None:
            return self._full
        group: dict[str, int] = {}
        i = self._chars.find(first) if first else -1
        if i >= 0:
            try:
                group = self._read(i)
            except Exception:  # a damaged index: fall back to the full dictionary
                return self._fall_back()
        self._groups[first] = group
        return group

    def _read(self, i: int) -> dict[str, int]:
        import marshal

        offset, length, crc = _ENTRY.unpack_from(self._table, _ENTRY.size * i)
        start = self._base + offset
        blob = self._data[start : start + length]
        if len(blob) != length or zlib.crc32(blob) != crc:
            raise ValueError("damaged index group")
        group = marshal.loads(blob)
        if type(group) is not dict:
            raise ValueError("damaged index group")
        return group

    def _fall_back(self) -> dict[str, int]:
        tokenizer = self._tokenizer
        with tokenizer.lock:
            if self._full is None:
                with contextlib.suppress(OSError):
                    os.remove(self._path)
                tokenizer.initialized = False
                tokenizer.initialize()
                self._full = tokenizer.FREQ
                self._groups.clear()
                self.total = tokenizer.total
        return self._full

    def __contains__(self, word: str) -> bool:
        group = self._groups.get(word[:1])
        if group is None:
            group = self._group(word[:1])
        return word in group

    def __getitem__(self, word: str) -> int:
        group = self._groups.get(word[:1])
        if group is None:
            group = self._group(word[:1])
        return group[word]

    def get(self, word: str, default: int | None = None) -> int | None:
        group = self._groups.get(word[:1])
        if group is None:
            group = self._group(word[:1])
        return group.get(word, default)


def _load_rjieba() -> Callable[[str], list[tuple[int, int]]]:
    try:
        import rjieba
    except ImportError:
        raise RuntimeError(
            "segmenter 'rjieba' is not installed: pip install 'phraselint[fast]'"
        ) from None
    seg = rjieba.Jieba()

    def tokenize(text: str) -> list[tuple[int, int]]:
        return [(s, e) for _, s, e in seg.tokenize(text, "default", False)]

    return tokenize


@functools.lru_cache(maxsize=4096)
def spans(text: str) -> tuple[tuple[int, int], ...]:
    """Token spans ``(start, end)`` of ``text`` in code points."""
    global _tokenize
    if _tokenize is None:
        _tokenize = _load_rjieba() if _backend_name == "rjieba" else _load_jieba()
    return tuple(_tokenize(text))
