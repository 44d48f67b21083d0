"""Inline suppressions: which findings each directive silences, and the report
of directives that silenced nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from phraselint.cli import cli
from phraselint.engine import lint_document, lint_text
from phraselint.model import Document, Finding
from phraselint.packs import PackSet
from phraselint.suppress import UNUSED_RULE, apply_suppressions

DATA = Path(__file__).parent / "data" / "suppress"
PACKS = [str(Path(__file__).parent / "data" / "fix" / "pack_en.yaml"), str(DATA / "other.yaml")]
PACK_ARGS = [arg for pack in PACKS for arg in ("--pack", pack)] + ["--only-packs"]
KNOW, HOLD = "test.fix.dont-know", "test.other.hold-on"


def check(name: str, *extra: str) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(
        cli, ["check", "--format", "json", *PACK_ARGS, *extra, str(DATA / name)]
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["files"][0]["findings"]


def lines_and_rules(name: str, *extra: str) -> list[tuple[int, str]]:
    return [(f["line"], f["rule"]) for f in check(name, *extra)[1]]


def test_disable_next_line_and_disable_line() -> None:
    assert lines_and_rules("next_line.md") == [
        (1, KNOW),  # no directive
        # line 3: disable-next-line without ids silences both rules
        (5, HOLD),  # a full rule id silences that rule only
        (7, KNOW),  # a pack prefix silences the whole pack
        (8, HOLD),  # disable-line at the end of the line, pack prefix test.fix
        (9, HOLD),  # disable-line covers its own line only
        (13, KNOW),  # a comment over three lines covers the line after it ends
        (15, KNOW),  # "test.fi" is not a prefix of "test.fix.…": ids end at dots
    ]


def test_disable_enable_ranges() -> None:
    assert lines_and_rules("ranges.md") == [
        (1, KNOW),
        (1, HOLD),
        # line 3: disable without ids silences everything
        (5, HOLD),  # enable test.other lifts the pack again
        (7, KNOW),  # enable without ids lifts everything
        (7, HOLD),
        # line 9: disable with two full ids (comma-separated) silences both
        (11, KNOW),  # enable test.fix lifts test.fix.dont-know; hold-on stays silenced
    ]


def test_plain_text_hash_directives_and_comments() -> None:
    assert lines_and_rules("plain.txt") == [
        (2, HOLD),  # "# phraselint: disable-next-line test.fix"
        # line 4: inside "# phraselint: disable" … "# phraselint: enable"
        (6, KNOW),
        # line 8: an HTML comment works in plain text too
    ]


def test_a_hash_line_in_markdown_is_a_heading_not_a_directive() -> None:
    assert lines_and_rules("heading.md") == [(3, KNOW)]


def test_a_directive_in_a_code_block_is_an_example() -> None:
    assert lines_and_rules("code.md") == [(7, KNOW)]


def test_transcripts_have_no_directives() -> None:
    assert lines_and_rules("call.vtt") == [(6, KNOW)]


def test_unused_directives_are_reported_only_when_asked() -> None:
    assert lines_and_rules("unused.md") == []
    code, findings = check("unused.md", "--report-unused-disables")
    assert code == 0  # warnings do not fail a run at the default --fail-on error
    assert [(f["line"], f["rule"], f["kind"], f["severity"]) for f in findings] == [
        (1, UNUSED_RULE, "forbidden", "warning"),
        (3, UNUSED_RULE, "forbidden", "warning"),
        (5, UNUSED_RULE, "forbidden", "warning"),
    ]
    messages = [f["message"] for f in findings]
    assert "phraselint-disable-next-line silenced nothing" in messages[0]
    assert "test.other silenced nothing" in messages[1]  # test.fix was used, test.other not
    assert "no rule or pack 'test.nothing'" in messages[2]
    assert findings[0]["text"] == "<!-- phraselint-disable-next-line -->"
    assert (findings[0]["column"], findings[0]["end_column"]) == (1, 38)
    assert findings[0]["replacement"] is None


def test_unused_directives_fail_with_fail_on_warning() -> None:
    code, _ = check("unused.md", "--report-unused-disables", "--fail-on", "warning")
    assert code == 1


@pytest.mark.parametrize(
    ("name", "where", "problem"),
    [
        ("misspelt.md", "misspelt.md:2:", "unknown directive '<!-- phraselint-disabel -->'"),
        ("bad_id.txt", "bad_id.txt:3:", "'test/fix' in phraselint-disable-next-line"),
    ],
)
def test_a_bad_directive_is_a_one_line_error(name: str, where: str, problem: str) -> None:
    result = CliRunner().invoke(cli, ["check", *PACK_ARGS, str(DATA / name)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1
    assert where in errors[0] and problem in errors[0]
    assert "Traceback" not in result.output


def test_library_users_get_suppressions_too() -> None:
    packs = PACKS
    text = "<!-- phraselint-disable test.fix -->\nAgent: I don't know. Hold on.\n"
    assert [f.rule for f in lint_text(text, locale="en", packs=packs)] == [HOLD]


def test_suppressions_with_the_bundled_packs() -> None:
    text = "<!-- phraselint-disable en.ffp -->\nAgent: I don't know.\n"
    rules = [f.rule for f in lint_text(text, locale="en")]
    assert rules and not any(r.startswith("en.ffp.") for r in rules)
    assert "en.ffp.i-dont-know" in [f.rule for f in lint_text(text[35:], locale="en")]


def test_apply_suppressions_leaves_transcripts_alone() -> None:
    doc = Document(path="call.vtt", source="<!-- phraselint-disable -->\n", turns=[])
    doc.kind = "transcript"
    finding = Finding(KNOW, "forbidden", "error", "m", 1, 1, 1, 2, "x")
    assert apply_suppressions(doc, [finding], report_unused=True) == [finding]


def test_lint_document_reports_unused_when_asked() -> None:
    from phraselint.readers import read_text

    packset = PackSet.load(extra=PACKS, only=True)
    doc = read_text("<!-- phraselint-disable-next-line -->\nAgent: Thanks.\n", "call.md")
    assert lint_document(doc, packset, "en") == []
    found = lint_document(doc, packset, "en", report_unused_disables=True)
    assert [(f.line, f.rule) for f in found] == [(1, UNUSED_RULE)]


def test_check_as_a_subprocess() -> None:
    exe = shutil.which("phraselint", path=str(Path(sys.executable).parent))
    command = [exe] if exe else [sys.executable, "-c", "from phraselint.cli import main; main()"]
    done = subprocess.run(
        [*command, "check", *PACK_ARGS, "--report-unused-disables", str(DATA / "unused.md")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"{DATA / 'unused.md'}:3:1: warning {UNUSED_RULE}" in done.stdout
