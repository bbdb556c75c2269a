"""What all reporters share: options, the run summary, and the reporter protocol."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, TextIO

from ..model import SEVERITY_RANK, Finding, Result, SourceError

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.rule import Rule


@dataclass
class ReportOptions:
    color: bool = False
    show_context: bool = False
    #: findings and errors only: no closing summary line (text)
    quiet: bool = False
    fail_on: str = "warning"
    #: the base folder paths are shown relative to (SARIF, GitHub)
    root: str = "."


@dataclass
class Summary:
    """Counts for the closing line, the JSON summary and the exit code."""

    messages: int = 0
    files: int = 0
    messages_with_findings: int = 0
    by_severity: Counter = field(default_factory=Counter)
    by_category: Counter = field(default_factory=Counter)
    notices: int = 0
    #: notices (MSG001) by severity: they count for the exit code, not as copy findings
    notice_severity: Counter = field(default_factory=Counter)
    errors: int = 0
    skipped: int = 0
    #: files read with a doubt (a source warning that skips nothing)
    warnings: int = 0
    #: the last file counted: results come in input order, a file's messages together,
    #: so a set of every path (memory growing with the corpus) is not needed
    _last_path: str | None = field(default=None, repr=False)

    def add(self, result: Result) -> None:
        self.messages += 1
        if result.message.path != self._last_path:
            self._last_path = result.message.path
            self.files += 1
        if result.findings or result.notices:
            self.messages_with_findings += 1
        for f in result.findings:
            self.by_severity[f.severity] += 1
            self.by_category[f.category] += 1
        for n in result.notices:
            self.notices += 1
            self.notice_severity[n.severity] += 1

    def add_error(self, err: SourceError) -> None:
        if err.skipped:
            self.skipped += 1
        elif err.warning:
            self.warnings += 1
        else:
            self.errors += 1

    @property
    def findings(self) -> int:
        return sum(self.by_category.values())

    def failed(self, fail_on: str) -> bool:
        if fail_on == "never":
            return False
        floor = SEVERITY_RANK[fail_on]
        counts = self.by_severity + self.notice_severity
        return any(n and SEVERITY_RANK[s] >= floor for s, n in counts.items())

    def as_dict(self) -> dict:
        return {
            "messages": self.messages,
            "files": self.files,
            "messages_with_findings": self.messages_with_findings,
            "findings": self.findings,
            "by_severity": {s: self.by_severity.get(s, 0) for s in ("error", "warning", "info")},
            "by_category": dict(sorted(self.by_category.items())),
            "notices": self.notices,
            "errors": self.errors,
            "skipped": self.skipped,
            "warnings": self.warnings,
        }


def relative_path(path: str, root: str = ".") -> str | None:
    """``path`` relative to ``root`` with forward slashes, or ``None`` when it lies
    outside the root (or is not a file path at all, such as ``<command-line>``)."""
    if not path or (path.startswith("<") and path.endswith(">")) or path == "-":
        return None
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root or "."))
    except ValueError:  # another drive on Windows
        return None
    rel = rel.replace(os.sep, "/")
    if rel == ".." or rel.startswith("../"):
        return None
    return str(PurePosixPath(rel))


def problems(result: Result) -> list[Finding]:
    """A message's findings and notices, in report order (line, column, rule)."""
    return sorted(result.findings + result.notices, key=Finding.sort_key)


class Reporter:
    """Base reporter: subclasses override what they need."""

    def __init__(self, out: TextIO, options: ReportOptions):
        self.out = out
        self.options = options
        self.rules: dict[str, "Rule"] = {}

    def start(self, rules: list["Rule"]) -> None:
        self.rules = {r.id: r for r in rules}

    def display_path(self, path: str) -> str:
        """``path`` relative to ``ReportOptions.root`` when it lies inside it."""
        return relative_path(path, self.options.root) or path

    def result(self, result: Result) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def error(self, err: SourceError) -> None:
        pass

    def finish(self, summary: Summary) -> None:
        pass
