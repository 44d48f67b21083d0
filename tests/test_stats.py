"""Per-file figures (``stats`` in the JSON report) of transcripts."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path

from click.testing import CliRunner

from phraselint import lint_paths
from phraselint.cli import cli
from phraselint.engine import build_context, default_packset, lint_context
from phraselint.readers import read_text
from phraselint.stats import file_stats
from phraselint.timing import hold, timeline

DATA = Path(__file__).parent / "data" / "timing"
KEYS = ["turns", "duration", "talk_seconds", "longest_silence", "holds", "overtalk"]


def json_files(*paths: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", *paths])
    return json.loads(result.output)["files"]


def test_figures_of_a_transcript_with_end_times_in_the_json_report():
    (entry,) = json_files(str(DATA / "overtalk.vtt"))
    assert entry["stats"] == {
        "turns": 6,
        "duration": 19.0,
        "talk_seconds": {"agent": 10.8, "customer": 8.2, "other": 0.0},
        "longest_silence": 0.4,
        "holds": 0,
        "overtalk": 1,
    }


def test_start_stamps_only_give_silences_but_no_talk_time_or_overtalk():
    (entry,) = json_files(str(DATA / "hold_no_checkin.log"))
    assert entry["stats"] == {
        "turns": 5,
        "duration": 140.0,  # the [hangup] marker
        "talk_seconds": None,
        "longest_silence": 120.0,
        "holds": 1,
        "overtalk": None,
    }


def test_untimed_transcript_has_turns_and_nulls():
    (entry,) = json_files(str(DATA / "untimed.csv"))
    assert list(entry["stats"]) == KEYS
    assert entry["stats"] == dict.fromkeys(KEYS) | {"turns": 2}


def test_scripts_have_no_figures(tmp_path):
    script = tmp_path / "script.md"
    script.write_text("Agent: Thank you for calling Northwind.\n", "utf-8")
    (entry,) = json_files(str(script))
    assert "stats" not in entry


def test_holds_follow_the_locale_hold_rule_when_packs_are_there():
    path = DATA / "hold_checkin.log"
    doc = read_text(path.read_text("utf-8"), str(path))
    # Two silences over 30 s, joined by a check-in into one hold.
    assert file_stats(doc)["holds"] == 2
    ctx = build_context(doc, default_packset())
    assert file_stats(doc, ctx)["holds"] == 1


def test_overlapping_speech_counts_for_both_parties():
    vtt = (
        "WEBVTT\n\n00:00.000 --> 00:04.000\n<v Customer>one two three\n\n"
        "00:02.000 --> 00:06.000\n<v Agent>four five six\n\n"
        "00:10.000 --> 00:11.000\n<v Narrator>seven\n"
    )
    stats = file_stats(read_text(vtt, "x.vtt"))
    assert stats["talk_seconds"] == {"agent": 4.0, "customer": 4.0, "other": 1.0}
    assert (stats["longest_silence"], stats["overtalk"], stats["duration"]) == (4.0, 1, 11.0)


def test_library_results_carry_the_figures():
    (result,) = lint_paths([str(DATA / "speed.vtt")])
    assert result.stats is not None and result.stats["turns"] == 4
    assert result.to_dict()["stats"] == result.stats


def test_figures_reuse_the_time_line_and_holds_of_the_timing_rules(monkeypatch):
    built, searched = [], []
    monkeypatch.setattr(timeline.Timeline, "__init__", counted(timeline.Timeline.__init__, built))
    monkeypatch.setattr(hold, "_find_holds", counted(hold._find_holds, searched))
    path = DATA / "hold_checkin.log"
    doc = read_text(path.read_text("utf-8"), str(path))
    ctx = build_context(doc, default_packset())
    findings = lint_context(ctx)
    assert file_stats(doc, ctx)["holds"] == 1
    assert (len(built), len(searched)) == (1, 1)
    assert [f.rule for f in findings if f.kind == "timing"]  # the timing rules did run


def test_a_linted_document_is_freed_without_the_cycle_collector():
    # What the timing modules keep on the context must not point back at it.
    path = DATA / "hold_checkin.log"
    doc = read_text(path.read_text("utf-8"), str(path))
    gc.disable()
    try:
        ctx = build_context(doc, default_packset())
        lint_context(ctx)
        file_stats(doc, ctx)
        ref = weakref.ref(ctx)
        del ctx
        assert ref() is None
    finally:
        gc.enable()


def counted(function, calls: list):
    def run(*args, **kwargs):
        calls.append(args)
        return function(*args, **kwargs)

    return run
