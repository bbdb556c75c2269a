"""A rewrite's doc matched against its original's hits (``CompiledPatterns.match`` with
a ``base``) finds exactly what matching the whole doc finds."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from msglint.api import make_session
from msglint.rules.shouting import _written_plainly
from msglint.engine.patterns import _max_tokens
from msglint.nlp.pipeline import pipe


@pytest.fixture(scope="module")
def compiled():
    return make_session().linter.compiled


def _copy_from_examples(registry) -> list[str]:
    """Every pattern rule's flagged examples, as sentences of copy."""
    out = []
    for rule in registry.rules.values():
        if getattr(rule, "kind", "") != "pattern":
            continue
        for ex in (rule.examples or {}).get("flag", []):
            text = ex if isinstance(ex, str) else ex.get("body") or ex.get("subject") or ""
            if text:
                out.append(text.strip())
    return out


def _whole(compiled, doc) -> set:
    found = list(compiled.phrase(doc)) if compiled.has_phrase else []
    for hits in compiled._token_matches(doc).values():
        found.extend(hits)
    return set(found)


def _edits(sentences: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """(original, rewritten) bodies: one sentence lowered, cut, emptied or replaced,
    at the start, the end and in between, as an example rewrite changes one sentence."""
    pairs = []
    for _ in range(150):
        picked = rng.sample(sentences, min(len(sentences), rng.randint(1, 8)))
        seps = [rng.choice([" ", "\n", "\n\n", "  ", "! ", ". "]) for _ in picked]
        body = "".join(s + sep for s, sep in zip(picked, seps)).strip()
        i = rng.randrange(len(picked))
        s = picked[i]
        words = s.split()
        mid = rng.randrange(len(words))
        new = rng.choice([
            # one word's case: its token changes, a phrase around it still matches
            " ".join(w.swapcase() if j == mid else w for j, w in enumerate(words)),
            " ".join(w.swapcase() if j == mid else w for j, w in enumerate(words)),
            s.lower(),
            " ".join(words[1:]) or "Thanks",
            " ".join(words[:-1]) or "Thanks",
            s.replace("!!", "!").replace("?!", "?"),
            "Great news. Well - done!",
            s.upper(),
            "",
        ])
        rewritten = "".join((new if j == i else p) + sep for j, (p, sep) in enumerate(zip(picked, seps))).strip()
        pairs.append((body, rewritten))
    return pairs


def test_a_rewrite_matched_against_its_original_finds_what_the_whole_doc_does(compiled, registry):
    sentences = _copy_from_examples(registry)
    assert len(sentences) > 50
    pairs = _edits(sentences, random.Random(18))
    docs = list(pipe(t for pair in pairs for t in pair))
    checked = retokenized = 0
    for k in range(len(pairs)):
        odoc, vdoc = docs[2 * k], docs[2 * k + 1]
        if not len(odoc) or not len(vdoc):
            continue
        prior = (odoc, list(compiled.phrase(odoc)), compiled._token_matches(odoc))
        got = compiled._match_against(vdoc, prior, True)
        assert set(got) == _whole(compiled, vdoc), pairs[k]
        checked += 1
        # the doc retokenize builds from the original's tokens (matched with what it
        # knows of where the two differ)
        from msglint.nlp.pipeline import retokenize

        spliced = retokenize(odoc, pairs[k][0], pairs[k][1])
        if spliced is not None:
            got = compiled._match_against(spliced, prior, True)
            assert set(got) == _whole(compiled, spliced), pairs[k]
            retokenized += 1
    assert checked > 120
    assert retokenized > 60


def test_max_tokens():
    assert _max_tokens(([{"NORM": "a"}, {"NORM": "b", "OP": "?"}],)) == 2
    assert _max_tokens(([{"NORM": "a"}], [{"NORM": "a"}, {"OP": "!"}, {"NORM": "b", "OP": "{1,3}"}])) == 5
    assert _max_tokens(([{"NORM": "a", "OP": "{2}"}],)) == 2
    assert _max_tokens(([{"NORM": "a", "OP": "+"}],)) is None
    assert _max_tokens(([{"NORM": "a", "OP": "{2,}"}],)) is None
    assert _max_tokens(([{"_": {"x": 1}}],)) is None


def _views(**texts):
    return SimpleNamespace(views={k: SimpleNamespace(norm=v, lower=v.lower()) for k, v in texts.items()})


def test_written_plainly_finds_a_dotless_i_as_the_search_does():
    # ignoring case, "I" matches "ı": the quick skip of a view lacking the words
    # must not hide that
    assert _written_plainly(_views(subject="Fıeld Notes", body="FIELD NOTES"), "FIELD NOTES")
    assert _written_plainly(_views(subject="Field Notes", body="FIELD NOTES"), "FIELD NOTES")
    assert not _written_plainly(_views(subject="Field trip", body="FIELD NOTES"), "FIELD NOTES")
    # the matches are taken in turn as a search finds them: one in capitals that
    # overlaps a plain one hides it ("NO NO no": "NO NO", then " no" alone)
    assert not _written_plainly(_views(body="NO NO no"), "NO NO")
    assert _written_plainly(_views(body="no NO NO"), "NO NO")
    assert _written_plainly(_views(body="NO NO, then No-no"), "NO NO")


REGEXES = [
    r"\bab\b", r"a[bc]?a", r"(?<![\w])ba(?=\s)", r"^ab", r"(?m)^a b$", r"ab$", r"\Ab|b\Z",
    r"(?i)\bAB(?:C|\s)", r"a{2,4}", r"(?:ab|ba){1,3}", r"(?<=b)a(?!a)", r"\s{2}", r"b\b",
    # unbounded, but not across a line break
    r"a[bc]+", r"\ba.*b", r"[^ \n]+ b", r"(?m)^a[^\n]*$", r"b\s?\n?[a-c]+\b", r"(?:a\n)?b[a ]*c",
    # unbounded across lines, but only over runs of a few kinds of character
    r"(?m)^\W*ab", r"a\s*[b!]", r"\bab\W*$", r"(?<!b )\bab(?![^c\n]*c\s*\w)", r"(?m)^\W*a(?:[\w-]+\W*)?$",
    r"(?:a\s+){2,}b", r"b(?=\s*(?:a|$))", r"(?m)^\s*a+?b", r"(?:ab|\s)+c",
    r"(?<=(?<!a b)c)\s*a", r"(?<!b )(?<!ab )\ba\W*c", r"(?=\s*(?<=ba)\s)\s+b",
]


def test_a_rescan_yields_what_finditer_does():
    import re

    from msglint.engine.patterns import _changed_text
    from msglint.engine.regex_reach import reach_of_pattern, rescan

    rng = random.Random(18)
    alphabet = ["a", "b", "c", " ", "\n", "ab", "ba", "A", "\n\n", "aaa", "!", "-"]
    for source in REGEXES:
        pattern = re.compile(source)
        reach = reach_of_pattern(pattern)
        assert reach is not None, source
        for _ in range(1500):
            old = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
            i = rng.randint(0, len(old))
            j = rng.randint(i, min(len(old), i + 6))
            new = old[:i] + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) + old[j:]
            before = [m.span() for m in pattern.finditer(old)]
            head, new_end, old_end = _changed_text(old, new)
            assert new[:head] == old[:head] and new[new_end:] == old[old_end:]
            got = rescan(pattern, new, before, head, new_end, old_end, reach)
            assert got == [m.span() for m in pattern.finditer(new)], (source, old, new)


