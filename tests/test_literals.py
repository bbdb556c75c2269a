"""The required-literal prefilter must never hide a match (it is only a shortcut)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from msglint.engine.context import SIGNALS
from msglint.engine.literals import may_match, required_literals
from msglint.engine.patterns import PatternRule
from msglint.rules import load_registry

ROOT = Path(__file__).resolve().parent


def _all_patterns() -> list[re.Pattern[str]]:
    pats = [p for _, group in SIGNALS for p in group]
    for rule in load_registry():
        if isinstance(rule, PatternRule):
            pats.extend(rule.regexes)
        for cond in (rule.applies, rule.exempt):
            pats.extend(cond.mentions + cond.sentence + cond.body_mentions)
    return pats


def _corpus_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "corpus").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = data.get("messages", data) if isinstance(data, dict) else data
        for item in items or []:
            if isinstance(item, dict):
                texts.extend(str(item[k]) for k in ("subject", "preheader", "body", "from") if k in item)
    for rule in load_registry():
        for ex in rule.flag_examples() + rule.pass_examples():
            texts.extend(str(ex[k]) for k in ("subject", "preheader", "body", "from") if k in ex)
    return texts


PATTERNS = _all_patterns()
TEXTS = _corpus_texts()


def test_gates_agree_with_every_pattern_on_every_known_text():
    assert len(PATTERNS) > 50 and len(TEXTS) > 300
    gated = 0
    for pattern in PATTERNS:
        gate = required_literals(pattern)
        gated += gate is not None
        for text in TEXTS:
            if pattern.search(text):
                assert may_match(gate, text.lower()), (pattern.pattern, gate, text)
    assert gated > len(PATTERNS) // 2, "most patterns should have a prefilter"


WORDS = ["we", "are", "sorry", "for", "the", "inconvenience", "your", "order", "#12", "shipped",
         "has", "been", "only", "2", "left", "ends", "tonight", "SALE", "50%", "off", "up to",
         "you", "deserve", "it", "congrats", "!", ".", "\n", "Psst", "just", "between", "us"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25), st.sampled_from(range(len(PATTERNS))))
def test_gate_never_hides_a_match(words, index):
    pattern = PATTERNS[index]
    text = " ".join(words)
    if pattern.search(text):
        assert may_match(required_literals(pattern), text.lower())


def test_gate_examples():
    assert required_literals(re.compile(r"\bwe let you down\b", re.I)) == ({"we let you down"},)
    assert required_literals(re.compile(r"\b(?:sorry|apologies) for", re.I)) == (
        {"sorry", "apologies"}, {" for"})
    assert required_literals(re.compile(r"\b(?:yes)?\d+", re.I)) is None  # nothing required
    # a repeated letter continues the run it follows; every required part is kept
    assert required_literals(re.compile(r"\bpss+t\b", re.I)) == ({"pss"},)
    gate = required_literals(re.compile(r"\b(?:last|final)[ -](?:chance|call)\b", re.I))
    # re's parser factors the shared "c" out of chance|call, leaving hance|all
    assert set(gate) == {frozenset({"final", "last"}), frozenset({"hance", "all"})}
    assert not may_match(({"sorry"},), "nothing to see here")
    assert not may_match(({"last", "final"}, {"chance"}), "the last bus")  # both parts needed
    assert may_match(({"last", "final"}, {"chance"}), "the last chance")


def test_presence_agrees_with_substring_tests():
    """The one-pass automaton answers exactly as the substring tests do."""
    from msglint.engine.literals import Presence, gate_for

    gates = [g for g in (gate_for(p) for p in PATTERNS) if g]
    for text in TEXTS[:400]:
        low = text.lower()
        present = Presence(low)
        for gate in gates:
            assert present.may_match(gate) == may_match(gate, low), (gate, text)


def test_presence_without_the_automaton_falls_back_to_substring_tests(monkeypatch):
    from msglint.engine import literals

    monkeypatch.setattr(literals._INDEX, "automaton", lambda: None)
    gate = (frozenset({"sorry"}), frozenset({" for"}))
    present = literals.Presence("we are sorry for the delay")
    assert present.found() is None
    assert present.may_match(gate)
    assert not literals.Presence("we are sorry").may_match(gate)


def test_presence_sees_literals_registered_after_it_was_built():
    """A pattern first met mid-run adds its words to the automaton; a text scanned
    before that is scanned again, so the new gate is never answered from a stale scan."""
    from msglint.engine.literals import Presence, gate_for

    present = Presence("a zorblaxian offer for you")
    assert present.may_match(gate_for(re.compile(r"\boffer for\b")))
    late = re.compile(r"\bzorblaxian\b")  # a word no other pattern needs
    assert present.may_match(gate_for(late))
    assert not Presence("nothing here").may_match(gate_for(late))


def test_presence_with_an_index_of_its_own():
    """A caller's own, smaller index answers its gates as the shared one does, and the
    found literals are only its own."""
    from msglint.engine.literals import LiteralIndex, Presence, may_match

    gates = [(frozenset({"sorry", "apologies"}), frozenset({" for"})), (frozenset({"refund"}),)]
    index = LiteralIndex()
    for gate in gates:
        index.add(frozenset().union(*gate))
    for text in ("we are sorry for the delay", "apologies: no refund", "nothing", "a refund for you"):
        present = Presence(text, index)
        assert present.found() <= index.literals
        for gate in gates:
            assert present.may_match(gate) == may_match(gate, text)
