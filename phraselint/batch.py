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

import contextlib
import os
import pickle
import select
import signal
import struct
from collections.abc import Iterator
from typing import TYPE_CHECKING, NoReturn

from .engine import Options, lint_file
from .errors import PhraselintError
from .model import FileResult
from .packs import PackSet

if TYPE_CHECKING:
    from .config import ConfigResolver

# With fewer files than this, starting workers costs more than it saves.
PARALLEL_MIN_FILES = 32
CHUNK = 16  # files per task at most: small enough that no process idles long at the end
AHEAD = 3  # chunks queued per worker (see _chunk_results)


def default_jobs(n_files: int) -> int:
    """The number of cores when there are many files, else 1."""
    return (os.cpu_count() or 1) if n_files >= PARALLEL_MIN_FILES else 1


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
    for locale in packset.locales():  # compiled here once, not again in every worker
        packset.compiled(locale)
    size = max(1, min(CHUNK, len(files) // (jobs * 8)))
    chunks = [files[i : i + size] for i in range(0, len(files), size)]
    workers = _Forked if hasattr(os, "fork") else _Spawned
    with workers(jobs - 1, chunks, state) as pool:
        done = _chunk_results(pool, chunks, state)
        for item in items:
            yield item if isinstance(item, FileResult) else next(done)


def _chunk_results(pool: _Forked | _Spawned, chunks: list[list[str]], state: tuple) -> Iterator:
    """Results of every chunk's files, in chunk order.

    The parent is a worker too: it keeps each worker ``AHEAD`` chunks ahead
    and, whenever the next chunk to report is still with a worker, lints the
    next unassigned chunk itself. So it starts at once, warm, and the load
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
                ready[assigned] = [_lint_kept(path, state) for path in chunks[assigned]]
                assigned += 1
            else:  # every chunk is handed out: wait for the worker that has chunk k
                ready.update(pool.collect(block=True))
        yield from ready.pop(k)


def _lint_kept(path: str, state: tuple) -> FileResult:
    packset, options, configs, keep_documents = state
    result = _safe_lint(path, packset, options, configs)
    if not keep_documents:
        result.document = None  # findings travel back, the document does not
    return result


# ------------------------------------------------------------------ workers

_HEADER = struct.Struct("<iI")  # chunk index (-1: the worker failed), payload length
_STOP = struct.pack("<i", -1)


class _Forked:
    """Worker processes forked from this one, each fed chunk numbers through a
    pipe and sending back each chunk's pickled results through another.

    Forking shares everything the parent has built (compiled automata, the
    files, their chunks) without pickling it, and the parent needs no helper
    threads: with a thread pool feeding the workers, the parent's own linting
    ran about 10% slower, taking turns with those threads for the GIL.
    """

    def __init__(self, n: int, chunks: list[list[str]], state: tuple) -> None:
        self.chunks, self.state = chunks, state
        self.pids: list[int] = []
        self.tasks: list[int] = []  # write ends: chunk numbers to each worker
        self.replies: dict[int, int] = {}  # read end → its worker
        self.queued: list[int] = []  # chunks with each worker, not yet back
        for w in range(n):
            task_r, task_w = os.pipe()
            reply_r, reply_w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the worker: it never returns into the caller
                os.close(task_w)
                os.close(reply_r)
                for fd in (*self.tasks, *self.replies):
                    os.close(fd)
                _serve(task_r, reply_w, chunks, state)
            os.close(task_r)
            os.close(reply_w)
            self.pids.append(pid)
            self.tasks.append(task_w)
            self.replies[reply_r] = w
            self.queued.append(0)

    def top_up(self, assigned: int) -> int:
        """Hand out chunks from ``assigned`` on until each worker holds AHEAD."""
        for w, fd in enumerate(self.tasks):
            while self.queued[w] < AHEAD and assigned < len(self.chunks):
                os.write(fd, struct.pack("<i", assigned))
                self.queued[w] += 1
                assigned += 1
        return assigned

    def collect(self, block: bool) -> list[tuple[int, list[FileResult]]]:
        """Results that have come back (waiting for one when ``block``)."""
        readable, _, _ = select.select(list(self.replies), [], [], None if block else 0)
        out = []
        for fd in readable:
            k, size = _HEADER.unpack(_read(fd, _HEADER.size))
            payload = pickle.loads(_read(fd, size))
            if k < 0:
                raise payload
            self.queued[self.replies[fd]] -= 1
            out.append((k, payload))
        return out

    def __enter__(self) -> _Forked:
        return self

    def __exit__(self, *exc) -> None:
        for fd in self.tasks:
            with contextlib.suppress(OSError):
                os.write(fd, _STOP)
            os.close(fd)
        for fd in self.replies:
            os.close(fd)
        if exc[0] is not None:  # stopped early: the workers' chunks are not wanted
            for pid in self.pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGTERM)
        for pid in self.pids:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _serve(tasks: int, replies: int, chunks: list[list[str]], state: tuple) -> NoReturn:
    """A forked worker's life: lint the chunks it is sent until told to stop."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the parent reports it
        while (k := struct.unpack("<i", _read(tasks, 4))[0]) >= 0:
            payload = [_lint_kept(path, state) for path in chunks[k]]
            _send(replies, k, payload)
    except BaseException as exc:  # noqa: BLE001 - handed to the parent, which raises it
        code = 1
        with contextlib.suppress(BaseException):
            try:
                pickle.dumps(exc)
            except Exception:  # noqa: BLE001 - an exception that cannot travel
                exc = RuntimeError(f"{type(exc).__name__}: {exc}")
            _send(replies, -1, exc)
    finally:
        os._exit(code)


def _send(fd: int, k: int, payload: object) -> None:
    data = pickle.dumps(payload, pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(k, len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int, size: int) -> bytes:
    """Exactly ``size`` bytes from a pipe; its end (a worker that died) is an error."""
    parts, left = [], size
    while left:
        part = os.read(fd, left)
        if not part:
            raise PhraselintError("a worker process stopped unexpectedly")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


class _Spawned:
    """Workers where processes cannot fork (Windows): a ``multiprocessing``
    pool whose workers are each sent the pack set once, pickled."""

    def __init__(self, n: int, chunks: list[list[str]], state: tuple) -> None:
        import multiprocessing
        import queue

        self.chunks, self.n = chunks, n
        self.done: queue.Queue = queue.Queue()
        self.queued = 0
        ctx = multiprocessing.get_context("spawn")
        self.pool = ctx.Pool(n, initializer=_init_worker, initargs=state)

    def top_up(self, assigned: int) -> int:
        while self.queued < AHEAD * self.n and assigned < len(self.chunks):
            k = assigned
            self.pool.apply_async(
                _lint_chunk,
                (self.chunks[k],),
                callback=lambda res, k=k: self.done.put((k, res)),
                error_callback=lambda exc: self.done.put((-1, exc)),
            )
            self.queued += 1
            assigned += 1
        return assigned

    def collect(self, block: bool) -> list[tuple[int, list[FileResult]]]:
        import queue

        out = []
        try:
            while True:
                k, res = self.done.get(block=block and not out)
                if k < 0:
                    raise res
                self.queued -= 1
                out.append((k, res))
        except queue.Empty:
            return out

    def __enter__(self) -> _Spawned:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.terminate()
        self.pool.join()


_worker_state: tuple | None = None


def _init_worker(*state) -> None:
    global _worker_state
    _worker_state = state


def _lint_chunk(paths: list[str]) -> list[FileResult]:
    """A spawned worker's task: a chunk of files, linted with its state."""
    return [_lint_kept(path, _worker_state) for path in paths]
