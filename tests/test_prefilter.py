"""Literal pre-filters of regex rules (phraselint.prefilter): what they require,
which patterns get none, and that a filtered pattern finds exactly what the
pattern alone finds on folded text."""

from __future__ import annotations

import pytest
import regex
from conftest import ENGINE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phraselint.packs import PackSet, _compile_pattern, load_pack
from phraselint.prefilter import FilteredPattern, literal_filter
from phraselint.text.normalize import normalize

ANO = r"(?:^|(?<=[.!?]\s{0,3}))(?:ano|ha|huh|ano ulit|ano yun|ano iyon)\s*\?"
HINDI = r"(?:^|(?<=[.!?]\s{0,3}))(?:hindi|di|hinde)(?:\s+(?:po|ho))?\s*[,.!]"


def test_the_bundled_tagalog_patterns_are_filtered_by_their_literals():
    """Every "Ano?" needs a question mark and one of its words (ano ulit holds
    ano); every sentence-initial "Hindi," needs di or hinde and one of , . !"""
    assert literal_filter(ANO) == (frozenset({"ano", "ha", "huh"}), frozenset({"?"}))
    assert literal_filter(HINDI) == (frozenset({"di", "hinde"}), frozenset(",.!"))
    tl = PackSet.load().compiled("tl")
    needs = {p.pattern: p.needs for group in tl.patterns for p in group}
    assert needs == {ANO: literal_filter(ANO), HINDI: literal_filter(HINDI)}


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        ("(?i)Thank You", [{"thank you"}]),  # folded, as the text is
        ("straße", [{"strasse"}]),
        ("(abc)?def", [{"def"}]),  # an optional part needs nothing
        ("a{2,3}b", [{"a"}, {"b"}]),
        ("x*|yes", []),  # one alternative needs nothing
        ("(?:sir|ma'am),", [{"sir", "ma'am"}, {","}]),
        (r"\bno\b", [{"no"}]),
        (r"(?<=please )wait", [{"wait"}]),
        ("[KB]x", [{"k", "b"}, {"x"}]),  # a small class: one of its characters
    ],
)
def test_requirements(pattern, needs):
    assert [set(g) for g in literal_filter(pattern)] == needs


@pytest.mark.parametrize(
    "pattern",
    [
        "(?:hello){e<=1}",  # fuzzy matching: the literal may be misspelt
        "[[a-z]--[aeiou]]x",  # V1 set operation and nested set
        r"[\w--_]x",
        r"\p{L}+abc",  # the stdlib parser does not know it
        r"\L<names>",
        "(?V1)abc",
        "(?r)abc",
        r"\{literal\}",  # braces other than repeat counts: no filter at all
        "[a[bc]]x",  # V1: a, b or c; the stdlib: a class, then a literal ]
        "[[:alpha:]]x",
        "[]a]x",
        "(?p)abc",
    ],
)
def test_syntax_only_the_regex_module_reads_gets_no_filter(pattern):
    assert literal_filter(pattern) == ()


PATTERNS = [
    ANO,
    HINDI,
    r"(?i)Thank You",
    "straße",
    "(abc)?def",
    r"\bno\b",
    "a{2,3}b",
    "(?:sir|ma'am),",
    r"(?<=please )wait",
    "[KB]x",
]
WORDS = st.sampled_from(
    ["ano", "Ano", "ha", "huh", "?", "？", "hindi", "Hinde", "di", "po", "ho", ",", ".", "!",
     " ", "\n", "Straße", "STRASSE", "abc", "def", "no", "know", "aa", "b", "Sir", "ma'am",
     "please", "wait", "thank you", "THANK", "Kx", "bx"]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(WORDS, max_size=12), which=st.sampled_from(PATTERNS))
