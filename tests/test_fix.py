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

import phraselint
from phraselint.cli import cli
from phraselint.engine import Options, default_packset, lint_document
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
        "table.md",  # a table: the agent's cells only, not the customer's or the notes
    ],
)
def test_fix_rewrites_to_the_expected_bytes(tmp_path: Path, name: str) -> None:
    path = copy(tmp_path, name)
    result = run_fix(str(path))
    assert result.exit_code == 1, result.output
    assert path.read_bytes() == expected(name)
    assert f"{path}:" in result.output and "fixed “" in result.output


@pytest.mark.parametrize(
    "name", ["case.md", "multiline.md", "zh.md", "crlf.md", "gbk.txt", "table.md"]
)
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


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "Agent: Well I don't\nknow. But we can check\n",
            "Agent: Well let me find out.\nBut we can check\n",
        ),
        (
            "> Agent: We cannot do\n> that, sorry.\n",
            "> Agent: This is what I can do for you,\n> sorry.\n",
        ),
        ("Agent: Well I don't\nknow.\n", "Agent: Well let me find out.\n"),
    ],
)
def test_punctuation_after_a_match_over_lines_comes_up_with_it(
    tmp_path: Path, text: str, fixed: str
) -> None:
    assert fix_text(tmp_path, text)[0] == fixed


def test_a_read_only_file_is_not_rewritten(tmp_path: Path) -> None:
    path = copy(tmp_path, "case.md")
    before = path.read_bytes()
    os.chmod(path, 0o444)
    result = run_fix(str(path))
    assert result.exit_code == 2
    assert f"{path}: cannot write: the file is read-only; not rewritten" in result.stderr
    assert path.read_bytes() == before and stat.S_IMODE(os.stat(path).st_mode) == 0o444
    assert run_fix("--diff", str(path)).exit_code == 1  # what it would change is still shown


def test_a_file_with_hard_links_is_not_split(tmp_path: Path) -> None:
    path = copy(tmp_path, "case.md")
    other = tmp_path / "other.md"
    os.link(path, other)
    result = run_fix(str(path))
    assert result.exit_code == 2
    assert "the file has 2 hard links, which a rewrite would split" in result.stderr
    assert os.path.samefile(path, other) and path.read_bytes() == other.read_bytes()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_root_keeps_the_owner_of_a_fixed_file(tmp_path: Path) -> None:
    path = copy(tmp_path, "case.md")
    os.chown(path, 65534, 65534)
    assert run_fix(str(path)).exit_code == 1
    assert (os.stat(path).st_uid, os.stat(path).st_gid) == (65534, 65534)
    assert path.read_bytes() == expected("case.md")


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


def _apply_unified_diff(original: bytes, diff: bytes) -> bytes:
    """``diff`` applied to ``original`` the way ``patch`` reads both: lines end
    at b"\\n" only, and a "\\ No newline" marker takes the line break off the
    line before it."""
    old = original.split(b"\n")
    old = [line + b"\n" for line in old[:-1]] + ([old[-1]] if old[-1] else [])
    hunks: list[tuple[int, list[tuple[bytes, bytes]]]] = []
    for line in diff.split(b"\n")[2:-1]:  # after the --- and +++ header
        if line.startswith(b"@@"):
            start = int(line.split()[1].split(b",")[0][1:])
            hunks.append((max(start - 1, 0), []))
        elif line.startswith(b"\\"):
            op, content = hunks[-1][1][-1]
            hunks[-1][1][-1] = (op, content[:-1])
        else:
            hunks[-1][1].append((line[:1], line[1:] + b"\n"))
    out: list[bytes] = []
    cursor = 0
    for start, body in hunks:
        out.extend(old[cursor:start])
        cursor = start
        for op, content in body:
            if op in (b" ", b"-"):
                assert old[cursor] == content
                cursor += 1
            if op in (b" ", b"+"):
                out.append(content)
    out.extend(old[cursor:])
    return b"".join(out)


LONG_LINE = "Agent: I don't know.{}More words, so that the file is not taken for binary.\n"


