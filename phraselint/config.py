"""Configuration files: which one governs a file, what it may say, and what follows.

Where: a ``.phraselint.yaml``, or a ``[tool.phraselint]`` table in a
``pyproject.toml``. For each checked file phraselint looks in the file's
directory, then in each parent up to the filesystem root; the first directory
that has one gives the file its whole configuration. **The nearest wins and
files are not merged**: a sub-project's configuration says everything it wants,
so what applies to a file can be read from one place (``phraselint config
PATH`` prints it). In one directory ``.phraselint.yaml`` comes before
``pyproject.toml``; a ``pyproject.toml`` without ``[tool.phraselint]`` does not
count. Lookups are cached per directory. ``--config FILE`` uses one file for
every input, ``--no-config`` none; stdin (``-``) uses the configuration of the
current directory.

Keys (a contract; unknown keys and wrong types are errors naming file:line):

- ``packs``: pack files (relative to the configuration file) or bundled pack
  ids, added to the bundled packs like ``--pack``;
- ``disable``: rule ids or pack prefixes (``zh.etiquette``, ``tl``) to drop;
- ``severity``: ``{rule id or prefix: error|warning|info}``, the longest prefix wins;
- ``locale``: ``{glob: locale}``, forces the locale of matching files;
- ``exclude``: ``[glob, ...]``, files that are not checked, even when named;
- ``encoding``: ``{glob: codec}``, decodes matching files with that codec;
- ``speakers``: ``{speaker name: agent|customer|system}``;
- ``timing``: ``{rule id: {option: value}}``, merged into that rule's options
  (thresholds such as seconds of dead air) and validated like the pack;
- ``fail_on``, ``segmenter``: settings of the whole run, taken from the
  configuration of the current directory (a run has one exit code and one
  segmenter), not from each file's;
- ``max_bytes``: files larger than this are skipped;
- ``csv_columns``: ``{speaker|start|end|text: column name or 1-based number}``.

Globs are relative to the configuration file's directory and mean what
``--exclude`` patterns mean (:func:`phraselint.discovery.is_excluded`):
``/``-separated, case-sensitive, ``*`` and ``?`` stay within a path segment and
``**`` crosses them; a glob without ``/`` matches any one name in the path
(``*.srt``, ``drafts``), one with a ``/`` is anchored at the configuration's
directory (``calls/*.vtt``); a glob that matches a directory covers everything
below it. In ``locale`` and ``encoding`` the first matching glob, in file
order, wins.

Command-line options override the configuration: ``--locale``,
``--encoding``, ``--fail-on`` and ``--segmenter`` replace it, ``--pack`` and
``--agent-speaker`` add to it, ``--only-packs`` ignores its ``packs``.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError, PhraselintError
from .model import ROLES, SEVERITIES
from .yamlio import LineDict, LineList, load_yaml_file

if TYPE_CHECKING:
    from .engine import Options
    from .packs import PackSet, Rule

YAML_NAME = ".phraselint.yaml"
PYPROJECT = "pyproject.toml"
SEGMENTERS = ("jieba", "rjieba")
CSV_FIELDS = ("speaker", "start", "end", "text")
KEYS = (
    "packs",
    "disable",
    "severity",
    "locale",
    "exclude",
    "encoding",
    "speakers",
    "timing",
    "fail_on",
    "segmenter",
    "max_bytes",
    "csv_columns",
)

Key = tuple[Any, ...]


# --------------------------------------------------------------------------- globs


def glob_matches(pattern: str, relative: str) -> bool:
    """Configuration globs mean what ``--exclude`` patterns mean."""
    from .discovery import is_excluded

    return is_excluded(relative, (pattern,))


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True, eq=False)
class Config:
    """One configuration file, validated. ``path`` is None for "no file"."""

    path: str | None = None
    packs: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    locale: tuple[tuple[str, str], ...] = ()
    exclude: tuple[str, ...] = ()
    encoding: tuple[tuple[str, str], ...] = ()
    speakers: Mapping[str, str] = field(default_factory=dict)
    timing: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    fail_on: str | None = None
    segmenter: str | None = None
    max_bytes: int | None = None
    csv_columns: Mapping[str, str | int] = field(default_factory=dict)
    # Where each key, item and entry was written, for errors found only when
    # the configuration meets the packs (an unknown rule id).
    lines: Mapping[Key, int] = field(default_factory=dict, repr=False)

    @property
    def directory(self) -> str:
        return os.path.dirname(self.path) if self.path else os.getcwd()

    def line(self, *keys: Any) -> int | None:
        for n in range(len(keys), 0, -1):
            if keys[:n] in self.lines:
                return self.lines[keys[:n]]
        return None

    def error(self, message: str, *keys: Any) -> ConfigError:
        return ConfigError(message, self.path, self.line(*keys))

    def relative(self, path: str) -> str:
        rel = os.path.relpath(os.path.abspath(path), self.directory)
        return rel.replace(os.sep, "/")

    def excludes(self, path: str) -> bool:
        rel = self.relative(path)
        return any(glob_matches(g, rel) for g in self.exclude)

    def _first(self, table: tuple[tuple[str, str], ...], path: str) -> str | None:
        rel = self.relative(path)
        return next((value for glob, value in table if glob_matches(glob, rel)), None)

    def locale_for(self, path: str) -> str | None:
        return self._first(self.locale, path)

    def encoding_for(self, path: str) -> str | None:
        return self._first(self.encoding, path)

    def as_dict(self) -> dict[str, Any]:
        """Every key with its value, unset ones as null/empty (for ``phraselint config``)."""
        return {
            "packs": list(self.packs),
            "disable": list(self.disable),
            "severity": dict(self.severity),
            "locale": dict(self.locale),
            "exclude": list(self.exclude),
            "encoding": dict(self.encoding),
            "speakers": dict(self.speakers),
            "timing": {k: dict(v) for k, v in self.timing.items()},
            "fail_on": self.fail_on,
            "segmenter": self.segmenter,
            "max_bytes": self.max_bytes,
            "csv_columns": dict(self.csv_columns),
        }


NO_CONFIG = Config()


# --------------------------------------------------------------------------- reading


def _yaml_lines(data: Any, default: int = 1) -> Callable[[Key], int]:
    def line_at(keys: Key) -> int:
        node, line = data, getattr(data, "line", default) or default
        for k in keys:
            if isinstance(node, LineDict) and k in node:
                line, node = node.line_of(k), node[k]
            elif isinstance(node, LineList) and isinstance(k, int) and k < len(node):
                line, node = node.item_lines[k], node[k]
            else:
                break
        return line

    return line_at


_TOML_NAME = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'[^']*'|[A-Za-z0-9_\-]+")
_TOML_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_TOML_KEY = re.compile(r"^\s*(\"(?:[^\"\\]|\\.)*\"|'[^']*'|[A-Za-z0-9_\-]+)\s*=")


def _toml_name(token: str) -> str:
    if token[:1] in "\"'":
        return token[1:-1]
    return token


def _toml_lines(text: str) -> Callable[[Key], int]:
    """Lines of ``[tool.phraselint]`` keys. ``tomllib`` keeps none, so the
    tables and ``key =`` lines are found by a scan that is good enough for
    errors: values inside inline tables and arrays get their key's line."""
    found: dict[Key, int] = {}
    prefix: Key | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(raw)
        if header:
            names = tuple(_toml_name(t) for t in _TOML_NAME.findall(header.group(1)))
            if names[:2] == ("tool", "phraselint"):
                prefix = names[2:]
                found.setdefault(prefix, number)
            else:
                prefix = None
            continue
        key = _TOML_KEY.match(raw)
        if key and prefix is not None:
            found.setdefault((*prefix, _toml_name(key.group(1))), number)
    table_line = found.get((), 1)

    def line_at(keys: Key) -> int:
        for n in range(len(keys), 0, -1):
            if keys[:n] in found:
                return found[keys[:n]]
        return table_line

    return line_at


