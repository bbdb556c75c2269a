"""Issue 16: suggestions pass their own linter.

For every rule, on every example it flags, each piece of copy its suggestion offers is
put back into the message in place of what was flagged and linted again with the same
context (the relationship and purpose the original was judged in). Any finding at
warning or above inside the suggested copy fails the test. The copy a suggestion offers:

* the example rewrite ("For example: ..."), in place of the sentence it rewrites;
* copy quoted in the advice itself when it is a sentence of four or more words
  ('Confirm the choice plainly: "You are unsubscribed. ..."'), in place of the sentence
  (added to the body for compliance rules, whose advice is what the email lacks);
* the rule's "use instead" copy, in place of the field it names (a footer or a decline
  button is added to the body).

On 262c0e4 this failed for MSG101 ("You're getting FIFTY PERCENT OFF": MSG261), MSG132
("You've been selected": MSG111), MSG203 ("Before it's too late": MSG203), MSG121's
"this weekend only" (MSG201), MSG232 (an unsubscribe confirmation offered on a win-back
email) and others.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

import pytest

from msglint.api import make_session
from msglint.model import SEVERITY_RANK, Finding
from msglint.sources.mapping import message_from_mapping

COPY_FIELDS = ("subject", "preheader", "from", "body")
EXAMPLE_RE = re.compile(r' For example: "(.*)"$')
QUOTE_RE = re.compile(r'"([^"]+)"')
#: 'Subject: "..."', 'Body: "..."', 'Footer: "..."' ... in a rule's use-instead text
LABELLED_RE = re.compile(r'(?i)\b(subject|preheader|from|body|footer|decline button)\s*:\s*((?:"[^"]*"(?:\s*or\s*)?)+)')
SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+|\n+")

_SESSION: list = []


def session():
    if not _SESSION:
        _SESSION.append(make_session())
    return _SESSION[0]


def lint(obj: dict):
    return next(iter(session().linter.lint([message_from_mapping(obj, path="<t>", default_id="t")])))


def unit_span(text: str, field: str, start: int) -> tuple[int, int]:
    """The line (subject, preheader, sender) or the sentence of the body holding ``start``:
    what an example rewrite replaces."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    if field != "body":
        return line_start, line_end
    s = line_start
    for m in SENTENCE_END_RE.finditer(text, line_start, line_end):
        if m.start() >= start:
            return s, m.start()
        s = m.end()
    return s, line_end


def use_instead_copies(rule) -> list[tuple[str, str, bool]]:
    """(field, copy, appended) from the rule's use-instead text."""
    text = rule.use_instead
    out = []
    for label, quoted in LABELLED_RE.findall(text):
        label = label.lower()
        field = {"footer": "body", "decline button": "body"}.get(label, label)
        for q in QUOTE_RE.findall(quoted):
            out.append((field, q, label in ("footer", "decline button")))
    if not out and text.startswith('"'):
        [q] = QUOTE_RE.findall(text)[:1]
        out.append((rule.primary_field, q, False))
    return out


def candidates(rule, example: dict, finding: Finding) -> Iterator[tuple[str, dict, str, int, int]]:
    """(kind, rewritten mapping, field, start, end of the suggested copy in it)."""
    text = example.get(finding.field, "")
    m = EXAMPLE_RE.search(finding.suggestion)
    advice = EXAMPLE_RE.sub("", finding.suggestion)
    if m and text:
        s, e = unit_span(text, finding.field, finding.start)
        yield "rewrite", {**example, finding.field: text[:s] + m.group(1) + text[e:]}, finding.field, s, s + len(m.group(1))
    for q in QUOTE_RE.findall(advice):
        if len(q.split()) >= 4 and rule.category == "compliance":  # what is missing: added
            new = f"{text}\n\n{q}" if text else q
            yield "advice", {**example, finding.field: new}, finding.field, len(new) - len(q), len(new)
        elif len(q.split()) >= 4 and text:
            s, e = unit_span(text, finding.field, finding.start)
            yield "advice", {**example, finding.field: text[:s] + q + text[e:]}, finding.field, s, s + len(q)
    for field, q, appended in use_instead_copies(rule):
        base = example.get(field, "")
        if appended:
            new = f"{base}\n\n{q}" if base else q
            yield "use-instead", {**example, field: new}, field, len(new) - len(q), len(new)
        else:
            yield "use-instead", {**example, field: q}, field, 0, len(q)


