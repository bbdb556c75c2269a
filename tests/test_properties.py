"""Property-based tests: any bytes in any reader, any text in any field.

Whatever the input, a reader yields messages or clean ``SourceError`` values (never
a traceback), and every finding points inside the text it came from: ``1 <= line <=
lines in the file``, ``column >= 1``, ``0 <= start <= end <= len(field text)`` and
``finding.text == field.text[start:end]``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msglint.api import Overrides, make_session
from msglint.model import Message, SourceError
from msglint.sources import INTERNAL_ERROR, decode, read_bytes, reader_for
from msglint.sources.mapping import message_from_mapping

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))

_SESSION = None


def session():
    global _SESSION
    if _SESSION is None:
        _SESSION = make_session(overrides=Overrides())
    return _SESSION


def _present(ext: str) -> bool:
    return reader_for(f"x{ext}") is not None


EXTENSIONS = [e for e in (".txt", ".md", ".eml", ".html", ".csv", ".json", ".yaml") if _present(e)]

# text that looks like copy and like the formats: words that rules flag, markup,
# delimiters, quotes, invisible and look-alike characters, line breaks of all kinds
TOKENS = [
    "Nicely done!", "You've been given", "LAST CHANCE", "Only 2 left", "Psst", "Re:", "Hey friend",
    "subject:", "Subject: ", "preheader: ", "From: ", "---\n", "\n", "\r\n", "\r", " ", ",", '"', "'",
    "<p>", "</p>", "<div>", "<!--", "-->", "<style>", "&amp;", "&#x200b;", "{", "}", "[", "]", ":",
    "- ", "body: ", "messages:", "id,subject,body\n", "{{ name }}", "{% if x %}", "`", "```\n",
    "\u200b", "\u202e", "\ufeff", "\u00ad", "\U0001d40d\U0001d422", "\uff2e\uff49", "é", "ß", "\u0130",
    "\t", "\x00", "msglint: disable", "<!-- msglint: disable-next-line MSG101 -->", "#", "=\n", "=3D",
    "Content-Type: text/html; charset=utf-8\n", "MIME-Version: 1.0\n", "\n\n",
]
copyish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=40).map("".join)


def check_items(items: list, data_text: str | None) -> None:
    msgs = []
    for item in items:
        assert isinstance(item, (Message, SourceError)), item
        if isinstance(item, SourceError):
            assert item.path and item.message
            # the reader itself must turn bad input into a SourceError; the safety net
            # in read_bytes (INTERNAL_ERROR) means a reader raised
            assert INTERNAL_ERROR not in item.message, item.message
            if item.line is not None:
                assert item.line >= 1
        else:
            msgs.append(item)
    if not msgs:
        return
    n_lines = None if data_text is None else data_text.count("\n") + data_text.count("\r") + 1
    for result in session().linter.lint(msgs):
        check_result(result, n_lines)


def check_result(result, n_lines: int | None) -> None:
    for f in [*result.findings, *result.notices]:
        assert f.line >= 1 and f.column >= 1, f
        assert f.end_line >= f.line, f
        if n_lines is not None:
            assert f.line <= n_lines and f.end_line <= n_lines, (f, n_lines)
        if f.field:
            text = result.message.fields[f.field].text
            assert 0 <= f.start <= f.end <= len(text), f
            assert f.text == text[f.start:f.end], f


@pytest.mark.parametrize("ext", EXTENSIONS)
@SETTINGS
@given(data=st.binary(max_size=600))
def test_any_bytes_any_reader(ext, data):
    items = list(read_bytes(data, f"fuzz{ext}"))
    check_items(items, None)


@pytest.mark.parametrize("ext", EXTENSIONS)
@SETTINGS
@given(text=copyish)
def test_any_text_any_reader(ext, text):
    data = text.encode("utf-8")
    items = list(read_bytes(data, f"fuzz{ext}"))
    check_items(items, decode(data))


@SETTINGS
@given(fields=st.fixed_dictionaries({}, optional={
    "subject": copyish, "preheader": copyish, "from": copyish, "body": copyish,
}))
def test_any_text_in_any_field(fields):
    msg = message_from_mapping(fields, path="<fuzz>", default_id="fuzz")
    for result in session().linter.lint([msg]):
        check_result(result, None)


@SETTINGS
@given(prefix=st.lists(st.sampled_from(["\u200b", "\u200d", "\u202e", "\u2066", "\u00ad", "\ufeff"]),
                       max_size=3).map("".join),
       style=st.sampled_from(["plain", "bold", "fullwidth", "zw"]))
def test_evasion_never_hides_nicely_done(prefix, style):
    word = "Nicely done"
    if style == "bold":
        word = "".join(chr(0x1D400 + ord(c) - 65) if c.isupper() else
                       chr(0x1D41A + ord(c) - 97) if c.islower() else c for c in word)
    elif style == "fullwidth":
        word = "".join(chr(ord(c) + 0xFEE0) if c != " " else c for c in word)
    elif style == "zw":
        word = "\u200b".join(word)
    subject = f"{prefix}{word}! You're getting 50% off"
    msg = message_from_mapping({"subject": subject}, path="<fuzz>", default_id="fuzz")
    result = next(iter(session().linter.lint([msg])))
    praise = [f for f in result.findings if f.category == "unearned-praise"]
    assert praise, (subject, result.findings)
    f = praise[0]
    # the span covers the characters the writer typed, invisible ones inside included
    assert subject[f.start:f.end] == f.text
    assert f.start == len(prefix)  # the invisible prefix is not part of the span
    assert f.text.replace("\u200b", "")[:1] in ("N", "\U0001d40d", "\uff2e")
