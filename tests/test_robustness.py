"""Bad input through the CLI: msglint reports it and goes on, never a traceback.

Decisions (documented in docs/performance.md, "Bad input"):

* a binary file is skipped with a warning on stderr; a skip is not an error, so the
  exit code is what the other files earn (0 or 1), never 2 on its own account; but a
  run that read no message at all exits 2 (nothing was checked) unless --allow-empty;
* unreadable, missing, over-size and malformed files are errors: named on stderr with
  path (and line where there is one), the other files still checked, exit 2;
* bad configuration and unsafe rule packs stop the run before any file: exit 2,
  the file and key named.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import msglint.sources as sources
from msglint.cli import main
from msglint.sources import reader_for

FLAGGED = "Subject: Nicely done! You're getting 50% off\n\nSee the range.\n"


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str, input: str | bytes | None = None):
        result = CliRunner().invoke(main, ["check", "--isolated", "--jobs", "1", *args], input=input)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result

    return invoke


def ok_file(tmp_path: Path) -> Path:
    p = tmp_path / "ok.md"
    p.write_text(FLAGGED, encoding="utf-8")
    return p


def findings(result) -> list[dict]:
    data = json.loads(result.stdout)
    return [f | {"path": m["source"]["path"]} for m in data["messages"] for f in m["findings"]]


def test_binary_file_is_skipped_with_a_warning(run, tmp_path):
    ok_file(tmp_path)
    (tmp_path / "logo.md").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    r = run("-f", "json", ".")
    assert r.exit_code == 1  # the findings in ok.md; the skip alone is not exit 2
    assert "warning" in r.stderr and "logo.md" in r.stderr and "binary" in r.stderr
    data = json.loads(r.stdout)
    assert data["errors"] == [{"path": "./logo.md", "line": None, "message": "binary file skipped",
                               "level": "warning"}]


def test_binary_only_is_not_a_clean_verdict(run, tmp_path):
    """Issue 16: a binary file named alone printed "All clear: 0 messages" and exited 0."""
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02" * 1000)
    r = run("a.txt")
    assert r.exit_code == 2 and "All clear" not in r.output
    assert "no messages were read from a.txt" in r.stderr and "binary file skipped" in r.stderr
    allowed = run("--allow-empty", "a.txt")
    assert allowed.exit_code == 0 and "nothing was checked" in allowed.stdout


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_charsets_decoded_with_correct_columns(run, tmp_path, encoding):
    (tmp_path / "old.md").write_bytes("Subject: Café crème – Nicely done!\n".encode(encoding, "replace"))
    r = run("-f", "json", "old.md")
    f = [f for f in findings(r) if f["text"] == "Nicely done"][0]
    text = "Subject: Café crème – Nicely done!".encode(encoding, "replace").decode(encoding)
    assert f["line"] == 1 and f["column"] == text.index("Nicely") + 1


def test_invalid_utf8_byte_decoded(run, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"Subject: \xff\xfe Nicely done!\n")
    r = run("-f", "json", "bad.txt")
    assert r.exit_code == 1
    assert findings(r)[0]["column"] == 13


def test_utf8_bom(run, tmp_path):
    (tmp_path / "bom.md").write_bytes(b"\xef\xbb\xbfSubject: Nicely done!\n")
    f = findings(run("-f", "json", "bom.md"))[0]
    assert (f["line"], f["column"]) == (1, 10)  # columns count from after the BOM


def test_nul_bytes(run, tmp_path):
    (tmp_path / "nul.md").write_bytes(b"Subject: Hello\x00 there. Nicely done!\n")
    r = run("-f", "json", "nul.md")
    assert r.exit_code in (0, 1)
    f = [f for f in findings(r) if f["text"] == "Nicely done"][0]
    assert f["column"] == len("Subject: Hello\x00 there. ") + 1


def test_empty_files(run, tmp_path):
    for name in ("e.md", "e.txt", *(f"e.{x}" for x in ("csv", "json", "yaml", "html", "eml"))):
        (tmp_path / name).write_bytes(b"")
    r = run("-f", "json", ".")
    assert r.exit_code in (0, 2), r.stderr
    assert "Traceback" not in r.stderr
    json.loads(r.stdout)


def test_file_over_size_limit(run, tmp_path):
    ok_file(tmp_path)
    (tmp_path / "big.md").write_text("Nicely done! " * 100, encoding="utf-8")
    (tmp_path / "msglint.toml").write_text("max-file-size = 500\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--config", "msglint.toml", "--jobs", "1", "-f", "json", "."])
    assert r.exit_code == 2
    assert "big.md" in r.stderr and "max-file-size" in r.stderr
    assert {f["path"] for f in findings(r)} == {"./ok.md"}  # the other file was checked


def test_default_size_limit_is_10_mb():
    from msglint.config import Config

    assert Config().max_file_size == 10 * 1024 * 1024 == sources.DEFAULT_MAX_BYTES


def test_one_megabyte_line(run, tmp_path):
    (tmp_path / "long.txt").write_text("Subject: hi\n\n" + "word " * 210_000 + "Nicely done!\n",
                                       encoding="utf-8")
    r = run("-f", "json", "long.txt")
    assert r.exit_code == 1, r.stderr
    f = [f for f in findings(r) if f["text"] == "Nicely done"][0]
    assert f["line"] == 3 and f["column"] == 5 * 210_000 + 1


@pytest.mark.skipif(reader_for("x.html") is None, reason="no HTML reader yet")
def test_deeply_nested_html(run, tmp_path):
    (tmp_path / "deep.html").write_text(
        "<html><head><title>Nicely done!</title></head><body>" + "<div>" * 50_000 + "Hello"
        + "</div>" * 50_000 + "</body></html>", encoding="utf-8")
    ok_file(tmp_path)
    r = run("-f", "json", ".")
    assert "Traceback" not in r.stderr
    assert r.exit_code in (1, 2)
    assert "./ok.md" in {f["path"] for f in findings(r)}


MALFORMED = {
    "bad.csv": ("id,subject,body\n1,\"unterminated,x\n", ".csv"),
    "bad.json": ('{"messages": [{"subject": "x"},\n  {"subject": }\n]}\n', ".json"),
    "bad.yaml": ("messages:\n  - subject: [unclosed\n", ".yaml"),
    "bad.md": ("---\nsubject: [unclosed\n---\nBody.\n", ".md"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_files_name_path_and_line(run, tmp_path, name):
    text, ext = MALFORMED[name]
    if reader_for(f"x{ext}") is None:
        pytest.skip(f"no {ext} reader yet")
    ok_file(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    r = run("-f", "json", ".")
    assert r.exit_code == 2, (r.stdout, r.stderr)
    line = [ln for ln in r.stderr.splitlines() if name in ln][0]
    assert line.startswith(f"msglint: error: ./{name}:")
    assert line.split(":")[3].strip().isdigit(), line  # path:line
    assert "./ok.md" in {f["path"] for f in findings(r)}


def test_malformed_config_names_the_key(run, tmp_path):
    ok_file(tmp_path)
    (tmp_path / "msglint.toml").write_text('jobs = "many"\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "ok.md"])
    assert r.exit_code == 2 and "jobs" in r.stderr and "msglint.toml" in r.stderr
    (tmp_path / "msglint.toml").write_text("fail-on = [\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "ok.md"])
    assert r.exit_code == 2 and "msglint.toml" in r.stderr and "TOML" in r.stderr


def test_unreadable_file(run, tmp_path, monkeypatch):
    ok_file(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text(FLAGGED, encoding="utf-8")
    secret.chmod(0)
    if os.access(secret, os.R_OK):  # root reads anyway: simulate the permission error
        real_open = open

        def deny(path, *args, **kw):
            if str(path).endswith("secret.md"):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kw)

        monkeypatch.setattr(sources, "open", deny, raising=False)
    try:
        r = run("-f", "json", ".")
    finally:
        secret.chmod(0o644)
    assert r.exit_code == 2
    assert "secret.md: cannot read: Permission denied" in r.stderr
    assert "./ok.md" in {f["path"] for f in findings(r)}


def test_broken_symlink(run, tmp_path):
    ok_file(tmp_path)
    (tmp_path / "gone.md").symlink_to(tmp_path / "nowhere.md")
    r = run(".")
    assert r.exit_code == 2 and "gone.md: broken symbolic link" in r.stderr
    r = run("gone.md")
    assert r.exit_code == 2


def test_redos_pattern_rejected_at_load(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok_file(tmp_path)
    (tmp_path / "pack.yaml").write_text(
        "rules:\n  - id: ACME001\n    name: bad-regex\n    category: hype\n    severity: warning\n"
        "    fields: [body]\n    message: m\n    why: w\n    suggestion: s\n"
        "    match:\n      regex: ['(a+)+$']\n", encoding="utf-8")
    (tmp_path / "msglint.toml").write_text('extend-rules = ["pack.yaml"]\n', encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "ok.md"])
    assert r.exit_code == 2
    assert "pack.yaml" in r.stderr and "regex" in r.stderr and "ACME001" in r.stderr


@pytest.mark.parametrize("pattern", ["(a+)+$", "(\\w+\\s?)*$", "(a|a)*b", "(a|aa)*c",
                                     "(?:ab|ab)+$", "((ab)*)+c", "(x+x+)+y"])
def test_safe_regex_refuses_catastrophic_shapes(pattern):
    from msglint.engine.safe_regex import UnsafePattern, compile_safe

    with pytest.raises(UnsafePattern):
        compile_safe(pattern)


@pytest.mark.parametrize("pattern", [r"\blast chance\b", r"(?:\w+ ){0,3}deal", r"(?:yes|no)+",
                                     r"(?:\b(?:yes|correct)\s*[.!,]\s*){2,}", r"only \d+ left"])
def test_safe_regex_accepts_ordinary_patterns(pattern):
    from msglint.engine.safe_regex import compile_safe

    assert compile_safe(pattern).pattern == pattern


def test_inputs_never_modified(run, tmp_path):
    files = {"a.md": FLAGGED, "b.txt": "Psst! Only 2 left!!!\n",
             "c.md": "---\nsubject: Ahem\n---\n<!-- msglint: disable MSG101 -->\nNicely done\n"}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    before = {n: hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in files}
    mtimes = {n: (tmp_path / n).stat().st_mtime_ns for n in files}
    for fmt in ("text", "json", "jsonl"):
        run("-f", fmt, ".")
    run("-f", "json", "-o", "report.json", ".")
    after = {n: hashlib.sha256((tmp_path / n).read_bytes()).hexdigest() for n in files}
    assert before == after
    assert mtimes == {n: (tmp_path / n).stat().st_mtime_ns for n in files}


def test_failed_run_leaves_no_partial_report(run, tmp_path, monkeypatch):
    ok_file(tmp_path)
    (tmp_path / "report.json").write_text("previous", encoding="utf-8")
    import msglint.report.json as rj

    def boom(self, result):
        raise KeyboardInterrupt

    monkeypatch.setattr(rj.JsonReporter, "result", boom)
    r = run("-f", "json", "-o", "report.json", ".")
    assert r.exit_code == 130
    assert (tmp_path / "report.json").read_text() == "previous"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".msglint-")]


def test_builtin_packs_pass_the_shape_check_start_up_skips():
    """Start-up trusts msglint's own packs (one regex parse fewer each); this is where
    their patterns get the same ReDoS shape check a user's pack gets at load."""
    from msglint.engine import safe_regex
    from msglint.engine.packs import load_pack
    from msglint.rules import builtin_packs

    checked = []
    real = safe_regex._walk

    def walk(tree):
        checked.append(tree)
        return real(tree)

    safe_regex._walk = walk
    try:
        rules = [r for pack in builtin_packs() for r in load_pack(pack)]
        with safe_regex.trusted():
            before = len(checked)
            load_pack(builtin_packs()[0])
            assert len(checked) == before  # trusted: not walked
    finally:
        safe_regex._walk = real
    assert rules and len(checked) >= sum(len(r.regexes) for r in rules)


