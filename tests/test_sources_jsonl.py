"""JSON lines (.jsonl, .ndjson): one campaign object a line, read as the API reads one."""

from __future__ import annotations

import json

from msglint.api import lint_paths
from msglint.model import Message, SourceError
from msglint.sources import read_path
from msglint.sources.jsonlines import RecordError


def test_records_are_messages_and_damaged_lines_are_reported(tmp_path):
    path = tmp_path / "shard.ndjson"
    path.write_text("\n".join([
        json.dumps({"id": "a", "subject": "Nicely done! 50% off", "campaign": "spring"}),
        "",
        "{not json",
        json.dumps({"subject": "Plain news", "purpose": "newsletter"}),
        json.dumps({"id": "b", "subject": "x", "relationship": "pals"}),
        json.dumps(["a list"]),
        json.dumps({"id": "c", "campaign": "spring"}),
        json.dumps({"id": "d", "body": "line one\u2028still line one\nline two"}) + "\r",
    ]) + "\n", encoding="utf-8")
    items = list(read_path(str(path)))
    got = [(type(i).__name__, i.id if isinstance(i, Message) else (i.line, i.record_id)) for i in items]
    assert got == [("Message", "a"), ("RecordError", (3, f"{path}:3")), ("Message", f"{path}:4"),
                   ("RecordError", (5, "b")), ("RecordError", (6, f"{path}:6")), ("RecordError", (7, "c")),
                   ("Message", "d")]
    assert all(isinstance(i, SourceError) and i.level == "error" for i in items if not isinstance(i, Message))
    a, plain, d = [i for i in items if isinstance(i, Message)]
    assert a.meta["campaign"] == "spring" and "campaign" not in plain.meta
    assert plain.meta["purpose"] == "newsletter" and plain.line == 4
    # a raw U+2028 inside a string does not split the record; \r\n line ends are fine
    assert d.text("body") == "line one\u2028still line one\nline two" and d.line == 8


def test_positions_are_the_record_line_and_the_column_in_the_field(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"id": "x", "subject": "Plain one"}) + "\n"
                    + json.dumps({"id": "y", "subject": "Hi there. Nicely done! 50% off"}) + "\n", encoding="utf-8")
    [_, y] = lint_paths([str(path)], config=None)
    f = next(f for f in y.findings if f.rule == "MSG101")
    assert (f.line, f.column, f.text) == (2, 11, "Nicely done")
