"""JSON lines (``.jsonl``, ``.ndjson``): one campaign object a line.

The shape archives are exported in (one message a record, millions of records a
shard), read by ``msglint check`` and by ``msglint audit``. Each line is a mapping
read by :func:`~msglint.sources.mapping.message_from_mapping`, exactly as the
Python API, the Dask API and Parquet rows read one, so the same record gives the
same findings whichever of them carried it:

* a finding's line is the record's line; its column counts characters of the field
  value (not of the escaped JSON text), as for the API's messages;
* the message id is the record's ``id``, else ``PATH:LINE``;
* a ``campaign`` key is kept (``meta["campaign"]``) for ``msglint audit``'s summary;
* any other key msglint does not read is a warning, once a file, at its first line
  (an error under ``--strict``), as in JSON, YAML and CSV files.

A line that is not a JSON object, has no copy field or declares an unknown
relationship or purpose is reported (with its line) and the next line is read: one
damaged record never stops a shard.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterator

from ..model import Message, SourceError
from .mapping import (
    FIELD_KEYS, InvalidMessage, did_you_mean, looks_like_message, message_from_mapping, unknown_key_message,
    unknown_keys,
)


#: keys naming the campaign a record belongs to (kept in ``meta["campaign"]``)
CAMPAIGN_KEYS = ("campaign", "campaign_id", "campaign-id")
#: keys read here beyond the mapping's own (never reported as unknown)
READ_KEYS = frozenset(CAMPAIGN_KEYS)


class UnknownKeys:
    """Keys msglint does not read, each reported once a file (at its first line) as a
    warning, as the JSON, YAML and CSV readers report them: an archive whose every
    record carries ``sent_at`` gets one warning, not millions."""

    def __init__(self, path: str):
        self.path = path
        self.seen: set[str] = set()

    def __call__(self, obj: dict, line: int | None) -> Iterator[SourceError]:
        for key in unknown_keys(obj, READ_KEYS):
            if key not in self.seen:
                self.seen.add(key)
                yield SourceError(self.path, unknown_key_message(key), line, warning=True, code="unknown-key")


@dataclass(frozen=True)
class RecordError(SourceError):
    """A damaged record: a source error that also knows the record's id (its own, else
    ``PATH:LINE``), so an archive audit can report the message by its id. Reporters
    that know only :class:`SourceError` show it as any other."""

    record_id: str = ""


def record_message(obj: Any, path: str, line: int) -> Message | SourceError:
    """One decoded record as a message, or the reason it cannot be one."""
    if not isinstance(obj, dict):
        return RecordError(path, "expected a JSON object per line; record skipped", line,
                           record_id=f"{path}:{line}")
    rid = _id_of(obj, path, line)
    if not looks_like_message(obj):
        near = [k for k in unknown_keys(obj, READ_KEYS) if did_you_mean(k) in FIELD_KEYS]
        hint = f"; {unknown_key_message(near[0]).replace(' ignored', '')}" if near else ""
        return RecordError(path, f"record {rid} has no copy field (subject, preheader, from or body)"
                                 f"{hint}; skipped", line, record_id=rid)
    try:
        msg = message_from_mapping(obj, path=path, line=line, default_id=f"{path}:{line}")
    except InvalidMessage as exc:
        return RecordError(path, f"record {rid}: {exc}; skipped", line, record_id=rid)
    campaign = next((obj[k] for k in CAMPAIGN_KEYS if obj.get(k) not in (None, "")), None)
    if campaign is not None:  # an audit's summary counts findings by campaign
        msg.meta["campaign"] = str(campaign)
    return msg


def _id_of(obj: dict, path: str, line: int) -> str:
    """The id a damaged record is reported by: its own, else ``PATH:LINE``."""
    value = obj.get("id")
    return str(value) if value not in (None, "") else f"{path}:{line}"


def read_jsonl(source: str, path: str) -> Iterator[Message | SourceError]:
    keys = UnknownKeys(path)
    # split on "\n" only: str.splitlines would also split inside a record at a raw
    # U+2028 or \x1c, which JSON allows in strings
    for n, raw in enumerate(source.split("\n"), 1):
        raw = raw.rstrip("\r")
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield RecordError(path, f"not JSON: {exc.msg} (column {exc.colno}); record skipped", n,
                              record_id=f"{path}:{n}")
            continue
        except RecursionError:
            yield RecordError(path, "record is nested too deeply to read; skipped", n, record_id=f"{path}:{n}")
            continue
        if isinstance(obj, dict) and looks_like_message(obj):
            yield from keys(obj, n)
        yield record_message(obj, path, n)
