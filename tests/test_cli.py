"""The ``msglint`` command: exit codes, rule selection, rules/explain/init, output
files, standard input, ``--subject``, ``--diff`` and the progress bar."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from msglint.cli import main
from msglint.config import load_config
from msglint.gitdiff import diff_paths
from msglint.model import UsageError
from msglint.progress import Progress

FLAGGED = "Nicely done! You're getting 50% off this week.\n"
CLEAN = "Our spring jackets are in stores now. Sizes run from XS to XXL.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rules_of(result) -> list[str]:
    data = json.loads(result.stdout)
    return [f["rule"] for m in data["messages"] for f in m["findings"]]


# --- exit codes -------------------------------------------------------------------

def test_clean_file_exits_0(run, tmp_path):
    write(tmp_path / "clean.md", CLEAN)
    result = run("check", "--isolated", "clean.md")
    assert result.exit_code == 0, result.output
    assert "MSG" not in result.stdout


def test_flagged_file_exits_1_and_names_the_rule(run, tmp_path):
    write(tmp_path / "promo.txt", FLAGGED)
    result = run("check", "--isolated", "promo.txt")
    assert result.exit_code == 1
    assert "promo.txt:1:1: MSG101" in result.stdout


def test_missing_file_exits_2_after_checking_the_others(run, tmp_path):
    write(tmp_path / "promo.txt", FLAGGED)
    result = run("check", "--isolated", "-f", "json", "promo.txt", "missing.md")
    assert result.exit_code == 2
    assert "missing.md" in result.stderr and "no such file" in result.stderr
    assert "MSG101" in rules_of(result)  # the readable file was still checked


def test_no_paths_is_a_usage_error(run):
    result = run("check")
    assert result.exit_code == 2
    assert "no paths given" in result.stderr


def test_bad_option_value_exits_2(run, tmp_path):
    write(tmp_path / "promo.txt", FLAGGED)
    assert run("check", "--fail-on", "sometimes", "promo.txt").exit_code == 2


# --- selection and --fail-on ------------------------------------------------------

def test_select_limits_the_rules(run, tmp_path):
    write(tmp_path / "promo.txt", "Nicely done! Psst, 50% off.\n")
    everything = run("check", "--isolated", "-f", "json", "promo.txt")
    assert {"MSG101", "MSG131"} <= set(rules_of(everything))
    only = run("check", "--isolated", "-f", "json", "--select", "MSG101", "promo.txt")
    assert set(rules_of(only)) == {"MSG101"}
    by_category = run("check", "--isolated", "-f", "json", "--select", "faux-intimacy", "promo.txt")
    assert "MSG101" not in rules_of(by_category) and "MSG131" in rules_of(by_category)


def test_ignore_drops_rules_and_can_make_the_run_clean(run, tmp_path):
    write(tmp_path / "promo.txt", "Nicely done! Our jackets are 50% off.\n")
    result = run("check", "--isolated", "-f", "json", "--ignore", "MSG101,unearned-praise", "promo.txt")
    assert "MSG101" not in rules_of(result)
    assert result.exit_code == (1 if rules_of(result) else 0)


def test_fail_on_sets_the_threshold(run, tmp_path):
    write(tmp_path / "promo.txt", FLAGGED)  # MSG101 is a warning
    assert run("check", "--isolated", "--select", "MSG101", "promo.txt").exit_code == 1
    assert run("check", "--isolated", "--select", "MSG101", "--fail-on", "error", "promo.txt").exit_code == 0
    assert run("check", "--isolated", "--select", "MSG101", "--fail-on", "never", "promo.txt").exit_code == 0
    assert run("check", "--isolated", "--select", "MSG101", "--fail-on", "info", "promo.txt").exit_code == 1


@pytest.mark.parametrize("flag", ["--select", "--ignore", "--extend-select"])
def test_unknown_rule_selector_exits_2_with_a_clear_message(run, tmp_path, flag):
    write(tmp_path / "promo.txt", FLAGGED)
    result = run("check", "--isolated", flag, "MSG999X", "promo.txt")
    assert result.exit_code == 2
    assert "unknown rule" in result.stderr and "MSG999X" in result.stderr
    assert "Traceback" not in result.output


# --- rules, explain, init ---------------------------------------------------------

def test_rules_lists_every_rule(run):
    table = run("rules")
    assert table.exit_code == 0
    assert "MSG101" in table.stdout and "unearned-praise" in table.stdout
    listing = json.loads(run("rules", "--format", "json").stdout)
    codes = {r["code"] for r in listing}
    assert {"MSG101", "MSG111"} <= codes
    assert all({"code", "name", "category", "severity"} <= set(r) for r in listing)


def test_explain_has_the_sections(run):
    result = run("explain", "MSG101")
    assert result.exit_code == 0
    for heading in ("What it does", "Why is this bad?", "Use instead"):
        assert heading in result.stdout
    by_name = run("explain", "unearned-praise")
    assert by_name.exit_code == 0 and "MSG101" in by_name.stdout


def test_explain_unknown_rule_exits_2(run):
    result = run("explain", "MSG999")
    assert result.exit_code == 2
    assert "unknown rule" in result.stderr


def test_init_writes_a_config_that_loads(run, tmp_path):
    result = run("init")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "msglint.toml").read_text(encoding="utf-8")
    load_config(tmp_path / "msglint.toml")
    # every setting is explained with its allowed values
    for needle in ("relationship", "purpose", "fail-on", "select", "ignore", "[rules.MSG331]",
                   "max-grade", "basic-exchange", "best-friends", "transactional", "never"):
        assert needle in text
    # and the commented-out examples are valid too
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and " = " in line and "One of" not in line else line
        for line in text.splitlines())
    (tmp_path / "full.toml").write_text(uncommented, encoding="utf-8")
    full = load_config(tmp_path / "full.toml")
    assert full.relationship == "basic-exchange" and full.rules["MSG331"]["max-grade"] == 8
    assert full.rules["MSG261"]["names"] == ("NORTH FACE", "AIR MAX 90")


def test_init_refuses_to_overwrite_without_force(run, tmp_path):
    write(tmp_path / "msglint.toml", "# mine\n")
    result = run("init")
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert (tmp_path / "msglint.toml").read_text() == "# mine\n"
    assert run("init", "--force").exit_code == 0
    assert "fail-on" in (tmp_path / "msglint.toml").read_text()


def test_init_pyproject_appends_a_table(run, tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "campaigns"\n')
    assert run("init", "--pyproject").exit_code == 0
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith('[project]\nname = "campaigns"\n') and "[tool.msglint]" in text
    assert load_config(tmp_path / "pyproject.toml").fail_on == "warning"
    again = run("init", "--pyproject")
    assert again.exit_code == 2 and "[tool.msglint]" in again.stderr
    assert run("init", "--pyproject", "--force").exit_code == 0
    assert (tmp_path / "pyproject.toml").read_text().count("[tool.msglint]") == 1


def test_init_config_is_found_and_used(run, tmp_path):
    assert run("init").exit_code == 0
    write(tmp_path / "promo.txt", FLAGGED)
    assert run("check", "promo.txt").exit_code == 1


# --- output file and standard input -----------------------------------------------

def test_output_is_written_atomically_and_leaves_no_temp_files(run, tmp_path):
    write(tmp_path / "promo.txt", FLAGGED)
    out = tmp_path / "reports" / "report.json"
    out.parent.mkdir()
    out.write_text("old report")
    result = run("check", "--isolated", "-f", "json", "-o", str(out), "promo.txt")
    assert result.exit_code == 1
    assert result.stdout == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["summary"]["findings"] >= 1
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.json"]


def test_failed_run_leaves_the_old_report_and_no_temp_file(run, tmp_path, monkeypatch):
    write(tmp_path / "promo.txt", FLAGGED)
    out = tmp_path / "report.json"
    out.write_text("old report")
    from msglint.report.json import JsonReporter

    def boom(self, summary):
        raise KeyboardInterrupt

    monkeypatch.setattr(JsonReporter, "finish", boom)
    result = run("check", "--isolated", "-f", "json", "-o", str(out), "promo.txt")
    assert result.exit_code == 130
    assert out.read_text() == "old report"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".msglint-")]


def test_stdin_dash(run):
    result = run("check", "--isolated", "-f", "json", "-", input=FLAGGED)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["messages"][0]["source"]["path"] == "<stdin>"
    assert "MSG101" in rules_of(result)
    assert run("check", "--isolated", "-", input=CLEAN).exit_code == 0


# --- --subject / --body -----------------------------------------------------------

def test_subject_and_body_directly(run):
    result = run("check", "--isolated", "-f", "json", "--subject", "Nicely done! 50% off",
                 "--body", "Psst, just between us.")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    fields = {(f["rule"], f["field"]) for f in data["messages"][0]["findings"]}
    assert ("MSG101", "subject") in fields and ("MSG131", "body") in fields
    assert run("check", "--isolated", "--subject", "Spring jackets, 20% off until Sunday").exit_code == 0


def test_subject_with_context_flags(run):
    praise = "Happy 5th anniversary, Sam. Nicely done!"
    assert run("check", "--isolated", "--select", "MSG101", "--subject", praise, "--purpose", "milestone").exit_code == 0


# --- --diff -----------------------------------------------------------------------

def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


needs_git = pytest.mark.skipif(shutil.which("git") is None and not os.environ.get("CI"),
                               reason="git is not installed")


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "campaigns"
    root.mkdir()
    git(root, "init", "-q")
    write(root / "old" / "flagged.md", FLAGGED)  # committed, untouched: not checked
    write(root / "old" / "edited.md", CLEAN)
    write(root / "gone.md", CLEAN)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


@needs_git
def test_diff_checks_only_changed_and_untracked_files(run, repo, monkeypatch):
    monkeypatch.chdir(repo)
    write(repo / "old" / "edited.md", CLEAN + "Psst, just between us.\n")  # modified
    write(repo / "new" / "draft.txt", FLAGGED)  # untracked
    write(repo / "new" / "notes.py", "print('Nicely done!')\n")  # not a template
    (repo / "gone.md").unlink()  # deleted
    result = run("check", "--isolated", "-f", "json", "--diff", "HEAD")
    assert result.exit_code == 1, result.output
    paths = sorted({m["source"]["path"] for m in json.loads(result.stdout)["messages"]})
    assert paths == ["new/draft.txt", "old/edited.md"]


@needs_git
def test_diff_narrowed_to_a_folder_and_from_a_subfolder(run, repo, monkeypatch):
    write(repo / "old" / "edited.md", "Psst, just between us.\n")
    write(repo / "new" / "draft.txt", FLAGGED)
    monkeypatch.chdir(repo)
    result = run("check", "--isolated", "-f", "json", "--diff", "HEAD", "new")
    assert [m["source"]["path"] for m in json.loads(result.stdout)["messages"]] == ["new/draft.txt"]
    # from a subfolder, as for a plain check, the default path is the current folder
    monkeypatch.chdir(repo / "old")
    result = run("check", "--isolated", "-f", "json", "--diff", "HEAD")
    assert [m["source"]["path"] for m in json.loads(result.stdout)["messages"]] == ["edited.md"]
    result = run("check", "--isolated", "-f", "json", "--diff", "HEAD", "..")
    assert sorted(m["source"]["path"] for m in json.loads(result.stdout)["messages"]) == [
        os.path.join("..", "new", "draft.txt"), "edited.md"]


@needs_git
def test_diff_against_an_older_commit_and_staged_changes(run, repo, monkeypatch):
    monkeypatch.chdir(repo)
    write(repo / "second.md", FLAGGED)
    git(repo, "add", "second.md")
    git(repo, "commit", "-q", "-m", "second")
    write(repo / "staged.md", "Psst, just between us.\n")
    git(repo, "add", "staged.md")
    result = run("check", "--isolated", "-f", "json", "--diff", "HEAD~1")
    paths = sorted(m["source"]["path"] for m in json.loads(result.stdout)["messages"])
    assert paths == ["second.md", "staged.md"]


@needs_git
def test_diff_three_dots_uses_the_merge_base(run, repo, monkeypatch):
    monkeypatch.chdir(repo)
    git(repo, "branch", "-M", "main")
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo / "feature.md", FLAGGED)
    git(repo, "add", "feature.md")
    git(repo, "commit", "-q", "-m", "feature")
    git(repo, "checkout", "-q", "main")
    write(repo / "old" / "edited.md", "Psst, just between us.\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "main moved on")
    git(repo, "checkout", "-q", "feature")
    # two dots: the working tree against main's tip, so main's own edit shows up too
    two_dots = run("check", "--isolated", "-f", "json", "--diff", "main")
    assert sorted(m["source"]["path"] for m in json.loads(two_dots.stdout)["messages"]) == [
        "feature.md", "old/edited.md"]
    three_dots = run("check", "--isolated", "-f", "json", "--diff", "main...")
    assert [m["source"]["path"] for m in json.loads(three_dots.stdout)["messages"]] == ["feature.md"]
    bad = run("check", "--isolated", "--diff", "nope...")
    assert bad.exit_code == 2 and "unknown git revision 'nope'" in bad.stderr


@needs_git
def test_diff_with_nothing_changed_is_clean(run, repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = run("check", "--isolated", "--diff", "HEAD")
    assert result.exit_code == 0
    assert "no changed files" in result.stderr


@needs_git
def test_diff_bad_ref_exits_2(run, repo, monkeypatch):
    monkeypatch.chdir(repo)
    result = run("check", "--isolated", "--diff", "no-such-branch")
    assert result.exit_code == 2
    assert "unknown git revision 'no-such-branch'" in result.stderr
    with pytest.raises(UsageError, match="not a git revision"):
        diff_paths("--output=x", cwd=str(repo))


@needs_git
def test_diff_outside_a_repository_exits_2(run, tmp_path, monkeypatch):
    outside = tmp_path / "plain"
    outside.mkdir()
    monkeypatch.chdir(outside)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = run("check", "--isolated", "--diff", "HEAD")
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr


def test_diff_cannot_be_combined_with_subject(run):
    result = run("check", "--diff", "HEAD", "--subject", "Hi")
    assert result.exit_code == 2 and "--diff" in result.stderr


# --- progress ---------------------------------------------------------------------

class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_count_and_rate_on_a_terminal():
    now = [0.0]
    stream = FakeTerminal()
    bar = Progress(4, stream, enabled=True, clock=lambda: now[0])
    bar.update("a.md")  # too early: quick runs never show a bar
    assert stream.getvalue() == ""
    now[0] = 1.0
    bar.update("b.md")
    bar.update("b.md")  # a second message of the same file is not another file
    now[0] = 2.0
    bar.update("c.md")
    drawn = stream.getvalue()
    assert "3/4 files" in drawn and "1.5 files/s" in drawn and "[###" in drawn
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_is_silent_off_a_terminal_or_when_quiet(monkeypatch):
    monkeypatch.delenv("TERM", raising=False)
    assert not Progress.for_terminal(100, stream=io.StringIO()).enabled
    assert not Progress.for_terminal(100, quiet=True, stream=FakeTerminal()).enabled
    assert Progress.for_terminal(100, stream=FakeTerminal()).enabled


def test_check_prints_no_progress_when_stderr_is_not_a_terminal(run, tmp_path):
    for i in range(5):
        write(tmp_path / "many" / f"m{i}.md", CLEAN)
    result = run("check", "--isolated", "many")
    assert result.exit_code == 0
    assert "checking [" not in result.stderr and "\x1b[K" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_check_shows_progress_on_a_terminal_and_not_with_quiet(tmp_path):
    import pty

    for i in range(40):
        write(tmp_path / "many" / f"m{i}.md", CLEAN)

    def stderr_on_a_tty(*extra: str) -> tuple[int, str]:
        master, slave = pty.openpty()
        env = {**os.environ, "TERM": "xterm"}
        proc = subprocess.run([sys.executable, "-m", "msglint", "check", "--isolated", *extra,
                               str(tmp_path / "many")], stdout=subprocess.PIPE, stderr=slave,
                              env=env, timeout=300)
        os.close(slave)
        chunks = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(master)
        return proc.returncode, b"".join(chunks).decode("utf-8", "replace")

    code, err = stderr_on_a_tty()
    assert code == 0
    # the run may finish before the bar's start-up delay on a fast machine; when it
    # drew, it shows the count and rate and erased itself at the end
    if "checking [" in err:
        assert "/40 files" in err and "files/s" in err
        assert err.endswith("\r\x1b[K")
    code, err = stderr_on_a_tty("--quiet")
    assert code == 0 and "checking [" not in err


# -- behaviours settled after review ---------------------------------------------------

def test_unused_suppression_rule_is_a_real_rule(run, tmp_path):
    write(tmp_path / "a.md", "---\nsubject: Our spring range is in\nmsglint-disable: [MSG101]\n---\nHello.\n")
    r = run("check", "a.md")
    assert r.exit_code == 1 and "MSG001" in r.output
    r = run("check", "a.md", "--ignore", "MSG001")
    assert r.exit_code == 0 and "MSG001" not in r.output
    r = run("explain", "MSG001")
    assert r.exit_code == 0 and "## What it does" in r.output


def test_report_into_a_missing_folder_is_a_usage_error(run, tmp_path):
    write(tmp_path / "a.md", "---\nsubject: Hello\n---\nHello.\n")
    r = run("check", "a.md", "-o", str(tmp_path / "no" / "such" / "report.json"), "-f", "json")
    assert r.exit_code == 2 and "cannot write the report" in r.stderr


def test_explain_knows_rules_from_extend_rules(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "pack.yaml",
          "rules:\n  - id: ACME101\n    name: mega-deal\n    category: hype\n    severity: info\n"
          "    message: m\n    why: w\n    suggestion: s\n    match:\n      phrases: [mega deal]\n"
          "    examples: {flag: [Mega deal], pass: [A deal]}\n")
    write(tmp_path / "msglint.toml", 'extend-rules = ["pack.yaml"]\n')
    r = CliRunner().invoke(main, ["explain", "ACME101"])
    assert r.exit_code == 0 and "ACME101 mega-deal" in r.output


def test_show_context_and_quiet(run, tmp_path):
    write(tmp_path / "clean.md", "---\nsubject: \"Your order #4412 has shipped\"\n---\nIt arrives Thursday.\n")
    r = run("check", "clean.md", "--show-context")
    assert "purpose transactional" in r.output and r.exit_code == 0
    r = run("check", "clean.md", "-q")
    assert r.output == "" and r.exit_code == 0


def test_named_file_outside_the_folder_is_read_even_under_build(run, tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "build" / "a.txt"
    target.parent.mkdir(parents=True)
    write(target, "Subject: Nicely done! 20% off\n\nHello.\n")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    r = run("check", str(target))
    assert r.exit_code == 1 and "MSG101" in r.output


def test_make_session_leaves_the_callers_config_alone():
    from msglint.api import Overrides, make_session
    from msglint.config import Config

    config = Config()
    session = make_session(config, Overrides(fail_on="error"))
    assert session.config.fail_on == "error" and config.fail_on == "warning"


def test_report_file_gets_the_usual_permissions(run, tmp_path):
    write(tmp_path / "a.md", "---\nsubject: Hello\n---\nHello.\n")
    umask = os.umask(0)
    os.umask(umask)
    r = run("check", "a.md", "-f", "json", "-o", "report.json")
    assert r.exit_code == 0
    assert (tmp_path / "report.json").stat().st_mode & 0o777 == 0o666 & ~umask
