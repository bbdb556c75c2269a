"""The JSON/YAML reader: message objects, messages lists, defaults, lines, errors."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from msglint.api import lint_paths
from msglint.model import Message, SourceError
from msglint.sources.structured import read_structured


def _where(source: str, needle: str, nth: int = 0) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = source.index(needle, pos + 1)
    return source.count("\n", 0, pos) + 1, pos - (source.rfind("\n", 0, pos) + 1) + 1


YAML = """# campaign file
relationship: basic-exchange
msglint-disable: MSG261
messages:
  - id: one
    subject: "Ahem: You're approved"
    body: |
      We found you packages.
      Nicely done, {{ name }}!
  - subject: Plain subject
    relationship: buddies
    from: >
      Wayfare
      Travel
  - id: bad
    subject: Third
    purpose: nonsense
  - just a string
"""


def test_yaml_messages_list_with_defaults_and_lines():
    out = list(read_structured(YAML, "c.yaml"))
    kinds = [type(o).__name__ for o in out]
    assert kinds == ["Message", "Message", "SourceError", "SourceError"]
    one, two, bad, junk = out
    assert one.id == "one" and one.line == 5
    assert one.meta["relationship"] == "basic-exchange" and one.meta["disable"] == ("MSG261",)
    assert two.line == 10 and two.id == "c.yaml:10" and two.meta["relationship"] == "buddies"
    assert two.text("from") == "Wayfare Travel"
    assert bad.line == 17 and "nonsense" in bad.message
    assert junk.line == 18


def test_yaml_field_positions():
    one, two = [o for o in read_structured(YAML, "c.yaml") if isinstance(o, Message)]
    subj = one.fields["subject"]
    assert subj.position(0) == _where(YAML, "Ahem")
    body = one.fields["body"]
    assert "name" not in body.text
    assert body.position(body.text.index("Nicely")) == _where(YAML, "Nicely")
    assert body.position(0) == _where(YAML, "We found")
    frm = two.fields["from"]
    assert frm.position(frm.text.index("Travel")) == _where(YAML, "Travel")


JSON = """{
  "relationship": "basic-exchange",
  "messages": [
    {"id": "j1", "subject": "Nicely done! \\"Really\\"", "body": "We found\\nyou flights. Nicely done"},
    {
      "id": "j2",
      "subject": "Psst \\u00e9 Nicely done"
    }
  ]
}
"""


def test_json_messages_lines_and_positions():
    out = list(read_structured(JSON, "c.json"))
    assert [o.id for o in out] == ["j1", "j2"]
    assert [o.line for o in out] == [4, 5]
    j1, j2 = out
    assert j1.text("subject") == 'Nicely done! "Really"'
    assert j1.fields["subject"].position(0) == _where(JSON, "Nicely")
    body = j1.fields["body"]
    assert body.text == "We found\nyou flights. Nicely done"
    assert body.position(body.text.index("Nicely")) == _where(JSON, "Nicely", 1)
    subj = j2.fields["subject"]
    assert subj.position(subj.text.index("Nicely")) == _where(JSON, "Nicely", 2)


def test_single_message_object():
    text = '{"subject": "Our autumn catalogue is out", "from": "Northfield", "purpose": "newsletter"}'
    (msg,) = read_structured(text, "one.json")
    assert msg.line == 1 and msg.meta["purpose"] == "newsletter" and msg.text("from") == "Northfield"
    (msg,) = read_structured("---\nsubject: Hello\nbody: World\n", "one.yml")
    assert msg.line == 2 and msg.text("body") == "World"


def test_non_campaign_files_are_skipped_silently():
    for text, path in (('{"name": "pkg", "version": "1.0"}', "package-like.json"),
                       ("on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n", "ci.yml"),
                       ("[1, 2, 3]", "list.json"), ("", "empty.yaml"), ("messages:\n  - hello\n", "i18n.yaml")):
        assert list(read_structured(text, path)) == [], path


def test_malformed_files_report_line():
    (err,) = read_structured('{\n  "subject": "x",\n  "body": \n}\n', "bad.json")
    assert isinstance(err, SourceError) and err.line == 4 and err.path == "bad.json"
    (err,) = read_structured("subject: ok\nbody: [unclosed\nfrom: x\n", "bad.yaml")
    assert isinstance(err, SourceError) and err.line in (3, 4)
    (err,) = read_structured("[" * 100_000, "deep.json")
    assert isinstance(err, SourceError)


def test_invalid_top_level_default_is_one_error():
    out = list(read_structured("relationship: besties\nmessages:\n  - subject: a\n  - subject: b\n", "x.yaml"))
    assert len(out) == 1 and isinstance(out[0], SourceError) and out[0].line == 1


def test_multi_document_yaml_and_other_files_still_read(tmp_path):
    good = tmp_path / "a.yaml"
    good.write_text("subject: Nicely done! Here is 20% off\n---\nsubject: Second doc\n")
    broken = tmp_path / "b.json"
    broken.write_text('{"subject": ')
    results = lint_paths([str(tmp_path)])
    errors = [r for r in results if isinstance(r, SourceError)]
    msgs = [r for r in results if not isinstance(r, SourceError)]
    assert len(errors) == 1 and errors[0].path.endswith("b.json") and errors[0].line == 1
    assert [r.message.text("subject") for r in msgs] == ["Nicely done! Here is 20% off", "Second doc"]
    praise = [f for f in msgs[0].findings if f.category == "unearned-praise"]
    assert praise and (praise[0].line, praise[0].column) == (1, 10)


def test_directive_inside_message_applies_to_that_message(tmp_path):
    text = ('messages:\n  - subject: "{# msglint: disable-line=MSG101 #} Nicely done"\n'
            '  - subject: "Nicely done again"\n')
    path = tmp_path / "c.yaml"
    path.write_text(text)
    first, second = lint_paths([str(path)])
    assert not [f for f in first.findings if f.rule == "MSG101"]
    assert [f.line for f in second.findings if f.rule == "MSG101"] == [3]
    assert "msglint" not in first.message.text("subject")


def test_links_in_a_campaign_object_reach_the_compliance_check(tmp_path):
    from msglint.api import lint_paths

    path = tmp_path / "promo.yaml"
    path.write_text(
        "kind: full-email\nsubject: Autumn sale\nbody: |\n  30% off all tents this week.\n"
        "  Acme Outdoor, 221B Baker Street, London NW1 6XE\n"
        "links:\n  - [Unsubscribe, 'https://acme.example/u/1']\n", encoding="utf-8")
    (result,) = lint_paths([str(path)])
    assert result.message.meta["links"] == [["Unsubscribe", "https://acme.example/u/1"]]
    assert "compliance" not in {f.category for f in result.findings if f.severity == "error"}
    path.write_text(path.read_text().replace("[Unsubscribe, 'https://acme.example/u/1']",
                                             "[Shop now, 'https://acme.example/shop']"), encoding="utf-8")
    (result,) = lint_paths([str(path)])
    assert "no-unsubscribe" in {f.name for f in result.findings}


def test_positions_after_escaped_characters_in_json(tmp_path):
    from msglint.api import lint_paths

    text = '{"subject":"\\u00e9t\\u00e9 \\ud83d\\ude00 Nicely done!"}\n'
    path = tmp_path / "escaped.json"
    path.write_text(text, encoding="utf-8")
    (result,) = lint_paths([str(path)])
    (praise,) = [f for f in result.findings if f.category == "unearned-praise"]
    assert (praise.line, praise.column) == (1, text.index("Nicely") + 1)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
       st.booleans())
def test_json_values_map_exactly_to_their_literal(value, ascii_only):
    """Every character of a JSON string maps to itself in the file, and a character that
    came from an escape maps to the escape's backslash."""
    from msglint.sources.structured import _JSON_TOKEN_RE, align_json

    source = json.dumps({"body": value}, ensure_ascii=ascii_only)
    literal = [m for m in _JSON_TOKEN_RE.finditer(source)][3]
    smap = align_json(value, source, literal.start() + 1, literal.end() - 1, None)
    assert smap is not None
    for i, ch in enumerate(value):
        at = smap.source_offset(i)
        assert source[at] == ch or source[at] == "\\", (value, i)
