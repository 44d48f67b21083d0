"""Decoding input bytes: every storage a call script arrives in gives the same text,
and the fixer can write it back byte for byte."""

from __future__ import annotations

import codecs
import importlib.util
import io
import subprocess
import sys
from pathlib import Path

import pytest

from phraselint.errors import ConfigError, InputError
from phraselint.sources import (
    DEFAULT_MAX_BYTES,
    SkipFile,
    Source,
    decode,
    dominant_newline,
    encode,
    line_of,
    read_source,
    read_stdin,
)

ENCODINGS = Path(__file__).parent / "data" / "encodings"


def _load_make():
    spec = importlib.util.spec_from_file_location("encodings_make", ENCODINGS / "make.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make = _load_make()

FAMILY = {
    "utf8": {"utf-8"},
    "utf8bom": {"utf-8"},
    "utf16le": {"utf-16-le"},
    "utf16be": {"utf-16-be"},
    "utf32le": {"utf-32-le"},
    "gb18030": {"gbk", "gb18030"},  # GB18030 text without 4-byte characters is GBK
    "gbk": {"gbk", "gb18030"},
    "big5": {"big5", "cp950"},
    "cp1252": {"cp1252"},
}


@pytest.mark.parametrize("variant", make.variants(), ids=lambda v: ".".join(v))
def test_every_storage_decodes_to_the_same_text_and_back(variant):
    text, storage, newline = variant
    data = make.encoded(text, storage, newline)
    src = decode(data, "script.txt")
    assert src.text == make.expected_text(text, newline)
    assert src.text.replace(make.NEWLINES[newline], "\n") == make.TEXTS[text]
    assert src.encoding in FAMILY[storage]
    assert src.bom == (storage in ("utf8bom", "utf16le", "utf16be", "utf32le"))
    assert src.newline == make.NEWLINES[newline]
    assert encode(src.text, src) == data


@pytest.mark.parametrize("name", sorted(make.fixtures()))
def test_checked_in_fixtures_match_the_generator(name):
    assert (ENCODINGS / name).read_bytes() == make.fixtures()[name]


@pytest.mark.parametrize("name", sorted(make.fixtures()))
def test_checked_in_fixtures_read_from_disk(name):
    text, storage, newline = name.split(".")[:3]
    src = read_source(str(ENCODINGS / name))
    assert src.path == str(ENCODINGS / name)
    assert src.encoding in FAMILY[storage]
    phrase = {"zh-hans": make.PHRASE_ZH_HANS, "zh-hant": make.PHRASE_ZH_HANT}.get(
        text, make.PHRASE_EN
    )
    assert phrase in src.text
    assert src.text.count(make.NEWLINES[newline]) == 3


def test_fixer_edit_is_written_back_in_the_original_encoding():
    data = make.encoded("zh-hant", "big5", "crlf")
    src = decode(data, "a.txt")
    fixed = src.text.replace("非常抱歉", "很抱歉")
    out = encode(fixed, src)
    assert out == fixed.encode("big5")
    assert decode(out, "a.txt").text == fixed


# -- short texts: where an unrestricted detector goes wrong ------------------------


# The comment says what charset-normalizer 3.5's from_bytes(...).best() answers alone.
@pytest.mark.parametrize(
    ("text", "codec", "family"),
    [
        ("您好\n", "gbk", {"gbk"}),  # big5
        ("您好\n", "big5", {"big5"}),
        ("Agent: 感谢您\r\n", "gbk", {"gbk"}),  # big5 (GB and Big5 tie: common characters decide)
        ("Agent: 感謝您\r\n", "big5", {"big5"}),
        ("客户：我的iPhone坏了，想问一下保修。\n", "gbk", {"gbk"}),  # shift_jis_2004
        ("客戶：我的iPhone壞了，想問一下保修。\n", "big5", {"big5"}),  # cp932
        ("it’s ok\n", "cp1252", {"cp1252"}),  # utf_16_le
        ("Señor Niño\n", "cp1252", {"cp1252"}),  # cp1006
        ("“po” – oo\n", "cp1252", {"cp1252"}),  # cp1125
        ("“bukas” –\n", "cp1252", {"cp1252"}),  # utf_16_le; restricted to cp1252: nothing
        ("That’s ½ off – ¿sí?\r\n", "cp1252", {"cp1252"}),  # cp1250, read as "˝ … żsí"
    ],
)
def test_short_texts(text, codec, family):
    src = decode(text.encode(codec), "short.txt")
    assert src.text == text
    assert src.encoding in family


def test_gb_text_is_not_taken_for_western():
    # "您好" in GBK is C4 FA BA C3, which Windows-1252 reads as "ÄúºÃ"
    assert decode("您好".encode("gbk"), "a.txt").encoding == "gbk"


# -- byte order marks and explicit encodings ---------------------------------------


def test_utf32_mark_is_not_taken_for_utf16():
    data = codecs.BOM_UTF32_LE + "hi\n".encode("utf-32-le")
    src = decode(data, "a.txt")
    assert (src.encoding, src.text, src.bom) == ("utf-32-le", "hi\n", True)


def test_explicit_encoding_wins_over_utf8():
    data = "Café\n".encode()
    src = decode(data, "a.txt", encoding="latin-1")
    assert src.text == "CafÃ©\n"
    assert src.encoding == "iso8859-1"
    assert encode(src.text, src) == data


def test_explicit_encoding_wins_over_detection():
    data = "Señor Zoë\n".encode("cp1252")
    assert decode(data, "a.txt").text == "Señor Zoë\n"
    assert decode(data, "a.txt", encoding="cp1250").text == "Seńor Zoë\n"


def test_explicit_encoding_still_strips_its_own_bom():
    data = codecs.BOM_UTF8 + b"hi\n"
    src = decode(data, "a.txt", encoding="UTF8")
    assert (src.text, src.encoding, src.bom) == ("hi\n", "utf-8", True)
    assert encode(src.text, src) == data


def test_explicit_generic_utf16_takes_the_byte_order_from_the_bom():
    data = codecs.BOM_UTF16_BE + "好\n".encode("utf-16-be")
    src = decode(data, "a.txt", encoding="utf-16")
    assert (src.text, src.encoding, src.bom) == ("好\n", "utf-16-be", True)
    assert encode(src.text, src) == data


def test_explicit_utf16_without_bom_is_read_not_skipped():
    data = "Agent: hello\n".encode("utf-16-le")
    with pytest.raises(SkipFile):
        decode(data, "a.txt")  # NUL bytes and no BOM: looks binary
    src = decode(data, "a.txt", encoding="utf-16")
    assert (src.text, src.encoding, src.bom) == ("Agent: hello\n", "utf-16-le", False)
    assert encode(src.text, src) == data


def test_unknown_encoding_name():
    with pytest.raises(ConfigError, match="unknown encoding 'klingon'"):
        decode(b"hi", "a.txt", encoding="klingon")


# -- undecodable input -------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_wrong_explicit_encoding_names_the_line(newline):
    text = newline.join(["Agent: hello", "Customer: hi", "客服：您好", ""])
    with pytest.raises(InputError) as exc:
        decode(text.encode("gbk"), "calls/a.txt", encoding="utf-8")
    err = exc.value
    assert err.path == "calls/a.txt"
    assert err.line == 3
    assert str(err).startswith("calls/a.txt:3: cannot decode as utf-8: invalid byte")


def test_wrong_explicit_utf16_names_the_line():
    data = codecs.BOM_UTF16_LE + "a\nb\nc".encode("utf-16-le") + b"\x00"
    with pytest.raises(InputError, match="cannot decode as utf-16-le") as exc:
        decode(data, "a.txt", encoding="utf-16")
    assert exc.value.line == 3


def test_utf8_with_a_stray_byte_is_an_error_not_mojibake():
    # Without the check, Windows-1252 would read every "é" as "Ã©".
    good = "Agent: Zoë from Café Niño, about the résumé.\n" * 3
    data = good.encode() + "Customer: Señor\n".encode("cp1252")
    with pytest.raises(InputError) as exc:
        decode(data, "a.md")
    assert (
        str(exc.value)
        == "a.md:4: cannot decode as utf-8: invalid byte f1 (invalid continuation byte)"
    )


def test_chinese_utf8_with_a_stray_byte_names_its_line():
    good = "客服：您好，欢迎致电客户服务中心。\r\n" * 4
    data = good.encode() + "Caf\xe9 order\r\n".encode("cp1252")
    with pytest.raises(InputError) as exc:
        decode(data, "a.md")
    assert exc.value.line == 5
    assert (
        exc.value.problem == "cannot decode as utf-8: invalid byte e9 (invalid continuation byte)"
    )


def test_unencodable_character_when_writing_back():
    src = decode("Agent: hello\r\nCustomer: Señor\r\n".encode("cp1252"), "a.txt")
    with pytest.raises(InputError, match=r"cannot encode '好' \(U\+597D\) as cp1252") as exc:
        encode(src.text + "OK\r\n好\r\n", src)
    assert exc.value.line == 4


# -- binary and oversized files ----------------------------------------------------


def test_nul_bytes_mean_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    with pytest.raises(SkipFile, match="binary") as exc:
        decode(png, "logo.png")
    assert exc.value.path == "logo.png"
    assert str(exc.value) == "logo.png: binary file (NUL bytes)"


def test_many_control_bytes_mean_binary():
    with pytest.raises(SkipFile, match="control characters"):
        decode(b"\x01\x02\x03\x04abcdef" * 50, "blob.txt")


def test_a_few_control_characters_and_ansi_colours_are_text():
    log = "\x1b[31mERROR\x1b[0m agent said: thank you\n" * 40 + "\x0c\x1a"
    assert decode(log.encode(), "call.log").text == log


def test_nul_characters_inside_utf16_mean_binary():
    data = codecs.BOM_UTF16_LE + "a\x00b\x00".encode("utf-16-le")
    with pytest.raises(SkipFile, match="NUL"):
        decode(data, "a.txt")


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 100)
    assert read_source(str(path), max_bytes=100).text == "a" * 100
    with pytest.raises(SkipFile, match="larger than the size limit of 99 bytes") as exc:
        read_source(str(path), max_bytes=99)
    assert exc.value.path == str(path)
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024


