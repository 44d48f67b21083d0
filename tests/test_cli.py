"""The ``phraselint check`` contract: JSON fields, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ENGINE

from phraselint.cli import cli

PACKS = [arg for loc in ("en", "zh", "tl") for arg in ("--pack", str(ENGINE / f"{loc}.yaml"))]
ONLY = ["--only-packs", *PACKS]


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def call_zh(tmp_path: Path) -> Path:
    path = tmp_path / "calls" / "0001.md"
    path.parent.mkdir()
    path.write_text(
        "坐席：您好，请讲。\n客户：你说什么？\n坐席：喂，什麼？！你說什麼？\n坐席：感谢您的来电。\n",
        "utf-8",
    )
    return path


def test_json_output_matches_the_contract_field_by_field(call_zh, tmp_path):
    result = run("check", *ONLY, "--format", "json", str(call_zh))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"version", "files", "summary"}
    assert data["version"] == 1
    assert data["summary"] == {"files": 1, "findings": 1, "errors": 1, "warnings": 0, "infos": 0}
    (entry,) = data["files"]
    assert entry["path"] == str(call_zh)
    assert entry["locale"] == "zh"
    (f,) = entry["findings"]
    assert f == {
        "rule": "test.zh.hua-shenme",
        "kind": "forbidden",
        "severity": "error",
        "message": f["message"],
        "line": 3,
        "column": 4,
        "end_line": 3,
        "end_column": 15,
        "text": "喂，什麼？！你說什麼？",
        "replacement": "对不起,麻烦您将刚才反映的问题再复述一遍,好吗?",
        "speaker": "agent",
        "start": None,
        "end": None,
    }
    assert isinstance(f["message"], str) and f["message"]


def test_json_is_compact_for_programs_and_indented_for_people(call_zh):
    piped = run("check", *ONLY, "--format", "json", str(call_zh)).output
    assert piped.count("\n") == 1 and piped.endswith("}\n")
    shown = run("check", *ONLY, "--format", "json", "--color", str(call_zh)).output
    assert shown.startswith('{\n  "version": 1,')
    assert json.loads(piped) == json.loads(shown)


@pytest.mark.parametrize("color", [False, True])
def test_json_written_file_by_file_is_the_one_document(color, call_zh, tmp_path):
    """The report is written as each file is checked, and is byte for byte
    ``json.dumps`` of the whole document: with no file, one, several, a file
    error among them, compact and indented."""
    import io

    from phraselint.engine import lint_paths
    from phraselint.model import FileResult
    from phraselint.report import json_format

    (tmp_path / "b.md").write_text("Agent: I don't know.\n", "utf-8")
    results = lint_paths([str(call_zh), str(tmp_path / "b.md")])
    results.insert(1, FileResult("gone.md", error="gone.md: no such file or directory"))
    for subset in ([], results[:1], results):
        out = io.StringIO()
        json_format.render(subset, out, color)
        whole = json_format.document(subset)
        assert (
            out.getvalue()
            == json.dumps(whole, ensure_ascii=False, indent=2 if color else None) + "\n"
        )
    flags = ["--color"] if color else []
    shown = run("check", "--format", "json", *flags, str(call_zh), str(tmp_path / "b.md")).output
    assert json.loads(shown)["summary"]["files"] == 2


def test_required_finding_points_at_the_expected_turn(tmp_path):
    path = tmp_path / "script.md"
    path.write_text("Agent: Hello.\nCustomer: Hi.\nAgent: Bye.\n", "utf-8")
    data = json.loads(run("check", *ONLY, "--format", "json", str(path)).output)
    (f,) = data["files"][0]["findings"]
    assert (f["rule"], f["kind"], f["line"], f["column"]) == (
        "test.en.thanks-opening",
        "required",
        1,
        8,
    )
    assert f["replacement"] is None


def test_exit_codes(tmp_path):
    clean = tmp_path / "clean.md"
    clean.write_text("Agent: Hello, thank you for calling Acme.\n", "utf-8")
    warn = tmp_path / "warn.md"
    warn.write_text("Agent: Thank you for calling. No, sorry.\n", "utf-8")
    bad = tmp_path / "bad.md"
    bad.write_text("Agent: Thank you for calling. I don't know.\n", "utf-8")
    assert run("check", *ONLY, str(clean)).exit_code == 0
    assert run("check", *ONLY, str(warn)).exit_code == 0
    assert run("check", *ONLY, "--fail-on", "warning", str(warn)).exit_code == 1
    assert run("check", *ONLY, str(bad)).exit_code == 1
    assert run("check", *ONLY, str(tmp_path / "missing.md")).exit_code == 2
    assert run("check", "--bogus", str(clean)).exit_code == 2


def test_text_output_lines_and_summary(tmp_path):
    path = tmp_path / "s.md"
    path.write_text("Agent: Thank you for calling.\nAgent: I don't know.\n", "utf-8")
    result = run("check", *ONLY, str(path))
    lines = result.output.splitlines()
    assert lines[0] == (
        f"{path}:2:8: error test.en.dont-know Say what you will do instead. (→ Let me find out)"
    )
    assert lines[-1] == "1 file checked: 1 finding (1 error, 0 warnings, 0 infos)"
    assert "\x1b[" not in result.output  # no colour when not a TTY


def test_stdin(tmp_path):
    result = run("check", *ONLY, "--format", "json", "-", input="Agent: I don't know\n")
    data = json.loads(result.output)
    assert data["files"][0]["path"] == "<stdin>"
    assert [f["rule"] for f in data["files"][0]["findings"]] == [
        "test.en.dont-know",  # same place as the required finding: ordered by rule id
        "test.en.thanks-opening",
    ]


def test_directories_recurse(tmp_path, call_zh):
    (tmp_path / "calls" / "en.md").write_text("Agent: hang on a sec\n", "utf-8")
    data = json.loads(run("check", *ONLY, "--format", "json", str(tmp_path)).output)
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["0001.md", "en.md"]


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["check", "--encoding", "nope"], "Invalid value for --encoding: unknown encoding 'nope'"),
        (["fix", "--encoding", "nope"], "Invalid value for --encoding: unknown encoding 'nope'"),
        # a codec that is no text encoding (bytes to bytes, str to str) is none
        (
            ["check", "--encoding", "rot13"],
            "Invalid value for --encoding: unknown encoding 'rot13'",
        ),
        (["check", "--input-format", "bogus"], "unknown input format 'bogus' (known: aws, "),
    ],
)
def test_a_misspelt_codec_or_format_is_one_usage_error(tmp_path, args, problem):
    files = []
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("Agent: I don't know\n", "utf-8")
        files.append(str(tmp_path / name))
    result = CliRunner().invoke(cli, [*args, *files])
    assert result.exit_code == 2
    assert result.stderr.count(problem) == 1 and "could not be read" not in result.output


@pytest.mark.parametrize("command", ["check", "fix"])
def test_a_directory_with_nothing_to_check_passes_with_a_warning(tmp_path, command):
    (tmp_path / "notes.rst").write_text("Agent: I don't know\n", "utf-8")
    result = CliRunner().invoke(cli, [command, str(tmp_path)])
    assert result.exit_code == 0
    assert result.stderr == f"phraselint: warning: no file to check in {tmp_path}\n"
    (tmp_path / "call.md").write_text("Agent: I don't know\n", "utf-8")
    assert "no file to check" not in CliRunner().invoke(cli, [command, str(tmp_path)]).stderr


def test_locale_can_be_forced(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("Ahente: Oo, sige.\n", "utf-8")
    auto = json.loads(run("check", *ONLY, "--format", "json", str(path)).output)
    forced = json.loads(
        run("check", *ONLY, "--format", "json", "--locale", "fil_PH", str(path)).output
    )
    assert auto["files"][0]["locale"] == "en"  # two words are not enough evidence
    assert forced["files"][0]["locale"] == "tl"
    assert "test.tl.oo" in [f["rule"] for f in forced["files"][0]["findings"]]


@pytest.mark.parametrize(
    ("pack", "line", "problem"),
    [
        (
            "pack: x\nlocale: en\nrules:\n  - id: a\n    kind: forbidden\n    phrases: [no]\n",
            6,
            "quote",
        ),
        ("pack: x\nlocale: en\nrules:\n  - id: a\n    kind: nope\n", 5, "unknown kind"),
        (
            "pack: x\nlocale: en\nrules:\n  - id: a\n    kind: forbidden\n    phrases: ['?!']\n",
            4,
            "no word",
        ),
        (
            "pack: x\nlocale: en\nrules:\n  - id: a\n    kind: forbidden\n    phrase: ['a']\n",
            6,
            "unknown field",
        ),
        (
            "pack: x\nlocale: en\nrules:\n  - id: a\n    kind: forbidden\n    phrases: ['a']\n  - id: a\n    kind: forbidden\n    phrases: ['b']\n",
            7,
            "duplicate rule id",
        ),
        ("pack: x\nlocale: en\nrules: [\n", 4, "invalid YAML"),
        (
            "pack: x\nlocale: en\nrules:\n  - id: a\n    kind: forbidden\n"
            "    phrases: ['sorry']\n    replacement: \"I'm sorry\"\n",
            4,
            "would itself trigger",
        ),
        (
            "pack: x\nlocale: en\nrules:\n  - id: a\n    kind: forbidden\n    phrases: []\n",
            4,
            "at least one",
        ),
        (
            "pack: x\nlocale: en\nrules:\n  - id: a\n    kind: forbidden\n    severity: fatal\n    phrases: ['a']\n",
            6,
            "severity",
        ),
        ("pack: x\nlocale: xx_YY\nrules: []\n", 2, "unknown locale"),
    ],
)
def test_malformed_pack_is_exit_2_with_one_line_naming_file_and_line(tmp_path, pack, line, problem):
    path = tmp_path / "bad.yaml"
    path.write_text(pack, "utf-8")
    doc = tmp_path / "a.md"
    doc.write_text("Agent: hello\n", "utf-8")
    result = CliRunner().invoke(cli, ["check", "--pack", str(path), str(doc)])
    assert result.exit_code == 2
    err = result.stderr if hasattr(result, "stderr") else result.output
    lines = [x for x in err.splitlines() if x]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"phraselint: error: {path}:{line}: "), lines[0]
    assert problem in lines[0]
    assert "Traceback" not in err


MODULE = [sys.executable, "-m", "phraselint"]  # python -m phraselint


def _phraselint() -> list[str]:
    exe = shutil.which("phraselint", path=os.path.dirname(sys.executable))
    return [exe] if exe else MODULE


@pytest.mark.parametrize("how", ["console script", "python -m"])
def test_real_subprocess_exit_codes_and_json(tmp_path, call_zh, how):
    command = _phraselint() if how == "console script" else MODULE
    proc = subprocess.run(
        [*command, "check", *ONLY, "--format", "json", str(call_zh)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["errors"] == 1
    proc = subprocess.run(
        [*command, "check", str(tmp_path / "nope.md")], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("phraselint: error: ")  # the program's name, either way


def test_the_command_skips_the_interpreter_teardown_and_loses_no_output(tmp_path):
    """Run as a command, phraselint leaves with os._exit once its output is
    flushed (cli.main): an atexit handler, run by the teardown, never runs,
    and a report far larger than a pipe's buffer still arrives whole, with
    the exit code the run decided (1: findings; 2: an error)."""
    files = []
    for i in range(200):
        path = tmp_path / f"call{i}.txt"
        path.write_text("Agent: Oops, I don't know. Hang on a sec.\n" * 20, "utf-8")
        files.append(str(path))
    probe = (
        "import atexit, sys; atexit.register(lambda: print('TEARDOWN', file=sys.stderr)); "
        "from phraselint.cli import main; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, "check", "--format", "json", *files],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr
    assert "TEARDOWN" not in proc.stderr
    report = json.loads(proc.stdout)  # whole: about 5 MB through the pipe
    assert len(report["files"]) == 200 and report["summary"]["errors"] > 0
    proc = subprocess.run(
        [sys.executable, "-c", probe, "check", str(tmp_path / "nope.md")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "TEARDOWN" not in proc.stderr
    assert proc.stderr.startswith("phraselint: error: ")


def test_packs_test_fails_on_a_broken_pack(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(
        "pack: x\nlocale: en\nrules:\n  - id: a\n    kind: forbidden\n    phrases: ['oops']\n"
        "    examples: {bad: ['All good.'], good: ['Oops.']}\n",
        "utf-8",
    )
    result = run("packs", "test", str(path))
    assert result.exit_code == 1
    assert "FAIL" in result.output and "expected to fire on 'All good.'" in result.output
    assert run("packs", "test", str(ENGINE / "en.yaml")).exit_code == 0


def test_packs_validate(tmp_path):
    assert run("packs", "validate", str(ENGINE / "zh.yaml")).exit_code == 0
