"""``fuzzy: N`` on forbidden and required rules: recognition errors in transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from phraselint import lint_text
from phraselint.errors import PackError
from phraselint.fuzzy import _split, _windows, compile_phrases
from phraselint.packs import PackSet, load_pack

PACK = """\
pack: fz
locale: {locale}
rules:
{rules}
"""


def packset(tmp_path: Path, locale: str, rules: str) -> PackSet:
    path = tmp_path / f"fz_{locale}.yaml"
    path.write_text(PACK.format(locale=locale, rules=rules), "utf-8")
    return PackSet([load_pack(path)])


EN = """\
  - id: idk
    kind: forbidden
    fuzzy: 1
    phrases: ["I don't know", "thank you for calling"]
    exceptions: ["I don't know yet"]
  - id: short
    kind: forbidden
    fuzzy: 1
    phrases: ["no way"]
  - id: greet
    kind: required
    where: opening
    fuzzy: 1
    phrases: ["thank you for choosing"]
"""


@pytest.fixture
def en(tmp_path):
    packs = packset(tmp_path, "en", EN)

    def run(text: str, path: str = "call.log"):
        return lint_text(text, locale="en", packs=packs, path=path)

    return run


def test_a_near_miss_is_reported_with_its_edit_count(en):
    findings = en("[00:01] Agent: Thank you for colling Northwind.\n")
    (f,) = [f for f in findings if f.rule == "fz.idk"]
    assert (f.line, f.column, f.text, f.extra) == (1, 16, "Thank you for colling", {"edits": 1})
    assert "approximate match: 1 edit(s)" in f.message
    assert f.to_dict()["edits"] == 1


def test_exact_hits_stay_exact(en):
    (f,) = [f for f in en("[00:01] Agent: I don't know.\n") if f.rule == "fz.idk"]
    assert f.extra == {} and "edits" not in f.to_dict()


@pytest.mark.parametrize(
    "heard",
    [
        "thank yau for calling",
        "thank you fir calling",
        "thank you for callin",
        "thankyou for calling",
    ],
)
def test_an_edit_in_any_piece_of_the_phrase_is_found(en, heard):
    findings = [f for f in en(f"[00:01] Agent: Okay, {heard} today.\n") if f.rule == "fz.idk"]
    assert [f.extra.get("edits") for f in findings] == [1]


def test_two_edits_are_too_many_for_fuzzy_1(en):
    assert [f for f in en("[00:01] Agent: thank yau fir calling\n") if f.rule == "fz.idk"] == []


def test_exceptions_shield_fuzzy_hits(en):
    assert [f for f in en("[00:01] Agent: I don't knwo yet.\n") if f.rule == "fz.idk"] == []


def test_short_phrases_are_matched_exactly_only(en):
    assert [f for f in en("[00:01] Agent: No wax.\n") if f.rule == "fz.short"] == []
    assert [f.extra for f in en("[00:01] Agent: No way.\n") if f.rule == "fz.short"] == [{}]


def test_required_phrase_said_with_a_recognition_error_counts(en):
    near = en("[00:01] Agent: Thank you for chosing Northwind.\n")
    assert [f for f in near if f.rule == "fz.greet"] == []
    far = en("[00:01] Agent: Hello, Northwind.\n")
    assert [f.rule for f in far if f.rule == "fz.greet"] == ["fz.greet"]


def test_scripts_are_typed_not_recognised(en):
    findings = en("Agent: Thank you for colling Northwind.\n", path="script.md")
    assert [f for f in findings if f.rule == "fz.idk"] == []


ZH = """\
  - id: bzd
    kind: forbidden
    fuzzy: 1
    phrases: ["我不知道"]
"""


def test_chinese_allows_substitutions_only(tmp_path):
    packs = packset(tmp_path, "zh", ZH)
    findings = lint_text("[00:01] 坐席: 我不知到。我知道。我不知道。\n", packs=packs, path="c.log")
    assert [(f.column, f.text, f.extra) for f in findings] == [
        (13, "我不知到", {"edits": 1}),
        (22, "我不知道", {}),
    ]


@pytest.mark.parametrize("value", [3, -1, "one", True])
def test_fuzzy_must_be_0_to_2_edits(tmp_path, value):
    rules = f'  - id: r\n    kind: forbidden\n    fuzzy: {value}\n    phrases: ["thank you for calling"]\n'
    with pytest.raises(PackError, match="fuzzy must be a number of edits from 0 to 2"):
        packset(tmp_path, "en", rules)


def test_pieces_keep_the_shortest_piece_long():
    assert _split(["thank", "you", "for", "calling"], 2, " ") == (
        ("thank you", 0),
        ("for calling", 10),
    )
    assert _split(list("我不知道"), 2, "") == (("我不", 0), ("知道", 2))


def test_turns_without_a_piece_of_the_phrase_are_not_searched():
    fset = compile_phrases("en", ("thank you for calling",), 1)
    assert _windows(fset, " we will ship it on friday ") == {}
    assert _windows(fset, " okay for calling you ") != {}