def test_every_builtin_regex_with_a_reach_rescans_as_finditer_does(compiled, registry):
    """The built-in rules' own regexes, on text made of their flagged examples, blanks,
    line breaks and punctuation, edited in one place as a rewrite edits one sentence."""
    import re

    from msglint.engine.literals import holds_within
    from msglint.engine.patterns import _changed_text
    from msglint.engine.regex_reach import rescan

    index = compiled._regexes
    sentences = _copy_from_examples(registry)
    words = sorted({w for s in sentences for w in s.split()})
    pieces = [" ", " ", "\n", "\n\n", "  \n ", "! ", ": ", "...", "?", " - ", "\t", "#1 ", "12:30:00",
              "$5k ", "(", ")"]
    rng = random.Random(18)

    def chunk(k: int) -> str:
        out = []
        for _ in range(k):
            r = rng.random()
            out.append(rng.choice(sentences) if r < 0.3 else rng.choice(words) if r < 0.7 else rng.choice(pieces))
            if rng.random() < 0.6:
                out.append(rng.choice([" ", " ", "\n", ". ", "! "]))
        text = "".join(out)
        return text.lower() if rng.random() < 0.5 else text

    reached = [i for i in range(len(index.entries)) if index.reach_of(i) is not None]
    assert len(reached) >= 165  # (and 24 that can only match at the start, scanned whole)
    texts = []
    for _ in range(40):
        old = chunk(rng.randint(0, 14))
        i = rng.randint(0, len(old))
        j = rng.randint(i, min(len(old), i + rng.choice([0, 3, 30])))
        new = old[:i] + chunk(rng.randint(0, 2)) + old[j:]
        texts.append((old, new))
    pruned = 0
    for idx in reached:
        pattern, reach, gate = index.entries[idx][2], index.reach_of(idx), index.entries[idx][3]
        twin = index.twin(idx)
        for old, new in texts:
            before = [m.span() for m in pattern.finditer(old)]
            head, new_end, old_end = _changed_text(old, new)
            want = [m.span() for m in pattern.finditer(new)]
            got = rescan(pattern, new, before, head, new_end, old_end, reach)
            assert got == want, (pattern.pattern, old, new)
            # as the linter rescans: the twin on the lower-cased text, and no scan of a
            # part that lacks the regex's required words
            low = new.lower()
            assert len(low) == len(new)
            calls = []

            def holds(lo, hi, test=holds_within(gate, low) if gate else (lambda lo, hi: True)):
                calls.append(test(lo, hi))
                return calls[-1]

            got = rescan(pattern, new, before, head, new_end, old_end, reach,
                         search=(twin, low) if twin is not None else None, holds=holds)
            assert got == want, (pattern.pattern, old, new)
            pruned += calls.count(False)
    assert pruned > 100  # the test reaches the parts left unscanned


