"""Pattern rules: phrase lists, spaCy token patterns and regexes from YAML packs.

All pattern rules are compiled once per process into one ``PhraseMatcher`` (on the
``NORM`` attribute, so "you've" matches "you have" and case never matters) and one
``Matcher``; each field's doc is matched once, and the hits are handed to the rules
that read that field. Regexes run on the normalised text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from .regex_reach import reach_of_pattern, rescan
from .rule import Hit, Rule

if TYPE_CHECKING:  # pragma: no cover
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
        #: the most tokens a phrase spans; per token rule, the most tokens one of its
        #: patterns can span (None: no bound), for :meth:`match` against a ``base``
        self._phrase_len = 0
        self._token_len: list[int | None] = []
        for rule in rules:
            self.rule_fields[rule.id] = rule.fields
            if rule.phrases:
                docs = list(nlp.tokenizer.pipe(_phrase_variants(rule.phrases)))
                self.phrase.add(rule.id, docs)
                has_phrase = True
                self._phrase_len = max([self._phrase_len] + [len(d) for d in docs])
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
                self._token_len.append(_max_tokens(rule.token_patterns))
                self.token_fields.update(rule.fields)
        self.has_phrase = has_phrase
        self._regexes = _RegexIndex(rules)
        self._index_token_gates()
        #: id of a doc -> what its gates passed, for its rewrites (:meth:`_passing_spliced`)
        self._gate_memo: dict[int, tuple] = {}

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

    def match(self, a: "Analysis", only: str | None = None,
              base: "dict[str, Any] | None" = None) -> None:
        """Record every rule's matches in ``a.matches``; ``only``: in that field only.

        ``base``: field name -> the view of the same field in another message (a
        rewrite's original) that was matched here, to match this field's doc against
        (:meth:`_match_against`): only the tokens around where the two docs differ are
        matched again. Only for docs that are tokens alone (a tokeniser-only pipeline:
        nothing set on a token depends on its neighbours beyond sentence starts)."""
        for name, view in a.views.items():
            if only is not None and name != only:
                continue
            doc = view.doc
            if doc is None or not len(doc):
                continue
            tokens = bool(self.token_rules) and name in self.token_fields
            prior = None
            if base is not None and name in base:
                prior = base[name].__dict__.get("_raw_matches")
                if prior is not None and prior[0] is not base[name].doc:
                    prior = None
            if prior is not None:
                found = self._match_against(doc, prior, tokens)
            else:
                phrase = list(self.phrase(doc)) if self.has_phrase else []
                by_rule = self._token_matches(doc) if tokens else {}
                # kept for a rewrite of this field to be matched against
                view.__dict__["_raw_matches"] = (doc, phrase, by_rule)
                found = phrase + [m for i in sorted(by_rule) for m in by_rule[i]]
            for match_id, start, end in found:
                rule_id = self.strings[match_id]
                if name not in self.rule_fields.get(rule_id, ()):
                    continue
                span = doc[start:end]
                a.matches.setdefault(rule_id, []).append((name, span.start_char, span.end_char))
        self._regexes.match(a, only, base)

    def _passing(self, doc) -> list[int]:
        """The token rules (indexes, in rule order) whose gate ``doc`` passes: a pattern
        whose required words, or required adjacent pair, are absent cannot match."""
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
        return sorted(passing)

    def _passing_spliced(self, odoc, splice) -> list[int]:
        """:meth:`_passing` for a doc :func:`~msglint.nlp.pipeline.retokenize` built from
        ``odoc``, decided on the tokens it changed: its words are ``odoc``'s and those of
        the rebuilt middle (and its word pairs ``odoc``'s and those touching the middle),
        so a gate passed on the two together is passed on the doc, or more often (a
        matcher run that then finds nothing: never a miss). What ``odoc`` passes alone
        is remembered for all its rewrites."""
        memo = self._gate_memo.get(id(odoc))
        if memo is None or memo[0] is not odoc:
            words = _DocWords(odoc.to_array(self._array_attrs))
            candidates = set(self._always)
            for value in self._keys.intersection(words.present):
                candidates.update(self._by_value[value])
            passed = set()
            failed = []
            for i, j in candidates:
                if i not in passed and words.may_match(*self.token_rules[i][1][j]):
                    passed.add(i)
            failed = [(i, j) for i, j in candidates if i not in passed]
            if len(self._gate_memo) >= 8:
                self._gate_memo.clear()
            memo = self._gate_memo[id(odoc)] = (odoc, words, frozenset(passed), failed)
        _, words, passed, failed = memo
        _, t1, m_end, t2, _, mrows = splice
        lexemes = odoc.vocab
        small: set[int] = set()
        pairs = mrows[:, :2].tolist()
        for orth, norm in pairs:
            small.add(orth)
            small.add(norm)
            small.add(lexemes[orth].lower)
        norms = [norm for _, norm in pairs]
        if t1 > 0:
            norms.insert(0, int(words.arr[t1 - 1, 0]))
        if t2 < len(words.arr):
            norms.append(int(words.arr[t2, 0]))
        small_pairs = set(zip(norms, norms[1:]))
        passing = set(passed)
        extra = list(failed)
        for value in self._keys.intersection(small):
            extra.extend(self._by_value[value])
        present = words.present
        for i, j in extra:
            if i in passing:
                continue
            need, need_pairs = self.token_rules[i][1][j]
            if any(present.isdisjoint(values) and small.isdisjoint(values) for _, values in need):
                continue
            if need_pairs is not None and words.bigrams().isdisjoint(need_pairs) \
                    and small_pairs.isdisjoint(need_pairs):
                continue
            passing.add(i)
        return sorted(passing)

    def _token_matches(self, doc) -> dict[int, list]:
        """Hits of the token matchers whose gate the doc passes, by rule index.

        spaCy's Matcher costs time per token per pattern; a pattern whose required
        words, or required adjacent pair, are absent from the doc cannot match, so its
        rule's matcher is not run at all (most docs, most rules)."""
        from ..nlp.pipeline import ensure_sentences

        out = {}
        for i in self._passing(doc):  # rule order, as before
            matcher, _, sents = self.token_rules[i]
            if sents:
                ensure_sentences(doc)
            out[i] = matcher(doc)
        return out

    def _match_against(self, doc, prior, tokens: bool) -> list:
        """The phrase and token hits of ``doc``, from those of a doc it shares a run of
        first and last tokens with (``prior``: that doc, its phrase hits, its token
        hits by rule), as :meth:`match` finds them on ``doc`` alone.

        A hit is a run of tokens whose every token passes its pattern's test on that
        token's own attributes: its text (and so everything spaCy derives from the
        text), its norm, its trailing space and, where a pattern asks, whether it starts
        a sentence. The two docs are compared on all of them: the first ``p`` tokens
        are the same in both, and so are the last ``k``. A hit within the first ``p``
        tokens, or within the last ``k``, is the same hit in both docs; every other hit
        of ``doc`` overlaps the tokens in between, is at most a pattern's length long,
        and so lies in a window that many tokens either side of them, where the
        matcher is run. A rule whose patterns have no length bound, or that was not
        run on the other doc, is run on the whole doc."""
        from ..nlp.pipeline import ensure_sentences

        from ..nlp.pipeline import splice_of

        odoc, ophrase, otoken = prior
        splice = splice_of(doc)
        if splice is not None and splice[0] is not odoc:
            splice = None
        if not tokens:
            passing = []
        elif splice is not None:
            passing = self._passing_spliced(odoc, splice)
        else:
            passing = self._passing(doc)
        reuse = [i for i in passing if i in otoken and self._token_len[i] is not None]
        if any(self.token_rules[i][2] for i in passing):
            ensure_sentences(doc)  # (as the whole-doc run does before such a matcher)
        p, cv, co = _changed(odoc, doc, any(self.token_rules[i][2] for i in reuse))
        shift = cv - co
        n = len(doc)

        def around(hits_before, run, length):
            out = [m for m in hits_before if m[2] <= p]
            out.extend((k, s + shift, e + shift) for k, s, e in hits_before if s >= co)
            lo, hi = max(0, p - length - 1), min(n, cv + length + 1)
            if hi > lo:
                out.extend((sp.label, sp.start, sp.end) for sp in run(doc[lo:hi], as_spans=True)
                           if sp.start < cv and sp.end > p)
            return out

        found = around(ophrase, self.phrase, self._phrase_len) if self.has_phrase else []
        for i in passing:
            matcher, _, _ = self.token_rules[i]
            if i in reuse:
                found.extend(around(otoken[i], matcher, self._token_len[i]))
            else:
                found.extend(matcher(doc))
        return found


def _changed(odoc, doc, sents: bool) -> tuple[int, int, int]:
    """``(p, cv, co)``: ``odoc`` and ``doc`` have the same first ``p`` tokens and the
    same tokens after ``co`` in ``odoc`` and ``cv`` in ``doc``, compared on every
    attribute a token (not its lexeme) carries, and on sentence starts if ``sents``."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, SPACY, TAG

    from ..nlp.pipeline import splice_of

    splice = splice_of(doc)
    if splice is not None and splice[0] is odoc:
        return _changed_splice(odoc, doc, sents, *splice[1:])
    attrs = [ORTH, NORM, SPACY, LEMMA, TAG, POS, MORPH, DEP, ENT_TYPE, ENT_IOB]
    if sents:
        attrs.append(SENT_START)
    a, b = odoc.to_array(attrs), doc.to_array(attrs)
    n = min(len(a), len(b))
    diff = (a[:n] != b[:n]).any(axis=1)
    p = int(diff.argmax()) if diff.any() else n
    m = n - p  # the common tail may not reach into the common head
    tail = (a[len(a) - m:] != b[len(b) - m:]).any(axis=1)[::-1] if m else diff[:0]
    k = int(tail.argmax()) if tail.any() else m
    return p, len(b) - k, len(a) - k


def _changed_splice(odoc, doc, sents: bool, t1: int, m_end: int, t2: int, orows, mrows
                    ) -> tuple[int, int, int]:
    """:func:`_changed` for a doc that :func:`~msglint.nlp.pipeline.retokenize` built
    from ``odoc``: its tokens before ``t1`` and from ``m_end`` on are ``odoc``'s (before
    ``t1``, from ``t2`` on), rows and all (a tokeniser-only doc sets nothing else on a
    token), so only the rows between (``orows``, ``mrows``: ORTH, NORM, SPACY) are
    compared, and sentence starts where asked."""
    k = min(len(orows), len(mrows))
    diff = (orows[:k] != mrows[:k]).any(axis=1)
    head = int(diff.argmax()) if diff.any() else k
    m = k - head
    tail = (orows[len(orows) - m:] != mrows[len(mrows) - m:]).any(axis=1)[::-1] if m else diff[:0]
    same = int(tail.argmax()) if tail.any() else m
    p, cv, co = t1 + head, m_end - same, t2 - same
    if sents:
        from spacy.attrs import SENT_START

        a = odoc.to_array([SENT_START])
        b = doc.to_array([SENT_START])
        d = a[:p] != b[:p]
        if d.any():
            p = int(d.argmax())
        m = min(len(b) - cv, len(b) - p, len(a) - p)
        if m > 0:
            d = (a[len(a) - m:] != b[len(b) - m:])[::-1]
            m = int(d.argmax()) if d.any() else m
        else:
            m = 0
        cv, co = len(b) - m, len(a) - m
    return p, cv, co


def _max_tokens(patterns) -> int | None:
    """The most tokens a match of any of ``patterns`` can span; None when unbounded
    (``*``, ``+``, ``{n,}``) or read from an extension attribute (``_``)."""
    most = 0
    for pattern in patterns:
        total = 0
        for token in pattern:
            if any(key == "_" for key in token):
                return None
            op = str(token.get("OP", "1"))
            if op in ("1", "?", "!"):
                total += 1
            elif re.fullmatch(r"\{\d+\}", op):
                total += int(op[1:-1])
            elif re.fullmatch(r"\{\d*,\d+\}", op):
                total += int(op[1:-1].split(",")[1])
            else:
                return None
        most = max(most, total)
    return most


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
        return not self.bigrams().isdisjoint(pairs)

    def bigrams(self) -> set[tuple[int, int]]:
        if self._bigrams is None:
            norms = self.arr[:, 0].tolist()
            self._bigrams = set(zip(norms, norms[1:]))
        return self._bigrams


def _reads_sentences(patterns: tuple[list[dict], ...]) -> bool:
    """Whether a token pattern reads sentence starts (then the doc is sentencized
    before this matcher runs; the pipeline leaves that out until it is needed)."""
    return any(key.upper() in ("IS_SENT_START", "SENT_START") for p in patterns for t in p for key in t)


#: a reach not yet worked out
_UNKNOWN = object()


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
        #: per regex, how far a match attempt reads around where it starts (None: no
        #: bound); worked out on first use (:meth:`reach_of`): only a rewrite's lint
        #: needs it, and parsing every regex again cost a tenth of a second at start-up
        self._reach: list[Any] = [_UNKNOWN] * len(self.entries)
        #: per regex, its case-sensitive twin for lower-cased text (derived on first use)
        self._twins: list[Any] = [False] * len(self.entries)

    def reach_of(self, idx: int) -> Any:
        """The reach of regex ``idx`` (see :func:`reach_of_pattern`)."""
        reach = self._reach[idx]
        if reach is _UNKNOWN:
            reach = self._reach[idx] = reach_of_pattern(self.entries[idx][2])
        return reach

    def twin(self, idx: int) -> "re.Pattern[str] | None":
        """The case-sensitive twin (``lazy_regex.case_sensitive_twin``) of regex ``idx``:
        it finds the same spans in the field's lower-cased text."""
        twin = self._twins[idx]
        if twin is False:
            from .lazy_regex import case_sensitive_twin

            pattern = self.entries[idx][2]
            twin = pattern.twin() if hasattr(pattern, "twin") else case_sensitive_twin(pattern)
            self._twins[idx] = twin
        return twin

    def match(self, a: "Analysis", only: str | None = None, base: "dict[str, Any] | None" = None) -> None:
        """Record the regex hits; ``base``: as for :meth:`CompiledPatterns.match` (the
        hits of the same field in another message, to scan this one against)."""
        from ..text.diff import changed
        from .analysis import REGEX_WINDOW
        from .literals import Presence, holds_within

        if not self.entries:
            return
        for name, view in a.views.items():
            if only is not None and name != only:
                continue
            norm = view.norm
            prior = None
            if base is not None and name in base:
                prior = base[name].__dict__.get("_regex_hits")
                if prior is not None and (prior[0] is not base[name].norm
                                          or max(len(prior[0]), len(norm)) > REGEX_WINDOW):
                    prior = None
            hits_by_regex: dict[int, list[tuple[int, int]]] = {}
            if prior is None:
                view.__dict__["_regex_hits"] = (norm, hits_by_regex)  # for a rewrite of this field
            else:
                head, new_end, old_end = _changed_text(prior[0], norm)
                if "_presence" not in view.__dict__ and "_presence" in base[name].__dict__:
                    # the rewrite's literals: the original's, and those around the change
                    low, olow = view.lower, base[name].lower
                    if len(low) == len(norm) and len(olow) == len(prior[0]):
                        start, end = head, new_end  # (lower() kept every position)
                    else:
                        start, end, _ = changed(olow, low)
                    view.__dict__["_presence"] = Presence.around(
                        low, base[name].__dict__["_presence"], start, end)
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
            window = min(len(norm), REGEX_WINDOW)
            folded = view.folded
            for idx in candidates:
                rule_id, fields, pattern, gate = self.entries[idx]
                if name not in fields or not presence.may_match(gate):
                    continue
                before = None if prior is None else prior[1].get(idx)
                reach = None if before is None else self.reach_of(idx)
                if reach is not None:
                    search = holds = None
                    if folded is not None:  # (the lower-cased text keeps every position)
                        twin = self.twin(idx)
                        search = (twin, folded) if twin is not None else None
                        holds = holds_within(gate, folded) if gate else None
                    spans = rescan(pattern, norm, before, head, new_end, old_end, reach,
                                   search=search, holds=holds)
                else:
                    twin = self.twin(idx) if folded is not None else None
                    if twin is not None:  # the same spans, found faster (lazy_regex.py)
                        spans = [m.span() for m in twin.finditer(folded, 0, window)]
                    else:
                        spans = [m.span() for m in pattern.finditer(norm, 0, window)]
                    if prior is None:
                        hits_by_regex[idx] = spans
                for start, end in spans:
                    if end > start:
                        a.matches.setdefault(rule_id, []).append((name, start, end))


def _changed_text(old: str, new: str) -> tuple[int, int, int]:
    """``(head, new_end, old_end)`` (:func:`msglint.text.diff.changed`)."""
    from ..text.diff import changed

    return changed(old, new)


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
