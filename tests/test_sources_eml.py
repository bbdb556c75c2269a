"""The .eml reader: headers, charsets, parts, quoted replies, meta and positions."""

from __future__ import annotations

from msglint.api import lint_paths
from msglint.model import Message, SourceError
from msglint.sources import read_bytes
from msglint.sources.eml import blank_quoted, read_eml


def _one(text: str) -> Message:
    out = list(read_eml(text, "t.eml"))
    assert len(out) == 1 and isinstance(out[0], Message), out
    return out[0]


def _where(source: str, needle: str) -> tuple[int, int]:
    pos = source.index(needle)
    return source.count("\n", 0, pos) + 1, pos - (source.rfind("\n", 0, pos) + 1) + 1


REPLY = """From: "Ana at Wayfare" <support@wayfare.example>
To: Jane <jane@example.com>
Subject: Re: my suitcase arrived damaged
In-Reply-To: <orig-1@example.com>
References: <orig-0@example.com>
 <orig-1@example.com>
List-Unsubscribe: <https://wayfare.example/unsub>
X-Msglint-Relationship: buddies
X-Msglint-Purpose: service-recovery
Content-Type: text/plain; charset=utf-8

Hi Jane,

We're sorry your suitcase arrived damaged. We have issued a refund of $89.

> earlier quote inside the body: ACT NOW
Ana
-- 
Ana at Wayfare | Nicely done!

On Mon, 3 Jun 2024 at 09:00, Jane <jane@example.com> wrote:
> My suitcase arrived damaged. LAST CHANCE!!!
"""


def test_headers_become_fields_and_meta():
    msg = _one(REPLY)
    assert msg.text("subject") == "Re: my suitcase arrived damaged"
    assert msg.text("from") == "Ana at Wayfare"
    assert msg.meta["in_reply_to"] == "<orig-1@example.com>"
    assert msg.meta["references"] == "<orig-0@example.com> <orig-1@example.com>"
    assert msg.meta["list_unsubscribe"] == "<https://wayfare.example/unsub>"
    assert msg.meta["kind"] == "full-email"
    assert msg.meta["relationship"] == "buddies" and msg.meta["purpose"] == "service-recovery"
    assert msg.meta["links"] == []


def test_header_positions_point_at_the_value():
    msg = _one(REPLY)
    assert msg.fields["subject"].position(0) == _where(REPLY, "Re: my")
    assert msg.fields["from"].position(0) == _where(REPLY, "Ana at Wayfare")


def test_quoted_reply_and_signature_are_blanked_not_deleted():
    msg = _one(REPLY)
    body = msg.fields["body"]
    for gone in ("ACT NOW", "Nicely done", "LAST CHANCE", "wrote:", "earlier quote"):
        assert gone not in body.text
    assert "We're sorry" in body.text
    assert body.position(body.text.index("Ana\n") if "Ana\n" in body.text else body.text.rindex("Ana")) \
        == _where(REPLY, "Ana\n--")
    assert body.position(body.text.index("We're sorry")) == _where(REPLY, "We're sorry")


def test_real_reply_passes_false_reply(tmp_path):
    path = tmp_path / "reply.eml"
    path.write_text(REPLY)
    result = lint_paths([str(path)])[0]
    assert not isinstance(result, SourceError)
    assert not [f for f in result.findings if f.category == "false-reply"]
    assert not [f for f in result.findings if f.text in ("ACT NOW", "LAST CHANCE", "Nicely done")]


def test_fake_reply_is_flagged_at_the_subject_header(tmp_path):
    text = "From: Deals <d@shop.example>\nTo: x@example.com\nSubject: Re: your discount\n\nHello.\n"
    path = tmp_path / "fake.eml"
    path.write_text(text)
    result = lint_paths([str(path)])[0]
    hits = [f for f in result.findings if f.category == "false-reply"]
    assert hits and (hits[0].line, hits[0].column) == (3, 10)


def test_on_wrote_without_quote_is_kept_in_plain_text():
    text = "Hello\nOn Monday our founder wrote: a letter.\nMore copy\n"
    assert blank_quoted(text) == text
    quoted = "Hello\nOn Mon, 3 Jun, Jane <j@x> wrote:\n> hi\n"
    out = blank_quoted(quoted)
    assert len(out) == len(quoted) and out.count("\n") == quoted.count("\n")
    assert out.startswith("Hello\n") and not out[6:].strip()