def _cases() -> list[Any]:
    from msglint.rules import load_registry

    return [pytest.param(rule.id, id=rule.id) for rule in load_registry() if rule.suggestion]


@pytest.mark.parametrize("code", _cases())
def test_suggestions_pass_their_own_linter(code):
    rule = session().registry.get(code)
    checked = 0
    failures = []
    for example in rule.flag_examples():
        example = dict(example)
        result = lint(example)
        # the same context: what the original was judged as, declared
        context = {"relationship": result.context.relationship, "purpose": result.context.purpose}
        for finding in [f for f in result.findings + result.notices if f.rule == code]:
            if code == "MSG001":  # the fix is deleting the unused directive
                again = lint({k: v for k, v in example.items() if k != "msglint-disable"})
                assert not again.notices
                checked += 1
                continue
            for kind, copy, field, lo, hi in candidates(rule, example, finding):
                checked += 1
                again = lint({**copy, **context})
                bad = [(f.rule, f.text) for f in again.findings
                       if SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"] and f.field == field
                       and f.start < hi and f.end > lo and f.start >= lo - 1 and f.end <= hi + 1]
                if bad:
                    failures.append((kind, copy.get(field), bad))
    assert checked, f"{code}: no suggested copy was checked (give it a use-instead or an example rewrite)"
    assert not failures, failures


@pytest.mark.parametrize("subject,code,fixed", [
    ("Nicely done! You're getting FIFTY PERCENT OFF", "MSG101", "You're getting fifty percent off"),
])
def test_rewrite_fixes_the_whole_sentence(subject, code, fixed):
    result = lint({"subject": subject})
    [f] = [f for f in result.findings if f.rule == code]
    assert f.suggestion.endswith(f'For example: "{fixed}"')


def test_no_rewrite_that_msglint_would_flag():
    # the MSG132 rewrite was "You've been selected", an MSG111 error
    result = lint({"subject": "Just between us: you've been selected"})
    assert result.findings and not any("For example" in f.suggestion for f in result.findings)


def test_advice_that_depends_on_the_purpose_reads_it():
    # a win-back email is not an unsubscribe: "You are unsubscribed" does not fit it
    win_back = lint({"subject": "We miss you", "purpose": "promotional",
                     "body": "Don't go! After all we've been through? Come back for 20% off."})
    found = [f for f in win_back.findings if f.rule == "MSG232"]
    assert found and all("You are unsubscribed" not in f.suggestion and "unsubscribe in one click" in f.suggestion
                         for f in found)
    goodbye = lint({"subject": "You're unsubscribed", "purpose": "transactional",
                    "body": "You are unsubscribed. You'll regret it."})
    [f] = [f for f in goodbye.findings if f.rule == "MSG232"]
    assert 'Confirm the choice plainly: "You are unsubscribed. You can rejoin any time."' in f.suggestion


@pytest.mark.parametrize("copy,code,flagged_by", [
    # 262c0e4: MSG203's rewrite was flagged MSG211, MSG211's was flagged MSG203
    ("Act now before it's gone.", "MSG203", {"MSG211"}),
    ("Almost gone: act now", "MSG211", {"MSG203"}),
])
def test_pressure_rewrites_do_not_trade_one_finding_for_another(copy, code, flagged_by):
    result = lint({"body": copy})
    for f in result.findings:
        m = EXAMPLE_RE.search(f.suggestion)
        if m:
            again = lint({"body": m.group(1), "purpose": result.context.purpose})
            assert not {g.rule for g in again.findings} & (flagged_by | {code}), (f.rule, m.group(1))
