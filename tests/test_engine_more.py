"""More engine guarantees: line breaks in every language, pack extension,
the same findings from every encoding and every transcript format."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, ENGINE, rules

from phraselint.engine import Options, default_packset, lint_text
from phraselint.packs import PackSet, load_pack


@pytest.mark.parametrize(
    ("text", "locale", "rule"),
    [
        ("坐席：喂，什么？！你说\n什么？", "zh", "test.zh.hua-shenme"),
        ("Ahente: Hindi ko\npo alam.", "tl", "test.tl.hindi-alam"),
    ],
)
def test_phrase_broken_across_a_line_break_in_zh_and_tl(lint, text, locale, rule):
    (f,) = [f for f in lint(text, locale) if f.kind == "forbidden"]
    assert f.rule == rule
    assert (f.line, f.end_line) == (1, 2)
    assert "\n" in f.text


def test_a_pack_extends_another_overrides_and_disables_rules(tmp_path):
    user = tmp_path / "acme.yaml"
    user.write_text(
        "pack: acme.en\nlocale: en\nextends: test.en\n"
        "disable: [no-start]\n"
        "rules:\n"
        "  - id: dont-know\n    kind: forbidden\n    severity: warning\n"
        '    phrases: ["I don\'t know"]\n    replacement: "Let me check that for you"\n'
        '    examples: {bad: ["I don\'t know"], good: ["Let me check that for you"]}\n'
        '  - id: acme-slang\n    kind: forbidden\n    phrases: ["no worries"]\n'
        '    examples: {bad: ["No worries"], good: ["You\'re welcome"]}\n',
        "utf-8",
    )
    base = load_pack(ENGINE / "en.yaml")
    packset = PackSet([base, load_pack(user)])
    assert [p.id for p in packset.packs] == ["acme.en"]  # the extended pack is replaced
    found = lint_text("Agent: No. I don't know, no worries.", "en", packs=packset)
    by_rule = {f.rule: f for f in found if f.kind == "forbidden"}
    assert "test.en.no-start" not in by_rule  # disabled
    assert by_rule["test.en.dont-know"].severity == "warning"  # overridden, id kept
    assert by_rule["test.en.dont-know"].replacement == "Let me check that for you"
    assert "acme.en.acme-slang" in by_rule  # a new rule gets the user's pack id


@pytest.mark.parametrize(
    ("extends", "problem"),
    [("en.nope", "extends unknown pack 'en.nope'"), ("zh.etiquette", "of locale 'zh' from")],
)
def test_a_bad_extends_is_an_error_at_its_line(tmp_path, extends, problem):
    from phraselint.errors import PackError

    user = tmp_path / "acme.yaml"
    user.write_text(f"pack: acme.en\nlocale: en\nextends: {extends}\nrules: []\n", "utf-8")
    with pytest.raises(PackError, match=problem) as caught:
        PackSet.load(extra=[str(user)])
    assert str(caught.value).startswith(f"{user}:3: ")


ENCODINGS = [
    (
        "zh",
        "坐席：您好，请讲。\r\n客户：你说什么？\r\n坐席：喂，什么？！你说什么？我不清楚。\r\n",
        ["gbk", "gb18030", "utf-16", "utf-8-sig"],
    ),
    ("zh", "坐席：您好，請講。\n坐席：喂，什麼？！你說什麼？\n", ["big5", "utf-16-be"]),
    (
        "en",
        "Agent: Thank you for calling. I don’t know – café.\rAgent: Hang on a sec.\r",
        ["cp1252", "utf-16-le"],
    ),
]


@pytest.mark.parametrize(("locale", "text", "codecs"), ENCODINGS)
def test_every_encoding_gives_the_findings_of_the_utf8_file(tmp_path, locale, text, codecs):
    from phraselint.batch import results

    packset = default_packset()

    def digest(path: Path):
        (r,) = list(results([str(path)], packset, Options(locale=locale)))
        assert r.error is None, r.error
        return [(f.rule, f.line, f.column, f.end_line, f.end_column, f.text) for f in r.findings]

    ref = tmp_path / "ref.md"
    ref.write_bytes(text.encode("utf-8"))
    expected = digest(ref)
    assert expected
    for codec in codecs:
        path = tmp_path / f"{codec}.md"
        data = text.encode(codec)
        if codec in ("utf-16-le", "utf-16-be"):
            data = ("\ufeff" + text).encode(codec)  # a BOM: UTF-16 without one is binary
        path.write_bytes(data)
        assert digest(path) == expected, codec


TRANSCRIPTS = [
    "call.vtt",
    "call_prefix.vtt",
    "call.srt",
    "call.whisper.json",
    "call.tca.json",
    "call.transcribe.json",
    "call.log",
    "call.csv",
]


def test_every_transcript_format_gives_the_same_findings_at_the_same_times():
    from phraselint.batch import results

    options = Options(locale="en", speakers={"SPEAKER_00": "agent", "SPEAKER_01": "customer"})
    seen = {}
    for name in TRANSCRIPTS:
        (r,) = list(results([str(DATA / "transcripts" / name)], default_packset(), options))
        assert r.error is None, (name, r.error)
        seen[name] = [(f.rule, f.start) for f in r.findings if f.kind != "timing"]
    reference = seen["call.vtt"]
    assert "en.ffp.i-dont-know" in rules([type("F", (), {"rule": x[0]}) for x in reference])
    for name, found in seen.items():
        assert found == reference, name