def test_rfc2047_headers_and_latin1_quoted_printable_body():
    text = (
        "From: =?iso-8859-1?q?Caf=E9_Lumi=E8re?= <news@cafe.example>\n"
        "Subject: =?utf-8?b?TmljZWx5IGRvbmUhIMOpdMOp?=\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=iso-8859-1\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "Bonjour, caf=E9 cr=E8me is here. A long line that is soft =\n"
        "wrapped. Nicely done!\n"
    )
    msg = _one(text)
    assert msg.text("from") == "Café Lumière"
    assert msg.text("subject") == "Nicely done! été"
    # encoded words: the header's line, the column of the character in the decoded value
    # (issue 16: every finding was reported at the value's first column)
    assert msg.fields["subject"].position(0) == (2, 10)
    assert msg.fields["subject"].position(5) == (2, 15)
    body = msg.fields["body"]
    assert "café crème" in body.text and "soft wrapped." in body.text
    assert body.position(body.text.index("Nicely")) == _where(text, "Nicely")
    assert body.position(body.text.index("crème")) == _where(text, "cr=E8me")


def test_latin1_8bit_file_bytes_are_decoded():
    raw = ("From: Shop <s@shop.example>\nSubject: Soldes d'\xe9t\xe9\n"
           "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n"
           "Cr\xe8me br\xfbl\xe9e for everyone.\n").encode("latin-1")
    out = list(read_bytes(raw, "latin.eml"))
    assert isinstance(out[0], Message)
    assert out[0].text("subject") == "Soldes d'été"
    assert out[0].text("body") == "Crème brûlée for everyone."


def test_utf8_base64_body():
    import base64
    payload = base64.encodebytes("Héllo there.\nNicely done!\n".encode("utf-8")).decode("ascii")
    text = ("From: Shop <s@shop.example>\nSubject: Hi\nContent-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: base64\n\n" + payload)
    msg = _one(text)
    body = msg.fields["body"]
    assert body.text == "Héllo there.\nNicely done!"
    # the payload is one line (6): decoded line 2 is pinned to it, not put on line 7,
    # past the end of the file
    assert body.position(body.text.index("Nicely"))[0] == 6


def test_sender_without_display_name_uses_whole_address():
    msg = _one("From: deals@shop.example\nSubject: Hi\n\nBody.\n")
    assert msg.text("from") == "deals@shop.example"


def test_html_only_email_uses_visible_text_and_links():
    text = """From: Acme <a@acme.example>
Subject: Spring
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/html; charset=utf-8

<html><head><title>t</title><style>p{}</style></head><body>
<div style="display:none">Preview copy</div>
<p>Spring is here.</p>
<p><a href="https://acme.example/unsub">Unsubscribe</a></p>
</body></html>
--b1
Content-Type: application/pdf; name="x.pdf"
Content-Disposition: attachment; filename="x.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--b1--
"""
    msg = _one(text)
    assert msg.text("body") == "Spring is here.\nUnsubscribe"
    assert msg.text("preheader") == "Preview copy"
    assert msg.meta["links"] == [["Unsubscribe", "https://acme.example/unsub"]]
    assert msg.fields["body"].position(0) == _where(text, "Spring is")


def test_plain_part_preferred_links_from_html_part():
    text = """From: Acme <a@acme.example>
Subject: Spring
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8

Plain copy here.
--b1
Content-Type: text/html; charset=utf-8

<p>HTML copy <a href="https://acme.example/x">here</a></p>
--b1--
"""
    msg = _one(text)
    assert msg.text("body") == "Plain copy here."
    assert msg.fields["body"].position(0) == _where(text, "Plain copy")
    assert msg.meta["links"] == [["here", "https://acme.example/x"]]


def test_invalid_context_header_is_a_source_error_with_line():
    out = list(read_eml("From: a@b.example\nSubject: x\nX-Msglint-Relationship: besties\n\nBody\n", "t.eml"))
    assert len(out) == 1 and isinstance(out[0], SourceError)
    assert out[0].line == 3 and "besties" in out[0].message


