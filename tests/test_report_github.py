"""The GitHub Actions reporter: workflow commands, escaped as the runner expects."""

from __future__ import annotations

import io
import re

import pytest

from msglint.model import Context, Finding, Result, SourceError
from msglint.report import ReportOptions, Summary, make_reporter
from msglint.report.github import command, escape_data, escape_property
from msglint.sources.mapping import message_from_mapping
from tests.conftest import render_report

LINE_RE = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def render(session, paths, **options) -> str:
    return render_report(session, "github", paths, **options)


def parse_props(props: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in props.split(","))


def unescape(value: str) -> str:
    return (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":")
            .replace("%2C", ",").replace("%25", "%"))


def test_escape_data():
    assert escape_data("100% off\r\nnow") == "100%25 off%0D%0Anow"
    # colons and commas are fine in the message
    assert escape_data("a: b, c") == "a: b, c"
    # % first, so an existing escape is not mistaken for one
    assert escape_data("%0A") == "%250A"


def test_escape_property():
    assert escape_property("dir,name: x%\n.txt") == "dir%2Cname%3A x%25%0A.txt"
    assert unescape(escape_property("a,b:c%d\r\ne")) == "a,b:c%d\r\ne"


def test_command_shape():
    line = command("warning", {"file": "a,b.txt", "line": 3, "col": None, "title": "MSG101 x"}, "one\ntwo")
    assert line == "::warning file=a%2Cb.txt,line=3,title=MSG101 x::one%0Atwo"
    assert command("error", {}, "plain") == "::error::plain"


def test_annotations_from_a_real_run(tmp_path, session):
    camp = tmp_path / "camp, 2024"
    camp.mkdir()
    (camp / "promo.txt").write_text(
        "Subject: Nicely done! You're getting FIFTY PERCENT OFF\n\nHello there!!! We found you deals.\n",
        encoding="utf-8")
    (camp / "bad.txt").write_text("---\nrelationship: frenemies\n---\nHi\n", encoding="utf-8")
    out = render(session, [camp], root=str(tmp_path))
    lines = out.splitlines()
    assert lines and all(LINE_RE.match(line) for line in lines), out
    parsed = [LINE_RE.match(line) for line in lines]
    errors = [m for m in parsed if m.group(1) == "error"]
    assert len(errors) == 1 and "frenemies" in errors[0].group("msg")
    assert parse_props(errors[0].group("props"))["file"] == "camp%2C 2024/bad.txt"
    praise = [m for m in parsed if "MSG101" in m.group("props")]
    assert len(praise) == 1
    props = parse_props(praise[0].group("props"))
    assert unescape(props["file"]) == "camp, 2024/promo.txt"
    assert props["line"] == "1" and props["col"] == "10"
    assert props["endLine"] == "1" and props["endColumn"] == "21"
    assert props["title"] == "MSG101 unearned-praise"
    assert praise[0].group(1) == "warning"
    msg = unescape(praise[0].group("msg"))
    assert msg.startswith('"Nicely done" praises') and "\nSuggestion: " in msg
    # the runner reads one command per physical line
    assert "\n" not in praise[0].group(0)


def _result(severity: str, text: str = "Deal") -> Result:
    msg = message_from_mapping({"subject": text}, path="x.txt", default_id="x")
    f = Finding(rule="MSG999", name="test-rule", category="hype", severity=severity, field="subject",
                line=1, column=1, end_line=1, end_column=5, text=text[:4],
                message="50%: bad,\r\nreally", suggestion="")
    return Result(msg, Context("unknown", "promotional", "default", "default"), [f])


@pytest.mark.parametrize("severity,cmd", [("error", "error"), ("warning", "warning"), ("info", "notice")])
def test_severity_to_command(severity, cmd):
    buf = io.StringIO()
    reporter = make_reporter("github", buf, ReportOptions())
    reporter.start([])
    reporter.result(_result(severity))
    reporter.finish(Summary())
    assert buf.getvalue() == (f"::{cmd} file=x.txt,line=1,col=1,endLine=1,endColumn=5,"
                              f"title=MSG999 test-rule::50%25: bad,%0D%0Areally\n")


def test_skipped_file_is_a_warning():
    buf = io.StringIO()
    reporter = make_reporter("github", buf, ReportOptions())
    reporter.start([])
    reporter.error(SourceError("a.bin", "binary file skipped", skipped=True))
    reporter.error(SourceError("b.txt", "cannot decode", line=4))
    assert buf.getvalue().splitlines() == [
        "::warning file=a.bin,title=msglint%3A file skipped::binary file skipped",
        "::error file=b.txt,line=4,title=msglint%3A cannot read file::cannot decode",
    ]


def test_byte_identical_for_the_same_input(tmp_path, session):
    (tmp_path / "a.txt").write_text("Subject: Psst!!! Nicely done\n\nHey friend\n", encoding="utf-8")
    assert render(session, [tmp_path], root=str(tmp_path)) == render(session, [tmp_path], root=str(tmp_path))
