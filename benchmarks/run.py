"""Time phraselint against its baselines on one seeded corpus and check the targets.

    python benchmarks/run.py [--corpus DIR] [--quick]

Generates the corpus when it is missing (or was made from other packs), then, in one run:
phraselint's CLI per locale (MB/s, files/s, peak RSS) and its library API, start-up time,
``--jobs 1`` against ``--jobs 2``, peak RSS at 1,000 and 10,000 files, and the baselines
(naive regex, jieba, textlint + prh, proselint). Prints a table of ratios, each target as
PASS/FAIL, and whether phraselint found every planted violation. The full result is also
written to benchmarks/out/results-latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    HERE,
    LOCALES,
    OUT,
    REAL_JDDC,
    generator_digest,
    jddc_logs,
    load_manifest,
    mb,
    note,
    rules_for_benchmark,
    unpunctuated_logs,
)

PY = sys.executable
TIMEOUT = 900
# Every measured process may cache bytecode, as an installed package would (a wheel install
# compiles it), but into benchmarks/out/pycache rather than next to the sources.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(OUT / "pycache")


# ------------------------------------------------------------------------------ processes
# Every measured process is started by this small launcher, not by the runner itself. On Linux a
# child's peak RSS (ru_maxrss) starts at its parent's RSS when it was forked, since it counts
# the memory the two shared until exec: measured from the runner, which holds manifests and
# results of tens of MB, every process would weigh at least as much as the runner. The
# launcher (python -I -S, about 9 MB) times its child and reports the child's peak RSS.
_LAUNCHER = """
import os, sys, time
t = time.perf_counter()
try:
    pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ)
except OSError as exc:
    sys.exit(f"cannot start {sys.argv[2]}: {exc}")
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t
with open(sys.argv[1], "w") as f:
    cpu = usage.ru_utime + usage.ru_stime  # with the workers it waited for
    f.write(f"{os.waitstatus_to_exitcode(status)} {wall!r} {usage.ru_maxrss} {cpu!r}")
