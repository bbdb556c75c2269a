"""Reporters: results in, text for people or machines out.

Every reporter has the same four calls, so the CLI can stream results through any of
them: ``start(rules)``, ``result(result)`` for each message in input order,
``error(source_error)`` for each unreadable file, and ``finish(summary)``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Callable, Iterable, TextIO

from ..model import Result, SourceError
from .base import Reporter, ReportOptions, Summary

if TYPE_CHECKING:  # pragma: no cover
    from ..engine.rule import Rule

#: format name -> "module:Class", imported only when chosen
FORMATS: dict[str, str] = {
    "text": "text:TextReporter",
    "json": "json:JsonReporter",
    "jsonl": "json:JsonLinesReporter",
    "html": "html:HtmlReporter",
    "sarif": "sarif:SarifReporter",
    "github": "github:GithubReporter",
    "junit": "junit:JunitReporter",
}


def make_reporter(fmt: str, out: TextIO, options: ReportOptions) -> Reporter:
    module, cls = FORMATS[fmt].split(":")
    mod = importlib.import_module(f"{__name__}.{module}")
    return getattr(mod, cls)(out, options)


def write_report(
    reporter: Reporter,
    rules: list["Rule"],
    items: Iterable[Result | SourceError],
    on_item: Callable[[Result | SourceError], None] | None = None,
) -> Summary:
    """Drive ``reporter`` over results and source errors in input order; return the
    run's summary. ``on_item`` sees each item first (the CLI prints errors and
    progress there)."""
    summary = Summary()
    reporter.start(rules)
    for item in items:
        if on_item is not None:
            on_item(item)
        if isinstance(item, SourceError):
            summary.add_error(item)
            reporter.error(item)
        else:
            summary.add(item)
            reporter.result(item)
    reporter.finish(summary)
    return summary


__all__ = ["Reporter", "ReportOptions", "Summary", "FORMATS", "make_reporter", "write_report"]