_HAS_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*phraselint\s*[\].]", re.MULTILINE)


def _read_pyproject(path: Path) -> tuple[Any, Callable[[Key], int]] | None:
    """The ``[tool.phraselint]`` table, or None when the file has none."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", str(path)) from None
    if "phraselint" not in text:
        return None
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            if not _HAS_TABLE.search(text):
                return None
            raise ConfigError(
                "reading [tool.phraselint] needs Python 3.11 or the tomli package",
                str(path),
            ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None
    tool = data.get("tool")
    if not isinstance(tool, dict) or "phraselint" not in tool:
        return None
    return tool["phraselint"], _toml_lines(text)


def _read_yaml(path: Path) -> tuple[Any, Callable[[Key], int]]:
    try:
        data = load_yaml_file(path)
    except PhraselintError as exc:
        raise ConfigError(exc.problem, exc.path, exc.line) from None
    return data, _yaml_lines(data)


def config_file_in(directory: Path) -> Path | None:
    """The configuration file of one directory, if it has one."""
    candidate = directory / YAML_NAME
    if candidate.is_file():
        return candidate
    candidate = directory / PYPROJECT
    if candidate.is_file() and _read_pyproject(candidate) is not None:
        return candidate
    return None


def load_config(path: str | Path) -> Config:
    """Read and validate one configuration file (``.phraselint.yaml`` or a
    ``pyproject.toml``); any other name is read as YAML."""
    path = Path(os.path.abspath(path))
    if not path.is_file():
        raise ConfigError("no such configuration file", str(path))
    if path.name == PYPROJECT:
        found = _read_pyproject(path)
        if found is None:
            raise ConfigError("has no [tool.phraselint] table", str(path))
        data, line_at = found
    else:
        data, line_at = _read_yaml(path)
    return _validate(data, str(path), line_at)


# --------------------------------------------------------------------------- validation


class _Checker:
    """Validation helpers that know where the configuration wrote each value."""

    def __init__(self, path: str, line_at: Callable[[Key], int]):
        self.path = path
        self.line_at = line_at
        self.lines: dict[Key, int] = {}

    def note(self, *keys: Any) -> int:
        line = self.line_at(keys)
        self.lines[keys] = line
        return line

    def fail(self, message: str, *keys: Any) -> ConfigError:
        return ConfigError(message, self.path, self.line_at(keys))

    def string_list(self, value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(f"{key} must be a list of strings", key)
        out = []
        for i, item in enumerate(value):
            self.note(key, i)
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{key} item {item!r} is not a non-empty string", key, i)
            out.append(item.strip())
        return tuple(out)

    def mapping(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"{key} must be a mapping", key)
        for k in value:
            self.note(key, k)
            if not isinstance(k, str) or not k.strip():
                raise self.fail(f"{key} has a key {k!r} that is not a non-empty string", key, k)
        return dict(value)

    def string_map(self, value: Any, key: str) -> dict[str, str]:
        data = self.mapping(value, key)
        for k, v in data.items():
            if not isinstance(v, str) or not v.strip():
                raise self.fail(f"{key}: value of {k!r} must be a non-empty string", key, k)
        return {k.strip(): v.strip() for k, v in data.items()}

    def choice(self, value: Any, allowed: Iterable[str], what: str, *keys: Any) -> str:
        allowed = tuple(allowed)
        if value not in allowed:
            raise self.fail(f"{what} must be one of {', '.join(allowed)}, not {value!r}", *keys)
        return value


def _validate(data: Any, path: str, line_at: Callable[[Key], int]) -> Config:
    if data is None:
        return Config(path=path)
    check = _Checker(path, line_at)
    if not isinstance(data, dict):
        raise check.fail("the configuration must be a mapping of keys (see 'phraselint config')")
    for key in data:
        check.note(key)
        if key not in KEYS:
            raise check.fail(f"unknown key {key!r} (known: {', '.join(KEYS)})", key)
    directory = os.path.dirname(path)
    values: dict[str, Any] = {}
    if data.get("packs") is not None:
        values["packs"] = tuple(
            _pack_entry(item, directory, check, i)
            for i, item in enumerate(check.string_list(data["packs"], "packs"))
        )
    if data.get("disable") is not None:
        values["disable"] = check.string_list(data["disable"], "disable")
    if data.get("exclude") is not None:
        values["exclude"] = check.string_list(data["exclude"], "exclude")
    if data.get("severity") is not None:
        sev = check.string_map(data["severity"], "severity")
        for k, v in sev.items():
            check.choice(v, SEVERITIES, f"severity of {k!r}", "severity", k)
        values["severity"] = sev
    if data.get("locale") is not None:
        values["locale"] = tuple(
            (glob, _locale(value, check, glob))
            for glob, value in check.string_map(data["locale"], "locale").items()
        )
    if data.get("encoding") is not None:
        table = check.string_map(data["encoding"], "encoding")
        from .sources import text_codec

        for glob, codec in table.items():
            if text_codec(codec) is None:
                raise check.fail(f"unknown encoding {codec!r}", "encoding", glob)
        values["encoding"] = tuple(table.items())
    if data.get("speakers") is not None:
        speakers = check.string_map(data["speakers"], "speakers")
        for name, role in speakers.items():
            check.choice(role, ROLES, f"role of speaker {name!r}", "speakers", name)
        values["speakers"] = speakers
    if data.get("timing") is not None:
        timing = {}
        for rule_id, options in check.mapping(data["timing"], "timing").items():
            if not isinstance(options, dict) or not options:
                raise check.fail(
                    f"timing: {rule_id!r} needs a mapping of rule options", "timing", rule_id
                )
            for name in options:
                check.note("timing", rule_id, name)
                if not isinstance(name, str):
                    raise check.fail(f"timing: option {name!r} is not a name", "timing", rule_id)
            timing[rule_id.strip()] = dict(options)
        values["timing"] = timing
    if data.get("fail_on") is not None:
        values["fail_on"] = check.choice(data["fail_on"], SEVERITIES[::-1], "fail_on", "fail_on")
    if data.get("segmenter") is not None:
        values["segmenter"] = check.choice(data["segmenter"], SEGMENTERS, "segmenter", "segmenter")
    if data.get("max_bytes") is not None:
        size = data["max_bytes"]
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise check.fail("max_bytes must be a whole number of bytes, 1 or more", "max_bytes")
        values["max_bytes"] = size
    if data.get("csv_columns") is not None:
        columns = check.mapping(data["csv_columns"], "csv_columns")
        for name, column in columns.items():
            check.choice(name, CSV_FIELDS, "a csv_columns key", "csv_columns", name)
            ok_number = isinstance(column, int) and not isinstance(column, bool) and column >= 1
            if not ok_number and not (isinstance(column, str) and column.strip()):
                raise check.fail(
                    f"csv_columns: {name} must be a column name or a number from 1",
                    "csv_columns",
                    name,
                )
        values["csv_columns"] = columns
    return Config(path=path, lines=dict(check.lines), **values)


def _pack_entry(item: str, directory: str, check: _Checker, index: int) -> str:
    """A pack file (made absolute) or a bundled pack id, as written."""
    from .packs import bundled_packs

    candidate = os.path.join(directory, item)
    if os.path.isfile(candidate):
        return os.path.normpath(candidate)
    if item in {p.id for p in bundled_packs()}:
        return item
    raise check.fail(f"packs: no pack file or bundled pack id {item!r}", "packs", index)


def _locale(value: str, check: _Checker, glob: str) -> str:
    from .locales import negotiate

    try:
        return negotiate(value)
    except PhraselintError as exc:
        raise check.fail(exc.problem, "locale", glob) from None


# --------------------------------------------------------------------------- per file


def _covers(prefix: str, rule_id: str) -> bool:
    return rule_id == prefix or rule_id.startswith(prefix + ".")


@dataclass(frozen=True)
class RunSettings:
    """Settings that belong to a run, not to a file."""

    fail_on: str
    segmenter: str


class ConfigResolver:
    """Finds each file's configuration (once per directory) and turns it into
    the PackSet (once per configuration) and Options (per file) it stands for."""

    def __init__(
        self,
        explicit: str | None = None,
        enabled: bool = True,
        cli_packs: Iterable[str] = (),
        only_packs: bool = False,
    ):
        self.enabled = enabled
        self.explicit = load_config(explicit) if explicit and enabled else None
        self.cli_packs = tuple(cli_packs)
        self.only_packs = only_packs
        self._by_dir: dict[str, Config] = {}
        self._by_parent: dict[str, Config] = {}  # a checked file's dirname as given
        self._loaded: dict[str, Config] = {}
        self._packsets: dict[tuple[str | None, int], PackSet] = {}

    # ------------------------------------------------------------ finding

    def for_directory(self, directory: str) -> Config:
        if self.explicit is not None:
            return self.explicit
        if not self.enabled:
            return NO_CONFIG
        start = os.path.abspath(directory)
        walked: list[str] = []
        current = start
        found = NO_CONFIG
        while True:
            if current in self._by_dir:
                found = self._by_dir[current]
                break
            walked.append(current)
            file = config_file_in(Path(current))
            if file is not None:
                found = self._load(str(file))
                break
            parent = os.path.dirname(current)
            if parent == current:
                break
            current = parent
        for d in walked:
            self._by_dir[d] = found
        return found

    def for_path(self, path: str) -> Config:
        """The configuration of a file (its directory's) or of a directory."""
        if path == "-" or path == "<stdin>":
            return self.for_directory(os.getcwd())
        if os.path.isdir(path):
            return self.for_directory(path)
        return self.for_directory(os.path.dirname(os.path.abspath(path)))

    def for_file(self, path: str) -> Config:
        """:meth:`for_path` of a path known to be a file (or ``-``), as every
        path a run checks is: no ``stat`` to ask whether it is a directory,
        and one lookup per directory as the path names it, since a batch
        checks thousands of files in a few directories (the working
        directory does not change during a run)."""
        if path == "-" or path == "<stdin>":
            return self.for_path(path)
        parent = os.path.dirname(path)
        found = self._by_parent.get(parent)
        if found is None:
            found = self._by_parent[parent] = self.for_directory(parent or os.curdir)
        return found

    def _load(self, path: str) -> Config:
        if path not in self._loaded:
            self._loaded[path] = load_config(path)
        return self._loaded[path]

    # ------------------------------------------------------------ applying

    def run_settings(self, fail_on: str | None, segmenter: str | None) -> RunSettings:
        here = self.for_directory(os.getcwd())
        chosen = segmenter or here.segmenter or "jieba"
        if chosen == "rjieba" and importlib.util.find_spec("rjieba") is None:
            problem = "segmenter 'rjieba' is not installed: pip install 'phraselint[fast]'"
            if segmenter:
                raise ConfigError(problem)
            raise here.error(problem, "segmenter")
        return RunSettings(fail_on=fail_on or here.fail_on or "error", segmenter=chosen)

    def packset_for(self, config: Config, base: PackSet) -> PackSet:
        key = (config.path, id(base))
        found = self._packsets.get(key)
        if found is None:
            found = self._build_packset(config, base)
            self._packsets[key] = found
        return found

    def packsets(self) -> list[PackSet]:
        """The PackSets built so far (the rules a report may describe)."""
        return list(self._packsets.values())

    def _build_packset(self, config: Config, base: PackSet) -> PackSet:
        from .packs import PackSet, bundled_packs

        packset = base
        if config.packs and not self.only_packs:
            packset = PackSet.load(extra=[*self.cli_packs, *config.packs])
        if not (config.disable or config.severity or config.timing):
            return packset
        known = {r.id for r in packset.rules} | {r.id for p in bundled_packs() for r in p.rules}
        for i, prefix in enumerate(config.disable):
            if not any(_covers(prefix, rid) for rid in known):
                raise config.error(f"disable: no rule or pack {prefix!r}", "disable", i)
        for prefix in config.severity:
            if not any(_covers(prefix, rid) for rid in known):
                raise config.error(f"severity: no rule or pack {prefix!r}", "severity", prefix)
        for rule_id in config.timing:
            if rule_id not in known:
                raise config.error(f"timing: no rule {rule_id!r}", "timing", rule_id)
        by_length = sorted(config.severity, key=len, reverse=True)

        def transform(rule: Rule) -> Rule | None:
            if any(_covers(prefix, rule.id) for prefix in config.disable):
                return None
            changes: dict[str, Any] = {}
            level = next((config.severity[p] for p in by_length if _covers(p, rule.id)), None)
            if level and level != rule.severity:
                changes["severity"] = level
            if rule.id in config.timing:
                changes["options"] = _merged_options(config, rule)
            return replace(rule, **changes) if changes else rule

        return packset.with_rules(transform)

    def select(self, path: str, packset: PackSet) -> bool:
        """Whether ``path`` is checked at all. Also builds, and so validates,
        its configuration's PackSet: run in the parent process before worker
        processes start, a configuration error stops the run at once."""
        config = self.for_file(path)
        if config is NO_CONFIG:
            return True
        if path != "-" and config.excludes(path):
            return False
        self.packset_for(config, packset)
        return True

    def apply(
        self, path: str, packset: PackSet, options: Options
    ) -> tuple[PackSet, Options] | None:
        """The PackSet and Options for one file, or None when it is excluded."""
        config = self.for_file(path)
        if config is NO_CONFIG:
            return packset, options
        if path != "-" and config.excludes(path):
            return None
        return self.packset_for(config, packset), file_options(config, path, options)


def _merged_options(config: Config, rule: Rule) -> dict[str, Any]:
    from .rules import kind_module

    module = kind_module(rule.kind)
    fields = tuple(f for f in module.FIELDS if f != "replacement")
    wanted = config.timing[rule.id]
    for name in wanted:
        if name not in fields:
            allowed = ", ".join(fields) or "none"
            raise config.error(
                f"timing: {rule.id!r} is a {rule.kind} rule with no option {name!r} "
                f"(options: {allowed})",
                "timing",
                rule.id,
                name,
            )
    # Validated options hold tuples where the pack wrote lists; validators
    # expect what a pack says, so the rule's own options go back as lists.
    merged = {**{k: _as_written(v) for k, v in rule.options.items()}, **wanted}

    def err(message: str, key: str) -> ConfigError:
        return config.error(f"timing: {rule.id!r}: {message}", "timing", rule.id, key)

    return module.validate(merged, err)


def _as_written(value: Any) -> Any:
    if isinstance(value, (tuple, list)):
        return [_as_written(v) for v in value]
    return value


def file_options(config: Config, path: str, options: Options) -> Options:
    """A file's Options: the command line's, completed by its configuration."""
    speakers = {**config.speakers, **options.speakers}
    columns = {**config.csv_columns, **options.csv_columns}
    return replace(
        options,
        locale=options.locale or (config.locale_for(path) if path != "-" else None),
        encoding=options.encoding or (config.encoding_for(path) if path != "-" else None),
        speakers=speakers,
        csv_columns=columns,
        max_bytes=options.max_bytes or config.max_bytes,
    )


def effective(resolver: ConfigResolver, path: str) -> dict[str, Any]:
    """What ``phraselint config PATH`` prints: the configuration in force for
    PATH, the file it came from and, for a file, what it makes of that file."""
    config = resolver.for_path(path)
    data: dict[str, Any] = {"path": path, "source": config.path}
    data.update(config.as_dict())
    if path != "-" and not os.path.isdir(path):
        data["file"] = {
            "excluded": config.excludes(path),
            "locale": config.locale_for(path),
            "encoding": config.encoding_for(path),
        }
    return data


def effective_yaml(resolver: ConfigResolver, path: str) -> str:
    import yaml

    data = effective(resolver, path)
    head = (
        f"# configuration for {path}: from {data['source']}\n"
        if data["source"]
        else f"# configuration for {path}: no configuration file found, defaults\n"
    )
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
