"""Baselines that phraselint is timed against, each run as its own process by run.py.

    python benchmarks/baselines.py naive     --corpus DIR --locale en
    python benchmarks/baselines.py jieba     --corpus DIR            # zh files
    python benchmarks/baselines.py jieba     --dir DIR               # every file of DIR
    python benchmarks/baselines.py textlint  --corpus DIR [--limit N] # en files, textlint + prh
    python benchmarks/baselines.py proselint --corpus DIR [--limit N] # en files
    python benchmarks/baselines.py api       --corpus DIR --locale zh # phraselint.lint_paths

Each prints one JSON object on stdout: sizes, times in seconds (import / init / work kept
apart), and match counts; or {"skipped": "<why>"} when the tool is not available.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

T_START = time.perf_counter()
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    LATIN,
    OUT,
    corpus_files,
    load_locale_specs,
    load_manifest,
    rules_for_benchmark,
)


def _files(args, locale: str) -> tuple[list[Path], dict]:
    if args.dir:  # a directory of files outside the generated corpus (real text)
        return sorted(args.dir.iterdir()), {}
    manifest = load_manifest(args.corpus)
    files = corpus_files(args.corpus, manifest, locale)
    if args.limit:
        files = files[: args.limit]
    return files, manifest


def _phrases(locale: str) -> list[str]:
    rules = rules_for_benchmark(quiet=True)
    return sorted({p for r in rules if r.locale == locale for p in r.phrases})


# ------------------------------------------------------------------------------ (a) naive
def naive(args) -> dict:
    """One flat alternation of all forbidden phrases of the locale, casefolded text."""
    import re

    files, manifest = _files(args, args.locale)
    phrases = _phrases(args.locale)
    t0 = time.perf_counter()
    alt = "|".join(re.escape(p.casefold()) for p in sorted(phrases, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alt})\b" if args.locale in LATIN else f"(?:{alt})")
    t1 = time.perf_counter()
    nbytes = matches = 0
    hits: dict[str, list[int]] = {}
    for path in files:
        data = path.read_bytes()
        nbytes += len(data)
        text = data.decode("utf-8").casefold()
        starts = [m.start() for m in pattern.finditer(text)]
        matches += len(starts)
        if starts:
            hits[path.name] = (text, starts)
    t2 = time.perf_counter()
    # recall against the manifest (not timed): is there a match on every planted line?
    lines_hit = set()
    for name, (text, starts) in hits.items():
        nl = [i for i, c in enumerate(text) if c == "\n"]
        for s in starts:
            lines_hit.add((name, bisect.bisect_left(nl, s) + 1))
    chosen = {p.name for p in files}
    planted = [
        (Path(f["path"]).name, p["line"])
        for f in manifest["files"]
        if f["locale"] == args.locale and Path(f["path"]).name in chosen
        for p in f["planted"]
    ]
    found = sum(1 for key in planted if key in lines_hit)
    return {
        "tool": "naive",
        "locale": args.locale,
        "engine": "re (stdlib), flat alternation" + (r", \b" if args.locale in LATIN else ""),
        "phrases": len(phrases),
        "files": len(files),
        "bytes": nbytes,
        "import_s": t0 - T_START,
        "compile_s": t1 - t0,
        "work_s": t2 - t1,
        "matches": matches,
        "planted": len(planted),
        "planted_hit": found,
    }


# ------------------------------------------------------------------------------ (b) jieba
def _parse_turn(line: str, labels: dict[str, str]) -> tuple[str | None, int]:
    """Role of a corpus line and where its text starts (chat stamps and labels stripped)."""
    i = 0
    if line.startswith("["):
        i = line.find("]") + 1
    elif len(line) > 8 and line[2] == ":" and line[5] == ":":
        i = 8
    while i < len(line) and line[i] == " ":
        i += 1
    for label, role in labels.items():
        if line.startswith(label, i):
            j = i + len(label)
            if j < len(line) and line[j] in ":：":
                j += 1
                while j < len(line) and line[j] == " ":
                    j += 1
                return role, j
    return None, 0


def jieba_run(args) -> dict:
    """Time jieba.lcut over every zh file (import and initialisation timed apart), then use
    the same segmentation as a reference for the boundary-aware findings (not timed)."""
    files, _ = _files(args, "zh")
    texts = [p.read_text(encoding="utf-8") for p in files]
    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    t0 = time.perf_counter()
    import logging

    import jieba

    jieba.setLogLevel(logging.CRITICAL)
    t1 = time.perf_counter()
    jieba.initialize()
    t2 = time.perf_counter()
    tokens = 0
    for text in texts:
        tokens += len(jieba.lcut(text, HMM=args.hmm))
    t3 = time.perf_counter()
    out = {
        "tool": "jieba",
        "locale": "zh",
        "engine": f"jieba.lcut(file_text, HMM={args.hmm}) per file",
        "files": len(files),
        "bytes": nbytes,
        "chars": sum(len(t) for t in texts),
        "import_s": t1 - t0,
        "init_s": t2 - t1,
        "work_s": t3 - t2,
        "tokens": tokens,
    }
    if not (args.no_reference or args.dir):
        t4 = time.perf_counter()
        out["reference"] = jieba_reference(files, texts)
        out["reference_s"] = time.perf_counter() - t4
    return out


def jieba_reference(files: list[Path], texts: list[str]) -> dict:
    """Findings of the zh forbidden rules by the slow, obvious method: segment each turn with
    jieba and keep the phrase occurrences whose edges fall on token boundaries, or inside a
    token whose part outside the match is only `boundary.transparent_*` characters (see
    locales/zh/locale.yaml). Punctuation and spaces are ignored when matching; Traditional text
    goes through OpenCC t2s first. As documented in phraselint/rules/forbidden.py, a match
    inside one of the rule's exceptions or inside text that already is its replacement is not
    reported, a match strictly inside a longer match of another rule is dropped, and
    `anchor: sentence-start` rules only match at the start of a turn or sentence. Rules with
    regex patterns or other conditions are not covered."""
    import jieba

    spec = load_locale_specs().get("zh", {})
    labels = {name: role for role, names in (spec.get("speakers") or {}).items() for name in names}
    labels = dict(sorted(labels.items(), key=lambda kv: -len(kv[0])))  # longest label first
    boundary = spec.get("boundary") or {}
    t_after = set(boundary.get("transparent_after") or ())
    t_before = set(boundary.get("transparent_before") or ())
    try:
        import opencc

        t2s = opencc.OpenCC("t2s").convert
    except Exception:  # noqa: BLE001 - without opencc the corpus (Simplified) is unchanged
        t2s = None
    rules = [r for r in rules_for_benchmark(quiet=True) if r.locale == "zh" and r.simple]
    compiled = []
    for r in rules:
        keys = {_compact(_norm(p, t2s))[0] for p in r.phrases} - {""}
        shields = {_compact(_norm(p, t2s))[0] for p in r.replacements + r.exceptions} - {""}
        compiled.append((r, sorted(keys), sorted(shields)))
    found = []
    for path, text in zip(files, texts, strict=True):
        for lineno, line in enumerate(text.split("\n"), 1):
            role, start = _parse_turn(line, labels)
            body = _norm(line[start:], t2s)
            if not body:
                continue
            compact, cmap = _compact(body)
            bounds = None
            spans = []  # (start, end, rule) in body offsets
            for r, keys, shields in compiled:
                if role is None and r.roles or role is not None and r.roles and role not in r.roles:
                    continue
                guard = [(g, g + len(k)) for k in shields for g in _find_all(compact, k)]
                for key in keys:
                    for i in _find_all(compact, key):
                        j = i + len(key)
                        if any(a <= i and j <= b for a, b in guard):
                            continue  # inside text that already is the replacement
                        if bounds is None:
                            bounds = _token_spans(jieba.lcut(body, HMM=False))
                        s, e = cmap[i], cmap[j - 1] + 1
                        if not _at_anchor(body, s, r.anchor):
                            continue
                        if _edge_ok(bounds, body, s, t_before, True) and _edge_ok(
                            bounds, body, e, t_after, False
                        ):
                            spans.append((s, e, r.full_id))
            # a match strictly inside a longer match of another rule is dropped
            rules_here = {
                rid
                for s, e, rid in spans
                if not any(
                    s2 <= s and e <= e2 and e2 - s2 > e - s and rid2 != rid
                    for s2, e2, rid2 in spans
                )
            }
            found += [[path.name, lineno, rid] for rid in sorted(rules_here)]
    return {
        "rules": sorted(r.full_id for r in rules),
        "findings": found,
        "hmm": False,
    }


_OPENERS = frozenset(" \t\"'([{*_>-#•–—¿¡\u3000\u300a\u3008\u3010\ufe43")
_STRONG = frozenset(".!?;。!?;…")


def _at_anchor(text: str, start: int, anchor: str | None) -> bool:
    """`anchor: sentence-start`: only what opens a sentence may precede the match since the
    turn start or a sentence end; any other anchor value: the turn start."""
    if not anchor:
        return True
    i = start - 1
    while i >= 0 and (text[i] in _OPENERS or text[i].isspace()):
        i -= 1
    return i < 0 or (anchor == "sentence-start" and text[i] in _STRONG)


def _find_all(text: str, key: str):
    i = text.find(key)
    while i >= 0:
        yield i
        i = text.find(key, i + 1)


def _norm(text: str, t2s) -> str:
    """NFKC character by character (length kept), casefold, Traditional to Simplified."""
    out = []
    for c in text:
        n = unicodedata.normalize("NFKC", c).casefold()
        out.append(n if len(n) == 1 else c)
    s = "".join(out)
    if t2s is not None:
        conv = t2s(s)
        if len(conv) == len(s):
            s = conv
    return s


def _compact(text: str) -> tuple[str, list[int]]:
    keep = [(i, c) for i, c in enumerate(text) if c.isalnum()]
    return "".join(c for _, c in keep), [i for i, _ in keep]


def _token_spans(tokens: list[str]) -> list[int]:
    bounds = [0]
    for t in tokens:
        bounds.append(bounds[-1] + len(t))
    return bounds


def _edge_ok(bounds: list[int], text: str, pos: int, transparent: set, start: bool) -> bool:
    k = bisect.bisect_left(bounds, pos)
    if k < len(bounds) and bounds[k] == pos:
        return True
    lo, hi = bounds[k - 1], bounds[k]  # the token that straddles pos
    outside = text[lo:pos] if start else text[pos:hi]
    return all(c in transparent for c in outside)


# ------------------------------------------------------------------------------ (c) textlint
NODE_DIR = OUT / "node"


def _ensure_textlint() -> tuple[Path | None, str]:
    binary = NODE_DIR / "node_modules" / ".bin" / "textlint"
    prh = NODE_DIR / "node_modules" / "textlint-rule-prh"
    if binary.exists() and prh.exists():
        return binary, "installed"
    npm = shutil.which("npm")
    if not npm:
        return None, "npm not found"
    NODE_DIR.mkdir(parents=True, exist_ok=True)
    try:
        proc = subprocess.run(
            [npm, "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund",
             "textlint", "textlint-rule-prh"],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"npm install failed: {exc}"
    if proc.returncode != 0 or not binary.exists():
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["?"]
        return None, f"npm install failed: {tail[0]}"
    return binary, "installed now"


def _yaml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # JSON strings are valid YAML flow scalars


def textlint(args) -> dict:
    binary, how = _ensure_textlint()
    if binary is None:
        return {"tool": "textlint", "skipped": how}
    files, _ = _files(args, "en")
    rules = [r for r in rules_for_benchmark(quiet=True) if r.locale == "en" and r.phrases]
    work = OUT / "textlint"
    if work.exists():
        shutil.rmtree(work)
    (work / "en").mkdir(parents=True)
    lines = ["version: 1", "rules:"]
    nphr = 0
    for r in rules:
        expected = r.replacements[0] if r.replacements else "(remove)"
        pats = []
        for p in r.phrases:
            esc = "".join("\\" + c if c in "\\^$.|?*+()[]{}/" else c for c in p)
            pats.append(_yaml_str(f"/\\b{esc}\\b/i"))
            nphr += 1
        lines.append(f"  - expected: {_yaml_str(expected)}")
        lines.append("    patterns:")
        lines += [f"      - {p}" for p in pats]
    (work / "prh.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (work / ".textlintrc.json").write_text(
        json.dumps({"rules": {"prh": {"rulePaths": [str(work / "prh.yml")]}}}), encoding="utf-8"
    )
    # textlint reads .md and .txt: link every English file under a .txt name (same bytes)
    links = []
    for p in files:
        link = work / "en" / (p.name + ".txt")
        os.symlink(p.resolve(), link)
        links.append(str(link))
    nbytes = sum(p.stat().st_size for p in files)
    cmd = [str(binary), "--config", str(work / ".textlintrc.json"), "--format", "json"]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd + links, capture_output=True, text=True, cwd=work)
    wall = time.perf_counter() - t0
    try:
        report = json.loads(proc.stdout)
        matches = sum(len(f.get("messages", [])) for f in report)
    except json.JSONDecodeError:
        return {
            "tool": "textlint",
            "skipped": f"textlint failed (exit {proc.returncode}): {proc.stderr.strip()[:300]}",
        }
    # start-up alone: the same command on one tiny file
    tiny = work / "tiny.txt"
    tiny.write_text("Thank you for calling.\n", encoding="utf-8")
    t1 = time.perf_counter()
    subprocess.run(cmd + [str(tiny)], capture_output=True, text=True, cwd=work)
    startup = time.perf_counter() - t1
    return {
        "tool": "textlint",
        "locale": "en",
        "engine": f"textlint + textlint-rule-prh ({how}), regex patterns /\\b…\\b/i",
        "phrases": nphr,
        "files": len(files),
        "bytes": nbytes,
        "wall_s": wall,
        "startup_s": startup,
        "matches": matches,
    }


# ------------------------------------------------------------------------------ (d) proselint
def proselint_run(args) -> dict:
    t0 = time.perf_counter()
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile

        CheckRegistry().register_many(__register__)  # what its CLI does before linting
    except ImportError as exc:
        return {"tool": "proselint", "skipped": f"not importable ({exc})"}
    t1 = time.perf_counter()
    files, _ = _files(args, "en")
    texts = [(str(p), p.read_text(encoding="utf-8")) for p in files]
    matches = 0
    t2 = time.perf_counter()
    for name, text in texts:
        matches += len(LintFile(name, text).lint())
    t3 = time.perf_counter()
    try:
        from importlib.metadata import version

        ver = version("proselint")
    except Exception:  # noqa: BLE001
        ver = "?"
    return {
        "tool": "proselint",
        "locale": "en",
        "engine": f"proselint {ver}, default checks (its own rules, not our phrase list)",
        "files": len(files),
        "bytes": sum(len(t.encode("utf-8")) for _, t in texts),
        "import_s": t1 - t0,
        "work_s": t3 - t2,
        "matches": matches,
    }


# ------------------------------------------------------------------------------ phraselint API
def api(args) -> dict:
    """phraselint.lint_paths in one process: import, a warm-up file (packs compiled, lazy
    segmenter loaded), then the timed run over the locale's files."""
    t0 = time.perf_counter()
    try:
        import phraselint

        lint_paths = phraselint.lint_paths
    except (ImportError, AttributeError) as exc:
        return {"tool": "phraselint-api", "skipped": f"phraselint.lint_paths missing ({exc})"}
    t1 = time.perf_counter()
    files, _ = _files(args, args.locale)
    nbytes = sum(p.stat().st_size for p in files)
    try:
        t2 = time.perf_counter()
        warm = list(lint_paths([str(files[0])]))
        t3 = time.perf_counter()
        results = list(lint_paths([str(p) for p in files]))
        t4 = time.perf_counter()
    except Exception as exc:  # noqa: BLE001 - report, don't crash the benchmark
        return {"tool": "phraselint-api", "skipped": f"lint_paths failed: {exc!r}"[:300]}
    findings = sum(len(getattr(r, "findings", None) or []) for r in results)
    return {
        "tool": "phraselint-api",
        "locale": args.locale,
        "files": len(files),
        "bytes": nbytes,
        "import_s": t1 - t0,
        "warmup_s": t3 - t2,
        "warmup_results": len(warm),
        "work_s": t4 - t3,
        "results": len(results),
        "findings": findings,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("which", choices=["naive", "jieba", "textlint", "proselint", "api"])
    ap.add_argument("--corpus", type=Path, default=OUT / "corpus")
    ap.add_argument("--locale", default="en", choices=["en", "zh", "tl"])
    ap.add_argument("--limit", type=int, default=0, help="only the first N files of the locale")
    ap.add_argument("--hmm", action="store_true", help="jieba with its HMM (default: off)")
    ap.add_argument("--no-reference", action="store_true", help="jieba: timing only")
    ap.add_argument("--dir", type=Path, help="jieba: time every file of DIR instead (no reference)")
    args = ap.parse_args(argv)
    fn = {
        "naive": naive,
        "jieba": jieba_run,
        "textlint": textlint,
        "proselint": proselint_run,
        "api": api,
    }[args.which]
    print(json.dumps(fn(args), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
