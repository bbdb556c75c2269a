"""No regex of msglint's takes time by the square of its input.

A pattern such as ``[.!?]+\\s+`` or ``<!--.*?-->`` tries again from every character
of a long run that cannot match, and rescans the run each time: 4,000 ``!`` in a row
took seconds, a 1 MB line never finished. Each pattern (module-level, and every
built-in rule's) runs here over long runs of one piece of text; a quadratic one takes
seconds on 20,000 characters where a linear one takes milliseconds.
"""

from __future__ import annotations

import importlib
import re
import time
from pathlib import Path

import pytest

import msglint
from msglint.engine.lazy_regex import LazyPattern
from msglint.rules import load_registry

from tests.own_modules import module_values

ROOT = Path(msglint.__file__).parent

#: patterns only ever used anchored (``.match``), which never retry from each character
MATCH_ONLY = {"msglint.sources.eml.HEADER_LINE_RE", "msglint.rules.sender.HEADLINE_SEP_RE",
              "msglint.sources.mbox.SNIFF_RE"}

PIECES = (list("!?.,;:-_=+*#@$%&<>()[]{}|/\\'\"`~^ \n\taA1é😀")
          + ["a!", "!a", "A ", "a.", ". ", "a@", "@a", "a-", "=\n", "- ", "> ", "* ", "1.", "ab",
             "AB", "a b", "! ", "? ", "!!a", "http://", "www.", "{{", "<!--", "<!-- ", "%%", "*|",
             "a'", "```\n", "~~~\n", "](", '](x "', "\n\n", "ad\n", "{% comment %}", "{{!--"])
LENGTH = 20_000
#: a linear pattern takes a few milliseconds here; the quadratic ones took 1-8 s
BUDGET = 0.5


def _patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for module, name, value in module_values():
        if isinstance(value, LazyPattern):
            value = value.compiled()
        if isinstance(value, re.Pattern) and getattr(value, "pattern", None):
            found.setdefault(f"{module}.{name}", value)
    for rule in load_registry():
        for i, pattern in enumerate(getattr(rule, "regexes", ()) or ()):
            found[f"{rule.id} regex {i}"] = pattern.compiled() if isinstance(pattern, LazyPattern) else pattern
    return found


PATTERNS = _patterns()


def test_there_are_patterns_to_check():
    assert len(PATTERNS) > 80
    assert all(name in PATTERNS for name in MATCH_ONLY)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_is_linear_on_long_runs(name):
    pattern = PATTERNS[name]
    for piece in PIECES:
        text = piece * (LENGTH // len(piece))
        if isinstance(pattern.pattern, bytes):  # a pattern over raw file bytes (mbox sniffing)
            text = text.encode("utf-8")
        start = time.perf_counter()
        if name in MATCH_ONLY:
            pattern.match(text)
        else:
            for _ in pattern.finditer(text):
                pass
        took = time.perf_counter() - start
        assert took < BUDGET, f"{name} took {took:.2f} s on {LENGTH} characters of {piece!r}"


@pytest.mark.parametrize("qualified", sorted(MATCH_ONLY))
def test_match_only_patterns_are_only_matched(qualified):
    # the exemption above holds only while every use of the pattern is anchored
    module, name = qualified.rsplit(".", 1)
    source = Path(importlib.import_module(module).__file__).read_text(encoding="utf-8")
    uses = re.findall(rf"\b{name}\b(\.\w+)?", source)
    assert uses and all(use in ("", ".match", ".fullmatch") for use in uses), uses
    assert sum(1 for use in uses if use == "") == 1  # the definition only


def test_spacy_never_sees_a_long_symbol_run():
    # spaCy's tokenizer is itself quadratic on a run of symbols: msglint breaks them
    from msglint.nlp.pipeline import SYMBOL_RUN, break_symbol_runs, pipe

    text = "Sale! " + "!" * 5000 + " <" * 3 + "=" * 200 + "_" * 300 + "\nNicely done"
    broken = break_symbol_runs(text)
    assert len(broken) == len(text)
    runs = re.findall(r"(?:[^\w\s]|_)+", broken)
    assert max(map(len, runs)) <= SYMBOL_RUN
    assert [i for i, (a, b) in enumerate(zip(text, broken)) if a != b] == \
        [i for i, c in enumerate(broken) if c == " " and text[i] != " "]
    start = time.perf_counter()
    [doc] = list(pipe([("<" * 100_000) + " Nicely done"]))
    assert time.perf_counter() - start < 10
    assert doc[-2:].text == "Nicely done"


@pytest.mark.parametrize("piece", sorted(set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") | {
    "😀", "\u2026", "\u2014", "http://", "www.a.", "x=y&", "a-", "a.", "a/", "1,", "@a"}))
def test_tokenising_a_long_unbroken_run_is_fast(piece):
    from msglint.nlp.pipeline import pipe

    start = time.perf_counter()
    [doc] = list(pipe([piece * (40_000 // len(piece))]))
    assert time.perf_counter() - start < 5, piece
    assert len(doc) > 0


def test_a_long_url_is_not_broken():
    from msglint.nlp.pipeline import break_symbol_runs

    url = "https://click.example.com/track?" + "&".join(f"p{i}=v{i}" for i in range(120))
    assert 900 < len(url) <= 1024
    text = f"Read more: {url} today"
    assert break_symbol_runs(text) == text
