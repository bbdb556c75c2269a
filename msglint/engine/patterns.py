"""Pattern rules: phrase lists, spaCy token patterns and regexes from YAML packs.

All pattern rules are compiled once per process into one ``PhraseMatcher`` (on the
``NORM`` attribute, so "you've" matches "you have" and case never matters) and one
``Matcher``; each field's doc is matched once, and the hits are handed to the rules
that read that field. Regexes run on the normalised text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from .rule import Hit, Rule

if TYPE_CHECKING:  # pragma: no cover
    import re

    from spacy.language import Language

    from .analysis import Analysis


class PatternRule(Rule):
    """A rule whose spans come from its ``match`` block."""

    def __init__(self, *, phrases=(), token_patterns=(), regexes=(), scope="anywhere", **kw: Any):
        super().__init__(**kw)
        self.phrases: tuple[str, ...] = tuple(phrases)
        self.token_patterns: tuple[list[dict], ...] = tuple(token_patterns)
        self.regexes: tuple["re.Pattern[str]", ...] = tuple(regexes)
        self.scope = scope  # "anywhere" or "start" (the match must open the field)

    def find(self, a: "Analysis") -> Iterator[Hit]:
        return run_pattern_rule(self, a)


def run_pattern_rule(rule: PatternRule, a: "Analysis") -> Iterator[Hit]:
    # phrase, token and regex hits were all found by CompiledPatterns.match
    hits = a.matches.get(rule.id)
    if not hits:
        return
    for name, start, end in _longest_first(hits):
        view = a.views[name]
        if rule.scope == "start" and view.norm[:start].strip(" \t\r\n\"'([*-:>") != "":
            continue
        if rule.exempt.sentence:
            sentence = _with_basis(view, start)
            if any(p.search(sentence) for p in rule.exempt.sentence):
                continue
        yield Hit(name, start, end)


#: a sentence of at most this many words is a cry ("Don't miss it!") whose basis, when
#: the writer gives one, is the next sentence ("The talk is on 12 June at 18:00.")
FRAGMENT_WORDS = 4


def _with_basis(view, start: int) -> str:
    """The sentence around ``start``, and the sentence after it when the first is a
    short cry and the next one follows in the same paragraph: a sentence exemption
    (a date, a figure, the reader's own event) reads the basis the writer put right
    next to the claim, not only the claim's own few words."""
    s_start, s_end = view.sentence_at(start)
    sentence = view.norm[s_start:s_end]
    if len(sentence.split()) > FRAGMENT_WORDS:
        return sentence
    from bisect import bisect_left

    spans = view.sentences()
    idx = bisect_left(spans, (s_end, -1))  # the first sentence starting at or after the end
    if idx >= len(spans) or "\n\n" in view.norm[start:spans[idx][0]].replace("\r", ""):
        return sentence
    n_start, n_end = spans[idx]
    return sentence + " " + view.norm[n_start:n_end]


def _longest_first(hits: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop hits overlapping a longer one in the same field; return in text order."""
    from bisect import bisect_left, insort

    kept: list[tuple[str, int, int]] = []
    # per field, the kept spans sorted by start; they never overlap, so their ends
    # are sorted too and only the last one starting before a hit's end can overlap
    # it (a bisect, not a scan: thousands of hits in one field stay fast)
    starts: dict[str, list[int]] = {}
    ends: dict[str, dict[int, int]] = {}
    for hit in sorted(set(hits), key=lambda h: (h[0], -(h[2] - h[1]), h[1])):
        name, start, end = hit
        field_starts = starts.setdefault(name, [])
        idx = bisect_left(field_starts, end) - 1
        if idx >= 0 and ends[name][field_starts[idx]] > start:
            continue
        insort(field_starts, start)
        ends.setdefault(name, {})[start] = end
        kept.append(hit)
    return sorted(kept, key=lambda h: (h[1], h[0]))


class CompiledPatterns:
    """The phrase and token matchers for a set of pattern rules, built once per process."""

    def __init__(self, nlp: "Language", rules: list[PatternRule]):
        from spacy.attrs import LOWER, NORM, ORTH
        from spacy.matcher import Matcher, PhraseMatcher

        self.phrase = PhraseMatcher(nlp.vocab, attr="NORM")
        self.rule_fields: dict[str, tuple[str, ...]] = {}
        self.strings = nlp.vocab.strings
        self._array_attrs = [NORM, LOWER, ORTH]
        #: one token matcher per rule, with the words each pattern cannot match without
        self.token_rules: list[tuple[Matcher, list[list[tuple[int, frozenset[int]]]], bool]] = []
        has_phrase = False
        #: the fields some token rule reads (no other field's doc is matched)
        self.token_fields: set[str] = set()
        for rule in rules:
            self.rule_fields[rule.id] = rule.fields
            if rule.phrases:
                docs = list(nlp.tokenizer.pipe(_phrase_variants(rule.phrases)))
                self.phrase.add(rule.id, docs)
                has_phrase = True
            if rule.token_patterns:
                matcher = Matcher(nlp.vocab)
                try:
                    matcher.add(rule.id, list(rule.token_patterns))
                except ValueError as exc:  # spaCy's MatchPatternError
                    from ..model import UsageError

                    raise UsageError(
                        f"{rule.origin}: rule {rule.id}: match.patterns: {exc}"
                    ) from exc
                needs = [(_requirements(p, self.strings), _adjacent_pairs(p, self.strings))
                         for p in rule.token_patterns]
                self.token_rules.append((matcher, needs, _reads_sentences(rule.token_patterns)))
                self.token_fields.update(rule.fields)
        self.has_phrase = has_phrase
        self._regexes = _RegexIndex(rules)
        self._index_token_gates()

    def _index_token_gates(self) -> None:
        """Index each token pattern under the values of its most selective required
        token, so a doc's words pick the few patterns worth checking in one set
        intersection instead of every pattern's gate being tried on every doc."""
        #: value -> [(rule index, pattern index)]; patterns with no requirement always checked
        self._by_value: dict[int, list[tuple[int, int]]] = {}
        self._always: list[tuple[int, int]] = []
        for i, (_, needs, _) in enumerate(self.token_rules):
            for j, (need, _) in enumerate(needs):
                if not need:
                    self._always.append((i, j))
                    continue
                _, values = min(need, key=lambda n: len(n[1]))
                for value in values:
                    self._by_value.setdefault(value, []).append((i, j))
        self._keys = frozenset(self._by_value)

    def match(self, a: "Analysis", only: str | None = None) -> None:
        """Record every rule's matches in ``a.matches``; ``only``: in that field only."""
        for name, view in a.views.items():
            if only is not None and name != only:
                continue
            doc = view.doc
            if doc is None or not len(doc):
                continue
            found = []
            if self.has_phrase:
                found.extend(self.phrase(doc))
            if self.token_rules and name in self.token_fields:
                found.extend(self._token_matches(doc))
            for match_id, start, end in found:
                rule_id = self.strings[match_id]
                if name not in self.rule_fields.get(rule_id, ()):
                    continue
                span = doc[start:end]
                a.matches.setdefault(rule_id, []).append((name, span.start_char, span.end_char))
        self._regexes.match(a, only)

    def _token_matches(self, doc) -> list:
        """Hits of the token matchers whose gate the doc passes.

        spaCy's Matcher costs time per token per pattern; a pattern whose required
        words, or required adjacent pair, are absent from the doc cannot match, so its
        rule's matcher is not run at all (most docs, most rules)."""
        from ..nlp.pipeline import ensure_sentences

        words = _DocWords(doc.to_array(self._array_attrs))
        candidates = set(self._always)
        by_value = self._by_value
        for value in self._keys.intersection(words.present):
            candidates.update(by_value[value])
        if not candidates:
            return []
        passing = set()
        for i, j in candidates:
            if i not in passing and words.may_match(*self.token_rules[i][1][j]):
                passing.add(i)
        out = []
        for i in sorted(passing):  # rule order, as before
            matcher, _, sents = self.token_rules[i]
            if sents:
                ensure_sentences(doc)
            out.extend(matcher(doc))
        return out


class _DocWords:
    """The word values of one doc, for token-matcher gates: one set of every NORM,
    LOWER and ORTH value (a value found in another column only lets a matcher run
    that then finds nothing: never a miss), and the NORM bigrams, built if asked."""

    __slots__ = ("arr", "present", "_bigrams")

    def __init__(self, arr) -> None:
        self.arr = arr
        self.present = set(arr.ravel().tolist())
        self._bigrams: set[tuple[int, int]] | None = None

    def may_match(self, need: list[tuple[int, frozenset[int]]],
                  pairs: frozenset[tuple[int, int]] | None) -> bool:
        isdisjoint = self.present.isdisjoint
        if any(isdisjoint(values) for _, values in need):
            return False
        if pairs is None:
            return True
        if self._bigrams is None:
            norms = self.arr[:, 0].tolist()
            self._bigrams = set(zip(norms, norms[1:]))
        return not self._bigrams.isdisjoint(pairs)


def _reads_sentences(patterns: tuple[list[dict], ...]) -> bool:
    """Whether a token pattern reads sentence starts (then the doc is sentencized
    before this matcher runs; the pipeline leaves that out until it is needed)."""
    return any(key.upper() in ("IS_SENT_START", "SENT_START") for p in patterns for t in p for key in t)


class _RegexIndex:
    """The pattern rules' regexes, indexed by the words they need.

    Looping over every regex of every rule on every field, even to skip it, was a
    fifth of a run. Here the field's literals are found in one pass
    (:class:`~msglint.engine.literals.Presence`) and only the regexes indexed under
    one of them (plus those with no required word) are considered."""

    def __init__(self, rules: list[PatternRule]):
        from .literals import gate_for

        #: (rule id, fields, pattern, gate) per regex, in rule order
        self.entries: list[tuple[str, tuple[str, ...], "re.Pattern[str]", Any]] = []
        self.by_literal: dict[str, list[int]] = {}
        self.ungated: list[int] = []
        for rule in rules:
            for pattern in rule.regexes:
                gate = gate_for(pattern)
                idx = len(self.entries)
                self.entries.append((rule.id, rule.fields, pattern, gate))
                if gate:
                    for lit in gate[0]:  # the most selective set: one of these must occur
                        self.by_literal.setdefault(lit, []).append(idx)
                else:
                    self.ungated.append(idx)

    def match(self, a: "Analysis", only: str | None = None) -> None:
        from .analysis import REGEX_WINDOW

        if not self.entries:
            return
        for name, view in a.views.items():
            if only is not None and name != only:
                continue
            presence = view.presence
            found = presence.found()
            if found is None:  # no automaton: consider every regex
                candidates = range(len(self.entries))
            else:
                picked = set(self.ungated)
                by_literal = self.by_literal
                for lit in found:
                    idxs = by_literal.get(lit)
                    if idxs:
                        picked.update(idxs)
                candidates = sorted(picked)
            norm = view.norm
            window = min(len(norm), REGEX_WINDOW)
            for idx in candidates:
                rule_id, fields, pattern, gate = self.entries[idx]
                if name not in fields or not presence.may_match(gate):
                    continue
                for m in pattern.finditer(norm, 0, window):
                    if m.end() > m.start():
                        a.matches.setdefault(rule_id, []).append((name, m.start(), m.end()))


#: pattern attribute -> column of the (NORM, LOWER, ORTH) array
_COLUMNS = {"NORM": 0, "LOWER": 1, "ORTH": 2, "TEXT": 2}


def _requirements(pattern: list[dict], strings) -> list[tuple[int, frozenset[int]]]:
    """For each token the pattern must match (no ``OP`` making it optional), the
    values one of which the doc must contain: ``[(column, {hash, ...}), ...]``.
    Tokens matched by other attributes (``IS_PUNCT``, regexes) add no requirement."""
    needs = []
    for token in pattern:
        if token.get("OP") in ("?", "*", "!"):
            continue
        for key, value in token.items():
            col = _COLUMNS.get(key.upper())
            if col is None:
                continue
            if isinstance(value, str):
                values = [value]
            elif isinstance(value, dict) and set(value) == {"IN"}:
                values = value["IN"]
            else:
                continue
            if key.upper() in ("NORM", "LOWER"):
                values = [str(v).lower() for v in values]
            needs.append((col, frozenset(strings.add(str(v)) for v in values)))
    return needs


#: adjacent-pair gates larger than this are not built (the unigram gate still applies)
MAX_PAIRS = 256


def _adjacent_pairs(pattern: list[dict], strings) -> frozenset[tuple[int, int]] | None:
    """The NORM pairs two adjacent required tokens of the pattern can take, or None.

    "you" then "have|are|were" is common as two words anywhere in a body but rare
    side by side; a matcher whose every pattern needs an absent pair is not run."""
    for left, right in zip(pattern, pattern[1:]):
        if left.get("OP") or right.get("OP"):
            continue
        lv, rv = _norm_values(left), _norm_values(right)
        if lv and rv and len(lv) * len(rv) <= MAX_PAIRS:
            return frozenset((strings.add(a), strings.add(b)) for a in lv for b in rv)
    return None


def _norm_values(token: dict) -> list[str] | None:
    value = next((v for k, v in token.items() if k.upper() == "NORM"), None)
    if isinstance(value, str):
        return [value.lower()]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return [str(v).lower() for v in value["IN"]]
    return None


def _phrase_variants(phrases: tuple[str, ...]) -> Iterator[str]:
    """Each phrase, and for a phrase of two or three words its hyphenated spelling
    ("last chance" -> "last-chance"): copywriters hyphenate for emphasis, and the
    tokenizer splits a hyphen into a token of its own, so the spaced phrase misses it."""
    seen: set[str] = set()
    for phrase in phrases:
        norm = _norm_phrase(phrase)
        words = norm.split()
        for variant in (norm, "-".join(words) if 2 <= len(words) <= 3 else norm):
            if variant not in seen:
                seen.add(variant)
                yield variant


def _norm_phrase(text: str) -> str:
    from ..text.normalize import normalize

    return normalize(text)[0]
