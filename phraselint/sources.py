"""Turning the bytes of an input file into text, and text back into the same bytes.

Call-center scripts come from Windows editors as often as from Git: UTF-8 with or
without a BOM, UTF-16 from Notepad and PowerShell, GBK/GB18030 from Mainland
machines, Big5/CP950 from Taiwan and Hong Kong, Windows-1252 from Western ones.
The order of decisions in :func:`decode`:

1. an explicit encoding (``--encoding`` or the configuration) always wins;
2. a byte order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
3. strict UTF-8 (ASCII included), which is free;
4. UTF-8 with a few stray bytes is an error naming the first one's line, not a
   reason to read the whole file in a legacy encoding;
5. Windows-1252 if the bytes read as ordinary English/Tagalog text that way;
6. charset-normalizer restricted to the legacy encodings phraselint expects
   (GBK/GB18030, Big5/CP950, Windows-1252), ties broken by how common the
   decoded characters are;
7. its unrestricted best guess, with any Latin code page taken as Windows-1252.

A blind ``gb18030`` fallback would be wrong: Big5 bytes nearly always decode
without error as GB18030 mojibake, so the Chinese codecs must be *compared*, never
just tried in turn. UTF-16/32 without a BOM is not guessed (its NUL bytes look
binary); name the encoding explicitly for such files.

Decoded text keeps its line endings exactly, so that line numbers and character
offsets agree with what the user's editor shows and the fixer can write the file
back unchanged except for its fixes (:func:`encode` is the inverse of
:func:`decode`).
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from .errors import ConfigError, InputError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# How much of a file the binary test looks at, and the share of control
# characters (other than tab, line breaks, form feed and ESC, which logs use for
# colours) above which a file is taken for binary data.
_BINARY_SAMPLE = 64 * 1024
_CONTROL_SHARE = 0.05
_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_CONTROL_CHARS = frozenset(_CONTROLS.decode("ascii"))

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BOM_OF = {codec: bom for bom, codec in _BOMS}
# Encodings whose ASCII characters are not single ASCII bytes: NUL bytes are
# normal there, and control characters must be counted after decoding.
_WIDE = frozenset(("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))

# The legacy encodings phraselint's languages (en, zh, tl) are written in.
_LEGACY = ("gb18030", "big5", "cp950", "cp1252")

# Non-ASCII characters of ordinary English and Tagalog text in Windows-1252:
# Latin letters with diacritics (names, loanwords: Señor, Parañaque, café), and
# the typographic punctuation word processors put in.
_WEST_LETTERS = frozenset("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŠšŽžŸ")
_WEST_JOINERS = frozenset("\u00a0“”‘’„‚–—…«»")
_WEST_SYMBOLS = frozenset("°©®€™•")
_WESTERN = _WEST_LETTERS | _WEST_JOINERS | _WEST_SYMBOLS
_HIGH_BYTES = bytes(range(0x80, 0x100))


# Compiled when a file is not UTF-8, not at import: a pre-commit run over UTF-8
# scripts would pay a millisecond for them.
@functools.cache
def _unwestern() -> re.Pattern:
    return re.compile("[^\\x00-\\x7f" + re.escape("".join(sorted(_WESTERN))) + "]")


@functools.cache
def _west_glued() -> re.Pattern:
    not_joiner = "[^\\x00-\\x7f" + re.escape("".join(sorted(_WEST_JOINERS))) + "]"
    return re.compile(not_joiner * 2)


@functools.cache
def _non_ascii() -> re.Pattern:
    return re.compile(r"[^\x00-\x7f]+")


# The Han characters that make up most of any Chinese call script: the most
# frequent characters of a general Simplified Chinese word list together with
# their Traditional forms (OpenCC s2t, s2tw, s2hk). Used only to break ties
# between GB and Big5 readings that the detector scores equally, which happens on
# texts of a few characters.
_COMMON_HAN = frozenset(
    "一是人了不在有大中国國和为爲為这這上他个個地年来來我会會以到时時要出的生学學说說"
    "説道民家子也成行下们們于於后後就发發自之对對得主长長可过過天作分方用多你着著部能"
    "市等业業全里裏裡工公经經本都而高政法面门門动動日进進区區事代那去心小同北定开開产"
    "產前其军軍还還然起种種所如现現理机機体體表力好外与與文当當两兩实實重新三么麼只山"
    "水关關明从從化平建又制南内內西没沒此将將员員名手最东東头頭者月间間无無安看见見各"
    "城十相但已些正口通想度加第她合院物性战戰由位常点點海意场場武使次二向治因立数數样"
    "樣身情入原问問把路被并並利石老教万萬知级級量任江及应應省资資委务務元美特期世湖回"
    "系比气氣汉漢总總展电電科金先声聲提品设設或义義王社很统統处處四首共马馬形己儿兒司"
    "太目基领領队隊直计計别別女权權话話少流命至报報米给給打变變果书書清活几幾州华華解"
    "议議更称稱程今决決张張导導术術府才保交放管结結师師便走达達族反再题題色五京河接条"
    "條规規式县縣白它改风風光运運信受什组組听聽布百济濟党黨指论論强強做取技黄黃神选選"
    "记記斯真却卻职職号號界件花类類何眼兵传傳带帶空干幹农農边邊据據集联聯古广廣完质質"
    "阳陽难難增历歷史专專官每住商即步认認车車台臺林必死游遊举舉线線言皇土团團收考求德"
    "叫近备備研争爭非具李众衆眾连連调調感转轉笑革该該持始英克士尔爾让讓拉思根格造较較"
    "际際亲親单單朝红紅型价價校约約器字段周亚亞深候则則功属屬积積快图圖火千准準究往极"
    "極育装裝许許参參半令吃喫观觀鱼魚精办辦像帝八复復影告远遠群羣包整构構料随隨划劃算"
    "象容示投势勢热熱值夫网網望源息语語股铁鐵断斷派速怎需片爱愛律纪紀支早况況病境证證"
    "编編"
)

_WIDTH_SUFFIXES = ((1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB"))


class SkipFile(Exception):
    """A file that is not linted, for a reason the user should see as a warning.

    Binary and oversized files are not errors: a directory walk or a glob easily
    picks them up, and one of them must not stop the run.
    """

    def __init__(self, reason: str, path: str | None = None):
        self.reason = reason
        self.path = path
        super().__init__(f"{path}: {reason}" if path else reason)


@dataclass
class Source:
    """A decoded input and what is needed to write it back byte for byte."""

    path: str
    text: str
    encoding: str  # a Python codec name ("utf-8", "utf-16-le", "gbk", "big5", "cp1252" …)
    bom: bool
    newline: str  # the dominant line ending, "\n", "\r\n" or "\r"


def decode(data: bytes, path: str, encoding: str | None = None) -> Source:
    """Decode a whole file (see the module docstring for the order of decisions).

    Raises :class:`SkipFile` for binary data and :class:`InputError` when the bytes
    are not valid in the given or detected encoding.
    """
    if encoding is not None:
        codec, body, bom = _explicit(data, path, encoding)
    else:
        codec, body, bom = _sniff_bom(data)
    if codec in _WIDE:
        text = _strict_decode(body, codec, path)
        _check_binary_text(text, path)
    else:
        _check_binary_bytes(body, path)
        if codec is None:
            codec, text = _guess(body, path)
        else:
            text = _strict_decode(body, codec, path)
    return Source(path, text, codec, bom, dominant_newline(text))


def encode(text: str, source: Source) -> bytes:
    """Encode ``text`` the way ``source`` was stored: same codec, same BOM.

    A character the file's encoding cannot hold is an error rather than a ``?``:
    the fixer must never write a file that says something else than intended.
    """
    try:
        body = text.encode(source.encoding)
    except UnicodeEncodeError as err:
        bad = text[err.start]
        raise InputError(
            f"cannot encode {bad!r} (U+{ord(bad):04X}) as {source.encoding}",
            source.path,
            line_of(text, err.start),
        ) from None
    return (_BOM_OF[source.encoding] if source.bom else b"") + body


def read_source(
    path: str, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Source:
    """Read and decode one file; oversized and binary files raise :class:`SkipFile`."""
    try:
        # A bare descriptor rather than open(): no file object to build and
        # tear down for each of a batch's thousands of small files.
        fd = os.open(path, os.O_RDONLY | _O_BINARY)
        try:
            size = os.fstat(fd).st_size
            if size > max_bytes:
                raise SkipFile(_too_large(max_bytes), path)
            # Read one byte more than allowed: the size seen by fstat may be 0
            # (pipes, /proc) or the file may grow while it is read. Asking
            # for the size seen first matters: read(n) allocates n bytes up
            # front, and 10 MB per file is most of the time a batch spends
            # reading small transcripts.
            want = max_bytes + 1 if size == 0 else min(size, max_bytes) + 1
            data = _read_upto(fd, want)
            if len(data) == want and want <= max_bytes:  # it grew: the rest, to the limit
                data += _read_upto(fd, max_bytes + 1 - want)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise InputError("no such file or directory", path) from None
    except IsADirectoryError:
        raise InputError("is a directory", path) from None
    except PermissionError:
        raise InputError("permission denied", path) from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), path) from None
    if len(data) > max_bytes:
        raise SkipFile(_too_large(max_bytes), path)
    return decode(data, path, encoding)


_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows would translate line ends without it


def _read_upto(fd: int, n: int) -> bytes:
    """Up to ``n`` bytes, fewer only at the end of the file."""
    chunks = []
    while n > 0:
        chunk = os.read(fd, n)
        if not chunk:
            break
        chunks.append(chunk)
        n -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_stdin(
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stream: BinaryIO | None = None,
    name: str = "<stdin>",
) -> Source:
    """Read standard input (or ``stream``) as one file called ``name``."""
    fh = stream if stream is not None else sys.stdin.buffer
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SkipFile(_too_large(max_bytes), name)
    return decode(data, name, encoding)


def dominant_newline(text: str) -> str:
    """The most frequent line ending; ``"\\n"`` on ties and for one-line texts."""
    if "\r" not in text:  # most files: one scan instead of three counts
        return "\n"
    crlf = text.count("\r\n")
    counts = {
        "\n": text.count("\n") - crlf,
        "\r\n": crlf,
        "\r": text.count("\r") - crlf,
    }
    return max(counts, key=lambda nl: counts[nl])  # max() keeps the first of equals


def line_of(text: str, offset: int) -> int:
    """1-based line of ``text[offset]``; ``\\r\\n``, ``\\r`` and ``\\n`` are one break each."""
    head = text[:offset]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


# -- decisions -------------------------------------------------------------------


def text_codec(encoding: str) -> str | None:
    """The codec's canonical name when ``encoding`` names a text encoding;
    ``None`` otherwise, for unknown names and for codecs such as ``rot13`` or
    ``hex`` that are not str ↔ bytes (decoding with them is no decoding)."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _explicit(data: bytes, path: str, encoding: str) -> tuple[str, bytes, bool]:
    """Resolve a user-given encoding; a BOM of that same encoding is still removed."""
    codec = text_codec(encoding)
    if codec is None:
        raise ConfigError(f"unknown encoding {encoding!r}", path)
    if codec == "utf-8-sig":
        codec = "utf-8"
    if codec in ("utf-16", "utf-32"):
        # The generic names let the BOM choose the byte order; without one, the
        # little-endian order every Windows tool writes.
        for bom, name in _BOMS:
            if name.startswith(codec) and data.startswith(bom):
                return name, data[len(bom) :], True
        return f"{codec}-le", data, False
    bom = _BOM_OF.get(codec)
    if bom is not None and data.startswith(bom):
        return codec, data[len(bom) :], True
    return codec, data, False


