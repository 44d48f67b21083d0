"""The same calls in every transcript format a QA team may have, for the format rows.

The generated corpus has chat logs and Markdown scripts only, but QA teams check captions
(WebVTT, SRT), spreadsheets (CSV), speech-to-text JSON (Whisper, Amazon Transcribe, its
Call Analytics) and chat exports stamped with the date (``[2024-05-01 14:03:04] Agent: …``,
wall-clock times to the chat-log reader). Each format costs phraselint its own reading, and
those with end times get the overtalk and speaking-rate checks too, so the time per call
differs by format. This module writes the first calls of the corpus's chat logs (en and zh)
again in each format, with the same speakers, words and start times (a dated log's count
from its first stamp), and end times just before the next turn.

    python benchmarks/formats.py [--corpus DIR] [--per-locale N]

The files go to ``out/formats/<format>/`` and are written again only when the corpus or this
module changes. The chat logs are read here with a small parser of their own (the generator
writes ``[hh:mm:ss] Label: text`` and ``hh:mm:ss 标签：text``), not with phraselint.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

from common import OUT, load_manifest, note

FORMATS = (
    "chat-log", "chat-log-dated", "vtt", "srt", "csv", "whisper", "transcribe", "call-analytics"
)  # fmt: skip
EXTENSIONS = {
    "chat-log": ".log",
    "chat-log-dated": ".log",
    "vtt": ".vtt",
    "srt": ".srt",
    "csv": ".csv",
    "whisper": ".json",
    "transcribe": ".json",
    "call-analytics": ".json",
}
LOCALES = ("en", "zh")
PER_LOCALE = 150

_LINE = re.compile(r"^\[?(\d\d):(\d\d):(\d\d)\]? (.+?)(?:: |：)(.*)$")
# Amazon Transcribe's items: words ("$8.15" and "don't" are one), and the
# punctuation after them as items of their own.
_WORD = r"[^\s,.?!;:，。？！；：、]+(?:[.,][^\s,.?!;:，。？！；：、]+)*"
_EN_ITEM = re.compile(rf"{_WORD}|\S")
_HAN = "\u4e00-\u9fff"
_ZH_ITEM = re.compile(rf"[{_HAN}]{{1,2}}|{_WORD.replace('[^', '[^' + _HAN)}|\S")
_PUNCT = re.compile(r"[,.?!;:，。？！；：、]")
ROLES = {"Agent": "AGENT", "坐席": "AGENT"}
# When the calls of the dated logs begin: their stamps are this plus the chat logs' times.
DATED_FROM = datetime.datetime(2024, 5, 1, 14, 3)


def chat_turns(path: Path) -> list[tuple[str, float, str]]:
    """(speaker label, start seconds, text) of each line of a generated chat log."""
    turns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if m:
            h, mi, s, label, text = m.groups()
            turns.append((label, int(h) * 3600 + int(mi) * 60 + int(s), text))
    return turns


def _ends(turns: list[tuple[str, float, str]]) -> list[float]:
    """End of each turn: half a second before the next one starts (the last: 3 s)."""
    ends = [nxt[1] - 0.5 for nxt in turns[1:]] + [turns[-1][1] + 3.0]
    return [max(end, start + 0.2) for end, (_, start, _) in zip(ends, turns, strict=True)]


def _clock(seconds: float, sep: str = ".") -> str:
    ms = round(seconds * 1000)
    return (
        f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"
    )


def render(fmt: str, loc: str, turns: list[tuple[str, float, str]]) -> str:
    """One call in ``fmt``."""
    if fmt == "chat-log-dated":  # the generator's shapes, with the date and time of day
        stamps = [(DATED_FROM + datetime.timedelta(seconds=s)).isoformat(" ") for _, s, _ in turns]
        shape = "{} {}：{}" if loc == "zh" else "[{}] {}: {}"
        lines = [
            shape.format(at, who, text) for at, (who, _, text) in zip(stamps, turns, strict=True)
        ]
        return "\n".join(lines) + "\n"
    ends = _ends(turns)
    timed = list(zip(turns, ends, strict=True))
    if fmt == "vtt":
        cues = [f"{_clock(s)} --> {_clock(e)}\n<v {who}>{text}" for (who, s, text), e in timed]
        return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"
    if fmt == "srt":
        cues = [
            f"{n}\n{_clock(s, ',')} --> {_clock(e, ',')}\n{who}: {text}"
            for n, ((who, s, text), e) in enumerate(timed, 1)
        ]
        return "\n\n".join(cues) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["Speaker", "Start", "End", "Text"])
        writer.writerows([who, f"{s:.2f}", f"{e:.2f}", text] for (who, s, text), e in timed)
        return out.getvalue()
    if fmt == "whisper":  # WhisperX-style segments, with a speaker per segment
        segments = [
            {"id": n, "start": s, "end": e, "text": " " + text, "speaker": who}
            for n, ((who, s, text), e) in enumerate(timed)
        ]
        body = {"text": "".join(seg["text"] for seg in segments), "segments": segments}
        return json.dumps(body | {"language": loc}, ensure_ascii=False, indent=2)
    if fmt == "call-analytics":
        entries = [
            {
                "Id": str(n),
                "ParticipantRole": ROLES.get(who, "CUSTOMER"),
                "BeginOffsetMillis": round(s * 1000),
                "EndOffsetMillis": round(e * 1000),
                "Content": text,
            }
            for n, ((who, s, text), e) in enumerate(timed)
        ]
        body = {"JobStatus": "COMPLETED", "LanguageCode": "zh-CN" if loc == "zh" else "en-US"}
        return json.dumps(body | {"Transcript": entries}, ensure_ascii=False, indent=2)
    if fmt == "transcribe":
        return json.dumps(_transcribe(loc, timed), ensure_ascii=False)  # compact, as AWS writes
    raise ValueError(fmt)


def _transcribe(loc: str, timed) -> dict:
    """Plain Amazon Transcribe output: one item per word or punctuation mark, each word
    timed by spreading the turn's time over its words, and a speaker segment per turn."""
    items, segments = [], []
    for (who, start, text), end in timed:
        label = "spk_0" if who in ROLES else "spk_1"
        pieces = (_ZH_ITEM if loc == "zh" else _EN_ITEM).findall(text)
        words = sum(1 for p in pieces if not _PUNCT.fullmatch(p))
        step, at, timed_items = (end - start) / max(words, 1), start, []
        for piece in pieces:
            alt = [{"confidence": "0.99", "content": piece}]
            if not _PUNCT.fullmatch(piece):
                times = {"start_time": f"{at:.3f}", "end_time": f"{at + step:.3f}"}
                items.append({**times, "speaker_label": label, "type": "pronunciation",
                              "alternatives": alt})  # fmt: skip
                timed_items.append({**times, "speaker_label": label})
                at += step
            else:
                items.append({"speaker_label": label, "type": "punctuation", "alternatives": alt})
        segments.append({"start_time": f"{start:.3f}", "speaker_label": label,
                         "end_time": f"{end:.3f}", "items": timed_items})  # fmt: skip
    for n, item in enumerate(items):
        item["id"] = n
    transcript = " ".join(text for (_, _, text), _ in timed)
    return {
        "jobName": "call",
        "status": "COMPLETED",
        "results": {
            "transcripts": [{"transcript": transcript}],
            "speaker_labels": {"speakers": 2, "segments": segments},
            "items": items,
        },
    }


