"""Candidate-then-verify phrase matching, one automaton per locale.

All phrases of all rules of a locale (and their exceptions and replacements)
go into one Aho-Corasick automaton over match keys (see
:mod:`phraselint.text.keys`), so a document is scanned once whatever the
number of rules (:meth:`LocaleMatcher.find_turns` joins its turns). Each
candidate is then verified:

- punctuation: sentence-ending punctuation in the text may fall between two
  phrase units only where the phrase itself has punctuation;
- Tagalog-style particles written in the phrase must be present in the text;
- Chinese edges: when a Han character touches the candidate, the sentence
  around it is segmented and both edges must fall on token boundaries, unless
  the word that crosses the edge extends past it only by characters the
  locale lists as transparent (感谢 counts in 感谢您, 喂 does not in 喂养).

The segmenter therefore runs only on the few sentences around Chinese
candidates, never on whole documents.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import add, mul

import ahocorasick

from .locales import LocaleSpec
from .text import segment
from .text.keys import (
    BREAK_TOKEN,
    HARD,
    STRONG,
    STRONG_CHARS,
    TURN_BREAK,
    HanView,
    WordsView,
    han_view,
    word_tokens,
    words_view,
)
from .text.normalize import normalize

PHRASE, EXCEPTION, REPLACEMENT = "phrase", "exception", "replacement"
_BREAK_KEY = f" {BREAK_TOKEN} "  # the turn break as a token of a words key
_ASCII_STRONG = "".join(c for c in STRONG_CHARS if c.isascii())
_ASCII_LETTER = re.compile("[a-z]")  # folded text has no capitals
_LETTER_LINE = re.compile(r"[a-z][^\n]*")  # a line from its first ASCII letter on


class PhraseError(ValueError):
    """A phrase that can never match (no word in it)."""


@dataclass(frozen=True, slots=True)
class Entry:
    rule: int  # index of the rule in the caller's list
    role: str  # PHRASE | EXCEPTION | REPLACEMENT
    phrase: str
    index: int  # position of the phrase in its list
    key: str
    space: str  # "core" | "full" | "han"
    units: int
    allow: frozenset[int]  # unit gaps (1-based: before unit k) where the phrase has punctuation
    particles: tuple[tuple[str, ...], ...] | None = None  # pre, between…, post
    # The phrase ends in punctuation ("好吗?"): its hits take the text's along.
    trailing_punct: bool = field(init=False)

    def __post_init__(self) -> None:
        tail = self.phrase.rstrip()
        ends = bool(tail) and unicodedata.category(tail[-1]).startswith("P")
        object.__setattr__(self, "trailing_punct", ends)


class Group(tuple):
    """The entries that share one key: an automaton payload. ``once`` holds
    their rules when every one of them is in the matcher's ``once`` (see
    :meth:`LocaleMatcher.find_turns`), else it is ``None``."""

    once: frozenset[int] | None = None


@dataclass(slots=True)  # not frozen, for speed: see phraselint.model
class Hit:
    entry: Entry
    start: int  # offsets in the folded text
    end: int


def _allowed_gaps(gaps: list[str]) -> frozenset[int]:
    return frozenset(k + 1 for k, g in enumerate(gaps) if g.strip())


class LocaleMatcher:
    """Finds verified phrase hits of one locale in folded text."""

    def __init__(self, spec: LocaleSpec):
        self.spec = spec
        self.han = spec.tokenizer == "jieba"
        self._entries: dict[str, dict[str, list[Entry]]] = {"core": {}, "full": {}, "han": {}}
        self._automata: dict[str, ahocorasick.Automaton] = {}
        # Rules that one hit anywhere in the matched turns satisfies, named by
        # compile_locale before the automaton is built (see find_turns).
        self.once: set[int] = set()
        self._letters: bool | None = None  # see _needs_letter

    # ------------------------------------------------------------------ compile
    def add(self, rule: int, role: str, phrase: str, index: int = 0) -> Entry:
        entry = self._compile(rule, role, phrase, index)
        self._entries[entry.space].setdefault(entry.key, []).append(entry)
        self._automata.clear()
        self._letters = None
        return entry

    def _compile(self, rule: int, role: str, phrase: str, index: int) -> Entry:
        norm = normalize(phrase).text
        if self.han:
            view = (
                han_view(norm, self.spec)
                if not norm.isascii() or any(c.isdigit() for c in norm)
                else None
            )
            if view is None:
                raise PhraseError(f"phrase {phrase!r} has no Chinese word in it")
            # Punctuation inside the phrase, in key coordinates (1-based gaps).
            allow = frozenset(k for k, cls in view.gaps.items() if cls)
            return Entry(rule, role, phrase, index, view.key, "han", len(view.key), allow)
        view = words_view(norm, self.spec)
        if view is None:
            raise PhraseError(f"phrase {phrase!r} has no word in it")
        spans = view.spans
        gaps = [norm[spans[i][1] : spans[i + 1][0]] for i in range(len(spans) - 1)]
        if view.particle is None or all(view.particle):
            key = view.full
            return Entry(
                rule, role, phrase, index, key, "full", len(view.keys), _allowed_gaps(gaps)
            )
        core = view.core_index()
        groups: list[list[str]] = [[] for _ in range(len(core) + 1)]
        core_gaps: list[str] = ["" for _ in range(len(core) - 1)]
        slot = 0
        for i, k in enumerate(view.keys):
            if view.particle[i]:
                groups[slot].append(k)
            else:
                slot += 1
            if 0 < slot < len(core) and i < len(gaps):
                core_gaps[slot - 1] += gaps[i]
        particles = tuple(tuple(g) for g in groups)
        has_particles = any(particles)
        return Entry(
            rule,
            role,
            phrase,
            index,
            view.core,
            "core",
            len(core),
            _allowed_gaps(core_gaps),
            particles if has_particles else None,
        )

    def _automaton(self, space: str) -> ahocorasick.Automaton | None:
        if space not in self._automata:
            entries = self._entries[space]
            if not entries:
                self._automata[space] = None
            else:
                auto = ahocorasick.Automaton()
                for key, group in entries.items():
                    payload = Group(group)
                    rules = frozenset(e.rule for e in group)
                    if rules <= self.once:
                        payload.once = rules
                    auto.add_word(key, payload)
                auto.make_automaton()
                self._automata[space] = auto
        return self._automata[space]

    # ------------------------------------------------------------------ match
    def key(self, norm: str) -> str | None:
        """The key of the folded text ``norm`` with all its units (Han
        characters, or every word token joined by spaces), as phrase keys
        are built; ``None`` when it has none."""
        if self.han:
            view = han_view(norm, self.spec)
            return None if view is None else view.key
        wview = words_view(norm, self.spec)
        return None if wview is None else wview.full[1:-1]

    def _candidates(
        self, norm: str, tokens: list[str] | None = None
    ) -> Iterator[tuple[WordsView | HanView, str, int, tuple]]:
        """Automaton matches in the key of ``norm`` (whose word tokens may be
        given): (view, space, key end just past the match, entries with that
        key), not yet verified."""
        if self.han:
            auto = self._automaton("han")
            if auto is None or norm.isascii():
                return
            view = han_view(norm, self.spec)
            if view is None:
                return
            for end, group in auto.iter(view.key):
                yield view, "han", end + 1, group
            return
        core, full = self._automaton("core"), self._automaton("full")
        if core is None and full is None:
            return
        wview = words_view(norm, self.spec, tokens)
        if wview is None:
            return
        for space, auto in (("core", core), ("full", full)):
            if auto is not None:
                for end, group in auto.iter(wview.core if space == "core" else wview.full):
                    yield wview, space, end + 1, group

    def find(self, norm: str) -> list[Hit]:
        """Verified hits of every entry in the folded text ``norm``."""
        hits: list[Hit] = []
        for view, space, end, group in self._candidates(norm):
            if space == "han":
                hits.extend(self._verify_han(view, end, group))
            else:
                hits.extend(self._verify_words(view, space, end, group))
        return hits

    def find_turns(
        self,
        texts: list[str],
        joined: JoinedTurns | None = None,
        keep: Sequence[bool] | None = None,
        once: bool = False,
    ) -> list[Sequence[Hit]]:
        """Verified hits per turn of a document whose folded turns are
        ``texts``: the same as :meth:`find` on each turn (an empty tuple
        where there are none), from one automaton run over the whole
        document instead of one per turn.

        The turns are joined with ``TURN_BREAK``, which adds a token (words)
        or a hard break (Han) between them, so a key found in one turn's view
        is found at the same place in the document's view and none spans two
        turns. Han hits are verified on the document's view directly and
        shifted back into their turn. Word candidates are verified on a view
        of their turn alone (word gaps and offsets are the turn's), built
        from the document's tokens and keys: a turn's stretch of the
        document's key is that turn's key, so a candidate found there is the
        one :meth:`find` on the turn finds, at its position less the
        stretch's start.

        ``joined`` is :class:`JoinedTurns` of ``texts`` when the caller has
        it: the locales that read words then tokenise the document once.

        ``keep``, when given, says which turns to match at all: the others
        get no hits and, as far as it saves work, are not looked at. Their
        text is left out of what is scanned, unless the document's word
        tokens are known already (detection needed them): then the
        candidates in those turns are dropped instead, which is cheaper than
        cutting their tokens out.

        With ``once``, a rule in the matcher's ``once`` set gets its first hit
        and maybe a few more, not all: a candidate all of whose entries
        belong to rules that have a hit already is not verified. Such a rule
        (a required phrase said anywhere, without anchor, exceptions or
        patterns; see ``phraselint.rules.required.one_hit_enough``) is
        satisfied by any one hit, and most of the Chinese candidates are its
        请 and 请问.
        """
        joined = joined or JoinedTurns(texts)
        if keep is not None and (self.han or not joined.has_tokens):
            joined = joined.kept(keep)
            texts, keep = joined.texts, None
        text, starts = joined.text, joined.starts
        per_turn: list[Sequence[Hit]] = [()] * len(texts)
        said: set[int] = set()  # rules of ``once`` with a hit so far
        once = once and bool(self.once)
        if self.han:
            for view, _space, end, group in self._candidates(text):
                if once and group.once is not None and group.once <= said:
                    continue
                for hit in self._verify_han(view, end, group):
                    t = bisect.bisect_right(starts, hit.start) - 1
                    if not per_turn[t]:
                        per_turn[t] = []
                    per_turn[t].append(Hit(hit.entry, hit.start - starts[t], hit.end - starts[t]))
                    if once:
                        said.add(hit.entry.rule)
            return per_turn
        if not joined.has_tokens and self._needs_letter():
            few = _few_lettered(joined)
            if few is not None:
                for t in few:
                    per_turn[t] = self.find(texts[t]) or ()
                return per_turn
        by_turn: dict[int, list[tuple[str, int, tuple[Entry, ...]]]] = {}
        breaks: dict[str, list[int]] = {}
        for view, space, end, group in self._candidates(text, joined.tokens):
            if space not in breaks:
                breaks[space] = _positions(view.core if space == "core" else view.full, _BREAK_KEY)
            found = breaks[space]
            t = bisect.bisect_right(found, end - len(group[0].key))
            if keep is not None and not keep[t]:
                continue
            stretch = found[t - 1] + len(_BREAK_KEY) - 1 if t else 0  # where turn t's key starts
            by_turn.setdefault(t, []).append((space, end - stretch, group))
        if not by_turn:
            return per_turn
        tokens, last = joined.tokens, len(texts) - 1
        lo, seen = 0, 0  # tokens[lo] follows the last of the ``seen`` break tokens passed
        for t in sorted(by_turn):  # turn t's tokens follow break token t - 1
            while seen < t:
                lo = tokens.index(BREAK_TOKEN, lo) + 1
                seen += 1
            hi = tokens.index(BREAK_TOKEN, lo) if t < last else len(tokens)
            turn_view = words_view(texts[t], self.spec, tokens[lo:hi])
            hits: list[Hit] = []
            for space, end, group in by_turn[t]:
                if once and group.once is not None and group.once <= said:
                    continue
                found = self._verify_words(turn_view, space, end, group)
                if once:
                    said.update(h.entry.rule for h in found)
                hits += found
            if hits:
                per_turn[t] = hits
            lo, seen = hi + 1, t + 1  # past break token t, found already
        return per_turn

    # words ------------------------------------------------------------------
    def _needs_letter(self) -> bool:
        """Whether every key holds an ASCII letter, and no token without one
        becomes one that does through the locale's equivalents: then a turn
        whose folded text has no ASCII letter holds no candidate."""
        if self._letters is None:
            keys = itertools.chain(self._entries["core"], self._entries["full"])
            self._letters = all(map(_ASCII_LETTER.search, keys)) and all(
                map(_ASCII_LETTER.search, self.spec.equivalents)
            )
        return self._letters

    def _verify_words(
        self, view: WordsView, space: str, end: int, group: tuple[Entry, ...]
    ) -> list[Hit]:
        entry0 = group[0]
        first = view.token_at(end - len(entry0.key) + 1, space)
        if space == "core" and view.particle is not None:
            core = view.core_index()
            ci = bisect.bisect_left(core, first)
            members = core[ci : ci + entry0.units]
        else:
            members = list(range(first, first + entry0.units))
        last = members[-1]
        spans = view.spans
        # Most candidates: ASCII text with no sentence end from the first
        # word to the last. Their gaps are then all weak (in ASCII a gap
        # holds no letter, and so is weak or strong) and fit every entry.
        region = view.norm[spans[first][0] : spans[last][1]]
        weak = region.isascii() and not any(c in region for c in _ASCII_STRONG)
        out = []
        for entry in group:
            if not (weak or self._gaps_ok_words(view, members, entry)):
                continue
            span = (first, last)
            if entry.particles:
                span = _particle_span(view, members, entry.particles)
                if span is None:
                    continue
            out.append(Hit(entry, spans[span[0]][0], spans[span[1]][1]))
        return out

    @staticmethod
    def _gaps_ok_words(view: WordsView, members: list[int], entry: Entry) -> bool:
        for k in range(len(members) - 1):
            for t in range(members[k], members[k + 1]):
                cls = view.gap(t)
                if cls == HARD or (cls == STRONG and (k + 1) not in entry.allow):
                    return False
        return True

    # han --------------------------------------------------------------------
    def _verify_han(self, view: HanView, end: int, group: tuple[Entry, ...]) -> list[Hit]:
        start = end - len(group[0].key)
        # The runs holding the first and the last unit (one bisection each,
        # shared by the offsets, the gaps and the edge checks).
        run_keys, runs = view.run_keys, view.runs
        i = bisect.bisect_right(run_keys, start) - 1
        j = bisect.bisect_right(run_keys, end - 1, i) - 1
        first_run, last_run = runs[i], runs[j]
        ns = first_run[1] + start - first_run[0]
        ne = last_run[1] + end - last_run[0]
        # Punctuation lies only between runs: a candidate inside one run has none.
        inner = view.gaps_within(start, end) if i != j else ()
        out = []
        edges_ok: bool | None = None
        for entry in group:
            if inner and any(c >= STRONG and (k - start) not in entry.allow for k, c in inner):
                continue
            if edges_ok is None:
                edges_ok = self._han_edges_ok(view, start, end, ns, ne, first_run, last_run)
            if edges_ok:
                out.append(Hit(entry, ns, ne))
        return out

    def _han_edges_ok(
        self,
        view: HanView,
        start: int,
        end: int,
        ns: int,
        ne: int,
        first_run: tuple[int, int, int],
        last_run: tuple[int, int, int],
    ) -> bool:
        need_start = start > first_run[0]
        need_end = end < last_run[0] + last_run[2]
        if not (need_start or need_end):
            return True
        w0 = first_run[1]
        window, tokens = _window_tokens(view, w0, last_run[1] + last_run[2])
        s, e = ns - w0, ne - w0
        if need_start:
            for a, _ in tokens.across(s):
                if not all(c in self.spec.transparent_before for c in window[a:s]):
                    return False
        if need_end:
            for _, b in tokens.across(e):
                if not all(c in self.spec.transparent_after for c in window[e:b]):
                    return False
        return True


class _Tokens:
    """The segmenter's tokens of one window, with their starts for bisection
    (jieba gives them sorted and disjoint; if a segmenter ever did not, every
    token is looked at)."""

    __slots__ = ("spans", "starts", "disjoint")

    def __init__(self, spans: tuple[tuple[int, int], ...]) -> None:
        self.spans = spans
        self.starts = [a for a, _ in spans]
        self.disjoint = all(b <= a1 for (_, b), (a1, _) in itertools.pairwise(spans))

    def across(self, pos: int) -> list[tuple[int, int]]:
        """The tokens that hold ``pos`` strictly inside (``a < pos < b``)."""
        if not self.disjoint:
            return [(a, b) for a, b in self.spans if a < pos < b]
        i = bisect.bisect_left(self.starts, pos) - 1  # the last token starting before pos
        return [self.spans[i]] if i >= 0 and self.spans[i][1] > pos else []


def _window_tokens(view: HanView, w0: int, w1: int) -> tuple[str, _Tokens]:
    """The Simplified text of ``view.norm[w0:w1]`` (the Han runs a candidate
    touches, with what lies between them) and its tokens, worked out once per
    window of a document: every candidate inside one long unpunctuated run
    shares the run's window, and segmenting it once per candidate made such
    text quadratic."""
    windows = view.windows
    found = windows.get((w0, w1))
    if found is None:
        window = view.simple[w0:w1]
        found = windows[(w0, w1)] = (window, _Tokens(segment.spans(window)))
    return found


def _particle_span(
    view: WordsView, members: list[int], groups: tuple[tuple[str, ...], ...]
) -> tuple[int, int] | None:
    """Check the phrase's particles are in the text; return the token span
    including leading and trailing particles, or ``None``."""
    keys = view.keys
    particle = view.particle or []
    first, last = members[0], members[-1]
    # Leading particles: the run of particle tokens right before the first word.
    pre = groups[0]
    start = first
    if pre:
        i = first - 1
        run = []
        while i >= 0 and particle[i] and view.gap(i) < STRONG:
            run.append(i)
            i -= 1
        run.reverse()
        pos = _subsequence([keys[j] for j in run], pre, from_end=True)
        if pos is None:
            return None
        start = run[pos]
    for k in range(len(members) - 1):
        need = groups[k + 1]
        if need:
            between = [keys[j] for j in range(members[k] + 1, members[k + 1])]
            if _subsequence(between, need) is None:
                return None
    post = groups[-1]
    end = last
    if post:
        i = last + 1
        run = []
        while i < len(keys) and particle[i] and view.gap(i - 1) < STRONG:
            run.append(i)
            i += 1
        pos = _subsequence([keys[j] for j in run], post)
        if pos is None:
            return None
        end = run[pos]
    return start, end


def _subsequence(seq: list[str], need: tuple[str, ...], from_end: bool = False) -> int | None:
    """Whether ``need`` is a subsequence of ``seq``. Returns the index in ``seq``
    of the outermost element used (the first for ``from_end``, the last
    otherwise), matching as close to the phrase's words as possible."""
    if from_end:
        j = len(need) - 1
        for i in range(len(seq) - 1, -1, -1):
            if j >= 0 and seq[i] == need[j]:
                j -= 1
                if j < 0:
                    return i
        return None
    j = 0
    for i, item in enumerate(seq):
        if item == need[j]:
            j += 1
            if j == len(need):
                return i
    return None


class JoinedTurns:
    """A document's folded turns joined with ``TURN_BREAK`` (see
    :meth:`LocaleMatcher.find_turns`), where each turn starts in it, and its
    word tokens, worked out on first use for all the locales that read words."""

    __slots__ = ("texts", "text", "starts", "_tokens", "_kept")

    def __init__(self, texts: list[str]):
        self.texts = texts
        # Each turn starts where the one before it ends, plus the break: a
        # running sum over every turn of every document, so all in C.
        lengths = map(add, map(len, texts[:-1]), itertools.repeat(len(TURN_BREAK)))
        self.starts = list(itertools.accumulate(lengths, initial=0)) if texts else []
        self.text = TURN_BREAK.join(texts)
        self._tokens: list[str] | None = None
        self._kept: dict[tuple[bool, ...], JoinedTurns] = {}

    @property
    def has_tokens(self) -> bool:
        return self._tokens is not None

    @property
    def tokens(self) -> list[str]:
        if self._tokens is None:
            self._tokens = word_tokens(self.text)
        return self._tokens

    def kept(self, keep: Sequence[bool]) -> JoinedTurns:
        """The same document with the turns not kept (``keep[t]`` false)
        emptied (turn numbers stay as they are), worked out once per
        ``keep``: what a locale whose rules read only some speakers' turns
        scans, so that no other turn is tokenised, scanned or verified."""
        if all(keep):
            return self
        key = tuple(keep)
        found = self._kept.get(key)
        if found is None:
            if len(key) != len(self.texts):
                raise ValueError(f"{len(key)} flags for {len(self.texts)} turns")
            found = JoinedTurns(list(map(mul, self.texts, key)))  # text * False == ""
            self._kept[key] = found
        return found


def _few_lettered(joined: JoinedTurns) -> list[int] | None:
    """The turns of ``joined`` with an ASCII letter, when they are at most a
    quarter of its turns (else ``None``): in a Chinese document the English
    phrases can only be in those few turns, and matching each of them on its
    own is far cheaper than tokenising the whole document, whose every turn
    break is a token. Either way the hits are the same (see
    :meth:`LocaleMatcher.find_turns`); the quarter only says which is
    cheaper."""
    text = joined.text
    if text.isascii():  # English: letters in nearly every turn
        return None
    starts, most = joined.starts, len(joined.texts) // 4
    turns: list[int] = []
    for m in _LETTER_LINE.finditer(text):
        t = bisect.bisect_right(starts, m.start()) - 1
        if not turns or turns[-1] != t:
            if len(turns) == most:
                return None
            turns.append(t)
    return turns


def _positions(text: str, sub: str) -> list[int]:
    """Start of every occurrence of ``sub`` in ``text``."""
    out = []
    i = text.find(sub)
    while i >= 0:
        out.append(i)
        i = text.find(sub, i + 1)
    return out
