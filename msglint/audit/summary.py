"""An audit's summary: per-partition counts merged into one report.

Each partition task returns a small :class:`PartitionStats` (plain counters, cheap to
send back) instead of its findings; the client merges them and writes
``summary.json`` and ``summary.html``. Counts are exact (every sender and campaign is
counted, not sampled), and a partition's stats are the value its task returned, so a
task Dask retried after a worker died is counted once, as its shard is written once.

Rates are shares of the messages read: a message with three false-urgency findings
counts once in false-urgency's rate. Nothing in the files depends on time or on
which worker ran what: the same archive gives the same summary, byte for byte.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..model import Result, SourceError

SUMMARY_VERSION = 1
#: damaged messages listed in the summary (all of them are in the findings shards)
ERROR_EXAMPLES = 20
NO_SENDER = "(no sender name)"


@dataclass
class PartitionStats:
    index: int
    shards: list[str]
    messages: int = 0
    messages_with_findings: int = 0
    findings: int = 0
    notices: int = 0
    errors: int = 0
    warnings: int = 0
    skipped: int = 0
    rows: int = 0
    by_severity: Counter = field(default_factory=Counter)
    #: category / rule -> [findings, messages with one]
    by_category: dict[str, list[int]] = field(default_factory=dict)
    by_rule: dict[str, list[int]] = field(default_factory=dict)
    rule_info: dict[str, tuple[str, str]] = field(default_factory=dict)  # rule -> (name, category)
    #: sender / campaign -> [messages, messages with findings, findings]
    senders: dict[str, list[int]] = field(default_factory=dict)
    campaigns: dict[str, list[int]] = field(default_factory=dict)
    error_examples: list[dict] = field(default_factory=list)

    def add_result(self, result: Result) -> None:
        msg = result.message
        self.messages += 1
        flagged = bool(result.findings)
        self.messages_with_findings += flagged
        self.findings += len(result.findings)
        self.notices += len(result.notices)
        cats: Counter = Counter()
        rules: Counter = Counter()
        for f in result.findings:
            self.by_severity[f.severity] += 1
            cats[f.category] += 1
            rules[f.rule] += 1
            self.rule_info.setdefault(f.rule, (f.name, f.category))
        for table, counts in ((self.by_category, cats), (self.by_rule, rules)):
            for key, n in counts.items():
                entry = table.setdefault(key, [0, 0])
                entry[0] += n
                entry[1] += 1
        sender = msg.text("from").strip() or NO_SENDER
        campaign = str(msg.meta.get("campaign") or msg.path)
        for table, key in ((self.senders, sender), (self.campaigns, campaign)):
            entry = table.setdefault(key, [0, 0, 0])
            entry[0] += 1
            entry[1] += flagged
            entry[2] += len(result.findings)

    def add_error(self, err: SourceError, row_id: str) -> None:
        if err.skipped:
            self.skipped += 1
        elif err.warning:
            self.warnings += 1
        else:
            self.errors += 1
        if len(self.error_examples) < ERROR_EXAMPLES:
            self.error_examples.append({"id": row_id, "source": err.path, "line": err.line or 0,
                                        "level": err.level, "message": err.message})


def _rate(n: int, total: int) -> float:
    return round(n / total, 6) if total else 0.0


def merge(parts: Iterable[PartitionStats], *, paths: list[str], fmt: str, top: int = 20) -> dict:
    """The summary document (``summary.json``) from every partition's stats, taken
    in partition order whatever order they finished in."""
    parts = sorted(parts, key=lambda p: p.index)
    total = PartitionStats(-1, [])
    categories: dict[str, list[int]] = {}
    rules: dict[str, list[int]] = {}
    senders: dict[str, list[int]] = {}
    campaigns: dict[str, list[int]] = {}
    for p in parts:
        for name in ("messages", "messages_with_findings", "findings", "notices", "errors",
                     "warnings", "skipped", "rows"):
            setattr(total, name, getattr(total, name) + getattr(p, name))
        total.by_severity.update(p.by_severity)
        total.rule_info.update(p.rule_info)
        for into, src in ((categories, p.by_category), (rules, p.by_rule),
                          (senders, p.senders), (campaigns, p.campaigns)):
            for key, counts in src.items():
                entry = into.setdefault(key, [0] * len(counts))
                for i, n in enumerate(counts):
                    entry[i] += n
        room = ERROR_EXAMPLES - len(total.error_examples)
        total.error_examples.extend(p.error_examples[:max(room, 0)])
    m = total.messages

    def ranked(table: dict[str, list[int]]) -> list[tuple[str, list[int]]]:
        # most findings first; ties by the name, so the order never depends on timing
        return sorted(table.items(), key=lambda kv: (-kv[1][0], kv[0]))

    def ranked_groups(table: dict[str, list[int]], label: str) -> list[dict]:
        rows = sorted(table.items(), key=lambda kv: (-kv[1][2], -kv[1][1], kv[0]))[:top]
        return [{label: key, "messages": c[0], "messages_with_findings": c[1], "findings": c[2],
                 "rate": _rate(c[1], c[0])} for key, c in rows]

    return {
        "version": SUMMARY_VERSION,
        "inputs": {"paths": list(paths), "shards": sum(len(p.shards) for p in parts),
                   "partitions": len(parts)},
        "messages": m,
        "messages_with_findings": total.messages_with_findings,
        "rate": _rate(total.messages_with_findings, m),
        "findings": total.findings,
        "notices": total.notices,
        "errors": total.errors,
        "warnings": total.warnings,
        "skipped": total.skipped,
        "by_severity": {s: total.by_severity.get(s, 0) for s in ("error", "warning", "info")},
        "by_category": [{"category": k, "findings": c[0], "messages": c[1], "rate": _rate(c[1], m)}
                        for k, c in ranked(categories)],
        "by_rule": [{"rule": k, "name": total.rule_info.get(k, ("", ""))[0],
                     "category": total.rule_info.get(k, ("", ""))[1],
                     "findings": c[0], "messages": c[1], "rate": _rate(c[1], m)}
                    for k, c in ranked(rules)],
        "senders": {"distinct": len(senders), "top": ranked_groups(senders, "sender")},
        "campaigns": {"distinct": len(campaigns), "top": ranked_groups(campaigns, "campaign")},
        "error_examples": total.error_examples,
        "output": {"format": fmt, "rows": total.rows, "shards": len(parts)},
        "partitions": [{"index": p.index, "shards": p.shards, "messages": p.messages,
                        "findings": p.findings, "errors": p.errors + p.warnings + p.skipped,
                        "rows": p.rows} for p in parts],
    }


def dumps(summary: dict) -> str:
    return json.dumps(summary, ensure_ascii=False, indent=2) + "\n"


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return "<p class=none>None.</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.2%}"
    return str(v)


def render_html(s: dict) -> str:
    """A self-contained page (no scripts, no external files): every value escaped."""
    sev = s["by_severity"]
    cards = [("messages read", s["messages"]), ("with findings", f"{s['messages_with_findings']} ({s['rate']:.1%})"),
             ("findings", s["findings"]), ("error findings", sev["error"]),
             ("warning findings", sev["warning"]), ("info findings", sev["info"]),
             ("read errors (damaged messages, unreadable files)", s["errors"]),
             ("read warnings (skipped files, unknown keys)", s["warnings"] + s["skipped"])]
    parts = [
        "<!doctype html><html lang=en><head><meta charset=utf-8>",
        "<title>msglint audit</title><style>",
        "body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;color:#222}",
        "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{padding:.25em .7em;"
        "border-bottom:1px solid #ddd;text-align:left}th{background:#f4f4f4}",
        ".cards{display:flex;flex-wrap:wrap;gap:1em}.card{border:1px solid #ddd;border-radius:6px;"
        "padding:.6em 1em}.card b{display:block;font-size:1.4em}.none{color:#777}",
        "</style></head><body>",
        "<h1>msglint audit</h1>",
        f"<p>{len(s['inputs']['paths'])} input path(s), {s['inputs']['shards']} shard(s) in "
        f"{s['inputs']['partitions']} partition(s). Findings: <code>findings/</code> "
        f"({html.escape(s['output']['format'])}, {s['output']['rows']} rows).</p>",
        "<div class=cards>" + "".join(f"<div class=card><b>{html.escape(str(v))}</b>{html.escape(k)}</div>"
                                       for k, v in cards) + "</div>",
        "<h2>By category</h2>",
        _table(["category", "findings", "messages", "share of messages"],
               [[r["category"], r["findings"], r["messages"], r["rate"]] for r in s["by_category"]]),
        "<h2>By rule</h2>",
        _table(["rule", "name", "category", "findings", "messages", "share of messages"],
               [[r["rule"], r["name"], r["category"], r["findings"], r["messages"], r["rate"]]
                for r in s["by_rule"]]),
    ]
    for key, label in (("senders", "sender"), ("campaigns", "campaign")):
        group = s[key]
        parts.append(f"<h2>{label.capitalize()}s with most findings</h2>"
                     f"<p>{group['distinct']} distinct; the top {len(group['top'])}.</p>")
        parts.append(_table([label, "messages", "with findings", "findings", "share flagged"],
                            [[r[label], r["messages"], r["messages_with_findings"], r["findings"], r["rate"]]
                             for r in group["top"]]))
    parts.append("<h2>Read errors and warnings</h2>")
    shown = s["error_examples"]
    total = s["errors"] + s["warnings"] + s["skipped"]
    if total > len(shown):
        parts.append(f"<p>The first {len(shown)} of {total}; every one is a row of kind "
                     "<code>error</code> in the findings shards.</p>")
    parts.append(_table(["id", "source", "line", "level", "why"],
                        [[e["id"], e["source"], e["line"], e["level"], e["message"]] for e in shown]))
    parts.append("</body></html>\n")
    return "\n".join(parts)
