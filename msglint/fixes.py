"""The edit behind a rewrite hint: what "apply" (the page) and a code action (the
language server) change in the writer's text.

A suggestion with a concrete rewrite ends in ``For example: "..."``: the writer's own
line or sentence with the flagged words replaced (:meth:`Rule.rewrite`, from the
rule's ``replace`` table). Findings carry that text, not an edit, and an editor needs
an edit: a span of the field and the words to put there. This module derives it from
the same ``replace`` table and the same punctuation clean-up, then checks it: the edit
is offered only when the changed line, read as msglint reads it (normalised, spaces
collapsed), holds the example at the place of the edit. So "apply" never writes
anything other than what the writer was shown, and a hint whose edit cannot be
derived (the phrase spans a template value, an entity, two occurrences that differ)
simply has no apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .text.normalize import normalize

if TYPE_CHECKING:  # pragma: no cover
    from .engine.rule import Rule
    from .model import Field, Finding

#: the rewrite a suggestion ends with (engine.findings.format_suggestion)
EXAMPLE_RE = re.compile(r'For example: "(.*)"\s*\Z', re.DOTALL)
#: punctuation that belonged only to dropped words ("Nicely done! You're ..."), as Rule.rewrite drops it
#: (never starts inside a run of blanks: a search over 20,000 spaces stays linear)
_TRAILING_PUNCT_RE = re.compile(r"(?<![ \t])[ \t]*[!.:,;?\u2026]+(?:\.\.)?")
_SPACES_RE = re.compile(r"[ \t]+")
_LEADING_PUNCT_RE = re.compile(r"[,:;][ \t]*\Z")


@dataclass(frozen=True)
class Fix:
    """Replace ``[start, end)`` of the field's text with ``replacement``."""

    field: str
    start: int
    end: int
    replacement: str
    #: the rewritten line or sentence the suggestion shows
    example: str

    @property
    def title(self) -> str:
        return f'Rewrite as "{self.example}"'

    def apply(self, text: str) -> str:
        return text[: self.start] + self.replacement + text[self.end:]


def example_of(suggestion: str) -> str | None:
    """The rewrite a suggestion shows, or ``None`` when it gives advice only."""
    m = EXAMPLE_RE.search(suggestion or "")
    return m.group(1) if m else None


def _canon(text: str) -> tuple[str, list[int]]:
    """``text`` as msglint compares copy (normalised, runs of spaces as one), with the
    offset in ``text`` of each character, so a match can be placed in the original."""
    norm, offsets = normalize(text)
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(norm):
        src = offsets[i] if offsets is not None else i
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        where.append(src)
    return "".join(out), where


def _holds_example(line: str, lo: int, hi: int, example: str) -> bool:
    """Whether ``example`` occurs in ``line`` at a place covering ``[lo, hi]`` (the edit)."""
    canon, where = _canon(line)
    want = _canon(example)[0].strip()
    if not want:
        return False
    pos = canon.find(want)
    while pos != -1:
        first, last = where[pos], where[pos + len(want) - 1] + 1
        if first <= lo and hi <= last:
            return True
        pos = canon.find(want, pos + 1)
    return False


def _capitalised(replacement: str, text: str, end: int, line_end: int) -> tuple[str, int] | None:
    """The edit with the first letter of what follows capitalised (the rewrite starts
    its line or sentence), or ``None`` when no lower-case letter comes first."""
    for i, ch in enumerate(replacement):
        if ch.isalpha():
            if not ch.islower():
                return None
            return replacement[:i] + ch.upper() + replacement[i + 1:], end
        if ch.isdigit():
            return None
    for j in range(end, line_end):
        ch = text[j]
        if ch.isalpha():
            if not ch.islower():
                return None
            return replacement + text[end:j] + ch.upper(), j + 1
        if ch.isdigit():
            return None
    return None


def fix_for(finding: "Finding", rule: "Rule | None", text: str) -> Fix | None:
    """The edit that turns ``text`` (the finding's field) into the suggestion's example."""
    example = example_of(finding.suggestion)
    if rule is None or not rule.replace or not example:
        return None
    s, e = finding.start, finding.end
    if not (0 <= s < e <= len(text)):
        return None
    key = " ".join(normalize(text[s:e])[0].lower().replace("\u2019", "'").split())
    replacement = rule.replace.get(key)
    if replacement is None:
        replacement = rule.replace.get(key.rstrip("!.:,;?"))
    if replacement is None:
        return None
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end == -1 else line_end
    if not replacement:
        m = _TRAILING_PUNCT_RE.match(text, e, line_end)
        if m:
            e = m.end()
        m = _SPACES_RE.match(text, e, line_end)
        if m:
            e = m.end()
        m = _LEADING_PUNCT_RE.search(text, line_start, s)
        if m:
            s = m.start()
        # words on both sides of the gap keep one space between them
        if s > line_start and not text[s - 1].isspace() and e < line_end and not text[e].isspace():
            replacement = " "
    candidates = [(replacement, e)]
    capital = _capitalised(replacement, text, e, line_end)
    if capital is not None:
        candidates.insert(0, capital)
    for rep, end in candidates:
        new_line = text[line_start:s] + rep + text[end:line_end]
        lo = s - line_start
        if _holds_example(new_line, lo, lo + len(rep), example):
            return Fix(finding.field, s, end, rep, example)
    return None


def source_fix(fix: Fix, fld: "Field", source: str) -> tuple[int, int] | None:
    """The fix's span in the source document the field was read from, or ``None`` when
    the field's text there is not the source's own (a decoded entity, masked template
    syntax): an edit can only replace characters the writer typed."""
    start = fld.smap.source_offset(fix.start)
    if fix.end == fix.start:
        return start, start
    end = fld.smap.source_offset(fix.end - 1) + 1
    if source[start:end] != fld.text[fix.start:fix.end]:
        return None
    return start, end
