"""Hits in, findings out: the one module that builds a :class:`~msglint.model.Finding`.

Rules (pattern rules and Python checks) report hits (:class:`~msglint.engine.rule.Hit`):
a span of a field's normalised text, and sometimes their own message. Here a hit is
aligned to whole tokens, mapped back to the characters the writer typed and to a line
and column in the file, given its message and suggestion from the rule's templates,
and, when the rule knows how to reword what it flags, queued for an example rewrite
(:mod:`msglint.engine.rewrite` composes and checks those once every rule has run).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Finding

if TYPE_CHECKING:  # pragma: no cover
    from .analysis import Analysis
    from .rule import Hit, Rule

#: masked template syntax leaves a run of blanks inside a line, or (where a reader
#: collapsed the blanks) a space before punctuation: "Hi , nicely done"
TEMPLATE_GAP_RE = re.compile(r"\S[ ]{3,}\S|\w[ ]+[,;:]")
#: categories whose fix is a change of case or punctuation, not of words
CASE_FIX_CATEGORIES = frozenset({"shouting"})


def build(a: "Analysis", rule: "Rule", hit: "Hit") -> Finding:
    """The finding for ``hit`` of ``rule`` in message ``a``."""
    field_name, start, end, message, suggestion = hit
    view = a.views[field_name]
    start, end = view.token_aligned(start, end)
    ostart, oend = view.original_span(start, end)
    fld = view.field
    line, col = fld.position(ostart)
    end_line, end_col = fld.position(max(oend - 1, ostart))
    if oend > ostart:
        end_col += 1
    matched = fld.text[ostart:oend]
    matched_norm = view.norm[start:end]
    # the unit a rewrite hint is built on: the whole line of a subject, preheader or
    # sender (where "Nicely done!" is its own sentence but not its own message), the
    # sentence in a body
    line_start = view.norm.rfind("\n", 0, start) + 1
    line_end = view.norm.find("\n", start)
    line_end = len(view.norm) if line_end == -1 else line_end
    if field_name == "body":  # the sentence, never reaching across a line break
        s_start, s_end = view.sentence_at(start)
        line_start, line_end = max(line_start, s_start), min(line_end, s_end)
    unit = view.norm[line_start:line_end].strip()
    if TEMPLATE_GAP_RE.search(unit):
        # a blanked template value ("Hi {{ name }}, nicely done") sits in the
        # sentence: a rewrite would read as if the value were not there
        unit = ""
    finding = Finding(
        rule=rule.id,
        name=rule.name,
        category=rule.category,
        severity=rule.severity,
        field=field_name,
        line=line,
        column=col,
        end_line=end_line,
        end_column=end_col,
        text=matched,
        # the quote is what the writer typed (curly quotes and all), the text the
        # span slices out, not its normalised form
        message=message if message is not None else format_message(rule, matched),
        # the example rewrite ("For example: ...") is added by the linter once every
        # rule has run, composed with the other fixes in the same sentence and
        # linted itself: a rewrite msglint would flag is never offered
        suggestion=suggestion if suggestion is not None
        else format_suggestion(rule, matched_norm, purpose=a.context.purpose),
        start=ostart,
        end=oend,
    )
    if suggestion is None and unit and wants_rewrite(rule):
        u_start = line_start + (len(view.norm[line_start:line_end]) - len(view.norm[line_start:line_end].lstrip()))
        a.rewrite_requests.append((finding, rule, field_name, u_start, u_start + len(unit), matched_norm))
    return finding


def format_message(rule: "Rule", match_text: str) -> str:
    return _fill(rule.message, match_text)


def format_suggestion(rule: "Rule", match_text: str, sentence: str = "", purpose: str = "") -> str:
    text = _fill(rule.suggestion_by_purpose.get(purpose, rule.suggestion), match_text)
    rewrite = rewrite_sentence(rule, match_text, sentence)
    if rewrite:
        text = f'{text} For example: "{rewrite}"'
    return text


def rewrite_sentence(rule: "Rule", match_text: str, sentence: str) -> str:
    """The sentence with the matched words replaced, when the rule knows how.

    Punctuation that only belonged to the dropped words ("Nicely done!" -> "") goes
    with them; a result with fewer than two words is no example, so none is given.
    """
    if not rule.replace or not sentence:
        return ""
    key = " ".join(match_text.lower().replace("\u2019", "'").split())
    replacement = rule.replace.get(key)
    if replacement is None:
        replacement = rule.replace.get(key.rstrip("!.:,;?"))
    if replacement is None:
        return ""
    idx = sentence.lower().find(match_text.lower())
    if idx == -1:
        return ""
    before, after = sentence[:idx], sentence[idx + len(match_text):]
    if not replacement:
        after = re.sub(r"^\s*[!.:,;?\u2026]+(?:\.\.)?", "", after)
        before = re.sub(r"[,:;]\s*$", "", before)
    out = re.sub(r"\s{2,}", " ", f"{before}{replacement}{after}").strip()
    out = re.sub(r"^[\s,:;!.\u2026-]+", "", out)
    if len(re.findall(r"[A-Za-z0-9$%]+", out)) < 2 or out.lower() == sentence.lower():
        return ""
    return capitalise_first(out)


def wants_rewrite(rule: "Rule") -> bool:
    """Whether a finding of ``rule`` may carry an example rewrite."""
    return bool(rule.replace) or rule.category in CASE_FIX_CATEGORIES


def capitalise_first(text: str) -> str:
    """The first letter in upper case, when only symbols (an emoji) come before it."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if ch.isdigit():
            break
    return text


def _fill(template: str, match_text: str) -> str:
    return template.replace("{match}", " ".join(match_text.split()))
