"""Configuration: where it is found, what it may say, and how it is reported when wrong."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from msglint.config import KEYS, find_config, load_config
from msglint.model import UsageError

FLAGGED = "Nicely done! You're getting 50% off this week.\n"
PACK = """\
pack: house-style
rules:
  - id: MSG901
    name: banned-word
    category: hype
    severity: error
    fields: [subject, preheader, body]
    match:
      phrases: [unbelievable]
    message: '"{match}" is on the house list of banned words.'
    why: Our style guide bans it.
    suggestion: Say what the offer is.
    examples:
      flag: ["An unbelievable sale"]
      pass: ["A sale"]
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def findings(result) -> list[dict]:
    data = json.loads(result.stdout)
    return [f for m in data["messages"] for f in m["findings"]]


# --- discovery --------------------------------------------------------------------

@pytest.mark.parametrize("name,text", [
    ("pyproject.toml", '[project]\nname = "x"\n\n[tool.msglint]\nignore = ["MSG101"]\n'),
    ("msglint.toml", 'ignore = ["MSG101"]\n'),
    (".msglint.toml", 'ignore = ["MSG101"]\n'),
])
def test_each_config_file_is_found_upward_from_the_checked_path(run, tmp_path, name, text):
    write(tmp_path / "proj" / name, text)
    write(tmp_path / "proj" / "campaigns" / "spring" / "promo.md", FLAGGED)
    # checked from outside the project: the config is found from the path, not the cwd
    result = run("check", "-f", "json", "proj/campaigns/spring/promo.md")
    assert "MSG101" not in [f["rule"] for f in findings(result)]
    assert find_config(tmp_path / "proj" / "campaigns" / "spring") == tmp_path / "proj" / name


def test_pyproject_without_a_msglint_table_is_skipped(tmp_path):
    write(tmp_path / "msglint.toml", 'ignore = ["MSG101"]\n')
    write(tmp_path / "a" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "a") == tmp_path / "msglint.toml"  # not a/pyproject.toml


def test_nearest_config_wins_and_dot_file_first(tmp_path):
    write(tmp_path / "msglint.toml", 'fail-on = "error"\n')
    write(tmp_path / "sub" / "msglint.toml", 'fail-on = "info"\n')
    write(tmp_path / "sub" / ".msglint.toml", 'fail-on = "never"\n')
    assert find_config(tmp_path / "sub") == tmp_path / "sub" / ".msglint.toml"
    assert find_config(tmp_path) == tmp_path / "msglint.toml"


def test_config_option_overrides_discovery(run, tmp_path):
    write(tmp_path / "msglint.toml", 'ignore = ["MSG101"]\n')
    write(tmp_path / "strict.toml", 'select = ["MSG101"]\nfail-on = "warning"\n')
    write(tmp_path / "promo.md", FLAGGED)
    assert run("check", "promo.md").exit_code == 0  # MSG101 ignored by the discovered file
    result = run("check", "-f", "json", "--config", "strict.toml", "promo.md")
    assert result.exit_code == 1
    assert {f["rule"] for f in findings(result)} == {"MSG101"}
    # --isolated ignores every file
    assert run("check", "--isolated", "promo.md").exit_code == 1


def test_missing_config_file_exits_2(run, tmp_path):
    write(tmp_path / "promo.md", FLAGGED)
    result = run("check", "--config", "nope.toml", "promo.md")
    assert result.exit_code == 2 and "nope.toml" in result.stderr


# --- keys and values --------------------------------------------------------------

def test_unknown_key_exits_2_naming_the_key(run, tmp_path):
    write(tmp_path / "msglint.toml", 'ignroe = ["MSG101"]\n')
    write(tmp_path / "promo.md", FLAGGED)
    result = run("check", "promo.md")
    assert result.exit_code == 2
    assert "msglint.toml" in result.stderr and "ignroe" in result.stderr and "unknown key" in result.stderr


