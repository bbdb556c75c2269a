"""LazyPattern: msglint's own regexes compile on first use and behave as re.Pattern."""

from __future__ import annotations

import re

import pytest

from msglint.engine.lazy_regex import LazyPattern, lazy


def test_compiles_on_first_use_only():
    p = lazy(r"\blast (chance|call)\b", re.IGNORECASE)
    assert p._compiled is None
    assert p.search("LAST CHANCE today").group(1) == "CHANCE"
    assert isinstance(p._compiled, re.Pattern)
    first = p._compiled
    p.search("x")
    assert p._compiled is first  # compiled once


def test_same_answers_as_re():
    pattern, flags = r"(\w+)@(\w+)", 0
    ours, theirs = LazyPattern(pattern, flags), re.compile(pattern, flags)
    text = "a@b, c@d and e@f"
    assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)]
    assert ours.findall(text) == theirs.findall(text)
    assert ours.sub("X", text) == theirs.sub("X", text)
    assert ours.split(text) == theirs.split(text)
    assert ours.match(text).span() == theirs.match(text).span()
    assert ours.fullmatch("a@b").group(2) == "b"
    assert ours.search(text, 5).span() == theirs.search(text, 5).span()
    assert ours.groups == 2 and ours.pattern == pattern
    assert "lazy(" in repr(ours)


def test_a_bad_pattern_fails_when_used():
    with pytest.raises(re.error):
        lazy("(unclosed").search("x")
