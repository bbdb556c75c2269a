"""A self-contained HTML report: one file, no network, readable on screen and on paper.

Each message with findings is shown as its reader sees it (sender, subject,
preheader, body, whitespace kept) with the flagged words highlighted, next to its
findings: rule, severity, category, what is wrong, why, and what to write instead.
A summary by severity and category with a bar chart heads the page; a few lines of
inline JavaScript add filters, and without JavaScript the page simply shows
everything.

Copy is data, never markup: the templates autoescape everything, highlights are built
as text segments (never as HTML strings), and element ids come from counters, not
from the copy. Overlapping findings split the text into segments, each marked with
every finding that covers it, so spans can overlap without breaking the markup.

For very large runs, full detail stops after ``max_detail`` messages with findings
(2000 by default); the rest are counted, and the page says so. Each message card is
rendered as it arrives, so memory holds rendered cards only up to that limit. Nothing
depends on time, so the same input gives byte-identical output.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Any

from ..version import __version__
from ..citations import cited
from ..model import FIELDS, SEVERITIES, SEVERITY_RANK, Finding, Result, SourceError
from .base import Reporter, ReportOptions, Summary, problems

DEFAULT_MAX_DETAIL = 2000
FIELD_LABELS = {"from": "From", "subject": "Subject", "preheader": "Preheader", "body": "Body"}
SEVERITY_ORDER = tuple(reversed(SEVERITIES))  # error, warning, info


def _environment():
    import jinja2

    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "templates")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(here),
        autoescape=True,  # every template, whatever its name: copy is data
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def segments(text: str, spans: list[tuple], lo: int = 0,
             hi: int | None = None) -> list[dict[str, Any]]:
    """Split ``text[lo:hi]`` at every span boundary.

    ``spans`` are ``(start, end, finding_id, severity, label)``. Each segment carries
    the ids of every finding covering it, the highest severity among them, a title
    naming them, and the ids of the findings that start there (for the numbered
    markers). Spans outside the range are clipped; empty or inverted spans are ignored.
    """
    hi = len(text) if hi is None else hi
    valid = []
    for start, end, fid, sev, label in spans:
        s, e = max(start, lo), min(end, hi)
        if e > s:
            valid.append((s, e, fid, sev, start >= lo, label))
    cuts = sorted({lo, hi, *(s for s, *_ in valid), *(e for _, e, *_ in valid)})
    out: list[dict[str, Any]] = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [v for v in valid if v[0] <= a and v[1] >= b]
        starts = [v[2] for v in valid if v[0] == a and v[4]]
        title = "; ".join(v[5] for v in covering)
        sev = max((v[3] for v in covering), key=lambda s: SEVERITY_RANK.get(s, 0), default="")
        out.append({
            "text": text[a:b],
            "ids": [v[2] for v in covering],
            "severity": sev,
            "starts": starts,
            "title": title,
        })
    return out


def _display_range(text: str) -> tuple[int, int]:
    """Leading blank lines and trailing whitespace are not shown (the body often starts
    with the newline after its headers)."""
    lo = 0
    while lo < len(text) and text[lo] in "\r\n":
        lo += 1
    hi = len(text.rstrip())
    return lo, max(hi, lo)


class HtmlReporter(Reporter):
    def __init__(self, out, options: ReportOptions, max_detail: int = DEFAULT_MAX_DETAIL):
        super().__init__(out, options)
        self.max_detail = max_detail

    def start(self, rules) -> None:
        super().start(rules)
        self._env = _environment()
        self._macros = self._env.get_template("macros.html.j2").module
        self._cards: list = []  # rendered cards (markupsafe.Markup)
        self._clean: list[dict[str, Any]] = []
        self._clean_omitted = 0
        self._errors: list[dict[str, Any]] = []
        self._errors_omitted = 0
        self._omitted_messages = 0
        self._omitted = Counter()  # severity -> findings not shown in detail
        self._matrix: Counter = Counter()  # (category, severity) -> count
        self._rules_seen: Counter = Counter()
        self._index = 0

    # -- building the data each card shows ---------------------------------------------------


    def _finding(self, f: Finding, fid: str, number: int) -> dict[str, Any]:
        rule = self.rules.get(f.rule)
        return {
            "id": fid,
            "number": number,
            "rule": f.rule,
            "name": f.name,
            "severity": f.severity,
            "category": f.category,
            "field": f.field,
            "field_label": FIELD_LABELS.get(f.field, f.field),
            "line": f.line,
            "column": f.column,
            "text": f.text,
            "message": f.message,
            "why": rule.why if rule is not None else "",
            "sources": cited(rule.why) if rule is not None else [],
            "suggestion": f.suggestion,
        }

    def _card(self, result: Result, items: list[Finding]) -> dict[str, Any]:
        msg = result.message
        mid = f"m{self._index}"
        findings = [self._finding(f, f"{mid}-f{n}", n) for n, f in enumerate(items, 1)]
        fields = []
        for name in FIELDS:
            fld = msg.fields.get(name)
            if fld is None:
                continue
            text = fld.text
            lo, hi = _display_range(text) if name == "body" else (0, len(text))
            spans = [(f.start, f.end, d["id"], f.severity,
                      f"{d['number']}. {f.rule} {f.name} ({f.severity})")
                     for f, d in zip(items, findings) if f.field == name and f.end > f.start]
            fields.append({
                "name": name,
                "label": FIELD_LABELS[name],
                "segments": segments(text, spans, lo, hi),
                "empty": not text[lo:hi].strip(),
            })
        ctx = result.context
        sev_counts = Counter(f.severity for f in items)
        path = self.display_path(msg.path)
        return {
            "id": mid,
            "number": self._index,
            "message_id": msg.id,
            "show_id": msg.id not in (msg.path, path, f"{msg.path}:{msg.line}"),
            "path": path,
            "line": msg.line,
            "context": {
                "relationship": ctx.relationship,
                "relationship_source": ctx.relationship_source,
                "purpose": ctx.purpose,
                "purpose_source": ctx.purpose_source,
                "reason": ctx.purpose_reason if ctx.purpose_source == "inferred" else "",
            },
            "fields": fields,
            "findings": findings,
            "severities": sorted({f.severity for f in items}, key=lambda s: -SEVERITY_RANK.get(s, 0)),
            "categories": sorted({f.category for f in items}),
            "counts": [(s, sev_counts[s]) for s in SEVERITY_ORDER if sev_counts.get(s)],
        }

    # -- the reporter protocol -------------------------------------------------------------------

    def result(self, result: Result) -> None:
        items = problems(result)
        for f in items:
            self._matrix[(f.category, f.severity)] += 1
            self._rules_seen[(f.rule, f.name, f.category)] += 1
        if not items:
            if len(self._clean) < self.max_detail:
                self._clean.append({
                    "path": self.display_path(result.message.path),
                    "line": result.message.line,
                    "message_id": result.message.id,
                    "subject": " ".join(result.message.text("subject").split()),
                })
            else:
                self._clean_omitted += 1
            return
        if len(self._cards) >= self.max_detail:
            self._omitted_messages += 1
            for f in items:
                self._omitted[f.severity] += 1
            return
        self._index += 1
        # a Markup string: the macro already escaped the copy
        self._cards.append(self._macros.message_card(self._card(result, items)))

    def error(self, err: SourceError) -> None:
        if len(self._errors) >= self.max_detail:
            self._errors_omitted += 1
            return
        self._errors.append({"path": self.display_path(err.path), "line": err.line, "message": err.message,
                             "level": err.level,
                             "kind": "skipped" if err.skipped else err.level})

    def _chart(self) -> list[dict[str, Any]]:
        totals: Counter = Counter()
        for (cat, _sev), n in self._matrix.items():
            totals[cat] += n
        peak = max(totals.values(), default=0)
        rows = []
        for cat, total in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
            parts = []
            for sev in SEVERITY_ORDER:
                n = self._matrix.get((cat, sev), 0)
                if n:
                    parts.append({"severity": sev, "count": n, "width": f"{100.0 * n / peak:.2f}"})
            rows.append({"category": cat, "total": total, "parts": parts})
        return rows

    def finish(self, summary: Summary) -> None:
        sev = summary.by_severity + summary.notice_severity
        severities = [{"name": s, "count": sev.get(s, 0)} for s in SEVERITY_ORDER]
        categories = sorted({cat for cat, _ in self._matrix})
        top_rules = sorted(self._rules_seen.items(), key=lambda kv: (-kv[1], kv[0][0]))
        page = self._env.get_template("report.html.j2").render(
            version=__version__,
            summary=summary,
            total_findings=summary.findings + summary.notices,
            severities=severities,
            categories=categories,
            chart=self._chart(),
            rules=[{"rule": r, "name": n, "category": c, "count": k} for (r, n, c), k in top_rules],
            cards=self._cards,
            max_detail=self.max_detail,
            omitted_messages=self._omitted_messages,
            omitted=[(s, self._omitted[s]) for s in SEVERITY_ORDER if self._omitted.get(s)],
            omitted_findings=sum(self._omitted.values()),
            clean=self._clean,
            clean_omitted=self._clean_omitted,
            errors=self._errors,
            errors_omitted=self._errors_omitted,
            fail_on=self.options.fail_on,
        )
        self.out.write(page)
