"""Render an :class:`~msglint.evaluation.Evaluation`: a table for people, one JSON
document for machines (documented in ``docs/json-schema.md``, "The eval document").

Both are deterministic: rows are ordered by the measurement (most frequent first,
ties by name) and nothing depends on time or on ``--jobs``.
"""

from __future__ import annotations

import json
from typing import TextIO

import click

from ..evaluation import GROUPS, HEADLINE, Evaluation, Example
from .json import error_dict, finding_dict

EVAL_SCHEMA_VERSION = 1


def _ratio(x: float) -> float:
    return round(x, 4)


def _example_dict(e: Example) -> dict:
    return {"id": e.id, "path": e.path, "line": e.line, "fields": dict(e.fields),
            "findings": [finding_dict(f) for f in e.findings]}


def eval_dict(ev: Evaluation) -> dict:
    doc: dict = {
        "version": EVAL_SCHEMA_VERSION,
        "mode": ev.mode,
        "paths": list(ev.paths),
        "min_severity": ev.min_severity,
        "messages": ev.messages,
    }
    if ev.mode == "labelled":
        doc["labels"] = [{
            "label": s.spec.column,
            "categories": list(s.spec.categories),
            "support": s.support,
            "tp": s.tp, "fp": s.fp, "fn": s.fn, "tn": s.tn,
            "precision": _ratio(s.precision),
            "recall": _ratio(s.recall),
            "f1": _ratio(s.f1),
            **({"by": {value: {"tp": tp, "fp": fp, "fn": fn, "tn": tn,
                               "recall": _ratio(tp / (tp + fn)) if tp + fn else None}
                       for value, (tp, fp, fn, tn) in s.groups.items()}} if ev.by else {}),
            "misses": [_example_dict(e) for e in s.misses],
            "false_positives": [_example_dict(e) for e in s.false_positives],
        } for s in ev.labels]
    else:
        doc["groups"] = {g: {"messages": n, "rate": _ratio(ev.rate(n))} for g, n in ev.groups.items()}
        for key, rates in (("categories", ev.categories), ("rules", ev.rules)):
            doc[key] = [{
                **({"rule": r.key, "name": r.name} if key == "rules" else {}),
                "category": r.category,
                "messages": r.messages,
                "rate": _ratio(ev.rate(r.messages)),
                "examples": [_example_dict(e) for e in r.examples],
            } for r in rates]
    doc["thresholds"] = [{"kind": t.kind, "name": t.name, "limit": t.limit,
                          "value": None if t.value is None else _ratio(t.value), "passed": t.passed}
                         for t in ev.thresholds]
    doc["passed"] = ev.passed
    doc["errors"] = [error_dict(e) for e in ev.errors]
    return doc


def write_json(ev: Evaluation, out: TextIO) -> None:
    out.write(json.dumps(eval_dict(ev), ensure_ascii=False, indent=2) + "\n")


