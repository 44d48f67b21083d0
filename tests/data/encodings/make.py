"""Writes the encoded call scripts in this directory; the tests import the texts.

The same short call script, containing the phrase the tests look for, stored the
way editors on Windows and elsewhere store it. Run it again after changing a
text: ``python tests/data/encodings/make.py``. The checked-in files are compared
with what this script produces, so they cannot drift apart.
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).parent

PHRASE_ZH_HANS = "感谢您的耐心等待"
PHRASE_ZH_HANT = "感謝您的耐心等待"
PHRASE_EN = "Thank you for your patience"

# Line endings are written "\n" here and replaced per variant.
ZH_HANS = (
    "客服：您好，欢迎致电客户服务中心，请问有什么可以帮您？\n"
    "客户：我的订单还没有到，已经等了三天。\n"
    "客服：非常抱歉，请您提供订单号码，我帮您查询一下。感谢您的耐心等待。\n"
)
ZH_HANT = (
    "客服：您好，歡迎致電客戶服務中心，請問有什麼可以幫您？\n"
    "客戶：我的訂單還沒有到，已經等了三天。\n"
    "客服：非常抱歉，請您提供訂單號碼，我幫您查詢一下。感謝您的耐心等待。\n"
)
WESTERN = (
    "Agent: Good morning, thank you for calling – this is Zoë from the “Café Niño” desk.\n"
    "Customer: Hi, it’s about my résumé order from Parañaque.\n"
    "Agent: Salamat po. Thank you for your patience…\n"
)

TEXTS = {"zh-hans": ZH_HANS, "zh-hant": ZH_HANT, "western": WESTERN}
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}

# Stored form -> (Python codec, byte order mark written before the text).
STORAGE: dict[str, tuple[str, bytes]] = {
    "utf8": ("utf-8", b""),
    "utf8bom": ("utf-8", codecs.BOM_UTF8),
    "utf16le": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf16be": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf32le": ("utf-32-le", codecs.BOM_UTF32_LE),
    "gb18030": ("gb18030", b""),
    "gbk": ("gbk", b""),
    "big5": ("big5", b""),
    "cp1252": ("cp1252", b""),
}

# Which legacy storage each text is realistic in (every text goes in every UTF).
LEGACY = {
    "zh-hans": ("gb18030", "gbk"),
    "zh-hant": ("big5", "gbk"),  # GBK holds Traditional characters too
    "western": ("cp1252",),
}

# The subset checked in; the tests generate every other combination.
CHECKED_IN = (
    ("zh-hans", "gbk", "crlf"),
    ("zh-hans", "gb18030", "lf"),
    ("zh-hans", "utf16le", "crlf"),
    ("zh-hans", "utf8bom", "lf"),
    ("zh-hant", "big5", "crlf"),
    ("zh-hant", "utf16be", "cr"),
    ("western", "cp1252", "crlf"),
    ("western", "cp1252", "cr"),
)


def variants() -> list[tuple[str, str, str]]:
    """Every (text, storage, newline) combination the tests decode."""
    out = []
    for text in TEXTS:
        storages = ["utf8", "utf8bom", "utf16le", "utf16be", "utf32le", *LEGACY[text]]
        for storage in storages:
            for newline in NEWLINES:
                out.append((text, storage, newline))
    return out


def expected_text(text: str, newline: str) -> str:
    return TEXTS[text].replace("\n", NEWLINES[newline])


def encoded(text: str, storage: str, newline: str) -> bytes:
    codec, bom = STORAGE[storage]
    return bom + expected_text(text, newline).encode(codec)


def file_name(text: str, storage: str, newline: str) -> str:
    return f"{text}.{storage}.{newline}.txt"


def fixtures() -> dict[str, bytes]:
    return {file_name(*v): encoded(*v) for v in CHECKED_IN}


def main() -> None:
    for name, data in fixtures().items():
        (HERE / name).write_bytes(data)


if __name__ == "__main__":
    main()