@pytest.mark.parametrize(
    "text",
    [
        *(
            LONG_LINE.format(c) + "Agent: I don't know.\n"
            for c in "\f\v\x1c\x1d\x1e\x85\u2028\u2029"
        ),
        "Agent: hi\rAgent: I don't know.\rAgent: bye\r",  # CR-only line endings
        "Agent: hi\r\n\r\nAgent: I don't know.\r\n",
        "Agent: hi\nAgent: I don't know.",  # no line break at the end
        "Agent: I don't know.\n" + "Agent: ok.\n" * 8 + "Agent: I don't know.\fx\n",
    ],
)
def test_diff_applies_with_patch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """Form feeds, vertical tabs, the separators \\x1c-\\x1e, NEL, U+2028/2029
    and lone CRs are not line ends to ``patch``: the diff must not cut there."""
    shown = tmp_path / "shown"
    fixed = tmp_path / "fixed"
    for folder in (shown, fixed):
        folder.mkdir()
        (folder / "call.md").write_bytes(text.encode("utf-8"))
    monkeypatch.chdir(fixed)
    assert run_fix("call.md").exit_code == 1
    monkeypatch.chdir(shown)  # relative paths: a/call.md, b/call.md
    result = run_fix("--diff", "call.md")
    assert result.exit_code == 1, result.output
    want = (fixed / "call.md").read_bytes()
    assert want != text.encode("utf-8")
    diff = result.stdout_bytes
    assert _apply_unified_diff(text.encode("utf-8"), diff) == want
    if shutil.which("patch"):
        (tmp_path / "fix.diff").write_bytes(diff)
        applied = subprocess.run(
            ["patch", "-p1", "--quiet", "-i", str(tmp_path / "fix.diff")],
            cwd=shown,
            capture_output=True,
            text=True,
            check=False,
        )
        assert applied.returncode == 0, applied.stdout + applied.stderr
        assert (shown / "call.md").read_bytes() == want


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


def test_a_replacement_the_encoding_cannot_hold_is_left_out(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        "pack: test.euro\nlocale: en\ntitle: t\nrules:\n"
        "  - id: cheap\n    kind: forbidden\n    roles: [agent]\n"
        '    phrases: ["cheap"]\n    replacement: "good value ☺"\n'
        '    examples: {bad: ["cheap"], good: ["good value"]}\n',
        encoding="utf-8",
    )
    path = tmp_path / "call.txt"
    path.write_bytes("Agent: It is cheap, señor. I don't know.\n".encode("cp1252"))
    result = CliRunner().invoke(
        cli, ["fix", "--pack", str(pack), "--pack", str(PACK_EN), "--only-packs", str(path)]
    )
    assert result.exit_code == 1, result.output
    assert (
        f"{path}:1:14: test.euro.cheap: not fixable: the file's encoding, cp1252, "
        "cannot hold “☺” (U+263A)"
    ) in result.stdout.splitlines()
    assert path.read_bytes() == "Agent: It is cheap, señor. Let me find out.\n".encode("cp1252")


TRADITIONAL = "坐席：您好，請問有什麼可以幫助您？\n坐席：等一下，我查查。\n坐席：久等了。系統顯示設備已斷線。\n"


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        # 等一下 and 久等了 are written the same in both scripts: the document tells
        (
            TRADITIONAL,
            "坐席：您好，請問有什麼可以幫助您？\n坐席：對不起，請您稍等片刻，好嗎？我查查。\n"
            "坐席：對不起，讓您久等了。系統顯示設備已斷線。\n",
        ),
        # the turn tells before the document does
        (
            "坐席：系統顯示設備已斷線。\n坐席：等一下，这个设备我查查。\n",
            "坐席：系統顯示設備已斷線。\n坐席：对不起，请您稍等片刻，好吗？这个设备我查查。\n",
        ),
        # the match's own characters tell first
        (
            "坐席：系統顯示設備已斷線。听不见。\n",
            "坐席：系統顯示設備已斷線。对不起，您的声音太小，请您拿起话筒说话好吗？\n",
        ),
        # without a Traditional character anywhere, Simplified
        ("坐席：等一下，我查查。\n", "坐席：对不起，请您稍等片刻，好吗？我查查。\n"),
    ],
)
def test_traditional_script_is_read_from_the_text_around_the_match(
    tmp_path: Path, text: str, fixed: str
) -> None:
    assert fix_text(tmp_path, text)[0] == fixed


