"""One validation path: a Python check's metadata is checked exactly as a YAML rule's
is (code, name, category, severity, fields, at least three flag and three pass
examples, a description), and a mistake names the rule and the key."""

from __future__ import annotations

import pytest

from msglint.engine.checks import RULE_ATTR, check
from msglint.engine.packs import PackError, load_pack
from msglint.engine.rule import RuleMetadataError

GOOD = dict(
    id="MSG990", name="test-check", category="hype", severity="warning", fields=["subject"],
    message="m", why="w", suggestion="s",
    examples={"flag": ["a", "b", "c"], "pass": ["d", "e", "f"]},
)


def _register(**changes):
    def runner(a, rule):
        """A check used only by this test."""
        return iter(())

    return check(**{**GOOD, **changes})(runner)


def test_a_valid_check_registers():
    assert getattr(_register(), RULE_ATTR).id == "MSG990"


@pytest.mark.parametrize("changes, key", [
    ({"category": "hyp"}, "category"),
    ({"severity": "fatal"}, "severity"),
    ({"id": "X1"}, "id"),
    ({"name": "Test Check"}, "name"),
    ({"fields": ["title"]}, "fields"),
    ({"examples": {"flag": ["a", "b"], "pass": ["d", "e", "f"]}}, "examples.flag"),
    ({"examples": {"flag": ["a", "b", "c"]}}, "examples.pass"),
])
def test_a_python_check_with_bad_metadata_fails_loudly(changes, key):
    with pytest.raises(RuleMetadataError) as info:
        _register(**changes)
    assert info.value.key == key
    assert changes.get("id", "MSG990") in str(info.value)  # the rule is named


def test_a_check_needs_a_docstring():
    def runner(a, rule):
        return iter(())

    with pytest.raises(RuleMetadataError) as info:
        check(**GOOD)(runner)
    assert info.value.key == "description"


PACK = """\
rules:
  - id: MSG991
    name: test-rule
    category: {category}
    severity: warning
    message: m
    why: w
    suggestion: s
    description: d
    match:
      phrases: [insane deal]
    examples:
      flag: [{flags}]
      pass: [plain, words, here]
"""


@pytest.mark.parametrize("category, flags, key", [
    ("hyp", "insane deal, insane deal!, an insane deal", "category"),
    ("hype", "insane deal, insane deal!", "examples.flag"),
])
def test_a_yaml_rule_goes_through_the_same_validation(tmp_path, category, flags, key):
    path = tmp_path / "pack.yaml"
    path.write_text(PACK.format(category=category, flags=flags), encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path, built_in=True)
    assert f"rule MSG991: {key}:" in str(info.value)


def test_a_teams_own_pack_needs_no_examples_but_the_same_vocabulary(tmp_path):
    path = tmp_path / "pack.yaml"
    path.write_text(PACK.format(category="hype", flags="insane deal"), encoding="utf-8")
    assert [r.id for r in load_pack(path)] == ["MSG991"]
    path.write_text(PACK.format(category="hyp", flags="insane deal"), encoding="utf-8")
    with pytest.raises(PackError, match="rule MSG991: category: unknown category 'hyp'"):
        load_pack(path)
