"""Tokenizer-aware matching in English, Chinese and Tagalog (engine issue, item 4)."""

from __future__ import annotations

import pytest
from conftest import rules


def forbidden(findings):
    return [f for f in findings if f.kind == "forbidden"]


# ------------------------------------------------------------------ English


@pytest.mark.parametrize(
    "text",
    [
        "I know the answer.",
        "The snowplow is here.",
        "Nobody knows.",
        "I said no.",
        "Say no more",
        "Ask Dr. No in billing.",  # the "." of a title ends no sentence
        "Call MR. NO.",
    ],
)
def test_no_fires_only_as_a_whole_token_at_sentence_start(lint, text):
    assert "test.en.no-start" not in rules(lint(text, "en"))


@pytest.mark.parametrize("text", ["No, that won't work.", "Fine. No, sorry.", "- No way"])
def test_no_at_sentence_start_fires(lint, text):
    assert rules(forbidden(lint(text, "en"))).count("test.en.no-start") == 1


def test_phrase_across_a_line_break_reports_both_lines(lint):
    found = [
        f for f in lint("Agent: Honestly I don't\n  know that yet.", "en") if f.kind == "forbidden"
    ]
    assert len(found) == 1
    f = found[0]
    assert (f.line, f.column, f.end_line, f.end_column) == (1, 17, 2, 7)
    assert f.text == "I don't\n  know"


@pytest.mark.parametrize("text", ["I DON’T KNOW", "i dont know", "I don't, know", "I do not know"])
def test_casing_curly_quotes_contractions_and_weak_punctuation(lint, text):
    assert rules(forbidden(lint(text, "en"))) == ["test.en.dont-know"]


def test_sentence_punctuation_between_words_blocks_a_phrase(lint):
    assert rules(forbidden(lint("I don't. Know what?", "en"))) == []


def test_full_width_latin_matches(lint):
    assert rules(forbidden(lint("ＩＤＯＮ'Ｔ ＫＮＯＷ and Ｉ ｄｏｎ’ｔ ｋｎｏｗ", "en"))) == [
        "test.en.dont-know"
    ]


def test_hang_on_a_sec_does_not_fire_on_second(lint):
    assert rules(forbidden(lint("Hang on a second.", "en"))) == []
    assert rules(forbidden(lint("Hang on a sec.", "en"))) == ["test.en.hang-on"]


def test_longest_match_wins_and_nested_match_of_another_rule_is_dropped(lint):
    found = forbidden(lint("We can't do that. I can't.", "en"))
    assert [(f.rule, f.text) for f in found] == [
        ("test.en.we-cant", "We can't do that"),
        ("test.en.cant", "can't"),
    ]


def test_customer_line_never_fires_an_agent_rule(lint):
    text = "Agent: Let me find out.\nCustomer: I don't know, oops."
    found = forbidden(lint(text, "en"))
    assert rules(found) == ["test.en.sorry"]  # roles: [any]
    assert found[0].speaker == "customer"


def _hits_by_turn(text, packs, locale):
    from phraselint.engine import build_context
    from phraselint.readers import read_text

    ctx = build_context(read_text(text, "call.log"), packs, locale)
    return [[h.entry.phrase for h in hits] for hits in ctx.hits[locale]]


@pytest.mark.parametrize(
    "locale, text",
    [
        ("zh", "[00:00:01] 客户：喂，不知道。\n[00:00:02] 坐席：喂，不知道。\n"),
        ("en", "[00:00:01] Customer: I don't know.\n[00:00:02] Agent: I don't know.\n"),
    ],
)
def test_turns_no_rule_reads_are_not_matched(locale, text):
    """Every bundled rule reads agent turns only, so the customer's turns are
    never scanned (engine.build_context): they get no hits, the agent's do."""
    from phraselint.engine import default_packset

    customer, agent = _hits_by_turn(text, default_packset(), locale)
    assert customer == [] and agent


