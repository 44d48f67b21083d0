"""Checking many files: worker processes, a stable order, flat memory.

QA batches are thousands of transcripts. ``results(..., jobs=N)`` lints files
in N processes: the parent and N - 1 workers. The parent compiles every locale
of the pack set (or reads it back from the per-user cache) before it forks the
workers, which inherit it instead of compiling it again; where fork is
unavailable, the pack set is pickled to each worker once. Files go out in
chunks, to a worker or to the parent as each becomes free (see
``_chunk_results``), and results come back in the order the files were found
whatever N is. Workers send back findings, not documents, so the parent holds
a few chunks' data at a time when the report streams (``jsonl``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .engine import Options, lint_file
from .errors import PhraselintError
from .model import FileResult
from .packs import PackSet

if TYPE_CHECKING:
    from .config import ConfigResolver

# With fewer files than this, starting workers costs more than it saves.
PARALLEL_MIN_FILES = 32
CHUNK = 16  # files per task at most: small enough that no process idles long at the end
AHEAD = 4  # chunks queued per worker (see _chunk_results)

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
    state = (packset, options, configs, keep_documents)
    if jobs == 1 or "-" in files:
        for item in items:
            yield item if isinstance(item, FileResult) else _lint_kept(item, state)
        return
    global _worker_state
    import multiprocessing  # only now: 16 ms that a one-file run never needs

    _worker_state = state  # inherited by forked workers
    for locale in packset.locales():  # compiled here once, not again in every worker
        packset.compiled(locale)
    if "fork" in multiprocessing.get_all_start_methods():
        ctx, init_args = multiprocessing.get_context("fork"), (None, None, None, False)
    else:  # pragma: no cover - platforms without fork
        init_args = (packset, options, configs, keep_documents)
        ctx = multiprocessing.get_context("spawn")
    size = max(1, min(CHUNK, len(files) // (jobs * 8)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    with ctx.Pool(jobs - 1, initializer=_init_worker, initargs=init_args) as pool:
        done = _chunk_results(pool, chunks, jobs - 1, state)
        for item in items:
            yield item if isinstance(item, FileResult) else next(done)


def _chunk_results(pool, chunks: list[list[str]], workers: int, state: tuple) -> Iterator:
    """Results of every chunk's files, in chunk order.

    The parent is a worker too: it keeps each worker four chunks ahead (with
    fewer, a worker waits for its next task while the parent, busy linting,
    holds the GIL that the pool's feeder thread needs) and,
    whenever the next chunk to report is still with a worker, lints the next
    unassigned chunk itself. So it starts at once, warm, and the load
    balances itself; the chunks it lints ahead wait their turn here, a few at
    most (as many as it lints while a worker does one).
    """
    pending: dict[int, Any] = {}  # chunk → its results, or the worker's AsyncResult
    assigned = 0  # chunks handed out so far, in order
    with_workers = 0
    for k in range(len(chunks)):
        while True:
            while with_workers < AHEAD * workers and assigned < len(chunks):
                pending[assigned] = pool.apply_async(_lint_chunk, (chunks[assigned],))
                assigned += 1
                with_workers += 1
            found = pending[k] if k < assigned else None
            if isinstance(found, list):
                break
            if found is not None and (found.ready() or assigned == len(chunks)):
                pending[k] = found.get()
                with_workers -= 1
                break
            # The next chunk to report is not ready, or not handed out yet.
            pending[assigned] = [_lint_kept(path, state) for path in chunks[assigned]]
            assigned += 1
        yield from pending.pop(k)


def _lint_kept(path: str, state: tuple) -> FileResult:
    packset, options, configs, keep_documents = state
    result = _safe_lint(path, packset, options, configs)
    if not keep_documents:
        result.document = None  # findings travel back, the document does not
    return result


def _lint_chunk(paths: list[str]) -> list[FileResult]:
    """A worker's task: a chunk of files, linted with the state it inherited."""
    return [_lint_kept(path, _worker_state) for path in paths]
