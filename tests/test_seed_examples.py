"""The four subject lines Todd Haskell quotes (2019; docs/concepts.md), msglint's first tests,
each in at least two formats."""

from __future__ import annotations

import csv
import io
import textwrap
from pathlib import Path

import pytest

from msglint.api import lint_paths
from msglint.model import SEVERITY_RANK, Result

SEEDS = [
    ("Nicely done! You're getting FIFTY PERCENT OFF", "", {"unearned-praise", "shouting"}),
    ("Ahem: You're approved for these vacation packages for under $400", "",
     {"faux-intimacy", "false-exclusivity"}),
    ("Yes. Correct. Confirmed. You're getting an extra 10% off!", "", {"fake-confirmation"}),
    ("✈ You've been given this Delta flight deal under $200", "We found you Delta flights under $200!",
     {"false-exclusivity", "claim-mismatch"}),
]
SHIPPING = ("Your order #48213 has shipped",
            "Hi Sam,\n\nYour order #48213 has shipped and should arrive on Thursday 27 Nov.\n"
            "Tracking number: 1Z999AA10123456784.\n\nAcme Outdoor, 12 Harbour Road, Bristol BS1 5TT")


def _results(paths) -> list[Result]:
    out = lint_paths([str(p) for p in paths])
    bad = [r for r in out if not isinstance(r, Result)]
    assert not bad, f"source errors: {bad}"
    return out


def _write_md(tmp: Path, name: str, subject: str, body: str) -> Path:
    p = tmp / f"{name}.md"
    p.write_text(f"---\nsubject: {subject!r}\n---\n{body}\n", encoding="utf-8")
    return p


def _write_csv(tmp: Path, rows: list[tuple[str, str]]) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["id", "subject", "body"])
    for i, (subject, body) in enumerate(rows):
        w.writerow([f"seed-{i}", subject, body])
    p = tmp / "seeds.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    return p


def _write_eml(tmp: Path, name: str, subject: str, body: str, extra: str = "") -> Path:
    p = tmp / f"{name}.eml"
    p.write_text(
        f"From: Travel Deals <deals@example.com>\nTo: sam@example.org\nSubject: {subject}\n"
        f"Date: Mon, 03 Nov 2026 10:00:00 +0000\nMessage-ID: <m{name}@example.com>\n{extra}"
        "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n"
        f"{body}\n",
        encoding="utf-8",
    )
    return p


def _categories(result: Result) -> set[str]:
    return {f.category for f in result.findings}


@pytest.mark.parametrize("fmt", ["md", "csv", "eml"])
def test_seed_subjects_flag_their_categories(tmp_path, fmt):
    if fmt == "csv":
        results = _results([_write_csv(tmp_path, [(s, b) for s, b, _ in SEEDS])])
    else:
        writer = _write_md if fmt == "md" else _write_eml
        results = _results([writer(tmp_path, f"seed{i}", s, b) for i, (s, b, _) in enumerate(SEEDS)])
    assert len(results) == len(SEEDS)
    by_subject = {r.message.text("subject"): r for r in results}
    for subject, _body, expected in SEEDS:
        got = _categories(by_subject[subject])
        assert expected <= got, f"{fmt}: {subject!r} expected {expected}, got {got}"


@pytest.mark.parametrize("fmt", ["md", "csv", "eml"])
def test_shipping_notice_is_clean(tmp_path, fmt):
    subject, body = SHIPPING
    if fmt == "csv":
        path = _write_csv(tmp_path, [(subject, body)])
    elif fmt == "md":
        path = _write_md(tmp_path, "ship", subject, body)
    else:
        path = _write_eml(tmp_path, "ship", subject, body)
    (result,) = _results([path])
    assert result.context.purpose == "transactional"
    serious = [f for f in result.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]]
    assert not serious, [(f.rule, f.text) for f in serious]


REPLY_BODY = textwrap.dedent("""\
    Hi Sam,

    I'm sorry your suitcase arrived damaged; a broken handle and a torn corner is not
    the state any bag should reach you in. We have issued a full refund of $129.00 to
    your card today, and you can keep or recycle the suitcase.

    Maria, Customer Care at Acme Luggage

    On Sun, 2 Nov 2026, Sam <sam@example.org> wrote:
    > My suitcase arrived damaged. The handle is broken.
    """)


def test_real_reply_is_clean_as_eml(tmp_path):
    path = _write_eml(tmp_path, "reply", "Re: my suitcase arrived damaged", REPLY_BODY,
                      extra="In-Reply-To: <complaint-1@example.org>\nReferences: <complaint-1@example.org>\n")
    (result,) = _results([path])
    assert result.context.purpose == "service-recovery"
    serious = [f for f in result.findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK["warning"]]
    assert not serious, [(f.rule, f.text) for f in serious]
    # the quoted complaint is not the sender's copy
    assert "handle is broken" not in result.message.text("body")


def test_same_reply_without_headers_is_a_false_reply(tmp_path):
    path = _write_eml(tmp_path, "fake", "Re: my suitcase arrived damaged", REPLY_BODY)
    (result,) = _results([path])
    assert "false-reply" in _categories(result)


def test_reply_in_csv_is_always_false(tmp_path):
    (result,) = _results([_write_csv(tmp_path, [("Re: my suitcase arrived damaged", REPLY_BODY)])])
    assert "false-reply" in _categories(result)


def test_praise_in_jinja_html_template_points_at_true_position(tmp_path):
    template = textwrap.dedent("""\
        {% extends "base.html" %}
        <html><head><title>{{ brand }} weekly</title></head>
        <body>
          <table><tr><td>
            <p>Hi {{ user.first_name | default("there") }},</p>
            <p>{# greeting #}{{ greeting }} Nicely done! Our autumn range is in.</p>
          </td></tr></table>
        </body></html>
        """)
    path = tmp_path / "weekly.html.j2"
    path.write_text(template, encoding="utf-8")
    (result,) = _results([path])
    praise = [f for f in result.findings if f.category == "unearned-praise"]
    assert praise, result.findings
    lines = template.splitlines()
    line_no = next(i for i, line in enumerate(lines, 1) if "Nicely done" in line)
    assert praise[0].line == line_no
    assert praise[0].column == lines[line_no - 1].index("Nicely done") + 1
    assert praise[0].text == "Nicely done"
