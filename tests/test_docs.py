"""Generated documentation must match the rules it documents."""

from __future__ import annotations

from pathlib import Path

from msglint.rules import load_registry
from msglint.ruledoc import rule_page, rules_markdown

ROOT = Path(__file__).resolve().parent.parent


def test_rules_md_is_current():
    expected = rules_markdown(list(load_registry()))
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/rules.md is stale: run `python -m msglint.ruledoc > docs/rules.md`"


def test_every_rule_page_has_the_four_sections():
    for rule in load_registry():
        page = rule_page(rule)
        for heading in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
            assert heading in page, f"{rule.id} page lacks {heading!r}"
        assert rule.description, f"{rule.id} has no description (What it does)"
