"""Helpers shared by the benchmark scripts: the bundled packs, phrase lists, corpus manifest.

The benchmark reads the packs on its own (plain YAML) instead of through phraselint, so that
it keeps working while the packs and the loader change, and so that the baselines get exactly
the phrase list the generator planted from.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LOCALES_DIR = REPO / "locales"
OUT = HERE / "out"
LOCALES = ("en", "zh", "tl")
LATIN = ("en", "tl")


def note(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@dataclass
class Rule:
    """A forbidden rule of a pack, as far as the benchmark needs it."""

    locale: str
    pack: str
    id: str
    roles: tuple[str, ...]
    phrases: tuple[str, ...]
    patterns: tuple[str, ...] = ()
    replacements: tuple[str, ...] = ()
    bad: tuple[str, ...] = ()
    builtin: bool = False
    keys: frozenset[str] = frozenset()
    anchor: str | None = None
    exceptions: tuple[str, ...] = ()

    @property
    def simple(self) -> bool:
        """A phrase list, perhaps with an anchor and exceptions, and no patterns or other
        conditions: the rules an independent reference matcher can reproduce."""
        return bool(self.phrases) and not self.patterns and self.keys <= SIMPLE_KEYS

    @property
    def plantable(self) -> tuple[str, ...]:
        """Bad examples that fit on one agent line (no line breaks, no speaker labels)."""
        return tuple(b for b in self.bad if "\n" not in b and not _LABELLED.match(b))

    @property
    def full_id(self) -> str:
        return f"{self.pack}.{self.id}"

    @property
    def for_agent(self) -> bool:
        return not self.roles or "agent" in self.roles

    @property
    def for_customer(self) -> bool:
        return not self.roles or "customer" in self.roles


SIMPLE_KEYS = frozenset(
    {
        *("id", "kind", "severity", "roles", "role", "phrases", "phrase", "replacement"),
        *("replacements", "message", "source", "examples", "title", "description", "tags"),
        *("anchor", "exceptions"),
    }
)
_LABELLED = re.compile(r"^\s*(?:agent|customer|caller|ahente|坐席|客户)\s*[:：]", re.IGNORECASE)


def _strs(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, int, float)):
        return (str(value),)
    if isinstance(value, dict):  # e.g. {text: ..., ...}
        return tuple(str(v) for v in value.values() if isinstance(v, str))[:1]
    out = []
    for item in value:
        if isinstance(item, dict):
            text = item.get("text") or item.get("phrase")
            if isinstance(text, str):
                out.append(text)
        elif item is not None:
            out.append(str(item))
    return tuple(out)


def load_locale_specs(locales_dir: Path = LOCALES_DIR) -> dict[str, dict]:
    specs = {}
    for loc in LOCALES:
        path = locales_dir / loc / "locale.yaml"
        try:
            specs[loc] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            specs[loc] = {}
    return specs


def load_pack_rules(locales_dir: Path = LOCALES_DIR) -> tuple[list[Rule], list[str]]:
    """Every forbidden rule of the bundled packs, and the warnings met on the way."""
    rules: list[Rule] = []
    warnings: list[str] = []
    for loc in LOCALES:
        for path in sorted((locales_dir / loc).glob("*.y*ml")):
            if path.name in ("locale.yaml", "locale.yml"):
                continue
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, yaml.YAMLError) as exc:
                warnings.append(f"{path}: unreadable ({exc.__class__.__name__}), skipped")
                continue
            if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
                warnings.append(f"{path}: no rules list, skipped")
                continue
            pack = str(data.get("pack") or f"{loc}.{path.stem}")
            pack_loc = str(data.get("locale") or loc).split("_")[0].split("-")[0]
            if pack_loc == "fil":
                pack_loc = "tl"
            for raw in data["rules"]:
                if not isinstance(raw, dict) or raw.get("kind", "forbidden") != "forbidden":
                    continue
                if "id" not in raw:
                    continue
                roles = raw.get("roles") or raw.get("role") or ()
                roles = (roles,) if isinstance(roles, str) else tuple(str(r) for r in roles)
                examples = raw.get("examples") or {}
                bad = examples.get("bad") if isinstance(examples, dict) else ()
                repl = raw.get("replacements", raw.get("replacement"))
                rules.append(
                    Rule(
                        locale=pack_loc if pack_loc in LOCALES else loc,
                        pack=pack,
                        id=str(raw["id"]),
                        roles=roles,
                        phrases=_strs(raw.get("phrases") or raw.get("phrase")),
                        patterns=_strs(raw.get("patterns") or raw.get("pattern")),
                        replacements=_strs(repl),
                        bad=tuple(s.strip() for s in _strs(bad) if s.strip()),
                        keys=frozenset(str(k) for k in raw),
                        anchor=str(raw["anchor"]) if raw.get("anchor") else None,
                        exceptions=_strs(raw.get("exceptions")),
                    )
                )
    return rules, warnings


# Used only while the bundled packs do not exist yet (or have no forbidden rule with a bad
# example for a locale). phraselint is not expected to find these; the runner says so.
BUILTIN = {
    "en": [
        ("calm-down", "calm down", "I understand your concern", "Sir, you need to calm down."),
        ("no-idea", "I have no idea", "Let me find out", "I have no idea where your parcel is."),
        ("not-my-job", "not my job", "I can help with that", "Honestly that is not my job."),
        ("as-i-said", "as I said", "To clarify", "As I said before, the bill is correct."),
    ],
    "zh": [
        ("hua-shenme", "你说什么", "麻烦您再说一遍", "喂，什么？你说什么？"),
        ("mei-banfa", "我也没办法", "我来帮您想办法", "我也没办法，刚才线路忙啊。"),
        ("xinshou", "我是新手", "我帮您确认一下", "我是新手啦，这个系统我还不太会用。"),
        ("bu-keneng", "不可能的吧", "我帮您核实一下", "不可能的吧，我昨天刚刚交过费。"),
    ],
    "tl": [
        ("ewan", "ewan ko", "aalamin ko po", "Ewan ko kung nasaan ang order mo."),
        ("bahala-ka", "bahala ka", "tutulungan ko po kayo", "Bahala ka na diyan sa bill mo."),
        ("ano-ba", "ano ba", "paano ko po kayo matutulungan", "Ano ba talaga ang problema mo?"),
    ],
}


def builtin_rules(loc: str) -> list[Rule]:
    return [
        Rule(
            locale=loc,
            pack=f"{loc}.builtin",
            id=rid,
            roles=("agent",),
            phrases=(phrase,),
            replacements=(repl,),
            bad=(bad,),
            builtin=True,
        )
        for rid, phrase, repl, bad in BUILTIN[loc]
    ]


def rules_for_benchmark(locales_dir: Path = LOCALES_DIR, quiet: bool = False) -> list[Rule]:
    """Pack rules, with the built-in fallback for each locale that has nothing to plant."""
    rules, warnings = load_pack_rules(locales_dir)
    if not quiet:
        for w in warnings:
            note(f"warning: {w}")
    out = list(rules)
    for loc in LOCALES:
        plantable = [r for r in rules if r.locale == loc and r.for_agent and r.plantable]
        if not plantable:
            if not quiet:
                note(
                    f"note: no bundled forbidden rule with examples.bad for '{loc}' under "
                    f"{locales_dir}/{loc}; using the built-in fallback list (phraselint is not "
                    "expected to find those)"
                )
            out.extend(builtin_rules(loc))
    return out


# ---------------------------------------------------------------- normalisation for filters
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_NON_WORD = re.compile(r"[\W_]+")
_NOT_HAN_OR_ALNUM = re.compile(r"[^\w]|_")


def latin_norm(text: str, drop: frozenset[str] = frozenset()) -> str:
    words = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).split()
    # contractions: "don't" -> "don t"; keep as is, phrases get the same treatment
    if drop:
        words = [w for w in words if w not in drop]
    return " " + " ".join(words) + " "


def han_compact(text: str) -> str:
    return _NOT_HAN_OR_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def has_han(text: str) -> bool:
    return bool(_HAN.search(text))


@dataclass
class PhraseFilter:
    """Conservative test "might this line fire a forbidden rule?", used to keep filler clean.

    It is deliberately looser than phraselint (substring after dropping punctuation, and for
    Tagalog after dropping the floating particles), so it rejects more than needed.
    """

    rules: list[Rule]
    particles: frozenset[str] = frozenset()
    _latin: list[str] = field(default_factory=list)
    _latin_tl: list[str] = field(default_factory=list)
    _han: list[str] = field(default_factory=list)
    _patterns: list = field(default_factory=list)
    _cache: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        import regex

        latin, latin_tl, han = set(), set(), set()
        for r in self.rules:
            for p in r.phrases:
                if has_han(p):
                    c = han_compact(p)
                    if c:
                        han.add(c)
                else:
                    n = latin_norm(p)
                    if n.strip():
                        latin.add(n)
                        latin_tl.add(latin_norm(p, self.particles))
            for pat in r.patterns:
                with contextlib.suppress(Exception):  # a pattern we cannot read isn't used
                    self._patterns.append(regex.compile(pat, regex.IGNORECASE | regex.V1))
        self._latin = sorted(latin)
        self._latin_tl = sorted(x for x in latin_tl if x.strip())
        self._han = sorted(han)

    def fires(self, line: str) -> bool:
        hit = self._cache.get(line)
        if hit is None:
            hit = self._fires(line)
            if len(self._cache) < 200_000:
                self._cache[line] = hit
        return hit

    def _fires(self, line: str) -> bool:
        n = latin_norm(line)
        if any(p in n for p in self._latin):
            return True
        if self.particles:
            nt = latin_norm(line, self.particles)
            if any(p in nt for p in self._latin_tl):
                return True
        if self._han and has_han(line):
            c = han_compact(line)
            if any(p in c for p in self._han):
                return True
        return any(p.search(line) for p in self._patterns)


# ---------------------------------------------------------------- corpus
def load_manifest(corpus: Path) -> dict:
    return json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))


def corpus_files(corpus: Path, manifest: dict, locale: str | None = None) -> list[Path]:
    return [
        corpus / f["path"] for f in manifest["files"] if locale is None or f["locale"] == locale
    ]


def generator_digest() -> str:
    """Changes whenever the generator's templates or logic change (corpus must be remade)."""
    import hashlib

    data = b"".join((HERE / n).read_bytes() for n in ("generate.py", "common.py"))
    return hashlib.sha256(data).hexdigest()[:16]


