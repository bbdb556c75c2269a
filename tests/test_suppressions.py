"""Inline and front-matter suppressions, and the MSG001 notice for unused ones.

Forms (docs/configuration.md): ``<!-- msglint: disable=... -->`` ... ``<!-- msglint:
enable -->`` regions, ``disable-next-line``, ``disable-line``, the same in Jinja
comments ``{# msglint: ... #}``, and ``msglint-disable:`` in front matter.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from msglint.api import lint_paths
from msglint.config import Config
from msglint.model import Result


def check(tmp_path: Path, name: str, text: str, **overrides) -> Result:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    results = lint_paths([str(path)], config=Config(), **overrides)
    assert len(results) == 1 and isinstance(results[0], Result), results
    return results[0]


def flagged(result: Result) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in result.findings]


def notices(result: Result) -> list[tuple[str, int]]:
    return [(n.rule, n.line) for n in result.notices]


def test_baseline_without_directives(tmp_path):
    result = check(tmp_path, "plain.md", "Our sale starts now.\n\nNicely done! 50% off.\n\nCongrats! Jackets are 20% off.\n")
    assert ("MSG101", 3) in flagged(result) and ("MSG101", 5) in flagged(result)


def test_region_disable_enable(tmp_path):
    result = check(tmp_path, "region.md", (
        "Our sale starts now.\n"
        "<!-- msglint: disable=MSG101 -->\n"
        "Nicely done! 50% off.\n"
        "<!-- msglint: enable -->\n"
        "Congrats! Jackets are 20% off.\n"
    ))
    assert ("MSG101", 3) not in flagged(result)
    assert ("MSG101", 5) in flagged(result)  # the region ended at enable
    assert notices(result) == []


def test_region_without_codes_covers_every_rule_to_the_end(tmp_path):
    result = check(tmp_path, "all.md", (
        "Our sale starts now.\n"
        "<!-- msglint: disable -->\n"
        "Nicely done! Psst, 50% off.\n"
        "Congrats! Jackets are 20% off.\n"
    ))
    assert [f for f in result.findings if f.line >= 3] == []
    assert notices(result) == []


def test_region_by_rule_name_and_category(tmp_path):
    for selector in ("unearned-praise", "UNEARNED-PRAISE"):
        result = check(tmp_path, "named.md", (
            f"<!-- msglint: disable={selector} -->\nNicely done! 50% off.\n<!-- msglint: enable -->\n"
        ))
        assert "MSG101" not in [r for r, _ in flagged(result)], selector


def test_disable_next_line(tmp_path):
    result = check(tmp_path, "next.md", (
        "Our sale starts now.\n"
        "<!-- msglint: disable-next-line=MSG101 -->\n"
        "Nicely done! 50% off.\n"
        "Congrats! Jackets are 20% off.\n"
    ))
    assert ("MSG101", 3) not in flagged(result)
    assert ("MSG101", 4) in flagged(result)  # only the next line
    assert notices(result) == []


def test_disable_next_line_only_for_the_named_rule(tmp_path):
    result = check(tmp_path, "other.md", (
        "<!-- msglint: disable-next-line=MSG101 -->\n"
        "Nicely done! Psst, 50% off.\n"
    ))
    rules = [r for r, _ in flagged(result)]
    assert "MSG101" not in rules and "MSG131" in rules


def test_jinja_comment_form(tmp_path):
    result = check(tmp_path, "jinja.txt", (
        "Our sale starts now.\n"
        "{# msglint: disable-next-line=MSG101 #}\n"
        "Nicely done! 50% off.\n"
        "{# msglint: disable=MSG131 #}\n"
        "Psst, jackets are 20% off.\n"
        "{# msglint: enable=MSG131 #}\n"
        "Psst, boots too.\n"
    ))
    assert ("MSG101", 3) not in flagged(result)
    assert ("MSG131", 5) not in flagged(result)
    assert ("MSG131", 7) in flagged(result)
    assert notices(result) == []


def test_directives_are_not_read_as_copy(tmp_path):
    result = check(tmp_path, "quiet.md", "<!-- msglint: disable=MSG999 -->\nSpring jackets are in stores now.\n")
    assert all("msglint" not in f.text for f in result.findings)


def test_front_matter_msglint_disable(tmp_path):
    result = check(tmp_path, "fm.md", (
        "---\n"
        "subject: Nicely done! 50% off\n"
        "msglint-disable: [MSG101]\n"
        "---\n"
        "Congrats! Psst, jackets are 20% off.\n"
    ))
    rules = [r for r, _ in flagged(result)]
    assert "MSG101" not in rules  # the whole file: subject and body
    assert "MSG131" in rules  # other rules still run
    assert notices(result) == []


def test_front_matter_disable_as_a_comma_string(tmp_path):
    result = check(tmp_path, "fm2.md", (
        "---\nsubject: Nicely done! Psst, 50% off\nmsglint-disable: MSG101, faux-intimacy\n---\nJackets.\n"
    ))
    assert [r for r, _ in flagged(result) if r in ("MSG101", "MSG131")] == []


def test_unused_inline_suppression_is_reported_as_msg001(tmp_path):
    result = check(tmp_path, "unused.md", (
        "Our sale starts now.\n"
        "<!-- msglint: disable-next-line=MSG131 -->\n"
        "Spring jackets are 20% off.\n"
    ))
    assert notices(result) == [("MSG001", 2)]
    notice = result.notices[0]
    assert notice.name == "unused-suppression" and "MSG131" in notice.message


def test_unused_front_matter_entry_is_reported_as_msg001(tmp_path):
    result = check(tmp_path, "unused-fm.md", (
        "---\nsubject: Spring jackets are here\nmsglint-disable: [MSG101]\n---\nSizes XS to XXL.\n"
    ))
    assert [r for r, _ in notices(result)] == ["MSG001"]
    assert "MSG101" in result.notices[0].message


def test_unused_suppression_for_a_rule_that_did_not_run_is_not_reported(tmp_path):
    # ignoring a rule in config must not turn every directive for it into noise
    result = check(tmp_path, "ignored.md", (
        "<!-- msglint: disable-next-line=MSG131 -->\nSpring jackets are 20% off.\n"
    ), ignore=["MSG131"])
    assert notices(result) == []


def test_unknown_code_in_a_directive_is_reported(tmp_path):
    # a typo suppresses nothing: said once per unknown code, where the directive is
    result = check(tmp_path, "typo.md", (
        "Our sale starts now.\n"
        "<!-- msglint: disable-next-line=MSG10l,unearned-praise -->\n"
        "Nicely done! Jackets are 20% off.\n"
    ))
    assert notices(result) == [("MSG001", 2)]
    assert "unknown code MSG10L" in result.notices[0].message
    assert not [f for f in result.findings if f.rule == "MSG101"]  # the known name still works
    assert result.notices[0].column == 1


def test_unknown_front_matter_entry_is_reported(tmp_path):
    result = check(tmp_path, "typo-fm.md", (
        "---\nsubject: Nicely done! 20% off\nmsglint-disable: [MSG101, faux-intimcy]\n---\nSizes XS to XXL.\n"
    ))
    assert [(n.rule, n.message) for n in result.notices] == [
        ("MSG001", "unknown msglint-disable entry FAUX-INTIMCY: no rule has this code, name or category")]


def test_codes_of_deselected_rules_are_not_unknown(tmp_path):
    # known to the registry, only not selected: neither unknown nor unused
    result = check(tmp_path, "deselected.md", (
        "<!-- msglint: disable-next-line=MSG131,pressure-imperative -->\nSpring jackets are 20% off.\n"
    ), ignore=["MSG131", "MSG203"])
    assert notices(result) == []


def test_unknown_codes_are_not_reported_when_msg001_is_ignored(tmp_path):
    result = check(tmp_path, "quiet.md", "<!-- msglint: disable=NOPE -->\nSizes XS to XXL.\n",
                   ignore=["MSG001"])
    assert notices(result) == []


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_msg001_appears_in_cli_output(tmp_path, fmt, monkeypatch):
    import json

    from click.testing import CliRunner

    from msglint.cli import main

    (tmp_path / "unused.md").write_text(
        "<!-- msglint: disable-next-line=MSG131 -->\nSpring jackets are 20% off.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--isolated", "-f", fmt, "unused.md"])
    if fmt == "json":
        data = json.loads(result.stdout)
        assert [n["rule"] for n in data["messages"][0]["notices"]] == ["MSG001"]
    else:
        assert "MSG001" in result.stdout