def write_formats(corpus: Path, out: Path = OUT / "formats", per_locale: int = PER_LOCALE):
    """``{format: [files]}``: the first ``per_locale`` chat logs of each of en and zh in
    every format, written into ``out`` unless they are there from the same corpus."""
    manifest = load_manifest(corpus)
    logs = [
        corpus / f["path"]
        for loc in LOCALES
        for f in [f for f in manifest["files"] if f["locale"] == loc and f["format"] == "chat"][
            :per_locale
        ]
    ]
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for log in logs:
        digest.update(log.read_bytes())
    stamp = out / ".source"
    if not (stamp.exists() and stamp.read_text(encoding="utf-8") == digest.hexdigest()):
        note(f"writing {len(logs)} calls in {len(FORMATS)} formats to {out}")
        shutil.rmtree(out, ignore_errors=True)
        for fmt in FORMATS:
            (out / fmt).mkdir(parents=True)
            for log in logs:
                name = log.stem + EXTENSIONS[fmt]
                if fmt == "chat-log":
                    shutil.copyfile(log, out / fmt / name)
                    continue
                loc = log.name[:2]
                (out / fmt / name).write_text(render(fmt, loc, chat_turns(log)), encoding="utf-8")
        stamp.write_text(digest.hexdigest(), encoding="utf-8")
    return {fmt: sorted((out / fmt).iterdir()) for fmt in FORMATS}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=OUT / "corpus")
    ap.add_argument("--per-locale", type=int, default=PER_LOCALE)
    args = ap.parse_args()
    for fmt, files in write_formats(args.corpus, per_locale=args.per_locale).items():
        size = sum(f.stat().st_size for f in files)
        print(f"{fmt:<15} {len(files):>4} files {size / 1e6:7.2f} MB")


if __name__ == "__main__":
    main()
