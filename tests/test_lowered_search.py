"""Case-blind regexes searched as case-sensitive twins in lower-cased text.

``lazy_regex.case_sensitive_twin`` turns a case-blind pattern with only lower-case
ASCII literals and ranges into a case-sensitive one that finds the same spans in
``text.lower()``, for texts without one of ``CASE_ODDITIES``. These tests try every
code point for the character tests a twin relies on, and every twin of msglint's
own patterns on text written here.
"""

from __future__ import annotations

import random
import re
import sys

import pytest

from msglint.engine.lazy_regex import CASE_ODDITIES, LazyPattern, case_sensitive_twin, lowered
from msglint.rules import load_registry

from tests.own_modules import module_values


def _every_character() -> str:
    return "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)


def test_case_oddities_are_every_character_a_twin_reads_differently():
    chars = _every_character()
    odd = {c for c in chars if len(c.lower()) != 1}
    text = "".join(c for c in chars if c not in odd)
    low = text.lower()
    assert len(low) == len(text)
    # categories (\w, \d, \s; \b reads \w) and line ends, tested on the character
    # itself ignoring case and on its lower case in the twin
    for cls in (r"\w", r"\d", r"\s", r"\n", r"."):
        a = {m.start() for m in re.finditer(cls, text, re.IGNORECASE)}
        b = {m.start() for m in re.finditer(cls, low)}
        odd.update(text[i] for i in a ^ b)
    # every lower-case ASCII literal and a few ranges and classes, ignoring case
    # against case-sensitive in the lower-cased text
    tests = [re.escape(chr(x)) for x in range(128) if not chr(x).isupper()]
    tests += ["[a-z]", "[a-f0-9]", r"[\w.+-]", "[_-z]", "[ -@]", r"[\[-`]", r"[{-\x7f]"]
    for pattern in tests:
        a = {m.start() for m in re.finditer(pattern, text, re.IGNORECASE)}
        b = {m.start() for m in re.finditer(pattern, low)}
        odd.update(text[i] for i in a ^ b)
    assert odd == set(CASE_ODDITIES)


def test_lowered_refuses_texts_with_an_oddity():
    assert lowered("Hello THERE") == "hello there"
    for ch in CASE_ODDITIES:
        assert lowered(f"Hello {ch}") is None


@pytest.mark.parametrize("pattern,twinned", [
    (r"\bfree (?:gift|trial)s?\b", True),
    (r"\d{1,2} ?% off|[a-f0-9]{8}", True),
    (r"(?<!\bno )\bthanks\W*$", True),
    (r"order\s*#?[A-Z0-9-]*\d", False),     # a capital range: it would read lower case too
    (r"caf\u00e9", False),                   # a non-ASCII literal
    (r"(?-i:Free) gift", False),             # a group that turns case back on
    (r"[\u00c0-\u00ff]x", False),
])
def test_which_patterns_get_a_twin(pattern, twinned):
    assert (case_sensitive_twin(re.compile(pattern, re.IGNORECASE)) is not None) is twinned


def test_no_twin_without_ignorecase_or_with_an_inline_flag():
    assert case_sensitive_twin(re.compile(r"free gift")) is None
    assert case_sensitive_twin(re.compile(r"(?i)free gift")) is None  # the twin would ignore case too
    assert case_sensitive_twin(re.compile(r"free gift", re.IGNORECASE | re.ASCII)) is None


def _own_patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for module, name, value in module_values():
        if isinstance(value, LazyPattern):
            found[f"{module}.{name}"] = value.compiled()
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                for j, sub in enumerate(item if isinstance(item, tuple) else (item,)):
                    if isinstance(sub, LazyPattern):
                        found[f"{module}.{name}[{i}][{j}]"] = sub.compiled()
                    elif isinstance(sub, tuple):
                        for k, p in enumerate(sub):
                            if isinstance(p, LazyPattern):
                                found[f"{module}.{name}[{i}][{j}][{k}]"] = p.compiled()
    for rule in load_registry():
        for i, pattern in enumerate(getattr(rule, "regexes", ()) or ()):
            found[f"{rule.id} regex {i}"] = pattern.compiled() if isinstance(pattern, LazyPattern) else pattern
    return found


PATTERNS = {name: p for name, p in _own_patterns().items()
            if isinstance(p.pattern, str) and case_sensitive_twin(p) is not None}

#: copy written for this test, upper-cased, title-cased and with look-alikes mixed in
_COPY = (
    "LAST CHANCE: 50% OFF ends in 3 hours! Order now, free shipping on orders over $49. "
    "We're so sorry your order #A12-99 arrived damaged. Nah, I will just pay full price for my socks. "
    "Only 2 left in stock - 1,204 shoppers are viewing this. Unsubscribe or opt-out here. "
    "On Tue, 3 Dec 2026, Ann wrote:\n> quoted line\n-- \nSignature\nCall 555-0100 today. "
    "Thanks for your feedback! Your order has shipped. Sale ends Friday at midnight. "
    "Business proposal: transfer of funds, next of kin. Money-back guarantee, no risk. "
    "The \u212aelvin sign, Stra\u00dfe, \u00c9T\u00c9, \u03a3\u03a3, \ufb01ne, \u2126hm and CAF\u00c9 deals."
)


def _texts() -> list[str]:
    rng = random.Random(18)
    words = _COPY.split(" ")
    out = [_COPY, _COPY.upper(), _COPY.title(), _COPY.swapcase()]
    for _ in range(40):
        picked = rng.sample(words, k=min(len(words), 30))
        out.append(" ".join(w.upper() if rng.random() < 0.3 else w for w in picked))
    return out


TEXTS = _texts()


def test_there_are_twins_to_check():
    assert len(PATTERNS) > 100


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_twin_finds_the_same_spans(name):
    pattern = PATTERNS[name]
    twin = case_sensitive_twin(pattern)
    for text in TEXTS:
        low = lowered(text)
        assert low is not None
        assert [m.span() for m in twin.finditer(low)] == [m.span() for m in pattern.finditer(text)], text
