"""Locale specs (locale.yaml): what each bundled locale declares is usable."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from phraselint.errors import PhraselintError
from phraselint.locales import _spec_from, locale_specs
from phraselint.timing.backchannel import backchannels


@pytest.mark.parametrize("locale", sorted(locale_specs()))
def test_every_backchannel_is_one_by_itself(locale):
    spec = locale_specs()[locale]
    listening = backchannels(locale)
    assert spec.backchannels, f"{locale} lists no backchannels"
    for entry in spec.backchannels:
        assert listening.only(entry), entry
        assert listening.only(f"{entry}. {entry.upper()}!"), entry
    assert not listening.only("")


def test_an_unquoted_yes_in_a_list_of_words_is_refused():
    data = yaml.safe_load("locale: xx\nscript: Latin\nbackchannels: [okay, yes]\n")
    with pytest.raises(PhraselintError, match="backchannels: True is not a string"):
        _spec_from(data, Path("locale.yaml"))


def test_a_bad_field_of_a_locale_spec_names_its_line(tmp_path):
    from phraselint.yamlio import load_yaml_file

    path = tmp_path / "locale.yaml"
    path.write_text("locale: xx\nscript: Latin\n\nabbreviations: [dr, no]\n", "utf-8")
    with pytest.raises(PhraselintError) as caught:
        _spec_from(load_yaml_file(path), path)
    assert str(caught.value) == (
        f"{path}:4: invalid locale spec: abbreviations: False is not a string (quote it)"
    )


def test_an_unquoted_no_among_abbreviations_is_refused():
    data = yaml.safe_load("locale: xx\nscript: Latin\nabbreviations: [dr, no]\n")
    with pytest.raises(PhraselintError, match="abbreviations: False is not a string"):
        _spec_from(data, Path("locale.yaml"))


def test_a_broken_locale_spec_is_reported_in_its_own_file(monkeypatch, tmp_path):
    """A pack naming a locale whose spec is broken: the error names the
    locale.yaml, not the pack's locale line."""
    from phraselint import packs

    def broken(identifier):
        raise PhraselintError("invalid locale spec: abbreviations: False", "/x/locale.yaml")

    monkeypatch.setattr(packs, "negotiate", broken)
    pack = tmp_path / "p.yaml"
    pack.write_text("pack: p\nlocale: en\nrules: []\n", "utf-8")
    with pytest.raises(PhraselintError) as caught:
        packs.load_pack(pack)
    assert caught.value.path == "/x/locale.yaml"


def test_titles_do_not_end_a_sentence_for_the_bundled_rules():
    from phraselint import lint_text

    found = lint_text("Agent: May I transfer you to Dr. Oh in billing?", locale="en")
    assert "en.courtesy.jargon-interjection" not in {f.rule for f in found}
    found = lint_text("Agent: I checked. Oh, it shipped.", locale="en")
    assert "en.courtesy.jargon-interjection" in {f.rule for f in found}