def test_unknown_key_in_pyproject_names_the_table(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[tool.msglint]\nfial-on = "error"\n')
    with pytest.raises(UsageError, match=r"\[tool.msglint\]: fial-on: unknown key"):
        load_config(path)


@pytest.mark.parametrize("text,key", [
    ('relationship = "pals"\n', "relationship"),
    ('purpose = "spam"\n', "purpose"),
    ('fail-on = "sometimes"\n', "fail-on"),
    ('select = "MSG101"\nignore = [1]\n', "ignore"),
    ('[severity]\nMSG101 = "loud"\n', "severity.MSG101"),
    ('[readability]\nmax-grade = "eight"\n', "readability.max-grade"),
    ('[readability]\nmax-grades = 8\n', "readability.max-grades"),
    ('max-file-size = -1\n', "max-file-size"),
    ('jobs = 0\n', "jobs"),
    ('names = "NORTH FACE"\nnames = 3\n', "invalid TOML"),
    ('names = [3]\n', "names"),
    ('names = ["AIR MAX", " "]\n', "names"),
    ('select = [\n', "invalid TOML"),
])
def test_bad_values_name_file_and_key(tmp_path, text, key):
    path = write(tmp_path / "msglint.toml", text)
    with pytest.raises(UsageError) as info:
        load_config(path)
    assert str(path) in str(info.value) and key in str(info.value)


def test_every_documented_key_loads(tmp_path):
    path = write(tmp_path / "msglint.toml", """\
select = ["ALL"]
ignore = ["MSG261"]
extend-rules = []
relationship = "business-partners"
purpose = "newsletter"
include = ["*.md"]
exclude = ["drafts"]
fail-on = "error"
max-file-size = 1000000
spacy-model = "en_core_web_sm"
jobs = 2
names = ["NORTH FACE", "AIR MAX"]
strict = true
[columns]
"Campaign Headline" = "subject"
[severity]
MSG101 = "info"
[readability]
max-grade = 8
max-sentence-words = 25
min-reading-ease = 60
[rules.MSG332]
max-sentence-words = 20
""")
    cfg = load_config(path)
    assert cfg.relationship == "business-partners" and cfg.purpose == "newsletter"
    assert cfg.fail_on == "error" and cfg.jobs == 2 and cfg.readability["max-grade"] == 8
    assert cfg.names == ["NORTH FACE", "AIR MAX"] and cfg.rules == {"MSG332": {"max-sentence-words": 20.0}}
    assert cfg.strict is True and cfg.columns == {"Campaign Headline": "subject"}
    text = path.read_text()
    assert all(key in text for key in KEYS)


def test_docs_configuration_lists_every_key():
    doc = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    for key in KEYS:
        assert f"`{key}`" in doc, key


def test_per_rule_severity(run, tmp_path):
    write(tmp_path / "msglint.toml", '[severity]\nMSG101 = "error"\n')
    write(tmp_path / "promo.md", FLAGGED)
    result = run("check", "-f", "json", "--select", "MSG101", "promo.md")
    assert [f["severity"] for f in findings(result)] == ["error"]
    # and severity decides the exit code with --fail-on
    assert run("check", "--select", "MSG101", "--fail-on", "error", "promo.md").exit_code == 1
    write(tmp_path / "msglint.toml", '[severity]\nunearned-praise = "info"\n')
    result = run("check", "-f", "json", "--select", "MSG101", "promo.md")
    assert [f["severity"] for f in findings(result)] == ["info"]
    assert result.exit_code == 0  # info is below the default fail-on (warning)


def test_unknown_rule_in_severity_exits_2(run, tmp_path):
    write(tmp_path / "msglint.toml", '[severity]\nMSG999X = "info"\n')
    write(tmp_path / "promo.md", FLAGGED)
    result = run("check", "promo.md")
    assert result.exit_code == 2 and "MSG999X" in result.stderr


def test_config_relationship_and_fail_on(run, tmp_path):
    write(tmp_path / "promo.md", "Way to go, you did it!\n")
    write(tmp_path / "msglint.toml", 'relationship = "best-friends"\n')
    result = run("check", "-f", "json", "--select", "MSG101", "promo.md")
    assert findings(result) == [] and result.exit_code == 0
    write(tmp_path / "msglint.toml", 'fail-on = "never"\n')
    assert run("check", "promo.md").exit_code == 0


# --- extend-rules -----------------------------------------------------------------

def test_extend_rules_with_a_custom_pack(run, tmp_path):
    write(tmp_path / "house" / "style.yaml", PACK)
    write(tmp_path / "msglint.toml", 'extend-rules = ["house"]\n')
    write(tmp_path / "promo.md", "An unbelievable sale on jackets.\n")
    result = run("check", "-f", "json", "promo.md")
    assert result.exit_code == 1
    hits = [f for f in findings(result) if f["rule"] == "MSG901"]
    assert hits and hits[0]["category"] == "hype" and hits[0]["severity"] == "error"
    listed = run("rules", "--config", "msglint.toml")
    assert "MSG901" in listed.stdout and "banned-word" in listed.stdout


def test_extend_rules_single_file_relative_to_the_config(run, tmp_path):
    write(tmp_path / "proj" / "rules" / "style.yaml", PACK)
    write(tmp_path / "proj" / "msglint.toml", 'extend-rules = ["rules/style.yaml"]\n')
    write(tmp_path / "proj" / "promo.md", "An unbelievable sale on jackets.\n")
    result = run("check", "-f", "json", "proj/promo.md")
    assert "MSG901" in [f["rule"] for f in findings(result)]


@pytest.mark.parametrize("broken,key", [
    (PACK.replace("category: hype", "category: hype-ish"), "category"),
    (PACK.replace("severity: error", "severity: loud"), "severity"),
    (PACK.replace("    why: Our style guide bans it.\n", ""), "why"),
    (PACK.replace("    message:", "    mesage:"), "mesage"),
    (PACK.replace("id: MSG901", "id: RULE1"), "id"),
    (PACK.replace("phrases: [unbelievable]", "regex: ['(a+)+$']"), "match.regex"),
])
def test_malformed_pack_names_the_file_and_key(run, tmp_path, broken, key):
    pack = write(tmp_path / "house" / "style.yaml", broken)
    write(tmp_path / "msglint.toml", 'extend-rules = ["house/style.yaml"]\n')
    write(tmp_path / "promo.md", FLAGGED)
    result = run("check", "promo.md")
    assert result.exit_code == 2
    assert str(pack) in result.stderr or "style.yaml" in result.stderr
    assert key in result.stderr
    assert "Traceback" not in result.output


def test_pack_with_invalid_yaml_and_missing_pack(run, tmp_path):
    write(tmp_path / "house" / "style.yaml", "rules:\n  - id: [unclosed\n")
    write(tmp_path / "msglint.toml", 'extend-rules = ["house/style.yaml"]\n')
    write(tmp_path / "promo.md", FLAGGED)
    result = run("check", "promo.md")
    assert result.exit_code == 2 and "style.yaml" in result.stderr and "YAML" in result.stderr
    write(tmp_path / "msglint.toml", 'extend-rules = ["nowhere"]\n')
    result = run("check", "promo.md")
    assert result.exit_code == 2 and "nowhere" in result.stderr


def test_pack_reusing_a_builtin_code_is_an_error(run, tmp_path):
    write(tmp_path / "house" / "style.yaml", PACK.replace("MSG901", "MSG101"))
    write(tmp_path / "msglint.toml", 'extend-rules = ["house"]\n')
    write(tmp_path / "promo.md", FLAGGED)
    result = run("check", "promo.md")
    assert result.exit_code == 2 and "MSG101" in result.stderr and "already defined" in result.stderr


def _reference_discovery(folder, include, exclude):
    """The earlier discovery: walk everything, then sort every full path."""
    from msglint.sources import excluded, selected

    found = []
    for root, dirs, files in os.walk(folder):
        rel_root = os.path.relpath(root, folder)
        dirs[:] = [d for d in dirs
                   if not excluded(os.path.normpath(os.path.join(rel_root, d)).replace(os.sep, "/"), exclude)]
        for name in files:
            rel = os.path.normpath(os.path.join(rel_root, name)).replace(os.sep, "/")
            if selected(rel, include, exclude):
                found.append(os.path.join(root, name))
    return sorted(found)


def test_streamed_discovery_keeps_sorted_path_order(tmp_path):
    """Folders are walked as they are read (no list of every path), in exactly the
    order sorting every full path gives ('a-b.md' < 'a.md' < 'a/x.md' < 'a0.md')."""
    from msglint.sources import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, discover

    names = ["a.md", "a-b.md", "a0.md", "a/x.md", "a/b/c.md", "a b/z.md", "a.b/y.md", "A/q.md",
             "z.txt", "n/o.csv", "n/o/p.json", "node_modules/skip.md", "build/skip.md",
             "deep/1/2/3/4.md", "deep/1/2.md", "deep/10.md", "x/.hidden.md", "x/_y.md", "notes.bin"]
    for name in names:
        path = tmp_path / "c" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("hi\n", encoding="utf-8")
    (tmp_path / "c" / "linked").symlink_to(tmp_path / "c" / "a", target_is_directory=True)
    (tmp_path / "c" / "dangling.md").symlink_to(tmp_path / "c" / "nowhere.md")
    folder = str(tmp_path / "c")
    ours = list(discover([folder], DEFAULT_INCLUDE, DEFAULT_EXCLUDE))
    assert ours == _reference_discovery(folder, tuple(DEFAULT_INCLUDE), tuple(DEFAULT_EXCLUDE))
    assert len(ours) > 10 and not any("node_modules" in p for p in ours)
    assert os.path.join(folder, "dangling.md") in ours  # reported later as a broken link


def test_names_in_capitals_are_not_shouting(run, tmp_path):
    # two messages: a name written twice in one message already reads as a name
    write(tmp_path / "promo.csv", "subject\nNORTH FACE jackets are in\nHUGE NORTH FACE SALE this week\n")
    before = json.loads(run("check", "--isolated", "-f", "json", str(tmp_path / "promo.csv")).output)
    caps = [f["text"] for m in before["messages"] for f in m["findings"] if f["rule"] == "MSG261"]
    assert caps == ["NORTH FACE", "HUGE NORTH FACE SALE"]
    write(tmp_path / "msglint.toml", 'names = ["NORTH FACE"]\n')
    after = json.loads(run("check", "--config", str(tmp_path / "msglint.toml"), "-f", "json",
                           str(tmp_path / "promo.csv")).output)
    caps = [(f["text"], f["line"], f["column"]) for m in after["messages"] for f in m["findings"]
            if f["rule"] == "MSG261"]
    # the name alone passes; the shout around it does not (reported either side of the name)
    assert caps == [("HUGE", 3, 1), ("SALE", 3, 17)]
