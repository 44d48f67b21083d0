"""The per-user cache of bundled packs: used when fresh, rebuilt when a pack
changes, harmless when unwritable."""

from __future__ import annotations

import os
from pathlib import Path

from phraselint.cache import cached


def test_cache_returns_the_built_value_and_reuses_it(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PHRASELINT_NO_CACHE", raising=False)
    pack = tmp_path / "p.yaml"
    pack.write_text("a", "utf-8")
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


def test_unwritable_cache_just_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file: no directory can be made
    pack = tmp_path / "p.yaml"
    pack.write_text("a", "utf-8")
    assert cached("t", [Path(pack)], lambda: 42) == 42


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("PHRASELINT_NO_CACHE", "1")
    pack = tmp_path / "p.yaml"
    pack.write_text("a", "utf-8")
    calls = []
    cached("t", [pack], lambda: calls.append(1))
    cached("t", [pack], lambda: calls.append(1))
    assert len(calls) == 2
