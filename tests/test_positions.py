"""Positions across every reader: a finding points at the words in the file.

The examples folder holds a realistic file in every supported format; each finding's
line and column must point at text in the file that reads as the finding's text, and
the four subject lines Todd Haskell quotes must be flagged where docs/concepts.md says.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from msglint.api import lint_paths
from msglint.model import Result, SourceError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(scope="module")
def results() -> list:
    return lint_paths([str(EXAMPLES)])


def _source_at(path: str, line: int, column: int, length: int) -> str:
    text = Path(path).read_text(encoding="utf-8")
    lines = text.split("\n")
    return lines[line - 1][column - 1:column - 1 + length]


def test_examples_read_without_errors(results):
    errors = [r for r in results if isinstance(r, SourceError)]
    assert errors == []
    suffixes = {Path(r.message.path).name.split(".", 1)[1] for r in results}
    assert {"csv", "eml", "html", "html.j2", "yaml", "json", "mjml"} <= suffixes


def test_every_finding_points_at_its_words(results):
    checked = 0
    for r in results:
        if isinstance(r, SourceError):
            continue
        for f in r.findings:
            if f.end_line != f.line or "\n" in f.text:
                continue
            found = _source_at(r.message.path, f.line, f.column, len(f.text))
            assert found == f.text, (r.message.path, f.rule, f.line, f.column, f.text, found)
            checked += 1
    assert checked >= 15


def _by_id(results) -> dict[str, set[str]]:
    cats: dict[str, set[str]] = defaultdict(set)
    for r in results:
        if isinstance(r, Result):
            cats[r.message.id] |= {f.category for f in r.findings}
    return cats


def test_seed_subjects_flagged_with_the_mission_categories(results):
    cats = _by_id(results)
    assert {"unearned-praise", "shouting"} <= cats["travel-nicely-done"]
    assert {"faux-intimacy", "false-exclusivity"} <= cats["travel-ahem"]
    assert "fake-confirmation" in cats["travel-confirmed"]
    assert {"false-exclusivity", "claim-mismatch"} <= cats["travel-delta"]


def test_honest_examples_pass_clean(results):
    clean_files = {"reply-suitcase-damaged.eml", "shipping-notice.eml", "newsletter.html"}
    for r in results:
        if isinstance(r, Result) and Path(r.message.path).name in clean_files:
            assert r.findings == [], (r.message.path, [(f.rule, f.text) for f in r.findings])
    cats = _by_id(results)
    assert cats["autumn-catalogue"] == set() and cats["autumn-launch"] == set()


def test_praise_line_in_jinja_example(results):
    (r,) = [r for r in results if isinstance(r, Result) and r.message.path.endswith("spring-sale.html.j2")]
    body_praise = [f for f in r.findings if f.field == "body" and f.category == "unearned-praise"]
    assert [(f.line, f.column) for f in body_praise] == [(14, 12)]
    assert _source_at(r.message.path, 14, 12, 11) == "Nicely done"


def test_shipping_notice_quoted_printable_html_positions(results):
    (r,) = [r for r in results if isinstance(r, Result) and r.message.path.endswith("shipping-notice.eml")]
    pre = r.message.fields["preheader"]
    line, col = pre.position(pre.text.index("DHL"))
    assert _source_at(r.message.path, line, col, 3) == "DHL"
    body = r.message.fields["body"]  # the text/plain part is preferred
    line, col = body.position(body.text.index("tracking number"))
    assert _source_at(r.message.path, line, col, 15) == "tracking number"
    assert r.message.meta["links"] == [["Track your parcel", "https://shop.northfield.example/orders/48213/track"]]
