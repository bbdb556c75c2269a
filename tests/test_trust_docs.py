"""Issue 16: the docs are self-contained. The project explains its categories,
relationship types and purposes itself (docs/concepts.md), cites its sources by
author, title and year, links nothing outside the project, and never names its sources
by an internal file number ("seed 003"), which no user can look up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from msglint.rules import load_registry
from msglint.ruledoc import rule_page
from msglint.vocabulary import CATEGORIES, PURPOSES, RELATIONSHIPS

ROOT = Path(__file__).resolve().parent.parent
CONCEPTS = ROOT / "docs" / "concepts.md"
#: "seed 003", "Seed 004's", "the seed's", "seeds/": the source documents by an
#: internal name (a random seed in code is something else)
SEED_RE = re.compile(r"(?i)\bseeds?\b(?:'s)?\s*0\d\d|\bthe seed'?s?\b|\bseeds/|\bSeed\s+0")


def _texts():
    for folder in ("msglint", "docs", "rules", "examples"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".md", ".yaml", ".yml", ".j2", ".csv", ".json", ".html"):
                yield path
    yield ROOT / "README.md"
    yield ROOT / "CONTRIBUTING.md"


def test_no_page_or_message_names_a_source_as_a_seed():
    hits = [f"{p.relative_to(ROOT)}:{n}" for p in _texts()
            for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if SEED_RE.search(line)]
    assert not hits, hits


def test_no_link_to_a_file_the_project_does_not_have():
    hits = [str(p.relative_to(ROOT)) for p in _texts() if "DOMAIN.md" in p.read_text(encoding="utf-8")]
    assert not hits, hits
    for doc in ("configuration.md", "json-schema.md"):
        assert "concepts.md" in (ROOT / "docs" / doc).read_text(encoding="utf-8")


@pytest.mark.parametrize("rule", list(load_registry()), ids=lambda r: r.id)
def test_explain_pages_cite_in_full(rule):
    page = rule_page(rule)
    assert not re.search(r"(?i)\bseed\b", page)
    assert "the article" not in page
    for name, title, year in (("Haskell", "Craggy Peak Research", "2019"),
                              ("Avery", "Unlock the Mysteries of Your Customer Relationships", "2014")):
        if name in rule.why:
            assert f"{title}" in page and year in page


def test_concepts_page_explains_the_whole_vocabulary():
    text = CONCEPTS.read_text(encoding="utf-8")
    for name in (*CATEGORIES, *RELATIONSHIPS, *PURPOSES, "correspondence"):
        assert f"| `{name}` |" in text, name


def test_concepts_page_cites_sources_by_author_title_and_year():
    text = " ".join(CONCEPTS.read_text(encoding="utf-8").split())
    for author, title, year in (
        ("Jill Avery, Susan Fournier and John Wittenbraker", "Unlock the Mysteries of Your Customer Relationships", "2014"),
        ("Todd Haskell", "Craggy Peak Research", "3 July 2019"),
        ("Don Peppers and Martha Rogers", "Managing Customer Experience and Relationships", "2017"),
        ("Joseph A. Michelli", "How to Actually Reconcile Relationships With Compassion", "undated"),
    ):
        assert author in text and title in text and year in text, author


def test_html_report_why_text_carries_the_full_source(session, tmp_path):
    from tests.conftest import render_report

    (tmp_path / "promo.txt").write_text("Subject: Nicely done! 20% off\n\nOur sale is on.\n", encoding="utf-8")
    html = render_report(session, "html", [tmp_path / "promo.txt"])
    assert "Craggy Peak Research" in html and not re.search(r"(?i)\bseed 0", html)


def test_readme_says_the_examples_exit_1_on_purpose():
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "msglint check examples/" in text and "exits with status 1: that is expected" in text