def test_a_big5_file_is_fixed_in_traditional_characters(tmp_path: Path) -> None:
    path = tmp_path / "call.md"
    path.write_bytes("坐席：喂，您好！聽懂了吧？\n坐席：等一下，我查查。\n".encode("big5"))
    result = CliRunner().invoke(cli, ["fix", str(path)])
    assert result.exit_code == 1, result.output
    assert path.read_bytes().decode("big5") == (
        "坐席：您好！請問我剛才的解釋您是否明白/是否清楚？\n"
        "坐席：對不起，請您稍等片刻，好嗎？我查查。\n"
    )


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


def _forbidden_at(source: str, rule: str, start: int, end: int, replacement: str) -> Finding:
    """A forbidden finding over ``source[start:end]`` (line 1) with one replacement."""
    return Finding(
        rule=rule,
        kind="forbidden",
        severity="error",
        message="",
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        text=source[start:end],
        replacements=(replacement,),
        offset=start,
        end_offset=end,
    )


def test_overlapping_spans_are_never_both_applied(packset: PackSet) -> None:
    text = "Agent: I don't know at all.\n"
    doc = read_text(text, "call.md")

    def finding(rule: str, start: int, end: int, replacement: str) -> Finding:
        return _forbidden_at(text, rule, start, end, replacement)

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


def fix_text(tmp_path: Path, text: str, *packs: str, name: str = "call.md"):
    """``text`` fixed in a file, with the bundled packs or ``packs`` (command
    line arguments): (what the file holds then, the output)."""
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    result = CliRunner().invoke(cli, ["fix", *packs, str(path)])
    assert result.exit_code in (0, 1), result.output
    again = CliRunner().invoke(cli, ["fix", *packs, str(path)])
    assert again.exit_code == 0 and "fixed" not in again.output  # settled in one run
    return path.read_bytes().decode("utf-8"), result.output


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        # the text's own mark gives way to the replacement's question mark
        ("Agent: Sure, one sec.\n", "Agent: Sure, may I check and come back to you?\n"),
        ("Agent: One sec...\n", "Agent: May I check and come back to you?\n"),
        ("坐席：系统有点慢，你先等着。\n", "坐席：系统有点慢，对不起，请您稍等片刻，好吗？\n"),
        # the same mark stays, once
        ("Agent: One sec? Thanks.\n", "Agent: May I check and come back to you? Thanks.\n"),
        ("坐席：等一下？\n", "坐席：对不起，请您稍等片刻，好吗？\n"),
        # closing quotes and emphasis stay where they are
        (
            "Agent: *Hang on a sec*. Thanks.\n",
            "Agent: *May I check and come back to you?* Thanks.\n",
        ),
        # a comma becomes the mark, and the next word starts a sentence
        (
            "Agent: Hang on a sec, let me look.\n",
            "Agent: May I check and come back to you? Let me look.\n",
        ),
        (
            'Agent: "Hang on a sec", let me look.\n',
            'Agent: "May I check and come back to you?" Let me look.\n',
        ),
        ("坐席:等一下,我查查。\n", "坐席:对不起，请您稍等片刻，好吗？我查查。\n"),
        (
            "Agent: One sec,, let me look.\n",
            "Agent: May I check and come back to you? Let me look.\n",
        ),
        # an ellipsis before more of the sentence is a pause, read as a comma
        (
            "Agent: Hang on a sec... let me look.\n",
            "Agent: May I check and come back to you? Let me look.\n",
        ),
        ("Agent: Hang on a sec...\n", "Agent: May I check and come back to you?\n"),
        ("坐席：你先等着，我查查\n", "坐席：对不起，请您稍等片刻，好吗？我查查\n"),
        (
            "> Agent: Sorry, hang on\n> a sec, let me\n> look.\n",
            "> Agent: Sorry, may I check and come back to you?\n> Let me\n> look.\n",
        ),
        # the end of the turn, or more Chinese: the mark is kept
        ("Agent: Hang on a sec\n\nAgent: Thanks.\n", None),
        ("坐席：你先等着我查一下\n", "坐席：对不起，请您稍等片刻，好吗？我查一下\n"),
    ],
)
def test_a_replacement_that_ends_a_sentence_keeps_its_mark(
    tmp_path: Path, text: str, fixed: str | None
) -> None:
    if fixed is None:
        fixed = text.replace("Hang on a sec", "May I check and come back to you?")
    assert fix_text(tmp_path, text)[0] == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Agent: OK, hang on a second while I check.\n",
        "Agent: Hang on a sec\nwhile I check.\n",  # the sentence goes on on the next line
    ],
)
def test_a_sentence_the_replacement_would_cut_in_two_is_not_fixed(
    tmp_path: Path, text: str
) -> None:
    after, output = fix_text(tmp_path, text)
    assert after == text
    assert (
        "en.ffp.hang-on-a-second: not fixable: the replacement “may I check and come back "
        "to you?” ends a sentence, and the sentence goes on after the match"
    ) in output.replace("“May", "“may")


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (
            "Ahente: Sandali lang po, titingnan ko.\n",  # the pack's own bad example
            "Ahente: Maaari ko po bang alamin ito at balikan kayo? Titingnan ko.\n",
        ),
        ("Ahente: Sandali lang po.\n", "Ahente: Maaari ko po bang alamin ito at balikan kayo?\n"),
        ("Ahente: Hindi ko alam po, sir.\n", "Ahente: Aalamin ko po, sir.\n"),
        ("Ahente: Hindi ko alam ho, sir.\n", "Ahente: Aalamin ko po, sir.\n"),  # ho is po
        ("Ahente: Hindi ko alam PO.\n", "Ahente: Aalamin ko po.\n"),
        # a particle the replacement does not say, and a word that is no particle, stay
        ("Ahente: Hindi ko alam naman, sir.\n", "Ahente: Aalamin ko po naman, sir.\n"),
        ("Ahente: Hindi ko alam pobre.\n", "Ahente: Aalamin ko po pobre.\n"),
    ],
)
def test_a_particle_after_the_match_is_not_said_twice(
    tmp_path: Path, text: str, fixed: str
) -> None:
    assert fix_text(tmp_path, text)[0] == fixed


