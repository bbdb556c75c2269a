"""One spaCy pipeline per process, built on first use and reused.

The default is spaCy's blank English pipeline plus a rule-based sentencizer: it
tokenises, splits sentences and gives each token a ``NORM`` ("'ve" -> "have",
"n't" -> "not") with no model and no network. A trained pipeline may be selected by
name (``--spacy-model en_core_web_sm``) when one is installed; it is never required.

With the default, :func:`pipe` only tokenises and sentence starts are added on
demand (:func:`ensure_sentences`): most fields never need them (a rule asks around a
hit), and spaCy's component builds a Python ``Token`` per token, which cost more than
the tokeniser itself. :func:`sentence_starts` applies the same rule to token arrays.
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

_LOCK = threading.Lock()
_PIPELINES: dict[str, "Language"] = {}
#: pipelines whose only component is the sentencizer msglint added: tokenise in
#: ``pipe`` and split sentences lazily
_LAZY_SENTS: dict[str, object] = {}
BATCH_SIZE = 256
MAX_CHARS = 100_000_000


class ModelError(Exception):
    """The requested spaCy pipeline is not installed."""


def get_nlp(model: str | None = None) -> "Language":
    key = model or "blank:en"
    nlp = _PIPELINES.get(key)
    if nlp is not None:
        return nlp
    with _LOCK:
        nlp = _PIPELINES.get(key)
        if nlp is None:
            import spacy

            if model in (None, "", "blank:en", "en"):
                nlp = spacy.blank("en")
            else:
                try:
                    # only the tokenizer-level components are needed; keep it fast
                    nlp = spacy.load(model, exclude=["ner", "textcat", "entity_linker"])
                except OSError as exc:
                    raise ModelError(
                        f"spaCy pipeline {model!r} is not installed; msglint needs no model "
                        "(omit --spacy-model to use the blank English pipeline)"
                    ) from exc
            if "sentencizer" not in nlp.pipe_names and "parser" not in nlp.pipe_names \
                    and "senter" not in nlp.pipe_names:
                nlp.add_pipe("sentencizer")
            if nlp.pipe_names == ["sentencizer"]:
                _LAZY_SENTS[key] = nlp.get_pipe("sentencizer")
            # spaCy refuses texts over 1,000,000 characters (a guard for parser/NER
            # memory); a field is at most one file (max-file-size), and the tokenizer
            # and sentencizer are linear, so a 1 MB line of copy is simply checked
            nlp.max_length = max(nlp.max_length, MAX_CHARS)
            _PIPELINES[key] = nlp
    return nlp


def pipe(texts: Iterable[str], model: str | None = None) -> Iterator["Doc"]:
    """Tokenise many texts in batches (the only way msglint calls spaCy)."""
    nlp = get_nlp(model)
    texts = map(break_symbol_runs, texts)
    if (model or "blank:en") in _LAZY_SENTS:
        return nlp.tokenizer.pipe(texts, batch_size=BATCH_SIZE)
    return nlp.pipe(texts, batch_size=BATCH_SIZE)


@contextmanager
def memory_zone(model: str | None = None) -> Iterator[None]:
    """The pipeline's memory zone (``Language.memory_zone``): strings and lexemes
    added inside are freed on leaving it. No doc made inside may be read after it;
    the docs this module remembers are forgotten on leaving."""
    nlp = get_nlp(model)
    try:
        with nlp.memory_zone():
            yield
    finally:
        _DOC_TEXTS.clear()


def tokenizes_only(model: str | None = None) -> bool:
    """Whether :func:`pipe` only tokenises for ``model`` (no component sets anything on
    a token from its neighbours; sentence starts come later, on demand)."""
    get_nlp(model)
    return (model or "blank:en") in _LAZY_SENTS


def retokenize(doc: "Doc", text: str, model: str | None = None) -> "Doc | None":
    """The doc :func:`pipe` makes of ``text``, from ``doc``, the doc of a text that
    differs from it in a few lines: the lines around the difference are tokenised,
    the tokens before and after are ``doc``'s. None when that cannot be shown to give
    the same doc (then the text is tokenised whole).

    spaCy's tokeniser cuts the text into runs of blanks and runs of other characters
    and tokenises each run by itself; a run of blanks holding a line break leaves a
    token of blanks. It then merges tokens into special cases (a rule's text), where
    a merge spanning more than one token never holds a token of blanks when every
    rule holding a blank is that one character. So at a line start (a line break
    before, a character that is no blank after) the doc of the text is the doc of the
    text before it followed by the doc of the text after it. The cuts are taken at
    line starts the two texts share, before and after where they differ (the texts
    compared are those handed to spaCy, after :func:`break_symbol_runs`)."""
    from bisect import bisect_left

    from spacy.attrs import IDX, NORM, ORTH, SPACY
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

    key = model or "blank:en"
    nlp = get_nlp(model)
    if key not in _LAZY_SENTS or type(nlp.tokenizer) is not Tokenizer or not _blank_rules_single(nlp):
        return None
    old, new = _text_of(doc), break_symbol_runs(text)
    if not len(doc) or not new:
        return None
    n = min(len(old), len(new))
    head = _common_head(old, new)
    tail = _common_head(old[::-1][:n - head], new[::-1][:n - head]) if n > head else 0
    new_end, old_end = len(new) - tail, len(old) - tail
    shift = new_end - old_end
    # the cuts: line starts in the common head (before ``head``) and common tail
    cut1 = 0
    at = new.rfind("\n", 0, head - 1) if head >= 2 else -1
    while at != -1 and new[at + 1].isspace():
        at = new.rfind("\n", 0, at)
    if at != -1:
        cut1 = at + 1
    cut2 = len(new)
    at = new.find("\n", new_end)
    while at != -1 and at + 1 < len(new) and new[at + 1].isspace():
        at = new.find("\n", at + 1)
    if at != -1 and at + 1 < len(new):
        cut2 = at + 1
    arr = doc.to_array([ORTH, NORM, SPACY, IDX])
    starts = arr[:, 3].tolist()
    t1 = bisect_left(starts, cut1)
    t2 = bisect_left(starts, cut2 - shift)
    if (t1 < len(starts) and starts[t1] != cut1) or (t2 < len(starts) and starts[t2] != cut2 - shift) \
            or t2 < t1:
        return None
    import numpy

    piece = nlp.tokenizer(new[cut1:cut2]) if cut2 > cut1 else None
    mid = piece.to_array([ORTH, NORM, SPACY, IDX]) if piece is not None and len(piece) else arr[:0]
    rows = numpy.concatenate([arr[:t1], mid, arr[t2:]])
    if not len(rows):
        return None
    strings = nlp.vocab.strings
    words = [strings[o] for o in rows[:, 0].tolist()]
    spaces = [bool(s) for s in rows[:, 2].tolist()]
    # the text of the doc these words and spaces make (``Doc.text``: each token's text,
    # then a space where it has one), without building a Token per token
    if "".join([w + " " if s else w for w, s in zip(words, spaces)]) != new:
        return None
    out = Doc(nlp.vocab, words=words, spaces=spaces)
    out.from_array([NORM], rows[:, 1:2].copy())
    # a doc built from words has its first token start a sentence; the tokeniser's
    # first token does unless a special case made it: taken from the tokeniser's doc
    # of the first line (the same first token, by the argument above)
    if t1 == 0 and piece is not None and len(piece):
        first = piece
    else:
        at = new.find("\n")
        while at != -1 and at + 1 < len(new) and new[at + 1].isspace():
            at = new.find("\n", at + 1)
        first = nlp.tokenizer(new[:at + 1] if 0 <= at < cut1 else new[:cut1])
    if not len(first) or first[0].text != out[0].text:
        return None
    out[0].is_sent_start = first[0].is_sent_start
    return out


def _text_of(doc: "Doc") -> str:
    """``doc.text``, remembered for the last few docs: the rewrites of one message
    are all retokenised from its doc (``Doc.text`` builds a Token per token)."""
    hit = _DOC_TEXTS.get(id(doc))
    if hit is not None and hit[0] is doc:
        return hit[1]
    text = doc.text
    if len(_DOC_TEXTS) >= 8:
        _DOC_TEXTS.clear()
    _DOC_TEXTS[id(doc)] = (doc, text)
    return text


#: id of a doc -> (the doc, its text); the doc is held so that its id is not reused
_DOC_TEXTS: dict[int, tuple["Doc", str]] = {}


def _common_head(a: str, b: str) -> int:
    """The length of the longest common start of ``a`` and ``b`` (halving; slices
    compare in C)."""
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _blank_rules_single(nlp) -> bool:
    """Every special case of the tokeniser that holds a blank is that one character."""
    ok = _RULES_OK.get(id(nlp))
    if ok is None:
        rules = nlp.tokenizer.rules or {}
        ok = _RULES_OK[id(nlp)] = all(len(k) == 1 for k in rules if any(c.isspace() for c in k))
    return ok


_RULES_OK: dict[int, bool] = {}


#: the longest run of symbols (no letter, digit or space) handed to spaCy unbroken
SYMBOL_RUN = 16
#: the longest run without a space handed to spaCy unbroken (a long tracking URL fits)
LONG_RUN = 1024
#: symbols: neither letter, digit nor space ("_" counts: spaCy strips it as punctuation)
_SYMBOL_RUN_RE = re.compile(r"(?:[^\w\s]|_){%d,}" % (SYMBOL_RUN + 1))
_LONG_RUN_RE = re.compile(r"(?<!\S)\S{%d,}" % (LONG_RUN + 1))


def break_symbol_runs(text: str) -> str:
    """``text`` with a space in every :data:`SYMBOL_RUN` characters of a long run of
    symbols, and in every :data:`LONG_RUN` characters of any run without a space; the
    same length, so every offset still points where it did.

    spaCy's tokenizer strips prefixes and suffixes one character at a time and
    searches the rest of the word again each time, and matches URL shapes against
    every remainder: a run of ``!``, ``<``, ``_`` or emoji costs time by the square of
    its length (4,000 ``<`` took 4 s, a 100 KB line of them did not finish in ten
    minutes), and so does any long unbroken run (10 KB of ``http://``: 0.5 s). Every
    symbol of a symbol run is a token of its own anyway, so a space every 16 of them
    only drops a few such tokens; a run of over 1,024 characters without a space is
    no word of copy. The regex rules read the text itself, which is unchanged."""
    if len(text) <= SYMBOL_RUN:
        return text
    runs = [(m, SYMBOL_RUN) for m in _SYMBOL_RUN_RE.finditer(text)]
    if len(text) > LONG_RUN:
        runs += [(m, LONG_RUN) for m in _LONG_RUN_RE.finditer(text)]
    if not runs:
        return text
    chars = list(text)
    for m, every in runs:
        for i in range(m.start() + every, m.end(), every + 1):
            chars[i] = " "
    return "".join(chars)


def ensure_sentences(doc: "Doc") -> "Doc":
    """Give ``doc`` sentence boundaries if :func:`pipe` left them out (idempotent)."""
    if not doc.has_annotation("SENT_START") and len(doc):
        sentencizer = next(iter(_LAZY_SENTS.values()), None)
        if sentencizer is None:  # a doc from elsewhere: the default pipeline's sentencizer
            get_nlp()
            sentencizer = _LAZY_SENTS["blank:en"]
        sentence_starts(doc, sentencizer)
    return doc


def sentence_starts(doc: "Doc", sentencizer) -> None:
    """spaCy's ``Sentencizer`` rule, read from token arrays (the same boundaries).

    The component builds a Python ``Token`` per token; here one ``to_array`` call gives
    every token's text hash and punctuation flag: a new sentence starts at the first
    non-punctuation token after a sentence-final character (. ! ? and the like)."""
    import numpy
    from spacy.attrs import IS_PUNCT, ORTH, SENT_START

    finals = _final_hashes(sentencizer, doc.vocab.strings)
    arr = doc.to_array([ORTH, IS_PUNCT])
    orths = arr[:, 0].tolist()
    punct = arr[:, 1].tolist()
    starts = [-1] * len(orths)
    starts[0] = 1
    start, seen_final = 0, False
    for i, orth in enumerate(orths):
        if orth in finals:
            seen_final = True
        elif seen_final and not punct[i]:
            starts[start] = 1
            start, seen_final = i, False
    starts[start] = 1
    doc.from_array([SENT_START], numpy.array(starts, dtype="int64").reshape(-1, 1).astype("uint64"))


_FINALS: dict[int, frozenset[int]] = {}


def _final_hashes(sentencizer, strings) -> frozenset[int]:
    key = id(sentencizer)
    finals = _FINALS.get(key)
    if finals is None:
        finals = _FINALS[key] = frozenset(strings.add(c) for c in sentencizer.punct_chars)
    return finals
