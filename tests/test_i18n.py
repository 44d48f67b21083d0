"""The tool's own words in English, Simplified Chinese and Tagalog: chosen by
--lang or the environment, complete catalogs, committed .mo files that match
their .po sources, and no catalog (nor Babel) loaded for an English run."""

from __future__ import annotations

import gettext
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner

import phraselint
from phraselint import i18n
from phraselint.cli import cli
from phraselint.errors import ConfigError

DATA = Path(__file__).parent / "data"
CALL = DATA / "formats" / "call.md"
MISSING = DATA / "formats" / "no-such-file.md"
BASE = ["--no-config", "--only-packs", "--pack", str(DATA / "engine" / "en.yaml")]
SUMMARY = {
    "en": "1 file checked: 4 findings (2 errors, 1 warning, 1 info)",
    "zh": "已检查 1 个文件：发现 4 个问题（2 个错误、1 个警告、1 个提示）",
    "tl": "Nasuri ang 1 file: 4 natuklasan (2 mali, 1 babala, 1 paalala)",
}
CLEAN_ENV = {"LC_ALL": None, "LC_MESSAGES": None, "LANG": None, "LANGUAGE": None}
PACKAGE = Path(phraselint.__file__).parent


def run(*args: str, **env: str):
    return CliRunner().invoke(cli, list(args), env={**CLEAN_ENV, **env})


def last_line(result) -> str:
    return result.stdout.rstrip("\n").splitlines()[-1]


@pytest.mark.parametrize("lang", ["en", "zh", "tl"])
def test_summary_line_in_each_language(lang):
    result = run("--lang", lang, "check", *BASE, str(CALL))
    assert result.exit_code == 1
    assert last_line(result) == SUMMARY[lang]
    # rule messages stay in the pack's own words
    assert "Say what you will do instead." in result.stdout


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "tl_PH.UTF-8"}, "tl"),
        ({"LANG": "fil_PH.UTF-8"}, "tl"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "tl_PH.UTF-8"}, "tl"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_environment_chooses_the_language(env, lang):
    assert last_line(run("check", *BASE, str(CALL), **env)) == SUMMARY[lang]


@pytest.mark.parametrize("value", ["fil", "tl_PH", "fil-PH", "tl"])
def test_lang_option_accepts_tagalog_identifiers(value):
    assert last_line(run("--lang", value, "check", *BASE, str(CALL))) == SUMMARY["tl"]


def test_lang_option_beats_the_environment():
    result = run("--lang", "en", "check", *BASE, str(CALL), LANG="zh_CN.UTF-8")
    assert last_line(result) == SUMMARY["en"]


def test_each_run_starts_from_the_environment_again():
    assert last_line(run("--lang", "zh", "check", *BASE, str(CALL))) == SUMMARY["zh"]
    assert last_line(run("check", *BASE, str(CALL))) == SUMMARY["en"]


def test_unknown_language_is_a_usage_error():
    result = run("--lang", "klingon", "check", *BASE, str(CALL))
    assert result.exit_code == 2
    err = result.stderr if hasattr(result, "stderr") else result.output
    assert "unknown language 'klingon'" in err
    assert "Traceback" not in err


def test_error_prefix_is_translated():
    for lang, prefix in (
        ("en", "phraselint: error: "),
        ("zh", "phraselint：错误："),
        ("tl", "phraselint: mali: "),
    ):
        result = run("--lang", lang, "check", *BASE, str(MISSING))
        assert result.exit_code == 2
        err = result.stderr if hasattr(result, "stderr") else result.output
        assert f"{prefix}{MISSING}: no such file or directory" in err.splitlines()


def test_option_help_is_translated():
    zh = run("--lang", "zh", "check", "--help").stdout
    assert "输出格式。" in zh and "不读取任何配置文件。" in zh and "显示此帮助信息并退出。" in zh
    tl = run("--lang", "tl", "check", "--help").stdout
    assert "Format ng output." in tl
    en = run("check", "--help").stdout
    assert "Output format." in en and "输出格式" not in en
    top = run("--lang", "zh", "--help").stdout
    assert "phraselint 自身提示信息的语言" in top


def test_lang_from_subprocess_environment():
    proc = subprocess.run(
        [sys.executable, "-m", "phraselint.cli", "check", *BASE, str(CALL)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "zh_CN.UTF-8"},
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.rstrip("\n").splitlines()[-1] == SUMMARY["zh"]


PROBE = """
import sys
from phraselint import i18n
from phraselint.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(type(i18n._translations).__name__, file=sys.stderr)
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize(("lang", "kind"), [("C", "NullTranslations"), ("zh_CN.UTF-8", "GNU")])
def test_no_babel_at_run_time_and_no_catalog_for_english(lang, kind):
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "check", *BASE, str(CALL)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": lang},
    )
    *_, translations, modules = proc.stderr.strip().splitlines()
    assert translations.startswith(kind)
    assert not [m for m in modules.split() if m == "babel" or m.startswith("babel.")]


# ------------------------------------------------------------------ the catalogs


def _po(lang: str):
    path = PACKAGE / "messages" / lang / "LC_MESSAGES" / "phraselint.po"
    with open(path, "rb") as fp:
        return read_po(fp)


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]", text))


@pytest.mark.parametrize("lang", ["zh", "tl"])
def test_committed_mo_is_the_compiled_po(lang):
    """The .mo files are committed (no build step); compiling the .po again
    must give the same catalog, so an edited .po cannot ship stale."""
    buffer = io.BytesIO()
    write_mo(buffer, _po(lang))
    buffer.seek(0)
    compiled = gettext.GNUTranslations(buffer)
    with open(i18n.catalog_path(lang), "rb") as fp:
        committed = gettext.GNUTranslations(fp)
    assert committed._catalog == compiled._catalog  # type: ignore[attr-defined]
    assert committed.plural(2) == compiled.plural(2)


def test_catalogs_cover_every_marked_message():
    marked = {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(str(PACKAGE))
    }
    assert "%(files)s checked: %(findings)s (%(errors)s, %(warnings)s, %(infos)s)" in marked
    for lang in ("zh", "tl"):
        catalog = _po(lang)
        ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
        assert ids == marked, f"{lang}: run the pybabel commands in phraselint/i18n.py"
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            source = message.id if isinstance(message.id, str) else message.id[0]
            assert all(strings), f"{lang}: {source!r} is not translated"
            assert "fuzzy" not in message.flags
            for s in strings:
                assert _placeholders(s) == _placeholders(source), (lang, source, s)


def test_resolve_and_environment_helpers():
    assert i18n.resolve("zh_Hant_TW") == "zh"
    assert i18n.resolve("fil") == "tl"
    assert i18n.resolve("POSIX") == "en"
    with pytest.raises(ConfigError):
        i18n.resolve("xx_YY")
    assert i18n.from_environment({"LC_ALL": "", "LANG": "tl_PH.UTF-8"}) == "tl"
    assert i18n.from_environment({"LANG": "ja_JP.UTF-8"}) == "en"