def _sniff_bom(data: bytes) -> tuple[str | None, bytes, bool]:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, data[len(bom) :], True
    return None, data, False


def _guess(data: bytes, path: str) -> tuple[str, str]:
    """Choose the encoding of BOM-less data and decode it."""
    try:
        return "utf-8", data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    if _damaged_utf8(data):
        # Mostly valid UTF-8 with a few stray bytes (a paste from another editor):
        # any legacy reading would turn the rest of the file into mojibake.
        raise _decode_error(data, "utf-8", utf8_error, path)
    if _western(data):
        return "cp1252", data.decode("cp1252")
    codec = _detect(data)
    if codec is None:
        raise _decode_error(
            data, "utf-8", utf8_error, path, " (and no other encoding fits; set the encoding)"
        )
    return codec, _strict_decode(data, codec, path)


def _damaged_utf8(data: bytes) -> bool:
    """Whether non-UTF-8 data is still overwhelmingly UTF-8.

    GB and Big5 text produces valid multi-byte UTF-8 sequences only by accident,
    far fewer than invalid ones; Windows-1252 text hardly ever.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    # Every ASCII byte stays one ASCII character, even next to invalid bytes.
    ascii_chars = len(data.translate(None, _HIGH_BYTES))
    good = len(text) - ascii_chars - bad
    return good >= 8 and good >= 10 * bad


def _western(data: bytes) -> bool:
    """Whether the bytes read as plausible English/Tagalog Windows-1252 text.

    Each non-ASCII character must be a Latin letter or typographic punctuation,
    and two of them may only touch when one is a quote, dash or ellipsis
    ("café”"). GB and Big5 text read this way gives runs of accented letters and
    symbols ("ÄúºÃ", "ªA¡G"), which fail within a character or two. This check
    runs before charset-normalizer, which on short Western text answers cp1250,
    cp1125, Big5 or GB18030 more often than cp1252.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return not (_unwestern().search(text) or _west_glued().search(text))


