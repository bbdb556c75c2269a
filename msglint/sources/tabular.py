"""Campaign spreadsheets: ``.csv``, one message per row.

The header row names the columns (case-insensitive; spaces, ``-`` and ``_`` alike):
``id``, ``subject``, ``preheader``, ``from``, ``body``, ``relationship``, ``purpose``,
``msglint-disable``, the other spellings :mod:`msglint.sources.mapping` accepts, and
the headers email platforms export (:data:`ESP_COLUMNS`: "Subject Line", "Email
Subject", "Preview Text", "From Name", "HTML Content", "Plain Text" ...). A config's
``columns`` table maps any other header to a field. Other columns are ignored, but a
header that looks like a misspelt field is reported with a did-you-mean, and a file
none of whose headers msglint reads names the headers it expected: an export whose
copy is never read must not pass as clean. The delimiter (comma, semicolon or tab)
is read from the header line.

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
from .mapping import FIELD_KEYS, KNOWN_KEYS, InvalidMessage, did_you_mean, message_from_mapping

#: (value, [(value_offset, source_offset), ...]) -- linear segments of one field
Cell = tuple[str, list[tuple[int, int]]]
FIELD_OF = {key: name for name, keys in FIELD_KEYS.items() for key in keys}
EXPECTED = ("id, subject, preheader, from, body, relationship, purpose, msglint-disable, or an "
            "export's \"Subject Line\", \"Preview Text\", \"From Name\", \"HTML Content\", "
            "\"Plain Text\" ...; map other headers with the config's columns table")

#: header spellings of common email-platform exports -> the key msglint reads; headers
#: are compared lower-cased with runs of spaces, ``-`` and ``_`` read as one ``_``
ESP_COLUMNS: dict[str, str] = {
    **{h: "subject" for h in ("email_subject", "subject_text", "email_subject_line", "campaign_subject")},
    **{h: "preheader" for h in ("preheader_text", "preview_line", "email_preview", "preview_text_line",
                                "email_preheader", "inbox_preview")},
    **{h: "from" for h in ("from_label", "sender", "sender_display_name", "from_display_name")},
    **{h: "body" for h in ("body_copy", "email_body", "plain_text", "plain_text_content",
                           "text_content", "text_version", "content", "message", "email_copy")},
    **{h: "html" for h in ("html", "html_content", "html_body", "html_version", "email_html")},
}
#: a config's ``columns`` table (header -> field), set by :func:`set_columns`
_CUSTOM: dict[str, str] = {}
#: an HTML tag, comment, or style/script element: blanked (same length) in an HTML
#: column so the visible words keep their columns in the file
#: an unclosed comment, style or script runs to the end of the cell (as in a browser), and
#: a tag stops at the next "<": each opener is scanned once, so the blanking is linear
_MARKUP_RE = re.compile(r"<(style|script)\b.*?(?:</\1\s*>|\Z)|<!--.*?(?:-->|\Z)|<[^<>]*>",
                        re.IGNORECASE | re.DOTALL)


def fold_header(name: str) -> str:
    """A header as it is compared: lower case, runs of spaces, ``-`` and ``_`` as ``_``."""
    return re.sub(r"[\s_-]+", "_", name.strip().lower()).strip("_")


def set_columns(columns: dict[str, str]) -> None:
    """Use a config's ``columns`` table (header -> field) for the CSV files read from
    now on in this process; each session sets it, worker processes included."""
    _CUSTOM.clear()
    _CUSTOM.update({fold_header(k): v for k, v in columns.items()})


def column_key(header: str) -> str | None:
    """The key msglint reads a column as (``subject``, ``body``, ``html`` ...), or None."""
    folded = fold_header(header)
    if folded in _CUSTOM:
        return _CUSTOM[folded]
    for key in (header.strip().lower(), folded, folded.replace("_", "-")):
        if key in KNOWN_KEYS:
            return key
    return ESP_COLUMNS.get(folded)


#: every header spelling a did-you-mean may offer
_HEADER_CHOICES = frozenset(KNOWN_KEYS) | frozenset(ESP_COLUMNS)


def _blank_markup(value: str) -> str:
    return _MARKUP_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), value)


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
            columns = {}
            near: list[tuple[str, str]] = []
            for i, (value, _) in enumerate(cells):
                name = column_key(value)
                if name is not None and name not in columns.values():
                    columns[i] = name
                elif name is None and value.strip():
                    guess = did_you_mean(fold_header(value), _HEADER_CHOICES)
                    if guess is not None:
                        near.append((value.strip(), guess))
            for header, guess in near:
                yield SourceError(path, f"column {header!r} ignored (did you mean {guess!r}?)", line,
                                  warning=bool(columns), code="unknown-key")
            if not columns:
                if near:  # meant as a campaign: the misspelt headers were reported as errors
                    return
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
            if name == "html":  # markup blanked: the words keep their places
                value = _blank_markup(value)
            field = FIELD_OF.get(name)
            if field is None and name != "html":
                obj[name] = value.strip()
                continue
            obj[name] = strip_directives(value)
            where[name] = segs
        if "html" in obj:  # the HTML version is the body only when there is no text one
            html, html_where = obj.pop("html"), where.pop("html")
            if not any(k in obj for k in FIELD_KEYS["body"]) and html.strip():
                obj["body"], where["body"] = html, html_where
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
