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
