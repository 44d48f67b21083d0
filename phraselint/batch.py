"""Checking many files: worker processes, a stable order, flat memory.

QA batches are thousands of transcripts. ``results(..., jobs=N)`` lints files
in N processes: the parent and N - 1 workers (:mod:`phraselint.workers`). The
parent compiles every locale of the pack set (or reads it back from the
per-user cache) before it forks the workers, which inherit it instead of
compiling it again; where fork is unavailable, the pack set is pickled to each
worker once. Files go out in chunks, to a worker or to the parent as each
becomes free (see ``_chunk_results``), and results come back in the order the
files were found whatever N is. Workers send back findings, not documents, so
the parent holds a few chunks' data at a time when the report streams
(``jsonl``).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .engine import Options, lint_file
from .errors import PhraselintError
from .model import FileResult
from .packs import PackSet

if TYPE_CHECKING:
    from . import workers
    from .config import ConfigResolver

# With fewer files than this, starting workers costs more than it saves.
PARALLEL_MIN_FILES = 32
CHUNK = 16  # files per task at most: small enough that no process idles long at the end


def default_jobs(n_files: int) -> int:
    """The number of cores when there are many files, else 1."""
    return (os.cpu_count() or 1) if n_files >= PARALLEL_MIN_FILES else 1


def discover(paths, exclude=()) -> Iterator[FileResult | str]:
    """Files to check, in a stable order; a missing path becomes an error
    result so that the other files are still checked."""
    from .discovery import iter_files

    seen: set[str] = set()
    exclude = tuple(exclude)
    for arg in paths:
        if arg != "-" and os.path.isfile(arg):  # what iter_files gives for a file, sooner
            found = [arg]
        else:
            try:
                found = list(iter_files([arg], exclude=exclude))
            except PhraselintError as exc:
                yield FileResult(arg, error=str(exc))
                continue
        for path in found:  # a file named twice (or also inside a named directory) once
            key = path if path == "-" else os.path.abspath(path)  # normalised already
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
        ahead = ReadAhead(files)
        for item in items:
            if isinstance(item, FileResult):
                yield item
            else:
                ahead.next()
                yield _lint_kept(item, state)
        return
    for locale in packset.locales():  # compiled here once, not again in every worker
        packset.compiled(locale)
    size = max(1, min(CHUNK, len(files) // (jobs * 8)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    from . import workers  # only now: a run of one job never needs them

    with workers.start(jobs - 1, chunks, state) as pool:
        done = _chunk_results(pool, chunks, state)
        for item in items:
            yield item if isinstance(item, FileResult) else next(done)


def _chunk_results(
    pool: workers.Forked | workers.Spawned, chunks: list[list[str]], state: tuple
) -> Iterator:
    """Results of every chunk's files, in chunk order.

    The parent is a worker too: it keeps each worker ``workers.AHEAD`` chunks
    ahead and, whenever the next chunk to report is still with a worker, lints
    the next unassigned chunk itself. So it starts at once, warm, and the load
    balances itself; the chunks it lints ahead wait their turn here, a few at
    most (as many as it lints while a worker does one).
    """
    ready: dict[int, list[FileResult]] = {}
    assigned = 0  # chunks handed out so far, in order
    for k in range(len(chunks)):
        while k not in ready:
            assigned = pool.top_up(assigned)
            ready.update(pool.collect(block=False))
            if k in ready:
                break
            if assigned < len(chunks):  # lint the next chunk here, while the workers work
                ready[assigned] = lint_chunk(chunks[assigned], state)
                assigned += 1
            else:  # every chunk is handed out: wait for the worker that has chunk k
                ready.update(pool.collect(block=True))
        yield from ready.pop(k)


class ReadAhead:
    """Asks the kernel to start reading the files a few places ahead of the
    one being linted (``posix_fadvise(WILLNEED)``), so that reading a batch
    from disk overlaps with linting it: a day of calls read cold from disk
    otherwise waits on every file in turn (a quarter more time on 738
    small files here). Only a hint: regular files up to ``MAX_BYTES`` are
    named, nothing is read here, and any error is ignored (a file that has
    gone is the linting's to report)."""

    DISTANCE = 8
    MAX_BYTES = 4 << 20

    def __init__(self, paths: list[str]):
        self.paths = paths if hasattr(os, "posix_fadvise") else []
        self.hinted = 0  # paths[:hinted] have been named
        self.done = 0  # files handed out so far

    def next(self) -> None:
        """The next file is about to be linted: name those up to DISTANCE past it."""
        self.done += 1
        stop = min(self.done + self.DISTANCE, len(self.paths))
        while self.hinted < stop:
            _will_need(self.paths[self.hinted], self.MAX_BYTES)
            self.hinted += 1


def _will_need(path: str, max_bytes: int) -> None:
    try:
        info = os.stat(path)
        # a FIFO or device is never opened here: opening a FIFO touches its writer
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return
        fd = os.open(path, os.O_RDONLY)
    except (OSError, ValueError):
        return
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_WILLNEED)
    except OSError:
        pass
    finally:
        os.close(fd)


def lint_chunk(paths: list[str], state: tuple) -> list[FileResult]:
    """The results of a chunk of files (a worker's task), read ahead."""
    ahead, out = ReadAhead(paths), []
    for path in paths:
        ahead.next()
        out.append(_lint_kept(path, state))
    return out


def _lint_kept(path: str, state: tuple) -> FileResult:
    packset, options, configs, keep_documents = state
    if configs is not None:  # the file's own configuration (see phraselint.config)
        packset, options = configs.apply(path, packset, options) or (packset, options)
    result = lint_file(path, packset, options)
    if not keep_documents:
        result.document = None  # findings travel back, the document does not
    return result
