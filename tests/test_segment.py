"""jieba's dictionary loaded lazily from phraselint's index: segmentation
identical to a fully initialised jieba, the index built once and reused by
later processes, and any damaged, stale or unwritable index just meaning the
full initialisation."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jieba
import pytest
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phraselint.text import segment

jieba.setLogLevel(logging.CRITICAL)

# The encoding of each test file that is not UTF-8, by a part of its name.
_ENCODINGS = {
    "utf8bom": "utf-8-sig",
    "big5": "big5",
    "gb18030": "gb18030",
    "gbk": "gbk",
    "utf16be": "utf-16-be",
    "utf16le": "utf-16-le",
}

SENTENCES = [
    # Simplified
    "中华人民共和国成立了，我们喂养小猫。",
    "坐席：您好，欢迎致电客户服务中心，请问有什么可以帮您？",
    "我来到北京清华大学，他来到了网易杭研大厦。",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造。",
    "结婚的和尚未结婚的都交过费了",
    # Traditional
    "您好，歡迎致電客戶服務中心，請問有什麼可以幫您？",
    "我們會在三個工作日內為您處理退款，請您耐心等候。",
    "臺灣的繁體中文與香港的用字略有不同。",
    # Mixed Chinese, English, digits, symbols
    "您的订单号是A12345，金额为58.5元，请在2024-05-01前付款。",
    "请访问www.example.com或拨打400-123-4567，iPhone 15 Pro也可以。",
    "C++和C#都是编程语言，100%的用户满意度_test。",
    "Agent：Thank you，您好！OK，我明白了。１２３ＡＢＣ",
    "𠀀𠀁罕见字与表情😀混在一起。\r\n第二行\t第三列",
    "",
    "   ",
]


def _zh_data_texts() -> list[str]:
    texts = []
    for path in sorted(DATA.rglob("*zh*")):
        if not path.is_file():
            continue
        parts = path.name.split(".")
        encoding = next((_ENCODINGS[p] for p in parts if p in _ENCODINGS), "utf-8")
        texts.append(path.read_bytes().decode(encoding))
    return texts


def _tokenizer(cache: Path) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(cache)
    return tokenizer


def _cut(tokenizer: jieba.Tokenizer, text: str) -> list[tuple[str, int, int]]:
    return list(tokenizer.tokenize(text, HMM=False))


def _index(cache: Path) -> list[Path]:
    return sorted(cache.glob("jieba-index-*"))


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A cache directory holding jieba's own cache and phraselint's index,
    and plain jieba, fully initialised (the one full initialisation of these
    tests but for a subprocess's: the others are copies of its dictionary)."""
    root = tmp_path_factory.mktemp("xdg")
    cache = root / "phraselint"
    cache.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(root))
        mp.delenv("PHRASELINT_NO_CACHE", raising=False)
        plain = _tokenizer(cache)
        plain.initialize()  # jieba on its own, writing jieba.cache
        assert type(plain.FREQ) is dict and len(plain.FREQ) > 400_000
        env = {"root": root, "cache": cache, "plain": plain}
        full = _quick_full_init(mp, plain)
        first = _tokenizer(cache)
        segment.initialize(first)  # no index yet: a full initialisation, then the index
        assert full == [first] and type(first.FREQ) is dict
        assert len(_index(cache)) == 1
        yield env


def _quick_full_init(monkeypatch, plain: jieba.Tokenizer) -> list[jieba.Tokenizer]:
    """Make jieba's full initialisation a copy of ``plain``'s dictionary (what
    it would load, in a few milliseconds); returns the tokenizers it ran for."""
    calls = []

    def initialize(self, dictionary=None):
        calls.append(self)
        self.FREQ, self.total = dict(plain.FREQ), plain.total
        self.initialized = True

    monkeypatch.setattr(jieba.Tokenizer, "initialize", initialize)
    return calls


