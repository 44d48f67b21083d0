"""Shared fixtures: test packs of the engine's own (tests/data/engine), so the
engine's behaviour is pinned independently of the bundled packs' content."""

from __future__ import annotations

from pathlib import Path

import pytest

from phraselint.packs import PackSet, load_pack

DATA = Path(__file__).parent / "data"
ENGINE = DATA / "engine"


@pytest.fixture(scope="session")
def engine_packs() -> PackSet:
    return PackSet([load_pack(ENGINE / f"{loc}.yaml") for loc in ("en", "zh", "tl")])


@pytest.fixture
def lint(engine_packs):
    """lint(text, locale=None) -> findings with the engine test packs."""
    from phraselint import lint_text

    def run(text: str, locale: str | None = None, path: str = "<text>.md"):
        return lint_text(text, locale=locale, packs=engine_packs, path=path)

    return run


def rules(findings) -> list[str]:
    return [f.rule for f in findings]