def mb(nbytes: int) -> float:
    return nbytes / 1_000_000


# ------------------------------------------------------------------------------ real text
# The generated corpus is made of a few hundred hand-written lines, so the same sentences come
# back in file after file, and phraselint's caches (segmented sentences above all) hit far more
# often than they would on real calls. When the project's shared corpus is next to the checkout,
# the runner also times phraselint against jieba on real Chinese customer-service chats.
REAL_JDDC = REPO.parent / "shared" / "corpus" / "real" / "jddc_chat_sample.tsv"


def jddc_logs(tsv: Path, out: Path) -> list[Path]:
    """The JDDC sample (one turn a line: session, user, sent-by-agent flag, …, text) as one chat
    log per session (``[00:mm:ss] 坐席：…``, a turn a second), written once into ``out``."""
    stamp = out / ".source"
    source = f"{tsv.resolve()} {tsv.stat().st_size} {tsv.stat().st_mtime_ns}"
    if stamp.exists() and stamp.read_text(encoding="utf-8") == source:
        return sorted(out.glob("*.log"))
    sessions: dict[str, list[tuple[str, str]]] = {}
    with tsv.open(encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if len(fields) >= 7 and fields[6].strip():
                role = "坐席" if fields[2] == "1" else "客户"
                sessions.setdefault(fields[0], []).append((role, fields[6].strip()))
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.log"):
        old.unlink()
    for n, turns in enumerate(sessions.values()):
        lines = [
            f"[{k // 3600:02d}:{k // 60 % 60:02d}:{k % 60:02d}] {role}：{text}\n"
            for k, (role, text) in enumerate(turns)
        ]
        (out / f"jddc-{n:04d}.log").write_text("".join(lines), encoding="utf-8")
    stamp.write_text(source, encoding="utf-8")
    return sorted(out.glob("*.log"))


# Speech-to-text output in Chinese often has no punctuation, and then the sentence the matcher
# segments around a candidate is a whole turn: the case where a faster segmenter pays.
_PUNCT = re.compile(r"[\s，。？！、；：,.?!;:~…]+")


def unpunctuated_logs(
    logs: list[Path], out: Path, per_turn: int = 6, per_file: int = 10
) -> list[Path]:
    """The agent turns of the chat logs ``logs`` (jddc_logs) without punctuation or spaces,
    ``per_turn`` of them run together into one turn and ``per_file`` such turns to a file:
    long unpunctuated turns, as speech-to-text gives. Written into ``out`` (replacing what
    was there)."""
    texts = []
    for log in logs:
        for line in log.read_text(encoding="utf-8").splitlines():
            stamp, _, rest = line.partition(" ")
            if rest.startswith("坐席："):
                texts.append(_PUNCT.sub("", rest[3:]))
    turns = ["".join(texts[i : i + per_turn]) for i in range(0, len(texts), per_turn)]
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.log"):
        old.unlink()
    for n, i in enumerate(range(0, len(turns), per_file)):
        lines = [
            f"[00:{k // 60:02d}:{k % 60:02d}] 坐席：{t}\n"
            for k, t in enumerate(turns[i : i + per_file])
        ]
        (out / f"long-{n:04d}.log").write_text("".join(lines), encoding="utf-8")
    return sorted(out.glob("*.log"))
