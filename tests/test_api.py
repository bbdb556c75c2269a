"""The Python API: its documented examples run, and it finds what the CLI finds."""

from __future__ import annotations

import doctest
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import msglint
from msglint.cli import main
from msglint.config import Config
from msglint.model import Result, SourceError, UsageError
from msglint.report.json import finding_dict

ROOT = Path(__file__).resolve().parent.parent

CAMPAIGNS = {
    "seed.md": "---\nsubject: \"Nicely done! You're getting FIFTY PERCENT OFF\"\n---\n"
               "Psst: you've been selected for our biggest sale.\n",
    "approved.txt": "Subject: Ahem: You're approved for these vacation packages for under $400\n"
                    "From: Acme Travel\n\nYes. Correct. Confirmed. You're getting an extra 10% off!\n",
    "clean.md": "Spring jackets are in stores now, 20% off until Sunday.\n",
    "sub/notes.md": "---\nsubject: Way to go, you did it!\nrelationship: best-friends\n---\nSee you soon.\n",
}
MESSAGES = [
    {"subject": "Nicely done! You're getting FIFTY PERCENT OFF"},
    {"subject": "✈ You've been given this Delta flight deal under $200",
     "body": "We found you Delta flights under $200!"},
    {"subject": "Yes. Correct. Confirmed. You're getting an extra 10% off!", "from": "WOW WOW WOW"},
    {"subject": "Your order has shipped", "purpose": "transactional"},
]


def test_api_doc_examples_run():
    """Every ``>>>`` example in docs/api.md, run as a doctest."""
    result = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
                              verbose=False, report=True)
    assert result.attempted > 10
    assert result.failed == 0, "docs/api.md examples failed (see the doctest output above)"


def test_package_exports():
    assert callable(msglint.lint) and callable(msglint.lint_paths)
    assert {"lint", "lint_paths"} <= set(msglint.__all__)


def _cli_json(args: list[str], cwd: Path, monkeypatch) -> dict:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, ["check", "-f", "json", *args], catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), result.output
    return json.loads(result.stdout)


def _cli_findings(data: dict) -> dict[str, list[dict]]:
    return {os.path.normpath(m["source"]["path"]): m["findings"] for m in data["messages"]}


def test_lint_paths_matches_cli_json(tmp_path, monkeypatch):
    for name, text in CAMPAIGNS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli = _cli_findings(_cli_json(["--isolated", "."], tmp_path, monkeypatch))
    api = {os.path.normpath(item.message.path): [finding_dict(f) for f in item.findings]
           for item in msglint.lint_paths(["."], config=Config())}
    assert api == cli
    assert any(cli.values()), "the fixture should produce findings"
    assert cli["clean.md"] == [] and cli[str(Path("sub") / "notes.md")] == []


def test_lint_paths_matches_cli_json_with_options(tmp_path, monkeypatch):
    for name, text in CAMPAIGNS.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "msglint.toml").write_text('ignore = ["MSG261"]\n[severity]\nMSG101 = "error"\n')
    cli = _cli_findings(_cli_json(["--select", "MSG1,MSG2", "--relationship", "buddies", "."],
                                  tmp_path, monkeypatch))
    api = {os.path.normpath(item.message.path): [finding_dict(f) for f in item.findings]
           for item in msglint.lint_paths(["."], select=["MSG1", "MSG2"], relationship="buddies")}
    assert api == cli
    rules = {f["rule"] for fs in api.values() for f in fs}
    assert "MSG261" not in rules
    assert all(f["severity"] == "error" for fs in api.values() for f in fs if f["rule"] == "MSG101")


@pytest.mark.parametrize("index", range(len(MESSAGES)))
def test_lint_matches_cli_subject_body(index, tmp_path, monkeypatch):
    msg = MESSAGES[index]
    args = ["--isolated"]
    for key, flag in (("subject", "--subject"), ("body", "--body"), ("preheader", "--preheader"),
                      ("from", "--from"), ("purpose", "--purpose")):
        if key in msg:
            args += [flag, msg[key]]
    cli = _cli_json(args, tmp_path, monkeypatch)["messages"][0]["findings"]
    api = [finding_dict(f) for f in msglint.lint([msg])[0].findings]
    assert api == cli


def test_lint_seed_examples_find_the_domain_categories():
    results = msglint.lint(MESSAGES[:3])
    cats = [{f.category for f in r.findings} for r in results]
    assert {"unearned-praise", "shouting"} <= cats[0]
    assert "false-exclusivity" in cats[1]
    assert "fake-confirmation" in cats[2]


def test_lint_accepts_strings_and_messages_and_keeps_order():
    from msglint.sources.mapping import message_from_mapping

    own = message_from_mapping({"subject": "Psst, a secret sale"}, path="<mine>", default_id="mine")
    results = msglint.lint(["Nicely done!", own, {"id": "x", "subject": "New jackets"}])
    assert [r.message.id for r in results][1:] == ["mine", "x"]
    assert isinstance(results[0], Result) and results[0].findings
    assert results[2].findings == []


def test_lint_rejects_bad_input():
    with pytest.raises(TypeError):
        msglint.lint([42])
    with pytest.raises(ValueError):
        msglint.lint([{"subject": "Hi", "purpose": "spam"}])
    with pytest.raises(UsageError):
        msglint.lint(["Hi"], ignore=["no-such-rule"])


def test_lint_paths_reports_unreadable_files_in_place(tmp_path):
    (tmp_path / "a.md").write_text("Nicely done!\n")
    items = msglint.lint_paths([str(tmp_path / "a.md"), str(tmp_path / "nope.md")], config=Config())
    assert isinstance(items[0], Result) and isinstance(items[1], SourceError)
    assert items[1].message == "no such file"


def test_lint_paths_uses_a_config_path(tmp_path):
    (tmp_path / "a.md").write_text("Nicely done!\n")
    (tmp_path / "strict.toml").write_text('ignore = ["MSG101"]\n')
    [result] = msglint.lint_paths([str(tmp_path / "a.md")], config=str(tmp_path / "strict.toml"))
    assert "MSG101" not in [f.rule for f in result.findings]
