"""Configuration files: discovery (nearest wins), every key's effect on a real
run, command-line precedence, and one-line errors naming file:line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from phraselint.cli import cli
from phraselint.config import NO_CONFIG, ConfigResolver, load_config

DATA = Path(__file__).parent / "data" / "config"
PROJECT = DATA / "project"
BAD = DATA / "bad"
ENV = {"LC_ALL": "C", "LANG": "C"}  # messages in English whatever the machine says


def run(*args: str):
    return CliRunner().invoke(cli, list(args), env=ENV)


def stderr_of(result) -> str:
    return result.stderr if hasattr(result, "stderr") else result.output


def check_json(*args: str) -> tuple[int, dict[str, list[tuple[str, str, int]]]]:
    result = run("check", "--format", "json", *args)
    data = json.loads(result.stdout)
    files = {
        Path(f["path"]).as_posix().removeprefix("./"): [
            (x["rule"], x["severity"], x["line"]) for x in f["findings"]
        ]
        for f in data["files"]
    }
    return result.exit_code, files


@pytest.fixture
def in_project(monkeypatch):
    monkeypatch.chdir(PROJECT)


def test_every_key_takes_effect_on_a_directory_run(in_project):
    code, files = check_json(".")
    # exclude: archive/ and *.draft.md are not checked
    assert sorted(files) == [
        "calls/call.md",
        "calls/only_yep.md",
        "exports/call.csv",
        "legacy/call.txt",
        "sub/call.md",
        "tagalog/call.md",
    ]
    # packs + disable (bundled packs and house.en.oops off) + severity (longest
    # prefix wins: house.en → warning, house.en.dont-know → error) + speakers
    # (Rep is the agent) + timing (thanks-opening looks at 2 turns, and the
    # thanks is in the second)
    assert files["calls/call.md"] == [
        ("house.en.yep", "warning", 2),
        ("house.en.dont-know", "error", 2),
    ]
    # csv_columns: Who/Body are the speaker and text columns
    assert files["exports/call.csv"] == [
        ("house.en.yep", "warning", 4),
        ("house.en.dont-know", "error", 4),
    ]
    # encoding: legacy/*.txt is UTF-16 without a byte order mark
    assert files["legacy/call.txt"] == [("house.en.dont-know", "error", 1)]
    # nearest wins: sub/ has its own file, which does not disable oops
    assert files["sub/call.md"] == [("house.en.oops", "info", 1)]
    assert code == 1


def test_locale_glob_forces_the_locale(in_project):
    result = run("check", "--format", "json", "tagalog/call.md", "calls/call.md")
    locales = {f["path"]: f["locale"] for f in json.loads(result.stdout)["files"]}
    assert locales == {"tagalog/call.md": "tl", "calls/call.md": "en"}


def test_exclude_applies_to_files_named_on_the_command_line(in_project):
    code, files = check_json("archive/old.md", "calls/notes.draft.md", "calls/only_yep.md")
    assert list(files) == ["calls/only_yep.md"]


def test_fail_on_comes_from_the_configuration_and_the_option_overrides_it(in_project):
    # only a warning in this file; the configuration says fail_on: warning
    assert run("check", "calls/only_yep.md").exit_code == 1
    assert run("check", "--fail-on", "error", "calls/only_yep.md").exit_code == 0


def test_command_line_overrides_the_configuration(in_project):
    result = run("check", "--format", "json", "--locale", "en", "tagalog/call.md")
    assert json.loads(result.stdout)["files"][0]["locale"] == "en"
    # --no-config: the bundled packs speak again, the house pack is gone
    _, files = check_json("--no-config", "calls/call.md")
    assert not any(rule.startswith("house.") for rule, _, _ in files["calls/call.md"])
    # --config FILE: used for every input, wherever it lies
    _, files = check_json("--config", str(PROJECT / "sub" / ".phraselint.yaml"), "calls/call.md")
    rules = {rule for rule, _, _ in files["calls/call.md"]}
    assert "house.en.oops" in rules and "house.en.yep" in rules


def test_without_the_timing_override_the_required_rule_fires(tmp_path):
    shutil.copy(PROJECT / "house.yaml", tmp_path / "house.yaml")
    config = yaml.safe_load((PROJECT / ".phraselint.yaml").read_text("utf-8"))
    del config["timing"]
    (tmp_path / ".phraselint.yaml").write_text(yaml.safe_dump(config), "utf-8")
    shutil.copy(PROJECT / "calls" / "call.md", tmp_path / "call.md")
    _, files = check_json(str(tmp_path / "call.md"))
    (findings,) = files.values()
    assert ("house.en.thanks-opening", "warning", 1) in findings


def test_pyproject_table_is_read(monkeypatch):
    monkeypatch.chdir(DATA / "pyproject")
    result = run("check", "--format", "json", "call.md")
    (f,) = json.loads(result.stdout)["files"][0]["findings"]
    assert (f["rule"], f["severity"]) == ("house.en.yep", "info")
    assert result.exit_code == 1  # fail_on = "info" in [tool.phraselint]


def test_yaml_comes_before_pyproject_in_one_directory():
    config = ConfigResolver().for_directory(str(DATA / "both"))
    assert Path(config.path).name == ".phraselint.yaml"
    assert config.fail_on == "error"


def test_lookup_walks_up_to_the_root_and_is_cached_per_directory(tmp_path):
    deep = tmp_path / "a" / "b" / "c"
    deep.mkdir(parents=True)
    resolver = ConfigResolver()
    assert resolver.for_directory(str(deep)) is NO_CONFIG
    for parent in [deep, *deep.parents]:
        assert str(parent) in resolver._by_dir  # every directory on the way, up to /
    (tmp_path / "a" / ".phraselint.yaml").write_text("fail_on: info\n", "utf-8")
    assert resolver.for_directory(str(deep)) is NO_CONFIG  # cached for this run
    fresh = ConfigResolver()
    found = fresh.for_directory(str(deep))
    assert found.fail_on == "info"
    assert fresh.for_directory(str(tmp_path / "a" / "b")) is found


def test_pyproject_without_a_table_does_not_stop_the_walk(tmp_path):
    (tmp_path / ".phraselint.yaml").write_text("fail_on: info\n", "utf-8")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "phraselint-free"\n', "utf-8")
    config = ConfigResolver().for_directory(str(inner))
    assert config.path == str(tmp_path / ".phraselint.yaml")


def test_config_command_prints_the_effective_configuration(in_project):
    result = run("config", "tagalog/call.md")
    assert result.exit_code == 0
    first, _, body = result.stdout.partition("\n")
    assert first == f"# configuration for tagalog/call.md: from {PROJECT / '.phraselint.yaml'}"
    data = yaml.safe_load(body)
    assert data["source"] == str(PROJECT / ".phraselint.yaml")
    assert data["packs"] == [str(PROJECT / "house.yaml")]
    assert data["severity"] == {"house.en": "warning", "house.en.dont-know": "error"}
    assert data["timing"] == {"house.en.thanks-opening": {"turns": 2}}
    assert data["file"] == {"excluded": False, "locale": "tl", "encoding": None}
    data = yaml.safe_load(run("config", "archive/old.md").stdout)
    assert data["file"]["excluded"] is True
    data = yaml.safe_load(run("config", "legacy/call.txt").stdout)
    assert data["file"]["encoding"] == "utf-16-le"
    data = yaml.safe_load(run("config", "sub").stdout)
    assert data["source"] == str(PROJECT / "sub" / ".phraselint.yaml")


def test_config_command_without_any_file(tmp_path):
    result = run("config", str(tmp_path))
    assert "no configuration file found" in result.stdout.splitlines()[0]
    assert yaml.safe_load(result.stdout)["source"] is None


BAD_CASES = [
    ("unknown_key.yaml", 3, "unknown key 'severty'"),
    ("wrong_type.yaml", 2, "disable must be a list of strings"),
    ("bad_severity.yaml", 3, "severity of 'en.courtesy' must be one of"),
    ("unknown_rule.yaml", 3, "disable: no rule or pack 'en.courtesy.no-such-rule'"),
    ("bad_timing.yaml", 5, "no option 'dead_air'"),
    ("bad_timing_value.yaml", 4, "turns must be a whole number"),
    ("bad_locale.yaml", 3, "unknown locale 'klingon'"),
    ("bad_encoding.yaml", 2, "unknown encoding 'utf-99'"),
    ("bad_pack.yaml", 2, "no pack file or bundled pack id 'missing-pack.yaml'"),
    ("not_a_mapping.yaml", 1, "must be a mapping"),
    ("bad_yaml.yaml", 2, "invalid YAML"),
]


@pytest.mark.parametrize(("name", "line", "problem"), BAD_CASES)
def test_bad_configuration_is_one_line_with_file_and_line(name, line, problem):
    path = BAD / name
    result = run("check", "--config", str(path), str(PROJECT / "calls" / "call.md"))
    assert result.exit_code == 2
    lines = stderr_of(result).splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"phraselint: error: {path}:{line}: "), lines[0]
    assert problem in lines[0]


def test_bad_pyproject_table_names_its_line(monkeypatch):
    toml = BAD / "toml"
    monkeypatch.chdir(toml)
    result = run("check", str(PROJECT / "calls" / "call.md"), "--config", "pyproject.toml")
    assert result.exit_code == 2
    (line,) = stderr_of(result).splitlines()
    assert line == (
        f"phraselint: error: {toml / 'pyproject.toml'}:6: exclude must be a list of strings"
    )
    # found by the walk, too
    result = run("config", ".")
    assert result.exit_code == 2
    assert stderr_of(result).startswith(f"phraselint: error: {toml / 'pyproject.toml'}:6: ")


def test_a_bad_configuration_found_by_the_walk_stops_the_run(tmp_path):
    (tmp_path / ".phraselint.yaml").write_text("fail_on: sometimes\n", "utf-8")
    (tmp_path / "a.md").write_text("Agent: hello\n", "utf-8")
    result = run("check", str(tmp_path))
    assert result.exit_code == 2
    assert stderr_of(result).strip() == (
        f"phraselint: error: {tmp_path / '.phraselint.yaml'}:1: fail_on must be one of "
        "error, warning, info, not 'sometimes'"
    )


def test_load_config_normalises_values():
    config = load_config(PROJECT / ".phraselint.yaml")
    assert config.packs == (str(PROJECT / "house.yaml"),)
    assert config.locale == (("tagalog", "tl"),)
    assert config.speakers == {"Rep": "agent", "Cust": "customer"}
    assert config.csv_columns == {"text": "Body", "speaker": "Who"}
    assert config.max_bytes == 100000
    assert config.excludes(str(PROJECT / "archive" / "deep" / "x.md"))
    assert not config.excludes(str(PROJECT / "calls" / "call.md"))


def test_fix_honours_the_configuration(tmp_path):
    shutil.copy(PROJECT / "house.yaml", tmp_path / "house.yaml")
    (tmp_path / ".phraselint.yaml").write_text(
        "packs: [house.yaml]\ndisable: [en, zh, tl, house.en.yep]\n", "utf-8"
    )
    script = tmp_path / "call.md"
    script.write_text("Agent: Thank you for calling Acme. Yep, I don't know.\n", "utf-8")
    result = run("fix", str(script))
    assert result.exit_code == 1
    assert script.read_text("utf-8") == (
        "Agent: Thank you for calling Acme. Yep, let me find out.\n"
    )


def test_subprocess_run_in_a_configured_project():
    exe = shutil.which("phraselint", path=os.path.dirname(sys.executable))
    cmd = [exe] if exe else [sys.executable, "-c", "from phraselint.cli import main; main()"]
    proc = subprocess.run(
        [*cmd, "check", "calls/only_yep.md"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env={**os.environ, **ENV},
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # fail_on: warning from the project's file
    assert proc.stdout.startswith("calls/only_yep.md:1:34: warning house.en.yep Say yes.")


def test_timing_overrides_a_timing_rule_threshold(tmp_path):
    timing = DATA / "timing"
    log = str(timing / "call.log")
    _, files = check_json(log)
    assert files[Path(log).as_posix()] == []  # 17 s is under the configured 20 s
    # the same run with the pack's own 10 s
    for name in ("silence.yaml", "call.log"):
        shutil.copy(timing / name, tmp_path / name)
    (tmp_path / ".phraselint.yaml").write_text(
        "packs: [silence.yaml]\ndisable: [en, zh, tl]\n", "utf-8"
    )
    _, files = check_json(str(tmp_path / "call.log"))
    assert list(files.values()) == [[("house.timing.dead-air", "warning", 2)]]
    # a value the rule would refuse in a pack is refused here, at its line
    (tmp_path / ".phraselint.yaml").write_text(
        "packs: [silence.yaml]\ntiming:\n  house.timing.dead-air:\n    max_silence: -1\n", "utf-8"
    )
    result = run("check", str(tmp_path / "call.log"))
    assert result.exit_code == 2
    assert stderr_of(result).startswith(
        f"phraselint: error: {tmp_path / '.phraselint.yaml'}:4: timing: "
        "'house.timing.dead-air': max_silence must be at least 0"
    )
