"""Start-up: a pre-commit run on one small English file must not pay for
Chinese support (jieba ~1 s, OpenCC) nor for anything else it does not use."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from importlib.metadata import entry_points

from conftest import ENGINE

PACK = ("--only-packs", "--pack", str(ENGINE / "zh.yaml"))

PROBE = """
import sys
from phraselint.cli import main
try:
    main(["check", *sys.argv[1:]])
except SystemExit as exc:
    code = exc.code
print("EXIT", code, file=sys.stderr)
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after_check(path, *args: str, env: dict | None = None) -> tuple[int, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args, str(path)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    lines = proc.stderr.strip().splitlines()
    code = int(lines[-2].split()[1])
    return code, set(lines[-1].split())


def test_small_english_file_imports_no_chinese_support(tmp_path):
    path = tmp_path / "script.md"
    text = "# Call\n\nAgent: Thank you for calling Acme, my name is Ana. I don't know.\n"
    path.write_text(text, "utf-8")
    code, modules = _modules_after_check(path)
    assert code == 1  # the bundled packs flag "I don't know"
    for heavy in ("jieba", "rjieba", "opencc", "charset_normalizer", "babel.support"):
        assert heavy not in modules, f"{heavy} imported for an English file"
    # Nor does a script pay for the transcript readers.
    assert not {"phraselint.readers._transcripts", "phraselint.readers.vtt"} & modules


def test_warm_cache_english_check_imports_neither_yaml_nor_regex(tmp_path):
    """With the parsed packs and locale specs in the per-user cache, ASCII
    English needs neither the YAML parser nor the Unicode regex engine (about
    20 ms of a pre-commit run), nor the timing checks; only the first, cold
    run parses YAML."""
    path = tmp_path / "script.md"
    path.write_text("# Call\n\nAgent: Thank you for calling Acme. I don't know.\n", "utf-8")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("PHRASELINT_NO_CACHE", None)
    code, cold = _modules_after_check(path, env=env)
    assert code == 1 and "yaml" in cold
    code, warm = _modules_after_check(path, env=env)
    assert code == 1
    assert "yaml" not in warm and "regex" not in warm
    # A script has no times: no timing check is imported, let alone run.
    assert not {"phraselint.timing.hold", "phraselint.timing.overtalk", "phraselint.stats"} & warm


def test_english_chat_log_does_not_import_the_unicode_regex_engine(tmp_path):
    """The readers' ``regex`` patterns (stamps in odd shapes, sniffing,
    subtitle speaker labels) compile on first use (functools.cache): a
    log whose lines all have the common shape never needs them, nor the
    HTML entity table of the subtitle readers."""
    path = tmp_path / "call.log"
    path.write_text(
        "[00:00:01] Agent: Thank you for calling Acme. I don't know.\n[00:00:05] Customer: Okay.\n",
        "utf-8",
    )
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("PHRASELINT_NO_CACHE", None)
    _modules_after_check(path, env=env)  # the cold run fills the cache
    code, warm = _modules_after_check(path, env=env)
    assert code == 1 and "phraselint.readers.chatlog" in warm
    assert "regex" not in warm and "html" not in warm
    # Its suffix names its format: no other reader is imported.
    others = {f"phraselint.readers.{m}" for m in ("aws", "whisper", "vtt", "srt", "csvfile")}
    assert not others & warm
    # A line of another shape takes the general path, which needs it.
    path.write_text("Header\n00:00:01 - Agent: I don't know.\n", "utf-8")
    _, warm = _modules_after_check(path, env=env)
    assert "regex" in warm


def test_chinese_file_loads_chinese_support_only_when_needed(tmp_path):
    path = tmp_path / "script.md"
    # Every match edge here touches punctuation: OpenCC is needed, jieba is not.
    path.write_text("坐席：喂，什么？！你说什么？\n", "utf-8")
    code, modules = _modules_after_check(path, *PACK)
    assert "opencc" in modules
    assert "jieba" not in modules
    # A candidate inside a clause needs the segmenter to check its edges.
    path.write_text("坐席：我们喂养小猫\n", "utf-8")
    _, modules = _modules_after_check(path, *PACK)
    assert "jieba" in modules
    # jieba finds its dictionary without pkg_resources (segment._import_jieba),
    # and its HMM tables, which segmenting without the HMM never reads, are
    # not loaded.
    assert "pkg_resources" not in modules
    assert "jieba.finalseg.prob_emit" not in modules


HMM_PROBE = """
import sys
from phraselint.text import segment
segment.spans("我们喂养小猫")  # jieba imported by phraselint, its HMM left out
assert "jieba.finalseg.prob_emit" not in sys.modules
import jieba
jieba.setLogLevel(60)
print(jieba.lcut("他来到了网易杭研大厦", HMM=True))
assert "jieba.finalseg.prob_emit" in sys.modules
print(jieba.lcut("他来到了网易杭研大厦", HMM=True))
"""


def test_another_caller_in_the_process_still_gets_jiebas_hmm():
    """The HMM left out of phraselint's import of jieba loads as soon as
    another caller uses it, and segments as a plain ``import jieba`` does
    (杭研 is a word only the HMM finds)."""
    out = subprocess.run(
        [sys.executable, "-c", HMM_PROBE], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    plain = subprocess.run(
        [sys.executable, "-c", "import jieba; jieba.setLogLevel(60); "
         "print(jieba.lcut('他来到了网易杭研大厦', HMM=True))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert out == [plain, plain]
    assert "'杭研'" in plain


GC_PROBE = """
import gc, sys
from phraselint.__main__ import main
gc.collect()  # what the probe itself made so far is not the command's
gc.callbacks.append(lambda phase, info: phase == "start" and print("GC", file=sys.stderr))
sys.argv = ["phraselint", "check", *sys.argv[1:]]
main()
"""


def test_the_command_starts_without_a_garbage_collection(tmp_path):
    """The command raises the collector's threshold before importing
    anything (phraselint.__main__): at the default one, a check of one small
    file collected some 35 times, walking start-up's long-lived objects for
    about a tenth of the run's CPU time."""
    path = tmp_path / "script.md"
    path.write_text("# Call\n\nAgent: Thank you for calling Acme. I don't know.\n", "utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", GC_PROBE, str(path)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1, proc.stderr  # the run itself: "I don't know" is flagged
    assert "dont-know" in proc.stdout or "don't know" in proc.stdout.lower()
    assert proc.stderr.count("GC") == 0
    # The console script is this entry point, and a program importing
    # phraselint keeps the default threshold.
    (script,) = entry_points(group="console_scripts", name="phraselint")
    assert script.value == "phraselint.__main__:main"
    probe = "import gc, phraselint; phraselint.lint_text('Agent: hi', locale='en'); print(gc.get_threshold())"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == str(gc.get_threshold())