@pytest.mark.parametrize("seen", [0, 50])
def test_a_file_larger_than_its_size_seen_is_read_whole_up_to_the_limit(
    tmp_path, monkeypatch, seen
):
    """read_source asks for the size fstat reports, plus one byte; a file that
    reports 0 (a pipe, /proc) or grew since is still read to the end."""
    import os
    import types

    path = tmp_path / "call.txt"
    path.write_bytes(b"a" * 200)
    monkeypatch.setattr(os, "fstat", lambda fd: types.SimpleNamespace(st_size=seen))
    assert read_source(str(path), max_bytes=200).text == "a" * 200
    with pytest.raises(SkipFile, match="size limit of 199 bytes"):
        read_source(str(path), max_bytes=199)


def test_binary_file_on_disk(tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(b"\x00\x01\x02" * 10)
    with pytest.raises(SkipFile, match="binary"):
        read_source(str(path))


def test_missing_file():
    with pytest.raises(InputError, match="no such file or directory"):
        read_source("/nonexistent/phraselint/a.md")


def test_directory_is_not_a_file(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        read_source(str(tmp_path))


def test_stdin():
    data = make.encoded("zh-hans", "gbk", "crlf")
    src = read_stdin(stream=io.BytesIO(data))
    assert src.path == "<stdin>"
    assert src.encoding == "gbk"
    assert src.text == make.expected_text("zh-hans", "crlf")
    with pytest.raises(SkipFile, match="size limit of 1 KiB"):
        read_stdin(stream=io.BytesIO(b"a" * 1025), max_bytes=1024)


def test_empty_input():
    assert decode(b"", "empty.md") == Source("empty.md", "", "utf-8", False, "\n")


# -- helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "newline"),
    [
        ("one line", "\n"),
        ("a\nb\r\nc\r\n", "\r\n"),
        ("a\rb\rc\r\nd", "\r"),
        ("a\nb\r\n", "\n"),  # a tie keeps "\n"
    ],
)
def test_dominant_newline(text, newline):
    assert dominant_newline(text) == newline


def test_line_of_counts_every_kind_of_break_once():
    text = "a\r\nb\rc\nd"
    assert [line_of(text, text.index(ch)) for ch in "abcd"] == [1, 2, 3, 4]


def test_charset_normalizer_is_imported_only_for_legacy_chinese():
    code = (
        "import sys\n"
        "from phraselint.sources import decode\n"
        "decode('Señor “Café” – ok'.encode('cp1252'), 'a')\n"
        "decode('感谢您的耐心等待'.encode(), 'a')\n"
        "print('charset_normalizer' in sys.modules)\n"
        "decode('感谢您的耐心等待'.encode('gbk'), 'a')\n"
        "print('charset_normalizer' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "True"]
