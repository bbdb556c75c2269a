"""All-caps: the identifier lines are found in one scan of the text, the same words as
reading it line by line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from msglint.rules import shouting


def _line_by_line(text: str) -> frozenset[str]:
    found: set[str] = set()
    if not any(c.isdigit() or c == "_" for c in text):
        return frozenset()
    for line in text[:shouting.REPEAT_WINDOW].split("\n"):
        if len(shouting._IDENT_TOKEN_RE.findall(line)) >= 2:
            found.update(shouting._CAPS_TOKEN_RE.findall(line))
    return frozenset(found)


PIECES = ["CURRENT1", "OLD", "NEW", "A_B", "X2", "_", "9", "\u00b2", "NOTE", "Hello", "it's", "DON'T",
          "\n", " ", "=", ">", "diff3", "MAX_SIZE", "a", "SALE", "\t", "1st", "ÉTÉ", "\u0663"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_same_identifiers_as_line_by_line(pieces):
    for sep in (" ", ""):
        text = sep.join(pieces)
        assert shouting._identifiers(text) == _line_by_line(text)


def test_examples():
    text = "Use the substrings CURRENT1, CURRENT2, NEW and OLD.\nNEW arrivals: SALE now\nX_1 Y"
    assert shouting._identifiers(text) == _line_by_line(text) == frozenset({"NEW", "OLD"})
    assert shouting._identifiers("NO DIGITS HERE\nAT ALL") == frozenset()
