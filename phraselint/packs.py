"""Locale packs: loading, validation with file:line errors, and compilation.

A pack is a YAML file (see the README, "Pack format"). Loading is cheap and
always validates the schema; compiling a locale's rules into its automaton
happens once per process, on first need, so that checking an English file
never pays for the Chinese rules.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import PackError, PhraselintError
from .locales import bundled_locales_dir, get_spec, negotiate
from .matcher import EXCEPTION, PHRASE, REPLACEMENT, LocaleMatcher, PhraseError
from .model import SEVERITIES
from .rules import KINDS, available_kinds, kind_module
from .yamlio import LineDict, LineList, load_yaml_file

if TYPE_CHECKING:
    import regex

    from .prefilter import FilteredPattern

PACK_FIELDS = {"pack", "locale", "title", "description", "source", "extends", "disable", "rules"}
COMMON_FIELDS = {
    "id",
    "kind",
    "severity",
    "roles",
    "message",
    "phrases",
    "patterns",
    "exceptions",
    "examples",
    "source",
    "description",
}
ROLE_NAMES = ("agent", "customer", "system", "any")
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
REGEX_TIMEOUT = 0.5  # seconds per pattern and turn; see README "Regex patterns"


def _compile_pattern(pattern: str) -> regex.Pattern:
    """A rule's ``patterns`` entry, compiled the one way every check reads it.
    ``regex`` is imported here: only the Tagalog packs have patterns, and a
    pre-commit run on an English script should not pay for importing it."""
    import regex

    return regex.compile(pattern, regex.V1 | regex.IGNORECASE | regex.WORD)


def _filtered_pattern(pattern: str) -> FilteredPattern:
    """The compiled pattern behind its literal pre-filter (see
    :mod:`phraselint.prefilter`): most turns are turned away by a few
    substring tests instead of a regex run."""
    from .prefilter import FilteredPattern, literal_filter

    return FilteredPattern(_compile_pattern(pattern), literal_filter(pattern))


@dataclass(frozen=True)
class Rule:
    id: str  # full id: "<pack>.<rule id>"
    pack: str
    locale: str
    kind: str
    severity: str
    message: str
    roles: frozenset[str] = frozenset({"agent"})
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    replacements: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    bad: tuple[str, ...] = ()
    good: tuple[str, ...] = ()
    source: str | None = None
    options: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    path: str = ""
    line: int = 0

    def applies_to(self, role: str | None) -> bool:
        return "any" in self.roles or (role is not None and role in self.roles)

    def opt(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@dataclass
class Pack:
    id: str
    locale: str
    title: str
    path: str
    rules: list[Rule]
    description: str | None = None
    source: str | None = None
    extends: str | None = None
    bundled: bool = False
    disable: tuple[str, ...] = ()  # with extends: inherited rules to drop
    extends_line: int | None = None  # where ``extends`` is, for its errors


# ----------------------------------------------------------------------- validation


def _err(msg: str, path: str, line: int | None, rule: str | None = None) -> PackError:
    return PackError(f"rule {rule!r}: {msg}" if rule else msg, path, line)


def _line(node: Any, default: int = 0) -> int:
    return getattr(node, "line", default) or default


def _strings(
    value: Any, name: str, path: str, line: int, rule: str | None, allow_single: bool = False
) -> tuple[str, ...]:
    if value is None:
        return ()
    if allow_single and isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise _err(f"{name} must be a list of strings", path, line, rule)
    lines = getattr(value, "item_lines", [line] * len(value))
    out = []
    for item, item_line in zip(value, lines, strict=False):
        if not isinstance(item, str):
            hint = ""
            if isinstance(item, bool):
                hint = " (YAML reads bare no/yes/on/off as booleans: quote the phrase)"
            raise _err(f"{name} item {item!r} is not a string{hint}", path, item_line, rule)
        if not item.strip():
            raise _err(f"{name} has an empty item", path, item_line, rule)
        out.append(item)
    return tuple(out)


# Inputs on which nested quantifiers explode; a pattern that needs more than
# STRESS_TIMEOUT on any of them would stall a QA batch, so it is refused.
_STRESS = ("a" * 48 + "!", " " * 48 + "x", "0" * 48 + "x", "ab" * 24 + "!", "喂" * 48 + "!")
STRESS_TIMEOUT = 0.2


def _backtracks(pattern: regex.Pattern) -> bool:
    for text in _STRESS:
        try:
            pattern.search(text, timeout=STRESS_TIMEOUT)
        except TimeoutError:
            return True
    return False


def _validate_rule(raw: Any, pack_id: str, locale: str, path: str, line: int) -> Rule:
    if not isinstance(raw, dict):
        raise _err("a rule must be a mapping", path, line)
    rline = _line(raw, line)
    rid = raw.get("id")
    if not isinstance(rid, str) or not ID_RE.match(rid):
        hint = (
            " (YAML reads bare no/yes/on/off as booleans: quote it)"
            if isinstance(rid, bool)
            else ""
        )
        raise _err(f"rule needs an id of letters, digits, '-', '_' or '.'{hint}", path, rline)

    def at(key: str) -> int:
        return raw.line_of(key) if isinstance(raw, LineDict) else rline

    kind = raw.get("kind")
    if kind not in {m.__name__.rsplit(".", 1)[1] for m in available_kinds()}:
        raise _err(f"unknown kind {kind!r} (known: {', '.join(KINDS)})", path, at("kind"), rid)
    module = kind_module(kind)
    allowed = COMMON_FIELDS | set(module.FIELDS)
    for key in raw:
        if key not in allowed:
            raise _err(
                f"unknown field {key!r} for a {kind} rule (allowed: {', '.join(sorted(allowed))})",
                path,
                at(key),
                rid,
            )
    severity = raw.get("severity", module.DEFAULT_SEVERITY)
    if severity not in SEVERITIES:
        raise _err(
            f"severity must be one of {', '.join(SEVERITIES)}, not {severity!r}",
            path,
            at("severity"),
            rid,
        )
    roles = _strings(raw.get("roles"), "roles", path, at("roles"), rid, allow_single=True)
    for r in roles:
        if r not in ROLE_NAMES:
            raise _err(
                f"unknown role {r!r} (known: {', '.join(ROLE_NAMES)})", path, at("roles"), rid
            )
    phrases = _strings(raw.get("phrases"), "phrases", path, at("phrases"), rid)
    patterns = _strings(raw.get("patterns"), "patterns", path, at("patterns"), rid)
    if patterns:
        import regex
    for p in patterns:
        try:
            compiled = _compile_pattern(p)
        except regex.error as exc:
            raise _err(f"bad pattern {p!r}: {exc}", path, at("patterns"), rid) from None
        if _backtracks(compiled):
            raise _err(
                f"pattern {p!r} backtracks catastrophically (timed out on a short test string)",
                path,
                at("patterns"),
                rid,
            )
    if module.NEEDS_PHRASES and not phrases and not patterns:
        raise _err("needs at least one phrase or pattern", path, rline, rid)
    exceptions = _strings(raw.get("exceptions"), "exceptions", path, at("exceptions"), rid)
    message = raw.get("message")
    if message is not None and not isinstance(message, str):
        raise _err("message must be a string", path, at("message"), rid)
    examples = raw.get("examples") or {}
    if not isinstance(examples, dict) or set(examples) - {"bad", "good"}:
        raise _err(
            "examples must be a mapping with 'bad' and 'good' lists", path, at("examples"), rid
        )
    eline = at("examples")
    bad = _strings(examples.get("bad"), "examples.bad", path, eline, rid, allow_single=True)
    good = _strings(examples.get("good"), "examples.good", path, eline, rid, allow_single=True)
    options = {k: raw[k] for k in module.FIELDS if k in raw}
    replacements: tuple[str, ...] = ()
    if "replacement" in options:
        replacements = _strings(
            options.pop("replacement"), "replacement", path, at("replacement"), rid, True
        )
    options = module.validate(options, lambda msg, key: _err(msg, path, at(key), rid))
    src = raw.get("source")
    return Rule(
        id=f"{pack_id}.{rid}",
        pack=pack_id,
        locale=locale,
        kind=kind,
        severity=severity,
        message=message or module.default_message(phrases, replacements),
        roles=frozenset(roles) if roles else frozenset(module.DEFAULT_ROLES),
        phrases=phrases,
        patterns=patterns,
        replacements=replacements,
        exceptions=exceptions,
        bad=bad,
        good=good,
        source=str(src) if src is not None else None,
        options=options,
        path=path,
        line=rline,
    )


def load_pack(path: str | Path, bundled: bool = False) -> Pack:
    """Load and validate one pack file (``extends`` is resolved by PackSet)."""
    path = str(path)
    data = load_yaml_file(path)
    if not isinstance(data, dict):
        raise PackError("a pack must be a YAML mapping", path, _line(data, 1))

    def at(key: str) -> int:
        return data.line_of(key) if isinstance(data, LineDict) else 1

    for key in data:
        if key not in PACK_FIELDS:
            raise PackError(
                f"unknown pack field {key!r} (allowed: {', '.join(sorted(PACK_FIELDS))})",
                path,
                at(key),
            )
    pack_id = data.get("pack")
    if not isinstance(pack_id, str) or not ID_RE.match(pack_id):
        raise PackError("pack needs an id ('pack: en.etiquette')", path, at("pack"))
    raw_locale = data.get("locale")
    if not isinstance(raw_locale, str):
        raise PackError("pack needs a locale ('locale: en')", path, at("locale"))
    try:
        locale = negotiate(raw_locale)
    except PhraselintError as exc:
        if exc.path:  # a locale spec's own error names its file
            raise
        raise PackError(exc.problem, path, at("locale")) from None
    rules_raw = data.get("rules")
    extends = data.get("extends")
    if rules_raw is None and extends is None:
        raise PackError("pack has no rules", path, at("pack"))
    if rules_raw is not None and not isinstance(rules_raw, list):
        raise PackError("rules must be a list", path, at("rules"))
    rules: list[Rule] = []
    seen: dict[str, int] = {}
    rules_raw = rules_raw or LineList()
    lines = getattr(rules_raw, "item_lines", [at("rules")] * len(rules_raw))
    for raw, line in zip(rules_raw, lines, strict=False):
        rule = _validate_rule(raw, pack_id, locale, path, line)
        short = rule.id[len(pack_id) + 1 :]
        if short in seen:
            raise PackError(
                f"duplicate rule id {short!r} (first at line {seen[short]})", path, rule.line
            )
        seen[short] = rule.line
        rules.append(rule)
    disable = _strings(data.get("disable"), "disable", path, at("disable"), None)
    return Pack(
        id=pack_id,
        locale=locale,
        title=str(data.get("title") or pack_id),
        path=path,
        rules=rules,
        description=data.get("description"),
        source=data.get("source"),
        extends=extends,
        bundled=bundled,
        disable=disable,
        extends_line=at("extends") if extends else None,
    )


def bundled_pack_paths() -> list[Path]:
    root = bundled_locales_dir()
    return sorted(p for p in root.glob("*/*.yaml") if p.name != "locale.yaml")


@functools.cache
def bundled_packs() -> tuple[Pack, ...]:
    """The packs shipped with phraselint, validated (cached between runs:
    see :mod:`phraselint.cache`)."""
    from .cache import cached

    paths = bundled_pack_paths()
    return cached(
        "bundled-packs",
        [*paths, *_pack_code()],
        lambda: tuple(load_pack(p, bundled=True) for p in paths),
    )


@functools.cache
def _pack_code() -> tuple[Path, ...]:
    """The modules that turn the bundled YAML into validated packs and compiled
    automata (a kind's phrase groups go into the automaton too). They are part
    of the cache keys: an edited module in a source checkout must not be
    served what the old one built."""
    here = Path(__file__).resolve().parent
    files = [here / "packs.py", here / "matcher.py", here / "locales.py", here / "prefilter.py"]
    for folder in ("text", "rules", "timing"):
        files.extend(here.glob(f"{folder}/*.py"))
    return tuple(sorted(files))


# ----------------------------------------------------------------------- compiled


@dataclass
class CompiledLocale:
    """The rules of one locale, their automaton and regexes, built once."""

    locale: str
    rules: list[Rule]
    matcher: LocaleMatcher
    patterns: list[list[FilteredPattern]]
    # Indices of the rules of each kind: every kind's check asks for its own,
    # once per document, so they are sorted out once here.
    by_kind: dict[str, list[int]] = field(init=False, repr=False)
    # The roles whose turns some rule reads (None: every turn, for a rule of
    # role ``any``). Every kind looks only at the turns of its rule's roles,
    # so the matcher need not look at the others' (engine.build_context).
    roles: frozenset[str] | None = field(init=False, repr=False)
    # What the kinds work out from the rules alone (see derived).
    shared: dict[Any, Any] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.by_kind = {}
        for i, rule in enumerate(self.rules):
            self.by_kind.setdefault(rule.kind, []).append(i)
        roles = frozenset(r for rule in self.rules for r in rule.roles)
        self.roles = None if "any" in roles else roles

    def of_kind(self, kind: str) -> list[int]:
        return self.by_kind.get(kind, [])

    def derived(self, key: Hashable, build: Callable[..., Any], *args: Any) -> Any:
        """``build(*args)``, worked out once per compiled locale under ``key``
        (a kind's own name): what a rule kind decides from the rules alone,
        which every document of a batch would otherwise decide again. It
        must be plain data, since a compiled locale may be pickled."""
        found = self.shared.get(key)
        if found is None:
            found = self.shared[key] = build(*args)
        return found


class PackSet:
    """The packs in force for a run, with per-locale compiled matchers."""

    def __init__(self, packs: Iterable[Pack]):
        resolved = _resolve_extends(list(packs))
        self._set(resolved, [r for p in resolved for r in p.rules])

    def _set(self, packs: list[Pack], rules: list[Rule]) -> None:
        self.packs = packs
        self.rules = rules
        self._locales = sorted({r.locale for r in rules})  # asked once per document
        self._compiled: dict[str, CompiledLocale] = {}

    @classmethod
    def load(
        cls,
        extra: Iterable[str | Path] = (),
        only: bool = False,
        bundled: Iterable[Pack] | None = None,
    ) -> PackSet:
        """Bundled packs (unless ``only``) plus user pack files or bundled ids."""
        base = list(bundled_packs() if bundled is None else bundled)
        by_id = {p.id: p for p in base}
        chosen: list[Pack] = [] if only else list(base)
        user_locales = set()
        for item in extra:
            item = str(item)
            if item in by_id and not Path(item).exists():
                pack = by_id[item]
            else:
                if not Path(item).is_file():
                    raise PackError("no such pack file or bundled pack id", item)
                pack = load_pack(item)
                user_locales.add(pack.locale)
            if pack not in chosen:
                chosen.append(pack)
        packset = cls(chosen)
        # User packs are compiled now, so that their errors show on every run.
        for locale in sorted(user_locales):
            packset.compiled(locale)
        return packset

    def locales(self) -> list[str]:
        return self._locales

    def with_rules(self, transform) -> PackSet:
        """A copy whose rules pass through ``transform(rule) -> Rule | None``
        (used by configuration: disabled rules, severity overrides)."""
        new = PackSet.__new__(PackSet)
        new._set(self.packs, [r2 for r in self.rules if (r2 := transform(r)) is not None])
        return new

    def compiled(self, locale: str) -> CompiledLocale:
        found = self._compiled.get(locale)
        if found is None:
            rules = [r for r in self.rules if r.locale == locale]
            if _are_bundled(locale, rules):
                found = _compile_bundled(locale, rules)
            else:
                found = compile_locale(locale, rules)
            self._compiled[locale] = found
        return found


def _bundled_rules(locale: str) -> list[Rule]:
    return [r for p in bundled_packs() for r in p.rules if r.locale == locale]


def _are_bundled(locale: str, rules: list[Rule]) -> bool:
    """Whether ``rules`` are exactly the bundled rules of ``locale``, unchanged
    (the same objects: configuration that changes a rule makes a new one)."""
    bundled = _bundled_rules(locale)
    return len(rules) == len(bundled) and all(a is b for a, b in zip(rules, bundled, strict=True))


def _compile_bundled(locale: str, rules: list[Rule]) -> CompiledLocale:
    """The bundled rules of a locale, compiled, from the per-user cache when
    it holds them (see :mod:`phraselint.cache`). Compiling zh costs about
    30 ms and tl 12 ms, paid before the workers of a ``--jobs`` run fork and
    by every pre-commit run that meets the locale; unpickling costs 1-2 ms.
    The key covers the packs, the locale spec, the code that builds the
    automaton (kinds' phrase groups included), and the converter's package
    for a locale that converts."""
    from .cache import cached

    code = [*_pack_code(), Path(_module_file("ahocorasick"))]
    if get_spec(locale).convert:
        code.append(Path(_module_file("opencc")))
    files = [*bundled_pack_paths(), bundled_locales_dir() / locale / "locale.yaml", *code]
    compiled = cached(f"compiled-{locale}", files, lambda: compile_locale(locale, rules))
    compiled.rules = rules  # the very objects of this run, not equal copies
    return compiled


def _module_file(name: str) -> str:
    import importlib.util

    spec = importlib.util.find_spec(name)
    return (spec.origin if spec else None) or name


def _resolve_extends(packs: list[Pack]) -> list[Pack]:
    """A pack that ``extends`` another replaces it: inherited rules keep their
    ids (so configuration naming them still works), rules with the same short
    id override the inherited ones field by field, ``disable`` drops rules."""
    by_id = {p.id: p for p in bundled_packs()}
    by_id.update({p.id: p for p in packs})
    out: list[Pack] = []
    replaced: set[str] = set()
    for pack in packs:
        if not pack.extends:
            continue
        base = by_id.get(pack.extends)
        if base is None:
            raise PackError(f"extends unknown pack {pack.extends!r}", pack.path, pack.extends_line)
        if base.locale != pack.locale:
            raise PackError(
                f"extends {base.id!r} of locale {base.locale!r} from locale {pack.locale!r}",
                pack.path,
                pack.extends_line,
            )
        replaced.add(base.id)
        own = {r.id[len(pack.id) + 1 :]: r for r in pack.rules}
        disabled = set(pack.disable)
        merged: list[Rule] = []
        for rule in base.rules:
            short = rule.id[len(base.id) + 1 :]
            if short in disabled or rule.id in disabled:
                continue
            if short in own:
                mine = own.pop(short)
                merged.append(replace(mine, id=rule.id, pack=rule.pack))
            else:
                merged.append(rule)
        merged.extend(own.values())
        pack.rules = merged
    for pack in packs:
        if pack.id not in replaced or pack.extends:
            out.append(pack)
    return out


def group_role(name: str) -> str:
    """Matcher role of the phrases of a rule's named group (see
    ``phrase_groups`` in :mod:`phraselint.rules`): distinct from its plain
    phrases, so a kind tells a hold request from a thank-you."""
    return f"{PHRASE}:{name}"


def compile_locale(locale: str, rules: list[Rule]) -> CompiledLocale:
    matcher = LocaleMatcher(get_spec(locale))
    patterns: list[list[FilteredPattern]] = []
    for i, rule in enumerate(rules):
        groups = getattr(kind_module(rule.kind), "phrase_groups", None)
        try:
            for j, phrase in enumerate(rule.phrases):
                matcher.add(i, PHRASE, phrase, j)
            for name, phrases in (groups(rule) if groups else {}).items():
                for j, phrase in enumerate(phrases):
                    matcher.add(i, group_role(name), phrase, j)
            for j, phrase in enumerate(rule.exceptions):
                matcher.add(i, EXCEPTION, phrase, j)
            for j, phrase in enumerate(rule.replacements):
                # a replacement without words cannot contain a match
                with contextlib.suppress(PhraseError):
                    matcher.add(i, REPLACEMENT, phrase, j)
        except PhraseError as exc:
            raise PackError(f"rule {rule.id!r}: {exc}", rule.path, rule.line) from None
        patterns.append([_filtered_pattern(p) for p in rule.patterns])
    compiled = CompiledLocale(locale, rules, matcher, patterns)
    _mark_once(compiled)
    _check_self_consistency(compiled)
    return compiled


def _mark_once(compiled: CompiledLocale) -> None:
    """Name the rules that need one hit only (LocaleMatcher.find_turns,
    ``once``), before the automaton is built: those that any one hit
    satisfies (their kind's ``one_hit_enough``) and that read every turn the
    engine matches (the turns of ``compiled.roles``)."""
    every = compiled.roles if compiled.roles is not None else frozenset({"any"})
    for i, rule in enumerate(compiled.rules):
        enough = getattr(kind_module(rule.kind), "one_hit_enough", None)
        if enough is not None and rule.roles == every and enough(rule):
            compiled.matcher.once.add(i)


def _check_self_consistency(compiled: CompiledLocale) -> None:
    """A forbidden rule whose replacement would itself fire the rule could
    never be fixed (the fix re-creates the finding): refuse to load it."""
    from .rules.spans import rule_spans
    from .text.normalize import normalize

    for i, rule in enumerate(compiled.rules):
        if rule.kind != "forbidden":
            continue
        for repl in rule.replacements:
            norm = normalize(repl).text
            hits = compiled.matcher.find(norm)
            if rule_spans(hits, i, norm, rule.opt("anchor"), honour_replacements=False):
                raise PackError(
                    f"rule {rule.id!r}: its replacement {repl!r} would itself trigger the "
                    "rule (add an exception, or change the phrase)",
                    rule.path,
                    rule.line,
                )
