"""JSON and JSON-lines reports, streamed message by message.

The document shape is versioned and documented in ``docs/json-schema.md``. Keys are
written in a fixed order and nothing depends on time, so the same input gives
byte-identical output.
"""

from __future__ import annotations

import json

from ..model import Finding, Result, SourceError
from .base import Reporter, Summary

SCHEMA_VERSION = 1


def finding_dict(f: Finding) -> dict:
    return {
        "rule": f.rule,
        "name": f.name,
        "category": f.category,
        "severity": f.severity,
        "field": f.field,
        "line": f.line,
        "column": f.column,
        "end_line": f.end_line,
        "end_column": f.end_column,
        "text": f.text,
        "message": f.message,
        "suggestion": f.suggestion,
    }


def result_dict(r: Result) -> dict:
    ctx = r.context
    return {
        "id": r.message.id,
        "source": {"path": r.message.path, "line": r.message.line},
        "context": {
            "relationship": ctx.relationship,
            "relationship_source": ctx.relationship_source,
            "purpose": ctx.purpose,
            "purpose_source": ctx.purpose_source,
            "purpose_inferred": ctx.purpose_source == "inferred",
            "purpose_reason": ctx.purpose_reason,
            "send": ctx.send,
            "evidence": {"correspondence": list(ctx.correspondence_evidence),
                         "campaign": list(ctx.campaign_evidence)},
        },
        "fields": {name: fld.text for name, fld in r.message.fields.items()},
        "findings": [finding_dict(f) for f in r.findings],
        "notices": [finding_dict(n) for n in r.notices],
    }


def error_dict(err: SourceError) -> dict:
    return {"path": err.path, "line": err.line, "message": err.message,
            "level": err.level}


def _dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


class JsonReporter(Reporter):
    """``{"version": 1, "messages": [...], "errors": [...], "summary": {...}}``."""

    def start(self, rules) -> None:
        super().start(rules)
        self.out.write('{"version": %d, "messages": [' % SCHEMA_VERSION)
        self._first = True
        self._errors: list[dict] = []

    def result(self, result: Result) -> None:
        self.out.write("\n  " if self._first else ",\n  ")
        self._first = False
        self.out.write(_dumps(result_dict(result)))

    def error(self, err: SourceError) -> None:
        self._errors.append(error_dict(err))

    def finish(self, summary: Summary) -> None:
        self.out.write("\n], " if not self._first else "], ")
        self.out.write('"errors": [%s], ' % ", ".join(_dumps(e) for e in self._errors))
        self.out.write('"summary": %s}\n' % _dumps(summary.as_dict()))


class JsonLinesReporter(Reporter):
    """One JSON object per line: messages and errors in input order, then a summary."""

    def result(self, result: Result) -> None:
        self.out.write(_dumps({"type": "message", **result_dict(result)}) + "\n")

    def error(self, err: SourceError) -> None:
        self.out.write(_dumps({"type": "error", **error_dict(err)}) + "\n")

    def finish(self, summary: Summary) -> None:
        self.out.write(_dumps({"type": "summary", "version": SCHEMA_VERSION, **summary.as_dict()}) + "\n")
