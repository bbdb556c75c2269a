"""A rewrite's lint told the span its verdict reads (``Verify.regions``, rules asking
``Analysis.unread``) finds, in that span, exactly what the full lint finds: the
verdict of every example rewrite is the same with the shortcut and without."""

from __future__ import annotations

import dataclasses
import random

import pytest

from msglint.api import _as_message, make_session
from msglint.engine import rewrite
from msglint.engine.linter import Linter
from msglint.model import SEVERITY_RANK


def _read(verify, messages, results):
    """The findings each verdict reads (as ``offer_rewrites`` tests them)."""
    out = []
    for m, r in zip(messages, results):
        lo, hi = verify.regions[id(m)]
        out.append(sorted(
            (f.rule, f.start, f.end) for f in r.findings
            if SEVERITY_RANK[f.severity] >= verify.min_rank and f.field == verify.field_name
            and f.start < hi and f.end > lo and f.start >= lo - 1 and f.end <= hi + 1))
    return out


def _sentences(registry) -> list[str]:
    """Flagged and passing examples of every rule, as sentences of copy."""
    out = []
    for rule in registry.rules.values():
        for key in ("flag", "pass"):
            for ex in (rule.examples or {}).get(key, []):
                text = ex if isinstance(ex, str) else ex.get("body") or ex.get("subject") or ""
                if text.strip():
                    out.append(text.strip())
    return out


#: footers: an opt-out, an address, both, neither; a shouted last line
FOOTERS = [
    "", "Unsubscribe: https://acme.example/u/1", "Acme Ltd, 12 Mill Road, Leeds LS1 4AB",
    "Acme Ltd, 12 Mill Road, Leeds LS1 4AB\nManage your email preferences",
    "BUY NOW AND SAVE BIG", "To be removed, reply REMOVE", "Questions? Write to us.",
]


def _messages(sentences: list[str], rng: random.Random) -> list[dict]:
    out = []
    for _ in range(120):
        picked = rng.sample(sentences, rng.randint(1, 7))
        seps = [rng.choice([" ", "\n", "\n\n", ". ", "! "]) for _ in picked]
        body = "".join(s + sep for s, sep in zip(picked, seps)).strip()
        footer = rng.choice(FOOTERS)
        if footer:
            body += rng.choice(["\n", "\n\n", " "]) + footer
        if rng.random() < 0.3:  # the shouted sentence last, next to the footer
            body += "\n" + rng.choice(sentences).upper()
        msg = {"kind": "full-email", "subject": rng.choice(sentences).split("\n")[0][:80],
               "body": body, "purpose": rng.choice(["promotional", "newsletter", "promotional"])}
        out.append(msg)
    return out


def test_every_rewrite_verdict_is_the_full_lints(monkeypatch):
    assert rewrite.REGIONS
    session = make_session()
    sentences = _sentences(session.registry)
    assert len(sentences) > 100
    messages = [_as_message(m, i) for i, m in enumerate(_messages(sentences, random.Random(18)))]
    seen = {"variants": 0, "read": 0, "skipped": 0}
    lint_batch = Linter.lint_batch

    def both(self, msgs, rewrites=True, verify=None):
        if verify is None or not verify.regions:
            return lint_batch(self, msgs, rewrites=rewrites, verify=verify)
        fast = lint_batch(self, msgs, rewrites=rewrites, verify=verify)
        full = lint_batch(self, msgs, rewrites=rewrites, verify=dataclasses.replace(verify, regions={}))
        got, want = _read(verify, msgs, fast), _read(verify, msgs, full)
        assert got == want
        seen["variants"] += len(msgs)
        seen["read"] += sum(map(len, want))
        seen["skipped"] += sum(len(b.findings) - len(f.findings) for f, b in zip(fast, full))
        return fast

    monkeypatch.setattr(Linter, "lint_batch", both)
    results = list(session.linter.lint(messages))
    assert len(results) == len(messages)
    # the inputs exercise it: many rewrites, some verdicts reading a finding, and
    # findings the shortcut did not compute
    assert seen["variants"] > 100 and seen["read"] > 5 and seen["skipped"] > 20, seen


def test_the_same_output_without_regions(monkeypatch):
    rng = random.Random(7)
    session = make_session()
    sentences = _sentences(session.registry)
    raw = _messages(sentences, rng)[:60]

    def run():
        s = make_session()
        return [[(f.rule, f.start, f.end, f.suggestion) for f in r.findings]
                for r in s.linter.lint([_as_message(m, i) for i, m in enumerate(raw)])]

    fast = run()
    monkeypatch.setattr(rewrite, "REGIONS", False)
    assert run() == fast
    assert any("For example" in f[3] for r in fast for f in r)


@pytest.mark.parametrize("region, hit, unread", [
    # (lo, hi) of the rewritten field's text; the hit; whether surely unread
    ((11, 20), (12, 14), False),
    ((11, 20), (30, 32), True),   # a later line
    ((11, 20), (0, 3), True),     # an earlier line
    ((11, 20), (24, 26), False),  # the same line: a token may reach into the region
])
def test_unread(region, hit, unread):
    from msglint.engine.analysis import Analysis
    from msglint.model import Context

    text = "One line.\n\nSecond one here.\n\nThird line."
    msg = _as_message({"body": text}, 0)
    a = Analysis.build(msg, Context("unknown", "promotional", "default", "default"), None)
    assert a.unread("body", *hit) is False  # no region: everything is read
    a.verdict_region = ("body", *region)
    assert a.unread("body", *hit) is unread
    assert a.unread("subject", *hit) is True
    assert a.reads_field("body") and not a.reads_field("subject")


def test_company_goal_patterns_never_match_a_line_break():
    # MSG322 searches only the lines a rewrite's verdict reads: that needs every
    # pattern to stay on one line (no class or escape that matches a line break)
    from msglint.rules.voice import GOAL_RES

    for rx in GOAL_RES:
        source = rx.pattern
        for piece in ("\\s", "\\S", "\\W", "\\D", "[^", "."):
            assert piece not in source.replace("\\.", ""), (piece, source)
        assert not rx.pattern.startswith("^") and "$" not in source


def test_an_identifier_test_of_a_word_answers_as_the_whole_set():
    from msglint.rules.shouting import _IdentifierTest, _identifiers

    rng = random.Random(18)
    pieces = ["NEW", "OLD", "PATH1", "PATH2", "CUR_2", "A1", "FREE", "NOW", "and", "the", ",", " ", " ",
              "\n", "x", "NEWS", "OLDER", "'", "NEW'S", "_"]
    words = ["NEW", "OLD", "FREE", "NOW", "NEWS", "OLDER", "PATH1", "A", "X"]
    for _ in range(500):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", " ", "\n"]) for _ in range(rng.randint(0, 30)))
        whole = _identifiers(text)
        test = _IdentifierTest(text)
        for w in words:
            assert (w in test) == (w in whole), (text, w)
