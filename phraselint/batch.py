"""Checking many files: worker processes, a stable order, flat memory.

QA batches are thousands of transcripts. ``results(..., jobs=N)`` lints files
in N worker processes that each compile the packs once (they are forked from
the parent after the packs are loaded; where fork is unavailable, the pack set
is pickled to each worker once), and yields results in the order the files
were found whatever N is. Workers send back findings, not documents, so the
parent holds one file's data at a time when the report streams (``jsonl``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .engine import Options, lint_file
from .errors import PhraselintError
from .model import FileResult
from .packs import PackSet

if TYPE_CHECKING:
    from .config import ConfigResolver

# With fewer files than this, starting workers costs more than it saves.
PARALLEL_MIN_FILES = 32

_worker_state: tuple[PackSet, Options, ConfigResolver | None, bool] | None = None


def default_jobs(n_files: int) -> int:
    """The number of cores when there are many files, else 1."""
    return (os.cpu_count() or 1) if n_files >= PARALLEL_MIN_FILES else 1


def _init_worker(
    packset: PackSet | None,
    options: Options | None,
    configs: ConfigResolver | None = None,
    keep_documents: bool = False,
) -> None:
    global _worker_state
    if packset is not None:
        _worker_state = (packset, options, configs, keep_documents)


def _lint_one(path: str) -> FileResult:
    packset, options, configs, keep_documents = _worker_state
    result = _safe_lint(path, packset, options, configs)
    if not keep_documents:
        result.document = None  # findings travel back, the document does not
    return result


def _safe_lint(
    path: str, packset: PackSet, options: Options, configs: ConfigResolver | None = None
) -> FileResult:
    from .sources import SkipFile

    if configs is not None:  # the file's own configuration (see phraselint.config)
        packset, options = configs.apply(path, packset, options) or (packset, options)
    try:
        return lint_file(path, packset, options)
    except SkipFile as skip:
        return FileResult(path, skipped=skip.reason)


def discover(paths, exclude=()) -> Iterator[FileResult | str]:
    """Files to check, in a stable order; a missing path becomes an error
    result so that the other files are still checked."""
    from .discovery import iter_files

    seen: set[str] = set()
    for arg in paths:
        try:
            found = list(iter_files([arg], exclude=tuple(exclude)))
        except PhraselintError as exc:
            yield FileResult(arg, error=str(exc))
            continue
        for path in found:  # a file named twice (or also inside a named directory) once
            key = path if path == "-" else os.path.normpath(os.path.abspath(path))
            if key not in seen:
                seen.add(key)
                yield path


def results(
    paths,
    packset: PackSet,
    options: Options,
    jobs: int | None = None,
    exclude=(),
    keep_documents: bool = False,
    configs: ConfigResolver | None = None,
) -> Iterator[FileResult]:
    """Lint ``paths`` (files, directories, ``-``) and yield one result per file.
    ``configs`` drops the files their configuration excludes (and validates
    each configuration here, before any worker starts)."""
    items = list(discover(paths, exclude))
    if configs is not None:
        items = [i for i in items if not isinstance(i, str) or configs.select(i, packset)]
    files = [i for i in items if isinstance(i, str)]
    if jobs is None:
        jobs = default_jobs(len(files))
    jobs = max(1, min(jobs, len(files) or 1))
    if jobs == 1 or "-" in files:
        for item in items:
            if isinstance(item, FileResult):
                yield item
                continue
            result = _safe_lint(item, packset, options, configs)
            if not keep_documents:
                result.document = None
            yield result
        return
    global _worker_state
    import multiprocessing  # only now: 16 ms that a one-file run never needs

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        # inherited by the forked workers
        _worker_state = (packset, options, configs, keep_documents)
        ctx, init_args = multiprocessing.get_context("fork"), (None, None, None, False)
    else:  # pragma: no cover - platforms without fork
        init_args = (packset, options, configs, keep_documents)
        ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(jobs, initializer=_init_worker, initargs=init_args) as pool:
        done = pool.imap(_lint_one, files, chunksize=max(1, min(16, len(files) // (jobs * 8))))
        for item in items:
            yield item if isinstance(item, FileResult) else next(done)
