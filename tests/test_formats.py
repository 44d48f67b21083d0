"""CI output formats, each checked against its schema or parser: SARIF with
jsonschema and the official SARIF 2.1.0 schema, GitHub workflow commands with
a parser that unescapes them, JUnit XML with ElementTree."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from click.testing import CliRunner

from phraselint.cli import cli
from phraselint.report import github_format

DATA = Path(__file__).parent / "data"
FORMATS = DATA / "formats"
SCHEMA = json.loads((DATA / "sarif" / "sarif-schema-2.1.0.json").read_text("utf-8"))
ENGINE_EN = DATA / "engine" / "en.yaml"
BASE = ["--no-config", "--only-packs", "--pack", str(ENGINE_EN)]
INPUTS = ["call.md", "call.vtt", "broken.srt", "binary.txt"]
ENV = {"LC_ALL": "C", "LANG": "C"}


def run(*args: str):
    return CliRunner().invoke(cli, list(args), env=ENV)


@pytest.fixture
def in_formats(monkeypatch):
    monkeypatch.chdir(FORMATS)


def findings_of(*args: str) -> list[tuple[str, dict]]:
    """(path, finding) pairs of the JSON contract, the reference for the others."""
    data = json.loads(run("check", "--format", "json", *args).stdout)
    return [(f["path"], x) for f in data["files"] for x in f["findings"]]


# ----------------------------------------------------------------------------- SARIF


def sarif(*args: str) -> tuple[int, dict]:
    result = run("check", "--format", "sarif", *args)
    return result.exit_code, json.loads(result.stdout)


def test_sarif_is_valid_against_the_official_schema(in_formats):
    code, doc = sarif(*BASE, *INPUTS)
    assert code == 2  # broken.srt could not be read
    validator = jsonschema.Draft4Validator(SCHEMA)
    validator.validate(doc)
    # the validator does check: a log without its version is refused
    broken = copy.deepcopy(doc)
    del broken["version"]
    assert not validator.is_valid(broken)
    broken = copy.deepcopy(doc)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(broken)


def test_sarif_rules_results_and_locations(in_formats):
    _, doc = sarif(*BASE, *INPUTS)
    (run_,) = doc["runs"]
    assert doc["version"] == "2.1.0"
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = run_["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    assert set(by_id) == {
        "test.en.dont-know",
        "test.en.no-start",
        "test.en.hang-on",
        "test.en.cant",
        "test.en.we-cant",
        "test.en.thanks-opening",
        "test.en.sorry",
    }
    rule = by_id["test.en.dont-know"]
    assert rule["shortDescription"]["text"] == "Say what you will do instead."
    assert "Say instead: Let me find out" in rule["help"]["text"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["kind"] == "forbidden"
    assert rule["properties"]["locale"] == "en"
    assert by_id["test.en.sorry"]["defaultConfiguration"]["level"] == "note"
    assert by_id["test.en.thanks-opening"]["properties"]["kind"] == "required"

    expected = findings_of(*BASE, *INPUTS)
    got = run_["results"]
    assert len(got) == len(expected) == 5
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, (path, f) in zip(got, expected, strict=True):
        assert result["ruleId"] == f["rule"]
        assert rules[result["ruleIndex"]]["id"] == f["rule"]
        assert result["level"] == levels[f["severity"]]
        assert result["message"]["text"].startswith(f["message"])
        (loc,) = result["locations"]
        artifact = loc["physicalLocation"]["artifactLocation"]
        assert artifact == {"uri": path, "uriBaseId": "%SRCROOT%"}
        region = loc["physicalLocation"]["region"]
        assert (
            region["startLine"],
            region["startColumn"],
            region["endLine"],
            region["endColumn"],
        ) == (f["line"], f["column"], f["end_line"], f["end_column"])
        assert region["snippet"]["text"] == f["text"]
    root = run_["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root == FORMATS.as_uri() + "/"
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert [
        (n["level"], n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for n in notes
    ] == [("error", "broken.srt"), ("note", "binary.txt")]
    assert "bad timestamp" in notes[0]["message"]["text"]
    assert run_["invocations"][0]["executionSuccessful"] is False


def _apply_sarif_fixes(text: str, results: list[dict]) -> str:
    """Apply the fixes' replacements (columns in code points) to ``text``."""
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    edits = []
    for result in results:
        for fix in result.get("fixes", []):
            (change,) = fix["artifactChanges"]
            for rep in change["replacements"]:
                r = rep["deletedRegion"]
                a = starts[r["startLine"] - 1] + r["startColumn"] - 1
                b = starts[r["endLine"] - 1] + r["endColumn"] - 1
                edits.append((a, b, rep["insertedContent"]["text"]))
    for a, b, new in sorted(edits, reverse=True):
        text = text[:a] + new + text[b:]
    return text


