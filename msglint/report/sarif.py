"""SARIF 2.1.0: the static-analysis interchange format GitHub code scanning and IDEs read.

The log holds one run. ``start`` writes the tool description (every selected rule,
with its documentation page as help), results stream out one per line as messages
arrive, and ``finish`` closes the results array and writes the invocation, where
unreadable files become tool execution notifications. Nothing but the current result
is held in memory, and nothing depends on time or on the machine, so the same input
gives byte-identical output.

Locations use ``uriBaseId: "%SRCROOT%"`` with the path relative to
:attr:`ReportOptions.root`; a path outside the root becomes an absolute ``file:`` URI.
Columns count Unicode code points (``columnKind``), 1-based, end exclusive, exactly as
msglint's own ``column`` / ``end_column``.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..version import __version__
from ..model import Finding, Result, SourceError
from .base import Reporter, Summary, problems, relative_path

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.rule import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "msglint/v1"


def artifact_location(path: str, root: str = ".") -> dict[str, str] | None:
    """A SARIF ``artifactLocation`` for a message's source path."""
    rel = relative_path(path, root)
    if rel is not None:
        return {"uri": quote(rel, safe="/-._~!$&'()*+,;=@"), "uriBaseId": SRCROOT}
    if not path or (path.startswith("<") and path.endswith(">")) or path == "-":
        return None
    return {"uri": Path(os.path.abspath(path)).as_uri()}


def _plain_description(rule: "Rule") -> str:
    return rule.description or rule.message.replace("{match}", "\u2026")


def rule_descriptor(rule: "Rule") -> dict[str, Any]:
    from ..ruledoc import rule_page

    help_text = f"{rule.why}\n\nUse instead: {rule.suggestion}"
    if rule.use_instead:
        help_text += f"\n\n{rule.use_instead}"
    desc: dict[str, Any] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _plain_description(rule)},
        "fullDescription": {"text": rule.why or _plain_description(rule)},
        "help": {"text": help_text, "markdown": rule_page(rule, "##")},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }
    return desc


def fingerprint(rel_path: str, message_id: str, f: Finding, occurrence: int) -> str:
    """A hash that survives lines moving: rule, file, message, field, flagged words."""
    key = "\x1f".join((f.rule, rel_path, message_id, f.field, " ".join(f.text.lower().split()),
                       str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


class SarifReporter(Reporter):
    def start(self, rules: list["Rule"]) -> None:
        super().start(rules)
        descriptors = [rule_descriptor(r) for r in rules]
        self._index = {d["id"]: i for i, d in enumerate(descriptors)}
        self._notifications: list[dict[str, Any]] = []
        self._failed = False
        self._first = True
        self._seen: dict[str, dict[tuple, int]] = {}
        self._seen_scope: tuple[str, str] = ("", "")
        driver = {
            "name": "msglint",
            "semanticVersion": __version__,
            "version": __version__,
            "rules": descriptors,
        }
        head = json.dumps({"tool": {"driver": driver}}, ensure_ascii=False, indent=2)
        # the run object, left open for the streamed results
        run_open = head[:-2].replace("\n", "\n    ") + ",\n"
        self.out.write('{\n  "$schema": %s,\n  "version": "2.1.0",\n  "runs": [\n    ' % _dumps(SCHEMA_URI))
        self.out.write(run_open)
        self.out.write('      "columnKind": "unicodeCodePoints",\n      "results": [')

    @staticmethod
    def _stable_id(msg) -> str:
        """The message's own id, or "" when the reader made one up from its place
        (``path`` or ``path:line``), which would change as lines move."""
        return "" if msg.id in (msg.path, f"{msg.path}:{msg.line}") else msg.id

    def _result_obj(self, result: Result, f: Finding, rel: str, seen: dict[tuple, int]) -> dict[str, Any]:
        msg = result.message
        text = f.message
        if f.suggestion:
            text = f"{text} {f.suggestion}"
        obj: dict[str, Any] = {"ruleId": f.rule}
        if f.rule in self._index:
            obj["ruleIndex"] = self._index[f.rule]
        obj["level"] = LEVELS.get(f.severity, "warning")
        obj["message"] = {"text": text}
        location: dict[str, Any] = {}
        art = artifact_location(msg.path, self.options.root)
        if art is not None:
            region: dict[str, Any] = {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)}
            end_line = max(f.end_line, region["startLine"])
            end_col = max(f.end_column, 1)
            if end_line == region["startLine"]:
                end_col = max(end_col, region["startColumn"])
            region["endLine"] = end_line
            region["endColumn"] = end_col
            if f.text:
                region["snippet"] = {"text": f.text}
            location["physicalLocation"] = {"artifactLocation": art, "region": region}
        location["logicalLocations"] = [{"name": msg.id, "kind": "message"}]
        obj["locations"] = [location]
        key = (f.rule, f.field, " ".join(f.text.lower().split()))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        obj["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(rel, self._stable_id(msg), f, occurrence)}
        props: dict[str, Any] = {"category": f.category, "severity": f.severity}
        if f.field:
            props["field"] = f.field
        props["messageId"] = msg.id
        props["relationship"] = result.context.relationship
        props["purpose"] = result.context.purpose
        obj["properties"] = props
        return obj

    def result(self, result: Result) -> None:
        msg = result.message
        rel = relative_path(msg.path, self.options.root) or msg.path
        # identical findings are told apart by their order within the file (for messages
        # without an id of their own) or within the message; only one file is remembered
        scope = (rel, self._stable_id(msg))
        if scope[0] != self._seen_scope[0]:
            self._seen.clear()
        self._seen_scope = scope
        seen = self._seen.setdefault(scope[1], {})
        for f in problems(result):
            self.out.write("\n        " if self._first else ",\n        ")
            self._first = False
            self.out.write(_dumps(self._result_obj(result, f, rel, seen)))

    def error(self, err: SourceError) -> None:
        if err.level == "error":
            self._failed = True
        note: dict[str, Any] = {
            "level": err.level,
            "message": {"text": f"{err}"},
            "descriptor": {"id": "skipped-file" if err.skipped
                           else "source-warning" if err.warning else "source-error"},
        }
        art = artifact_location(err.path, self.options.root)
        if art is not None:
            loc: dict[str, Any] = {"artifactLocation": art}
            if err.line:
                loc["region"] = {"startLine": err.line}
            note["locations"] = [{"physicalLocation": loc}]
        self._notifications.append(note)

    def finish(self, summary: Summary) -> None:
        self.out.write("\n      ],\n" if not self._first else "],\n")
        invocation: dict[str, Any] = {"executionSuccessful": not self._failed}
        if self._notifications:
            invocation["toolExecutionNotifications"] = self._notifications
        self.out.write('      "invocations": [%s],\n' % _dumps(invocation))
        props = {"summary": summary.as_dict()}
        self.out.write('      "properties": %s\n    }\n  ]\n}\n' % _dumps(props))
