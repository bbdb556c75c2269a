"""Rule settings: declared by the rule, read from its own table, checked, documented.

``[rules.MSG332]`` (msglint.toml) or ``[tool.msglint.rules.MSG332]`` (pyproject.toml)
holds the settings a rule declares; a wrong one is an error naming the table and the
key; the older spellings (``readability``, ``names``) set the same settings; the rule's
page and ``msglint init`` list them from the declaration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from msglint.config import Config, load_config, rule_settings
from msglint.engine.checks import RULE_ATTR, Setting, check
from msglint.init_config import starter_config
from msglint.model import UsageError
from msglint.ruledoc import rule_page

LONG = ("We wanted to let you know that because of the changes we have been making to the "
        "way our warehouses work your next orders may arrive a day later than usual.")  # 31 words
CAPS = "subject\nNORTH FACE jackets are in\nHUGE NORTH FACE SALE this week\n"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def findings(run, *args) -> list[dict]:
    result = run("check", "-f", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return [f for m in json.loads(result.stdout)["messages"] for f in m["findings"]]


def long_sentence(run, tmp_path, config_text: str, name: str = "msglint.toml") -> list[str]:
    write(tmp_path / "promo.md", f"Subject: Delivery update\n\n{LONG}\n")
    write(tmp_path / name, config_text)
    return [f["message"] for f in findings(run, "--select", "MSG332", "--config", name, "promo.md")]


def test_the_default_comes_from_the_declaration(run, tmp_path):
    assert long_sentence(run, tmp_path, "") == [
        "This sentence runs to 31 words (target: at most 30); readers lose the thread."]


@pytest.mark.parametrize("text, name", [
    ("[rules.MSG332]\nmax-sentence-words = 40\n", "msglint.toml"),
    ("[rules.sentence-too-long]\nmax-sentence-words = 40\n", "msglint.toml"),
    ("[tool.msglint.rules.MSG332]\nmax-sentence-words = 40\n", "pyproject.toml"),
    ("[readability]\nmax-sentence-words = 40\n", "msglint.toml"),  # the older spelling
])
def test_a_rule_table_changes_the_verdict(run, tmp_path, text, name):
    assert long_sentence(run, tmp_path, text, name) == []


def test_the_rules_own_table_wins_over_the_older_spelling(run, tmp_path):
    text = "[readability]\nmax-sentence-words = 40\n[rules.MSG332]\nmax-sentence-words = 20\n"
    assert long_sentence(run, tmp_path, text) == [
        "This sentence runs to 31 words (target: at most 20); readers lose the thread."]


@pytest.mark.parametrize("text", ['names = ["NORTH FACE"]\n', '[rules.MSG261]\nnames = ["NORTH FACE"]\n',
                                  '[rules.all-caps]\nnames = "NORTH FACE"\n'])
def test_names_either_spelling(run, tmp_path, text):
    write(tmp_path / "promo.csv", CAPS)
    write(tmp_path / "msglint.toml", text)
    caps = [f["text"] for f in findings(run, "--select", "MSG261", "promo.csv")]
    assert caps == ["HUGE", "SALE"]


@pytest.mark.parametrize("text, where, key", [
    ("[rules.MSG332]\nmax-sentence-words = \"forty\"\n", "[rules.MSG332]", "max-sentence-words: must be a number"),
    ("[rules.MSG332]\nmax-sentence-word = 40\n", "[rules.MSG332]", "max-sentence-word: unknown setting of MSG332"),
    ("[rules.MSG101]\nmax = 1\n", "[rules.MSG101]", "no rule with settings"),
    ("[rules.MSG999]\nmax = 1\n", "[rules.MSG999]", "no rule with settings"),
    ("[rules]\nMSG332 = 40\n", "[rules.MSG332]", "must be a table"),
    ("rules = 3\n", "rules", "must hold one table per rule"),
    ("[rules.MSG261]\nnames = [\"AIR MAX\", \" \"]\n", "[rules.MSG261]", "names: must be a list of non-empty strings"),
    ("[rules.MSG332]\nmax-sentence-words = 40\n[rules.sentence-too-long]\nmax-sentence-words = 30\n",
     "[rules.sentence-too-long]", "configured twice"),
])
def test_a_bad_setting_names_the_table_and_the_key(tmp_path, text, where, key):
    path = write(tmp_path / "msglint.toml", text)
    with pytest.raises(UsageError) as info:
        load_config(path)
    assert str(path) in str(info.value) and where in str(info.value) and key in str(info.value)


def test_in_pyproject_the_error_names_the_tool_table(run, tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.msglint.rules.MSG331]\nmax-grade = "eight"\n')
    write(tmp_path / "promo.md", "Subject: Hi\n\nHello.\n")
    result = run("check", "promo.md")
    assert result.exit_code == 2
    assert "[tool.msglint.rules.MSG331]: max-grade: must be a number" in result.stderr


def test_settings_given_in_code_are_checked_too():
    from msglint.rules import all_checks

    rules = [r for r in all_checks() if r.settings]
    assert rule_settings(Config(readability={"max-grade": 8}), rules) == {"MSG331": {"max-grade": 8.0}}
    with pytest.raises(UsageError, match="readability.max-grade: must be a number"):
        rule_settings(Config(readability={"max-grade": "8"}), rules)


def test_a_declared_setting_is_read_documented_and_offered(tmp_path):
    """Declaring a setting is the one edit: the check reads it, the page and the
    starter config list it, the config loader accepts and checks it."""
    def runner(a, rule):
        """A check used only by this test."""
        yield from ()

    rule = getattr(check(
        id="MSG990", name="test-check", category="hype", severity="warning", fields=["subject"],
        message="m", why="w", suggestion="s",
        examples={"flag": ["a", "b", "c"], "pass": ["d", "e", "f"]},
        settings=[Setting("max-things", "integer", 3, "how many things")],
    )(runner), RULE_ATTR)
    assert rule.setting("max-things").default == 3
    page = rule_page(rule)
    assert "## Settings" in page and "[tool.msglint.rules.MSG990]" in page
    assert "`max-things` (whole number, default `3`): how many things." in page
    with pytest.raises(KeyError, match="MSG990 declares no setting 'max-thing'"):
        rule.setting("max-thing")


def test_the_starter_lists_every_declared_setting():
    from msglint.rules import all_checks

    text = starter_config()
    for rule in all_checks():
        for setting in rule.settings:
            assert f"[rules.{rule.id}]" in text and f"# {setting.name} = " in text
            assert setting.doc in " ".join(line.lstrip("# ") for line in text.splitlines())


@pytest.mark.parametrize("type_, good, bad", [
    ("number", (3, 3.0), "3"), ("integer", (3, 3), 3.5), ("boolean", (True, True), 1),
    ("string", ("x", "x"), 3), ("strings", (["a", "b"], ("a", "b")), ["a", ""]),
])
def test_setting_types(type_, good, bad):
    setting = Setting("s", type_, good[0], "doc")
    assert setting.parse(good[0]) == good[1]
    with pytest.raises(ValueError):
        setting.parse(bad)


def test_an_unknown_setting_type_fails_at_declaration():
    with pytest.raises(ValueError, match="unknown type"):
        Setting("s", "float", 1, "doc")