def test_the_tagalog_example_is_fixed_to_clean_text(tmp_path: Path) -> None:
    example = Path(__file__).parent.parent / "examples" / "call_tl.md"
    fixed, _ = fix_text(tmp_path, example.read_text(encoding="utf-8"))
    assert " po po" not in fixed and "? po" not in fixed
    assert "Maaari ko po bang alamin ito at balikan kayo?\n" in fixed
    findings = phraselint.lint_text(fixed, locale="tl")
    fixable = [f for f in findings if f.kind == "forbidden" and len(f.replacements) == 1]
    assert fixable == []


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        # emphasis wholly inside the match goes with the words it emphasised
        ("Agent: I **don't** know.\n", "Agent: Let me find out.\n"),
        ("Agent: I _do_ ~~not~~ know.\n", "Agent: Let me find out.\n"),
        # markup around the match stays around the replacement
        ("Agent: *I don't know*.\n", "Agent: *Let me find out*.\n"),
        ("**Agent:** *I don't know.*\n", "**Agent:** *Let me find out.*\n"),
        (
            "Agent: [I don't know](http://x.example/a_(b)) yet.\n",
            "Agent: [Let me find out](http://x.example/a_(b)) yet.\n",
        ),
        # markup after the match's last word stays outside the edit
        ("坐席：**你说什么**？我没听清。\n", "坐席：**麻烦您再说一遍，好吗**？我没听清。\n"),
        ("坐席：**你说什么？**我没听清。\n", "坐席：**麻烦您再说一遍，好吗？**我没听清。\n"),
        # a quotation mark without its partner in the turn stays too
        ("坐席：你说什么”,好的。\n", "坐席：麻烦您再说一遍，好吗？”好的。\n"),
        # in plain text an asterisk is an asterisk
        ("Agent: *I don't* know.\n", "Agent: *Let me find out.\n"),
    ],
)
def test_markup_stays_whole(tmp_path: Path, text: str, fixed: str) -> None:
    name = "call.txt" if fixed.startswith("Agent: *Let me find out.") else "call.md"
    assert fix_text(tmp_path, text, *PACK_ARGS, name=name)[0] == fixed


