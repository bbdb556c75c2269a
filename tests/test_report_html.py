"""The HTML reporter: self-contained, escaped, highlighted, bounded and deterministic."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from msglint.model import Context, Finding, Result, SourceError
from msglint.report import ReportOptions, Summary, make_reporter
from msglint.report.html import HtmlReporter, segments
from msglint.sources.mapping import message_from_mapping
from tests.conftest import render_report

HOSTILE = (
    "Subject: Nicely done! <script>document.body.setAttribute('data-pwned','yes')</script> now\n"
    "Preheader: <img src=x onerror=\"document.body.setAttribute('data-pwned','img')\"> Psst\n"
    "From: Travel Co\n\n"
    "Hey friend!!! Click <a href=\"javascript:alert(1)\">javascript:alert(1)</a> today.\n"
    "   Indented line\n\ttabbed line\n"
)


def render(session, paths, **options) -> str:
    return render_report(session, "html", paths, **options)


@pytest.fixture
def corpus(tmp_path):
    camp = tmp_path / "camp"
    camp.mkdir()
    (camp / "a_promo.txt").write_text(
        "Subject: NICELY DONE!!! You're getting FIFTY PERCENT OFF\nFrom: Travel Co\n\n"
        "Hello there!!! We found you deals.\n", encoding="utf-8")
    (camp / "b_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    (camp / "c_receipt.txt").write_text("Subject: Your receipt for order 1234\n\nThanks for your order.\n",
                                        encoding="utf-8")
    (camp / "d_bad.txt").write_text("---\nrelationship: frenemies\n---\nHi\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def page(corpus, session):
    return render(session, [corpus / "camp"], root=str(corpus))


class Structure(HTMLParser):
    """Collects tags and attributes, and checks that elements nest properly."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "wbr", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict]] = []
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Structure:
    p = Structure()
    p.feed(html)
    p.close()
    return p


def test_well_formed_and_self_contained(page):
    s = parse(page)
    assert s.problems == [] and s.stack == []
    tags = [t for t, _ in s.tags]
    assert tags.count("script") == 1 and tags.count("style") == 1  # ours only
    for tag, attrs in s.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed")
        assert "src" not in attrs
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#"), href  # in-page anchors only
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    assert "http://" not in page and "https://" not in page
    assert "@import" not in page and "url(" not in page


def test_hostile_copy_stays_text(page):
    # the raw markup never appears; its escaped form does
    assert "<script>document" not in page
    assert "&lt;script&gt;document.body.setAttribute(" in page
    assert "<img" not in page
    assert "&lt;img src=x onerror=" in page
    assert 'href="javascript' not in page
    assert "&lt;a href=&#34;javascript:alert(1)&#34;&gt;javascript:alert(1)&lt;/a&gt;" in page
    s = parse(page)
    text = "".join(s.text)
    assert "<script>document.body.setAttribute('data-pwned','yes')</script>" in text
    assert "javascript:alert(1)" in text
    assert not any(tag == "a" and attrs.get("href", "").startswith("javascript") for tag, attrs in s.tags)


def test_messages_fields_findings_and_context(page):
    assert page.count('<article class="msg"') == 2  # the clean receipt is listed, not carded
    s = parse(page)
    marks = [a for t, a in s.tags if t == "mark"]
    assert marks and all(a["class"].startswith("hl sev-") for a in marks)
    text = "".join(s.text)
    for expected in ("MSG101", "unearned-praise", "all-caps", "shouting", "Travel Co",
                     "Relationship", "unknown", "Purpose", "promotional",
                     "Drop the praise",  # suggestion
                     "Praise belongs to expressive relationships",  # rule.why
                     "Your receipt for order 1234",  # the clean message, listed
                     "frenemies",  # the source error
                     ):
        assert expected in text, expected
    assert "inferred from" in text  # the inferred purpose says why
    # findings grouped per message, each with an anchor the highlights point to
    ids = {a["id"] for t, a in s.tags if t == "li" and "finding" in a.get("class", "")}
    for a in marks:
        assert set(a["data-f"].split()) <= ids