def test_garbage_is_a_source_error_not_a_crash():
    out = list(read_eml("<<<>>> not an email at all", "t.eml"))
    assert len(out) == 1 and isinstance(out[0], SourceError)
    out = list(read_eml("Subject: only a subject\n", "t.eml"))
    assert isinstance(out[0], Message) and out[0].text("subject") == "only a subject"
    assert "body" not in out[0].fields


QP_DIRECTIVE = (
    "From: Acme <news@acme.example>\n"
    "Subject: Spring jackets\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/html; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "<html><body><p>Our spring jackets are in.</p>\n"
    "<!-- msglint: disable-next-line=3DMSG101 -->\n"
    "<p>Nicely done! Jackets are 20% off until Sunday, and the rest of this line is lon=\n"
    "g enough to be wrapped.</p>\n"
    "<p>Congrats! New colours.</p></body></html>\n"
)


def test_directive_in_a_quoted_printable_part_keeps_its_codes(tmp_path):
    # "=" is "=3D" in quoted-printable: the directive is read from the decoded part
    path = tmp_path / "qp.eml"
    path.write_text(QP_DIRECTIVE, encoding="utf-8")
    [result] = lint_paths([str(path)])
    praise = [(f.rule, f.line) for f in result.findings if f.category == "unearned-praise"]
    assert praise == [("MSG101", 11)]  # line 9 is suppressed, line 11 is not
    [sup] = result.message.suppressions
    assert sup.codes == ("MSG101",) and sup.used and (sup.line, sup.start_line) == (8, 9)
    assert result.notices == []


def test_directive_in_a_base64_part_is_read(tmp_path):
    import base64

    body = "Our jackets are in.\n<!-- msglint: disable=MSG101 -->\nNicely done! 20% off.\n"
    text = ("From: Acme <news@acme.example>\nSubject: Spring jackets\nMIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
            + base64.encodebytes(body.encode()).decode())
    path = tmp_path / "b64.eml"
    path.write_text(text, encoding="utf-8")
    [result] = lint_paths([str(path)])
    assert not [f for f in result.findings if f.rule == "MSG101"]
    assert [s.codes for s in result.message.suppressions] == [("MSG101",)]
    assert result.notices == []


def test_base64_lines_never_point_past_the_part():
    # decoded base64 has many more lines than the encoded part: positions counted line
    # by line from the part's first line stop at its last line, never past the file
    import base64
    decoded = "".join(f"Line {k}.\n" for k in range(40)) + "Nicely done!\n"
    payload = base64.encodebytes(decoded.encode("utf-8")).decode("ascii")
    text = ("From: Shop <s@shop.example>\nSubject: Hi\nContent-Type: text/plain; charset=utf-8\n"
            "Content-Transfer-Encoding: base64\n\n" + payload)
    body = _one(text).fields["body"]
    last = text.rstrip("\n").count("\n") + 1
    assert body.position(body.text.index("Line 1."))[0] == 7
    assert body.position(body.text.index("Nicely")) == (last, 1)


def test_a_reply_written_between_quoted_passages_is_kept():
    """Plain text: the attribution line and the ">" lines are blanked one by one, so
    what the writer says between quoted passages is still read (it used to be cut off
    with everything after the "On ... wrote:" line)."""
    text = ("Hi Bob,\n\nOn Mon, 2 Sep 2002, Bob wrote:\n> Is the build broken?\n\n"
            "Yes, it broke last night. I fixed it this morning.\n\n> Also, lunch?\n\nSure.\n")
    found: list[str] = []
    out = blank_quoted(text, found=found)
    assert len(out) == len(text)
    assert "Yes, it broke last night. I fixed it this morning." in out and "Sure." in out
    assert "wrote:" not in out and "build broken" not in out and "lunch" not in out
    assert found == ["quoted text", "attribution line"]
    # a two-line attribution goes whole
    two = "Thanks!\n\nOn Mon, 2 Sep 2002 at 10:00, Bob Smith\n<bob@example.com> wrote:\n> Is it fixed?\n"
    assert blank_quoted(two).strip() == "Thanks!"
    # text from HTML has no ">" markers: everything after the line is the quoted message
    html = "Thanks!\nOn Mon, 2 Sep 2002, Bob wrote:\nIs it fixed?\n"
    assert blank_quoted(html, strict=False).strip() == "Thanks!"
