"""Timing rules (``kind: timing``) on transcripts.

Two layers: the acceptance fixtures of the issue (tests/data/timing/*.log,
*.vtt) against the bundled packs, which carry the source's protocols; and the
machinery (scripts, holds, dead air, overtalk, speed, windows, validation)
pinned with a test pack of its own (tests/data/timing/timing_en.yaml).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phraselint import lint_text
from phraselint.errors import PackError
from phraselint.model import Document, Segment, Turn
from phraselint.packs import PackSet, group_role, load_pack
from phraselint.packtest import test_pack as run_pack_examples
from phraselint.timing.timeline import EPSILON, Timeline, clock

DATA = Path(__file__).parent / "data" / "timing"


def lint_fixture(name: str, packs=None):
    path = DATA / name
    return lint_text(path.read_text("utf-8"), packs=packs, path=str(path))


def of(findings, rule: str):
    return [f for f in findings if f.rule == rule]


@pytest.fixture(scope="module")
def test_packs() -> PackSet:
    return PackSet([load_pack(DATA / "timing_en.yaml")])


@pytest.fixture
def lint(test_packs):
    def run(text: str, path: str = "call.log"):
        return lint_text(text, locale="en", packs=test_packs, path=path)

    return run


# ------------------------------------------------------------ silent line (zh)

SILENT = "zh.timing.wusheng-dianhua"


def test_silent_line_followed_gives_no_finding():
    assert of(lint_fixture("silent_ok.log"), SILENT) == []


def test_silent_line_hung_up_after_one_greeting_is_an_error():
    (f,) = of(lint_fixture("silent_hangup_direct.log"), SILENT)
    assert f.severity == "error"
    assert (f.line, f.column, f.start, f.end) == (1, 13, 0.0, 3.0)
    assert "“再次问候”, “无声提示”" in f.message and "never hang up" in f.message


def test_silent_line_second_greeting_after_two_seconds_is_a_finding():
    (f,) = of(lint_fixture("silent_second_greeting_early.log"), SILENT)
    assert f.severity == "warning"
    assert (f.line, f.start, f.end) == (2, 0.0, 2.0)
    assert f.extra == {"wait": 2.0, "min_wait": 5.0}


def test_silent_line_without_the_notice_is_an_error():
    (f,) = of(lint_fixture("silent_notice_missing.log"), SILENT)
    assert f.severity == "error"
    assert (f.line, f.start, f.end) == (2, 7.0, 15.0)
    assert "without “无声提示”" in f.message


def test_waits_run_from_the_end_of_the_previous_step_when_cues_have_ends():
    # Starts are 6 s apart, but the first greeting ends at 3 s.
    (f,) = of(lint_fixture("silent_ends.vtt"), SILENT)
    assert (f.line, f.column, f.start, f.end) == (9, 7, 3.0, 6.0)
    assert f.extra["wait"] == 3.0


# ------------------------------------------------------------------ hold (en)

HOLD = "en.timing.hold"


def test_announced_and_thanked_hold_gives_no_finding():
    findings = lint_fixture("hold_ok.log")
    assert of(findings, HOLD) == []
    assert of(findings, "en.timing.dead-air") == []


def test_unannounced_silence_of_45_seconds_is_a_finding():
    findings = lint_fixture("hold_unannounced.log")
    (f,) = of(findings, HOLD)
    # At the agent's last turn before the silence, where the request belonged.
    assert (f.line, f.start, f.end, f.extra) == (3, 12.0, 57.0, {"silence": 45.0})
    assert "without asking the customer to hold" in f.message
    # One finding for one silence: dead air leaves those over the hold
    # rule's min_silence to it (leave_to_hold), and reports the shorter ones.
    assert of(findings, "en.timing.dead-air") == []
    shorter = lint_text("[00:05] Agent: Let me see.\n[00:30] Agent: Found it.\n", path="c.log")
    (dead,) = of(shorter, "en.timing.dead-air")
    assert (dead.start, dead.end) == (5.0, 30.0) and of(shorter, HOLD) == []


def test_hold_without_thanks_is_a_finding_at_the_return():
    (f,) = of(lint_fixture("hold_no_thanks.log"), HOLD)
    assert (f.line, f.start, f.end, f.extra) == (5, 13.0, 58.0, {"hold": 45.0})
    assert f.message.startswith("No thank-you after the hold")


def test_two_minute_hold_without_check_in_is_a_finding():
    (f,) = of(lint_fixture("hold_no_checkin.log"), HOLD)
    assert (f.line, f.start, f.end, f.extra) == (4, 13.0, 133.0, {"silence": 120.0})
    assert "without a check-in" in f.message


def test_a_check_in_continues_the_hold():
    assert of(lint_fixture("hold_checkin.log"), HOLD) == []


# ------------------------------------------------------------- overtalk, speed


def test_overtalk_reports_both_times_and_ignores_a_short_backchannel():
    (f,) = of(lint_fixture("overtalk.vtt"), "en.timing.overtalk")
    assert (f.line, f.column, f.start, f.end, f.speaker) == (10, 10, 9.2, 12.0, "agent")
    assert f.extra == {"overlap": 1.8, "other_start": 5.4, "other_end": 11.0, "other_line": 7}
    # "Right." at 14.8-15.3 inside the customer's 12.4-15.0 overlaps 0.2 s: not reported.


def test_speed_in_words_per_minute_for_english():
    (f,) = of(lint_fixture("speed.vtt"), "en.timing.speaking-rate")
    assert (f.line, f.start, f.end) == (4, 0.0, 5.0)
    assert f.extra == {"rate": 252.0, "unit": "wpm"}


def test_speed_in_characters_per_second_for_chinese():
    (f,) = of(lint_fixture("speed_zh.vtt"), "zh.timing.yusu-guokuai")
    assert (f.line, f.start, f.end) == (4, 0.0, 3.0)
    assert f.extra == {"rate": 7.0, "unit": "cps"}


# ---------------------------------------------------------- could not be checked


def test_untimed_transcript_reports_every_timing_rule_as_not_checked():
    findings = [f for f in lint_fixture("untimed.csv") if f.kind == "timing"]
    en_rules = {r.id for p in PackSet.load().packs if p.id == "en.timing" for r in p.rules}
    assert {f.rule for f in findings} == en_rules
    assert all(f.severity == "info" and "no times" in f.message for f in findings)
    assert all(f.start is None and f.line == 1 for f in findings)


def test_start_stamps_only_leave_overtalk_and_speed_unchecked():
    findings = [f for f in lint_fixture("hold_ok.log") if f.kind == "timing"]
    assert sorted(f.rule for f in findings) == ["en.timing.overtalk", "en.timing.speaking-rate"]
    assert all(f.severity == "info" and "start times only" in f.message for f in findings)


def test_not_checked_infos_are_whole_file_findings_of_severity_info():
    """``LintContext.unchecked`` builds its finding directly (every small
    chat log earns a few): the same finding as one on the whole file made
    the general way, with its severity turned to info."""
    from phraselint.engine import build_context

    packs = PackSet.load()
    doc = Document("d", "", [turn(0, None)])
    ctx = build_context(doc, packs, "en")
    for rule in packs.compiled("en").rules:
        general = ctx.turn_finding(rule, None, message="Not checked: why.")
        general.severity = "info"
        assert ctx.unchecked(rule, "why") == general


def test_timing_rules_of_a_locale_are_read_once_as_the_rules_say():
    """What the timing kind reads from each rule per document (its check, the
    first rule of each check, why it may not be checked) is sorted out once
    per compiled locale; it says what the rules themselves say."""
    from phraselint.timing import checks, first_rule, timing_rules

    for locale in ("en", "zh", "tl"):
        compiled = PackSet.load().compiled(locale)
        indices = compiled.of_kind("timing")
        plans = timing_rules(compiled).plans
        assert [p.index for p in plans] == indices
        for plan in plans:
            rule = compiled.rules[plan.index]
            module = checks()[rule.opt("check")]
            assert plan.rule is rule and plan.check == module.NAME
            assert (plan.no_ends is not None) == module.NEEDS_END_TIMES
            assert (plan.no_roles is not None) == module.NEEDS_ROLES
        for name in checks():
            first = next((i for i in indices if compiled.rules[i].opt("check") == name), None)
            found = first_rule(compiled, name)
            assert (found and found[0]) == first


def test_speakers_unknown_is_not_a_pass(lint):
    srt = "1\n00:00:01,000 --> 00:00:03,000\nHello there.\n\n2\n00:00:50,000 --> 00:00:52,000\nBack.\n"
    findings = lint(srt, path="call.srt")
    hold = of(findings, "test.timing.hold")
    assert [f.severity for f in hold] == ["info"]
    assert "no timed agent turn" in hold[0].message
    # Dead air needs no roles: the 47 s silence is reported.
    assert [f.start for f in of(findings, "test.timing.dead-air")] == [3.0]


def test_script_documents_are_not_calls(lint):
    assert [f for f in lint("Agent: Hello caller.\n", path="script.md") if f.kind == "timing"] == []


# ------------------------------------------------------------------- scripts


def test_out_of_order_step(lint):
    text = (
        "[00:00] Agent: Hello caller.\n"
        "[00:06] Agent: There is no sound on your line.\n"
        "[00:12] Agent: Hello caller?\n"
        "[00:20] [hangup]\n"
    )
    (f,) = of(lint(text), "test.timing.silent")
    assert f.line == 2 and "“notice” was said out of order, before “again”" in f.message


def test_step_missing_in_the_middle(lint):
    text = (
        "[00:00] Agent: Hello caller.\n"
        "[00:06] Agent: There is no sound on your line.\n"
        "[00:12] [hangup]\n"
    )
    (f,) = of(lint(text), "test.timing.silent")
    assert f.line == 2 and f.severity == "warning"
    assert f.message == "“again” is missing before “notice”."


def test_two_steps_in_one_turn_have_no_wait_between_them(lint):
    text = "[00:00] Agent: Hello caller. Hello caller?\n[00:06] Agent: No sound on your line.\n[00:12] [hangup]\n"
    (f,) = of(lint(text), "test.timing.silent")
    assert f.extra == {"wait": 0.0, "min_wait": 5.0}


def test_hang_up_time_unknown_is_reported_not_assumed(lint):
    vtt = (
        "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Agent>Hello caller.\n\n"
        "00:07.000 --> 00:08.000\n<v Agent>Hello caller?\n\n"
        "00:14.000 --> 00:16.000\n<v Agent>No sound on your line.\n"
    )
    (f,) = of(lint(vtt, path="call.vtt"), "test.timing.silent")
    assert f.severity == "info" and "does not mark the hang-up" in f.message


def test_silent_line_script_does_not_apply_when_the_customer_speaks(lint):
    text = "[00:00] Agent: Hello caller.\n[00:02] Customer: Hi.\n[00:04] [hangup]\n"
    assert of(lint(text), "test.timing.silent") == []
    unknown = "[00:00] Agent: Hello caller.\n[00:02] Caller 7: Hi.\n[00:04] [hangup]\n"
    assert of(lint(unknown), "test.timing.silent") == []  # an unknown speaker is the caller


def test_a_silent_line_handled_by_the_book_owes_no_closing():
    """The bundled closings that thank the caller or ask for anything else
    are ``when: {customer_silent: false}``: the silent line's own protocol
    ends with its notice and 再见, and that call is compliant."""
    found = lint_fixture("silent_ok.log")
    assert [f.rule for f in found if f.severity != "info"] == []
    answered = (
        (DATA / "silent_ok.log")
        .read_text("utf-8")
        .replace("[00:07] 坐席", "[00:05] 客户: 喂?\n[00:07] 坐席")
    )
    rules = {f.rule for f in lint_text(answered, path="answered.log")}
    assert {"zh.call-flow.jieshu-ganxie", "zh.call-flow.jieshu-haiyou"} <= rules


def test_required_when_customer_silent_checks_transcripts_only(tmp_path):
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: p\nlocale: en\nrules:\n"
        "  - {id: bye, kind: required, where: closing, phrases: [goodbye],\n"
        "     when: {customer_silent: false}, examples: {bad: [Hello], good: [Goodbye]}}\n"
        "  - {id: notice, kind: required, phrases: [no sound on your line],\n"
        "     when: {customer_silent: true}, examples: {bad: [Hello], good: [No sound on your line]}}\n",
        "utf-8",
    )
    packs = PackSet([load_pack(pack)])

    def rules(text: str, path: str) -> list[str]:
        return sorted(f.rule for f in lint_text(text, locale="en", packs=packs, path=path))

    silent = "[00:00] Agent: Hello?\n[00:05] Agent: Hello?\n"
    answered = "[00:00] Agent: Hello?\n[00:02] Customer: Hi.\n"
    assert rules(silent, "c.log") == ["p.notice"]
    assert rules(answered, "c.log") == ["p.bye"]
    assert rules("Agent: Hello?\n", "script.md") == ["p.bye", "p.notice"]


def test_required_rules_say_not_checked_when_no_speaker_is_the_agent():
    """Speakers the tool cannot place (Ana, Bob) leave the agent's rules
    nothing to read; the call must not look compliant, so each required rule
    says it was not checked. A script's unlabelled lines are the agent's."""
    call = "[00:01] Ana: Hello.\n[00:05] Bob: Where is my order?\n[00:09] Ana: I don't know.\n"
    found = lint_text(call, locale="en", path="c.log")
    required = [f for f in found if f.kind == "required"]
    assert required and all(f.severity == "info" for f in required)
    assert {f.message for f in required} == {
        "Not checked: no agent turn (are the speakers named?)."
    }
    named = call.replace("Ana:", "Agent:")
    assert not any(
        "Not checked" in f.message for f in lint_text(named, path="c.log") if f.kind == "required"
    )


@pytest.mark.parametrize("when", ["{customer_silent: maybe}", "{caller: false}", "[false]"])
def test_required_when_is_validated(tmp_path, when):
    pack = tmp_path / "p.yaml"
    pack.write_text(
        "pack: p\nlocale: en\nrules:\n"
        f"  - {{id: bye, kind: required, phrases: [goodbye], when: {when},\n"
        "     examples: {bad: [Hello], good: [Goodbye]}}\n",
        "utf-8",
    )
    with pytest.raises(PackError, match="when takes customer_silent: true | false"):
        load_pack(pack)


def test_after_first_step_script(lint):
    said = "[00:30] Agent: Anything else?\n[00:33] Agent: I will end the call now.\n"
    assert of(lint(said + "[00:40] [hangup]\n"), "test.timing.wrap-up") == []
    (early,) = of(lint(said + "[00:35] [hangup]\n"), "test.timing.wrap-up")
    assert early.extra == {"wait": 2.0, "min_wait": 5.0} and early.severity == "warning"
    answered = "[00:30] Agent: Anything else?\n[00:31] Customer: Yes, one more thing.\n"
    assert of(lint(answered + "[00:50] [hangup]\n"), "test.timing.wrap-up") == []
    # Asked again, and this time no answer: the script starts at the second ask.
    (direct,) = of(
        lint(answered + "[00:50] Agent: Anything else?\n[01:00] [hangup]\n"), "test.timing.wrap-up"
    )
    assert (direct.severity, direct.line, direct.start, direct.end) == ("error", 3, 50.0, 60.0)


def test_script_without_when_starts_at_its_first_step(lint):
    assert of(lint("[00:10] Agent: Hi.\n[00:11] [hangup]\n"), "test.timing.noise") == []
    (f,) = of(lint("[00:10] Agent: Too much noise here.\n[00:12] [hangup]\n"), "test.timing.noise")
    assert (f.start, f.end, f.extra["wait"]) == (10.0, 12.0, 2.0)


# --------------------------------------------------------------------- holds


def test_hold_announced_without_permission(lint):
    text = "[00:10] Agent: Please hold.\n[00:50] Agent: Thank you for holding.\n"
    (f,) = of(lint(text), "test.timing.hold")
    assert "announced without asking" in f.message


def test_exceptions_of_a_timing_rule_shield_its_phrases(lint):
    text = "[00:10] Agent: Please hold the line for me.\n[00:50] Agent: Thank you for holding.\n"
    (f,) = of(lint(text), "test.timing.hold")
    assert "without asking the customer to hold" in f.message


def test_a_request_older_than_request_within_does_not_count(lint):
    text = (
        "[00:00] Agent: May I place you on hold?\n"
        "[00:05] Customer: Why?\n"
        "[00:40] Agent: Thank you for holding.\n"
        "[00:42] Agent: Hm.\n"
        "[01:20] Agent: Thank you for holding.\n"
    )
    (f,) = of(lint(text), "test.timing.hold")
    assert (f.start, f.end) == (42.0, 80.0)


def test_silence_at_the_threshold_is_not_a_hold(lint):
    text = "[00:10] Agent: Let me see.\n[00:40] Agent: Found it.\n"
    assert of(lint(text), "test.timing.hold") == []


# ------------------------------------------------------- dead air, overtalk, speed


def test_dead_air_skips_announced_holds(lint):
    text = "[00:10] Agent: Still checking.\n[00:40] Agent: Found it.\n"
    assert of(lint(text), "test.timing.dead-air") == []


def vtt(*cues: tuple[float, float, str, str]) -> str:
    def t(s: float) -> str:
        return f"00:{int(s) // 60:02d}:{s % 60:06.3f}"

    return "WEBVTT\n\n" + "\n".join(
        f"{t(a)} --> {t(b)}\n<v {who}>{text}\n" for a, b, who, text in cues
    )


def test_overtalk_tolerance_is_exclusive(lint):
    base = (0.0, 4.0, "Customer", "I want to know why")
    said = "Because the plan"
    assert of(lint(vtt(base, (3.5, 5.0, "Agent", said)), "c.vtt"), "test.timing.overtalk") == []
    (f,) = of(lint(vtt(base, (3.4, 5.0, "Agent", said)), "c.vtt"), "test.timing.overtalk")
    assert f.extra["overlap"] == 0.6


@pytest.mark.parametrize("said", ["Mhm.", "Yeah, uh-huh!", "Okay. I see.", "Got it"])
def test_backchannels_while_the_customer_talks_are_listening(lint, said):
    base = (0.0, 8.0, "Customer", "So I was at the terminal and my card fell in the water")
    assert of(lint(vtt(base, (2.0, 3.0, "Agent", said)), "c.vtt"), "test.timing.overtalk") == []


@pytest.mark.parametrize("said", ["Uh, let me stop you", "Okay so what is the card number", "Hm"])
def test_more_than_backchannels_without_word_times_is_overtalk(lint, said):
    """Fillers take the floor; without word times a turn that says more than
    backchannels talks from its start."""
    base = (0.0, 8.0, "Customer", "So I was at the terminal and my card fell in the water")
    (f,) = of(lint(vtt(base, (2.0, 9.0, "Agent", said)), "c.vtt"), "test.timing.overtalk")
    assert (f.start, f.extra["overlap"], f.column) == (2.0, 6.0, 10)  # after "<v Agent>"


def test_word_times_start_overtalk_after_the_leading_backchannels():
    """A Call Analytics call shaped like Amazon's sample (which reports two
    agent interruptions): "Yeah. Mhm." is listening, "Okay" before the
    customer ends and "no problem" after is not overtalk, "Uh" takes the
    floor, and "Yes, I'll …" talks over the customer from "I'll"."""
    from phraselint.engine import Options, default_packset, lint_file

    path = Path(__file__).parent / "data" / "transcripts" / "overtalk.tca.json"
    result = lint_file(str(path), default_packset(), Options())
    found = of(result.findings, "en.timing.overtalk")
    assert [(f.start, f.extra["overlap"], f.text[:8], f.line, f.column) for f in found] == [
        (8.0, 1.0, "Uh let m", 228, 16),
        (15.4, 1.6, "I'll do ", 459, 21),
    ]
    assert found[1].message.startswith("Started at 00:15.4 while the customer was speaking")
    assert [f.end for f in found] == [9.8, 18.0]  # the turns' ends, in seconds
    assert result.stats["overtalk"] == 2


def test_chinese_backchannels_are_listening_in_traditional_too():
    doc = vtt(
        (0.0, 8.0, "客户", "我的卡昨天丢了，现在想挂失一下"),
        (2.0, 3.0, "坐席", "嗯嗯，對，好的。"),
        (5.0, 9.0, "坐席", "好的，我帮您办理"),
    )
    found = of(lint_text(doc, path="c.vtt"), "zh.timing.qiang-hua")
    assert [(f.start, f.extra["overlap"]) for f in found] == [(5.0, 3.0)]


def test_the_customer_interrupting_is_not_agent_overtalk(lint):
    cues = vtt((0.0, 4.0, "Agent", "Let me explain this"), (2.0, 5.0, "Customer", "No wait"))
    assert of(lint(cues, "c.vtt"), "test.timing.overtalk") == []


def test_speed_skips_turns_shorter_than_min_seconds(lint):
    fast = "one two three four five six seven eight nine ten eleven"
    assert of(lint(vtt((0.0, 2.9, "Agent", fast)), "c.vtt"), "test.timing.speed") == []
    (f,) = of(lint(vtt((0.0, 3.0, "Agent", fast + " twelve")), "c.vtt"), "test.timing.speed")
    assert f.extra == {"rate": 240.0, "unit": "wpm"}


def test_within_last_seconds(lint):
    ok = "[00:10] Agent: Hi.\n[00:40] Agent: Goodbye.\n[00:45] [hangup]\n"
    assert of(lint(ok), "test.timing.closing") == []
    late = "[00:10] Agent: Goodbye.\n[00:40] Agent: Hm.\n[00:45] [hangup]\n"
    (f,) = of(lint(late), "test.timing.closing")
    assert (f.line, f.start, f.end) == (2, 25.0, 45.0)


# -------------------------------------------------------------- the time line


def turn(start, end, role="agent") -> Turn:
    return Turn("x", [Segment(0, 0, 1, 1)], role=role, start=start, end=end)


def test_silences_are_where_no_turn_is_running():
    doc = Document("d", "", [turn(10, 20), turn(0, 5), turn(12, 14), turn(25, None), turn(30, 31)])
    tl = Timeline(doc)
    assert tl.order == [1, 0, 2, 3, 4]
    assert [(s.start, s.end, s.before, s.after) for s in tl.silences] == [
        (5, 10, 1, 0),
        (20, 25, 0, 3),
        (25, 30, 3, 4),  # a turn without an end ends where it starts
    ]


def test_clock():
    assert (clock(0), clock(75.5), clock(3600)) == ("00:00", "01:15.5", "60:00")


# ----------------------------------------------------------------- pack data


def test_step_phrases_are_compiled_as_named_groups(test_packs):
    compiled = test_packs.compiled("en")
    index = next(i for i, r in enumerate(compiled.rules) if r.id == "test.timing.silent")
    hits = compiled.matcher.find(" hello caller, no sound on your line ")
    roles = sorted({h.entry.role for h in hits if h.entry.rule == index})
    assert roles == [group_role("step0"), group_role("step1"), group_role("step2")]


def test_the_test_pack_proves_itself_on_its_examples():
    count, failures = run_pack_examples(load_pack(DATA / "timing_en.yaml"))
    assert count == 18 and failures == []


BAD_RULES = [
    ("check: dance", "timing rules need check: one of"),
    ("check: hold\n    thanks: [x y]", "check: hold needs request phrases"),
    (
        "check: hold\n    request: [a b]\n    thanks: [x y]\n    steps: []",
        "does not apply to check: hold",
    ),
    (
        "check: script\n    steps:\n      - {hangup: true}\n      - {say: [a b]}",
        "can only be the last",
    ),
    ("check: script\n    steps: [{say: [a b], min_wait: -1}]", "min_wait must be a number"),
    ("check: script\n    steps: [{say: [a b]}]\n    error_if_hangup_before: zz", "must name a say"),
    (
        "check: script\n    steps: [{say: [a b]}]\n    when: {customer_silent: maybe}",
        "customer_silent",
    ),
    ("check: within\n    phrases: [a b]", "needs one of first: N or last: N"),
    ("check: within\n    first: 3", "check: within needs phrases"),
    ("check: overtalk\n    tolerance: yes", "tolerance must be a number"),
    ("check: overtalk\n    over: [boss]", "over must list roles"),
]


@pytest.mark.parametrize(
    "body, problem", BAD_RULES, ids=[b.split("\n")[0] + p for b, p in BAD_RULES]
)
def test_pack_mistakes_name_file_and_line(tmp_path, body, problem):
    path = tmp_path / "bad.yaml"
    path.write_text(
        f"pack: bad\nlocale: en\nrules:\n  - id: r\n    kind: timing\n    {body}\n", "utf-8"
    )
    with pytest.raises(PackError) as err:
        load_pack(path)
    assert problem in str(err.value)
    assert str(err.value).startswith(f"{path}:")


def test_speed_unit_must_fit_the_locale_tokenizer(tmp_path):
    path = tmp_path / "zh_speed.yaml"
    path.write_text(
        "pack: zs\nlocale: zh\nrules:\n  - id: r\n    kind: timing\n    check: speed\n"
        "    max_wpm: 200\n",
        "utf-8",
    )
    packs = PackSet([load_pack(path)])
    with pytest.raises(PackError, match="max_wpm does not apply to locale 'zh'.*use max_cps"):
        packs.compiled("zh")


def _as_written(value):
    if isinstance(value, (tuple, list)):
        return [_as_written(v) for v in value]
    return value


@pytest.mark.parametrize(
    "rule", [r for r in PackSet.load().rules if r.kind == "timing"], ids=lambda r: r.id
)
def test_validated_options_validate_again_unchanged(rule):
    # Configuration overrides merge into a rule's validated options and validate again.
    from phraselint.rules import timing

    def err(message, key):
        return AssertionError(f"{key}: {message}")

    again = timing.validate({k: _as_written(v) for k, v in rule.options.items()}, err)
    assert again == rule.options


def test_time_line_reads_times_once_and_keeps_the_long_silences():
    agent = SimpleNamespace(roles=frozenset({"agent"}), applies_to=lambda role: role == "agent")
    turns = [turn(0, 2), turn(40, 38), turn(3, None, "customer"), turn(None, None), turn(80, 81)]
    tl = Timeline(Document("d", "", turns))
    assert tl.starts == [0, 40, 3, None, 80]
    assert tl.ends == [2, 40, 3, None, 81]  # a cue ending before it starts ends where it starts
    assert tl.has_ends and tl.timed
    assert [(s.start, s.end) for s in tl.silences] == [(2, 3), (3, 40), (40, 80)]
    assert [(s.before, s.after) for s in tl.silences_over(30)] == [(2, 1), (1, 4)]
    assert tl.longest_silence == 40
    assert tl.turns_of(agent) == [0, 1, 4] and tl.starts_of(agent) == [0, 40, 80]
    assert tl.starting_in(agent, 40, 80) == [1, 4]
    assert tl.starting_in(agent, 40 + 1e-7, 80 - 1e-7) == [1, 4]  # within EPSILON
    assert tl.starting_in(agent, 41, 79) == []
    assert tl.with_role("customer") == [2]


def test_start_stamps_only_have_no_ends():
    tl = Timeline(Document("d", "", [turn(0, None), turn(5, None)]))
    assert not tl.has_ends and tl.longest_silence == 5
    assert not Timeline(Document("d", "", [turn(None, None)])).timed


def _silences_by_definition(turns) -> tuple[list[tuple], float]:
    """Silences of ``turns`` the plain way: sort the timed turns by start
    (ties in turn order), take each missing or early end as the start, and
    open a silence wherever a turn starts after everything before it ended."""
    timed = sorted(
        (t for t, x in enumerate(turns) if x.start is not None), key=lambda t: turns[t].start
    )
    out, covered, covered_by = [], 0.0, -1
    for t in timed:
        start, end = turns[t].start, turns[t].end
        end = start if end is None or end < start else end
        if covered_by >= 0 and start - covered > EPSILON:
            out.append((covered, start, covered_by, t))
        if covered_by < 0 or end >= covered:
            covered, covered_by = end, t
    return out, max((b - a for a, b, _, _ in out), default=0.0)


SECONDS = st.none() | st.integers(0, 40).map(lambda n: n / 4)


# Starts a rounding error apart as well: no silence between them.
NEAR_SECONDS = SECONDS | st.integers(0, 40).map(lambda n: n / 4 + EPSILON / 2)


@settings(max_examples=400, deadline=None)
@given(times=st.lists(st.tuples(NEAR_SECONDS, SECONDS), max_size=8), sort=st.booleans())
def test_time_line_silences_equal_their_definition(times, sort):
    """The time line finds the ends, the silences and the longest one of the
    plain definition, with and without end times (where the longest is
    found without listing the silences), in time order or not."""
    if sort:  # in time order, as most transcripts are; untimed turns last
        times = sorted(times, key=lambda se: (se[0] is None, se[0] or 0))
    turns = [turn(start, end) for start, end in times]
    tl = Timeline(Document("d", "", turns))
    gaps, longest = _silences_by_definition(turns)
    assert tl.longest_silence == longest
    assert [(s.start, s.end, s.before, s.after) for s in tl.silences] == gaps
    assert tl.has_ends == any(s is not None and e is not None for s, e in times)
    assert tl.ends == [s if s is None or e is None or e < s else e for s, e in times]


@settings(max_examples=300, deadline=None)
@given(
    times=st.lists(st.tuples(SECONDS, SECONDS), max_size=8),
    limit=st.integers(0, 12).map(lambda n: n / 4),
)
def test_silences_over_a_limit_are_those_of_every_silence_over_it(times, limit):
    """``silences_over`` answers from the longest silence when none can be
    over the limit: the same silences as filtering all of them."""
    tl = Timeline(Document("d", "", [turn(start, end) for start, end in times]))
    assert tl.silences_over(limit) == [s for s in tl.silences if s.end - s.start > limit]


@settings(max_examples=300, deadline=None)
@given(
    said=st.lists(
        st.tuples(SECONDS, st.sampled_from(["agent", "customer", "system", None])), max_size=8
    ),
    roles=st.sets(st.sampled_from(["agent", "customer", "system", "any"]), min_size=1),
)
def test_turns_of_a_rule_are_its_timed_turns_it_applies_to(said, roles):
    """``Timeline.turns_of`` tests roles without asking the rule of every
    turn: the same turns as ``Rule.applies_to``, in time order."""
    from phraselint.packs import Rule

    rule = Rule("p.r", "p", "en", "timing", "warning", "", roles=frozenset(roles))
    turns = [turn(start, None, role) for start, role in said]
    tl = Timeline(Document("d", "", turns))
    mine = [t for t in tl.order if rule.applies_to(turns[t].role)]
    assert tl.turns_of(rule) == mine
    assert tl.starts_of(rule) == [turns[t].start for t in mine]


SCRIPT_LINES = st.tuples(
    st.sampled_from(["Agent", "Customer", "Bob"]),
    st.sampled_from(
        ["Hello caller", "no sound on your line", "Anything else?", "too much noise", "Okay"]
    ),
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(SCRIPT_LINES, max_size=6))
def test_a_script_passed_over_early_would_not_have_applied(test_packs, lines):
    """``script._may_apply`` turns a call away before its steps are looked
    for; whenever it does, ``_begin``, which looks at length, finds the
    script does not apply either."""
    from phraselint.engine import build_context
    from phraselint.readers import read_text
    from phraselint.timing import script
    from phraselint.timing.timeline import TimingContext

    text = "".join(f"[00:{2 * k:02d}] {who}: {said}\n" for k, (who, said) in enumerate(lines))
    ctx = build_context(read_text(text or "[00:00] Agent: Okay\n", "c.log"), test_packs, "en")
    compiled = test_packs.compiled("en")
    tc = TimingContext(ctx, compiled)
    for i in compiled.of_kind("timing"):
        rule = compiled.rules[i]
        if rule.opt("check") != "script" or script._may_apply(tc, i, rule):
            continue
        first = script._places(tc, i, 0, tc.timeline.turns_of(rule))
        assert not script._begin(tc, rule, first)[0], rule.id


def test_an_unnamed_speaker_counts_as_the_customer_talked_over(lint):
    """Diarised calls name the agent only (--agent-speaker SPEAKER_00); the
    other speaker is the caller, so talking over them is overtalk, and the
    per-file count says so too (next test)."""
    cues = vtt(
        (0.0, 4.0, "SPEAKER_00", "Thank you for calling"),
        (4.5, 12.0, "SPEAKER_01", "I was charged twice for the same order last week"),
        (7.0, 10.0, "SPEAKER_00", "What is your order number"),
    )
    (f,) = of(lint(cues.replace("SPEAKER_00", "Agent"), "c.vtt"), "test.timing.overtalk")
    assert "while the customer was speaking" in f.message
    assert (f.start, f.extra["overlap"]) == (7.0, 3.0)


def test_agent_speaker_option_is_enough_for_overtalk(tmp_path):
    from phraselint.engine import Options, default_packset, lint_file

    path = tmp_path / "call.vtt"
    path.write_text(
        vtt(
            (0.0, 4.0, "SPEAKER_00", "Thank you for calling"),
            (4.5, 12.0, "SPEAKER_01", "I was charged twice for the same order last week"),
            (7.0, 10.0, "SPEAKER_00", "What is your order number"),
        ),
        "utf-8",
    )
    result = lint_file(str(path), default_packset(), Options(speakers={"SPEAKER_00": "agent"}))
    (f,) = of(result.findings, "en.timing.overtalk")
    assert f.message.startswith("Started at 00:07 while the customer was speaking")
    assert result.stats["overtalk"] == 1


def test_a_long_turn_that_ends_asking_to_hold_counts_as_asking(lint):
    """The request is looked for by when the agent stopped speaking: a 39 s
    explanation that ends "May I place you on hold?" asked for the hold."""
    cues = vtt(
        (
            1.0,
            40.0,
            "Agent",
            "I see two charges on your card for the same order. " * 6 + "May I place you on hold?",
        ),
        (40.5, 41.0, "Customer", "Sure."),
        (80.0, 85.0, "Agent", "Thank you for holding."),
    )
    found = lint(cues, "c.vtt")
    assert of(found, "test.timing.hold") == []
    assert of(found, "test.timing.dead-air") == []


def test_a_customer_speaking_during_a_hold_does_not_end_it(lint):
    """ "Hello?" from the caller splits the silence, not the hold: one
    stretch of 89 s without a check-in, asked for, and no dead air."""
    cues = vtt(
        (6.5, 10.0, "Agent", "May I place you on hold?"),
        (10.5, 11.0, "Customer", "Sure."),
        (50.0, 50.5, "Customer", "Hello?"),
        (100.0, 105.0, "Agent", "Thank you for holding."),
    )
    found = lint(cues, "c.vtt")
    (f,) = of(found, "test.timing.hold")
    assert f.message.startswith("89.0 s on hold (00:11–01:40) without a check-in")
    assert of(found, "test.timing.dead-air") == []


@pytest.mark.parametrize(
    ("config", "speaker"),
    [
        ("", "Customer"),  # the hold rule cannot tell the agent: dead air reports
        ("disable: [en.timing.hold]\n", "Agent"),
        ("timing:\n  en.timing.hold: {min_silence: 45}\n", "Agent"),
    ],
)
def test_dead_air_reports_what_no_hold_rule_judges(tmp_path, config, speaker):
    """leave_to_hold defers to the hold rule as the run has it: disabled,
    given a longer min_silence, or unable to tell the agent, it judges
    nothing, and dead air reports the 40 s silence itself."""
    from click.testing import CliRunner

    from phraselint.cli import cli

    (tmp_path / ".phraselint.yaml").write_text(config, "utf-8")
    call = tmp_path / "call.log"
    call.write_text(f"[00:09] {speaker}: One moment.\n[00:49] {speaker}: Back.\n", "utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(call)])
    found = json.loads(result.stdout)["files"][0]["findings"]
    dead = [f for f in found if f["rule"] == "en.timing.dead-air"]
    assert [(f["start"], f["end"]) for f in dead] == [(9.0, 49.0)]
    assert not [f for f in found if f["rule"] == HOLD and f["severity"] != "info"]


def test_silences_around_a_customer_turn_stay_apart_when_no_hold_was_asked(lint):
    """Only an asked hold spans the caller's "Hello?"; two unasked silences
    are reported as the silences they are, without the customer's speech."""
    cues = vtt(
        (1.0, 11.0, "Agent", "Let me look at your account."),
        (51.0, 71.0, "Customer", "Hello? Are you still there?"),
        (111.0, 115.0, "Agent", "Thank you for holding."),
    )
    found = of(lint(cues, "c.vtt"), "test.timing.hold")
    assert [f.extra["silence"] for f in found] == [40.0, 40.0]


def test_a_greeting_never_said_is_the_required_rules_finding_alone():
    """late_only: the window rule reports a greeting said late; one never
    said is the opening rule's finding, not a second one."""
    late = "[00:41] Agent: Hello, thank you for calling Acme.\n[00:45] Customer: Hi.\n"
    never = "[00:02] Agent: Hello, Acme.\n[00:05] Customer: Hi.\n"
    rules_late = {f.rule for f in lint_text(late, path="c.log")}
    rules_never = {f.rule for f in lint_text(never, path="c.log")}
    assert "en.timing.greeting-window" in rules_late
    assert "en.call-flow.opening-thanks" not in rules_late
    assert "en.timing.greeting-window" not in rules_never
    assert "en.call-flow.opening-thanks" in rules_never
    zh = {f.rule for f in lint_text("[00:02] 坐席：请讲。\n[00:05] 客户：查话费。\n", path="c.log")}
    assert "zh.call-flow.kaitou-ninhao" in zh and "zh.timing.kaitou-shixian" not in zh
