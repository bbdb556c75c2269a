"""Example rewrites that pass msglint: "For example: ..." after a suggestion.

A rule with a ``replace`` table knows how to reword what it flags ("Nicely done!" ->
nothing); the shouting rules know how to lower a raised voice ("FIFTY PERCENT OFF" ->
"fifty percent off", "!!!" -> "!"). Offered one rule at a time, such a rewrite kept
whatever else was wrong in the sentence: MSG101's rewrite of "Nicely done! You're
getting FIFTY PERCENT OFF" was "You're getting FIFTY PERCENT OFF", which MSG261 flags,
and MSG203's "Before it's gone." is MSG211's false scarcity. A copywriter who pastes a
suggestion and gets flagged again stops trusting both.

So rewrites are made per sentence (the line of a subject, the sentence of a body):
every fix of every finding in it is applied together, and the result is linted with
the message's own context (its relationship and purpose) before it is offered. If the
rewritten sentence still holds a finding at warning or above, no example is given:
the advice stands alone rather than with an example that breaks it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Iterable

from ..model import SEVERITY_RANK, Field, LineIndex, Message, Result, SourceMap
from .findings import CASE_FIX_CATEGORIES, capitalise_first, rewrite_sentence

if TYPE_CHECKING:  # pragma: no cover
    from .analysis import Analysis
    from .rule import Rule

_PUNCT_RUN_RE = re.compile(r"^[!?]{2,}$|^[!?]*(?:\?!|!\?)[!?]*$")
_WORDS_RE = re.compile(r"[A-Za-z0-9$%]+")


def _calm(text: str, match: str) -> str:
    """``text`` with the shouted ``match`` lowered: capitals to lower case (acronyms
    kept), a run of ``!``/``?`` to its first mark."""
    idx = text.find(match)
    if idx == -1:
        return text
    if _PUNCT_RUN_RE.match(match):
        return text[:idx] + match[0] + text[idx + len(match):]
    if not any(ch.isupper() for ch in match):
        return text
    from ..vocabulary import ACRONYMS  # the same list the rule reads

    lowered = re.sub(r"[A-Z][A-Z'\-]*[A-Z]|[A-Z]",
                     lambda m: m.group(0) if m.group(0) in ACRONYMS else m.group(0).lower(), match)
    return text[:idx] + lowered + text[idx + len(match):]


def compose(unit: str, fixes: Iterable[tuple["Rule", str]]) -> str:
    """``unit`` with every fix applied, in text order; "" when nothing changed or
    fewer than two words are left (no example is better than a fragment)."""
    out = unit
    for rule, match in fixes:
        if rule.category in CASE_FIX_CATEGORIES:
            out = _calm(out, match)
            continue
        rewritten = rewrite_sentence(rule, match, out)
        if rewritten:
            out = rewritten
    out = " ".join(out.split())
    if out == " ".join(unit.split()):
        return ""
    if len(_WORDS_RE.findall(out)) < 2:
        return ""
    return capitalise_first(out) if unit[:1].isupper() or not unit[:1].isalpha() else out


def offer_rewrites(linter, analyses: list["Analysis"], results: list[Result]) -> None:
    """Add "For example: ..." to the findings of each result whose sentence has a
    rewrite that msglint itself passes (at warning or above, in the rewritten part)."""
    candidates: list[tuple[Result, list, str, Message, int, int, object]] = []
    for a, result in zip(analyses, results):
        if not a.rewrite_requests:
            continue
        kept = {id(f) for f in result.findings}
        units: dict[tuple[str, int, int], list] = {}
        for req in a.rewrite_requests:
            if id(req[0]) in kept:
                units.setdefault((req[2], req[3], req[4]), []).append(req)
        for (field_name, start, end), reqs in sorted(units.items(), key=lambda kv: kv[0][1:]):
            view = a.views[field_name]
            unit = view.norm[start:end]
            reqs.sort(key=lambda r: r[0].start)
            text = compose(unit, [(r[1], r[5]) for r in reqs])
            if not text:
                continue
            ostart, oend = view.original_span(start, end)
            original = view.field.text
            new_text = original[:ostart] + text + original[oend:]
            candidates.append((result, reqs, text, _variant(a, field_name, new_text), ostart,
                               ostart + len(text), view))
    if not candidates:
        return
    # a campaign repeats its sentences across messages: each variant is linted once
    cache = linter.__dict__.setdefault("_rewrite_verdicts", {})
    keys = [_key(c[3], c[1][0][2], c[4], c[5]) for c in candidates]
    todo = {k: c for k, c in zip(keys, candidates) if k not in cache}
    if todo:
        from .analysis import Verify

        # each variant is linted for its verdict only: the findings at warning or above
        # in its rewritten field; a field it left alone reuses the batch's tokens
        docs = {v.norm: v.doc for a in analyses for v in a.views.values() if v.doc is not None}
        by_field: dict[str, list] = {}
        for key, c in todo.items():
            by_field.setdefault(c[1][0][2], []).append(key)
        checked_by_key = {}
        # a rewritten field's doc is matched against the original's (the same tokens
        # but around the rewritten sentence)
        bases = {id(c[3]): c[6] for c in todo.values()}
        # the span each verdict reads: a rule may skip work whose findings fall outside
        # it (Analysis.unread)
        regions = {id(c[3]): (c[4], c[5]) for c in todo.values()} if REGIONS else {}
        for field_name, keys_ in by_field.items():
            verify = Verify(field_name, SEVERITY_RANK["warning"], docs, bases, regions)
            checked = linter.lint_batch([todo[k][3] for k in keys_], rewrites=False, verify=verify)
            checked_by_key.update(zip(keys_, checked))
        if len(cache) > REWRITE_CACHE:
            cache.clear()
        for key, (_, reqs, _, _, lo, hi, _) in todo.items():
            verdict = checked_by_key[key]
            field_name = reqs[0][2]
            cache[key] = not any(
                SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"] and f.field == field_name
                and f.start < hi and f.end > lo and f.start >= lo - 1 and f.end <= hi + 1
                for f in verdict.findings)
    for key, (result, reqs, text, variant, lo, hi, _) in zip(keys, candidates):
        if not cache[key]:
            continue
        swap = {id(r[0]): r[0] for r in reqs}
        result.findings = [
            dataclasses.replace(f, suggestion=f'{f.suggestion} For example: "{text}"') if id(f) in swap else f
            for f in result.findings
        ]


#: rules told the span a rewrite's verdict reads (off: every rule does its full work;
#: the verdicts are the same, tests/test_verdict_region.py)
REGIONS = True

#: verdicts kept per linter before the table starts again (bounds memory on a big run)
REWRITE_CACHE = 4096


def _key(msg: Message, field_name: str, lo: int, hi: int) -> tuple:
    """Everything a variant's verdict depends on: its copy, its declared context and
    the facts rules read from ``meta``, and the region checked."""
    return (field_name, lo, hi, tuple((k, f.text) for k, f in msg.fields.items()),
            repr(sorted(msg.meta.items())))


def _variant(a: "Analysis", field_name: str, new_text: str) -> Message:
    """The message with one field rewritten, judged in the same context: its
    relationship and purpose are declared, so a rewrite cannot pass by changing what
    the message is taken for."""
    msg = a.message
    fields = dict(msg.fields)
    fields[field_name] = Field(field_name, new_text, SourceMap.identity(LineIndex(new_text)))
    meta = dict(msg.meta)
    meta["relationship"] = a.context.relationship
    meta["purpose"] = a.context.purpose
    return Message(id=msg.id, path=msg.path, line=msg.line, fields=fields, meta=meta)