def test_a_filtered_pattern_finds_what_the_pattern_finds_on_folded_text(words, which):
    text = normalize("".join(words)).text
    plain = _compile_pattern(which)
    filtered = FilteredPattern(plain, literal_filter(which))
    assert [m.span() for m in filtered.finditer(text)] == [m.span() for m in plain.finditer(text)]
    found = filtered.search(text)
    expected = plain.search(text)
    assert (found and found.span()) == (expected and expected.span())


def test_a_turn_without_the_literals_never_runs_the_regex(monkeypatch):
    calls = []

    class Counting:
        pattern = ANO

        def search(self, text, **kw):
            calls.append(text)
            return regex.search(ANO, text)

        def finditer(self, text, **kw):
            calls.append(text)
            return regex.finditer(ANO, text)

    filtered = FilteredPattern(Counting(), literal_filter(ANO))
    assert filtered.search("salamat po sa paghihintay.") is None
    assert list(filtered.finditer("ano po ang pangalan ninyo.")) == []
    assert calls == []
    assert filtered.search("ha? ano po?") is not None
    assert calls == ["ha? ano po?"]


def test_a_tagalog_call_runs_the_patterns_only_on_turns_with_their_literals(monkeypatch):
    """Of a call's turns, only those with what a pattern needs run it; the
    findings are the pattern's as before (an agent's "Ha?", not the
    customer's "Ano?")."""
    from phraselint.engine import default_packset, lint_text

    tl = default_packset().compiled("tl")
    ran: list[str] = []
    for group in tl.patterns:
        for filtered in group:
            real = filtered.regex

            class Counting:
                pattern = real.pattern

                def finditer(self, text, real=real, **kw):
                    ran.append(text)
                    return real.finditer(text, **kw)

                def search(self, text, real=real, **kw):
                    ran.append(text)
                    return real.search(text, **kw)

            monkeypatch.setattr(filtered, "regex", Counting())
    call = (
        "Ahente: Magandang umaga po, salamat sa pagtawag.\n"
        "Customer: Ano? Hindi kita marinig.\n"
        "Ahente: Ha? Pasensya na po.\n"
        "Ahente: Sandali lang po habang tinitingnan ko.\n"
    )
    found = [(f.line, f.rule) for f in lint_text(call, "tl")]
    assert (3, "tl.courtesy.ano-pakiulit") in found
    assert not any(line == 2 and rule == "tl.courtesy.ano-pakiulit" for line, rule in found)
    assert ran and all("?" in text or "!" in text or "." in text for text in ran)
    assert "magandang umaga po, salamat sa pagtawag." not in ran  # no "?", no "di"
    assert not any(text.startswith("ano?") for text in ran)  # the customer's turn


def test_a_rule_with_two_patterns_runs_where_either_may_match():
    """A turn is passed over only when it lacks the literals of every one of
    a rule's patterns."""
    from phraselint.engine import lint_text

    packs = PackSet([load_pack(ENGINE / "two-patterns.yaml")])
    text = "Agent: Nope.\nAgent: Well nah.\nAgent: Nah, not today.\nAgent: No way.\n"
    found = [(f.line, f.text) for f in lint_text(text, "en", packs=packs)]
    assert found == [(1, "Nope"), (3, "Nah"), (4, "No way")]


def test_a_compiled_locale_pickles_after_use():
    """What the rule kinds keep on a compiled locale (CompiledLocale.shared)
    is plain data: a pack set still travels to spawned workers, or into the
    cache, after it has linted."""
    import pickle

    from phraselint.engine import lint_text

    packs = PackSet.load()
    call = "[00:00:01] Ahente: Ha? Hindi po. Pasensya na po.\n[00:00:05] Customer: Ano?\n"
    before = [f.to_dict() for f in lint_text(call, "tl", packs=packs)]
    assert packs.compiled("tl").shared  # the forbidden rules' plan, at least
    again = pickle.loads(pickle.dumps(packs))
    assert [f.to_dict() for f in lint_text(call, "tl", packs=again)] == before
