"""Issue 16, "Trust every verdict": a verdict says what was checked.

Each test is a case msglint 262c0e4 got wrong: it printed "All clear" (or returned a
clean result) about copy it never read. Each must now say so, and exit 2 where the
run checked nothing.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

import msglint
from msglint.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        result = CliRunner().invoke(main, ["check", "--isolated", "--jobs", "1", *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        return result

    return invoke


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_paths_and_subject_together_are_a_usage_error(run, tmp_path):
    # was: only --subject checked, "All clear: 1 message in 1 file", praise.txt never read
    write(tmp_path / "praise.txt", "Nicely done!\n")
    r = run("praise.txt", "--subject", "Hi there")
    assert r.exit_code == 2 and "All clear" not in r.output
    assert "cannot be combined with paths (praise.txt)" in r.stderr


def test_binary_file_alone_exits_2(run, tmp_path):
    (tmp_path / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    r = run("logo.txt")
    assert r.exit_code == 2 and "All clear" not in r.stdout
    assert "No messages read: nothing was checked." in r.stdout
    assert "no messages were read from logo.txt" in r.stderr


def test_empty_folder_exits_2(run, tmp_path):
    (tmp_path / "campaigns").mkdir()
    r = run("campaigns")
    assert r.exit_code == 2 and "All clear" not in r.stdout
    assert "campaigns: no files to check there" in r.stderr


def test_allow_empty_still_says_nothing_was_checked(run, tmp_path):
    (tmp_path / "campaigns").mkdir()
    r = run("--allow-empty", "campaigns")
    assert r.exit_code == 0 and "nothing was checked" in r.stdout and "All clear" not in r.stdout


def test_other_files_still_checked_when_one_holds_nothing(run, tmp_path):
    (tmp_path / "logo.txt").write_bytes(b"\x00\x01\x02" * 1000)
    write(tmp_path / "ok.txt", "Our jackets are in stores now.\n")
    r = run(".")
    assert r.exit_code == 0, r.output
    # a skipped file is a doubt: no "All clear" while it stands
    assert "No findings in 1 message in 1 file. 1 file skipped (see above)." in r.stdout


@pytest.mark.parametrize("header,field", [
    ("Subject Line,Body Copy", "subject"),
    ("Email Subject,Preview Text,From Name,Plain Text", "subject"),
    ("Subject,Preheader Text,Sender Name,HTML Content", "subject"),
])
def test_esp_export_headers_are_read(run, tmp_path, header, field):
    # was: "no campaign columns in the header row", then "All clear: 0 messages"
    cols = header.split(",")
    row = ["Nicely done! Spring sale"] + ["<p>HUGE SALE</p>" if "HTML" in c else "HUGE SALE" for c in cols[1:]]
    write(tmp_path / "export.csv", header + "\n" + ",".join(row) + "\n")
    r = run("-f", "json", "export.csv")
    data = json.loads(r.stdout)
    found = {(f["rule"], f["field"]) for m in data["messages"] for f in m["findings"]}
    assert ("MSG101", field) in found and r.exit_code == 1


def test_html_column_is_read_without_its_markup(run, tmp_path):
    write(tmp_path / "export.csv", 'Subject,HTML Content\nHi,"<p class=""x"">HUGE SALE</p>"\n')
    r = run("-f", "json", "export.csv")
    [finding] = [f for m in json.loads(r.stdout)["messages"] for f in m["findings"] if f["rule"] == "MSG261"]
    assert finding["text"] == "HUGE SALE" and finding["line"] == 2
    assert finding["column"] == len('Hi,"<p class=""x"">') + 1


def test_columns_config_maps_other_headers(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "msglint.toml", '[columns]\n"Campaign Headline" = "subject"\n')
    write(tmp_path / "export.csv", "Campaign Headline,Notes\nNicely done! 20% off,x\n")
    r = CliRunner().invoke(main, ["check", "--jobs", "1", "-f", "json", "export.csv"])
    assert r.exit_code == 1
    assert [f["rule"] for m in json.loads(r.stdout)["messages"] for f in m["findings"]] == ["MSG101"]


def test_unknown_csv_headers_name_what_was_expected(run, tmp_path):
    write(tmp_path / "data.csv", "Campaign,Opens\nspring,42\n")
    r = run("data.csv")
    assert r.exit_code == 2
    assert '"Subject Line"' in r.stderr and "columns" in r.stderr


def test_misspelt_csv_header_gets_a_did_you_mean(run, tmp_path):
    write(tmp_path / "export.csv", "Subjet Line,Body\nNicely done!,Our sale\n")
    r = run("export.csv")
    assert "column 'Subjet Line' ignored (did you mean 'subject-line'?)" in r.stderr


def test_misspelt_json_key_is_an_error_not_a_pass(run, tmp_path):
    # was: ignored without a word, "All clear: 0 messages", exit 0
    write(tmp_path / "campaign.json", '{"subjcet": "Nicely done! HUGE SALE"}')
    r = run("campaign.json")
    assert r.exit_code == 2 and "All clear" not in r.output
    assert "campaign.json:1: the document has no copy field" in r.stderr
    assert "did you mean 'subject'?" in r.stderr


def test_unknown_key_beside_copy_warns_and_strict_makes_it_an_error(run, tmp_path):
    write(tmp_path / "campaign.yaml", "subject: Our spring range is in\npurpse: promotional\n")
    r = run("campaign.yaml")
    assert r.exit_code == 0 and "campaign.yaml:2: unknown key 'purpse' ignored (did you mean 'purpose'?)" in r.stderr
    assert "All clear" not in r.stdout
    strict = run("--strict", "campaign.yaml")
    assert strict.exit_code == 2 and "error: " in strict.stderr and "purpse" in strict.stderr


def test_unknown_key_in_a_messages_list_is_reported_once(run, tmp_path):
    write(tmp_path / "campaign.yaml", "messages:\n  - subject: One\n    segment: vip\n"
                                      "  - subject: Two\n    segment: all\n")
    r = run("campaign.yaml")
    assert r.stderr.count("unknown key 'segment'") == 1 and "campaign.yaml:3:" in r.stderr


def test_unknown_front_matter_key_warns(run, tmp_path):
    write(tmp_path / "promo.md", "---\nsubjcet: Nicely done!\n---\nOur spring range is in.\n")
    r = run("promo.md")
    assert "promo.md:2: unknown key 'subjcet' ignored (did you mean 'subject'?)" in r.stderr


def test_api_never_returns_a_clean_result_for_an_unread_message():
    # was: msglint.lint([{"subjcet": "Nicely done!"}]) returned a result with no findings
    with pytest.raises(ValueError, match=r"message 1: no copy field .*did you mean 'subject'\?"):
        msglint.lint([{"subjcet": "Nicely done!"}])


def test_api_warns_on_unknown_keys_and_strict_raises():
    with pytest.warns(UserWarning, match=r"unknown key 'purpse' ignored \(did you mean 'purpose'\?\)"):
        msglint.lint([{"subject": "Our spring range", "purpse": "promotional"}])
    with pytest.raises(ValueError, match="purpse"):
        msglint.lint([{"subject": "Our spring range", "purpse": "promotional"}], strict=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        msglint.lint([{"subject": "Our spring range", "purpose": "promotional"}])


DAMAGED = """\
From: Acme <news@acme.example>
Subject: Spring sale
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="abc123"

