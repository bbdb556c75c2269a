"""Rewrite hints: the matched words replaced inside the writer's own line."""

from __future__ import annotations

import pytest

from tests.conftest import lint_mapping


@pytest.mark.parametrize("copy,rule,expected", [
    ({"subject": "Nicely done! You're getting FIFTY PERCENT OFF"}, "MSG101",
     'For example: "You\'re getting FIFTY PERCENT OFF"'),
    ({"subject": "Way to go: 20% off every jacket"}, "MSG101", 'For example: "20% off every jacket"'),
    ({"subject": "✈ You've been given this Delta flight deal under $200"}, "MSG111",
     'For example: "✈ Here\'s this Delta flight deal under $200"'),
])
def test_rewrite_hint_replaces_the_matched_words(copy, rule, expected):
    result = lint_mapping(copy, select=[rule])
    (finding,) = [f for f in result.findings if f.rule == rule]
    assert finding.suggestion.endswith(expected)


def test_no_rewrite_when_nothing_would_be_left():
    result = lint_mapping({"subject": "Nicely done!"}, select=["MSG101"])
    (finding,) = result.findings
    assert "For example" not in finding.suggestion


def test_no_rewrite_across_a_blanked_template_value():
    result = lint_mapping({"body": "Hi {{ first_name }}, nicely done, you found the best week to book!"},
                          select=["MSG101"])
    (finding,) = result.findings
    assert "For example" not in finding.suggestion


def test_rewrite_never_reaches_across_a_line_break():
    result = lint_mapping({"body": "line one\nNicely done again, the sale is on"}, select=["MSG101"])
    (finding,) = result.findings
    assert "line one" not in finding.suggestion
