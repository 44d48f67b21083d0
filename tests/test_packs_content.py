"""What the bundled locale packs know, checked against their sources.

- Every 不可以说 pair of the Chinese standard (tests/data/packs/zh_forbidden_pairs.yaml)
  fires a zh rule whose replacement is exactly the paired standard line, in
  Simplified and in Traditional Chinese.
- A full, compliant call script per locale (tests/data/packs/compliant_<locale>.md)
  gives no finding; the same script with one violation put in gives exactly
  that one finding, at the place of the violation.
- The example scripts in examples/ give exactly the findings their header lists.
- Every bundled rule is traceable (source, message, examples) and proves itself
  on its examples; the Tagalog pack does not repeat the English rules.
"""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
import regex
import yaml

import phraselint
from phraselint.packs import bundled_packs
from phraselint.packtest import test_pack as run_pack_examples

DATA = Path(__file__).parent / "data" / "packs"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LOCALES = ("en", "zh", "tl")

T2S = opencc.OpenCC("t2s")
S2T = opencc.OpenCC("s2t")

PAIRS = yaml.safe_load((DATA / "zh_forbidden_pairs.yaml").read_text(encoding="utf-8"))["pairs"]


def _standard(pair) -> tuple[str, ...]:
    std = pair["standard"]
    return tuple(std) if isinstance(std, list) else (std,)


def _forbidden(findings):
    return [f for f in findings if f.kind == "forbidden"]


def _position(text: str, inserted: str, needle: str = "") -> tuple[int, int]:
    """1-based line and column (in characters) of ``needle`` inside the only
    occurrence of ``inserted`` in ``text``."""
    assert text.count(inserted) == 1, f"{inserted!r} should occur once"
    offset = text.index(inserted) + inserted.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


# --------------------------------------------------------------- 不可以说 pairs


def test_pairs_cover_every_bukeyishuo_line_of_the_source():
    assert len(PAIRS) >= 10
    forbidden = [p["forbidden"] for p in PAIRS]
    assert len(set(forbidden)) == len(forbidden)
    for pair in PAIRS:
        # Written in Simplified Chinese, as the packs are.
        assert T2S.convert(pair["forbidden"]) == pair["forbidden"]
        for line in _standard(pair):
            assert T2S.convert(line) == line


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("pair", PAIRS, ids=[p["rule"] for p in PAIRS])
def test_bukeyishuo_line_fires_with_paired_standard_line(pair, script):
    line = pair["forbidden"] if script == "simplified" else S2T.convert(pair["forbidden"])
    findings = _forbidden(phraselint.lint_text(line, locale="zh"))
    assert len(findings) == 1, [(f.rule, f.text) for f in findings]
    (finding,) = findings
    assert finding.rule == pair["rule"]
    assert finding.rule.startswith("zh.")
    assert finding.replacements == _standard(pair)
    # The whole line is one finding (so a fix replaces all of it).
    assert (finding.line, finding.column) == (1, 1)
    assert finding.text == line


@pytest.mark.parametrize("pair", PAIRS, ids=[p["rule"] for p in PAIRS])
def test_bukeyishuo_line_in_a_labelled_traditional_script(pair):
    text = "客戶：您好。\n呼叫座席員：" + S2T.convert(pair["forbidden"]) + "\n"
    findings = _forbidden(phraselint.lint_text(text, locale="zh"))
    assert [f.rule for f in findings] == [pair["rule"]]
    assert (findings[0].line, findings[0].column) == (2, 7)


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize("pair", PAIRS, ids=[p["rule"] for p in PAIRS])
def test_paired_standard_line_is_clean(pair, script):
    for line in _standard(pair):
        text = line if script == "simplified" else S2T.convert(line)
        assert _forbidden(phraselint.lint_text(text, locale="zh")) == []


# --------------------------------------------------------- compliant call scripts