--xyz999
Content-Type: text/plain; charset=utf-8

Nicely done! Our spring sale is on.

--xyz999
Content-Type: text/html; charset=utf-8

<p>Nicely done! Our spring sale is on.</p>

--xyz999--
"""


def test_damaged_mime_is_read_with_a_notice(run, tmp_path):
    # was: the wrong boundary left an empty body, and the message passed
    write(tmp_path / "sale.eml", DAMAGED)
    r = run("-f", "json", "sale.eml")
    data = json.loads(r.stdout)
    [finding] = [f for m in data["messages"] for f in m["findings"] if f["rule"] == "MSG101"]
    assert finding["field"] == "body" and finding["line"] == 9 and finding["column"] == 1
    assert 'sale.eml:4: damaged MIME structure: the boundary "abc123" never appears' in r.stderr


def test_damaged_mime_without_delimiters_reads_the_body_as_text(run, tmp_path):
    write(tmp_path / "sale.eml", DAMAGED.replace("--xyz999--\n", "").replace("--xyz999\n", ""))
    r = run("-f", "json", "sale.eml")
    assert "no part delimiters were found; body read as plain text" in r.stderr
    assert any(f["rule"] == "MSG101" for m in json.loads(r.stdout)["messages"] for f in m["findings"])


def test_jobs_above_the_usable_cores_are_capped_with_a_note(run, tmp_path, monkeypatch):
    # was: --jobs 16 on 2 cores started 16 workers, 1.7x slower than --jobs 1
    import msglint.parallel as parallel

    seen = []
    real = parallel.iter_results

    def spy(paths, session, jobs=None, overrides=None):
        seen.append(jobs)
        return real(paths, session, jobs=1, overrides=overrides)

    monkeypatch.setattr(parallel, "default_jobs", lambda: 2)
    monkeypatch.setattr(parallel, "iter_results", spy)
    write(tmp_path / "ok.txt", "Our jackets are in stores now.\n")
    r = CliRunner().invoke(main, ["check", "--isolated", "--jobs", "16", "ok.txt"])
    assert r.exit_code == 0 and seen == [2]
    assert "--jobs 16 capped at 2, the number of usable cores" in r.stderr
    r = CliRunner().invoke(main, ["check", "--isolated", "--jobs", "2", "ok.txt"])
    assert seen == [2, 2] and "capped" not in r.stderr
