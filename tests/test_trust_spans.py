"""Issue 16, exact spans: every highlight slices out exactly the text its finding
quotes, on the line and column of the characters it marks, including subjects sent as
RFC 2047 encoded words (decoded, with emoji and template tags among them).

On 262c0e4 every finding in an encoded subject had the same column (the raw value's
first), and MSG261 quoted "ENDS IN 02" out of "02:59:59".
"""

from __future__ import annotations

import base64
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msglint.api import Overrides, make_session
from msglint.model import Message
from msglint.sources.eml import read_eml

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
_SESSION = []

#: copy the rules flag, copy they must not, emoji, template tags, clock times and
#: numbers glued to capitals: the places a span edge could fall inside a token
FRAGMENTS = [
    "Nicely done!", "Psst", "Ahem:", "you've been selected", "You’ve been given", "FLASH SALE",
    "ENDS IN", "02:59:59", "24 HOUR DEADLINE", "HUGE", "SALE", "Last chance!", "Only 2 left",
    "Act now", "Congrats", "spring jackets", "20% off", "50%OFF", "until Sunday", "café",
    "✈", "🔥🔥🔥", "😀", "👍🏽", "{{ first_name }}", "{% if vip %}", "*|FNAME|*", "!!!", "?!",
    "NASA", "USB-C", "x2", "Re:", "—", "and", "for you",
]


def _session():
    if not _SESSION:
        _SESSION.append(make_session(overrides=Overrides()))
    return _SESSION[0]


def _encode(words: str, how: str) -> str:
    data = words.encode("utf-8")
    if how == "b":
        return f"=?utf-8?b?{base64.b64encode(data).decode()}?="
    q = "".join(chr(b) if (chr(b).isalnum() and b < 128) else "_" if b == 32 else f"={b:02X}" for b in data)
    return f"=?utf-8?q?{q}?="


@st.composite
def subjects(draw):
    """A subject line as a list of (text, how): ``plain`` words or ``q``/``b`` encoded."""
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8))
    hows = draw(st.lists(st.sampled_from(["plain", "q", "b"]), min_size=len(parts), max_size=len(parts)))
    return list(zip(parts, hows))


def _header(parts) -> tuple[str, str]:
    """The raw header value and the subject it decodes to. Adjacent encoded words are
    joined without the space between them (RFC 2047), so a space that belongs to the
    text is carried inside the next encoded word."""
    raw, decoded = "", ""
    prev = None
    for i, (text, how) in enumerate(parts):
        sep = " " if i else ""
        if how == "plain" or not text.strip():
            raw += sep + text
        elif prev is not None and prev != "plain":
            raw += " " + _encode(sep + text, how)
        else:
            raw += sep + _encode(text, how)
        decoded += sep + text
        prev = how
    return raw, decoded


@SETTINGS
@given(parts=subjects())
def test_every_span_slices_out_what_its_finding_quotes(parts):
    raw, decoded = _header(parts)
    source = f"From: Acme <news@acme.example>\nSubject: {raw}\nContent-Type: text/plain\n\nSee you soon.\n"
    [msg] = [m for m in read_eml(source, "x.eml") if isinstance(m, Message)]
    subject = msg.fields["subject"]
    assert " ".join(subject.text.split()) == " ".join(
        re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\*\|.*?\|\*", lambda m: " " * len(m.group()), decoded).split())
    [result] = _session().linter.lint([msg])
    session_rules = {r.id: r for r in _session().rules}
    for f in result.findings:
        if f.field != "subject":
            continue
        fld = msg.fields["subject"]
        assert f.text == fld.text[f.start:f.end]
        # the marker's column is the character's column in the decoded value
        assert (f.line, f.column) == (2, len("Subject: ") + 1 + f.start)
        if '"{match}"' in session_rules[f.rule].message:
            assert f'"{" ".join(f.text.split())}"' in f.message
        # no edge inside a word token: the characters either side are not both letters
        # or digits, nor a digit and a clock-time colon
        for edge in (f.start, f.end):
            if 0 < edge < len(fld.text):
                left, right = fld.text[edge - 1], fld.text[edge]
                assert not (left.isalnum() and right.isalnum()), (f.rule, f.text, fld.text)
                assert not (left.isdigit() and right == ":" and fld.text[edge + 1:edge + 2].isdigit()), \
                    (f.rule, f.text, fld.text)


def test_clock_time_is_not_cut_by_the_caps_span():
    [msg] = [m for m in read_eml("From: a@b.example\nSubject: =?utf-8?q?FLASH_SALE_ENDS_IN_02=3A59=3A59?=\n\nHi.\n",
                                 "x.eml") if isinstance(m, Message)]
    [result] = _session().linter.lint([msg])
    [f] = [f for f in result.findings if f.rule == "MSG261"]
    assert f.text == "FLASH SALE ENDS IN" and f.message.startswith('"FLASH SALE ENDS IN" is set')


def test_encoded_subject_findings_have_their_own_columns():
    raw = "=?utf-8?q?Psst!_Nicely_done=2C_HUGE_SALE?="
    [msg] = [m for m in read_eml(f"From: a@b.example\nSubject: {raw}\n\nHi.\n", "x.eml") if isinstance(m, Message)]
    [result] = _session().linter.lint([msg])
    cols = {f.rule: f.column for f in result.findings}
    text = "Psst! Nicely done, HUGE SALE"
    assert cols["MSG131"] == 10 + text.index("Psst")
    assert cols["MSG101"] == 10 + text.index("Nicely")
    assert cols["MSG261"] == 10 + text.index("HUGE")