def _compliant(locale: str) -> str:
    return (DATA / f"compliant_{locale}.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("forced", [True, False], ids=["forced", "detected"])
@pytest.mark.parametrize("locale", LOCALES)
def test_compliant_call_has_no_finding(locale, forced):
    findings = phraselint.lint_text(_compliant(locale), locale=locale if forced else None)
    assert findings == [], [(f.rule, f.line, f.text) for f in findings]


def test_compliant_zh_call_in_traditional_has_no_finding():
    text = S2T.convert(_compliant("zh"))
    assert phraselint.lint_text(text, locale="zh") == []


# (locale, text in the compliant script, what replaces it, rule, reported text)
# A reported text of None marks a required rule: it points at the turn.
VIOLATIONS = [
    ("en", "Let me find out.", "I don't know.", "en.ffp.i-dont-know", "I don't know"),
    (
        "en",
        "May I please place you on a brief hold so that",
        "I'll put you on hold so that",
        "en.call-flow.hold-ask-permission",
        "I'll put you on hold",
    ),
    (
        "en",
        "we shipped grey instead of brown",
        "they sent you grey instead of brown",
        "en.courtesy.they-for-company",
        "they sent you",
    ),
    (
        "en",
        "Would you be okay with me sending",
        "No, I will be sending",
        "en.ffp.no-at-sentence-start",
        "No",
    ),
    (
        "en",
        "Great, thanks.",
        "Great, thanks.\n\nAgent: Okeydokey.",
        "en.courtesy.jargon-correct",
        "Okeydokey",
    ),
    (
        "en",
        "Agent: Thank you for calling Northwind, Ms. Smith. Have",
        "Agent: Have",
        "en.call-flow.closing-thanks",
        None,
    ),
    (
        "zh",
        "请问我刚才的解释您是否清楚?",
        "喂,听懂了吧?",
        "zh.etiquette.tingdong-le-ba",
        "喂,听懂了吧?",
    ),
    ("zh", "不客气。", "沒事兒。", "zh.courtesy.bu-keqi", "沒事兒"),
    (
        "zh",
        "对不起,请您稍等片刻,好吗?我和",
        "你等一下,我和",
        "zh.courtesy.ni-deng-yixia",
        "你等一下",
    ),
    (
        "zh",
        "对不起,刚才因为线路忙,让您久等了!",
        "喂,我也没办法,刚才线路忙啊!",
        "zh.etiquette.xianlu-mang",
        "喂,我也没办法,刚才线路忙啊!",
    ),
    ("zh", "坐席:您好!这里是", "坐席:这里是", "zh.call-flow.kaitou-ninhao", None),
    (
        "tl",
        "Aalamin ko po kung nasaan",
        "Hindi ko po alam kung nasaan",
        "tl.ffp.hindi-ko-alam",
        "Hindi ko po alam",
    ),
    ("tl", "Opo. Ito po", "Oo. Ito po", "tl.courtesy.oo-opo", "Oo"),
    (
        "tl",
        "Maaari ko po ba kayong i-hold nang mga dalawang minuto habang",
        "I-hold ko muna kayo habang",
        "tl.call-flow.hold-gaano-katagal",
        "I-hold ko muna kayo",
    ),
    (
        "tl",
        "ililipat ko po kayo kay Maria ng Billing, siya po ang makapag-aayos ng refund",
        "ililipat ko na lang po kayo sa iba para sa refund",
        "tl.call-flow.transfer-kanino",
        "ililipat ko na lang po kayo sa iba",
    ),
    (
        "tl",
        "Nasa courier na po",
        "Yep, nasa courier na po",
        "en.courtesy.jargon-yes",
        "Yep",
    ),
    (
        "tl",
        "Ahente: Maraming salamat po sa pagtawag sa Northwind, Ginoong Cruz. Magandang araw",
        "Ahente: Magandang araw",
        "tl.call-flow.salamat-wakas",
        None,
    ),
]


@pytest.mark.parametrize("forced", [True, False], ids=["forced", "detected"])
@pytest.mark.parametrize(
    "locale, old, new, rule, reported",
    VIOLATIONS,
    ids=[f"{v[0]}-{v[3].split('.')[-1]}" for v in VIOLATIONS],
)
def test_one_violation_gives_exactly_one_finding(locale, old, new, rule, reported, forced):
    original = _compliant(locale)
    assert original.count(old) == 1, f"{old!r} should occur once in compliant_{locale}.md"
    text = original.replace(old, new)
    findings = phraselint.lint_text(text, locale=locale if forced else None)
    assert [f.rule for f in findings] == [rule], [(f.rule, f.line, f.text) for f in findings]
    (finding,) = findings
    if reported is None:
        assert finding.kind == "required"
        assert finding.line == _position(text, new)[0]
    else:
        assert finding.text == reported
        assert (finding.line, finding.column) == _position(text, new, reported)


# ------------------------------------------------------------------ examples/


_RULE_ID = regex.compile(r"\b(?:en|zh|tl)\.[a-z-]+\.[a-z0-9-]+")


@pytest.mark.parametrize("locale", LOCALES)
def test_example_script_shows_the_violations_it_lists(locale):
    path = EXAMPLES / f"call_{locale}.md"
    text = path.read_text(encoding="utf-8")
    header = text[: text.index("-->")]
    listed = set(_RULE_ID.findall(header))
    assert listed
    found = {f.rule for f in phraselint.lint_text(text)}
    assert found == listed


# --------------------------------------------------------------- the packs


PACKS = bundled_packs()
RULES = [(p, r) for p in PACKS for r in p.rules]


def test_every_locale_has_packs():
    assert {p.locale for p in PACKS} >= set(LOCALES)
    ids = [r.id for _, r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("pack", PACKS, ids=[p.id for p in PACKS])
def test_pack_examples_pass(pack):
    count, failures = run_pack_examples(pack)
    assert count > 0
    assert failures == [], "\n".join(str(f) for f in failures)


@pytest.mark.parametrize("pack, rule", RULES, ids=[r.id for _, r in RULES])
def test_rule_is_traceable_and_written_for_the_agent(pack, rule):
    assert rule.kind in ("forbidden", "required", "timing")
    assert rule.source and rule.source[:3] in ("000", "001", "002", "003", "004"), rule.source
    assert rule.bad and rule.good
    assert rule.message
    if pack.locale == "zh":
        assert regex.search(r"\p{Han}", rule.message)
        # Packs are written in Simplified Chinese.
        for phrase in (*rule.phrases, *rule.replacements, *rule.exceptions, rule.message):
            assert T2S.convert(phrase) == phrase, phrase
    else:
        assert not regex.search(r"\p{Han}", rule.message)
    if pack.locale == "tl":
        # Written in Tagalog: "po", "ang", "sa" … show up in every message.
        assert regex.search(r"\b(?:po|ang|sa|ng|ninyo|kung)\b", rule.message), rule.message


TL_FORBIDDEN = [(r, p) for _, r in RULES if r.locale == "tl" for p in r.phrases]


@pytest.mark.parametrize("rule, phrase", TL_FORBIDDEN, ids=[f"{r.id}:{p}" for r, p in TL_FORBIDDEN])
def test_tl_rules_do_not_repeat_en_rules(rule, phrase):
    # English rules also check the Latin runs of Tagalog documents: a Tagalog
    # phrase they already catch would be reported twice.
    en_packs = [p.id for p in PACKS if p.locale == "en"]
    findings = phraselint.lint_text(phrase, locale="tl", packs=en_packs)
    assert _forbidden(findings) == [], [f.rule for f in findings]
