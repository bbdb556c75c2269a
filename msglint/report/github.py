"""GitHub Actions workflow commands: one annotation per finding.

    ::warning file=campaigns/spring.txt,line=1,col=10,endLine=1,endColumn=21,title=MSG101 unearned-praise::"Nicely done" praises ...

Errors become ``::error``, warnings ``::warning`` and info ``::notice``. Values are
escaped as the Actions runner expects: ``%``, CR and LF in the message; those and
``:`` and ``,`` in properties. Paths are relative to :attr:`ReportOptions.root` (the
workspace when run from a workflow), with forward slashes.
"""

from __future__ import annotations

from ..model import Finding, Result, SourceError
from .base import Reporter, Summary, problems

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message (after ``::``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value (``file=``, ``title=`` ...)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items()
                     if value is not None and value != "")
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


class GithubReporter(Reporter):

    def result(self, result: Result) -> None:
        path = self.display_path(result.message.path)
        for f in problems(result):
            self.out.write(self._annotation(path, f) + "\n")

    def _annotation(self, path: str, f: Finding) -> str:
        props: dict[str, object] = {"file": path, "line": max(f.line, 1)}
        if f.column:
            props["col"] = f.column
        if f.end_line and f.end_line >= f.line:
            props["endLine"] = f.end_line
        if f.end_column and f.end_line == f.line and f.end_column > f.column:
            props["endColumn"] = f.end_column
        props["title"] = f"{f.rule} {f.name}"
        message = f.message
        if f.suggestion:
            message += f"\nSuggestion: {f.suggestion}"
        return command(COMMANDS.get(f.severity, "warning"), props, message)

    def error(self, err: SourceError) -> None:
        props: dict[str, object] = {"file": self.display_path(err.path)}
        if err.line:
            props["line"] = err.line
        props["title"] = ("msglint: file skipped" if err.skipped
                          else "msglint: read with a warning" if err.warning
                          else "msglint: cannot read file")
        self.out.write(command(err.level, props, err.message) + "\n")

    def finish(self, summary: Summary) -> None:
        pass
