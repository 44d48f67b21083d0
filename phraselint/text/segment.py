"""Chinese word segmentation, loaded only when a Chinese match needs it.

Importing and initialising jieba costs about a second, so nothing imports
this module's backends until a candidate match in Han text has a Han
character on one of its edges (see :mod:`phraselint.matcher`). Segmentation
runs without the HMM: it invents out-of-vocabulary words (交过费) that would
move boundaries unpredictably.

Two backends give the same segmentation on Chinese text: ``jieba`` (the
default) and ``rjieba`` (its Rust port, ``pip install phraselint[fast]``,
30x faster to load and run), chosen with ``--segmenter`` or the config key
``segmenter``; it is never switched silently.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

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


def _load_jieba() -> Callable[[str], list[tuple[int, int]]]:
    import logging

    import jieba

    from ..cache import cache_dir

    # jieba logs its start-up (and a traceback if its cache cannot be
    # written) at ERROR level; none of it is the user's business.
    jieba.setLogLevel(logging.CRITICAL)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = cache_dir()
    tokenizer.initialize()

    def tokenize(text: str) -> list[tuple[int, int]]:
        return [(s, e) for _, s, e in tokenizer.tokenize(text, HMM=False)]

    return tokenize


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