@pytest.mark.parametrize(
    ("text", "rule", "markup"),
    [
        ("Agent: I don't [know](http://x.example) yet.\n", "test.fix.dont-know", "["),
        ("Agent: *I don't* know.\n", "test.fix.dont-know", "*"),
        ("Agent: I **don't know** why.\n", "test.fix.dont-know", "**"),
        ("Agent: I don't *know* where it is.\n", "test.fix.dont-know", "*"),
        ("Agent: I don't (know) yet.\n", "test.fix.dont-know", "("),
        ("坐席：**喂**，您好！\n", "zh.etiquette.wei-ninhao", "**"),
    ],
)
def test_a_match_that_cuts_markup_in_two_is_not_fixed(
    tmp_path: Path, text: str, rule: str, markup: str
) -> None:
    packs = () if rule.startswith("zh.") else PACK_ARGS
    after, output = fix_text(tmp_path, text, *packs)
    reason = f"{rule}: not fixable: markup or brackets in the match must stay whole: {markup}"
    assert reason in output
    assert after == text


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
    if first.error and "would change the detected language" in first.error:
        assert not first.written  # see test_fixes_that_change_the_language_are_refused
        return
    assert first.error is None
    second = fix_file(str(path), packset, Options())
    assert second.error is None and not second.changed
    assert second.original == first.fixed
    # Lines are only ever removed inside a match over three or more lines.
    assert first.fixed.count("\n") <= first.original.count("\n")


# ---------------------------------------------------------------------------
# Reference: the fixer's lookups and applying as they were before fixing was
# made linear in the number of findings (copied from phraselint/fix.py as it
# was). The lookups by bisection of ``fix.TextContext`` must give exactly what
# these scans give, and so the same edits and the same fixed text on every
# input; applying edits must give what applying them one by one gave.

from unittest import mock  # noqa: E402

from phraselint import fitting as fitmod  # noqa: E402
from phraselint import fix as fixmod  # noqa: E402
from phraselint.model import Document, Segment, Turn  # noqa: E402


def reference_apply_edits(text, edits):
    for e in sorted(edits, key=lambda e: e.offset, reverse=True):
        text = text[: e.offset] + e.new + text[e.end_offset :]
    return text


def reference_sentence_start(doc, offset):
    line_start = max(doc.source.rfind("\n", 0, offset), doc.source.rfind("\r", 0, offset)) + 1
    if fitmod._ITEM_START.match(doc.source[line_start:offset]):
        return True
    # the linear scan through every turn and segment, which the fixer keeps
    # for documents whose segments overlap
    located = fitmod._turn_position(doc, offset)
    before = doc.source[line_start:offset] if located is None else located[0].text[: located[1]]
    i = len(before) - 1
    while i >= 0 and before[i] in fitmod._OPENERS:
        i -= 1
    return i < 0 or before[i] in fitmod._SENTENCE_END


def reference_line_around(source, start, end):
    a = max(source.rfind("\n", 0, start), source.rfind("\r", 0, start)) + 1
    b = min((i for i in (source.find("\n", end), source.find("\r", end)) if i >= 0), default=-1)
    return source[a:] if b < 0 else source[a:b]


class ScanningContext(fitmod.TextContext):
    """``fitting.TextContext`` answering by the scans it replaced."""

    def turn_at(self, offset):
        return fitmod._turn_position(self.doc, offset)

    def line_full(self, start, end):
        line = reference_line_around(self.doc.source, start, end)
        return any(c in fitmod._FULL_WIDTH_MARKS for c in line)

    def sentence_start(self, offset):
        return reference_sentence_start(self.doc, offset)


def scanning():
    """Within it, the fixer looks things up by scanning."""
    return mock.patch.object(fixmod, "TextContext", ScanningContext)


def fix_outcome(path, packset, locale):
    result = fix_file(path, packset, Options(locale=locale), write=False)
    return result.fixed, result.edits, result.unfixable, result.error