class _Text:
    def __init__(self, out: TextIO, color: bool):
        self.out, self.color = out, color

    def style(self, text: str, **kw) -> str:
        return click.style(text, **kw) if self.color else text

    def line(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def example(self, e: Example, indent: str = "  ") -> None:
        copy = "  ".join(f"{name}: {_quote(text)}" for name, text in e.fields.items() if text.strip())
        self.line(f"{indent}{self.style(f'{e.path}:{e.line}', bold=True)}  {copy}")
        for f in e.findings:
            self.line(f"{indent}    {f.rule} {f.category} [{f.severity}] {f.field}:{f.line}:{f.column} "
                      f"{_quote(f.text, 60)}")
        if not e.findings:
            self.line(f"{indent}    (nothing fired)")


def _quote(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return json.dumps(flat if len(flat) <= limit else flat[: limit - 1] + "…", ensure_ascii=False)


def write_text(ev: Evaluation, out: TextIO, color: bool = False) -> None:
    t = _Text(out, color)
    where = ", ".join(ev.paths)
    t.line(t.style(f"msglint eval{' --clean' if ev.mode == 'clean' else ''}: {ev.messages:,} messages "
                   f"from {where} (findings at {ev.min_severity} or above)", bold=True))
    if ev.mode == "labelled":
        _labelled(t, ev)
    else:
        _clean(t, ev)
    if ev.errors:
        t.line()
        t.line(t.style(f"{len(ev.errors)} rows or messages could not be read (not counted):", fg="red"))
        for err in ev.errors[:20]:
            t.line(f"  {err.level}: {err}")
    if ev.thresholds:
        t.line()
        for th in ev.thresholds:
            op = ">=" if th.kind == "min-f1" else "<="
            value = "n/a" if th.value is None else f"{th.value:.4f}"
            verdict = t.style("ok", fg="green") if th.passed else t.style("MISSED", fg="red", bold=True)
            t.line(f"{th.kind} {th.name} {op} {th.limit:g}: {value} {verdict}")


def _labelled(t: _Text, ev: Evaluation) -> None:
    t.line()
    width = max([len("label")] + [len(s.spec.column) for s in ev.labels])
    cwidth = max([len("categories")] + [len(s.spec.shown) for s in ev.labels])
    t.line(f"{'label':<{width}}  {'categories':<{cwidth}}  {'support':>7}  {'tp':>5}  {'fp':>5}  "
           f"{'fn':>5}  {'precision':>9}  {'recall':>6}  {'F1':>5}")
    for s in ev.labels:
        t.line(f"{s.spec.column:<{width}}  {s.spec.shown:<{cwidth}}  {s.support:>7}  "
               f"{s.tp:>5}  {s.fp:>5}  {s.fn:>5}  {s.precision:>9.2f}  {s.recall:>6.2f}  {s.f1:>5.2f}")
    for s in ev.labels:
        if not s.groups:
            continue
        t.line()
        t.line(t.style(f"{s.spec.column} by {ev.by}:", bold=True))
        gwidth = max([len(ev.by or "")] + [len(v or "(empty)") for v in s.groups])
        t.line(f"  {ev.by:<{gwidth}}  {'support':>7}  {'tp':>5}  {'fn':>5}  {'recall':>6}  {'fp':>5}  {'tn':>5}")
        for value, (tp, fp, fn, tn) in s.groups.items():
            recall = f"{tp / (tp + fn):6.2f}" if tp + fn else f"{'-':>6}"
            t.line(f"  {value or '(empty)':<{gwidth}}  {tp + fn:>7}  {tp:>5}  {fn:>5}  {recall}  {fp:>5}  {tn:>5}")
    for s in ev.labels:
        for examples, title in (
            (s.misses, f"Misses, {s.spec.column} ({s.fn}; first {len(s.misses)}, with what fired):"),
            (s.false_positives, f"False positives, {s.spec.column} ({s.fp}; worst {len(s.false_positives)}):"),
        ):
            if examples:
                t.line()
                t.line(t.style(title, bold=True))
                for e in examples:
                    t.example(e)


def _clean(t: _Text, ev: Evaluation) -> None:
    t.line()
    for group in GROUPS:
        n = ev.groups.get(group, 0)
        label = "pressure or authenticity" if group == HEADLINE else group
        t.line(f"{label + ':':<26} {n:>6,} messages  {ev.rate(n):6.1%}")
    if not ev.categories:
        t.line()
        t.line("No finding at this severity: every message passed.")
        return
    t.line()
    width = max(len(r.category) for r in ev.categories)
    t.line(f"{'category':<{width}}  {'messages':>8}  {'rate':>6}")
    for r in ev.categories:
        t.line(f"{r.category:<{width}}  {r.messages:>8,}  {ev.rate(r.messages):6.1%}")
    t.line()
    t.line(t.style("Rules, most frequent first:", bold=True))
    for r in ev.rules:
        t.line(f"{r.key} {r.name} ({r.category}): {r.messages:,} messages, {ev.rate(r.messages):.1%}")
        for e in r.examples:
            f = e.findings[0]
            which = "" if e.id in (e.path, f"{e.path}:{e.line}") else f"  (message {e.id})"
            t.line(f"    {e.path}:{f.line}:{f.column} [{f.field}] {_quote(f.text, 60)}{which}")

