"""The HTML reader: visible copy, subject, hidden preheader, links, positions, templates."""

from __future__ import annotations

import time

from msglint.api import lint_paths
from msglint.model import Message, SourceError
from msglint.sources import read_path
from msglint.sources.html import read_html


def _one(text: str, path: str = "t.html") -> Message:
    out = list(read_html(text, path))
    assert len(out) == 1 and isinstance(out[0], Message), out
    return out[0]


def _where(source: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the nth occurrence of needle in source."""
    pos = -1
    for _ in range(nth + 1):
        pos = source.index(needle, pos + 1)
    line = source.count("\n", 0, pos) + 1
    return line, pos - (source.rfind("\n", 0, pos) + 1) + 1


PAGE = """<!DOCTYPE html>
<html>
<head>
  <title>Spring &amp; summer   sale</title>
  <style>p { color: red } .x:before { content: "Act now" }</style>
  <script>var s = "Nicely done";</script>
</head>
<body>
  <div class="preheader" style="display:none;mso-hide:all">Fresh routes for spring&#847;&zwnj;&nbsp;&#847;&zwnj;&nbsp;</div>
  <!-- a comment: Yes. Correct. Confirmed. -->
  <table><tr><td><p>First line</p><p>Second
     line</p></td><td>Cell</td></tr></table>
  <div style="display: none">Secret hidden text</div>
  <p>Read <a href="https://example.com/terms">the terms</a> or <a href="https://example.com/unsub"><img src="x.png" alt="Unsubscribe"></a>.</p>
</body>
</html>
"""


def test_fields_visible_text_only():
    msg = _one(PAGE)
    assert msg.text("subject") == "Spring & summer sale"
    assert msg.text("preheader") == "Fresh routes for spring"
    body = msg.text("body")
    assert "First line\nSecond line\nCell" in body
    for hidden in ("Nicely done", "Act now", "color", "Confirmed", "Secret hidden text", "Fresh routes"):
        assert hidden not in body
    assert msg.meta["kind"] == "full-email"


def test_links_kept_with_text():
    msg = _one(PAGE)
    assert ["the terms", "https://example.com/terms"] in msg.meta["links"]
    assert ["Unsubscribe", "https://example.com/unsub"] in msg.meta["links"]


def test_fragment_is_not_a_full_email():
    msg = _one("<p>Just a snippet of copy.</p>")
    assert "kind" not in msg.meta
    assert msg.text("body") == "Just a snippet of copy."


def test_every_body_character_maps_to_the_file():
    msg = _one(PAGE)
    body = msg.fields["body"]
    cases = [("First", "First", 0), ("Second", "Second", 0), ("line\nCell", "line</p>", 1),
             ("Cell", "Cell", 0), ("the terms", "the terms", 0), ("Read", "Read", 0)]
    for text_needle, source_needle, nth in cases:
        idx = body.text.index(text_needle)
        assert body.position(idx) == _where(PAGE, source_needle, nth), text_needle
    # the line break inserted between blocks maps somewhere on the lines of its tags
    brk = body.text.index("\n")
    assert body.position(brk)[0] in (11, 12)


def test_entity_maps_to_its_start():
    msg = _one(PAGE)
    subject = msg.fields["subject"]
    assert subject.position(subject.text.index("&")) == _where(PAGE, "&amp;")
    assert subject.position(subject.text.index("summer")) == _where(PAGE, "summer")


def test_hidden_first_element_is_preheader_even_without_class():
    msg = _one('<html><body><span style="display:none!important">Preview here</span>'
               '<p>Body</p><div style="display:none">not copy</div></body></html>')
    assert msg.text("preheader") == "Preview here"
    assert msg.text("body") == "Body"


def test_later_hidden_block_is_not_preheader():
    msg = _one('<html><body><p>Body first</p><div style="display:none">Psst hidden</div></body></html>')
    assert "preheader" not in msg.fields
    assert msg.text("body") == "Body first"


def test_front_matter_wins_and_declares_context():
    text = ("---\nsubject: Nicely done, Sam\nrelationship: best-friends\npurpose: milestone\n"
            "msglint-disable: MSG261\n---\n<html><head><title>Ignored title</title></head>"
            "<body><p>Happy birthday!</p></body></html>\n")
    msg = _one(text)
    assert msg.text("subject") == "Nicely done, Sam"
    assert msg.fields["subject"].position(0) == (2, 10)
    assert msg.meta["relationship"] == "best-friends" and msg.meta["purpose"] == "milestone"
    assert msg.meta["disable"] == ("MSG261",)
    assert "---" not in msg.text("body") and "relationship" not in msg.text("body")


def test_bad_front_matter_context_is_a_source_error():
    out = list(read_html("---\nrelationship: besties\n---\n<p>x</p>", "t.html"))
    assert len(out) == 1 and isinstance(out[0], SourceError)
    assert "besties" in out[0].message and out[0].line == 2


def test_template_syntax_masked_and_positions_kept():
    text = ('<p>Hi {{ first_name|upper }}, {% if vip %}URGENT{% endif %} *|FNAME|* %%First%%\n'
            '{{ "ACT NOW" }} Nicely done!</p>\n')
    msg = _one(text, "t.html.j2")
    body = msg.fields["body"]
    for junk in ("first_name", "upper", "vip", "endif", "FNAME", "First", "ACT NOW", "{", "%", "*|"):
        assert junk not in body.text
    assert "URGENT" in body.text  # copy inside a conditional is still copy
    assert body.position(body.text.index("URGENT")) == _where(text, "URGENT")
    assert body.position(body.text.index("Nicely")) == _where(text, "Nicely")


def test_mjml_title_preview_and_button_link():
    text = """<mjml>
  <mj-head>
    <mj-title>Welcome aboard</mj-title>
    <mj-preview>Set up your account in two minutes</mj-preview>
    <mj-style>.x { color: red }</mj-style>
  </mj-head>
  <mj-body><mj-section><mj-column>
    <mj-text>Your account is ready.</mj-text>
    <mj-button href="https://example.com/start">Get started</mj-button>
  </mj-column></mj-section></mj-body>
</mjml>
"""
    msg = _one(text, "w.mjml")
    assert msg.text("subject") == "Welcome aboard"
    assert msg.text("preheader") == "Set up your account in two minutes"
    assert msg.text("body") == "Your account is ready.\nGet started"
    assert msg.meta["links"] == [["Get started", "https://example.com/start"]]
    assert msg.meta["kind"] == "full-email"
    assert msg.fields["preheader"].position(0) == _where(text, "Set up")


def test_praise_line_in_jinja_template_points_at_the_words(tmp_path):
    text = """{# promo #}
<html><body>
<table><tr><td>
  <p>Hi {{ first_name }},</p>
  {% if gold %}<p>Gold perks inside.</p>{% endif %}
        <p>Nicely done, you found the best week to book!</p>
</td></tr></table>
</body></html>
"""
    path = tmp_path / "promo.html.j2"
    path.write_text(text)
    results = lint_paths([str(path)])
    findings = [f for r in results if not isinstance(r, SourceError) for f in r.findings]
    praise = [f for f in findings if f.category == "unearned-praise"]
    assert praise, findings
    assert (praise[0].line, praise[0].column) == (6, 12) == _where(text, "Nicely")
    assert praise[0].end_column == 12 + len("Nicely done")


def test_directive_in_template_comment_is_honoured(tmp_path):
    text = "<html><body>\n{# msglint: disable-next-line=MSG101 #}\n<p>Nicely done!</p>\n</body></html>\n"
    path = tmp_path / "promo.html"
    path.write_text(text)
    result = lint_paths([str(path)])[0]
    assert not [f for f in result.findings if f.rule == "MSG101"]
    assert result.message.suppressions and result.message.suppressions[0].used
    assert "msglint" not in result.message.text("body")


def test_deep_nesting_does_not_crash():
    text = "<html><body>" + "<div>" * 50_000 + "Nicely done" + "</div>" * 50_000 + "</body></html>"
    start = time.monotonic()
    msg = _one(text)
    assert msg.text("body") == "Nicely done"
    assert time.monotonic() - start < 20


def test_unclosed_and_garbage_markup_never_crashes():
    for text in ("<div>" * 50_000 + "copy <p>" * 500, "</" * 50_000, "<a " * 50_000, "<!--" * 50_000,
                 "<p>ok</p><![CDATA[" * 5_000, "&" * 10_000 + "&#xffffffff;&#0;&bogus;", "<<>>&&;;\x00\x01<\u202e>",
                 ""):
        start = time.monotonic()
        out = list(read_html(text, "g.html"))
        assert len(out) == 1 and isinstance(out[0], Message)
        assert time.monotonic() - start < 10, text[:20]


def test_unterminated_comment_hides_the_rest():
    msg = _one("<p>Visible</p><!-- draft: Nicely done <p>never shown</p>")
    assert msg.text("body") == "Visible"


def test_registered_for_template_extensions(tmp_path):
    for name in ("a.htm", "b.njk", "c.liquid", "d.hbs", "e.html.j2", "f.mjml"):
        path = tmp_path / name
        path.write_text("<html><body><p>Plain copy.</p></body></html>")
        msgs = [m for m in read_path(str(path)) if isinstance(m, Message)]
        assert msgs and msgs[0].text("body") == "Plain copy.", name