# Forbidden phrases of the bundled en, zh and tl packs and of the test packs,
# with labels, list and quote markup, line breaks of every kind, punctuation
# of both widths, Traditional script and things that are not speech.
LABELS = [
    "",
    "",
    "Agent: ",
    "Customer: ",
    "**Agent:** ",
    "坐席：",
    "客户:",
    "Ahente: ",
    "Tumatawag: ",
]
PREFIXES = ["", "", "", "- ", "> ", "1. ", "  ", "* ", "> - "]
PHRASES = [
    "I don't know",
    "i do not\nknow",
    "I DON'T KNOW",
    "I dunno",
    "hang on a sec",
    "Hang on a second. I'll be right back",
    "hang on\n  a minute",
    "yeah",
    "Oops",
    "calm down",
    "Whatever you want",
    "I'll put you on hold",
    "we can't do that",
    "you'll have to",
    "no way",
    "喂",
    "喂，什么？！你说什么？",
    "你说什么?",
    "你說什麼？",
    "我也没办法，刚才线路忙啊！",
    "我也没办法,刚才线路忙",
    "等一下",
    "你等一下",
    "我挂了",
    "听不見",
    "hindi ko alam",
    "Hindi ko alam po",
    "sandali lang",
    "Teka",
    "oo",
    "ano kamo",
]
MARKS = [".", "。", "!", "！", "?", "？", ",", "，", "、", "：", "…", "“", "”", "「", "」"]
MARKS += ["(", "（", "）", "*", " ", " ", " ", "\t", "\u3000"]
OTHER = ["po", "salamat", "well", "OK", "`I don't know`", "<!-- phraselint-disable-next-line -->\n"]
BREAKS = ["\n", "\n", "\r\n", "\r", "\n\n"]
LINE = st.tuples(
    st.sampled_from(PREFIXES),
    st.sampled_from(LABELS),
    st.lists(st.sampled_from(PHRASES + MARKS + OTHER), max_size=8).map("".join),
    st.sampled_from(BREAKS),
).map("".join)
SCRIPT = st.one_of(
    st.lists(LINE, max_size=8).map("".join),  # lines as scripts have them
    st.lists(  # anything in any order
        st.sampled_from(LABELS + PREFIXES + PHRASES + MARKS + OTHER + BREAKS), max_size=40
    ).map("".join),
)


@pytest.fixture(scope="module")
def mixed_packset() -> PackSet:
    return PackSet.load(extra=[str(PACK_EN), str(PACK_ZH)])


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(script=SCRIPT, locale=st.sampled_from([None, "en", "zh", "tl"]), repeat=st.integers(1, 3))
def test_fixing_gives_what_it_gave_before_it_was_made_linear(
    tmp_path: Path, mixed_packset: PackSet, script, locale, repeat
) -> None:
    path = tmp_path / "call.md"
    path.write_bytes((script * repeat).encode("utf-8"))
    fast = fix_outcome(str(path), mixed_packset, locale)
    with scanning():
        assert fix_outcome(str(path), mixed_packset, locale) == fast


SEGMENT_TEXT = [
    "Agent: ",
    "I don't know",
    "hang on",
    "喂",
    "，",
    "。",
    ". ",
    "- ",
    "> ",
    "\n",
    "\r\n",
    "\r",
    "“",
    " ",
    "OK",
    "i'm",
    "什么?",
]


@st.composite
def documents_and_findings(draw):
    """Documents whose segments need not come from the script reader: out of
    order, overlapping, empty, past the end of the text; and findings
    anywhere in the source."""
    source = "".join(draw(st.lists(st.sampled_from(SEGMENT_TEXT), min_size=1, max_size=20)))
    n = len(source)
    turns = []
    for _ in range(draw(st.integers(0, 4))):
        text = "".join(draw(st.lists(st.sampled_from(SEGMENT_TEXT), max_size=6)))
        offsets = sorted(draw(st.lists(st.integers(0, len(text) + 2), max_size=4)))
        if draw(st.booleans()):
            offsets = draw(st.permutations(offsets))
        segments = [Segment(o, draw(st.integers(0, n + 2)), 1, 1) for o in offsets]
        turns.append(Turn(text, segments, "agent"))
    findings = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start, n))
        replacement = draw(
            st.sampled_from(
                [
                    "Let me find out",
                    "i understand",
                    "对不起,请您稍等片刻,好吗?",
                    "请讲",
                    "OK, let me",
                    "yes.",
                ]
            )
        )
        rule = draw(st.sampled_from(["t.a", "t.b"]))
        findings.append(_forbidden_at(source, rule, start, end, replacement))
    return Document(path="call.md", source=source, turns=turns), findings


