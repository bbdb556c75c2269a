"""Reporters: results in, text for people or machines out.

Every reporter has the same four calls, so the CLI can stream results through any of
them: ``start(rules)``, ``result(result)`` for each message in input order,
``error(source_error)`` for each unreadable file, and ``finish(summary)``.
"""

from __future__ import annotations

import importlib
from typing import TextIO

from .base import Reporter, ReportOptions, Summary

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


__all__ = ["Reporter", "ReportOptions", "Summary", "FORMATS", "make_reporter"]
