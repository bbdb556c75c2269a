"""JUnit XML, for CI systems that show test results (Jenkins, GitLab, Azure, CircleCI).

    <testsuites name="msglint">
      <testsuite name="campaigns/spring.txt">      one per file
        <testcase name="spring-promo">             one per message
          <failure type="MSG101" .../>             one per finding at or above --fail-on
          <system-out>lower-severity findings</system-out>

A message with no finding at or above ``fail_on`` passes; its lower-severity findings
are listed in ``system-out`` and as properties. An unreadable file is a test suite with
one erroring test case. Elements are built with :mod:`xml.etree.ElementTree` and every
string is stripped of characters XML 1.0 forbids, so the document always parses.

Suites are written to a temporary spool as each file completes (results arrive in path
order), so memory stays flat however many messages the run has; the root element's
totals are written at the end. No timestamps, no hostnames: same input, same bytes.
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from typing import Any

from ..model import SEVERITY_RANK, Finding, Result, SourceError
from .base import Reporter, Summary, problems

#: everything XML 1.0 does not allow in a document (control characters, lone surrogates,
#: U+FFFE and U+FFFF)
ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(value: Any) -> str:
    return ILLEGAL_XML_RE.sub("\ufffd", str(value))


def _line(path: str, f: Finding) -> str:
    where = f"{path}:{f.line}:{f.column}"
    head = f"{where}: {f.rule} {f.name} [{f.severity}] ({f.category})"
    if f.field:
        head += f" in {f.field}"
    return head


def _detail(path: str, f: Finding) -> str:
    lines = [_line(path, f), f.message]
    if f.text:
        lines.append(f"flagged: {f.text}")
    if f.suggestion:
        lines.append(f"suggestion: {f.suggestion}")
    return "\n".join(lines)


class _Suite:
    __slots__ = ("path", "cases", "tests", "failures", "errors")

    def __init__(self, path: str):
        self.path = path
        self.cases: list[ET.Element] = []
        self.tests = self.failures = self.errors = 0


class JunitReporter(Reporter):
    def start(self, rules) -> None:
        super().start(rules)
        self._spool = tempfile.SpooledTemporaryFile(max_size=4 << 20, mode="w+", encoding="utf-8",
                                                    newline="\n")
        self._suite: _Suite | None = None
        self._totals = {"tests": 0, "failures": 0, "errors": 0}
        floor = self.options.fail_on
        self._floor = None if floor == "never" else SEVERITY_RANK.get(floor, SEVERITY_RANK["warning"])


    def _suite_for(self, path: str) -> _Suite:
        if self._suite is None or self._suite.path != path:
            self._flush()
            self._suite = _Suite(path)
        return self._suite

    def _fails(self, f: Finding) -> bool:
        return self._floor is not None and SEVERITY_RANK.get(f.severity, 0) >= self._floor

    def result(self, result: Result) -> None:
        path = self.display_path(result.message.path)
        suite = self._suite_for(path)
        msg = result.message
        case = ET.Element("testcase", {
            "name": clean(msg.id),
            "classname": clean(path),
            "file": clean(path),
            "line": str(msg.line),
            "time": "0",
        })
        items = problems(result)
        failing = [f for f in items if self._fails(f)]
        passing = [f for f in items if not self._fails(f)]
        ctx = result.context
        props = ET.SubElement(case, "properties")
        for name, value in (("relationship", ctx.relationship),
                            ("relationship_source", ctx.relationship_source),
                            ("purpose", ctx.purpose), ("purpose_source", ctx.purpose_source),
                            ("purpose_reason", ctx.purpose_reason if ctx.purpose_source == "inferred" else "")):
            if value:
                ET.SubElement(props, "property", {"name": name, "value": clean(value)})
        for f in passing:
            ET.SubElement(props, "property", {
                "name": f"{f.severity}:{f.rule}",
                "value": clean(f"{f.line}:{f.column} {f.name}: {f.message}"),
            })
        for f in failing:
            failure = ET.SubElement(case, "failure", {
                "type": clean(f"{f.rule} {f.name}"),
                "message": clean(f"{f.rule} [{f.severity}] {f.message}"),
            })
            failure.text = clean(_detail(path, f))
        if passing:
            out = ET.SubElement(case, "system-out")
            out.text = clean("\n\n".join(_detail(path, f) for f in passing) + "\n")
        suite.cases.append(case)
        suite.tests += 1
        if failing:
            suite.failures += 1

    def error(self, err: SourceError) -> None:
        path = self.display_path(err.path)
        suite = self._suite_for(path)
        case = ET.Element("testcase", {"name": "read", "classname": clean(path), "file": clean(path),
                                       "time": "0"})
        if err.line:
            case.set("line", str(err.line))
        if err.skipped:
            skipped = ET.SubElement(case, "skipped", {"message": clean(err.message)})
            skipped.text = clean(str(err))
        elif err.warning:  # read, and passed: JUnit has no warnings, so it is output
            ET.SubElement(case, "system-out").text = clean(f"warning: {err}")
        else:
            el = ET.SubElement(case, "error", {"type": "SourceError", "message": clean(err.message)})
            el.text = clean(str(err))
            suite.errors += 1
        suite.cases.append(case)
        suite.tests += 1

    def _flush(self) -> None:
        suite = self._suite
        if suite is None:
            return
        skipped = sum(1 for c in suite.cases if c.find("skipped") is not None)
        el = ET.Element("testsuite", {
            "name": clean(suite.path),
            "tests": str(suite.tests),
            "failures": str(suite.failures),
            "errors": str(suite.errors),
            "skipped": str(skipped),
            "time": "0",
        })
        el.extend(suite.cases)
        ET.indent(el, space="  ", level=1)
        self._spool.write("  " + ET.tostring(el, encoding="unicode") + "\n")
        for key in ("tests", "failures", "errors"):
            self._totals[key] += getattr(suite, key)
        self._suite = None

    def finish(self, summary: Summary) -> None:
        self._flush()
        root = ET.Element("testsuites", {
            "name": "msglint",
            "tests": str(self._totals["tests"]),
            "failures": str(self._totals["failures"]),
            "errors": str(self._totals["errors"]),
            "time": "0",
        })
        opening = ET.tostring(root, encoding="unicode")
        # "<testsuites ... />": reopen it around the spooled suites
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(opening[:-3] + ">\n")
        self._spool.seek(0)
        while True:
            chunk = self._spool.read(1 << 16)
            if not chunk:
                break
            self.out.write(chunk)
        self._spool.close()
        self.out.write("</testsuites>\n")