def test_every_lazy_pattern_of_the_checks_compiles():
    """Checks compile their regexes on first use; each must compile (a typo would
    otherwise surface only when some copy first reaches it)."""
    import importlib

    from msglint.engine.lazy_regex import LazyPattern
    from msglint.rules import check_modules

    found = []

    def collect(value, depth=0):
        if isinstance(value, LazyPattern):
            found.append(value)
        elif isinstance(value, (tuple, list)) and depth < 3:
            for v in value:
                collect(v, depth + 1)

    for name in check_modules() + ["msglint.engine.context"]:
        for value in vars(importlib.import_module(name)).values():
            collect(value)
    assert len(found) > 60
    for pattern in found:
        assert pattern.compiled().pattern == pattern.pattern


#: pieces whose long repetition once made a step quadratic: spaCy's tokenizer (symbol
#: runs, long unbroken words), lazy regexes (unclosed template, fence, comment and
#: link openers, runs of stops), the all-caps URL test (one long word of candidates)
PATHOLOGICAL = ["<", "!", "_", "=", ".,", "\U0001F600", "http://", "<![CDATA[", "{{", "{% comment %}",
                "```\n", "~~~\n", "<!--", "](", "\n\n", "ad\n", " \t", "a@", "NOW "]


@pytest.mark.parametrize("ext", ["md", "html", "eml"])
@pytest.mark.parametrize("piece", PATHOLOGICAL)
def test_hundred_kilobytes_of_one_piece_is_linted_promptly(tmp_path, ext, piece):
    import time

    from msglint.api import lint_paths

    body = piece * (100_000 // len(piece))
    head = {"md": "---\nsubject: hi\n---\n", "html": "", "eml": "Subject: hi\nFrom: a@b.example\n\n"}[ext]
    path = tmp_path / f"p.{ext}"
    path.write_text(head + body, encoding="utf-8")
    start = time.perf_counter()
    results = lint_paths([str(path)])
    took = time.perf_counter() - start
    assert len(results) == 1
    assert took < 10, f"{took:.1f} s"  # linear steps take well under a second here


DEEP_FLOW = "[" * 50_000


@pytest.mark.parametrize("name,text", [
    ("deep.md", f"---\nsubject: {DEEP_FLOW}\n---\nBody copy.\n"),
    ("deep.html", f"---\nsubject: {DEEP_FLOW}\n---\n<p>Body copy.</p>\n"),
    ("deep.yaml", f"subject: {DEEP_FLOW}\n"),
])
def test_deeply_nested_yaml_is_an_error_not_a_crash(tmp_path, name, text):
    # libyaml recursed in C on this and killed the process (a segmentation fault);
    # run in a child so a crash fails the test instead of ending the test run
    import subprocess
    import sys

    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "ok.md").write_text("Our spring range is in.\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "msglint", "check", "--isolated", "-f", "json",
                           str(tmp_path / name), str(tmp_path / "ok.md")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr[-500:]
    report = json.loads(proc.stdout)
    assert [e["path"] for e in report["errors"]] == [str(tmp_path / name)]
    assert report["errors"][0]["message"] == "document is nested too deeply to read"
    assert [m["source"]["path"] for m in report["messages"]] == [str(tmp_path / "ok.md")]


def test_deeply_nested_rule_pack_is_a_usage_error(tmp_path):
    import subprocess
    import sys

    pack = tmp_path / "deep-pack.yaml"
    pack.write_text(f"pack: deep\nrules: {DEEP_FLOW}\n", encoding="utf-8")
    (tmp_path / "ok.md").write_text("Our spring range is in.\n", encoding="utf-8")
    (tmp_path / "msglint.toml").write_text(f'extend-rules = ["{pack.name}"]\n', encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "msglint", "check", "--config",
                           str(tmp_path / "msglint.toml"), str(tmp_path / "ok.md")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and str(pack) in proc.stderr and "nested too deeply" in proc.stderr


def test_flow_depth_guard():
    from msglint.yamlsafe import MAX_FLOW_DEPTH, flow_depth_over

    assert not flow_depth_over("a: [1, [2, {b: 3}]]")
    assert not flow_depth_over("[]" * 10_000)  # many, never deep
    assert not flow_depth_over("[" * MAX_FLOW_DEPTH)
    assert flow_depth_over("[" * (MAX_FLOW_DEPTH + 1))
    assert flow_depth_over("{" * 300 + "[" * 300)