def test_a_rule_for_the_customer_gets_the_customer_turns_matched(tmp_path):
    from phraselint.packs import PackSet

    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: t\nlocale: en\ntitle: t\nrules:\n"
        "  - {id: a, kind: forbidden, phrases: [oops], roles: [customer]}\n"
        "  - {id: b, kind: forbidden, phrases: [yep]}\n",
        encoding="utf-8",
    )
    text = "[00:00:01] Customer: Oops, yep.\n[00:00:02] Agent: Oops, yep.\n[00:00:03] Bot: oops\n"
    customer, agent, bot = _hits_by_turn(text, PackSet.load(extra=[pack], only=True), "en")
    assert customer == ["oops", "yep"] and agent == ["oops", "yep"] and bot == []


def test_a_rule_one_hit_satisfies_is_verified_until_it_has_one():
    """请 said anywhere satisfies zh.courtesy.qing-zi-kaitou: the engine
    stops verifying its candidates after the first hit (find_turns, once),
    and the rule is satisfied all the same."""
    from phraselint.engine import build_context, default_packset, lint_text
    from phraselint.readers import read_text

    text = "".join(f"[00:00:0{i}] 坐席：请问您贵姓？申请好了，请讲。\n" for i in range(1, 5))
    ctx = build_context(read_text(text, "call.log"), default_packset())
    compiled = default_packset().compiled("zh")
    (rule,) = compiled.matcher.once
    assert compiled.rules[rule].id == "zh.courtesy.qing-zi-kaitou"
    said = [h for hits in ctx.hits["zh"] for h in hits if h.entry.rule == rule]
    texts = [n.text for n in ctx.norms]
    every = [h for hits in compiled.matcher.find_turns(texts) for h in hits]
    assert 1 <= len(said) < len([h for h in every if h.entry.rule == rule])
    found = rules(lint_text(text, path="call.log"))
    assert "zh.courtesy.qing-zi-kaitou" not in found
    assert "zh.courtesy.qing-zi-kaitou" in rules(
        lint_text("[00:00:01] 坐席：申请好了。\n", path="call.log")
    )


def test_text_that_is_the_replacement_is_not_flagged(lint):
    assert "test.en.cant" not in rules(lint("Agent: this is what I can do", "en"))


# ------------------------------------------------------------------ Chinese


def test_no_punctuation_matches_punctuated_phrase(lint):
    found = forbidden(lint("喂什么你说什么", "zh"))
    assert rules(found) == ["test.zh.hua-shenme"]
    assert found[0].replacement == "对不起,麻烦您将刚才反映的问题再复述一遍,好吗?"


def test_traditional_full_width_input_matches_simplified_pack(lint):
    found = forbidden(lint("坐席：喂，什麼？！你說什麼？", "zh"))
    assert rules(found) == ["test.zh.hua-shenme"]
    f = found[0]
    assert f.text == "喂，什麼？！你說什麼？"  # as written, trailing ？ included
    assert (f.column, f.end_column) == (4, 15)


def test_traditional_characters_convert_with_their_punctuation_around_them():
    """Each Han run is converted to Simplified as it stands in the text, with
    its punctuation: 乾隆 is one phrase, but 乾 alone before a comma is 干.
    Converting the runs glued together, as the key once was, read 乾，隆 as
    乾隆. The segmenter's windows are cut from the same conversion."""
    from phraselint.text.keys import han_view

    assert han_view("乾隆").key == "乾隆"
    assert han_view("乾,隆").key == "干隆"
    view = han_view("天乾物燥,頭髮")
    assert view.key == "天干物燥头发"
    assert view.simple == "天干物燥,头发"


