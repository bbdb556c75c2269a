"""A message as rules see it: normalised field texts, their spaCy docs, the context.

Rules work on normalised text (NFKC, invisible characters dropped, curly quotes
folded) and report hits in it; :mod:`msglint.engine.findings` maps each hit back to
the characters the writer typed and to a line and column in the file.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any, Iterator

from ..model import Context, Field, Finding, Message
from ..text.normalize import normalize, to_original
from .evidence import blank_non_copy
from .lazy_regex import CASE_ODDITIES
from .literals import Presence, gate_for

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

    from .rule import Rule

#: Regexes never see more than this many characters of one field (a 1 MB line of
#: copy is still checked, in its first part, and never makes a pattern crawl).
REGEX_WINDOW = 200_000
_SENTENCE_END_RE = re.compile(r"(?<![.!?])[.!?]+\s+|\n+")  # (see readability.SENTENCE_END_RE)


@dataclass
class FieldView:
    field: Field
    norm: str
    offsets: list[int] | None
    doc: "Doc | None" = None

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def lower(self) -> str:
        """The normalised text lower-cased (cached), for required-literal prefilters."""
        low = self.__dict__.get("_lower")
        if low is None:
            low = self.__dict__["_lower"] = self.norm.lower()
        return low

    @property
    def folded(self) -> str | None:
        """:attr:`lower`, for the case-sensitive twins of case-blind regexes to search
        (``lazy_regex.lowered``); None when the text holds one of the few characters
        for which they may differ (cached)."""
        d = self.__dict__
        if "_folded" not in d:
            d["_folded"] = None if any(c in self.norm for c in CASE_ODDITIES) else self.lower
        return d["_folded"]

    @property
    def presence(self) -> Presence:
        """Which required literals the text holds (cached; see ``literals.py``)."""
        found = self.__dict__.get("_presence")
        if found is None:
            found = self.__dict__["_presence"] = Presence(self.lower)
        return found

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return to_original(self.offsets, start, end)

    def search(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Every match of ``pattern`` in the normalised text; skipped at C speed when a
        word the pattern needs is absent (``literals.py``)."""
        if not self.presence.may_match(gate_for(pattern)):
            return iter(())
        return pattern.finditer(self.norm, 0, min(len(self.norm), REGEX_WINDOW))

    def sentences(self) -> list[tuple[int, int]]:
        """Character spans of the sentences, in order (from the spaCy doc; split on
        sentence punctuation and line breaks when there is none). Cached."""
        cache = self.__dict__.get("_sents")
        if cache is None or cache[0] is not self.doc:
            if self.doc is not None and len(self.doc):
                from ..nlp.pipeline import ensure_sentences

                ensure_sentences(self.doc)
                spans = [(sent.start_char, sent.end_char) for sent in self.doc.sents]
            else:
                spans, start = [], 0
                for m in _SENTENCE_END_RE.finditer(self.norm):
                    spans.append((start, m.end()))
                    start = m.end()
                if start < len(self.norm):
                    spans.append((start, len(self.norm)))
            cache = self.__dict__["_sents"] = (self.doc, [s for s, _ in spans], spans)
        return cache[2]

    def token_aligned(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` with no edge inside a word token: a highlight that cuts a
        token ("ENDS IN 02" of "02:59:59") quotes text the writer never wrote as such.
        The span shrinks to the whole tokens it holds, or, when that leaves nothing,
        grows to the tokens it touches. Only edges at a letter or digit are moved: an
        emoji or a punctuation run stands as the check drew it."""
        doc, text = self.doc, self.norm
        if doc is None or end <= start or not (text[start].isalnum() or text[end - 1].isalnum()):
            return start, end
        if doc.char_span(start, end) is not None:
            return start, end
        for mode in ("contract", "expand"):
            span = doc.char_span(start, end, alignment_mode=mode)
            if span is not None and len(span):
                new_start = span.start_char if text[start].isalnum() else start
                new_end = span.end_char if text[end - 1].isalnum() else end
                # trailing blanks or punctuation the contraction left: trimmed
                while new_end > new_start and not text[new_end - 1].isalnum() and text[new_end - 1] in " \t\n":
                    new_end -= 1
                if new_end > new_start:
                    return new_start, new_end
        return start, end

    def sentence_at(self, start: int) -> tuple[int, int]:
        """Character span of the sentence containing normalised offset ``start``.

        Sentences are ordered and disjoint, so this bisects the cached table: O(log n)
        a call (a scan per finding made a 1 MB line of repeated phrases quadratic)."""
        spans = self.sentences()
        idx = bisect_right(self.__dict__["_sents"][1], start) - 1
        if idx >= 0:
            s_start, s_end = spans[idx]
            if start < max(s_end, s_start + 1):
                return s_start, s_end
        return 0, len(self.norm)

    def sentence_text(self, start: int) -> str:
        s, e = self.sentence_at(start)
        return self.norm[s:e]


class Analysis:
    """Everything a rule may read about one message."""

    def __init__(self, message: Message, context: Context, views: dict[str, FieldView],
                 options: Any = None):
        self.message = message
        self.context = context
        self.views = views
        self._all_text: str | None = None
        #: the linter's options; rules read their settings through :meth:`setting`
        self.options = options
        #: rule id -> setting name -> the configured value (typed, checked)
        self._settings: dict[str, dict[str, Any]] = getattr(options, "settings", None) or {}
        #: rule id -> [(field, start, end)] filled by the pattern matcher
        self.matches: dict[str, list[tuple[str, int, int]]] = {}
        #: findings that may carry a rewritten example, with the unit (field, start,
        #: end in the normalised text) it would rewrite and the words to replace:
        #: :mod:`msglint.engine.rewrite` composes and checks them once all rules ran
        self.rewrite_requests: list[tuple[Finding, "Rule", str, int, int, str]] = []
        #: set on the lint of an example rewrite (:class:`Verify`): the field and the
        #: span ``[lo, hi)`` of its original text whose findings the verdict reads
        self.verdict_region: tuple[str, int, int] | None = None

    def reads_field(self, field_name: str) -> bool:
        """Whether this lint's verdict may read findings in ``field_name`` (always,
        outside a rewrite's lint)."""
        return self.verdict_region is None or self.verdict_region[0] == field_name

    def verdict_lines(self, field_name: str) -> tuple[int, int] | None:
        """In a rewrite's lint, ``[start, end)`` of ``field_name``'s normalised text: the
        whole lines that hold every character mapped to within one of the rewritten
        span, widened by a character either side (a finding on any other line is
        unread, :meth:`unread`). None outside a rewrite's lint or the region's field."""
        region = self.verdict_region
        if region is None or region[0] != field_name:
            return None
        view = self.views.get(field_name)
        if view is None:
            return None
        _, lo, hi = region
        norm, offsets = view.norm, view.offsets
        if offsets is None:
            ns, ne = lo - 1, hi + 2
        else:  # offsets never decrease
            ns, ne = bisect_left(offsets, lo - 1), bisect_right(offsets, hi + 1)
        ns = min(max(0, ns - 1), len(norm))
        ne = min(len(norm), max(ns, ne + 1))
        end = norm.find("\n", ne)
        return norm.rfind("\n", 0, ns) + 1, len(norm) if end == -1 else end

    def unread(self, field_name: str, start: int, end: int) -> bool:
        """Whether a finding built from a hit at ``[start, end)`` of ``field_name``'s
        normalised text is surely not read by this lint's verdict (always False outside
        a rewrite's lint). The verdict reads findings in the region's field that
        overlap the region; a finding's span is its hit's, aligned to whole tokens
        (:meth:`FieldView.token_aligned`), which never leaves the lines the hit touches,
        so the hit's lines, mapped to the original text, are tested."""
        region = self.verdict_region
        if region is None:
            return False
        name, lo, hi = region
        if field_name != name:
            return True
        view = self.views.get(field_name)
        if view is None:
            return False
        norm = view.norm
        line_start = norm.rfind("\n", 0, start) + 1
        line_end = norm.find("\n", end)
        if line_end == -1:
            line_end = len(norm)
        ostart, oend = view.original_span(line_start, line_end)
        return oend < lo or ostart > hi

    @classmethod
    def build(cls, message: Message, context: Context, options: Any = None) -> "Analysis":
        views = {}
        for name, fld in message.fields.items():
            norm, offsets = normalize(fld.text)
            if name == "body":  # quoted text, signatures, PGP armour, pasted headers, code
                norm = blank_non_copy(norm)
            views[name] = FieldView(fld, norm, offsets)
        return cls(message, context, views, options)

    def setting(self, rule: "Rule", name: str) -> Any:
        """The value of ``rule``'s setting ``name``: the configured one, else the
        default the rule declares (:mod:`msglint.engine.settings`)."""
        values = self._settings.get(rule.id)
        if values is not None and name in values:
            return values[name]
        return rule.setting(name).default

    def view(self, name: str) -> FieldView | None:
        return self.views.get(name)

    def norm_text(self, name: str) -> str:
        view = self.views.get(name)
        return view.norm if view else ""

    @property
    def all_text(self) -> str:
        """Every field's normalised text, one per line (for whole-message conditions)."""
        if self._all_text is None:
            self._all_text = "\n".join(v.norm for v in self.views.values())
        return self._all_text


@dataclass
class Verify:
    """What the lint of a rewritten message (:mod:`msglint.engine.rewrite`) is for: the
    findings at ``min_rank`` (a :data:`SEVERITY_RANK`) or above in ``field_name``, the only
    ones its verdict reads. Every finding carries its rule's severity and lies in one
    of the rule's fields, and rules are judged one by one, so the other rules are not
    run and the other fields not matched: the findings read are the same. ``docs``:
    tokenised texts by normalised text, reused for the fields the rewrite left alone."""

    field_name: str
    min_rank: int
    docs: dict = dataclass_field(default_factory=dict)
    #: id of a rewritten message -> the original's view of ``field_name``, whose hits
    #: the rewrite's doc is matched against (:meth:`CompiledPatterns.match`)
    bases: dict = dataclass_field(default_factory=dict)
    #: id of a rewritten message -> ``(lo, hi)``, the rewritten span of ``field_name``
    #: (in its text) whose findings the verdict reads (:meth:`Analysis.unread`)
    regions: dict = dataclass_field(default_factory=dict)
