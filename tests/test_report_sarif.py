"""The SARIF reporter: schema-valid SARIF 2.1.0, real locations, stable fingerprints."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from msglint import __version__
from msglint.report import ReportOptions, Summary, make_reporter
from msglint.report.sarif import artifact_location, relative_path
from tests.conftest import render_report

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))

CORPUS = {
    "campaigns/spring sale.txt": "Subject: Nicely done! You're getting FIFTY PERCENT OFF\nFrom: Travel Co\n\n"
                                 "Hello there!!! We found you deals.\n",
    "campaigns/receipt.txt": "Subject: Your receipt for order 1234\nFrom: Acme\n\nThanks for your order.\n",
    "campaigns/twice.txt": "Subject: Nicely done!\n\nNicely done! Nicely done!\n",
    "campaigns/bad.txt": "---\nrelationship: frenemies\n---\nHello\n",
    "campaigns/blob.txt": b"\x00\x01binary\x00",
}


def write_corpus(root: Path) -> Path:
    for name, content in CORPUS.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def render(session, paths, fmt="sarif", **options) -> str:
    return render_report(session, fmt, paths, **options)


@pytest.fixture
def log(tmp_path, session):
    write_corpus(tmp_path)
    text = render(session, [tmp_path / "campaigns"], root=str(tmp_path))
    return json.loads(text)


def test_valid_against_the_sarif_schema(log):
    jsonschema.validate(log, SCHEMA)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert len(log["runs"]) == 1


def test_driver_describes_every_selected_rule(log, session):
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "msglint"
    assert driver["version"] == __version__
    ids = [r["id"] for r in driver["rules"]]
    assert ids[: len(session.rules)] == [r.id for r in session.rules]
    assert len(ids) == len(set(ids))
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for desc, rule in zip(driver["rules"], session.rules):
        assert desc["name"] == rule.name
        assert desc["shortDescription"]["text"]
        assert desc["fullDescription"]["text"] == rule.why
        assert rule.why in desc["help"]["markdown"]
        assert rule.suggestion in desc["help"]["text"]
        assert desc["defaultConfiguration"]["level"] == levels[rule.severity]
        assert desc["properties"]["category"] == rule.category


def test_results_point_at_the_flagged_words(log):
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    by_rule = {}
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        by_rule.setdefault(r["ruleId"], []).append(r)
    praise = [r for r in by_rule["MSG101"]
              if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("sale.txt")]
    assert len(praise) == 1
    loc = praise[0]["locations"][0]["physicalLocation"]
    # relative to the root, forward slashes, percent-encoded space
    assert loc["artifactLocation"] == {"uri": "campaigns/spring%20sale.txt", "uriBaseId": "%SRCROOT%"}
    # "Subject: Nicely done!": "Nicely" starts at column 10, end column exclusive
    assert loc["region"]["startLine"] == 1
    assert loc["region"]["startColumn"] == 10
    assert loc["region"]["endLine"] == 1
    assert loc["region"]["endColumn"] == 21
    assert praise[0]["level"] == "warning"
    text = praise[0]["message"]["text"]
    assert "Nicely done" in text and "Drop the praise" in text  # message + suggestion
    assert praise[0]["properties"]["category"] == "unearned-praise"


def test_fingerprints_are_unique_and_stable(tmp_path, session, log):
    prints = [r["partialFingerprints"]["msglint/v1"] for r in log["runs"][0]["results"]]
    assert len(prints) == len(set(prints))  # "Nicely done" twice in one body: still distinct
    # moving the copy down a line changes the region but not the fingerprint
    other = tmp_path / "moved"
    (other / "campaigns").mkdir(parents=True)
    original = CORPUS["campaigns/twice.txt"]
    (other / "campaigns" / "twice.txt").write_text(original.replace("\n\n", "\n\n\n"), encoding="utf-8")
    moved = json.loads(render(session, [other / "campaigns"], root=str(other)))
    before = {r["partialFingerprints"]["msglint/v1"]: r["locations"][0]["physicalLocation"]["region"]
              for r in log["runs"][0]["results"]
              if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "campaigns/twice.txt"}
    after = {r["partialFingerprints"]["msglint/v1"]: r["locations"][0]["physicalLocation"]["region"]
             for r in moved["runs"][0]["results"]}
    assert before and set(before) == set(after)
    assert any(before[k]["startLine"] != after[k]["startLine"] for k in before)


def test_source_errors_become_notifications(log):
    inv = log["runs"][0]["invocations"]
    assert len(inv) == 1
    assert inv[0]["executionSuccessful"] is False
    notes = inv[0]["toolExecutionNotifications"]
    levels = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: n["level"] for n in notes}
    assert levels == {"campaigns/bad.txt": "error", "campaigns/blob.txt": "warning"}
    assert any("frenemies" in n["message"]["text"] for n in notes)


def test_clean_run_is_successful_and_valid(tmp_path, session):
    (tmp_path / "ok.txt").write_text("Subject: Your receipt for order 1234\n\nThanks.\n", encoding="utf-8")
    log = json.loads(render(session, [tmp_path], root=str(tmp_path)))
    jsonschema.validate(log, SCHEMA)
    run = log["runs"][0]
    assert run["results"] == []
    assert run["invocations"][0]["executionSuccessful"] is True
    assert "toolExecutionNotifications" not in run["invocations"][0]


def test_info_maps_to_note_and_notices_are_reported(tmp_path, session):
    (tmp_path / "n.txt").write_text(
        "Subject: Sale ends Friday\n\nPlain copy. <!-- msglint: disable MSG101 -->\n", encoding="utf-8")
    log = json.loads(render(session, [tmp_path], root=str(tmp_path)))
    jsonschema.validate(log, SCHEMA)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert "MSG001" in [r["id"] for r in rules]
    for r in log["runs"][0]["results"]:
        assert r["level"] in ("error", "warning", "note")
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]


def test_byte_identical_for_the_same_input(tmp_path, session):
    write_corpus(tmp_path)
    one = render(session, [tmp_path / "campaigns"], root=str(tmp_path))
    two = render(session, [tmp_path / "campaigns"], root=str(tmp_path))
    assert one == two
    assert one.endswith("}\n")


def test_paths_outside_the_root(tmp_path):
    assert relative_path(str(tmp_path / "a" / "b.txt"), str(tmp_path)) == "a/b.txt"
    assert relative_path(str(tmp_path / "b.txt"), str(tmp_path / "a")) is None
    assert relative_path("<command-line>", ".") is None
    outside = artifact_location(str(tmp_path / "b.txt"), str(tmp_path / "a"))
    assert outside is not None and outside["uri"].startswith("file:///") and "uriBaseId" not in outside
    assert artifact_location("<command-line>") is None


def test_command_line_copy_without_a_file(session):
    from msglint.sources.mapping import message_from_mapping

    msg = message_from_mapping({"subject": "Nicely done! 50% off"}, path="<command-line>",
                               default_id="command-line")
    result = next(iter(session.linter.lint([msg])))
    buf = io.StringIO()
    reporter = make_reporter("sarif", buf, ReportOptions())
    reporter.start(session.rules)
    reporter.result(result)
    reporter.finish(Summary())
    log = json.loads(buf.getvalue())
    jsonschema.validate(log, SCHEMA)
    assert log["runs"][0]["results"]
    assert "physicalLocation" not in log["runs"][0]["results"][0]["locations"][0]
