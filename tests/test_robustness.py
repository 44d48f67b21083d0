"""Never crash, never corrupt: hostile packs, bad inputs, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ENGINE

from phraselint.cli import cli

ONLY = ["--only-packs", "--pack", str(ENGINE / "en.yaml"), "--pack", str(ENGINE / "zh.yaml")]


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_catastrophic_regex_in_a_pack_is_refused_with_file_line_and_rule(tmp_path):
    pack = tmp_path / "slow.yaml"
    pack.write_text(
        "pack: slow\nlocale: en\nrules:\n  - id: evil\n    kind: forbidden\n"
        "    patterns: ['^(a|aa)+$']\n    examples: {bad: [a], good: [b]}\n",
        "utf-8",
    )
    result = invoke("packs", "validate", str(pack))
    assert result.exit_code == 2
    assert f"{pack}:6: rule 'evil': pattern" in result.output
    assert "catastrophically" in result.output


def test_regex_timeout_at_run_time_is_an_error_for_that_file_only(tmp_path, monkeypatch):
    import phraselint.rules.forbidden as forbidden

    monkeypatch.setattr(forbidden, "REGEX_TIMEOUT", 0.000001)
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: p\nlocale: en\nrules:\n  - id: r\n    kind: forbidden\n"
        "    patterns: ['(?:\\w+\\s?)+y']\n    examples: {bad: [xy], good: [b]}\n",
        "utf-8",
    )
    doc = tmp_path / "a.md"
    # The turn holds a "y", which every match needs, so the pattern's literal
    # pre-filter lets it run (and backtrack).
    doc.write_text("Agent: y " + "word " * 4000 + "\n", "utf-8")
    result = invoke("check", "--only-packs", "--pack", str(pack), str(doc))
    assert result.exit_code == 2
    assert "timed out" in result.output and "Traceback" not in result.output


def test_exit_2_never_hides_findings_of_readable_files(tmp_path):
    good = tmp_path / "a.md"
    good.write_text("Agent: I don't know.\n", "utf-8")
    bad = tmp_path / "b.vtt"
    bad.write_text("not a webvtt file\n00:01.000 --> 00:00.000\nhi\n", "utf-8")
    result = invoke("check", *ONLY, "--format", "json", str(good), str(bad))
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    by_path = {Path(f["path"]).name: f for f in data["files"]}
    assert [f["rule"] for f in by_path["a.md"]["findings"]] == [
        "test.en.dont-know",
        "test.en.thanks-opening",
    ]
    assert "error" in by_path["b.vtt"]


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "--format", "xml", "x"],
        ["check", "--locale", "xx", "-"],
        ["check", "--pack", "/nonexistent.yaml", "-"],
        ["check", "--input-format", "nope", "-"],
        ["check", "--encoding", "no-such-codec", "-"],
        ["packs", "show", "no.such.pack"],
        ["packs", "validate", "/nonexistent.yaml"],
        ["packs", "test", "/nonexistent.yaml"],
        ["nonsense"],
    ],
)
def test_no_traceback_reaches_the_user(args):
    result = invoke(*args, input="Agent: hello\n")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unexpected_errors_are_one_line_unless_debug(tmp_path, monkeypatch):
    import phraselint.batch as batch

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(batch, "lint_file", boom)
    doc = tmp_path / "a.md"
    doc.write_text("Agent: hi\n", "utf-8")
    result = invoke("check", str(doc))
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "phraselint: error: internal error: RuntimeError: kaboom "
        "(run with --debug for the traceback)"
    )
    result = invoke("--debug", "check", str(doc))
    assert isinstance(result.exception, RuntimeError)


def test_binary_and_oversized_files_are_skipped_with_a_warning(tmp_path):
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp_path / "ok.md").write_text("Agent: I don't know.\n", "utf-8")
    result = invoke("check", *ONLY, str(tmp_path))
    assert result.exit_code == 1
    assert "skipped" in result.stderr and "blob.txt" in result.stderr
    assert "ok.md:1:8" in result.stdout


def test_json_data_beside_the_scripts_is_skipped_not_linted(tmp_path):
    """A package.json (or a transcript in a JSON layout no reader knows) read
    as a script would be agent narration missing every required phrase."""
    package = tmp_path / "package.json"
    package.write_text('{\n  "name": "call-scripts",\n  "version": "1.0.0"\n}\n', "utf-8")
    (tmp_path / "ok.md").write_text("Agent: I don't know.\n", "utf-8")
    before = package.read_bytes()
    result = invoke("check", *ONLY, "--format", "json", str(tmp_path))
    assert result.exit_code == 1  # the script's finding, nothing from the JSON
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)["files"]}
    assert files["package.json"]["findings"] == []
    assert files["package.json"]["skipped"].startswith("JSON in no transcript format")
    assert [(f["line"], f["column"], f["text"]) for f in files["ok.md"]["findings"]].count(
        (1, 8, "I don't know")
    ) == 1
    assert f"warning: {package}: skipped: JSON in no transcript format" in result.stderr
    fixed = invoke("fix", str(package))
    assert fixed.exit_code == 0 and "not rewritten" in fixed.stderr
    assert package.read_bytes() == before


def test_json_on_stdin_is_skipped_under_the_stdin_name():
    result = invoke("check", *ONLY, "-", input='{"agent": "I don\'t know"}')
    assert result.exit_code == 0
    assert "warning: <stdin>: skipped: JSON in no transcript format" in result.stderr
    assert "1 skipped" in result.stdout


def test_lint_text_refuses_json_it_cannot_read():
    from phraselint import lint_text
    from phraselint.errors import InputError

    with pytest.raises(InputError, match="^<text>: JSON in no transcript format"):
        lint_text('[{"speaker": "agent", "said": "I don\'t know"}]', locale="en")
