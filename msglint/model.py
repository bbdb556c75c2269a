"""The data that flows through msglint: messages in, findings out.

Readers (``msglint.sources``) turn files into :class:`Message` objects; the engine
(``msglint.engine``) turns a message into :class:`Finding` objects; reporters
(``msglint.report``) render :class:`Result` objects. Nothing here knows about files,
spaCy or output formats, so every stage can be tested on its own.
"""

from __future__ import annotations

import copy
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

#: The copy fields msglint reads, in report order. ``from`` is the sender display name.
FIELDS: tuple[str, ...] = ("from", "subject", "preheader", "body")

SEVERITIES: tuple[str, ...] = ("info", "warning", "error")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


class LineIndex:
    """Maps character offsets of one document to 1-based (line, column).

    ``line_base`` shifts every line, for text that starts partway through a file
    (an email body after its headers). Columns count characters, as editors do.
    """

    __slots__ = ("_starts", "line_base", "_first")

    def __init__(self, text: str, line_base: int = 0):
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts
        self.line_base = line_base
        #: lines of the document before the first one this index holds (see window)
        self._first = 0

    def position(self, offset: int) -> tuple[int, int]:
        idx = max(bisect_right(self._starts, offset) - 1, 0)
        return idx + 1 + self.line_base + self._first, offset - self._starts[idx] + 1

    def offset(self, line: int, column0: int) -> int:
        """The offset of 1-based ``line`` (ignoring ``line_base``) and 0-based column:
        the inverse of :meth:`position`, for parsers that report (line, column)."""
        return self._starts[line - 1 - self._first] + column0

    def __len__(self) -> int:
        return len(self._starts)

    def window(self, lo: int, hi: int) -> "LineIndex":
        """An index that gives the same positions as this one for offsets ``lo``..``hi``,
        holding only the lines they span. A message of a 100,000-row spreadsheet sent
        to a worker process then carries its own lines, not the file's whole table
        (which made sending a file's rows quadratic in its length)."""
        first = max(bisect_right(self._starts, lo) - 1, 0)
        last = bisect_right(self._starts, hi)
        sub = copy.copy(self)  # a subclass's own state too (mbox's unquoted lines)
        sub._starts = self._starts[first:max(last, first + 1)]
        sub._first = self._first + first
        return sub


class SourceMap:
    """Maps offsets in a field's text back to offsets in its source document.

    Built from segments: a run of field text that was copied verbatim from the source
    maps character by character; a run produced by decoding (``&amp;`` -> ``&``) maps
    every character to the start of the source construct. Readers that copy text
    straight from the file need only one segment.
    """

    __slots__ = ("_text_starts", "_segments", "index")

    def __init__(self, index: LineIndex):
        self.index = index
        self._text_starts: list[int] = []
        self._segments: list[tuple[int, int, bool]] = []  # (text_start, src_start, linear)

    @classmethod
    def identity(cls, index: LineIndex, src_start: int = 0) -> "SourceMap":
        smap = cls(index)
        smap.add(0, src_start)
        return smap

    def add(self, text_start: int, src_start: int, linear: bool = True) -> None:
        if self._text_starts and self._text_starts[-1] == text_start:
            self._segments[-1] = (text_start, src_start, linear)
            return
        self._text_starts.append(text_start)
        self._segments.append((text_start, src_start, linear))

    def source_offset(self, offset: int) -> int:
        if not self._segments:
            return offset
        idx = max(bisect_right(self._text_starts, offset) - 1, 0)
        text_start, src_start, linear = self._segments[idx]
        return src_start + (offset - text_start if linear else 0)

    def position(self, offset: int) -> tuple[int, int]:
        return self.index.position(self.source_offset(offset))

    def for_text(self, length: int) -> "SourceMap":
        """This map with its line index cut to the source a text of ``length``
        characters maps to (:meth:`LineIndex.window`): the same positions for every
        offset of the text, and a small map to send to a worker process."""
        if not self._segments:
            return self
        lo = min(src for _, src, _ in self._segments)
        hi = 0
        ends = self._text_starts[1:] + [max(length, self._text_starts[-1])]
        for (text_start, src, linear), end in zip(self._segments, ends):
            hi = max(hi, src + (end - text_start if linear else 0))
        smap = SourceMap(self.index.window(lo, hi + 1))
        smap._text_starts = self._text_starts
        smap._segments = self._segments
        return smap


@dataclass
class Field:
    """One piece of copy (subject, preheader, sender name or body) and where it came from."""

    name: str
    text: str
    smap: SourceMap

    def position(self, offset: int) -> tuple[int, int]:
        return self.smap.position(offset)


@dataclass
class Suppression:
    """An inline ``msglint: disable`` directive, kept so unused ones can be reported."""

    codes: tuple[str, ...]  # empty tuple: every rule
    start_line: int
    end_line: int  # inclusive; a very large number for "to the end"
    line: int  # where the directive itself stands
    column: int
    used: bool = False

    def covers(self, code: str, line: int) -> bool:
        return self.start_line <= line <= self.end_line and (not self.codes or code in self.codes)


@dataclass
class Message:
    """One marketing message as read from a source, before any judgement."""

    id: str
    path: str
    line: int
    fields: dict[str, Field]
    #: Declared context and facts from the source that rules may read:
    #: relationship, purpose, in_reply_to, references, list_unsubscribe, links,
    #: kind ("full-email" for .eml/.html, where compliance applies), disable (codes).
    meta: dict[str, Any] = field(default_factory=dict)
    suppressions: list[Suppression] = field(default_factory=list)

    def text(self, name: str) -> str:
        fld = self.fields.get(name)
        return fld.text if fld else ""


@dataclass(frozen=True)
class Context:
    """The relationship and purpose a message is judged against."""

    relationship: str
    purpose: str
    relationship_source: str  # "message", "file", "config", "cli" or "default"
    purpose_source: str  # same, or "inferred"
    purpose_reason: str = ""
    #: "campaign" or "correspondence" (a person writing to a person or a list), and the
    #: evidence each way (``engine/evidence.py``); a declared ``correspondence`` purpose
    #: makes the send correspondence whatever the evidence says
    send: str = "campaign"
    correspondence_evidence: tuple[str, ...] = ()
    campaign_evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    category: str
    severity: str
    field: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    message: str
    suggestion: str
    start: int = 0  # offsets in the field text, for highlighting
    end: int = 0

    def sort_key(self) -> tuple:
        return (self.line, self.column, self.rule, self.end_line, self.end_column)


@dataclass
class Result:
    """A message with its context and findings: what every reporter renders."""

    message: Message
    context: Context
    findings: list[Finding]
    notices: list[Finding] = field(default_factory=list)  # e.g. unused suppressions


@dataclass(frozen=True)
class SourceError:
    """A file (or a place in one) that could not be read; reported, never fatal to the run."""

    path: str
    message: str
    line: int | None = None
    skipped: bool = False  # a warning-level skip (binary file), not an error
    #: read, but with a doubt worth a warning (copy a YAML comment cut short); the
    #: file's messages are still linted and the run does not exit 2 for it
    warning: bool = False
    #: what kind of problem, where a switch treats it differently: ``"unknown-key"``
    #: (a key msglint ignores) is an error under ``--strict`` / ``strict = true``
    code: str = ""

    @property
    def level(self) -> str:
        """``"warning"`` (a skip or a doubt) or ``"error"`` (exit code 2)."""
        return "warning" if self.skipped or self.warning else "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class UsageError(Exception):
    """A configuration or rule-pack problem: reported with its place, exit code 2."""
