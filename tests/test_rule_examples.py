"""Every rule's own examples, enforced (as proselint does for its checks).

Each ``flag`` example must produce a finding from that rule; each ``pass`` example
(a near-miss a naive pattern would hit) must produce none from it.
"""

from __future__ import annotations

import pytest

from msglint.rules import load_registry
from tests.conftest import lint_mapping

RULES = list(load_registry())


def _cases(kind: str):
    for rule in RULES:
        examples = rule.flag_examples() if kind == "flag" else rule.pass_examples()
        for i, example in enumerate(examples):
            yield pytest.param(rule, example, id=f"{rule.id}-{kind}-{i}")


def _hits(rule, example):
    # a meta rule (MSG001) judges other rules' directives: it runs beside all of them
    result = lint_mapping(example, select=None if rule.kind == "meta" else [rule.id])
    return [f for f in result.findings + result.notices if f.rule == rule.id]


@pytest.mark.parametrize("rule,example", list(_cases("flag")))
def test_flag_example_is_flagged(rule, example):
    hits = _hits(rule, example)
    assert hits, f"{rule.id} {rule.name} should flag {example!r}"
    for f in hits:
        assert f.category == rule.category
        assert f.line >= 1 and f.column >= 1
        assert f.message and f.suggestion


@pytest.mark.parametrize("rule,example", list(_cases("pass")))
def test_pass_example_is_clean(rule, example):
    hits = _hits(rule, example)
    assert not hits, f"{rule.id} {rule.name} should not flag {example!r}: {[h.text for h in hits]}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_enough_examples(rule):
    assert len(rule.examples.get("flag", [])) >= 3, f"{rule.id} needs at least 3 flag examples"
    assert len(rule.examples.get("pass", [])) >= 3, f"{rule.id} needs at least 3 pass examples"
