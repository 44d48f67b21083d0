"""The per-user cache of bundled packs: used when fresh, rebuilt when a pack
changes, harmless when unwritable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from phraselint.cache import cached


@pytest.fixture
def pack(tmp_path, monkeypatch) -> Path:
    """A file to key entries on, with the cache in ``tmp_path/cache`` and on."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PHRASELINT_NO_CACHE", raising=False)
    path = tmp_path / "p.yaml"
    path.write_text("a", "utf-8")
    return path


def test_cache_returns_the_built_value_and_reuses_it(tmp_path, pack):
    calls = []

    def build():
        calls.append(1)
        return {"rules": len(calls)}

    assert cached("t", [pack], build) == {"rules": 1}
    assert cached("t", [pack], build) == {"rules": 1}  # from the cache
    assert len(calls) == 1
    pack.write_text("ab", "utf-8")  # the pack changed: rebuilt, old entry removed
    assert cached("t", [pack], build) == {"rules": 2}
    entries = os.listdir(tmp_path / "cache" / "phraselint")
    assert len([e for e in entries if e.startswith("t-")]) == 1


def test_unwritable_cache_just_builds(tmp_path, pack, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file: no directory can be made
    assert cached("t", [Path(pack)], lambda: 42) == 42


def test_cache_can_be_turned_off(pack, monkeypatch):
    monkeypatch.setenv("PHRASELINT_NO_CACHE", "1")
    calls = []
    cached("t", [pack], lambda: calls.append(1))
    cached("t", [pack], lambda: calls.append(1))
    assert len(calls) == 2


PROBE = """
import json
from phraselint import packs
from phraselint.engine import lint_text

built = []
real = packs.compile_locale
packs.compile_locale = lambda locale, rules: built.append(locale) or real(locale, rules)
text = "Agent: 喂，你说什么？我们喂养小猫。\\nAgent: I don't know, hang on a sec.\\n"
found = [(f.rule, f.line, f.column) for f in lint_text(text, "zh", path="s.md")]
found += [(f.rule, f.line, f.column) for f in lint_text(text, "en", path="s.md")]
print(json.dumps({"built": sorted(set(built)), "findings": found}))
"""


def _probe(env: dict) -> dict:
    import json
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_compiled_bundled_locales_come_from_the_cache_with_the_same_findings(tmp_path):
    """The first run compiles the bundled locales and keeps them; the next run
    compiles nothing and finds exactly the same; with the cache off, every run
    compiles."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("PHRASELINT_NO_CACHE", None)
    first = _probe(env)
    assert first["built"] == ["en", "zh"]
    assert len(first["findings"]) >= 4
    second = _probe(env)
    assert second == {"built": [], "findings": first["findings"]}
    off = _probe(dict(env, PHRASELINT_NO_CACHE="1"))
    assert off == first


def test_changed_rules_are_compiled_not_taken_from_the_cache():
    from dataclasses import replace

    from phraselint.engine import default_packset
    from phraselint.packs import _are_bundled

    packset = default_packset()
    rules = [r for r in packset.rules if r.locale == "en"]
    assert _are_bundled("en", rules)
    changed = packset.with_rules(lambda r: replace(r, severity="info") if r.locale == "en" else r)
    assert not _are_bundled("en", [r for r in changed.rules if r.locale == "en"])
    assert not _are_bundled("en", rules[1:])
    assert changed.compiled("en").rules[0].severity == "info"


class _Explodes:
    """Unpickles by raising, as a damaged C object (an automaton) would."""

    def __reduce__(self):
        return (_explode, ())


def _explode():
    raise ValueError("node #282 malformed")


def test_a_damaged_entry_is_rebuilt_never_an_error(tmp_path, pack):
    """Truncated, bit-flipped, or unpicklable by whatever it raises: each
    means build() again and a sound entry written in its place."""
    import pickle
    import zlib

    calls = []

    def build():
        calls.append(1)
        return {"rules": list(range(100))}

    assert cached("t", [pack], build) == {"rules": list(range(100))}
    (entry,) = (tmp_path / "cache" / "phraselint").glob("t-*")
    good = entry.read_bytes()
    payload = pickle.dumps(_Explodes())
    damaged = [
        good[: len(good) // 2],  # cut short
        good[:40] + bytes([good[40] ^ 0x55]) + good[41:],  # a flipped byte
        zlib.crc32(payload).to_bytes(4, "big") + payload,  # sound file, raises on load
        payload,  # no checksum (an older phraselint's entry), raises on load
        b"",
    ]
    for n, data in enumerate(damaged, start=2):
        entry.write_bytes(data)
        assert cached("t", [pack], build) == {"rules": list(range(100))}
        assert len(calls) == n
        assert cached("t", [pack], build) == {"rules": list(range(100))}  # repaired
        assert len(calls) == n


def test_the_compiled_entry_is_keyed_by_the_code_that_shapes_the_automaton(monkeypatch):
    """Editing any module that decides what goes into a locale's automaton
    (keys, folding, the matcher, a kind's phrase groups) in a source checkout
    must rebuild the entry, as editing a pack does."""
    from phraselint import cache
    from phraselint.packs import PackSet, _compile_bundled

    seen = {}

    def spy(name, files, build):
        seen[name] = {f"{f.parent.name}/{f.name}" for f in files}
        return build()

    monkeypatch.setattr(cache, "cached", spy)
    packset = PackSet.load()
    _compile_bundled("zh", [r for r in packset.rules if r.locale == "zh"])
    keyed = seen["compiled-zh"]
    for module in (
        "phraselint/packs.py",
        "phraselint/matcher.py",
        "text/keys.py",
        "text/normalize.py",
        "rules/timing.py",
        "timing/hold.py",
        "timing/script.py",
        "zh/locale.yaml",
    ):
        assert module in keyed, module
    assert any(name.startswith("opencc/") for name in keyed)  # zh converts; en would not
