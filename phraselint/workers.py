"""Worker processes for :mod:`phraselint.batch`: each lints the chunks of
files it is handed and sends back their results.

Both kinds of workers offer the same two calls to the scheduler
(``batch._chunk_results``): ``top_up(assigned)`` hands out chunks from
``assigned`` on until each worker holds ``AHEAD`` of them, and
``collect(block)`` returns the ``(chunk, results)`` pairs that have come back.
Imported only when a run has more than one job.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import sys
from typing import NoReturn

from . import batch
from .errors import PhraselintError
from .model import FileResult

AHEAD = 3  # chunks queued per worker: it never waits while the parent lints a chunk


def start(n: int, chunks: list[list[str]], state: tuple) -> Forked | Spawned:
    """``n`` workers for ``chunks``, linted with ``state`` (see ``batch``)."""
    return (Forked if hasattr(os, "fork") else Spawned)(n, chunks, state)


def _fair(held: int, holders: int, processes: int, left: int) -> bool:
    """Whether ``holders`` workers holding ``held`` chunks may take one more.

    Near the end of a run each of the ``processes`` (the workers and the
    parent, which lints too) should hold no more than its share of the
    ``left`` chunks not yet done (queued or not yet handed out): a worker
    holding three chunks when the parent ran out kept the parent waiting for
    all three."""
    return held * processes < holders * left


_HEADER = struct.Struct("<iI")  # chunk index (-1: the worker failed), payload length
_STOP = struct.pack("<i", -1)


class Forked:
    """Worker processes forked from this one, each fed chunk numbers through a
    pipe and sending back each chunk's pickled results through another.

    Forking shares everything the parent has built (compiled automata, the
    files, their chunks) without pickling it, and the parent needs no helper
    threads: with a ``multiprocessing`` pool feeding the workers, the parent's
    own linting took 10% to 37% more CPU per file, taking turns with the
    pool's threads for the GIL.
    """

    def __init__(self, n: int, chunks: list[list[str]], state: tuple) -> None:
        self.chunks, self.state = chunks, state
        self.pids: list[int] = []
        self.tasks: list[int] = []  # write ends: chunk numbers to each worker
        self.replies: dict[int, int] = {}  # read end → its worker
        self.queued: list[int] = []  # chunks with each worker, not yet back
        self.ready = select.poll()  # unlike select(), no limit on descriptor numbers
        try:
            for w in range(n):
                self._fork(w)
        except BaseException:  # no worker is left behind when one cannot start
            self.__exit__(*sys.exc_info())
            raise

    def _fork(self, w: int) -> None:
        task_r, task_w = os.pipe()
        reply_r, reply_w = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            for fd in (task_r, task_w, reply_r, reply_w):
                os.close(fd)
            raise
        if pid == 0:  # the worker: it never returns into the caller
            os.close(task_w)
            os.close(reply_r)
            for fd in (*self.tasks, *self.replies):
                os.close(fd)
            _serve(task_r, reply_w, self.chunks, self.state)
        os.close(task_r)
        os.close(reply_w)
        self.pids.append(pid)
        self.tasks.append(task_w)
        self.replies[reply_r] = w
        self.ready.register(reply_r, select.POLLIN)
        self.queued.append(0)

    def top_up(self, assigned: int) -> int:
        """Hand out chunks from ``assigned`` on until each worker holds AHEAD,
        or, near the end, its share of the chunks left (see :func:`_fair`)."""
        processes = len(self.tasks) + 1
        for w, fd in enumerate(self.tasks):
            while self.queued[w] < AHEAD and assigned < len(self.chunks):
                left = len(self.chunks) - assigned + sum(self.queued)
                if not _fair(self.queued[w], 1, processes, left):
                    break
                os.write(fd, struct.pack("<i", assigned))
                self.queued[w] += 1
                assigned += 1
        return assigned

    def collect(self, block: bool) -> list[tuple[int, list[FileResult]]]:
        """Results that have come back (waiting for one when ``block``)."""
        out = []
        for fd, _ in self.ready.poll(None if block else 0):  # data, or a worker's end
            k, size = _HEADER.unpack(_read(fd, _HEADER.size))
            payload = pickle.loads(_read(fd, size))
            if k < 0:
                raise payload
            self.queued[self.replies[fd]] -= 1
            out.append((k, payload))
        return out

    def __enter__(self) -> Forked:
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
            payload = batch.lint_chunk(chunks[k], state)
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


class Spawned:
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
        """Queue chunks from ``assigned`` on until the pool holds AHEAD per
        worker, or, near the end, the workers' share of the chunks left."""
        while self.queued < AHEAD * self.n and assigned < len(self.chunks):
            left = len(self.chunks) - assigned + self.queued
            if not _fair(self.queued, self.n, self.n + 1, left):
                break
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

    def __enter__(self) -> Spawned:
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
    return batch.lint_chunk(paths, _worker_state)