def test_sarif_fixes_are_what_phraselint_fix_writes(in_formats, tmp_path):
    _, doc = sarif(*BASE, "call.md", "call.vtt")
    results = doc["runs"][0]["results"]
    with_fix = [
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for r in results
        if "fixes" in r
    ]
    # one replacement each; no-start has two (a person chooses); the
    # transcript gets none (a record of a call is never edited)
    assert with_fix == [
        ("test.en.dont-know", "call.md"),
        ("test.en.sorry", "call.md"),
        ("test.en.hang-on", "call.md"),
    ]
    original = (FORMATS / "call.md").read_text("utf-8")
    fixed_by_sarif = _apply_sarif_fixes(original, [r for r in results if "fixes" in r])
    copy_ = tmp_path / "call.md"
    shutil.copy(FORMATS / "call.md", copy_)
    assert run("fix", *BASE, str(copy_)).exit_code == 1
    assert fixed_by_sarif == copy_.read_text("utf-8") != original
    assert "Agent: No, let me find out. Sorry, may I check and come back to you?\n" in (
        fixed_by_sarif
    )


def test_sarif_columns_count_code_points_and_uris_are_encoded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "通话 1.md").write_text("Agent: 😀 thank you for calling. I don't know.\n", "utf-8")
    _, doc = sarif(*BASE, "通话 1.md")
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    (result,) = doc["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    uri = location["artifactLocation"]["uri"]
    assert uri == "%E9%80%9A%E8%AF%9D%201.md" and unquote(uri) == "通话 1.md"
    region = location["region"]
    line = (tmp_path / "通话 1.md").read_text("utf-8").splitlines()[0]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == "I don't know"
    assert region["startColumn"] == 33  # the emoji is one column, not two UTF-16 units


def test_sarif_is_the_same_with_worker_processes(in_formats, tmp_path):
    many = [str(tmp_path / f"call{i}.md") for i in range(3)]
    for name in many:
        shutil.copy(FORMATS / "call.md", name)
    _, one = sarif(*BASE, "--jobs", "1", *many)
    _, two = sarif(*BASE, "--jobs", "2", *many)
    assert one == two
    assert sum("fixes" in r for r in two["runs"][0]["results"]) == 9


# ----------------------------------------------------------------------------- GitHub

COMMAND = re.compile(r"^::(?P<cmd>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<msg>.*)$")


def _unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _unescape_property(text: str) -> str:
    return _unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command line as the runner reads it."""
    m = COMMAND.match(line)
    assert m, line
    props = {}
    for part in (m["props"] or "").split(","):
        if part:
            key, value = part.split("=", 1)
            props[key] = _unescape_property(value)
    return m["cmd"], props, _unescape_data(m["msg"])


def test_github_annotations_parse_back_to_the_findings(in_formats):
    result = run("check", "--format", "github", *BASE, *INPUTS)
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    parsed = [parse_command(line) for line in lines]
    expected = findings_of(*BASE, *INPUTS)
    annotations = [p for p in parsed if p[1].get("title") != "phraselint"]
    assert len(annotations) == len(expected)
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    for (cmd, props, msg), (path, f) in zip(annotations, expected, strict=True):
        assert cmd == commands[f["severity"]]
        assert props == {
            "file": path,
            "line": str(f["line"]),
            "col": str(f["column"]),
            "endLine": str(f["end_line"]),
            "endColumn": str(f["end_column"]),
            "title": f["rule"],
        }
        alts = f.get("replacements") or ([f["replacement"]] if f["replacement"] else [])
        assert msg == f["message"] + (f" (→ {' | '.join(alts)})" if alts else "")
    others = [p for p in parsed if p[1].get("title") == "phraselint"]
    assert others[0][0] == "error" and others[0][1]["file"] == "broken.srt"
    assert "bad timestamp" in others[0][2]
    assert others[1][0] == "notice" and others[1][1]["file"] == "binary.txt"
    # round trip: formatting what was parsed gives the same lines
    rebuilt = [github_format.command(c, m, **p) for c, p, m in parsed]
    assert rebuilt == lines


PACK_WITH_TROUBLE = """\
pack: odd.en
locale: en
title: Messages that need escaping
rules:
  - id: sure
    kind: forbidden
    severity: warning
    phrases: ["I'm not sure"]
    replacement: "Let me check"
    message: "100% wrong:\\nsay it, then\\r\\ndo it"
"""


def test_github_escapes_percent_newlines_and_separators(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pack = tmp_path / "odd.yaml"
    pack.write_text(PACK_WITH_TROUBLE, "utf-8")
    name = "a,b:c%d.md"
    (tmp_path / name).write_text("Agent: I'm not sure.\n", "utf-8")
    result = run(
        "check", "--format", "github", "--no-config", "--only-packs", "--pack", str(pack), name
    )
    (line,) = result.stdout.splitlines()
    assert "\n" not in line and "\r" not in line
    assert line == (
        "::warning file=a%2Cb%3Ac%25d.md,line=1,col=8,endLine=1,endColumn=20,title=odd.en.sure"
        "::100%25 wrong:%0Asay it, then%0D%0Ado it (→ Let me check)"
    )
    cmd, props, msg = parse_command(line)
    assert props["file"] == name
    assert msg == "100% wrong:\nsay it, then\r\ndo it (→ Let me check)"


# ----------------------------------------------------------------------------- JUnit


def junit(*args: str) -> tuple[int, ET.Element]:
    result = run("check", "--format", "junit", *args)
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return result.exit_code, ET.fromstring(result.stdout.split("\n", 1)[1])


def test_junit_structure_and_counts(in_formats):
    code, root = junit(*BASE, *INPUTS)
    assert code == 2
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    counts = {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")}
    assert counts == {"tests": "4", "failures": "2", "errors": "1", "skipped": "1"}
    assert {k: root.get(k) for k in counts} == counts
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props == {"findings": "5", "fail_on": "error"}
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == INPUTS
    call = cases["call.md"]
    failures = call.findall("failure")
    # at or above --fail-on error: two; the warning and the info are output
    assert [f.get("type") for f in failures] == ["test.en.dont-know", "test.en.hang-on"]
    assert failures[0].get("message") == "Say what you will do instead."
    assert failures[0].text == (
        "call.md:3:12: error test.en.dont-know Say what you will do instead. "
        "(→ Let me find out)\nI don't know"
    )
    out = call.find("system-out").text.splitlines()
    assert [line.split()[2] for line in out] == ["test.en.no-start", "test.en.sorry"]
    assert [f.get("type") for f in cases["call.vtt"].findall("failure")] == ["test.en.dont-know"]
    (error,) = cases["broken.srt"].findall("error")
    assert "bad timestamp" in error.get("message")
    assert cases["binary.txt"].find("skipped") is not None
    assert not cases["binary.txt"].findall("failure")


def test_junit_fail_on_decides_what_fails(in_formats):
    _, root = junit(*BASE, "--fail-on", "info", "call.md")
    (case,) = root.iter("testcase")
    assert len(case.findall("failure")) == 4
    assert case.find("system-out") is None
    _, root = junit(*BASE, "call.vtt")  # no finding below error: nothing in system-out
    assert root.get("failures") == "1"


def test_junit_stays_well_formed_with_control_characters(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pack = tmp_path / "odd.yaml"
    pack.write_text(PACK_WITH_TROUBLE.replace("100% wrong:", "\\e[1m100%\\e[0m"), "utf-8")
    (tmp_path / "call.md").write_text("Agent: I'm not sure.\n", "utf-8")
    _, root = junit(
        "--no-config", "--only-packs", "--pack", str(pack), "--fail-on", "warning", "call.md"
    )
    (failure,) = root.iter("failure")
    assert failure.get("message").startswith("\ufffd[1m100%\ufffd[0m")


def test_formats_through_a_real_subprocess(in_formats):
    proc = subprocess.run(
        [sys.executable, "-m", "phraselint.cli", "check", "--format", "sarif", *BASE, "call.md"],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", **ENV},
    )
    assert proc.returncode == 1, proc.stderr
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(proc.stdout))


# ----------------------------------------------------------------------------- JSON numbers


@pytest.mark.parametrize("name", ["json", "jsonl", "sarif"])
def test_json_reports_never_write_nan_or_infinity(name):
    """Python's encoder writes NaN and Infinity, which are not JSON: a report
    refuses them rather than write what no parser reads."""
    from io import StringIO

    from phraselint.model import FileResult, Finding
    from phraselint.report import formatter, render

    finding = Finding("x.rule", "timing", "error", "m", 1, 1, 1, 2, "hi", start=float("nan"))
    out = StringIO()
    # The streaming reports write one file at a time, and name it.
    where = "" if name == "sarif" else "calls/a.vtt: "
    with pytest.raises(ValueError, match=f"^{where}NaN or infinity in the report"):
        render(formatter(name), [FileResult("calls/a.vtt", "en", [finding])], out)
    assert "NaN" not in out.getvalue()