def test_taiwan_spellings_that_t2s_keeps_are_read_by_phrase():
    """t2s keeps 著 (a Simplified character too); the zh locale reads it as
    tw2s does in its phrase, so 等著 is 等着 while 著名 stays, and Simplified
    么 is never touched (tw2s alone would make it 幺). 甚麼 is 什么."""
    from phraselint.locales import get_spec
    from phraselint.text.keys import han_view

    zh = get_spec("zh")
    assert han_view("你先等著,著名的", zh).key == "你先等着著名的"
    assert han_view("是么?可以么", zh).key == "是么可以么"
    assert han_view("你說甚麼", zh).key == "你说什么"
    assert han_view("你先等著", None).key == "你先等著"  # t2s alone


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("坐席：系統有點慢，你先等著。", "zh.courtesy.ni-deng-yixia"),
        ("坐席：你說甚麼？", "zh.etiquette.hua-shenme"),
    ],
)
def test_bundled_zh_rules_fire_on_taiwan_spellings(text, rule):
    from phraselint import lint_text

    assert rule in {f.rule for f in lint_text(text, path="script.md")}


def test_locale_variants_must_keep_the_length(tmp_path):
    from phraselint.errors import PhraselintError
    from phraselint.locales import _spec_from

    data = {"locale": "xx", "script": "Han", "variants": {"甚么": "什"}}
    with pytest.raises(PhraselintError, match="differ in length"):
        _spec_from(data, tmp_path / "locale.yaml")


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("我们喂养小猫。", "test.zh.wei"),  # start edge of 喂: word 喂养
        ("这不可能的吧台", "test.zh.buke"),  # end edge: word 吧台
        ("请缴纳保证金", "test.zh.baozheng"),  # end edge: word 保证金
    ],
)
def test_chinese_phrase_never_fires_inside_a_word(lint, text, rule):
    assert rule not in rules(lint(text, "zh"))


def test_chinese_phrase_fires_on_token_boundaries(lint):
    assert "test.zh.buke" in rules(lint("不可能的吧,我昨天刚交过费", "zh"))
    assert "test.zh.baozheng" in rules(lint("我保证明天送到", "zh"))
    assert "test.zh.wei" in rules(lint("喂,你好", "zh"))


def test_unpunctuated_chinese_is_segmented_once_per_window(lint, monkeypatch):
    """Every candidate inside one long run without punctuation checks its
    edges against the run's tokens: the run is segmented once, not once per
    candidate (which made such text quadratic), with the same verdicts as
    segmenting each on its own: 保证 fires where it is a word and never inside
    保证金."""
    from phraselint.text import segment

    calls = []
    real = segment.spans.__wrapped__

    def counting(text):
        calls.append(len(text))
        return real(text)

    monkeypatch.setattr(segment, "spans", counting)
    unit = "请缴纳保证金我保证明天送到"  # 保证金 is a word; the second 保证 stands alone
    found = [f for f in lint(unit * 300, "zh") if f.rule == "test.zh.baozheng"]
    assert [f.column for f in found] == [8 + 13 * i for i in range(300)]
    assert calls == [13 * 300]


def test_required_counts_inside_a_compound_word_that_extends_past_it(lint):
    # jieba segments 感谢您 as one word: 感谢 still counts (transparent 您)
    assert "test.zh.ganxie" not in rules(lint("您好\n\n感谢您的来电,再见", "zh"))
    # but 您好 inside 祝您好运 does not count (好运 is a word)
    assert "test.zh.ninhao" in rules(lint("祝您好运\n\n感谢您的来电", "zh"))


def test_columns_count_characters_in_mixed_cjk_latin_lines(lint):
    text = "坐席：我的iPhone坏了, I don't know 喂什么你说什么\n"
    found = {f.rule: f for f in forbidden(lint(text, "zh"))}
    en = found["test.en.dont-know"]
    assert (en.line, en.column, en.end_column) == (1, 16, 28)
    assert text[en.column - 1 : en.end_column - 1] == "I don't know"
    zh = found["test.zh.hua-shenme"]
    assert text[zh.column - 1 : zh.end_column - 1] == "喂什么你说什么"


