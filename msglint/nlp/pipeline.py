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
        _DOC_ROWS.clear()


def tokenizes_only(model: str | None = None) -> bool:
    """Whether :func:`pipe` only tokenises for ``model`` (no component sets anything on
    a token from its neighbours; sentence starts come later, on demand)."""
    get_nlp(model)
    return (model or "blank:en") in _LAZY_SENTS


def retokenize(doc: "Doc", old_text: str, text: str, model: str | None = None) -> "Doc | None":
    """The doc :func:`pipe` makes of ``text``, from ``doc``, the doc it made of
    ``old_text``, a text that differs from ``text`` in a few lines: the lines around
    the difference are tokenised, the tokens before and after are ``doc``'s. None when
    that cannot be shown to give the same doc (then the text is tokenised whole).

    spaCy's tokeniser cuts the text into runs of blanks and runs of other characters
    and tokenises each run by itself; a run of blanks holding a line break leaves a
    token of blanks. It then merges tokens into special cases (a rule's text), where
    a merge spanning more than one token never holds a token of blanks when every
    rule holding a blank is that one character. So at a line start (a line break
    before, a character that is no blank after) the doc of the text is the doc of the
    text before it followed by the doc of the text after it. The cuts are taken at
    line starts the two texts share, before and after where they differ.
    :func:`break_symbol_runs` breaks runs that hold no blank, and never the first
    character of a line, so it is applied to the changed lines alone: the text spaCy
    is handed is the same at the cuts and either side of them."""
    from bisect import bisect_left

    from spacy.attrs import NORM, ORTH, SPACY
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

    from ..text.diff import changed

    key = model or "blank:en"
    nlp = get_nlp(model)
    if key not in _LAZY_SENTS or type(nlp.tokenizer) is not Tokenizer or not _blank_rules_single(nlp):
        return None
    if not len(doc) or not text:
        return None
    rows = _rows_of(doc)
    arr, starts, words0, spaces0, end0 = rows
    if end0 != len(old_text):
        return None
    head, new_end, old_end = changed(old_text, text)
    shift = new_end - old_end
    # the cuts: line starts in the common head (before ``head``) and common tail
    new = text
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
    t1 = bisect_left(starts, cut1)
    t2 = bisect_left(starts, cut2 - shift)
    if (t1 < len(starts) and starts[t1] != cut1) or (t2 < len(starts) and starts[t2] != cut2 - shift) \
            or t2 < t1:
        return None
    # the kept tokens end at the cuts (a token before a cut does not run past it)
    if t1 and starts[t1 - 1] + len(words0[t1 - 1]) + spaces0[t1 - 1] != cut1:
        return None
    if t2 == len(starts) and cut2 != len(new):
        return None
    import numpy

    chunk = break_symbol_runs(new[cut1:cut2])
    piece = nlp.tokenizer(chunk) if chunk else None
    if piece is not None and len(piece):
        mid = piece.to_array([ORTH, NORM, SPACY])
        strings = nlp.vocab.strings
        mid_words = [strings[o] for o in mid[:, 0].tolist()]
        mid_spaces = [bool(s) for s in mid[:, 2].tolist()]
    else:
        mid, mid_words, mid_spaces = arr[:0], [], []
    # the middle's text (``Doc.text``: each token's text, then a space where it has
    # one); the kept tokens' is ``doc``'s either side of the cuts, the same text
    if "".join([w + " " if s else w for w, s in zip(mid_words, mid_spaces)]) != chunk:
        return None
    words = words0[:t1] + mid_words + words0[t2:]
    if not words:
        return None
    spaces = spaces0[:t1] + mid_spaces + spaces0[t2:]
    out = Doc(nlp.vocab, words=words, spaces=spaces)
    out.from_array([NORM], numpy.concatenate([arr[:t1, 1], mid[:, 1], arr[t2:, 1]]).reshape(-1, 1))
    # a doc built from words has its first token start a sentence; the tokeniser's
    # first token does unless a special case made it: taken from the tokeniser's doc
    # of the first line (the same first token, by the argument above)
    if t1 == 0 and piece is not None and len(piece):
        first = piece
    else:
        at = new.find("\n")
        while at != -1 and at + 1 < len(new) and new[at + 1].isspace():
            at = new.find("\n", at + 1)
        first = nlp.tokenizer(break_symbol_runs(new[:at + 1] if 0 <= at < cut1 else new[:cut1]))
    if not len(first) or first[0].text != out[0].text:
        return None
    out[0].is_sent_start = first[0].is_sent_start
    # for matching the new doc against ``doc`` (:func:`splice_of`); kept on the doc
    # itself: a batch retokenises all its rewrites before matching any
    out.user_data[_SPLICE_KEY] = (doc, t1, t1 + len(mid), t2, arr[t1:t2, :3], mid[:, :3])
    return out


