"""Batches: worker processes keep a stable order; jsonl streams; both
segmenters give the same findings on the Chinese test corpus."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA

from phraselint import batch, workers
from phraselint.cli import cli
from phraselint.engine import Options, default_packset, lint_text
from phraselint.errors import PhraselintError
from phraselint.packs import bundled_packs
from phraselint.text import segment

LINES = [
    "Agent: Thank you for calling Acme. I don't know.",
    "坐席：喂，什么？！你说什么？",
    "Ahente: Hindi ko po alam, pasensya na po.",
    "Agent: Thank you for calling. Let me find out.",
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for i in range(60):
        sub = tmp_path / f"d{i % 3}"
        sub.mkdir(exist_ok=True)
        (sub / f"call{i:03}.md").write_text(LINES[i % len(LINES)] + "\n", "utf-8")
    return tmp_path


def _digest(results):
    return [(r.path, [(f.rule, f.line, f.column) for f in r.findings]) for r in results]


@pytest.mark.parametrize("jobs", [2, 3])
def test_jobs_give_the_same_results_in_the_same_order(corpus, jobs):
    """The parent lints every jobs-th chunk and the workers the rest; a path
    that does not exist stays in its place as an error result."""
    packset, options = default_packset(), Options()
    paths = [str(corpus / "d0"), str(corpus / "missing.md"), str(corpus / "d1"), str(corpus)]
    one = _digest(batch.results(paths, packset, options, jobs=1))
    many = _digest(batch.results(paths, packset, options, jobs=jobs))
    assert len(one) == 61
    assert one == many
    assert one[20][0].endswith("missing.md")
    assert [p for p, _ in one[:20]] == sorted(p for p, _ in one[:20])


def test_each_file_is_found_once_however_it_is_named(corpus, monkeypatch):
    """Named twice, with another spelling of its path, or also inside a named
    directory: once, where it first appears; a missing path stays an error in
    its place."""
    monkeypatch.chdir(corpus)
    named = ["d0/call000.md", "./d0/call000.md", str(corpus / "d0" / "call000.md"), "nope.md"]
    found = list(batch.discover([*named, "d0", "d1/../d0/call003.md"]))
    paths = [f if isinstance(f, str) else ("error", f.path) for f in found]
    assert paths[:2] == ["d0/call000.md", ("error", "nope.md")]
    assert paths[2:] == [os.path.join("d0", f"call{i:03}.md") for i in range(3, 60, 3)]


def test_spawned_workers_give_the_same_results(corpus, monkeypatch):
    """The pool used where processes cannot fork, tried here by standing in
    for the forked one."""
    monkeypatch.setattr(workers, "Forked", workers.Spawned)
    packset, options = default_packset(), Options()
    one = _digest(batch.results([str(corpus)], packset, options, jobs=1))
    assert _digest(batch.results([str(corpus)], packset, options, jobs=2)) == one


def _only_in_workers(monkeypatch, action):
    """Make every file linted outside this process run ``action`` (forked
    workers inherit the patch)."""
    parent, real = os.getpid(), batch.lint_file

    def patched(path, *args):
        if os.getpid() != parent:
            action()
        return real(path, *args)

    monkeypatch.setattr(batch, "lint_file", patched)


@pytest.fixture
def forked(monkeypatch) -> list[int]:
    """The pids of the workers forked during a test."""
    pids, real = [], os.fork

    def fork():
        pid = real()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)
    return pids


def _all_reaped(pids: list[int]) -> bool:
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        return False
    return True


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle this")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers only")
@pytest.mark.parametrize(
    ("action", "error", "message"),
    [
        (lambda: int("x"), ValueError, "invalid literal"),
        (lambda: (_ for _ in ()).throw(Unpicklable("odd")), RuntimeError, "Unpicklable: odd"),
        (lambda: os._exit(3), PhraselintError, "worker process stopped unexpectedly"),
    ],
)
def test_a_failing_worker_fails_the_run_and_leaves_no_process(
    corpus, monkeypatch, forked, action, error, message
):
    _only_in_workers(monkeypatch, action)
    with pytest.raises(error, match=message):
        list(batch.results([str(corpus)], default_packset(), Options(), jobs=2))
    assert len(forked) == 1
    assert _all_reaped(forked)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers only")
def test_a_worker_that_cannot_start_stops_the_others(corpus, monkeypatch, forked):
    fork = os.fork  # the fixture's, which records the pids

    def second_fails():
        if forked:
            raise OSError(11, "Resource temporarily unavailable")
        return fork()

    monkeypatch.setattr(os, "fork", second_fails)
    with pytest.raises(OSError, match="temporarily unavailable"):
        list(batch.results([str(corpus)], default_packset(), Options(), jobs=3))
    assert len(forked) == 1
    assert _all_reaped(forked)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers only")
def test_workers_work_past_descriptor_1024(corpus):
    """A long-running process may hold many files open; select() cannot wait
    on a descriptor numbered 1024 or more, so the workers are polled."""
    resource = pytest.importorskip("resource")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if max(soft, hard) < 1200:
        pytest.skip("cannot open 1,200 files here")
    if soft < 1200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1200, hard))
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        packset, options = default_packset(), Options()
        one = _digest(batch.results([str(corpus)], packset, options, jobs=1))
        assert _digest(batch.results([str(corpus)], packset, options, jobs=2)) == one
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers only")
def test_stopping_early_stops_the_workers(corpus, forked):
    run = batch.results([str(corpus)], default_packset(), Options(), jobs=3)
    first = next(run)
    run.close()
    assert first.path.endswith("call000.md")
    assert len(forked) == 2
    assert _all_reaped(forked)


def test_default_jobs_uses_cores_only_for_many_files():
    assert batch.default_jobs(1) == 1
    assert batch.default_jobs(batch.PARALLEL_MIN_FILES) >= 1


def test_jsonl_streams_one_object_per_file_then_a_summary(corpus):
    result = CliRunner().invoke(cli, ["check", "--format", "jsonl", "-j", "2", str(corpus)])
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert result.exit_code == 1
    assert len(lines) == 61
    assert [x["path"] for x in lines[:-1]] == sorted(x["path"] for x in lines[:-1])
    summary = lines[-1]["summary"]
    assert summary["files"] == 60
    assert summary["findings"] == sum(len(x["findings"]) for x in lines[:-1])


def _zh_corpus() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((DATA / "packs").glob("*zh*.md"))]
    for pack in bundled_packs():
        if pack.locale == "zh":
            for rule in pack.rules:
                texts.extend(rule.bad + rule.good)
    texts += ["我们喂养小猫", "这不可能的吧台", "请缴纳保证金", "感谢您的来电", "祝您好运"]
    return texts


def test_jieba_and_rjieba_give_the_same_findings():
    pytest.importorskip("rjieba")
    texts = _zh_corpus()
    assert len(texts) > 50

    def run():
        segment.spans.cache_clear()
        return [[(f.rule, f.column, f.end_column) for f in lint_text(t, "zh")] for t in texts]

    segment.set_backend("jieba")
    try:
        with_jieba = run()
        segment.set_backend("rjieba")
        with_rjieba = run()
    finally:
        segment.set_backend("jieba")
    assert with_jieba == with_rjieba
    assert any(with_jieba)


def test_near_the_end_a_worker_holds_no_more_than_its_share():
    """A worker gets up to AHEAD chunks ahead, but near the end no more than
    its share of what is left (the parent lints the rest): with three chunks
    queued and one unassigned, the parent takes the last one itself instead of
    waiting for the worker to work through four."""
    import struct

    from phraselint.workers import AHEAD, Forked

    r, w = os.pipe()
    try:
        pool = Forked.__new__(Forked)  # the scheduling state alone, no process
        pool.chunks, pool.tasks, pool.queued = [[]] * 10, [w], [0]
        assert pool.top_up(0) == AHEAD  # plenty left: the queue fills
        pool.queued = [AHEAD]
        assert pool.top_up(8) == 8  # 2 left, 3 queued: the worker has its share
        pool.queued = [1]
        assert pool.top_up(8) == 9  # 2 left, 1 queued: one more for the worker
        assert pool.top_up(9) == 9  # 1 left, 2 queued: the parent takes it
        sent = struct.unpack(f"<{AHEAD + 1}i", os.read(r, 4 * (AHEAD + 1)))
        assert sent == (*range(AHEAD), 8)
    finally:
        os.close(r)
        os.close(w)


def test_the_spawned_pool_keeps_to_the_workers_share_too():
    """The pool used where processes cannot fork follows the same rule, for
    all its workers together: with one worker, the same hand-outs as the
    forked pool above; with two, two thirds of what is left."""
    from types import SimpleNamespace

    from phraselint.workers import AHEAD, Spawned

    sent: list[int] = []
    pool = Spawned.__new__(Spawned)  # the scheduling state alone, no process
    pool.chunks = [[k] for k in range(10)]
    pool.pool = SimpleNamespace(apply_async=lambda fn, args, **_: sent.append(args[0][0]))
    pool.n, pool.queued = 1, 0
    assert pool.top_up(0) == AHEAD
    pool.queued = AHEAD
    assert pool.top_up(8) == 8  # 2 left, 3 queued: the worker has its share
    pool.queued = 1
    assert pool.top_up(8) == 9  # 2 left, 1 queued: one more for the worker
    assert pool.top_up(9) == 9  # 1 left, 2 queued: the parent takes it
    assert sent == [*range(AHEAD), 8]
    pool.n, pool.queued = 2, 2
    assert pool.top_up(7) == 9  # 3 left, 2 queued: they take while under 2/3 of what is left


# --------------------------------------------------------------------------- read-ahead


@pytest.fixture
def hinted(monkeypatch) -> list[str]:
    """The files posix_fadvise(WILLNEED) is asked about, in order."""
    seen: list[str] = []

    def fadvise(fd, offset, length, advice):
        assert advice == os.POSIX_FADV_WILLNEED
        seen.append(os.path.basename(os.readlink(f"/proc/self/fd/{fd}")))

    monkeypatch.setattr(os, "posix_fadvise", fadvise)
    return seen


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
def test_files_are_named_to_the_kernel_a_few_ahead_of_linting(corpus, hinted, monkeypatch):
    linted: list[tuple[str, int]] = []
    kept = batch._lint_kept

    def lint(path, state):  # how many files were named when each is linted
        linted.append((os.path.basename(path), len(hinted)))
        return kept(path, state)

    monkeypatch.setattr(batch, "_lint_kept", lint)
    found = list(batch.results([str(corpus)], default_packset(), Options(), jobs=1))
    names = [os.path.basename(r.path) for r in found]
    assert hinted == names  # each once, in the order they are linted
    distance = batch.ReadAhead.DISTANCE
    assert linted == [(n, min(i + 1 + distance, len(names))) for i, n in enumerate(names)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_read_ahead_never_opens_a_fifo_a_big_file_or_a_missing_one(tmp_path, hinted, monkeypatch):
    """Opening a FIFO would block, or end its writer's stream; a big file is
    not worth a hint. None of them may break the run."""
    os.mkfifo(tmp_path / "pipe.log")
    (tmp_path / "big.log").write_text("x" * 100, "utf-8")
    (tmp_path / "small.log").write_text("x", "utf-8")
    monkeypatch.setattr(batch.ReadAhead, "MAX_BYTES", 50)
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda p, *a: opened.append(str(p)) or real_open(p, *a))
    ahead = batch.ReadAhead(
        [str(tmp_path / n) for n in ("pipe.log", "gone.log", "big.log", "small.log")]
    )
    for _ in range(4):
        ahead.next()
    assert opened == [str(tmp_path / "small.log")]
    assert hinted == ["small.log"]
