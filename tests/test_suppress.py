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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phraselint import suppress
from phraselint.cli import cli
from phraselint.engine import lint_document, lint_text
from phraselint.errors import InputError
from phraselint.model import Document, Finding
from phraselint.packs import PackSet
from phraselint.readers import read_text
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
        # "test.fi" is not a prefix of "test.fix.…" (ids end at dots): it names
        # no rule, which is always reported, and line 15 keeps its finding
        (14, UNUSED_RULE),
        (15, KNOW),
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


def test_unused_directives_are_reported_when_asked_misspelt_ids_always() -> None:
    (misspelt,) = check("unused.md")[1]
    assert (misspelt["line"], misspelt["rule"], misspelt["severity"]) == (5, UNUSED_RULE, "warning")
    assert misspelt["message"] == (
        "Unused directive: phraselint-disable: no rule or pack 'test.nothing'; "
        "correct the id or remove it."
    )
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
        # the suggestion is spelled in the comment style the writer used
        ("misspelt.md", "misspelt.md:2:", "(expected phraselint-disable-next-line, "),
        ("misspelt.txt", "misspelt.txt:2:", "(expected # phraselint: disable-next-line, "),
        ("bad_id.txt", "bad_id.txt:3:", "'test/fix' in phraselint-disable-next-line"),
        # The directive's comment never closes, so it runs to the next comment's
        # "-->": the error points where it opened and says what is likely wrong.
        ("unclosed.md", "unclosed.md:3:", "(the comment opened on line 3 ends on line 7: is its"),
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


@pytest.mark.parametrize("gap", ["", " "])
def test_a_directive_may_end_with_no_space_before_the_arrow(gap: str) -> None:
    """``<!-- phraselint-disable-->`` is ``disable`` even when another comment
    closes later in the file (the verb's dashes once ran on to that "-->")."""
    text = (
        f"<!-- phraselint-disable-next-line{gap}-->\nAgent: I don't know.\n"
        f"<!-- phraselint-disable-line test.fix{gap}-->Agent: I don't know.\n"
        "Agent: I don't know. <!-- a note -->\n"
    )
    assert [(f.line, f.rule) for f in lint_text(text, locale="en", packs=PACKS)] == [(4, KNOW)]


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


# ------------------------------------------- the old, quadratic implementation
#
# Kept as a reference for the differential tests below: the code of
# phraselint/suppress.py before the line index and the "-->" look-ahead, where
# every finding walked every directive and every unclosed comment searched the
# rest of the text. The new code must decide exactly as this did. (The loop over
# a line's comments is shared; the reference gives it the plain lazy pattern.)


def _reference_parse_directives(doc):
    plain = doc.path.lower().endswith(suppress.PLAIN_EXTENSIONS)
    masker = suppress._Masker(markdown=not plain)
    found = []
    text = doc.source
    starts = suppress._line_starts(text)
    for number, (start, end) in enumerate(starts, 1):
        raw = text[start:end].rstrip("\r\n")
        in_code = masker.fence is not None or masker.front
        masker.mask(number, raw)
        if in_code or masker.fence is not None or masker.front:
            continue
        if plain:
            m = suppress._HASH.match(raw)
            if m:
                found.append(
                    suppress._directive(doc, m.group(1), m.group(2), number, 0, len(raw), raw)
                )
                continue
        if "<!--" in raw:  # the lazy pattern run to wherever it ends, every time
            found.extend(
                suppress._comment_directives(
                    doc, starts, number, lambda opening: suppress._COMMENT.match(text, opening)
                )
            )
    return found


def _reference_covering(directives, rule, line):
    for d in directives:
        if (d.verb == "disable-next-line" and d.line + 1 == line) or (
            d.verb == "disable-line" and d.line == line
        ):
            rid = d.matches(rule)
            if rid is not None:
                return d, rid
    for d in reversed(directives):
        if d.verb not in ("disable", "enable") or d.line > line:
            continue
        rid = d.matches(rule)
        if rid is None:
            continue
        return (d, rid) if d.verb == "disable" else None
    return None


def _reference_apply_suppressions(doc, findings, report_unused=False, known_rules=()):
    if doc.kind != "script" or "phraselint" not in doc.source:
        return findings
    directives = _reference_parse_directives(doc)
    if not directives:
        return findings
    kept = []
    for f in findings:
        hit = _reference_covering(directives, f.rule, f.line)
        if hit is None:
            kept.append(f)
        else:
            hit[0].used.add(hit[1])
    unused = suppress._unused(directives, set(known_rules), report_unused)
    if unused:
        kept.extend(unused)
        kept.sort(key=Finding.sort_key)
    return kept


# ------------------------------------------------ generated documents, compared