def splice_of(doc: "Doc"):
    """For a doc :func:`retokenize` built: ``(original doc, t1, m_end, t2, the original's
    (ORTH, NORM, SPACY) rows t1:t2, the new doc's rows t1:m_end)``: the new doc's
    tokens before ``t1`` are the original's, and so are those from ``m_end`` on (the
    original's from ``t2`` on), on every attribute but sentence starts. None for any
    other doc."""
    return doc.user_data.get(_SPLICE_KEY)


_SPLICE_KEY = "msglint.splice"


def _rows_of(doc: "Doc") -> tuple:
    """``doc``'s (ORTH, NORM, SPACY) rows, token starts, words, trailing spaces and the
    end of its text, remembered for the last few docs: the rewrites of one message
    are all retokenised from its doc."""
    hit = _DOC_ROWS.get(id(doc))
    if hit is not None and hit[0] is doc:
        return hit[1]
    from spacy.attrs import IDX, NORM, ORTH, SPACY

    arr = doc.to_array([ORTH, NORM, SPACY, IDX])
    strings = doc.vocab.strings
    starts = arr[:, 3].tolist()
    words = [strings[o] for o in arr[:, 0].tolist()]
    spaces = [bool(s) for s in arr[:, 2].tolist()]
    end = starts[-1] + len(words[-1]) + spaces[-1] if len(starts) else 0
    rows = (arr, starts, words, spaces, end)
    if len(_DOC_ROWS) >= 8:
        _DOC_ROWS.clear()
    _DOC_ROWS[id(doc)] = (doc, rows)
    return rows


#: id of a doc -> (the doc, its rows); the doc is held so that its id is not reused
_DOC_ROWS: dict[int, tuple["Doc", tuple]] = {}


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
    doc.from_array([SENT_START], _starts(arr, finals).reshape(-1, 1).astype("uint64"))


def _starts(arr, finals: frozenset[int]):
    """The sentence starts (1, else -1) of the tokens whose ``(ORTH, IS_PUNCT)`` rows
    are ``arr``, by spaCy's ``Sentencizer`` rule, in numpy: the first token starts one,
    and a word (a token neither punctuation nor sentence-final) does when a
    sentence-final token lies between it and the word before it (the component's
    loop: a final token is seen, then the first token that is not punctuation
    starts the next sentence, and every token between is punctuation or final)."""
    import numpy

    n = len(arr)
    table = _final_table(finals, arr.dtype)
    orths = arr[:, 0]
    at = numpy.searchsorted(table, orths)
    final = table[numpy.minimum(at, len(table) - 1)] == orths
    word = ~final & (arr[:, 1] == 0)
    seen = numpy.cumsum(final)  # finals up to and including each token
    words = numpy.flatnonzero(word)
    starts = numpy.full(n, -1, dtype="int64")
    if len(words):
        # finals before each word, against finals up to the word before it
        before = numpy.where(words > 0, seen[words - 1], 0)
        prev = numpy.concatenate(([0], seen[words[:-1]]))
        starts[words[before > prev]] = 1
    if n:
        starts[0] = 1
    return starts


_FINALS: dict[int, frozenset[int]] = {}
_TABLES: dict[frozenset[int], object] = {}


def _final_table(finals: frozenset[int], dtype):
    """The sentence-final hashes as a sorted array (for ``searchsorted``)."""
    table = _TABLES.get(finals)
    if table is None:
        import numpy

        table = _TABLES[finals] = numpy.sort(numpy.fromiter(finals or {0}, dtype=dtype, count=len(finals) or 1))
    return table


def _final_hashes(sentencizer, strings) -> frozenset[int]:
    key = id(sentencizer)
    finals = _FINALS.get(key)
    if finals is None:
        finals = _FINALS[key] = frozenset(strings.add(c) for c in sentencizer.punct_chars)
    return finals