def test_body_whitespace_is_kept(page):
    assert "   Indented line\n\ttabbed line" in page
    assert "white-space: pre-wrap" in page


def test_overlapping_spans_nest_cleanly(page):
    # "NICELY DONE" is both unearned praise and all caps: one segment, two findings
    m = re.search(r'<mark class="hl sev-warning multi" data-f="(m\d+-f\d+) (m\d+-f\d+)"[^>]*>NICELY DONE</mark>',
                  page)
    assert m, "overlapping findings should share one segment"


def test_segments_split_overlaps():
    text = "abcdefghij"
    spans = [(1, 6, "f1", "warning", "one"), (4, 9, "f2", "error", "two"), (2, 3, "f3", "info", "three"),
             (5, 5, "empty", "info", ""), (8, 50, "f4", "info", "clipped")]
    segs = segments(text, spans)
    assert "".join(s["text"] for s in segs) == text
    assert [(s["text"], s["ids"], s["severity"]) for s in segs] == [
        ("a", [], ""),
        ("b", ["f1"], "warning"),
        ("c", ["f1", "f3"], "warning"),
        ("d", ["f1"], "warning"),
        ("ef", ["f1", "f2"], "error"),
        ("gh", ["f2"], "error"),
        ("i", ["f2", "f4"], "error"),
        ("j", ["f4"], "info"),
    ]
    assert segs[1]["starts"] == ["f1"] and segs[4]["starts"] == ["f2"]


def test_summary_chart_and_filters(page):
    assert 'class="chart"' in page and 'class="seg sev-warning" style="width: 100.00%"' in page
    # filters exist but are hidden until the script shows them: no JS, everything visible
    assert '<form class="filters" id="filters" hidden' in page
    assert 'name="sev" value="warning"' in page and 'name="cat" value="shouting"' in page
    assert "@media print" in page


def test_byte_identical_for_the_same_input(corpus, session):
    one = render(session, [corpus / "camp"], root=str(corpus))
    two = render(session, [corpus / "camp"], root=str(corpus))
    assert one == two


def _result(i: int, severity: str = "warning") -> Result:
    msg = message_from_mapping({"subject": f"Deal {i} now"}, path=f"f{i // 10}.txt", line=i + 1,
                               default_id=f"msg-{i}")
    f = Finding(rule="MSG999", name="test-rule", category="hype", severity=severity, field="subject",
                line=i + 1, column=1, end_line=i + 1, end_column=5, text="Deal", message="Deal is hype.",
                suggestion="Say less.", start=0, end=4)
    return Result(msg, Context("unknown", "promotional", "default", "default"), [f])


def test_large_runs_are_bounded():
    def run(n: int) -> str:
        buf = io.StringIO()
        reporter = HtmlReporter(buf, ReportOptions(), max_detail=5)
        reporter.start([])
        summary = Summary()
        for i in range(n):
            r = _result(i, "error" if i % 2 else "warning")
            summary.add(r)
            reporter.result(r)
        for i in range(20):
            err = SourceError(f"bad{i}.txt", "cannot read")
            summary.add_error(err)
            reporter.error(err)
        reporter.finish(summary)
        return buf.getvalue()

    small, big = run(50), run(500)
    assert small.count('<article class="msg"') == 5 == big.count('<article class="msg"')
    assert "495 more messages with findings not shown" in big
    assert "first 5 messages with findings" in big
    assert "15 more, not listed" in big  # errors beyond the limit are counted
    # the chart still counts every finding
    assert '<td class="num">500</td>' in big
    assert len(big) - len(small) < 200  # the page does not grow with the run


def test_all_clear_page():
    buf = io.StringIO()
    reporter = make_reporter("html", buf, ReportOptions())
    reporter.start([])
    msg = message_from_mapping({"subject": "Your receipt"}, path="r.txt", default_id="r")
    r = Result(msg, Context("unknown", "transactional", "default", "inferred", "a receipt"), [])
    summary = Summary()
    summary.add(r)
    reporter.result(r)
    reporter.finish(summary)
    page = buf.getvalue()
    assert "Nothing flagged" in page and "Your receipt" in page and 'id="filters"' not in page
    assert parse(page).problems == []