def _detect(data: bytes) -> str | None:
    """Ask charset-normalizer, first among the expected legacy encodings only.

    Imported here and nowhere else: it costs about 30 ms, and almost every file
    is UTF-8. Unrestricted, it often reads short Big5 text as Shift-JIS and short
    GB text as CP949 or UTF-16; restricted, it still ties GB and Big5 on a few
    characters, which :func:`_plausibility` breaks.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data, cp_isolation=list(_LEGACY)))
    scored = []
    for rank, match in enumerate(matches):
        codec = _narrowest(data, codecs.lookup(match.encoding).name)
        if codec is None:
            continue
        sample = data[:_BINARY_SAMPLE].decode(codec, errors="ignore")
        key = (round(match.chaos, 2), -round(match.coherence, 2), -_plausibility(sample), rank)
        scored.append((key, codec))
    if scored:
        return min(scored)[1]
    best = from_bytes(data).best()
    if best is None:
        return _plausible_legacy(data)
    codec = codecs.lookup(best.encoding).name
    if codec.startswith(("utf-16", "utf-32")):
        return None  # a guess without a BOM; such files look binary anyway
    text = str(best)
    if len(text) == len(data) and _latin_letters_only(text):
        # A single-byte Latin code page (cp1250 for "½ ¿", which it reads "˝ ż"):
        # the text is Western, and Western text here is Windows-1252.
        with contextlib.suppress(UnicodeDecodeError):
            data.decode("cp1252")
            return "cp1252"
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return None
    return codec


def _plausible_legacy(data: bytes) -> str | None:
    """Last resort when charset-normalizer finds nothing (it gives up on some
    short GB and Big5 texts full of full-width punctuation): the legacy codec
    that decodes strictly and yields the most common characters."""
    scored = []
    for name in _LEGACY:
        codec = _narrowest(data, codecs.lookup(name).name)
        if codec is None:
            continue
        sample = data[:_BINARY_SAMPLE].decode(codec, errors="ignore")
        scored.append((-_plausibility(sample), codec))
    return min(scored)[1] if scored else None


def _latin_letters_only(text: str) -> bool:
    """Whether every non-ASCII letter of ``text`` is a Latin one (not Cyrillic, Greek …)."""
    return all(
        unicodedata.name(ch, "").startswith("LATIN")
        for run in _non_ascii().findall(text)
        for ch in run
        if ch.isalpha()
    )


def _narrowest(data: bytes, codec: str) -> str | None:
    """The most specific codec of ``codec``'s family that decodes ``data`` strictly.

    GBK files are valid GB18030 and Big5 files valid CP950, but naming the
    narrower encoding tells the user what their editor wrote, and makes the fixer
    refuse a character the original encoding cannot hold.
    """
    family = {
        "gb18030": ("gbk", "gb18030"),
        "gbk": ("gbk", "gb18030"),
        "gb2312": ("gbk", "gb18030"),
        "big5": ("big5", "cp950", "big5hkscs"),
        "cp950": ("big5", "cp950", "big5hkscs"),
    }.get(codec, (codec,))
    for name in family:
        try:
            data.decode(name)
        except UnicodeDecodeError:
            continue
        return name
    return None


def _plausibility(text: str) -> float:
    """Share of the non-ASCII characters that real en/zh/tl text would contain.

    Mojibake of one Chinese encoding read as the other is made of rare and
    unrelated characters (bopomofo, kana, Cyrillic, private use), and Western text
    read as Chinese puts an ideograph inside an English word ("be抯").
    """
    total = 0
    good = 0.0
    prev = ""
    for i, ch in enumerate(text):
        if ch < "\x80":
            prev = ch
            continue
        total += 1
        if "\u4e00" <= ch <= "\u9fff":
            nxt = text[i + 1 : i + 2]
            if _ascii_letter(prev) or _ascii_letter(nxt):
                pass  # glued to a Latin word: a Western text misread
            elif ch in _COMMON_HAN:
                good += 1
            else:
                good += 0.5  # a real but less frequent ideograph
        elif "\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff5e" or ch in _WESTERN:
            good += 1
        prev = ch
    return good / total if total else 1.0


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


# -- checks and errors -----------------------------------------------------------


def _check_binary_bytes(data: bytes, path: str) -> None:
    """Binary test for encodings where control characters are single ASCII bytes."""
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        raise SkipFile("binary file (NUL bytes)", path)
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    if sample and controls / len(sample) > _CONTROL_SHARE:
        raise SkipFile("binary file (control characters)", path)


def _check_binary_text(text: str, path: str) -> None:
    sample = text[:_BINARY_SAMPLE]
    if "\x00" in sample:
        raise SkipFile("binary file (NUL characters)", path)
    controls = sum(1 for ch in sample if ch in _CONTROL_CHARS)
    if sample and controls / len(sample) > _CONTROL_SHARE:
        raise SkipFile("binary file (control characters)", path)


def _strict_decode(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise _decode_error(data, codec, err, path) from None


def _decode_error(
    data: bytes, codec: str, err: UnicodeDecodeError, path: str, hint: str = ""
) -> InputError:
    """An error naming the line of the first undecodable byte."""
    head = data[: err.start].decode(codec, errors="replace")
    bad = data[err.start : err.end]
    return InputError(
        f"cannot decode as {codec}: invalid byte{'s' if len(bad) > 1 else ''} "
        f"{bad.hex(' ')} ({err.reason}){hint}",
        path,
        line_of(head, len(head)),
    )


def _too_large(max_bytes: int) -> str:
    return f"larger than the size limit of {_human(max_bytes)}"


def _human(size: int) -> str:
    for unit, suffix in _WIDTH_SUFFIXES:
        if size >= unit:
            value = size / unit
            return f"{value:.0f} {suffix}" if value == int(value) else f"{value:.1f} {suffix}"
    return f"{size} bytes"
