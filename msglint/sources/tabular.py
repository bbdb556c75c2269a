"""Campaign spreadsheets: ``.csv``, one message per row.

The header row names the columns (case-insensitive): ``id``, ``subject``,
``preheader``, ``from``, ``body``, ``relationship``, ``purpose``,
``msglint-disable`` and the other spellings :mod:`msglint.sources.mapping` accepts;
other columns are ignored. The delimiter (comma, semicolon or tab) is read from the
header line.

The file is tokenised here rather than with :mod:`csv` so that every row knows the
physical line it starts on (quoted fields may hold line breaks) and every field's text
maps to its true line and column; a ``""`` escape maps to its first quote. A bad row
(an unknown relationship, an unterminated quote) is reported at its line and the
other rows are still read.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model import LineIndex, Message, SourceError, SourceMap
from ..text.directives import assign_in_order, parse_directives, strip_directives
from .mapping import FIELD_KEYS, KNOWN_KEYS, InvalidMessage, message_from_mapping

#: (value, [(value_offset, source_offset), ...]) -- linear segments of one field
Cell = tuple[str, list[tuple[int, int]]]
FIELD_OF = {key: name for name, keys in FIELD_KEYS.items() for key in keys}
EXPECTED = "id, subject, preheader, from, body, relationship, purpose, msglint-disable"


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _records(text: str, delim: str) -> Iterator[tuple[int, list[Cell] | None]]:
    """Yield ``(record_start_offset, cells)``; cells is None for an unterminated quote."""
    n = len(text)
    stop = re.compile(f"[{re.escape(delim)}\r\n]")
    pos = 0
    while pos < n:
        start = pos
        cells: list[Cell] = []
        broken = False
        while True:
            if pos < n and text[pos] == '"':
                pos += 1
                chunks: list[str] = []
                segs = [(0, pos)]
                length = 0
                while True:
                    q = text.find('"', pos)
                    if q == -1:
                        broken = True
                        break
                    chunks.append(text[pos:q])
                    length += q - pos
                    if q + 1 < n and text[q + 1] == '"':  # "" is one quote
                        chunks.append('"')
                        segs.append((length, q))
                        length += 1
                        pos = q + 2
                        segs.append((length, pos))
                        continue
                    pos = q + 1
                    break
                if broken:
                    break
                m = stop.search(text, pos)
                tail_end = m.start() if m else n
                if tail_end > pos:  # text after the closing quote: kept, as csv does
                    chunks.append(text[pos:tail_end])
                    segs.append((length, pos))
                    pos = tail_end
                cells.append(("".join(chunks), segs))
            else:
                m = stop.search(text, pos)
                end = m.start() if m else n
                cells.append((text[pos:end], [(0, pos)]))
                pos = end
            if pos < n and text[pos] == delim:
                pos += 1
                continue
            if pos < n and text[pos] == "\r":
                pos += 1
            if pos < n and text[pos] == "\n":
                pos += 1
            break
        if broken:
            yield start, None
            nl = text.find("\n", start)
            pos = n if nl == -1 else nl + 1
            continue
        yield start, cells


def _smap(segs: list[tuple[int, int]], index: LineIndex) -> SourceMap:
    smap = SourceMap(index)
    for value_offset, src in segs:
        smap.add(value_offset, src)
    return smap


def read_csv(source: str, path: str) -> Iterator[Message | SourceError]:
    """The file's messages and row errors, streamed in file order (a spreadsheet of
    many thousand rows is never held as a list of messages)."""
    index = LineIndex(source)
    return assign_in_order(_rows(source, path, index), parse_directives(source, index))


def _rows(source: str, path: str, index: LineIndex) -> Iterator[Message | SourceError]:
    delim = _delimiter(source)
    columns: dict[int, str] | None = None
    errors = 0
    for start, cells in _records(source, delim):
        line = index.position(start)[0]
        if cells is None:
            errors += 1
            yield SourceError(path, "unterminated quoted field; row skipped", line)
            continue
        if all(not value.strip() for value, _ in cells):
            continue  # blank line
        if columns is None:
            names = [value.strip().lower() for value, _ in cells]
            columns = {}
            for i, name in enumerate(names):
                if name in KNOWN_KEYS and name not in columns.values():
                    columns[i] = name
            if not columns:
                # a data file, not a campaign (pre-commit passes every CSV in a repo)
                yield SourceError(
                    path, f"no campaign columns in the header row (expected some of: {EXPECTED}); skipped",
                    line, skipped=True)
                return
            continue
        obj: dict[str, str] = {}
        where: dict[str, list[tuple[int, int]]] = {}
        for i, name in columns.items():
            if i >= len(cells):
                continue
            value, segs = cells[i]
            if not value.strip():
                continue
            field = FIELD_OF.get(name)
            if field is None:
                obj[name] = value.strip()
                continue
            obj[name] = strip_directives(value)
            where[name] = segs
        maps = {}
        for field, keys in FIELD_KEYS.items():  # the column message_from_mapping reads
            key = next((k for k in keys if k in obj), None)
            if key is not None:
                maps[field] = _smap(where[key], index)
        try:
            yield message_from_mapping(obj, path=path, line=line, default_id=f"{path}:{line}", maps=maps)
        except InvalidMessage as exc:
            errors += 1
            yield SourceError(path, str(exc), line)
    if columns is None and not errors:
        yield SourceError(path, "no header row: the first row must name the columns", 1)
