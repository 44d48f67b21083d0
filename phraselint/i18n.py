"""The tool's own words (summary line, error prefixes, option help) in the
user's language: English, Simplified Chinese or Tagalog.

Rule messages are not translated here: they come from the packs, written in
the language of the calls they check.

The language is ``--lang`` (a global option), else the first set of
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` (POSIX order; ``C`` and ``POSIX``
mean English), matched to a shipped language by
:func:`phraselint.locales.negotiate` (so ``zh_TW`` and ``zh_Hant`` get the
Simplified catalog, ``fil`` and ``tl_PH`` get Tagalog); anything else is
English.

Catalogs are GNU gettext files in ``phraselint/messages/<lang>/LC_MESSAGES``:
the ``.po`` sources and the compiled ``.mo`` are both committed (a test
checks that compiling each ``.po`` gives its ``.mo``), so an editable install
and a wheel work without a build step. They are read with the standard
library's :mod:`gettext`; an English run never opens a catalog (its
translations are a ``NullTranslations``) and nothing here imports Babel,
which is only the maintainers' tool::

    pybabel extract -o phraselint/messages/phraselint.pot --project phraselint phraselint
    pybabel update -i phraselint/messages/phraselint.pot -d phraselint/messages -D phraselint
    pybabel compile -d phraselint/messages -D phraselint
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import click

from .errors import ConfigError, PhraselintError

DOMAIN = "phraselint"
CATALOGS = Path(__file__).resolve().parent / "messages"
LANGUAGES = ("en", "zh", "tl")
SOURCE_LANGUAGE = "en"
ENV_VARS = ("LC_ALL", "LC_MESSAGES", "LANG")

_language: str | None = None
_translations: _gettext.NullTranslations | None = None


def N_(message: str) -> str:  # noqa: N802 - the name extractors look for
    """Marks a string for the catalog where it is translated later (option
    help, which click stores at import time and shows much later)."""
    return message


def _strip(identifier: str) -> str:
    """``zh_CN.UTF-8@latin`` → ``zh_CN``."""
    return identifier.split(".", 1)[0].split("@", 1)[0].strip()


def resolve(identifier: str, thorough: bool = True) -> str:
    """The shipped language for a locale identifier; ConfigError if none.

    The language subtag decides (``zh_CN`` → zh), then the aliases of the
    locale specs (``fil`` → tl); only ``thorough`` asks Babel about the rest,
    which costs its import: the environment's ``de_DE`` is simply English."""
    name = _strip(identifier).replace("-", "_")
    subtag = name.split("_", 1)[0].lower()
    if subtag in ("", "c", "posix"):
        return SOURCE_LANGUAGE
    if subtag in LANGUAGES:
        return subtag
    from .locales import locale_specs, negotiate

    aliases = {
        alias.replace("-", "_").split("_", 1)[0].lower(): spec.id
        for spec in locale_specs().values()
        for alias in spec.aliases
    }
    found = aliases.get(subtag)
    if found is None and thorough:
        try:
            found = negotiate(name)
        except PhraselintError:
            found = None
    if found not in LANGUAGES:
        raise ConfigError(
            f"unknown language {identifier!r} (known: {', '.join(LANGUAGES)}, or any "
            "identifier of them such as zh_CN, fil, tl_PH)"
        )
    return found


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for (POSIX order), English when it
    names none that is shipped."""
    env = os.environ if environ is None else environ
    for var in ENV_VARS:
        value = env.get(var)
        if value:
            try:
                return resolve(value, thorough=False)
            except ConfigError:
                return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def catalog_path(language: str) -> Path:
    return CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.mo"


def set_language(language: str) -> None:
    """Use ``language`` (one of :data:`LANGUAGES`) from now on."""
    global _language, _translations
    if language not in LANGUAGES:
        raise ConfigError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")
    _language = language
    if language == SOURCE_LANGUAGE:
        _translations = _gettext.NullTranslations()
        return
    try:
        with open(catalog_path(language), "rb") as fp:
            _translations = _gettext.GNUTranslations(fp)
    except OSError as exc:
        raise ConfigError(f"message catalog missing: {exc}") from None


def language() -> str:
    if _language is None:
        set_language(from_environment())
    return _language  # type: ignore[return-value]


def _current() -> _gettext.NullTranslations:
    if _translations is None:
        set_language(from_environment())
    return _translations  # type: ignore[return-value]


def gettext(message: str) -> str:
    return _current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current().ngettext(singular, plural, n)


# Click's own help strings that phraselint's options show; listed so that the
# extractor puts them in the catalog.
CLICK_WORDS = (
    N_("Show this message and exit."),
    N_("Show the version and exit."),
)


@contextmanager
def _translated_help(params: Iterable[click.Parameter]) -> Iterator[None]:
    saved = []
    for param in params:
        text = getattr(param, "help", None)
        if text:
            saved.append((param, text))
            param.help = gettext(text)
    try:
        yield
    finally:
        for param, text in saved:
            param.help = text


class _TranslatedHelp:
    """Shows option help in the chosen language: the language is known only
    once ``--lang`` is parsed, long after click stored the help texts."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated_help(self.get_params(ctx)):  # type: ignore[attr-defined]
            super().format_options(ctx, formatter)  # type: ignore[misc]


class TranslatedCommand(_TranslatedHelp, click.Command):
    pass


class TranslatedGroup(_TranslatedHelp, click.Group):
    command_class = TranslatedCommand
    group_class = type