def test_speaker_label_does_not_shift_columns(lint):
    plain = forbidden(lint("喂什么你说什么", "zh"))[0]
    labelled = forbidden(lint("呼叫座席员：喂什么你说什么", "zh"))[0]
    assert plain.column == 1
    assert labelled.column == 7
    assert labelled.text == plain.text


def test_chinese_line_with_english_phrase_fires_english_rule(lint):
    assert rules(forbidden(lint("坐席：好的, hang on a sec, 我查一下", "zh"))) == [
        "test.en.hang-on"
    ]


# ------------------------------------------------------------------ Tagalog


def test_floating_particles_between_phrase_words(lint):
    found = forbidden(lint("Ahente: Hindi ko po alam, sir.", "tl"))
    assert rules(found) == ["test.tl.hindi-alam"]
    assert found[0].text == "Hindi ko po alam"


def test_alam_does_not_fire_inside_alamin(lint):
    assert rules(forbidden(lint("Alamin mo na lang po.", "tl"))) == []
    assert rules(forbidden(lint("Alam mo na yan.", "tl"))) == ["test.tl.alam"]


def test_required_tagalog_phrase_with_particles_and_ng_equivalence(lint):
    assert "test.tl.salamat-hintay" not in rules(lint("Salamat po sa paghihintay.", "tl"))
    assert "test.tl.salamat-hintay" in rules(lint("Nandito na po ako.", "tl"))


def test_tagalog_ho_is_read_as_po(tmp_path):
    """Both particles show respect; a phrase written with po is said with
    either (equivalents in locales/tl/locale.yaml)."""
    from phraselint import lint_text
    from phraselint.packs import PackSet, load_pack

    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: p\nlocale: tl\nrules:\n"
        "  - {id: salamat, kind: required, phrases: [maraming salamat po],\n"
        "     examples: {bad: [Salamat.], good: [Maraming salamat po.]}}\n",
        "utf-8",
    )
    packs = PackSet([load_pack(pack)])
    said = [f.rule for f in lint_text("Maraming salamat ho.", locale="tl", packs=packs)]
    missing = [f.rule for f in lint_text("Maraming salamat.", locale="tl", packs=packs)]
    assert said == [] and missing == ["p.salamat"]


def test_optional_hyphen_in_loan_verbs(lint):
    assert rules(forbidden(lint("I-check ko lang po.", "tl"))) == ["test.tl.icheck"]
    assert rules(forbidden(lint("Icheck ko lang po.", "tl"))) == ["test.tl.icheck"]


def test_taglish_fires_english_and_tagalog_rules(lint):
    text = "Ahente: Hindi ko alam, I don't know talaga.\n"
    assert sorted(rules(forbidden(lint(text)))) == ["test.en.dont-know", "test.tl.hindi-alam"]


def test_english_document_does_not_get_tagalog_rules(lint):
    assert "test.tl.oo" not in rules(lint("Oo. That is all.", "en"))


# ------------------------------------------------------------------ locales


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("zh_Hant_TW", "zh"),
        ("zh_TW", "zh"),
        ("zh-Hans", "zh"),
        ("zh-CN", "zh"),
        ("en_US", "en"),
        ("en-GB", "en"),
        ("fil", "tl"),
        ("fil_PH", "tl"),
        ("tl_PH", "tl"),
        ("tl", "tl"),
    ],
)
def test_locale_identifiers_negotiate_to_packs(given, expected):
    from phraselint.locales import negotiate

    assert negotiate(given) == expected


