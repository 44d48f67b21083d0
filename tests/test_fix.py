"""The fixer: what it rewrites, what it leaves alone, and how it writes files."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phraselint.cli import cli
from phraselint.engine import Options, lint_document
from phraselint.fix import apply_edits, fix_file, plan
from phraselint.model import Finding
from phraselint.packs import PackSet
from phraselint.readers import read_text

DATA = Path(__file__).parent / "data" / "fix"
PACK_EN = DATA / "pack_en.yaml"
PACK_ZH = DATA / "pack_zh.yaml"
PACK_ARGS = ["--pack", str(PACK_EN), "--pack", str(PACK_ZH), "--only-packs"]


@pytest.fixture(scope="module")
def packset() -> PackSet:
    return PackSet.load(extra=[str(PACK_EN), str(PACK_ZH)], only=True)


def copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(DATA / name, target)
    return target


def expected(name: str) -> bytes:
    stem, dot, ext = name.partition(".")
    return (DATA / f"{stem}.fixed.{ext}").read_bytes()


def run_fix(*args: str):
    return CliRunner().invoke(cli, ["fix", *PACK_ARGS, *args])


@pytest.mark.parametrize(
    "name",
    [
        "case.md",  # sentence starts, mid-sentence "I", ALL CAPS, quotes, acronym replacement
        "list.md",  # list items start sentences
        "multiline.md",  # phrases broken across lines, with and without a "> " prefix
        "code.md",  # inline code, fenced code and comments are not speech
        "zh.md",  # full-width punctuation, a closing quote after the match
        "zh_ascii.md",  # ASCII punctuation stays ASCII
        "zh_hant.md",  # Traditional script stays Traditional; no doubled sentence end
        "crlf.md",  # CRLF endings, also inside a multi-line match
        "bom.md",  # UTF-8 with a byte order mark
        "gbk.txt",  # GBK bytes stay GBK
    ],
)
def test_fix_rewrites_to_the_expected_bytes(tmp_path: Path, name: str) -> None:
    path = copy(tmp_path, name)
    result = run_fix(str(path))
    assert result.exit_code == 1, result.output
    assert path.read_bytes() == expected(name)
    assert f"{path}:" in result.output and "fixed “" in result.output


@pytest.mark.parametrize("name", ["case.md", "multiline.md", "zh.md", "crlf.md", "gbk.txt"])
def test_second_run_changes_nothing(tmp_path: Path, name: str) -> None:
    path = copy(tmp_path, name)
    assert run_fix(str(path)).exit_code == 1
    once = path.read_bytes()
    again = run_fix(str(path))
    assert again.exit_code == 0, again.output
    assert path.read_bytes() == once
    assert "fixed" not in again.output


def test_fixed_file_lints_clean_of_fixable_findings(tmp_path: Path, packset: PackSet) -> None:
    path = copy(tmp_path, "case.md")
    fix_file(str(path), packset, Options())
    doc = read_text(path.read_text(encoding="utf-8"), str(path))
    assert [f for f in lint_document(doc, packset) if f.kind == "forbidden"] == []


def test_transcripts_are_never_touched(tmp_path: Path) -> None:
    path = copy(tmp_path, "call.vtt")
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["fix", *PACK_ARGS, str(path)])
    assert result.exit_code == 0
    assert path.read_bytes() == before
    assert f"{path}: not rewritten" in result.stderr
    assert "transcript" in result.stderr


def test_transcripts_in_a_directory_are_not_even_opened(tmp_path: Path) -> None:
    copy(tmp_path, "call.vtt")
    script = copy(tmp_path, "case.md")
    result = run_fix(str(tmp_path))
    assert result.exit_code == 1
    assert script.read_bytes() == expected("case.md")
    assert "call.vtt" not in result.output


def test_unfixable_rules_are_reported_with_file_and_line(tmp_path: Path) -> None:
    path = copy(tmp_path, "unfixable.md")
    result = run_fix(str(path))
    assert result.exit_code == 1  # "I don't know" on line 2 was fixed
    lines = result.stdout.splitlines()
    assert (
        f"{path}:1:8: test.fix.have-to: not fixable: several replacements to choose from: "
        "Is it possible for you to | Let's see what we can do together"
    ) in lines
    assert f"{path}:2:8: test.fix.no-way: not fixable: the rule has no replacement" in lines
    text = path.read_text(encoding="utf-8")
    assert (
        text == "Agent: You'll have to call back tomorrow.\nAgent: No way, sir. Let me find out.\n"
    )


def test_only_unfixable_findings_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "call.md"
    path.write_text("Agent: You'll have to call back.\n", encoding="utf-8")
    result = run_fix(str(path))
    assert result.exit_code == 0
    assert "not fixable" in result.stdout
    assert path.read_text(encoding="utf-8") == "Agent: You'll have to call back.\n"


def test_clean_file_exits_0_and_is_not_rewritten(tmp_path: Path) -> None:
    path = copy(tmp_path, "clean.md")
    before = os.stat(path).st_mtime_ns
    result = run_fix(str(path))
    assert result.exit_code == 0
    assert result.output == ""
    assert os.stat(path).st_mtime_ns == before


def test_permissions_are_kept_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    path = copy(tmp_path, "case.md")
    os.chmod(path, 0o640)
    assert run_fix(str(path)).exit_code == 1
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.md"]


def test_a_symbolic_link_stays_a_link_to_the_fixed_file(tmp_path: Path) -> None:
    target = copy(tmp_path, "case.md")
    link = tmp_path / "link.md"
    link.symlink_to(target.name)
    assert run_fix(str(link)).exit_code == 1
    assert link.is_symlink()
    assert target.read_bytes() == expected("case.md")


def test_diff_writes_nothing_and_shows_a_unified_diff(tmp_path: Path) -> None:
    path = copy(tmp_path, "crlf.md")
    before = path.read_bytes()
    result = run_fix("--diff", str(path))
    assert result.exit_code == 1
    assert path.read_bytes() == before
    assert result.stdout.startswith(f"--- {path}\n+++ {path}\n@@ ")
    assert b"-Agent: I don't know.\r\n" in result.stdout_bytes  # patch-able: CRLF kept
    assert b"+Agent: Let me find out.\r\n" in result.stdout_bytes
    assert "would fix" in result.stderr and "would fix" not in result.stdout


def test_diff_of_a_clean_file_is_empty(tmp_path: Path) -> None:
    path = copy(tmp_path, "clean.md")
    result = run_fix("--diff", str(path))
    assert (result.exit_code, result.stdout) == (0, "")


def test_check_exit_codes_and_writes_nothing(tmp_path: Path) -> None:
    dirty = copy(tmp_path, "zh.md")
    clean = copy(tmp_path, "clean.md")
    before = dirty.read_bytes()
    pending = run_fix("--check", str(dirty), str(clean))
    assert pending.exit_code == 1
    assert f"{dirty}:1:" in pending.stdout and "would fix" in pending.stdout
    assert dirty.read_bytes() == before
    assert run_fix("--check", str(clean)).exit_code == 0


def test_errors_exit_2_with_one_line_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.md"
    good = copy(tmp_path, "case.md")
    result = run_fix(str(missing), str(good))
    assert result.exit_code == 2
    assert str(missing) in result.stderr
    assert "Traceback" not in result.output
    assert good.read_bytes() == expected("case.md")  # the other file was still fixed


def test_standard_input_cannot_be_fixed() -> None:
    result = run_fix("-")
    assert result.exit_code == 2
    assert "standard input" in result.output


def test_a_character_the_encoding_cannot_hold_is_an_error(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: test.euro\nlocale: en\ntitle: t\nrules:\n"
        "  - id: cheap\n    kind: forbidden\n    roles: [agent]\n"
        '    phrases: ["cheap"]\n    replacement: "good value ☺"\n'
        '    examples: {bad: ["cheap"], good: ["good value"]}\n',
        encoding="utf-8",
    )
    path = tmp_path / "call.txt"
    path.write_bytes("Agent: It is cheap, señor.\n".encode("cp1252"))
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["fix", "--pack", str(pack), "--only-packs", str(path)])
    assert result.exit_code == 2
    assert f"{path}:1: cannot encode" in result.stderr
    assert path.read_bytes() == before


def test_suppressed_findings_are_not_fixed(tmp_path: Path) -> None:
    path = tmp_path / "call.md"
    path.write_text(
        "<!-- phraselint-disable-next-line test.fix.dont-know -->\n"
        "Agent: I don't know.\nAgent: I don't know.\n",
        encoding="utf-8",
    )
    assert run_fix(str(path)).exit_code == 1
    assert path.read_text(encoding="utf-8").splitlines()[1:] == [
        "Agent: I don't know.",
        "Agent: Let me find out.",
    ]


def test_chained_replacements_settle_in_one_run(tmp_path: Path) -> None:
    pack = tmp_path / "chain.yaml"
    pack.write_text(
        "pack: test.chain\nlocale: en\ntitle: t\nrules:\n"
        "  - id: a\n    kind: forbidden\n    roles: [agent]\n"
        '    phrases: ["no problem"]\n    replacement: "my pleasure, hold on"\n'
        '    examples: {bad: ["no problem"], good: ["my pleasure"]}\n'
        "  - id: b\n    kind: forbidden\n    roles: [agent]\n"
        '    phrases: ["hold on"]\n    replacement: "one moment please"\n'
        '    examples: {bad: ["hold on"], good: ["one moment please"]}\n',
        encoding="utf-8",
    )
    path = tmp_path / "call.md"
    path.write_text("Agent: Sure, no problem.\n", encoding="utf-8")
    args = ["fix", "--pack", str(pack), "--only-packs", str(path)]
    assert CliRunner().invoke(cli, args).exit_code == 1
    assert path.read_text(encoding="utf-8") == "Agent: Sure, my pleasure, one moment please.\n"
    assert CliRunner().invoke(cli, args).exit_code == 0


def test_replacements_that_never_settle_are_an_error(tmp_path: Path) -> None:
    pack = tmp_path / "cycle.yaml"
    pack.write_text(
        "pack: test.cycle\nlocale: en\ntitle: t\nrules:\n"
        "  - id: a\n    kind: forbidden\n    roles: [agent]\n"
        '    phrases: ["hold on"]\n    replacement: "wait a sec"\n'
        '    examples: {bad: ["hold on"], good: ["one moment"]}\n'
        "  - id: b\n    kind: forbidden\n    roles: [agent]\n"
        '    phrases: ["wait a sec"]\n    replacement: "hold on"\n'
        '    examples: {bad: ["wait a sec"], good: ["one moment"]}\n',
        encoding="utf-8",
    )
    path = tmp_path / "call.md"
    path.write_text("Agent: Hold on.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["fix", "--pack", str(pack), "--only-packs", str(path)])
    assert result.exit_code == 2
    assert "did not settle" in result.stderr and str(path) in result.stderr
    assert path.read_text(encoding="utf-8") == "Agent: Hold on.\n"


def test_overlapping_spans_are_never_both_applied(packset: PackSet) -> None:
    text = "Agent: I don't know at all.\n"
    doc = read_text(text, "call.md")

    def finding(rule: str, start: int, end: int, replacement: str) -> Finding:
        return Finding(
            rule=rule,
            kind="forbidden",
            severity="error",
            message="",
            line=1,
            column=start + 1,
            end_line=1,
            end_column=end + 1,
            text=text[start:end],
            replacements=(replacement,),
            offset=start,
            end_offset=end,
        )

    longer = finding("t.long", 7, 19, "Let me find out")  # "I don't know"
    inner = finding("t.inner", 9, 19, "can't say")  # "don't know"
    later = finding("t.later", 20, 26, "entirely")  # "at all"
    edits, unfixable = plan(doc, [inner, longer, later])
    assert [e.rule for e in edits] == ["t.long", "t.later"]
    assert unfixable == []
    assert apply_edits(text, edits) == "Agent: Let me find out entirely.\n"


def test_library_fix_file_without_writing(tmp_path: Path, packset: PackSet) -> None:
    path = copy(tmp_path, "case.md")
    before = path.read_bytes()
    result = fix_file(str(path), packset, Options(), write=False)
    assert result.changed and not result.written
    assert path.read_bytes() == before
    assert result.fixed.encode("utf-8") == expected("case.md")
    assert {e.rule for e in result.edits} == {
        "test.fix.dont-know",
        "test.fix.calm-down",
        "test.fix.whatever",
    }
    assert result.edits[0].old == "I don't know" and result.edits[0].new == "Let me find out"


def test_bundled_packs_fix_the_five_forbidden_phrases(tmp_path: Path) -> None:
    path = tmp_path / "call.md"
    path.write_text("Agent: Sorry, I don't know.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["fix", str(path)])
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == "Agent: Sorry, let me find out.\n"


def test_fix_as_a_subprocess(tmp_path: Path) -> None:
    path = copy(tmp_path, "zh.md")
    exe = shutil.which("phraselint", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-c", "from phraselint.cli import main; main()"]
    first = subprocess.run(
        [*command, "fix", *PACK_ARGS, str(path)], capture_output=True, text=True, check=False
    )
    assert first.returncode == 1, first.stderr
    assert path.read_bytes() == expected("zh.md")
    second = subprocess.run(
        [*command, "fix", "--check", *PACK_ARGS, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (second.returncode, second.stdout, second.stderr) == (0, "", "")


PIECES = [
    "Agent: ",
    "Customer: ",
    "I don't know",
    "I DON'T KNOW",
    "i do not\nknow",
    "calm down",
    "Whatever you want",
    "you'll have to",
    "no way",
    "坐席：",
    "我也没办法，刚才线路忙啊！",
    "你说什么?",
    "“",
    "”",
    "`I don't know`",
    "<!-- phraselint-disable-next-line -->\n",
    ". ",
    ", ",
    " ",
    "\n",
    "\r\n",
    "\n\n",
    "- ",
    "> ",
    "well",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_any_script_is_fixed_in_one_run(tmp_path: Path, packset: PackSet, pieces) -> None:
    path = tmp_path / "call.md"
    path.write_bytes("".join(pieces).encode("utf-8"))
    first = fix_file(str(path), packset, Options())
    assert first.error is None
    second = fix_file(str(path), packset, Options())
    assert second.error is None and not second.changed
    assert second.original == first.fixed
    # Lines are only ever removed inside a match over three or more lines.
    assert first.fixed.count("\n") <= first.original.count("\n")