"""


def run_cmd(cmd: list[str], cwd: Path | None = None, timeout: float = TIMEOUT) -> dict:
    """Run one process; wall time, exit code, its peak RSS, stdout and stderr."""
    with (
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryDirectory() as tmp,
    ):
        report = Path(tmp) / "report"
        launcher = [PY, "-I", "-S", "-c", _LAUNCHER, str(report), *cmd]
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            launcher, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=ENV,
            start_new_session=True,  # so that a timeout stops the measured process too
        )  # fmt: skip
        timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
        timer.start()
        proc.wait()
        timer.cancel()
        out.seek(0)
        err.seek(0)
        res = {
            "rc": None,
            "wall": time.perf_counter() - t0,
            "rss_mb": 0.0,
            "cpu": None,
            "out": out.read().decode("utf-8", "replace"),
            "err": err.read().decode("utf-8", "replace"),
        }
        if report.exists():  # else it could not start, or was stopped by the timeout
            rc, wall, rss_kb, cpu = report.read_text().split()
            rss_mb = int(rss_kb) / 1024  # ru_maxrss is in KiB on Linux
            res.update(rc=int(rc), wall=float(wall), rss_mb=rss_mb, cpu=float(cpu))
        return res


def json_of(res: dict) -> dict | None:
    try:
        return json.loads(res["out"])
    except (json.JSONDecodeError, TypeError):
        return None


def progress(msg: str) -> None:
    note(f"[{time.strftime('%H:%M:%S')}] {msg}")


# ------------------------------------------------------------------------------ phraselint
class Phraselint:
    def __init__(self) -> None:
        exe = Path(PY).parent / "phraselint"
        self.exe = str(exe) if exe.exists() else shutil.which("phraselint")
        self.help = ""
        self.problem: str | None = None
        if not self.exe:
            self.problem = "phraselint command not found"
            return
        res = run_cmd([self.exe, "check", "--help"], timeout=60)
        self.help = res["out"]
        if res["rc"] != 0:
            self.problem = f"`phraselint check --help` failed: {res['err'].strip()[-300:]}"

    def supports(self, option: str) -> bool:
        return option in self.help

    def check(self, paths: list[str], cwd: Path, *extra: str, fmt: str | None = "json") -> dict:
        cmd = [self.exe, "check", *extra]
        if self.supports("--quiet"):
            cmd.append("--quiet")
        if fmt:
            cmd += ["--format", fmt]
        res = run_cmd(cmd + paths, cwd=cwd)
        res["json"] = json_of(res) if fmt == "json" else None
        res["ok"] = res["rc"] in (0, 1) and (fmt != "json" or res["json"] is not None)
        return res


def why(res: dict) -> str:
    text = (res.get("err") or res.get("out") or "").strip().splitlines()
    return f"exit {res.get('rc')}: " + (text[-1][:200] if text else "no output")


# ------------------------------------------------------------------------------ corpus
def ensure_corpus(corpus: Path, files: int, seed: int) -> dict:
    manifest = None
    if (corpus / "manifest.json").exists():
        manifest = load_manifest(corpus)
    digest = _current_digest(corpus)
    if (
        manifest is None
        or manifest.get("files_requested") != files
        or manifest.get("seed") != seed
        or manifest.get("packs_digest") != digest
        or manifest.get("generator_digest") != generator_digest()
        or not all((corpus / f["path"]).exists() for f in manifest["files"][:50])
    ):
        why_ = "missing" if manifest is None else "made with other settings or packs"
        progress(f"generating {files}-file corpus in {corpus} ({why_})")
        res = run_cmd(
            [PY, str(HERE / "generate.py"), "--out", str(corpus), "--files", str(files),
             "--seed", str(seed)],
        )  # fmt: skip
        sys.stderr.write(res["err"])
        if res["rc"] != 0:
            raise SystemExit(f"corpus generation failed: {why(res)}")
        manifest = load_manifest(corpus)
    return manifest


def _current_digest(corpus: Path) -> str | None:
    """packs_digest the generator would write now (without writing anything)."""
    import hashlib

    rules = rules_for_benchmark(quiet=True)
    return hashlib.sha256(
        json.dumps(
            [[r.full_id, r.phrases, r.patterns, r.bad, r.roles] for r in rules], ensure_ascii=False
        ).encode()
    ).hexdigest()[:16]


def write_small_files(dirpath: Path) -> dict[str, Path]:
    dirpath.mkdir(parents=True, exist_ok=True)
    small = {
        "en": "# Greeting\n\n"
        "Agent: Thank you for calling, my name is Emma. May I have your name, please?\n"
        "Customer: It's Laura, I would like to check my bill.\n"
        "Agent: Your bill is $29.99 this month. Is there anything else I can help you with?\n"
        "Customer: No, thanks.\n"
        "Agent: Thank you for calling, goodbye.\n",
        "zh": "# 开场白\n\n坐席：您好，欢迎致电客户服务中心，请问有什么可以帮您？\n"
        "客户：我想查询一下话费。\n坐席：您本月的话费是58元。请问还有什么可以帮助您？\n"
        "客户：没有了，谢谢。\n坐席：感谢您的来电，再见！\n",
    }
    paths = {}
    for loc, text in small.items():
        p = dirpath / f"small-{loc}.md"
        p.write_text(text, encoding="utf-8")
        paths[loc] = p
    return paths


# ------------------------------------------------------------------------------ findings
def findings_of(doc: dict | None, infos: Counter | None = None) -> list[tuple[str, int, str]]:
    """(file name, line, rule) of every finding above `info`; infos (such as "not checked:
    the transcript has start times only") are only counted, by rule, into `infos`."""
    out = []
    for f in (doc or {}).get("files", []):
        name = Path(f.get("path", "")).name
        for x in f.get("findings", []):
            if x.get("severity") == "info":
                if infos is not None:
                    infos[str(x.get("rule"))] += 1
                continue
            out.append((name, int(x.get("line") or 0), str(x.get("rule"))))
    return out


def recall(manifest: dict, found: set[tuple[str, int, str]], locales=LOCALES) -> dict:
    planted = {
        (Path(f["path"]).name, p["line"], p["rule"]): f["locale"]
        for f in manifest["files"]
        if f["locale"] in locales
        for p in f["planted"]
    }
    builtin = {loc for loc, src in manifest.get("plant_source", {}).items() if src == "builtin"}
    res: dict = {"by_locale": {}, "missing_examples": [], "missing_by_rule": Counter()}
    for loc in locales:
        keys = [k for k, lo in planted.items() if lo == loc]
        hit = [k for k in keys if k in found]
        res["by_locale"][loc] = {
            "planted": len(keys),
            "found": len(hit),
            "builtin": loc in builtin,
        }
        for k in keys:
            if k not in found:
                res["missing_by_rule"][k[2]] += 1
                if len(res["missing_examples"]) < 8:
                    res["missing_examples"].append(list(k))
    res["missing_by_rule"] = dict(res["missing_by_rule"].most_common())
    planted_lines = {(k[0], k[1]) for k in planted}
    unexpected = [k for k in found if (k[0], k[1]) not in planted_lines]
    extra = [k for k in found if (k[0], k[1]) in planted_lines and k not in planted]
    res["unexpected"] = len(unexpected)
    res["unexpected_by_rule"] = dict(Counter(k[2] for k in unexpected).most_common(8))
    res["unexpected_examples"] = [list(k) for k in sorted(unexpected)[:5]]
    res["extra_on_planted_lines"] = len(extra)
    return res


# ------------------------------------------------------------------------------ the run
def real_zh(pl: Phraselint, tsv: Path, skip: set[str], start_ms: float | None) -> dict:
    """phraselint (one process, minus its start-up) and jieba.lcut on real chats: the JDDC
    sample as one chat log per session. Its sentences rarely repeat, unlike the generated
    corpus's, so it shows what the caches are worth on real calls."""
    if "real" in skip:
        return {"skipped": "--skip real"}
    if pl.problem or not start_ms:
        return {"skipped": "phraselint not measurable"}
    if not tsv.is_file():
        return {"skipped": f"{tsv} not found"}
    files = jddc_logs(tsv, OUT / "real-jddc")
    if not files:
        return {"skipped": f"no chat turns in {tsv}"}
    progress(f"real text: {len(files)} JDDC chats, phraselint and jieba")
    jobs1 = ["--jobs", "1"] if pl.supports("--jobs") else []
    res = pl.check([str(f) for f in files], OUT, *jobs1)
    jb = json_of(run_cmd([PY, str(HERE / "baselines.py"), "jieba", "--dir", str(files[0].parent)]))
    out = {
        "source": str(tsv),
        "files": len(files),
        "bytes": sum(f.stat().st_size for f in files),
        "ok": res["ok"],
        "wall_s": res["wall"],
        "work_s": max(res["wall"] - start_ms / 1000, 1e-6),
        "jieba_work_s": (jb or {}).get("work_s"),
    }
    if res["ok"]:
        out["findings"] = len(findings_of(res["json"]))
    else:
        out["problem"] = why(res)
    if pl.supports("rjieba") and "segmenters" not in skip:
        long = unpunctuated_logs(files, OUT / "real-unpunctuated")
        out["segmenters"] = {
            "chats": segmenters(pl, files),
            "unpunctuated": segmenters(pl, long),
        }
    return out


def segmenters(pl: Phraselint, files: list[Path], rounds: int = 3) -> dict:
    """``--segmenter jieba`` and ``rjieba`` on the same files, taking turns, medians of the
    rounds (start-up included: rjieba loads its whole dictionary when it starts), and whether
    their findings agree."""
    progress(f"segmenters: jieba and rjieba on {len(files)} files ({files[0].parent.name})")
    paths = [str(f) for f in files]
    runs: dict[str, list[dict]] = {"jieba": [], "rjieba": []}
    for _ in range(rounds):
        for name, done in runs.items():
            done.append(pl.check(paths, OUT, "--jobs", "1", "--segmenter", name))
    out: dict = {"files": len(files), "bytes": sum(f.stat().st_size for f in files)}
    for name, done in runs.items():
        out[f"{name}_s"] = median_run(done, "wall")["wall"] if all(r["ok"] for r in done) else None
    firsts = [done[0] for done in runs.values()]
    out["same_findings"] = all(r["ok"] for r in firsts) and (
        findings_of(firsts[0]["json"]) == findings_of(firsts[1]["json"])
    )
    return out


def transcript_formats(
    pl: Phraselint, corpus: Path, skip: set[str], rounds: int, jobs1: list[str]
) -> dict:
    """``phraselint check`` on the same calls (the corpus's first en and zh chat logs) written
    in each transcript format (formats.py), the formats taking turns, medians of the rounds:
    what reading each format costs, and the checks that need end times, which chat logs
    (start times only) do not get."""
    if "formats" in skip:
        return {"skipped": "--skip formats"}
    if pl.problem:
        return {"skipped": "phraselint not measurable"}
    from formats import write_formats

    sets = write_formats(corpus)
    runs: dict[str, list[dict]] = {fmt: [] for fmt in sets}
    for r in range(rounds):
        progress(f"transcript formats: {len(sets)} x {len(sets['chat-log'])} calls (round {r + 1})")
        for fmt, files in sets.items():
            runs[fmt].append(pl.check([str(files[0].parent)], OUT, *jobs1))
    out = {}
    for fmt, files in sets.items():
        res = median_run(runs[fmt], "wall")
        entry = {"files": len(files), "bytes": sum(f.stat().st_size for f in files)}
        entry |= {"ok": all(x["ok"] for x in runs[fmt]), "wall_s": res["wall"]}
        entry["wall_runs_s"] = [x["wall"] for x in runs[fmt]]
        if entry["ok"]:
            found = [f for doc in res["json"].get("files", []) for f in doc.get("findings", [])]
            entry["findings"] = dict(Counter(f["severity"] for f in found))
            entry["file_errors"] = sum(1 for f in res["json"].get("files", []) if f.get("error"))
        else:
            entry["problem"] = why(next(x for x in runs[fmt] if not x["ok"]))
        out[fmt] = entry
    return out


def median_walls(cmds: list[list[str]], n: int) -> list[float]:
    """Median wall time of each command over ``n`` runs, the commands taking turns (after a
    warm-up run of each: bytecode cache, page cache), so that the machine's drift during the
    measurement weighs on all of them alike rather than on whichever ran last."""
    walls: list[list[float]] = [[] for _ in cmds]
    for cmd in cmds:
        run_cmd(cmd, timeout=120)
    for _ in range(n):
        for cmd, times in zip(cmds, walls, strict=True):
            times.append(run_cmd(cmd, timeout=120)["wall"])
    return [statistics.median(times) for times in walls]


def _halves_at_once(
    pl: Phraselint, paths: list[str], corpus: Path, extra: list[str]
) -> tuple[float, float] | None:
    """Two independent ``--jobs 1`` processes started together, one on each half of
    ``paths``: (wall until both are done, their CPU time together), or None when one failed.

    The ceiling of any two-process split of this work on this machine at this moment:
    nothing is shared and nothing is sent between them, each only starts up on its own. On a
    host whose second core is busy with a neighbour, both processes slow down here just as
    ``--jobs 2``'s do, so its ratio to ``--jobs 1`` says what the host allowed in this run."""
    half = len(paths) // 2
    with ThreadPoolExecutor(2) as pool:
        runs = list(
            pool.map(lambda part: pl.check(part, corpus, *extra), (paths[:half], paths[half:]))
        )
    if not all(r["ok"] and r["cpu"] is not None for r in runs):
        return None
    return max(r["wall"] for r in runs), sum(r["cpu"] for r in runs)


def median_run(runs: list[dict], key: str) -> dict:
    """The run whose ``key`` is the median of ``runs`` (the lower middle one of an even
    number), with every run's ``key`` as ``<key>_runs``; runs that failed or lack the
    figure are only kept when no run has it."""
    timed = sorted((x for x in runs if isinstance(x.get(key), (int, float))), key=lambda x: x[key])
    if not timed:
        return runs[0]
    chosen = dict(timed[(len(timed) - 1) // 2])
    if len(runs) > 1:
        chosen[f"{key}_runs"] = [x.get(key) for x in runs]
    return chosen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, help="corpus directory (default: benchmarks/out/…)")
    ap.add_argument("--quick", action="store_true", help="small corpus, fewer repeats (~2 min)")
    ap.add_argument("--files", type=int, help="corpus size (default 2000, --quick 300)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--big", type=int, help="files of the RSS-scaling corpus (default 10000)")
    ap.add_argument("--startup-runs", type=int, help="repeats for start-up medians (default 15)")
    ap.add_argument(
        "--rounds", type=int, help="rounds of the throughput runs, medians (default 3, --quick 1)"
    )
    ap.add_argument(
        "--skip",
        default="",
        help="comma list: textlint,proselint,api,jobs,rss,real,segmenters,formats",
    )
    ap.add_argument(
        "--real",
        type=Path,
        default=REAL_JDDC,
        help="JDDC sample (TSV) for the real-text comparison, if present (default: %(default)s)",
    )
    args = ap.parse_args(argv)
    quick = args.quick
    nfiles = args.files or (300 if quick else 2000)
    big = 0 if quick else (args.big if args.big is not None else 10000)
    corpus = args.corpus or OUT / ("corpus-quick" if quick else "corpus")
    runs = args.startup_runs or (5 if quick else 15)
    skip = set(filter(None, args.skip.split(",")))
    t_begin = time.perf_counter()
    busy0, own0 = _cpu_busy_s(), _own_cpu_s()

    manifest = ensure_corpus(corpus, nfiles, args.seed)
    by_loc = {
        loc: [f for f in manifest["files"] if f["locale"] == loc] for loc in LOCALES
    }  # manifest order = generation order
    R: dict = {
        "machine": machine(),
        "corpus": {
            "dir": str(corpus),
            "files": manifest["totals"]["files"],
            "bytes": manifest["totals"]["bytes"],
            "planted": manifest["totals"]["planted"],
            "by_locale": manifest["totals"]["by_locale"],
            "seed": manifest["seed"],
            "plant_source": manifest.get("plant_source", {}),
        },
        "quick": quick,
    }
    small = write_small_files(OUT / "small")
    pl = Phraselint()
    if not pl.problem:
        probe = pl.check([str(small["en"])], corpus)
        if not probe["ok"]:
            pl.problem = f"`phraselint check --format json small-en.md` failed ({why(probe)})"
    R["phraselint"] = {"available": pl.problem is None, "problem": pl.problem}
    if pl.problem:
        progress(f"phraselint not measurable: {pl.problem}; running the baselines only")

    # ---- start-up
    progress(f"start-up: {runs} runs each, taking turns")
    cmds = [[PY, "-c", "import click, yaml, regex"]]
    if not pl.problem:
        cmds += [[pl.exe, "check", str(small["en"])], [pl.exe, "check", str(small["zh"])]]
    medians = median_walls(cmds, runs)
    R["startup"] = {"python_import_ms": medians[0] * 1000, "runs": runs}
    if not pl.problem:
        R["startup"].update(
            {"phraselint_en_ms": medians[1] * 1000, "phraselint_zh_ms": medians[2] * 1000}
        )

    # ---- throughput: phraselint per locale (CLI) and the baselines, in rounds
    # Each round runs every command once, the commands taking turns, and each figure is the
    # median round's: one run each made a ratio hostage to whatever the machine did just
    # then (the same en CLI run took 0.50 s and 0.62 s minutes apart).
    rounds = args.rounds or (1 if quick else 3)
    jobs1 = ["--jobs", "1"] if pl.supports("--jobs") else []
    cli_runs: dict[str, list[dict]] = {loc: [] for loc in LOCALES}
    base_runs: dict[str, list[dict]] = {}

    def baseline(name: str, cmd: list[str], wall: bool = True) -> None:
        res = run_cmd(cmd)
        out = (json_of(res) or {"skipped": why(res)}) | {"rss_mb": res["rss_mb"]}
        if wall:
            out["wall_s"] = res["wall"]
        base_runs.setdefault(name, []).append(out)

    for r in range(rounds):
        tag = f" (round {r + 1} of {rounds})" if rounds > 1 else ""
        if not pl.problem:
            for loc in LOCALES:
                paths = [f["path"] for f in by_loc[loc]]
                progress(f"phraselint CLI, {loc}: {len(paths)} files{tag}")
                cli_runs[loc].append(pl.check(paths, corpus, *jobs1))
        for loc in LOCALES:
            progress(f"naive regex, {loc}{tag}")
            baseline(f"naive-{loc}", [PY, str(HERE / "baselines.py"), "naive", "--corpus",
                                      str(corpus), "--locale", loc])  # fmt: skip
        progress(f"jieba segmentation of the zh corpus (+ boundary-aware reference){tag}")
        baseline("jieba", [PY, str(HERE / "baselines.py"), "jieba", "--corpus", str(corpus)])
        if "textlint" not in skip:
            progress(f"textlint + prh, en{tag}")
            cmd = [PY, str(HERE / "baselines.py"), "textlint", "--corpus", str(corpus)]
            baseline("textlint", cmd + (["--limit", "100"] if quick else []), wall=False)

    R["cli"] = {}
    all_found: set = set()
    infos: Counter = Counter()
    if not pl.problem:
        for loc in LOCALES:
            res = median_run(cli_runs[loc], "wall")
            entry = {
                "files": len(by_loc[loc]),
                "bytes": sum(f["bytes"] for f in by_loc[loc]),
                "wall_s": res["wall"],
                "wall_runs_s": [x["wall"] for x in cli_runs[loc]],
                "rss_mb": res["rss_mb"],
                "ok": all(x["ok"] for x in cli_runs[loc]),
            }
            if entry["ok"]:
                found = findings_of(res["json"], infos)
                entry["findings"] = len(found)
                entry["files_reported"] = len(res["json"].get("files", []))
                entry["file_errors"] = sum(
                    1 for f in res["json"].get("files", []) if f.get("error")
                )
                all_found |= set(found)
            else:
                entry["problem"] = why(next(x for x in cli_runs[loc] if not x["ok"]))
            R["cli"][loc] = entry
        R["recall"] = recall(manifest, all_found)
        R["recall"]["infos_by_rule"] = dict(infos.most_common())
        if pl.supports("rjieba"):  # the optional faster segmenter, for information
            paths = [f["path"] for f in by_loc["zh"]]
            progress(f"phraselint CLI, zh --segmenter rjieba: {len(paths)} files")
            res = pl.check(paths, corpus, *jobs1, "--segmenter", "rjieba")
            found = sorted(k for k in findings_of(res["json"]) if k[0].startswith("zh"))
            zh_default = sorted(k for k in all_found if k[0].startswith("zh"))
            R["cli"]["zh-rjieba"] = {
                "files": len(paths),
                "bytes": sum(f["bytes"] for f in by_loc["zh"]),
                "wall_s": res["wall"],
                "rss_mb": res["rss_mb"],
                "ok": res["ok"],
                "same_findings_as_jieba": res["ok"] and found == zh_default,
            }
            if not res["ok"]:
                R["cli"]["zh-rjieba"]["problem"] = why(res)
    R["naive"] = {loc: median_run(base_runs[f"naive-{loc}"], "work_s") for loc in LOCALES}
    R["jieba"] = median_run(base_runs["jieba"], "work_s")
    if "textlint" in base_runs:
        R["textlint"] = median_run(base_runs["textlint"], "wall_s")

    # ---- library API (steady state, after a warm-up file)
    R["api"] = {}
    if not pl.problem and "api" not in skip:
        for loc in LOCALES:
            progress(f"phraselint.lint_paths, {loc}")
            res = run_cmd([PY, str(HERE / "baselines.py"), "api", "--corpus", str(corpus),
                           "--locale", loc])  # fmt: skip
            R["api"][loc] = json_of(res) or {"skipped": why(res)}
            R["api"][loc]["rss_mb"] = res["rss_mb"]

    if "proselint" not in skip:  # information only (its own checks): one run
        progress("proselint, en")
        cmd = [PY, str(HERE / "baselines.py"), "proselint", "--corpus", str(corpus)]
        res = run_cmd(cmd + (["--limit", "50"] if quick else []))
        R["proselint"] = (json_of(res) or {"skipped": why(res)}) | {
            "wall_s": res["wall"],
            "rss_mb": res["rss_mb"],
        }

    # ---- real Chinese text, and the same calls in each transcript format (information)
    R["real_zh"] = real_zh(pl, args.real, skip, R["startup"].get("phraselint_zh_ms"))
    R["formats"] = transcript_formats(pl, corpus, skip, rounds, jobs1)

    # ---- zh findings: phraselint against the jieba reference
    ref = R["jieba"].get("reference")
    if ref and not pl.problem and R["cli"].get("zh", {}).get("ok"):
        rules = set(ref["rules"])
        mine = {k for k in all_found if k[2] in rules}
        theirs = {tuple(x) for x in ref["findings"]}
        R["zh_reference"] = {
            "rules": len(rules),
            "reference": len(theirs),
            "phraselint": len(mine),
            "both": len(mine & theirs),
            "only_phraselint": sorted(mine - theirs)[:8],
            "only_reference": sorted(theirs - mine)[:8],
            "n_only_phraselint": len(mine - theirs),
            "n_only_reference": len(theirs - mine),
        }
    R["jieba"].pop("reference", None)

    # ---- --jobs 1 vs --jobs 2
    all_paths = [f["path"] for f in manifest["files"]]
    total_bytes = manifest["totals"]["bytes"]
    if pl.problem or "jobs" in skip:
        R["jobs"] = {"skipped": "phraselint not measurable" if pl.problem else "--skip jobs"}
    elif not pl.supports("--jobs"):
        R["jobs"] = {"skipped": "n/a (option missing: --jobs)"}
    else:
        # One run of each is at the mercy of the machine's moods (this kind of VM
        # moves by 20%): the runs alternate, and each N keeps its median. Five, not three:
        # --jobs 2 needs both cores, and on this kind of host a run either gets them (the
        # two processes' CPU time adds up to --jobs 1's, plus a few %) or finds one shared
        # with a neighbour, its processes each taking up to half again as much CPU time.
        reps = 1 if quick else 5
        R["jobs"] = {"files": len(all_paths), "bytes": total_bytes, "runs": reps}
        outs: dict[int, list | None] = {}
        walls: dict[int, list[float]] = {1: [], 2: []}
        cpus: dict[int, list[float | None]] = {1: [], 2: []}
        halves: list[tuple[float, float] | None] = []
        for rep in range(reps):
            for j in (1, 2):
                progress(f"--jobs {j}: {len(all_paths)} files (run {rep + 1} of {reps})")
                res = pl.check(all_paths, corpus, "--jobs", str(j))
                walls[j].append(res["wall"])
                cpus[j].append(res["cpu"])  # None when the run did not report
                rss = R["jobs"].get(f"jobs{j}_rss_mb", 0)
                R["jobs"][f"jobs{j}_rss_mb"] = max(res["rss_mb"], rss)
                ok = res["ok"] and R["jobs"].get(f"jobs{j}_ok", True)
                R["jobs"][f"jobs{j}_ok"] = ok
                if not res["ok"]:
                    R["jobs"][f"jobs{j}_problem"] = why(res)
                found = sorted(findings_of(res["json"])) if res["ok"] else None
                if rep == 0:
                    outs[j] = found
                elif found != outs[j]:
                    outs[j] = None  # a run gave other findings than the first
            progress(f"two --jobs 1 processes at once, each on half the files (run {rep + 1})")
            halves.append(_halves_at_once(pl, all_paths, corpus, jobs1))
        for j in (1, 2):
            R["jobs"][f"jobs{j}_s"] = statistics.median(walls[j])
            R["jobs"][f"jobs{j}_runs_s"] = walls[j]
            R["jobs"][f"jobs{j}_cpu_runs_s"] = cpus[j]
        R["jobs"]["same_findings"] = outs[1] is not None and outs[1] == outs[2]
        done = [h for h in halves if h]
        if done:
            R["jobs"]["halves_s"] = statistics.median(w for w, _ in done)
            R["jobs"]["halves_runs"] = done
            R["jobs"]["ceiling_x"] = R["jobs"]["jobs1_s"] / R["jobs"]["halves_s"]
            # each --jobs 2 run against the halves run right after it: the same mood of the host
            R["jobs"]["jobs2_over_halves"] = statistics.median(
                two / h[0] for two, h in zip(walls[2], halves, strict=True) if h
            )

    # ---- peak RSS at 1,000 and 10,000 files (Chinese present)
    R["rss"] = {}
    if not pl.problem and "rss" not in skip:
        sets = [("1000", corpus, manifest["files"][:1000])]
        if big:
            big_dir = corpus.parent / f"{corpus.name}-{big // 1000}k"
            big_manifest = ensure_corpus(big_dir, big, args.seed)
            sets.append((str(big), big_dir, big_manifest["files"]))
        # a streaming format first (output cannot hold memory), then the one-object JSON
        formats = (["jsonl"] if pl.supports("jsonl") else []) + ["json"]
        for fmt in formats:
            R["rss"][fmt] = {}
            for label, cdir, files in sets:
                progress(f"peak RSS: {len(files)} files, --format {fmt}")
                res = pl.check([f["path"] for f in files], cdir, *jobs1, fmt=fmt)
                R["rss"][fmt][label] = {
                    "files": len(files),
                    "zh_files": sum(1 for f in files if f["locale"] == "zh"),
                    "bytes": sum(f["bytes"] for f in files),
                    "rss_mb": res["rss_mb"],
                    "wall_s": res["wall"],
                    "ok": res["rc"] in (0, 1),
                }
                if res["rc"] not in (0, 1):
                    R["rss"][fmt][label]["problem"] = why(res)

    R["elapsed_s"] = time.perf_counter() - t_begin
    R["machine"]["load_end"] = _load()
    busy1 = _cpu_busy_s()
    if busy0 is not None and busy1 is not None:
        others = max(0.0, (busy1 - busy0) - (_own_cpu_s() - own0))
        R["machine"]["others_cpu_s"] = others
        R["machine"]["others_share"] = others / (R["elapsed_s"] * (os.cpu_count() or 1))
    R["targets"] = targets(R, quick)
    OUT.mkdir(exist_ok=True)
    text = json.dumps(R, ensure_ascii=False, indent=1, default=list)
    (OUT / "results-latest.json").write_text(text, encoding="utf-8")
    (OUT / f"results-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(text, encoding="utf-8")
    print(report(R))
    return 0


def machine() -> dict:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "load_start": _load(),
        "os": f"{platform.system()} {platform.machine()}",
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
    }


def _cpu_busy_s() -> float | None:
    """CPU-seconds all processes on the machine have used since boot (from /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return None


def _own_cpu_s() -> float:
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        u = resource.getrusage(who)
        total += u.ru_utime + u.ru_stime
    return total


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


# ------------------------------------------------------------------------------ targets
def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def _work_s(R: dict, loc: str) -> tuple[float | None, str]:
    """phraselint's steady-state time on a locale's files: the single-process CLI run's wall
    time minus the CLI's start-up on a small file of that locale (which includes loading
    and compiling the packs, and for zh loading jieba). Without those, the library API after
    a warm-up file (lint_paths picks its own worker count and keeps the documents)."""
    cli = R.get("cli", {}).get(loc, {})
    start = R.get("startup", {}).get("phraselint_zh_ms" if loc == "zh" else "phraselint_en_ms")
    if cli.get("ok") and start:
        return max(cli["wall_s"] - start / 1000, 1e-6), "CLI wall minus its start-up"
    api = R.get("api", {}).get(loc, {})
    if api.get("work_s"):
        return api["work_s"], "library API, after warm-up"
    return None, "n/a"


def _cpu_note(jobs: dict) -> str:
    """The CPU time --jobs 2 took over --jobs 1's, medians: what parallel running costs in
    work (the walls' ratio says what it gains in time)."""
    one, two = ([c for c in jobs.get(f"jobs{n}_cpu_runs_s", []) if c] for n in (1, 2))
    if not one or not two:
        return ""
    extra = statistics.median(two) / statistics.median(one) - 1
    return f"; CPU time {extra:+.0%} over --jobs 1"


def targets(R: dict, quick: bool) -> list[dict]:
    T = []
    na = "phraselint not measurable (see above)" if R["phraselint"]["problem"] else None

    def add(name, status, detail):
        T.append({"target": name, "status": status, "detail": detail})

    # Chinese vs jieba
    jb = R.get("jieba", {})
    work, how = _work_s(R, "zh")
    name = "zh: >=5x faster than jieba segmentation, same findings as boundary-aware matching"
    if na or not work or not jb.get("work_s"):
        add(name, "n/a", na or "no measurement")
    else:
        r = jb["work_s"] / work
        ref = R.get("zh_reference", {})
        same = ref and ref["n_only_phraselint"] == 0 and ref["n_only_reference"] == 0
        add(
            name,
            "PASS" if r >= 5 and same else "FAIL",
            f"{r:.1f}x (jieba.lcut {jb['work_s']:.2f} s vs phraselint {work:.2f} s, {how}); "
            f"findings vs jieba reference: {ref.get('both', 0)} shared, "
            f"{ref.get('n_only_phraselint', '?')} only phraselint, "
            f"{ref.get('n_only_reference', '?')} only reference",
        )
    # English vs textlint
    tl_ = R.get("textlint", {})
    cli = R.get("cli", {}).get("en", {})
    name = "en: >=10x textlint + prh (end to end, same files)"
    if na or not cli.get("ok") or not tl_.get("wall_s"):
        add(name, "n/a", na or tl_.get("skipped") or "no measurement")
    else:
        # textlint may have run on the first N files only (--quick): compare MB/s
        r = (mb(cli["bytes"]) / cli["wall_s"]) / (mb(tl_["bytes"]) / tl_["wall_s"])
        add(
            name,
            "PASS" if r >= 10 else "FAIL",
            f"{r:.1f}x ({mb(cli['bytes']) / cli['wall_s']:.2f} MB/s vs "
            f"{mb(tl_['bytes']) / tl_['wall_s']:.2f} MB/s)",
        )
    # English vs naive
    nv = R.get("naive", {}).get("en", {})
    work, how = _work_s(R, "en")
    name = "en: no slower than the naive one-regex matcher"
    if na or not work or not nv.get("work_s"):
        add(name, "n/a", na or "no measurement")
    else:
        r = nv["work_s"] / work
        add(
            name,
            "PASS" if r >= 1 else "FAIL",
            f"{r:.2f}x (naive {nv['work_s']:.2f} s vs phraselint {work:.2f} s, {how})",
        )
    # start-up
    st = R.get("startup", {})
    name = 'one small en file: < 1.5x `python -c "import click, yaml, regex"`'
    if na or not st.get("phraselint_en_ms"):
        add(name, "n/a", na or "no measurement")
    else:
        r = st["phraselint_en_ms"] / st["python_import_ms"]
        add(
            name,
            "PASS" if r < 1.5 else "FAIL",
            f"{r:.2f}x ({st['phraselint_en_ms']:.0f} ms vs {st['python_import_ms']:.0f} ms, "
            f"median of {st['runs']})",
        )
    # jobs
    jb2 = R.get("jobs", {})
    name = "--jobs 2: >=1.7x the --jobs 1 throughput on 2,000 files"
    if jb2.get("skipped"):
        add(name, "n/a", jb2["skipped"])
    elif not (jb2.get("jobs1_ok") and jb2.get("jobs2_ok")):
        add(name, "FAIL", jb2.get("jobs1_problem") or jb2.get("jobs2_problem") or "failed")
    else:
        r = jb2["jobs1_s"] / jb2["jobs2_s"]
        small = "" if jb2["files"] >= 2000 else f" (on {jb2['files']} files only)"
        add(
            name,
            ("PASS" if r >= 1.7 and jb2["same_findings"] else "FAIL")
            if jb2["files"] >= 2000
            else "n/a",
            f"{r:.2f}x ({jb2['jobs1_s']:.2f} s vs {jb2['jobs2_s']:.2f} s, "
            f"median of {jb2.get('runs', 1)}){small}; "
            f"same findings: {'yes' if jb2['same_findings'] else 'NO'}{_cpu_note(jb2)}"
            + (
                f"; two --jobs 1 processes at once on the halves: "
                f"{jb2['ceiling_x']:.2f}x (this host's ceiling in this run), "
                f"--jobs 2 taking {jb2['jobs2_over_halves']:.2f}x their time (median per run)"
                if jb2.get("halves_s")
                else ""
            ),
        )
    # RSS
    name = "peak RSS < 250 MB with Chinese loaded, the same at 1,000 and 10,000 files"
    fmts = R.get("rss", {})
    fmt = "jsonl" if "jsonl" in fmts else "json"
    rss = fmts.get(fmt, {})
    if na or not rss:
        add(name, "n/a", na or "not measured")
    elif "10000" not in rss:
        v = rss.get("1000", {})
        add(name, "n/a", f"{v.get('files')} files: {v.get('rss_mb', 0):.0f} MB; 10,000 not run")
    else:
        a, b = rss["1000"]["rss_mb"], rss["10000"]["rss_mb"]
        same = b <= a + max(0.1 * a, 10)
        ok = rss["1000"]["ok"] and rss["10000"]["ok"]
        other = ""
        if fmt == "jsonl" and "10000" in fmts.get("json", {}):
            j = fmts["json"]
            other = (
                f"; with --format json: {j['1000']['rss_mb']:.0f} MB and "
                f"{j['10000']['rss_mb']:.0f} MB"
            )
        add(
            name,
            "PASS" if ok and a < 250 and b < 250 and same else "FAIL",
            f"--format {fmt}: {a:.0f} MB at 1,000 files, {b:.0f} MB at 10,000 files "
            f"({'same' if same else 'grows'}: allowed +max(10%, 10 MB))"
            + ("" if ok else "; a run failed")
            + other,
        )
    # recall
    rc = R.get("recall")
    name = "every planted (file, line, rule) found"
    if na or not rc:
        add(name, "n/a", na or "no measurement")
    else:
        pack_locs = {k: v for k, v in rc["by_locale"].items() if not v["builtin"]}
        planted = sum(v["planted"] for v in pack_locs.values())
        found = sum(v["found"] for v in pack_locs.values())
        skipped = [k for k, v in rc["by_locale"].items() if v["builtin"]]
        add(
            name,
            "PASS" if found == planted and planted else ("n/a" if not planted else "FAIL"),
            f"{found}/{planted}"
            + (
                f"; {', '.join(skipped)} planted from the built-in list (no packs)"
                if skipped
                else ""
            ),
        )
    return T


# ------------------------------------------------------------------------------ report
def report(R: dict) -> str:
    c = R["corpus"]
    m = R["machine"]
    lines = [
        f"phraselint benchmark: {c['files']} files, {mb(c['bytes']):.2f} MB, "
        f"{c['planted']} planted violations, seed {c['seed']}"
        + (" (--quick)" if R["quick"] else ""),
        "  "
        + ", ".join(
            f"{loc} {v['files']} files / {mb(v['bytes']):.2f} MB"
            for loc, v in c["by_locale"].items()
        ),
        f"machine: {m['os']}, {m['cpus']} cores ({m['cpu']}), {m['memory']}, "
        f"Python {m['python']}; whole run {R['elapsed_s']:.0f} s",
        f"load average (1, 5, 15 min) at start {m['load_start']}, at end {m['load_end']}",
    ]
    share = m.get("others_share")
    if share is not None:
        lines.append(
            f"other processes used {m['others_cpu_s']:.0f} CPU-seconds during the run "
            f"({share:.0%} of the machine)"
        )
        if share > 0.10:
            lines.append(
                "WARNING: the machine was busy with other work: times are inflated and --jobs "
                "cannot scale; re-run on an idle machine before trusting the ratios"
            )
    lines.append("")
    if R["phraselint"]["problem"]:
        lines += [f"phraselint: n/a ({R['phraselint']['problem']})", ""]
    hdr = f"{'what':<44} {'files':>6} {'MB':>6} {'time s':>8} {'MB/s':>7} {'files/s':>8}"
    hdr += f" {'RSS MB':>7}"
    rounds = len(R.get("cli", {}).get("en", {}).get("wall_runs_s") or [1])
    title = "Throughput"
    if rounds > 1:
        title += f" (median of {rounds} rounds, the commands taking turns)"
    lines += [title, hdr, "-" * len(hdr)]

    def row(name, files, nbytes, secs, rss=None):
        if not secs:
            return f"{name:<44} {'n/a':>6}"
        return (
            f"{name:<44} {files:>6} {mb(nbytes):>6.2f} {secs:>8.3f} {mb(nbytes) / secs:>7.2f} "
            f"{files / secs:>8.0f} {(f'{rss:.0f}' if rss else ''):>7}"
        )

    for loc in LOCALES:
        v = R.get("cli", {}).get(loc)
        if v and v.get("ok"):
            lines.append(row(f"phraselint CLI {loc} (end to end)", v["files"], v["bytes"],
                             v["wall_s"], v["rss_mb"]))  # fmt: skip
        work, how = _work_s(R, loc)
        if v and v.get("ok") and work and how.startswith("CLI"):
            lines.append(row(f"  {loc} steady state (CLI minus start-up)", v["files"],
                             v["bytes"], work))  # fmt: skip
        v = R.get("cli", {}).get(f"{loc}-rjieba")
        if v and v.get("ok"):
            same = "same findings" if v["same_findings_as_jieba"] else "DIFFERENT findings"
            lines.append(row(f"phraselint CLI {loc} --segmenter rjieba", v["files"], v["bytes"],
                             v["wall_s"], v["rss_mb"]) + f"  ({same})")  # fmt: skip
        a = R.get("api", {}).get(loc, {})
        if a.get("work_s"):
            lines.append(row(f"phraselint.lint_paths {loc} (warm, default jobs)", a["files"],
                             a["bytes"], a["work_s"], a.get("rss_mb")))  # fmt: skip
        n = R.get("naive", {}).get(loc, {})
        if n.get("work_s"):
            lines.append(row(f"naive one-regex {loc} (matching only)", n["files"], n["bytes"],
                             n["work_s"], n.get("rss_mb")))  # fmt: skip
        if loc == "zh" and R.get("jieba", {}).get("work_s"):
            j = R["jieba"]
            lines.append(row("jieba.lcut zh (after import+init)", j["files"], j["bytes"],
                             j["work_s"], j.get("rss_mb")))  # fmt: skip
            lines.append(f"{'  jieba import / init s':<44} {j['import_s']:.2f} / {j['init_s']:.2f}")
        if loc == "en":
            for key, label in (("textlint", "textlint + prh en (end to end)"),
                               ("proselint", "proselint en (checks only)")):  # fmt: skip
                v = R.get(key, {})
                secs = v.get("wall_s") if key == "textlint" else v.get("work_s")
                if secs:
                    lines.append(row(label, v["files"], v["bytes"], secs, v.get("rss_mb")))
                elif v.get("skipped"):
                    lines.append(f"{label:<44} skipped: {v['skipped']}")
    fm = R.get("formats", {})
    if fm.get("chat-log", {}).get("ok"):
        base = fm["chat-log"]["wall_s"]
        title = f"The same {fm['chat-log']['files']} calls (en, zh) in each transcript format"
        title += " (end to end, --jobs 1; not a target)"
        lines += ["", title, hdr + "  x chat log", "-" * len(hdr)]
        for fmt, v in fm.items():
            if v.get("ok"):
                lines.append(row(f"  {fmt}", v["files"], v["bytes"], v["wall_s"])
                             + f"  {v['wall_s'] / base:>5.2f}x")  # fmt: skip
            else:
                lines.append(f"  {fmt:<42} failed: {v.get('problem')}")
    st = R.get("startup", {})
    lines += ["", "Start-up (median)"]
    lines.append(f"  python -c 'import click, yaml, regex': {st.get('python_import_ms', 0):.0f} ms")
    if st.get("phraselint_en_ms"):
        lines.append(f"  phraselint check small-en.md:          {st['phraselint_en_ms']:.0f} ms")
        lines.append(f"  phraselint check small-zh.md:          {st['phraselint_zh_ms']:.0f} ms")
    if R.get("jobs") and not R["jobs"].get("skipped"):
        j = R["jobs"]
        runs = f", median of {j.get('runs', 1)} alternating runs"
        lines += ["", f"--jobs on {j['files']} files ({mb(j['bytes']):.2f} MB{runs})"]
        for n in (1, 2):
            if j.get(f"jobs{n}_ok"):
                lines.append(row(f"  --jobs {n}", j["files"], j["bytes"], j[f"jobs{n}_s"],
                                 j[f"jobs{n}_rss_mb"]))  # fmt: skip
        for n in (1, 2):
            walls, cpus = j.get(f"jobs{n}_runs_s", []), j.get(f"jobs{n}_cpu_runs_s", [])
            each = ", ".join(
                f"{w:.2f}/{c:.2f}" if c else f"{w:.2f}/?" for w, c in zip(walls, cpus, strict=True)
            )
            if each:
                lines.append(f"  --jobs {n} runs, wall/CPU s: {each}")
        if j.get("halves_s"):
            each = ", ".join(f"{w:.2f}/{c:.2f}" for w, c in j["halves_runs"])
            lines.append(
                f"  two --jobs 1 at once, {j['files'] // 2:,} files each: {j['halves_s']:.3f} s "
                f"({j['ceiling_x']:.2f}x --jobs 1); runs, wall/CPU s: {each}"
            )
    if R.get("rss"):
        lines += ["", "Peak RSS (one process, --jobs 1 where supported)"]
        for fmt, runs in R["rss"].items():
            for v in runs.values():
                lines.append(
                    f"  --format {fmt:<5} {v['files']:>6} files ({v['zh_files']} zh, "
                    f"{mb(v['bytes']):.1f} MB): {v['rss_mb']:.0f} MB in {v['wall_s']:.1f} s"
                    + ("" if v["ok"] else " (FAILED)")
                )
    rc = R.get("recall")
    if rc:
        lines += ["", "Planted violations (CLI, per-locale runs)"]
        for loc, v in rc["by_locale"].items():
            extra = " (built-in fallback phrases: not in any pack)" if v["builtin"] else ""
            lines.append(f"  {loc}: {v['found']}/{v['planted']} found{extra}")
        if rc["missing_by_rule"]:
            lines.append(f"  missed, by rule: {rc['missing_by_rule']}")
            lines.append(f"  e.g. {rc['missing_examples'][:4]}")
        lines.append(
            f"  findings on filler lines (unexpected, not a failure): {rc['unexpected']}"
            + (f" {rc['unexpected_by_rule']}" if rc["unexpected"] else "")
        )
        lines.append(f"  other rules also firing on planted lines: {rc['extra_on_planted_lines']}")
        if rc.get("infos_by_rule"):
            lines.append(f"  info notes (not counted above): {rc['infos_by_rule']}")
    zr = R.get("zh_reference")
    if zr:
        lines += [
            "",
            f"zh findings vs jieba boundary-aware reference ({zr['rules']} plain-phrase rules): "
            f"{zr['both']} shared, {zr['n_only_phraselint']} only phraselint, "
            f"{zr['n_only_reference']} only reference",
        ]
        if zr["only_phraselint"]:
            lines.append(f"  only phraselint, e.g. {zr['only_phraselint'][:3]}")
        if zr["only_reference"]:
            lines.append(f"  only reference, e.g. {zr['only_reference'][:3]}")
    real = R.get("real_zh", {})
    if real.get("ok") and real.get("jieba_work_s"):
        lines += [
            "",
            f"Real text, not a target: {real['files']} JDDC chats ({mb(real['bytes']):.2f} MB), "
            f"zh; jieba.lcut {real['jieba_work_s']:.2f} s vs phraselint {real['work_s']:.2f} s "
            f"(CLI wall minus its start-up): {real['jieba_work_s'] / real['work_s']:.1f}x",
        ]
    elif real:
        lines += ["", f"Real text: {real.get('skipped') or real.get('problem')}"]
    for name, seg in real.get("segmenters", {}).items():
        what = {"chats": "the same chats", "unpunctuated": "their agent turns unpunctuated"}[name]
        if seg["jieba_s"] and seg["rjieba_s"]:
            same = "same findings" if seg["same_findings"] else "DIFFERENT findings"
            lines.append(
                f"  --segmenter, {what} ({seg['files']} files, {mb(seg['bytes']):.2f} MB): "
                f"jieba {seg['jieba_s']:.2f} s, rjieba {seg['rjieba_s']:.2f} s "
                f"(end to end; {same})"
            )
    lines += ["", "Targets"]
    for t in R["targets"]:
        lines.append(f"  [{t['status']:<4}] {t['target']}")
        lines.append(f"         {t['detail']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