@pytest.fixture
def fresh_cache(env, tmp_path, monkeypatch):
    """An empty cache directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("PHRASELINT_NO_CACHE", raising=False)
    cache = tmp_path / "phraselint"
    cache.mkdir()
    return cache


@pytest.fixture
def full_inits(env, monkeypatch):
    return _quick_full_init(monkeypatch, env["plain"])


def _lazy(env) -> jieba.Tokenizer:
    tokenizer = _tokenizer(env["cache"])
    segment.initialize(tokenizer)
    assert isinstance(tokenizer.FREQ, segment.LazyFreq)
    assert tokenizer.initialized and tokenizer.total == env["plain"].total
    return tokenizer


# --------------------------------------------------------------------------- identical


def test_lazy_loads_only_the_characters_it_meets(env):
    lazy = _lazy(env)
    assert _cut(lazy, "我们喂养小猫") == _cut(env["plain"], "我们喂养小猫")
    assert set(lazy.FREQ._groups) <= set("我们喂养小猫")


@pytest.mark.parametrize("text", SENTENCES)
def test_sentences_segment_identically(env, text):
    assert _cut(_lazy(env), text) == _cut(env["plain"], text)


def test_test_data_segments_identically(env):
    texts = _zh_data_texts()
    assert len(texts) >= 15 and all(texts)
    lazy = _lazy(env)
    for text in texts:
        assert _cut(lazy, text) == _cut(env["plain"], text)
    # Line by line too, each with an index opened afresh (groups loaded in
    # another order, and from an empty start).
    for text in texts[:5]:
        for line in text.splitlines():
            assert _cut(_lazy(env), line) == _cut(env["plain"], line)


def test_lookups_answer_as_the_full_dictionary(env):
    plain = env["plain"].FREQ
    lazy = _lazy(env).FREQ
    words = list(plain)[::251]
    prefixes = [w for w in plain if plain[w] == 0][::211]
    assert prefixes  # zero-frequency prefixes are part of the dictionary
    for word in [*words, *prefixes, "中华人民共", "不是词语的组合", "x", "", "😀"]:
        assert (word in lazy) == (word in plain)
        assert lazy.get(word) == plain.get(word)
        assert lazy.get(word, -1) == plain.get(word, -1)
        if word in plain:
            assert lazy[word] == plain[word]
        else:
            with pytest.raises(KeyError):
                lazy[word]


@pytest.fixture(scope="module")
def texts(env):
    """Texts made of dictionary words, characters that start a dictionary
    entry, random CJK characters, ASCII and punctuation."""
    freq = env["plain"].FREQ
    words = sorted(w for w, f in freq.items() if f and len(w) > 1)[::29]
    chars = sorted({w[0] for w in freq})[::7]
    other = [" ", "，", "。", "\n", "a", "B", "7", "2024", "-", "%", ".", "OK", "＃"]
    cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
    piece = st.one_of(
        st.sampled_from(words),
        st.sampled_from(chars),
        st.sampled_from(other),
        st.text(alphabet=cjk, max_size=3),
    )
    return st.lists(piece, max_size=25).map("".join)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_texts_segment_identically(env, texts, data):
    text = data.draw(texts)
    assert _cut(_lazy(env), text) == _cut(env["plain"], text)


# --------------------------------------------------------------------------- the index

PROBE = """
import json, sys
import jieba

full = []
initialize = jieba.Tokenizer.initialize
jieba.Tokenizer.initialize = lambda self, *a, **k: (full.append(1), initialize(self, *a, **k))[1]
from phraselint.text import segment

