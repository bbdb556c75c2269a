"""Copy cut short by a YAML comment is reported as a warning (``sources/yamlcomment.py``).

``subject: Your order #4412 has shipped`` is YAML for the subject "Your order": the
copy checked is not the copy sent. msglint warns, names the line, still lints the
message and does not exit 2 for it. Comments written as comments, quoted values and
block values are not warned about.
"""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from msglint.cli import main
from msglint.model import Message, SourceError
from msglint.report import ReportOptions, Summary, make_reporter
from msglint.sources.html import read_html
from msglint.sources.plaintext import read_text
from msglint.sources.structured import read_structured


def _warnings(items) -> list[tuple[int | None, str]]:
    """The comment warnings (an unknown key such as ``campaign:`` has its own)."""
    return [(i.line, i.message) for i in items if isinstance(i, SourceError) and i.code != "unknown-key"]


def test_front_matter_subject_cut_short_is_a_warning_at_its_line():
    src = "---\nrelationship: basic-exchange\nsubject: Your order #4412 has shipped\n---\nHello\n"
    items = list(read_text(src, "a.md", markdown=True))
    errs = [i for i in items if isinstance(i, SourceError)]
    assert len(errs) == 1 and errs[0].warning and errs[0].level == "warning"
    assert errs[0].line == 3 and errs[0].path == "a.md"
    assert "`subject` is read as 'Your order'" in errs[0].message
    assert '"#4412 has shipped"' in errs[0].message and "quote the value" in errs[0].message
    msgs = [i for i in items if isinstance(i, Message)]
    assert len(msgs) == 1 and msgs[0].text("subject") == "Your order"  # still linted


def test_a_value_that_is_all_comment_is_read_as_empty():
    items = list(read_html("---\nsubject: #1 in running shoes\n---\n<p>Hi</p>\n", "b.html"))
    assert _warnings(items) == [
        (2, '`subject` is read as empty: "#1 in running shoes" after it is a YAML comment '
            "(a # after a space starts one); quote the value to keep it")]


def test_yaml_campaign_file_each_message_checked():
    src = ("relationship: basic-exchange\nmessages:\n"
           "  - subject: Top 10 #deals for you\n"
           "    body: Plain body\n"
           "  - subject: Spring range\n"
           "    preheader: New in #SS26 colours\n")
    items = list(read_structured(src, "c.yaml"))
    assert [(line, msg.split(" is read")[0]) for line, msg in _warnings(items)] == [
        (3, "`subject`"), (6, "`preheader`")]
    # the warning comes just before the message it concerns, in input order
    assert [type(i).__name__ for i in items] == ["SourceError", "Message", "SourceError", "Message"]


@pytest.mark.parametrize("line", [
    "subject: Spring range # A/B variant 2",      # a comment written as one
    'subject: "Your order #4412 has shipped"',     # quoted: # is text
    "subject: 'Your order #4412 has shipped'",
    "subject: Your order no. #4412".replace(" #", "#"),  # no space before #: text
    "subject: Learn C# in a weekend",
    "from: Acme Support",
    "subject: >\n  Your order #4412\n  has shipped",  # block scalars: # is text
    "subject: |\n  Your order #4412 has shipped",
    "campaign: Spring #2",                          # not a copy field
])
def test_near_misses_are_not_warned(line):
    src = f"---\n{line}\n---\nHello\n"
    assert _warnings(read_text(src, "a.md", markdown=True)) == []


def test_json_files_are_never_warned():
    src = json.dumps({"subject": "Your order #4412 has shipped"})
    assert _warnings(read_structured(src, "c.json")) == []


def test_cli_warns_on_stderr_counts_it_and_does_not_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("---\nsubject: Your order #4412 has shipped\n---\nThanks.\n",
                                   encoding="utf-8")
    r = CliRunner().invoke(main, ["check", "--isolated", "--jobs", "1", "-f", "json", "a.md"])
    assert r.exit_code == 0, r.output  # clean copy: a read warning alone is not a failure
    assert "msglint: warning: a.md:2: `subject` is read as 'Your order'" in r.stderr
    data = json.loads(r.stdout)
    assert data["summary"]["warnings"] == 1 and data["summary"]["errors"] == 0
    assert data["errors"][0]["level"] == "warning" and data["errors"][0]["line"] == 2
    assert len(data["messages"]) == 1


def _render(fmt: str, err: SourceError) -> str:
    buf = io.StringIO()
    reporter = make_reporter(fmt, buf, ReportOptions())
    reporter.start([])
    reporter.error(err)
    summary = Summary()
    summary.add_error(err)
    reporter.finish(summary)
    return buf.getvalue()


WARN = SourceError("a.md", "`subject` is read as 'Hi'", 2, warning=True)


def test_reporters_give_a_read_warning_its_level():
    sarif = json.loads(_render("sarif", WARN))
    inv = sarif["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is True
    note = inv["toolExecutionNotifications"][0]
    assert note["level"] == "warning" and note["descriptor"]["id"] == "source-warning"
    assert _render("github", WARN).startswith(
        "::warning file=a.md,line=2,title=msglint%3A read with a warning::")
    case = ET.fromstring(_render("junit", WARN)).find(".//testcase")
    assert case.find("error") is None and case.find("skipped") is None
    assert "warning: a.md:2:" in case.find("system-out").text
    html = _render("html", WARN)
    assert "1 read warning" in html and ">warning</span>" in html
