"""Normalise copy before matching, so look-alike letters cannot slip past a rule.

"N\u200bicely done" (a zero-width space), "𝐍𝐢𝐜𝐞𝐥𝐲 𝐝𝐨𝐧𝐞" (math bold) and "Ｎｉｃｅｌｙ"
(full-width) all read as "Nicely done" to a person, so they must to msglint too. The
result comes with an offset table back to the original text, so findings still point
at the characters the writer typed.
"""

from __future__ import annotations

import re
import unicodedata

#: Invisible format characters: zero-width space/joiners, word joiner, BOM, soft hyphen,
#: and the bidirectional controls (embeddings, overrides, isolates, marks).
INVISIBLE = frozenset(
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)

#: Typographic punctuation folded to ASCII so "You’ve" and "You've" tokenise alike.
FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ",
}


#: a single line break inside a sentence (hard-wrapped plain text): "your last\nchance"
HARD_WRAP_RE = re.compile(r"(?<=[a-z,;])\n(?=[a-z])")


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (a lone newline between lower-case words) with a space,
    so a phrase split by the wrap still matches. Same length: offsets are unchanged."""
    if "\n" not in text:
        return text
    return HARD_WRAP_RE.sub(" ", text)


#: each non-ASCII character seen, as it normalises ("" when it is dropped)
_FOLDED: dict[str, str] = {}


def _fold(ch: str) -> str:
    rep = _FOLDED.get(ch)
    if rep is None:
        if ch in INVISIBLE:
            rep = ""
        else:
            rep = FOLD.get(ch)
            if rep is None:
                rep = unicodedata.normalize("NFKC", ch)
        _FOLDED[ch] = rep
    return rep


def normalize(text: str) -> tuple[str, list[int] | None]:
    """Return ``(normalised, offsets)``.

    ``offsets[i]`` is the offset in ``text`` of the character that produced normalised
    character ``i``; a final entry maps the end. ``offsets`` is ``None`` when nothing
    changed (the common, all-ASCII case), meaning offsets are the identity.

    Each character normalises on its own, so the work is per distinct character: one
    ``str.translate`` makes the text, and only the characters that are dropped or
    become several break the identity run of the offsets.
    """
    if text.isascii():
        return unwrap(text), None
    table: dict[int, str] = {}
    uneven: list[str] = []  # characters dropped or made several
    for ch in set(text):
        if ch.isascii():
            continue
        rep = _fold(ch)
        if rep != ch:
            table[ord(ch)] = rep
            if len(rep) != 1:
                uneven.append(ch)
    if not table:
        return unwrap(text), None
    out = text.translate(table)
    if not uneven:
        offsets = list(range(len(text) + 1))
    else:
        offsets = []
        pos = 0
        pattern = re.compile("[" + "".join(re.escape(ch) for ch in uneven) + "]")
        for m in pattern.finditer(text):
            i = m.start()
            offsets.extend(range(pos, i))
            offsets.extend([i] * len(table[ord(text[i])]))
            pos = i + 1
        offsets.extend(range(pos, len(text)))
        offsets.append(len(text))
    return unwrap(out), offsets


def to_original(offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map a ``[start, end)`` span of normalised text back to the original text."""
    if offsets is None:
        return start, end
    if start >= len(offsets):
        start = len(offsets) - 1
    orig_start = offsets[start]
    # the end is just past the original character that produced the last normalised one
    orig_end = offsets[end - 1] + 1 if end > start else orig_start
    return orig_start, max(orig_end, orig_start)