IDS = ["a", "a.b", "a.b.c", "a.b.", "a", "a.b", "b", "b.x.y", "a.bc", "c.", "zz", "a..b"]
RULES = ["a.b.c", "a.b.c", "a.b.d", "a.b", "a", "b.x.y", "a.bc.x", "b.x", "c.d", "a..b.c", ""]
HTML_VERBS = [*suppress.VERBS, "disable-next-line", "disable-line"]


@st.composite
def directive_ids(draw) -> str:
    ids = draw(st.lists(st.sampled_from(IDS), max_size=3))
    seps = [draw(st.sampled_from([" ", ", ", ",", "  "])) for _ in ids]
    return "".join(sep + rid for sep, rid in zip(seps, ids, strict=True))


@st.composite
def pieces(draw) -> str:
    """One line's worth of text: speech, directives of every form (some
    misspelt, unclosed, over several lines or with a bad id), comment ends,
    fences. Errors and comments that never close (an error too when a "-->"
    follows) are rare, so that most documents get as far as suppressing."""
    kind = draw(st.integers(0, 99))
    verb = draw(st.sampled_from(HTML_VERBS))
    ids = draw(directive_ids())
    if kind < 50:
        space = draw(st.sampled_from([" ", " ", "", "\n  "]))
        sep = draw(st.sampled_from(["-", "-", "-", ": ", ":", ":\t"]))
        close = draw(st.sampled_from([" -->", " -->", " -->", "-->", "\n-->"]))
        if close == "-->" and not ids:
            close = " -->"  # "disable-->" is a rare case below: the word takes the dashes
        return f"<!--{space}phraselint{sep}{verb}{ids}{close}"
    if kind < 62:
        return f"# phraselint: {verb}{ids}"
    if kind < 65:  # unclosed, maybe with trailing dashes
        tail = draw(st.sampled_from(["", "-", "--", "--", " --", "->"]))
        return f"<!-- phraselint-{verb}{ids}{tail}"
    if kind < 68:
        return draw(st.sampled_from(["-->", "--", ">", "<!--", "<!-- note -->", "--->"]))
    if kind < 73:
        return draw(st.sampled_from(["```", "---", "    ", "#", "`code`"]))
    if kind < 75:  # dashes before the end: the verb or an id is then wrong when a
        # "-->" follows somewhere (the lazy match ends there, the word keeps them)
        return f"<!-- phraselint-{verb}{draw(st.sampled_from(['-->', '--->', ids + ' --->']))}"
    if kind < 76:  # an error: misspelt verb or an id that is no id
        return draw(
            st.sampled_from(
                [
                    "<!-- phraselint-disabel -->",
                    "<!-- phraselint-disable a/b -->",
                    "# phraselint: x",
                ]
            )
        )
    return draw(st.sampled_from(["Agent: I don't know.", "Caller: hi", "", "text"]))


def _line(pieces: list[str]) -> str:
    """The pieces side by side, but a ``#`` directive on a line of its own
    (with more after it, its ids would be wrong: an error)."""
    return next((p for p in pieces if p.startswith("# phraselint")), " ".join(pieces))


@st.composite
def documents(draw) -> tuple[Document, list[Finding]]:
    lines = draw(
        st.lists(st.lists(pieces(), min_size=1, max_size=3).map(_line), min_size=1, max_size=12)
    )
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    source = newline.join(lines) + draw(st.sampled_from(["", newline]))
    path = draw(st.sampled_from(["doc.md", "doc.txt", "doc.markdown"]))
    doc = Document(path=path, source=source, turns=[])
    count = source.count("\n") + 2
    findings = [
        Finding(rule, "forbidden", "error", "m", line, col, line, col + 1, "x")
        for rule, line, col in draw(
            st.lists(
                st.tuples(st.sampled_from(RULES), st.integers(0, count), st.integers(1, 3)),
                max_size=40,
            )
        )
    ]
    if draw(st.booleans()):
        findings.sort(key=Finding.sort_key)
    return doc, findings


def _outcome(apply, doc: Document, findings: list[Finding], report: bool, known):
    """What ``apply`` made of the findings: kept and silenced ones (by
    identity), the unused-directive reports, or the error."""
    try:
        kept = apply(doc, list(findings), report, known)
    except InputError as exc:
        return ("error", str(exc), exc.path, exc.line)
    given = {id(f): n for n, f in enumerate(findings)}
    kept_ids = {id(f) for f in kept}
    return (
        [given[id(f)] if id(f) in given else f.to_dict() for f in kept],
        [n for n, f in enumerate(findings) if id(f) not in kept_ids],
    )


def _parsed(parse, doc: Document):
    try:
        return [(d.verb, d.ids, d.line, d.column, d.end_column, d.text) for d in parse(doc)]
    except InputError as exc:
        return ("error", str(exc), exc.path, exc.line)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=documents(), report=st.booleans(), known=st.sampled_from([(), ("a.b.c", "zz.q")]))
