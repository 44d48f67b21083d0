"""Locale specs (``locales/<id>/locale.yaml``): how each language is read.

A new locale is a new folder with a ``locale.yaml`` and packs; nothing here
names a language. The spec says which script's runs the locale checks, which
tokenizer it uses, its speaker labels, its floating particles and how to
recognise a document written in it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import PhraselintError

if TYPE_CHECKING:
    import regex


def bundled_locales_dir() -> Path:
    """Packs ship inside the wheel as ``phraselint/_locales``; in a source
    checkout (editable install) they are the top-level ``locales/``."""
    here = Path(__file__).resolve().parent
    inside = here / "_locales"
    return inside if inside.is_dir() else here.parent / "locales"


@dataclass(frozen=True)
class LocaleSpec:
    id: str
    name: str
    script: str  # "Latin" | "Han"
    always: bool
    tokenizer: str  # "words" | "jieba"
    convert: str | None = None  # OpenCC config reading Traditional as Simplified
    convert_in_context: tuple[str, str] | None = None  # (OpenCC config, characters)
    variants: tuple[tuple[str, str], ...] = ()  # equal-length spellings read as another
    aliases: tuple[str, ...] = ()
    particles: frozenset[str] = frozenset()
    equivalents: dict[str, str] = field(default_factory=dict)
    transparent_after: frozenset[str] = frozenset()
    transparent_before: frozenset[str] = frozenset()
    speakers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    hangup_markers: tuple[str, ...] = ()
    backchannels: tuple[str, ...] = ()
    abbreviations: frozenset[str] = frozenset()  # folded, without their "."
    detect_script: str | None = None
    detect_words: frozenset[str] = frozenset()
    detect_min_hits: int = 2
    detect_min_distinct: int = 1
    detect_min_ratio: float = 0.0


def _spec_from(data: dict, path: Path) -> LocaleSpec:
    try:
        boundary = data.get("boundary") or {}
        detect = data.get("detect") or {}
        return LocaleSpec(
            id=str(data["locale"]),
            name=str(data.get("name", data["locale"])),
            script=str(data["script"]),
            always=bool(data.get("always", False)),
            tokenizer=str(data.get("tokenizer", "words")),
            convert=_convert(data.get("convert")),
            convert_in_context=_in_context(data.get("convert")),
            variants=_variants(data.get("variants")),
            aliases=tuple(str(a) for a in data.get("aliases", ())),
            particles=frozenset(str(p).casefold() for p in data.get("particles", ())),
            equivalents={
                str(k).casefold(): str(v).casefold()
                for k, v in (data.get("equivalents") or {}).items()
            },
            transparent_after=frozenset(boundary.get("transparent_after", ())),
            transparent_before=frozenset(boundary.get("transparent_before", ())),
            speakers={
                str(role): tuple(str(n) for n in names)
                for role, names in (data.get("speakers") or {}).items()
            },
            hangup_markers=tuple(str(m) for m in data.get("hangup_markers", ())),
            backchannels=_strings(data, "backchannels"),
            abbreviations=frozenset(
                a.casefold().rstrip(".") for a in _strings(data, "abbreviations")
            ),
            detect_script=detect.get("script"),
            detect_words=frozenset(str(w).casefold() for w in detect.get("words", ())),
            detect_min_hits=int(detect.get("min_hits", 2)),
            detect_min_distinct=int(detect.get("min_distinct", 1)),
            detect_min_ratio=float(detect.get("min_ratio", 0.0)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        key = getattr(exc, "key", None)
        line = data.line_of(key) if key and hasattr(data, "line_of") else None
        raise PhraselintError(f"invalid locale spec: {exc}", str(path), line) from None


class _FieldError(ValueError):
    """A bad value of one field of a locale spec, whose line the error names."""

    def __init__(self, key: str, problem: str):
        super().__init__(f"{key}: {problem}")
        self.key = key


def _convert(value) -> str | None:
    """``convert: t2s``, or ``convert: {config: t2s, in_context: {config:
    tw2s, chars: 著}}`` (see :class:`phraselint.text.keys.Simplifier`)."""
    if value is None or isinstance(value, str):
        return value
    return str(value["config"])


def _in_context(value) -> tuple[str, str] | None:
    if not isinstance(value, dict) or not value.get("in_context"):
        return None
    found = value["in_context"]
    return str(found["config"]), str(found["chars"])


def _variants(value) -> tuple[tuple[str, str], ...]:
    pairs = tuple((str(k), str(v)) for k, v in (value or {}).items())
    for old, new in pairs:
        if len(old) != len(new):
            raise _FieldError("variants", f"{old!r} and {new!r} differ in length")
    return pairs


def _strings(data: dict, key: str) -> tuple[str, ...]:
    """A list of strings; YAML reads an unquoted yes or no as a boolean."""
    items = tuple(data.get(key) or ())
    for item in items:
        if not isinstance(item, str):
            raise _FieldError(key, f"{item!r} is not a string (quote it)")
    return items


@functools.cache
def locale_specs() -> dict[str, LocaleSpec]:
    """All locales shipped with phraselint, by id, in a stable order.

    Kept in the per-user cache with the packs (see :mod:`phraselint.cache`):
    a run whose packs come from the cache then never imports ``yaml``."""
    from .cache import cached

    paths = sorted(bundled_locales_dir().glob("*/locale.yaml"))
    return cached("locales", paths, lambda: _read_specs(paths))


def _read_specs(paths: list[Path]) -> dict[str, LocaleSpec]:
    from .yamlio import load_yaml_file

    specs: dict[str, LocaleSpec] = {}
    for path in paths:
        spec = _spec_from(load_yaml_file(path), path)
        specs[spec.id] = spec
    return specs


def get_spec(locale_id: str) -> LocaleSpec:
    return locale_specs()[negotiate(locale_id)]


def negotiate(identifier: str) -> str:
    """Map any Babel/BCP 47 locale identifier to a shipped locale id.

    ``zh_Hant_TW``, ``zh-TW``, ``zh-Hans`` give ``zh``; ``en_US`` gives ``en``;
    ``fil``, ``fil_PH`` and ``tl_PH`` give ``tl`` (Babel parses ``tl`` as
    ``fil_PH``, so the aliases in ``locale.yaml`` are consulted first).
    """
    specs = locale_specs()
    raw = identifier.strip()
    norm = raw.replace("-", "_")
    if norm in specs:
        return norm
    low = norm.lower()
    for spec in specs.values():
        if low == spec.id.lower() or low in (a.lower() for a in spec.aliases):
            return spec.id
    # Only unusual identifiers pay for importing Babel.
    import babel

    aliases = {a.lower(): s.id for s in specs.values() for a in s.aliases}
    try:
        found = babel.negotiate_locale([norm], list(specs), sep="_", aliases=aliases)
        if found is None:
            parsed = babel.Locale.parse(norm, sep="_")
            found = babel.negotiate_locale(
                [parsed.language, str(parsed)], list(specs), sep="_", aliases=aliases
            )
    except (ValueError, TypeError, babel.UnknownLocaleError):
        found = None
    if found is None:
        known = ", ".join(specs)
        raise PhraselintError(f"unknown locale {identifier!r} (known: {known})")
    return found


# Detection reads the start of a document: enough words to decide, and a
# 100,000-turn transcript is not scanned twice.
DETECT_SAMPLE = 20_000


@functools.cache
def script_pattern(script: str) -> regex.Pattern:
    import regex

    return regex.compile(rf"\p{{{script}}}")


@functools.cache
def script_runs(script: str) -> regex.Pattern:
    import regex

    return regex.compile(rf"\p{{{script}}}+")


def detect_locale(
    text: str,
    words: Callable[[], list[str]] | None = None,
    breaks: int = 0,
    floors: Mapping[str, int] | None = None,
) -> str:
    """Guess a document's locale from its text (documented in the README):
    a locale whose ``detect.script`` makes up enough of the speech wins (Han →
    zh); else a locale whose function words make up enough of the words (ang,
    ng, sa, po → tl); else the fallback locale (the one with an empty
    ``detect``: en).

    A script's share is its characters among those characters and the words
    outside it: a customer's name in Han characters in an English call is not
    a Chinese call, while English product names in a Chinese one leave it
    Chinese. Function words must be ``min_distinct`` different ones, so that
    one word repeated (the English abbreviation "PO") does not decide.

    Words are read as the matcher reads them, folded, apostrophes and hyphens
    dropped (:func:`phraselint.text.keys.word_tokens`). ``words()`` gives those
    of ``text`` when the caller has them (the engine tokenises each document
    once for matching, and detection reuses that, but only when it gets that
    far: a Chinese document is decided by its script); ``breaks`` of them are
    the turn breaks that join the document's turns, which are not words.
    ``floors`` are known lower bounds on the count of a script's characters
    in ``text`` (the fold counts the common Han ones): when one is enough,
    the text is not scanned for that script again."""
    specs = locale_specs()
    fallback = None
    if len(text) > DETECT_SAMPLE:  # words() would give the whole text's words
        text, words, floors = text[:DETECT_SAMPLE], None, None
    tokenised: tuple[list[str], int] | None = None

    def words_and_count() -> tuple[list[str], int]:
        """The words, and how many there are besides the turn breaks."""
        nonlocal tokenised
        if tokenised is None:
            if words is None:
                from .text.keys import word_tokens
                from .text.normalize import normalize

                found = word_tokens(normalize(text).text)
                tokenised = found, len(found)
            else:
                found = words()
                tokenised = found, len(found) - breaks
        return tokenised

    for spec in specs.values():
        if spec.detect_script and not text.isascii():
            floor = floors.get(spec.detect_script, 0) if floors else 0
            if floor and floor >= spec.detect_min_ratio * len(text):
                return spec.id  # every word has a character outside the script
            if _script_share_enough(spec, text, lambda: words_and_count()[1]):
                return spec.id
    found, count = words_and_count()
    best, best_ratio = None, 0.0
    for spec in specs.values():
        # Without any of its words it cannot win (no ratio beats 0): a check
        # that stops at the first shared word, cheaper than counting them.
        if spec.detect_words and count and not spec.detect_words.isdisjoint(found):
            hits = sum(map(spec.detect_words.__contains__, found))
            ratio = hits / count
            if (
                hits >= spec.detect_min_hits
                and ratio >= spec.detect_min_ratio
                and len(spec.detect_words.intersection(found)) >= spec.detect_min_distinct
            ):
                if ratio > best_ratio:
                    best, best_ratio = spec.id, ratio
        if not spec.detect_script and not spec.detect_words:
            fallback = spec.id
    return best or fallback or next(iter(specs))


def _script_share_enough(spec: LocaleSpec, text: str, word_count: Callable[[], int]) -> bool:
    """Whether ``spec.detect_script``'s characters are at least
    ``detect_min_ratio`` of them plus the words outside the script. Words
    are counted only when the characters alone leave it open: every word
    has a character that is not the script's, so a text that is mostly the
    script is decided without tokenising it."""
    runs = script_runs(spec.detect_script)
    script_chars = len(text) - len(runs.sub("", text))
    if not script_chars:
        return False
    need = spec.detect_min_ratio
    if script_chars >= need * len(text):
        return True
    return script_chars >= need * (script_chars + word_count())


@functools.cache
def speaker_roles() -> dict[str, str]:
    """Casefolded speaker name → role, from every locale's ``speakers``."""
    roles: dict[str, str] = {}
    for spec in locale_specs().values():
        for role, names in spec.speakers.items():
            for name in names:
                roles.setdefault(name.casefold(), role)
    return roles


def role_for(name: str | None, overrides: dict[str, str] | None = None) -> str | None:
    """Role of a speaker name: ``overrides`` (config, ``--agent-speaker``) first,
    then the locale specs. Unknown names give ``None``."""
    if not name:
        return None
    key = name.strip().casefold()
    if overrides:
        folded = {k.casefold(): v for k, v in overrides.items()}
        if key in folded:
            return folded[key]
    return speaker_roles().get(key)


@functools.cache
def hangup_markers() -> frozenset[str]:
    """Casefolded whole-turn texts that mark the end of a call."""
    return frozenset(m.casefold() for s in locale_specs().values() for m in s.hangup_markers)


@functools.cache
def abbreviations() -> frozenset[str]:
    """Words whose "." ends no sentence ("Dr. Oh"), of every locale: the
    sentence-start anchor reads them in whatever language a phrase is."""
    return frozenset(a for s in locale_specs().values() for a in s.abbreviations)
