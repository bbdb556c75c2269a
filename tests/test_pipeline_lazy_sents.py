"""Sentence boundaries: the pipeline tokenises only; sentences are added on demand,
by a reading of spaCy's Sentencizer rule from token arrays that must agree with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msglint.nlp.pipeline import break_symbol_runs, ensure_sentences, get_nlp, pipe

ROOT = Path(__file__).resolve().parent


def _reference(text: str) -> list[bool]:
    nlp = get_nlp()
    doc = nlp.make_doc(break_symbol_runs(text))  # what pipe hands spaCy
    nlp.get_pipe("sentencizer")(doc)
    return [bool(t.is_sent_start) for t in doc]


def _ours(text: str) -> list[bool]:
    doc = next(pipe([text]))
    if len(doc) > 1:  # (spaCy counts a one-token doc as split already)
        assert not doc.has_annotation("SENT_START")  # pipe leaves sentences out
    ensure_sentences(doc)
    return [bool(t.is_sent_start) for t in doc]


CORPUS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").rglob("*.yaml"))]


@pytest.mark.parametrize("text", CORPUS + [
    "", "Hi", "Hi!! There. ?? ok", "\u2026. . a", "!!! x", "Done. \"Quoted.\" Next", "a\n\nb. c",
    "Wait\u3002Next\uff01 more", "U.S. flights. From $99!",
])
def test_same_boundaries_as_spacys_sentencizer(text):
    assert _ours(text) == _reference(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Hi", "there", ".", "!", "?", "\u2026", "\"", ")", "\n", "ok", "U.S.",
                                 "\u3002", ",", "--", "Yes"]), max_size=30))
def test_same_boundaries_on_any_mix(words):
    text = " ".join(words)
    assert _ours(text) == _reference(text)


def test_sentences_are_added_once_and_kept():
    doc = next(pipe(["One. Two."]))
    ensure_sentences(doc)
    ensure_sentences(doc)
    assert [s.text for s in doc.sents] == ["One.", "Two."]
