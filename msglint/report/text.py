"""The terminal report: ``path:line:col: CODE [severity] message``, the copy with the
span marked, and a suggestion. Colour only on a terminal (or when forced)."""

from __future__ import annotations

import click

from ..model import Finding, Result, SourceError
from .base import Reporter, Summary, problems

SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
MAX_SNIPPET = 100


def snippet(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The line of ``text`` holding ``start``, trimmed to a readable width, and the
    span's columns within it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    line = text[line_start:line_end]
    s, e = start - line_start, min(end, line_end) - line_start
    if len(line) > MAX_SNIPPET:
        left = max(0, min(s - 30, len(line) - MAX_SNIPPET))
        line = ("…" if left else "") + line[left:left + MAX_SNIPPET] + "…"
        shift = left - (1 if left else 0)
        s, e = s - shift, e - shift
    # tabs and leading blanks (masked template syntax) make the marker drift; keep it aligned
    lead = len(line) - len(line.lstrip())
    line = line.replace("\t", " ")
    line, s, e = line[lead:], s - lead, e - lead
    return line.rstrip(), max(s, 0), max(e, s + 1)


class TextReporter(Reporter):
    def _style(self, text: str, **kw) -> str:
        return click.style(text, **kw) if self.options.color else text

    def result(self, result: Result) -> None:
        items = problems(result)
        if self.options.show_context:  # every message's context, clean ones included
            ctx = result.context
            why = f" ({ctx.purpose_reason})" if ctx.purpose_source == "inferred" else ""
            msg = result.message
            label = msg.path if msg.id == msg.path else f"{msg.path}: {msg.id}"
            evidence = "; ".join(
                f"{kind}: {', '.join(items)}" for kind, items in
                (("correspondence evidence", ctx.correspondence_evidence),
                 ("campaign evidence", ctx.campaign_evidence)) if items)
            send = f", judged as {ctx.send}" + (f" ({evidence})" if evidence else "")
            self.out.write(self._style(
                f"{label}: relationship {ctx.relationship}, "
                f"purpose {ctx.purpose}{why}{send}\n", dim=True))
        for f in items:
            self._finding(result, f)

    def _finding(self, result: Result, f: Finding) -> None:
        sev = self._style(f"[{f.severity}]", fg=SEVERITY_COLOURS.get(f.severity), bold=True)
        code = self._style(f.rule, bold=True)
        where = self._style(f"{result.message.path}:{f.line}:{f.column}:", bold=True)
        self.out.write(f"{where} {code} {sev} {f.message}\n")
        fld = result.message.fields.get(f.field)
        if fld is not None and f.end > f.start:
            line, s, e = snippet(fld.text, f.start, f.end)
            label = f"{f.field:>9} | "
            self.out.write(self._style(label, dim=True) + line + "\n")
            marker = " " * s + "^" * (e - s)
            self.out.write(" " * len(label) + self._style(marker, fg=SEVERITY_COLOURS.get(f.severity)) + "\n")
        if f.suggestion:
            self.out.write(self._style("  = suggestion: ", fg="green") + f.suggestion + "\n")

    def error(self, err: SourceError) -> None:
        # errors go to stderr from the CLI; the text report only counts them
        pass

    def finish(self, summary: Summary) -> None:
        if self.options.quiet:
            return
        sev = summary.by_severity + summary.notice_severity
        if summary.findings or summary.notices:
            parts = [f"{sev.get(s, 0)} {s}{'s' if sev.get(s, 0) != 1 else ''}"
                     for s in ("error", "warning", "info") if sev.get(s)]
            line = (f"Found {summary.findings + summary.notices} problem"
                    f"{'s' if summary.findings + summary.notices != 1 else ''} ({', '.join(parts)}) "
                    f"in {summary.messages_with_findings} of {summary.messages} message"
                    f"{'s' if summary.messages != 1 else ''} ({summary.files} file"
                    f"{'s' if summary.files != 1 else ''} checked).")
        elif not summary.messages:
            # never "All clear" about copy that was not read
            line = "No messages read: nothing was checked."
        else:
            counted = (f"{summary.messages} message{'s' if summary.messages != 1 else ''} "
                       f"in {summary.files} file{'s' if summary.files != 1 else ''}")
            # "all clear" only when every file was read, without a doubt
            doubt = summary.errors or summary.skipped or summary.warnings
            line = f"No findings in {counted}." if doubt else f"All clear: {counted}, no findings."
        if summary.errors:
            line += f" {summary.errors} file error{'s' if summary.errors != 1 else ''} (see above)."
        if summary.skipped or summary.warnings:  # read with a doubt, or not read: say so
            doubts = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in
                      ((summary.skipped, "file skipped"), (summary.warnings, "read warning")) if n]
            line += f" {', '.join(doubts).replace('file skippeds', 'files skipped')} (see above)."
        self.out.write(("\n" if summary.findings else "") + self._style(line, bold=True) + "\n")
