"""The CSV reader: one message per row, true row lines, field positions, bad rows."""

from __future__ import annotations

from msglint.api import lint_paths
from msglint.model import Message, SourceError
from msglint.sources.tabular import read_csv


def _read(text: str, path: str = "c.csv") -> list:
    return list(read_csv(text, path))


def _where(source: str, needle: str) -> tuple[int, int]:
    pos = source.index(needle)
    return source.count("\n", 0, pos) + 1, pos - (source.rfind("\n", 0, pos) + 1) + 1


CSV = '''ID,Subject,Preheader,FROM,Body,Relationship,Purpose,msglint-disable,Owner
spring-1,"Nicely done! You're getting FIFTY PERCENT OFF",Spring deals,Wayfare,"Line one
of the body, with ""quotes"". Nicely done!",basic-exchange,promotional,MSG261,ana
,Plain subject,,Wayfare,Plain body,,,,bob
'''


def test_rows_fields_and_meta():
    out = _read(CSV)
    assert [type(o) for o in out] == [Message, Message]
    first, second = out
    assert first.id == "spring-1" and first.line == 2
    assert first.text("subject") == "Nicely done! You're getting FIFTY PERCENT OFF"
    assert first.text("preheader") == "Spring deals"
    assert first.text("from") == "Wayfare"
    assert first.text("body") == 'Line one\nof the body, with "quotes". Nicely done!'
    assert first.meta["relationship"] == "basic-exchange" and first.meta["purpose"] == "promotional"
    assert first.meta["disable"] == ("MSG261",)
    assert "Owner" not in first.meta and "owner" not in first.meta
    # the second row starts on line 4 because the first spans two lines
    assert second.line == 4 and second.id == "c.csv:4"


def test_field_positions_are_true_file_positions():
    first, second = _read(CSV)
    subj = first.fields["subject"]
    assert subj.position(0) == _where(CSV, "Nicely done! You")
    body = first.fields["body"]
    assert body.position(body.text.index("of the body")) == _where(CSV, "of the body")
    assert body.position(body.text.index("Nicely")) == _where(CSV, "Nicely done!\"")
    assert body.position(body.text.index('"quotes"')) == _where(CSV, '""quotes')
    assert second.fields["body"].position(0) == _where(CSV, "Plain body")


def test_finding_line_and_column_via_lint_paths(tmp_path):
    path = tmp_path / "campaigns.csv"
    path.write_text(CSV)
    results = [r for r in lint_paths([str(path)]) if not isinstance(r, SourceError)]
    praise = [f for f in results[0].findings if f.category == "unearned-praise"]
    assert {(f.field, f.line, f.column) for f in praise} == {
        ("subject", 2, 11), ("body", 3, _where(CSV, "Nicely done!\"")[1])}
    assert not [f for f in results[0].findings if f.rule == "MSG261"]  # per-row msglint-disable


def test_invalid_row_reported_at_its_line_other_rows_read():
    text = "subject,relationship\nFirst,basic-exchange\nSecond,besties\nThird,\n"
    out = _read(text)
    assert [type(o).__name__ for o in out] == ["Message", "SourceError", "Message"]
    assert out[1].line == 3 and "besties" in out[1].message and out[1].path == "c.csv"
    assert out[2].text("subject") == "Third"


def test_unterminated_quote_reported_and_later_rows_recovered():
    text = 'subject,body\nGood one,Body\n"Broken,Body\nAfter,Body\n'
    out = _read(text)
    errors = [o for o in out if isinstance(o, SourceError)]
    assert len(errors) == 1 and errors[0].line == 3
    assert [o.text("subject") for o in out if isinstance(o, Message)] == ["Good one", "After"]


def test_no_recognised_columns_or_empty_file():
    out = _read("name,price\nBoots,89\n")
    assert len(out) == 1 and isinstance(out[0], SourceError) and out[0].line == 1
    assert out[0].skipped, "a CSV without campaign columns is a data file: skipped with a warning"
    out = _read("")
    assert len(out) == 1 and isinstance(out[0], SourceError)


def test_semicolon_delimiter_crlf_and_blank_lines():
    text = "subject;body\r\n\r\nHello;World\r\nSecond;Row\r\n"
    out = _read(text)
    assert [(m.text("subject"), m.text("body"), m.line) for m in out] == [
        ("Hello", "World", 3), ("Second", "Row", 4)]


def test_template_syntax_masked_in_cells():
    text = "subject\n\"{{ first_name }}, {{ 'URGENT' }} Nicely done\"\n"
    msg = _read(text)[0]
    subj = msg.fields["subject"]
    assert "URGENT" not in subj.text and "first_name" not in subj.text
    assert subj.position(subj.text.index("Nicely")) == _where(text, "Nicely")


def test_rows_stream_with_their_directives(monkeypatch):
    """A big spreadsheet is not built into a list first: the first row's message comes
    out after at most the second row is read, and directives still go to their row."""
    from msglint.sources import tabular

    built = []
    real = tabular.message_from_mapping

    def counting(*args, **kwargs):
        built.append(kwargs.get("line"))
        return real(*args, **kwargs)

    monkeypatch.setattr(tabular, "message_from_mapping", counting)
    rows = ["id,subject,body"]
    for i in range(500):
        rows.append(f'm{i},"Subject {i} <!-- msglint: disable=MSG101 -->",Body {i}' if i == 250
                    else f"m{i},Subject {i},Body {i}")
    it = tabular.read_csv("\n".join(rows) + "\n", "big.csv")
    first = next(it)
    assert first.id == "m0" and len(built) <= 2
    rest = list(it)
    assert len(rest) == 499
    owners = [m.id for m in [first, *rest] if m.suppressions]
    assert owners == ["m250"]
