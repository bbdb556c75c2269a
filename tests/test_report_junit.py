"""The JUnit reporter: parses back, counts add up, fail_on decides what fails."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from msglint.model import Context, Finding, Result
from msglint.report import ReportOptions, Summary, make_reporter
from msglint.sources.mapping import message_from_mapping
from tests.conftest import render_report


def render(session, paths, **options) -> str:
    return render_report(session, "junit", paths, **options)


@pytest.fixture
def corpus(tmp_path):
    camp = tmp_path / "camp"
    camp.mkdir()
    (camp / "a_promo.txt").write_text(
        "Subject: Nicely done! You're getting FIFTY PERCENT OFF\n\nHello there!!! We found you deals.\n",
        encoding="utf-8")
    (camp / "b_receipt.txt").write_text("Subject: Your receipt for order 1234\n\nThanks for your order.\n",
                                        encoding="utf-8")
    (camp / "c_bad.txt").write_text("---\nrelationship: frenemies\n---\nHi\n", encoding="utf-8")
    (camp / "d_blob.txt").write_bytes(b"\x00\x01\x02")
    (camp / "e_exclusive.txt").write_text("Subject: You're approved for these vacation packages\n\nDeals.\n",
                                          encoding="utf-8")
    return tmp_path


def suites(root: ET.Element) -> dict[str, ET.Element]:
    return {s.get("name"): s for s in root.iter("testsuite")}


def test_parses_and_counts_add_up(corpus, session):
    text = render(session, [corpus / "camp"], root=str(corpus))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    by_name = suites(root)
    assert set(by_name) == {"camp/a_promo.txt", "camp/b_receipt.txt", "camp/c_bad.txt", "camp/d_blob.txt",
                            "camp/e_exclusive.txt"}
    total = {"tests": 0, "failures": 0, "errors": 0}
    for s in by_name.values():
        cases = s.findall("testcase")
        assert int(s.get("tests")) == len(cases)
        assert int(s.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(s.get("errors")) == sum(1 for c in cases if c.find("error") is not None)
        assert int(s.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
        for key in total:
            total[key] += int(s.get(key))
    for key, value in total.items():
        assert int(root.get(key)) == value

    promo = by_name["camp/a_promo.txt"].find("testcase")
    failures = promo.findall("failure")
    # one failure element per finding at or above the default fail_on (warning)
    assert [f.get("type").split()[0] for f in failures] == ["MSG101", "MSG261", "MSG262"]
    assert "Drop the praise" in failures[0].text
    assert by_name["camp/b_receipt.txt"].find("testcase").find("failure") is None
    assert by_name["camp/c_bad.txt"].find("testcase/error") is not None
    assert by_name["camp/d_blob.txt"].find("testcase/skipped") is not None
    props = {p.get("name"): p.get("value") for p in promo.iter("property")}
    assert props["relationship"] == "unknown"
    assert props["purpose"] == "promotional"


def test_fail_on_error_moves_warnings_to_system_out(corpus, session):
    root = ET.fromstring(render(session, [corpus / "camp"], root=str(corpus), fail_on="error"))
    by_name = suites(root)
    promo = by_name["camp/a_promo.txt"].find("testcase")
    assert promo.find("failure") is None  # only warnings: the test case passes
    out = promo.find("system-out").text
    assert "MSG101" in out and "MSG262" in out
    props = {p.get("name") for p in promo.iter("property")}
    assert {"warning:MSG101", "warning:MSG261", "warning:MSG262"} <= props
    exclusive = by_name["camp/e_exclusive.txt"].find("testcase")
    assert [f.get("type").split()[0] for f in exclusive.findall("failure")] == ["MSG111"]


def test_fail_on_never_fails_nothing(corpus, session):
    root = ET.fromstring(render(session, [corpus / "camp"], root=str(corpus), fail_on="never"))
    assert root.get("failures") == "0"
    assert root.get("errors") == "1"  # an unreadable file is still an error


def _hostile_result() -> Result:
    subject = "Nicely done \x00\x07\x1b\ufffe <b>&amp;</b> \"quoted\" ]]> \ud800 end"
    msg = message_from_mapping({"subject": subject}, path="x&<y>.txt", default_id="id\x01<1>")
    f = Finding(rule="MSG101", name="unearned-praise", category="unearned-praise", severity="error",
                field="subject", line=1, column=1, end_line=1, end_column=12, text=subject,
                message=f"bad {subject}", suggestion="fix \x0b it")
    return Result(msg, Context("unknown", "promotional", "default", "inferred", "because \x0c"), [f])


def test_illegal_xml_characters_are_stripped_and_markup_escaped():
    buf = io.StringIO()
    reporter = make_reporter("junit", buf, ReportOptions())
    reporter.start([])
    reporter.result(_hostile_result())
    reporter.finish(Summary())
    text = buf.getvalue()
    root = ET.fromstring(text.encode("utf-8"))  # would raise on an illegal character
    case = root.find("testsuite/testcase")
    assert case.get("name") == "id\ufffd<1>"
    failure = case.find("failure")
    assert "<b>&amp;</b>" in failure.text and "]]>" in failure.text
    assert "\x00" not in text and "\x1b" not in text


def test_empty_run_is_valid():
    buf = io.StringIO()
    reporter = make_reporter("junit", buf, ReportOptions())
    reporter.start([])
    reporter.finish(Summary())
    root = ET.fromstring(buf.getvalue())
    assert root.tag == "testsuites" and root.get("tests") == "0" and len(root) == 0


def test_byte_identical_for_the_same_input(corpus, session):
    one = render(session, [corpus / "camp"], root=str(corpus))
    assert one == render(session, [corpus / "camp"], root=str(corpus))