print(json.dumps({"spans": segment.spans(sys.argv[1]), "full": len(full)}))
"""


def _probe(root: Path, text: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PHRASELINT_NO_CACHE"}
    env["XDG_CACHE_HOME"] = str(root)
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, text], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(proc.stdout)


def test_index_is_built_on_first_use_and_reused_by_the_next_process(env, fresh_cache):
    # jieba's own cache, so that the first process's full initialisation
    # takes 0.5 s rather than a parse of the dictionary.
    shutil.copy(env["cache"] / "jieba.cache", fresh_cache / "jieba.cache")
    text = "我来到北京清华大学，中华人民共和国成立了。"
    expected = [[s, e] for _, s, e in _cut(env["plain"], text)]
    first = _probe(fresh_cache.parent, text)
    assert first == {"spans": expected, "full": 1}
    assert len(_index(fresh_cache)) == 1
    second = _probe(fresh_cache.parent, text)
    assert second == {"spans": expected, "full": 0}


def test_load_jieba_uses_the_index(env, monkeypatch, full_inits):
    monkeypatch.setenv("XDG_CACHE_HOME", str(env["root"]))
    tokenize = segment._load_jieba()
    text = "请访问www.example.com或拨打400-123-4567，歡迎致電。"
    assert tokenize(text) == [(s, e) for _, s, e in _cut(env["plain"], text)]
    assert full_inits == []


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "header":
        data[30:40] = b"\xff" * 10
    elif how == "empty":
        data = bytearray()
    elif how == "truncated":
        data = data[: len(data) // 2]
    elif how == "flipped":  # same length, one bit off in the last group
        data[-2] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["header", "empty", "truncated", "flipped"])
def test_damaged_index_falls_back_to_the_full_dictionary(env, fresh_cache, full_inits, how):
    index = _index(env["cache"])[0]
    shutil.copy(index, fresh_cache / index.name)
    _damage(fresh_cache / index.name, how)
    tokenizer = _tokenizer(fresh_cache)
    segment.initialize(tokenizer)
    plain = env["plain"]
    # The last characters of the index, whose groups lie past a truncation,
    # and the last one, whose group has the flipped bit.
    tail = "".join(sorted({w[0] for w in plain.FREQ})[-40:])
    for text in [*SENTENCES, tail, *_zh_data_texts()]:
        assert _cut(tokenizer, text) == _cut(plain, text)
    assert full_inits == [tokenizer]
    assert type(tokenizer.FREQ) is dict and tokenizer.total == plain.total
    if how in ("header", "empty"):  # noticed at once: rebuilt at once
        assert isinstance(_lazy({"cache": fresh_cache, "plain": plain}).FREQ, segment.LazyFreq)
    else:  # noticed halfway: removed, to be rebuilt by the next process
        assert not _index(fresh_cache)


def test_index_of_another_jieba_is_replaced(env, fresh_cache, full_inits, monkeypatch):
    index = _index(env["cache"])[0]
    shutil.copy(index, fresh_cache / index.name)
    monkeypatch.setattr(jieba, "__version__", "0.43.0")
    tokenizer = _tokenizer(fresh_cache)
    segment.initialize(tokenizer)
    assert full_inits == [tokenizer]
    assert len(_index(fresh_cache)) == 1 and _index(fresh_cache)[0].name != index.name
    assert isinstance(_lazy({"cache": fresh_cache, "plain": env["plain"]}).FREQ, segment.LazyFreq)


def test_no_cache_means_no_index(env, fresh_cache, full_inits, monkeypatch):
    monkeypatch.setenv("PHRASELINT_NO_CACHE", "1")
    index = _index(env["cache"])[0]
    shutil.copy(index, fresh_cache / index.name)  # not even a good one is used
    tokenizer = _tokenizer(fresh_cache)
    segment.initialize(tokenizer)
    assert full_inits == [tokenizer]
    assert _index(fresh_cache) == [fresh_cache / index.name]  # nor is one written


def test_unwritable_cache_just_initialises_fully(env, fresh_cache, full_inits, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError("read-only cache")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    tokenizer = _tokenizer(fresh_cache)
    segment.initialize(tokenizer)
    assert full_inits == [tokenizer]
    assert os.listdir(fresh_cache) == []
    assert _cut(tokenizer, SENTENCES[0]) == _cut(env["plain"], SENTENCES[0])
