"""``msglint eval``: counting against labels, clean-mail rates, thresholds, exit codes
and the JSON document, on small labelled files written here with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from msglint.cli import main

PRAISE = "Nicely done! Our spring range is in"  # unearned-praise, stable since the first release
URGENT = "Last chance: the sale ends tonight"  # false-urgency
PLAIN = "Our spring catalogue is here"
PLAIN2 = "The new jackets come in six colours"

# subject, praise label, urgent label: per label exactly one tp, fp, fn and tn
ROWS = [
    (PRAISE, "true", "false"),   # praise tp, urgent tn
    (PLAIN, "true", "true"),     # praise fn, urgent fn
    (URGENT, "false", "true"),   # praise tn, urgent tp
    (PRAISE + " and " + URGENT, "false", "false"),  # praise fp, urgent fp
]


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str):
        return CliRunner().invoke(main, ["eval", "--isolated", "-j", "1", *args], catch_exceptions=False)

    return invoke


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def labelled_csv(tmp_path: Path, delimiter: str = ",", name: str = "labelled.csv") -> Path:
    lines = [delimiter.join(["subject", "praised", "urgent"])]
    lines += [delimiter.join(f'"{v}"' if delimiter == "," else v for v in row) for row in ROWS]
    return write(tmp_path / name, "\n".join(lines) + "\n")


def doc(result) -> dict:
    return json.loads(result.stdout)


def by_label(document: dict) -> dict:
    return {entry["label"]: entry for entry in document["labels"]}


def test_counts_one_of_each_outcome(run, tmp_path):
    labelled_csv(tmp_path)
    result = run("labelled.csv", "--label", "praised=unearned-praise", "--label", "urgent=false-urgency",
                 "-f", "json")
    assert result.exit_code == 0, result.output
    labels = by_label(doc(result))
    for name in ("praised", "urgent"):
        entry = labels[name]
        assert (entry["tp"], entry["fp"], entry["fn"], entry["tn"], entry["support"]) == (1, 1, 1, 1, 2), name
        assert entry["precision"] == entry["recall"] == entry["f1"] == 0.5
    # the miss is the plain row, the false positive the row with both
    assert labels["praised"]["misses"][0]["fields"]["subject"] == PLAIN
    fp = labels["praised"]["false_positives"][0]
    assert fp["fields"]["subject"].startswith(PRAISE)
    assert {f["category"] for f in fp["findings"]} == {"unearned-praise"}
    assert doc(result)["messages"] == 4


def test_agrees_with_an_independent_count_from_check(run, tmp_path):
    labelled_csv(tmp_path)
    checked = CliRunner().invoke(main, ["check", "--isolated", "-j", "1", "-f", "json", "--fail-on", "never",
                                        "labelled.csv"], catch_exceptions=False)
    messages = json.loads(checked.stdout)["messages"]
    flagged = [any(f["category"] == "false-urgency" for f in m["findings"]) for m in messages]
    truth = [row[2] == "true" for row in ROWS]
    expected = {
        "tp": sum(f and t for f, t in zip(flagged, truth)),
        "fp": sum(f and not t for f, t in zip(flagged, truth)),
        "fn": sum(t and not f for f, t in zip(flagged, truth)),
    }
    entry = by_label(doc(run("labelled.csv", "--label", "urgent=false-urgency", "-f", "json")))["urgent"]
    assert {k: entry[k] for k in expected} == expected


def test_text_table(run, tmp_path):
    labelled_csv(tmp_path)
    result = run("labelled.csv", "--label", "praised=unearned-praise")
    assert result.exit_code == 0
    out = result.stdout
    assert "msglint eval: 4 messages from labelled.csv" in out
    header, row = [line for line in out.splitlines() if line.startswith(("label ", "praised "))]
    assert header.split() == ["label", "categories", "support", "tp", "fp", "fn", "precision", "recall", "F1"]
    assert row.split() == ["praised", "unearned-praise", "2", "1", "1", "1", "0.50", "0.50", "0.50"]
    assert "Misses, praised (1; first 1, with what fired):" in out
    assert "False positives, praised (1; worst 1):" in out
    assert "MSG101" in out  # the rule that fired on the false positive


def test_tsv_with_column_mapping_and_group_label(run, tmp_path):
    lines = ["page\ttext\tis_dark\tkind"]
    lines += [f"{i}\t{subject}\t{'1' if urgent == 'true' else '0'}\t{'Urgency' if urgent == 'true' else 'None'}"
              for i, (subject, _, urgent) in enumerate(ROWS)]
    write(tmp_path / "shop.tsv", "\n".join(lines) + "\n")
    result = run("shop.tsv", "--column", "text=body", "--column", "page=id", "--label", "is_dark=pressure",
                 "--min-severity", "info", "--by", "kind", "-f", "json")
    assert result.exit_code == 0, result.output
    entry = by_label(doc(result))["is_dark"]
    assert entry["by"] == {"None": {"tp": 0, "fp": 1, "fn": 0, "tn": 1, "recall": None},
                           "Urgency": {"tp": 1, "fp": 0, "fn": 1, "tn": 0, "recall": 0.5}}
    assert "false-urgency" in entry["categories"] and "unearned-praise" not in entry["categories"]
    assert entry["support"] == 2
    assert entry["tp"] == 1 and entry["fn"] == 1
    assert entry["misses"][0]["id"] == "1"  # the page column became the message id


def test_jsonl_and_category_named_columns(run, tmp_path):
    rows = [{"subject": s, "unearned-praise": p == "true"} for s, p, _ in ROWS]
    write(tmp_path / "rows.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    result = run("rows.jsonl", "-f", "json")  # no --label: the column is named after a category
    assert result.exit_code == 0, result.output
    entry = by_label(doc(result))["unearned-praise"]
    assert (entry["tp"], entry["fp"], entry["fn"], entry["tn"]) == (1, 1, 1, 1)


def test_bad_label_value_is_reported_and_the_rest_counted(run, tmp_path):
    write(tmp_path / "l.csv", f"subject,praised\n{PRAISE},yes\n{PLAIN},maybe\n{PLAIN2},no\n,no\n")
    result = run("l.csv", "--label", "praised=unearned-praise", "-f", "json")
    assert result.exit_code == 2
    document = doc(result)
    assert document["messages"] == 2
    assert [(e["line"], e["message"]) for e in document["errors"]] == [
        (3, "label 'praised': 'maybe' is not a label (expected true/false, 1/0 or yes/no); row skipped"),
        (5, "no copy in this row (every message column is empty); row skipped"),
    ]
    assert "l.csv:3: label 'praised'" in result.stderr
    assert by_label(document)["praised"]["tp"] == 1


@pytest.mark.parametrize("args, message", [
    (["l.csv", "--label", "praised=flattery"], "unknown category 'flattery'"),
    (["l.csv", "--label", "nope=hype"], "has no column 'nope'"),
    (["l.csv", "--label", "praised"], "expected NAME=VALUE"),
    (["l.csv", "--label", "praised=hype", "--column", "subject=title"], "is not a message field"),
    (["l.csv"], "no label column"),
    (["l.csv", "--label", "praised=hype", "--min-f1", "praised=2"], "expected a number from 0 to 1"),
    (["l.csv", "--label", "praised=hype", "--min-f1", "other=0.5"], "no such label"),
    (["l.csv", "--label", "praised=hype", "--max-rate", "hype=0.5"], "--max-rate needs --clean"),
    (["l.csv", "l.csv", "--label", "praised=hype"], "reads one file"),
    (["--clean", "l.csv", "--label", "praised=hype"], "takes no --label"),
])
def test_usage_errors(run, tmp_path, args, message):
    write(tmp_path / "l.csv", f"subject,praised\n{PRAISE},yes\n")
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_min_f1_threshold_sets_the_exit_code(run, tmp_path):
    labelled_csv(tmp_path)
    missed = run("labelled.csv", "--label", "praised=unearned-praise", "--min-f1", "praised=0.6")
    assert missed.exit_code == 1
    assert "min-f1 praised >= 0.6: 0.5000 MISSED" in missed.stdout
    met = run("labelled.csv", "--label", "praised=unearned-praise", "--min-f1", "praised=0.5", "-f", "json")
    assert met.exit_code == 0
    assert doc(met)["thresholds"] == [{"kind": "min-f1", "name": "praised", "limit": 0.5, "value": 0.5,
                                       "passed": True}]
    assert doc(met)["passed"] is True


def clean_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mail"
    folder.mkdir()
    write(folder / "a.txt", f"Subject: {PRAISE}\n\nOur spring range is in stores now.\n")
    write(folder / "b.txt", f"Subject: {PLAIN}\n\nSizes run from XS to XXL.\n")
    write(folder / "c.txt", f"Subject: {PLAIN2}\n\nSee them in stores.\n")
    write(folder / "d.txt", f"Subject: {PRAISE}\n\nThanks for reading.\n")
    return folder


def test_clean_rates_per_category_and_rule(run, tmp_path):
    clean_folder(tmp_path)
    result = run("--clean", "mail", "-f", "json", "--select", "MSG101")
    assert result.exit_code == 0, result.output
    document = doc(result)
    assert document["mode"] == "clean" and document["messages"] == 4
    assert document["categories"][0]["category"] == "unearned-praise"
    assert document["categories"][0]["messages"] == 2 and document["categories"][0]["rate"] == 0.5
    rule = document["rules"][0]
    assert (rule["rule"], rule["messages"], len(rule["examples"])) == ("MSG101", 2, 2)
    assert [e["path"] for e in rule["examples"]] == ["mail/a.txt", "mail/d.txt"]
    assert rule["examples"][0]["findings"][0]["text"] == "Nicely done"
    assert document["groups"]["authenticity"] == {"messages": 2, "rate": 0.5}
    assert document["groups"]["pressure"] == {"messages": 0, "rate": 0.0}


def test_clean_text_and_max_rate(run, tmp_path):
    clean_folder(tmp_path)
    result = run("--clean", "mail", "--select", "MSG101", "--examples", "1",
                 "--max-rate", "unearned-praise=0.25", "--max-rate", "pressure=0")
    assert result.exit_code == 1
    out = result.stdout
    assert "pressure or authenticity:" in out and "50.0%" in out
    assert "MSG101 unearned-praise (unearned-praise): 2 messages, 50.0%" in out
    assert out.count("mail/a.txt") == 1 and "mail/d.txt" not in out  # --examples 1
    assert "max-rate unearned-praise <= 0.25: 0.5000 MISSED" in out
    assert "max-rate pressure <= 0: 0.0000 ok" in out
    assert run("--clean", "mail", "--select", "MSG101", "--max-rate", "unearned-praise=0.5").exit_code == 0


def test_clean_with_nothing_read_is_an_error(run, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run("--clean", "empty")
    assert result.exit_code == 2
    assert "nothing was measured" in result.stderr


def test_json_is_deterministic_and_independent_of_jobs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = clean_folder(tmp_path)
    for i in range(40):  # enough copy that --jobs 2 really uses workers
        write(folder / f"x{i:02d}.txt", f"Subject: {PRAISE} {i}\n\n" + "Plain words here. " * 2000 + "\n")
    outputs = []
    for jobs in ("1", "2", "2"):
        result = CliRunner().invoke(main, ["eval", "--isolated", "--clean", "mail", "-f", "json", "-j", jobs],
                                    catch_exceptions=False)
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0])["messages"] == 44


def test_output_file_is_written_whole(run, tmp_path):
    labelled_csv(tmp_path)
    result = run("labelled.csv", "--label", "praised=unearned-praise", "-f", "json", "-o", "out.json")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads((tmp_path / "out.json").read_text())["labels"][0]["label"] == "praised"