def fitted(doc, f, context):
    try:
        return fitmod.fit_replacement(doc, f.offset, f.end_offset, f.replacements[0], context)
    except fitmod.NotFixable as why:
        return str(why)


@settings(max_examples=400, deadline=None)
@given(documents_and_findings())
def test_plan_gives_what_it_gave_before_on_any_segments(case) -> None:
    doc, findings = case
    fast = plan(doc, findings)
    with scanning():
        assert plan(doc, findings) == fast
    for f in findings:
        assert fitted(doc, f, fitmod.TextContext(doc)) == fitted(doc, f, ScanningContext(doc))


@settings(max_examples=400, deadline=None)
@given(
    text=st.text(alphabet="ab\n", max_size=12),
    spans=st.lists(
        st.tuples(st.integers(-3, 15), st.integers(-3, 15), st.sampled_from(["", "X", "YZ"])),
        max_size=5,
    ),
)
def test_apply_edits_gives_what_it_gave_before_even_on_overlaps(text, spans) -> None:
    edits = [fixmod.Edit("t", 1, 1, a, b, text[a:b], new) for a, b, new in spans]
    assert apply_edits(text, edits) == reference_apply_edits(text, edits)


def test_thousands_of_fixes_in_every_shape(tmp_path: Path, packset: PackSet) -> None:
    """Many labelled turns, one long paragraph, one long line (fixing these
    was quadratic); every finding is fixed, as one by one."""
    shapes = {
        "turns.md": ("Agent: I don't know.\n" * 2000, "Agent: Let me find out.\n" * 2000),
        "para.md": (
            "Agent: " + "I don't know.\n" * 2000,
            "Agent: " + "Let me find out.\n" * 2000,
        ),
        "line.md": (
            "Agent: " + "I don't know. " * 2000 + "\n",
            "Agent: " + "Let me find out. " * 2000 + "\n",
        ),
        "crlf.md": (
            "Agent: calm down, " + "i do not\r\nknow, " * 1500 + "ok.\r\n",
            "Agent: I understand how you feel, " + "let me find out,\r\n" * 1500 + "ok.\r\n",
        ),
        "zh.md": (
            "坐席：" + "你说什么？我也没办法，刚才线路忙啊！" * 1500 + "\n",
            "坐席：" + "麻烦您再说一遍，好吗？对不起，刚才因为线路忙，让您久等了！" * 1500 + "\n",
        ),
    }
    for name, (text, want) in shapes.items():
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        result = fix_file(str(path), packset, Options())
        assert result.error is None
        assert path.read_bytes() == want.encode("utf-8"), name
        assert len(result.edits) >= 1500
        assert not fix_file(str(path), packset, Options()).changed


def test_fixes_that_change_the_language_are_refused(tmp_path: Path) -> None:
    """A Taglish line in a mostly Chinese script: the English fix adds enough
    English words that the next run would read the script as Tagalog and fix
    again, so the fix is refused (nothing written) and --locale settles it."""
    text = "Agent: Hindi ko alam ok sir. 坐席：您好Hang on a sec."
    path = tmp_path / "call.md"
    path.write_bytes(text.encode("utf-8"))
    refused = fix_file(str(path), default_packset(), Options())
    assert refused.error == (
        f"{path}: fixing would change the detected language from zh to tl; "
        "run with --locale zh to fix it as zh"
    )
    assert not refused.written and path.read_bytes() == text.encode("utf-8")
    pinned = fix_file(str(path), default_packset(), Options(locale="zh"))
    assert pinned.error is None and pinned.written
    again = fix_file(str(path), default_packset(), Options(locale="zh"))
    assert again.error is None and not again.changed
