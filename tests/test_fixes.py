"""The edit behind a rewrite hint: applying it gives exactly the line the suggestion
shows, and no edit is offered where that cannot be promised."""

from __future__ import annotations

import pytest

from msglint.fixes import example_of, fix_for, source_fix
from msglint.model import Finding
from msglint.sources import read_bytes
from tests.conftest import lint_mapping


def fixes(copy: dict, rule: str):
    result = lint_mapping(copy)
    from msglint.rules import load_registry

    registry = load_registry()
    out = []
    for f in result.findings:
        if f.rule == rule:
            fld = result.message.fields[f.field]
            out.append((f, fix_for(f, registry.get(f.rule), fld.text), fld))
    return out


@pytest.mark.parametrize("copy,rule,after", [
    # dropped praise takes its "!" and space along
    ({"subject": "Nicely done! You're getting 50% off"}, "MSG101", "You're getting 50% off"),
    # emoji stay put, code points and all; a replacement is capitalised at the start
    ({"subject": "\u2708\ufe0f\U0001f389 You've been given this flight deal under $200"}, "MSG111",
     "\u2708\ufe0f\U0001f389 Here's this flight deal under $200"),
    # inside a body: the sentence's next word is capitalised, the comma that led in goes
    ({"body": "Thanks for reading. Nicely done, the sale is on.\nSee you soon."}, "MSG101",
     "Thanks for reading. The sale is on.\nSee you soon."),
    # in the middle of a line, one space stays between the words on both sides
    ({"body": "Hi Sam, nicely done, the sale is on"}, "MSG101", "Hi Sam the sale is on"),
    # a placeholder the writer must fill is written as the hint writes it
    ({"subject": "Last chance: 20% off"}, "MSG201", "The sale ends [date]: 20% off"),
])
def test_applying_the_fix_gives_the_example(copy, rule, after):
    ((finding, fix, fld),) = fixes(copy, rule)
    assert fix is not None, finding.suggestion
    assert fix.apply(fld.text) == after
    assert fix.example in after
    assert fix.example == example_of(finding.suggestion)


def test_no_fix_without_a_rewrite():
    ((finding, fix, _),) = fixes({"subject": "Nicely done!"}, "MSG101")
    assert example_of(finding.suggestion) is None and fix is None


def test_no_fix_when_the_example_would_not_come_out():
    # the same rule and words, but a suggestion whose example says something else
    ((finding, _, fld),) = fixes({"subject": "Nicely done! You're getting 50% off"}, "MSG101")
    from msglint.rules import load_registry

    rule = load_registry().get("MSG101")
    forged = Finding(**{**finding.__dict__, "suggestion": 'Drop it. For example: "Something else entirely"'})
    assert fix_for(forged, rule, fld.text) is None
    assert fix_for(finding, None, fld.text) is None


def _subject_fix(source: str, name: str):
    from msglint.api import make_session

    session = make_session()
    (msg,) = list(read_bytes(source.encode(), name))
    (f,) = [f for f in next(iter(session.linter.lint([msg]))).findings if f.rule == "MSG101"]
    fld = msg.fields["subject"]
    return fix_for(f, session.registry.get("MSG101"), fld.text), fld


def test_the_source_span_refuses_text_the_writer_did_not_type():
    # "!" written as an entity: the field reads "!", the file holds "&#33;"
    entity = "<html><head><title>Nicely done&#33; You're getting 50% off</title></head><body><p>Hi.</p></body></html>\n"
    fix, fld = _subject_fix(entity, "a.html")
    assert fix is not None and fix.apply(fld.text) == "You're getting 50% off"
    assert source_fix(fix, fld, entity) is None
    # written plainly, the same edit lands on the file's own characters
    plain = entity.replace("&#33;", "!")
    fix, fld = _subject_fix(plain, "a.html")
    start, end = source_fix(fix, fld, plain)
    assert plain[:start] + fix.replacement + plain[end:] == plain.replace("Nicely done! ", "")
    md = "---\nsubject: \"Nicely done! You're getting 50% off\"\n---\n\nHello.\n"
    fix, fld = _subject_fix(md, "a.md")
    start, end = source_fix(fix, fld, md)
    assert md[:start] + fix.replacement + md[end:] == md.replace("Nicely done! ", "")