def test_suppressions_decide_as_the_reference(case, report, known) -> None:
    doc, findings = case
    assert _parsed(suppress.parse_directives, doc) == _parsed(_reference_parse_directives, doc)
    new = _outcome(suppress.apply_suppressions, doc, findings, report, known)
    old = _outcome(_reference_apply_suppressions, doc, findings, report, known)
    assert new == old


COMMENT_BITS = ["<!--", "<!-- phraselint", "phraselint", "-", "--", "-->", ">", ":", " ", "\t"]
COMMENT_BITS += ["\n", "disable", "disable-line", "a.b", ",", "x"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(
        documents().map(lambda case: case[0].source),
        st.lists(st.sampled_from(COMMENT_BITS), max_size=40).map("".join),
    )
)
def test_comments_match_as_the_lazy_regex(text: str) -> None:
    """Every "<!--", asked in order as the parser does, matches as
    ``_COMMENT.match`` on the whole text."""
    closes = suppress._Closes(text)
    opening = text.find("<!--")
    while opening >= 0:
        new = suppress._match_comment(text, opening, closes)
        old = suppress._COMMENT.match(text, opening)
        assert (new and (new.span(), new.groups())) == (old and (old.span(), old.groups()))
        opening = text.find("<!--", opening + 1)


# ------------------------------------------------------- many directives at once


def test_thousands_of_directives() -> None:
    cycle = [
        "Agent: I don't know. Hold on. <!-- phraselint-disable-line -->",
        "<!-- phraselint-disable-next-line test.fix -->",
        "Agent: I don't know. Hold on.",
        "Agent: I don't know. Hold on. <!-- phraselint-disable-line test.other -->",
        "Agent: Hold on. <!-- phraselint-disable test.fix.dont-know -->",
        "Agent: I don't know. Hold on. <!-- phraselint-enable -->",
    ]
    text = "\n".join(cycle[n % 6] for n in range(3000)) + "\n"
    expected = []
    for n in range(3000):
        if n % 6 == 2:
            expected.append((n + 1, HOLD))  # test.fix silenced from the line before
        elif n % 6 == 3:
            expected.append((n + 1, KNOW))
        elif n % 6 == 4:
            expected.append((n + 1, HOLD))
        elif n % 6 == 5:
            expected += [(n + 1, KNOW), (n + 1, HOLD)]  # the enable is on the same line
    found = [(f.line, f.rule) for f in lint_text(text, locale="en", packs=PACKS, path="a.md")]
    assert found == expected

    packset = PackSet.load(extra=PACKS, only=True)
    doc = read_text(text, "a.md")
    found = lint_document(doc, packset, "en", report_unused_disables=True)
    unused = [(n + 1, UNUSED_RULE) for n in range(3000) if n % 6 == 4]  # silenced nothing
    assert sorted((f.line, f.rule) for f in found) == sorted(expected + unused)


def test_thousands_of_ranges_and_unclosed_comments() -> None:
    lines = []
    for n in range(2000):
        lines += [
            "<!-- phraselint-disable -->" if n % 2 else "<!-- phraselint-enable test.fix -->",
            "Agent: I don't know. Hold on.",
        ]
    text = "\n".join(lines) + "\n"
    found = [(f.line, f.rule) for f in lint_text(text, locale="en", packs=PACKS, path="a.md")]
    assert found == [(2, KNOW), (2, HOLD)] + [(4 * k + 2, KNOW) for k in range(1, 1000)]

    # Comments that never close are no directives (and hide the rest as a comment).
    text = "Agent: Hold on. <!-- phraselint-disable-line\n" * 3000
    found = [(f.line, f.rule) for f in lint_text(text, locale="en", packs=PACKS, path="a.md")]
    assert found == [(1, HOLD)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_misspelt_directive_over_several_lines_shows_its_first(newline: str) -> None:
    text = newline.join(["Agent: Hello.", "<!-- phraselint-disabel", "test.fix -->", ""])
    with pytest.raises(InputError) as caught:
        lint_text(text, locale="en", packs=PACKS, path="call.md")
    assert "unknown directive '<!-- phraselint-disabel …'" in str(caught.value)
    assert caught.value.line == 2


def test_a_bundled_rule_id_is_no_typo_in_a_run_of_other_packs() -> None:
    """--only-packs leaves en.ffp out of the run, but a directive naming it
    is not misspelt; only a name that no pack anywhere has is."""
    result = CliRunner().invoke(
        cli,
        ["check", "--format", "json", *PACK_ARGS, str(DATA / "bundled_id.txt")],
    )
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["line"], f["rule"]) for f in findings if f["rule"] == UNUSED_RULE] == [
        (3, UNUSED_RULE)
    ]