def test_reach():
    import re

    from msglint.engine.regex_reach import _line_reach, _reach

    assert _reach(re.compile(r"ab")) == (1, 3)
    assert _reach(re.compile(r"(?<=x)ab?(?=cd)")) == (2, 5)
    assert _reach(re.compile(r"\bab\b")) == (5, 7)
    for unbounded in (r"a+", r"a*b", r"(a)\1", r"x?", r"(?=a+)b", r"(?<=a)|b"):
        assert _reach(re.compile(unbounded)) is None, unbounded
    assert _line_reach(re.compile(r"a[bc]+\n?d")) == (2, 2, 4)
    for unbounded in (r"\s+a", r"(?s)a.*b", r"[^x]*a", r"(a)\1+", r"(?=.*a)b", r"a?"):
        assert _line_reach(re.compile(unbounded)) is None, unbounded
    from msglint.engine.regex_reach import _run_reach

    assert _run_reach(re.compile(r"\s+a")) is not None
    # a match only at the start: scanned whole (every other attempt fails at once)
    assert _run_reach(re.compile(r"^\W*a")) is None and _run_reach(re.compile(r"(?m)^\W*a")) is not None
    for unbounded in (r"(a)\1+", r"(?:\ba)+b", r"a?"):
        assert _run_reach(re.compile(unbounded)) is None, unbounded
    # a lookbehind in a lookbehind reads back by both widths
    assert _run_reach(re.compile(r"(?<=(?<!a b)c)\s*a")).back >= 4
    assert _run_reach(re.compile(r"(?<!b )(?<!ab )\ba\W*c")).back >= 3


def test_retokenize_gives_the_doc_of_the_whole_text():
    from spacy.attrs import IDX, LENGTH, NORM, ORTH, SENT_START, SPACY

    from msglint.nlp.pipeline import retokenize

    rng = random.Random(18)
    pieces = ["Hello", " ", "\n", "\n\n", "  ", " \n", "world!", "can't", ":-)", "U.S.", "e.g.",
              "(see)", "$5", "--", "http://x.io/a", "_" * 20, "don't", "\t", "\xa0", "!!!", "a.m.",
              # runs broken before spaCy sees them (break_symbol_runs): only the changed lines are
              "<" * 40, "!" * 17, "y" * 1030]
    attrs = [ORTH, NORM, SPACY, IDX, LENGTH, SENT_START]
    spliced = 0
    for _ in range(400):
        old = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        i = rng.randint(0, len(old))
        j = rng.randint(i, min(len(old), i + 8))
        new = old[:i] + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 3))) + old[j:]
        odoc, full = list(pipe([old, new]))
        got = retokenize(odoc, old, new)
        if got is None:
            continue
        spliced += 1
        assert got.text == full.text
        assert (got.to_array(attrs) == full.to_array(attrs)).all(), (old, new)
        assert got.has_annotation("SENT_START") == full.has_annotation("SENT_START")
        from msglint.nlp.pipeline import ensure_sentences

        ensure_sentences(got)
        ensure_sentences(full)
        assert (got.to_array([SENT_START]) == full.to_array([SENT_START])).all(), (old, new)
    assert spliced > 200


def test_a_rewrites_literals_from_its_originals_hold_every_literal_it_has(compiled, registry):
    """``Presence.around``: the original's literals and those around the change, a
    superset of the rewritten text's own (what a gate may read) and no more than the
    two texts hold together."""
    from msglint.engine.literals import _INDEX, Presence
    from msglint.text.diff import changed

    assert compiled._regexes.entries  # (the rules' literals are registered)
    literals = sorted(_INDEX.literals)
    assert literals
    rng = random.Random(18)
    sentences = _copy_from_examples(registry)
    checked = 0
    for _ in range(300):
        old = " ".join(rng.choice(sentences + literals) for _ in range(rng.randint(0, 10))).lower()
        i = rng.randint(0, len(old))
        j = rng.randint(i, min(len(old), i + 20))
        new = old[:i] + rng.choice(literals + ["", " ", "x"]) + old[j:]
        base = Presence(old)
        if base.found() is None:
            continue
        head, new_end, _ = changed(old, new)
        got = Presence.around(new, base, head, new_end).found()
        own = Presence(new).found()
        assert own <= got <= own | base.found(), (old, new)
        checked += 1
    assert checked > 250