def test_unknown_locale_is_an_error():
    from phraselint.errors import PhraselintError
    from phraselint.locales import negotiate

    with pytest.raises(PhraselintError, match="unknown locale"):
        negotiate("xx_YY")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thank you for calling, how can I help?", "en"),
        ("Salamat po sa paghihintay, ano po ang maitutulong ko?", "tl"),
        ("您好，请问有什么可以帮助您？", "zh"),
        ("Hello 您好", "zh"),
        ("Salamat po.", "tl"),
        # English product names leave a Chinese line Chinese ...
        ("请登录www.example.com，点击Settings页面的Account", "zh"),
        # ... but a customer's name in Han characters does not make a call Chinese,
        ("Thank you for calling Northwind, may I have your name? It's Wei Zhang, 张伟.", "en"),
        # and one Tagalog word repeated (the abbreviation PO) is not Tagalog.
        ("What is the PO number? It's PO 4471. Got it, PO 4471 shipped on Monday.", "en"),
    ],
)
def test_locale_detection(text, expected):
    from phraselint.locales import detect_locale

    assert detect_locale(text) == expected


@pytest.mark.parametrize(
    "turns",
    [
        ["您好，请问有什么可以帮助您？", "我的订单没到"],
        ["Thank you for calling, may I have your name?", "It's Wei Zhang, 张伟."],
        ["请登录www.example.com", "点击Settings页面的Account"],
        ["Hello 𠮷野家 and 〇", "ok"],  # Han outside the common block: counted by the slow way
    ],
)
def test_detection_with_the_folds_han_count_decides_as_without(turns):
    """The engine hands detection the fold's count of common Han characters
    (a lower bound) so that a Chinese document is not scanned again; the
    decision is the one the full count gives."""
    from phraselint.locales import detect_locale
    from phraselint.text.normalize import normalize_turns

    norms = normalize_turns(turns)
    speech = "\n".join(n.text for n in norms)
    assert norms.han == sum(1 for c in speech if "\u4e00" <= c <= "\u9fff")
    assert detect_locale(speech, floors={"Han": norms.han}) == detect_locale(speech)


def test_detection_counts_words_not_turn_breaks():
    """The engine detects on the matcher's tokens of the whole document, where
    turns are joined by a break token; a break is no word. Two Tagalog words
    in twenty make the 10% that Tagalog needs; nine breaks counted as words
    would dilute them to 7% and make the call English."""
    from phraselint.engine import build_context, default_packset
    from phraselint.readers import read_text

    lines = ["Agent: ang hello", "Customer: sa hello"] + ["Agent: hello there"] * 8
    doc = read_text("\n".join(lines) + "\n", "call.txt")
    assert build_context(doc, default_packset()).doc.locale == "tl"
    doc = read_text("\n".join(lines[1:]) + "\n", "call.txt")  # one Tagalog word: too few
    assert build_context(doc, default_packset()).doc.locale == "en"


def test_findings_are_in_a_stable_order(lint):
    text = "Agent: Oops, I don't know. No. Hang on a sec.\nAgent: Oops."
    first = [(f.line, f.column, f.rule) for f in lint(text, "en")]
    assert first == sorted(first)
    for _ in range(3):
        assert [(f.line, f.column, f.rule) for f in lint(text, "en")] == first


# ------------------------------------------------------------------ turns without a letter


@pytest.mark.parametrize(
    ("phrase", "equivalents", "turn"),
    [("ñé", {}, "Ñé"), ("24 7", {}, "24 7"), ("ne", {"ñé": "ne"}, "ñé")],
)
def test_a_turn_without_ascii_letters_is_matched_when_a_key_needs_none(phrase, equivalents, turn):
    """Turns without an ASCII letter are passed over only while every key has
    one and no equivalent gives one to a token that has none."""
    from dataclasses import replace

    from phraselint.locales import get_spec
    from phraselint.matcher import LocaleMatcher
    from phraselint.text.normalize import normalize

    matcher = LocaleMatcher(replace(get_spec("en"), equivalents=equivalents))
    matcher.add(0, "phrase", phrase)
    matcher.add(1, "phrase", "let me check")
    texts = [
        normalize(t).text for t in ["您好", "请稍等", "好的", turn, "嗯", "谢谢", "再见", "好"]
    ]
    hits = matcher.find_turns(texts)
    assert [len(h) for h in hits] == [0, 0, 0, 1, 0, 0, 0, 0]
    assert hits[3][0].entry.phrase == phrase
