"""The linter loop: messages in, results out, in batches, in input order.

For each batch: resolve context, normalise every field, tokenise all fields of all
messages in one ``nlp.pipe`` call, run the compiled phrase/token matchers once per
field, let every selected rule read the analysis, then apply suppressions. The
pipeline and matchers are built once per process and reused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

from .. import gcstate
from ..model import SEVERITY_RANK, Finding, Message, Result
from ..vocabulary import category_group
from .analysis import Analysis, Verify
from .context import Declared, resolve_context
from .evidence import CORRESPONDENCE, commercial_signals
from .findings import build
from .patterns import CompiledPatterns, PatternRule
from .rule import Rule
from .suppress import apply_suppressions

BATCH = 64


@dataclass
class LintOptions:
    declared: Declared = field(default_factory=Declared)
    spacy_model: str | None = None
    #: rule id -> setting name -> value, checked against the rules' declarations
    #: (:func:`msglint.config.rule_settings`); a setting not given takes its default
    settings: dict = field(default_factory=dict)
    #: every code, rule name and category of the registry (directives naming none of
    #: them are reported); None: not checked
    known_codes: frozenset[str] | None = None


class Linter:
    def __init__(self, rules: list[Rule], options: LintOptions | None = None):
        self.rules = rules
        self.options = options or LintOptions()
        self._compiled: CompiledPatterns | None = None

    @property
    def compiled(self) -> CompiledPatterns:
        if self._compiled is None:
            from ..nlp.pipeline import get_nlp

            nlp = get_nlp(self.options.spacy_model)
            self._compiled = CompiledPatterns(
                nlp, [r for r in self.rules if isinstance(r, PatternRule)]
            )
        return self._compiled

    def lint(self, messages: Iterable[Message]) -> Iterator[Result]:
        """Lint messages lazily, batch by batch, yielding results in input order."""
        batch: list[Message] = []
        for msg in messages:
            batch.append(msg)
            if len(batch) >= BATCH:
                yield from self._lint_zoned(batch)
                batch = []
        if batch:
            yield from self._lint_zoned(batch)

    def _lint_zoned(self, batch: list[Message]) -> list[Result]:
        """:meth:`lint_batch` inside a spaCy memory zone: the words the batch adds to
        the vocabulary (every new word, URL and token of junk a message holds) are
        freed when it ends, so memory stays flat over an archive of any size instead
        of growing with each new word. Results hold no spaCy object. The matchers
        are built before the first zone: their words must outlive it."""
        from ..nlp.pipeline import memory_zone

        self.compiled  # noqa: B018 (built, with its strings, outside any zone)
        gcstate.settle()  # start-up is over (a no-op but for the first batch of a CLI run)
        with memory_zone(self.options.spacy_model):
            return self.lint_batch(batch)

    def lint_batch(self, messages: list[Message], rewrites: bool = True,
                   verify: "Verify | None" = None) -> list[Result]:
        """Lint one batch. ``rewrites``: add example rewrites to suggestions, each
        checked by linting it (:mod:`msglint.engine.rewrite`); off for that check.
        ``verify``: that check's lint, which only needs the findings at a severity
        or above in one field (see :class:`Verify`)."""
        from ..nlp.pipeline import pipe

        evidence = verify is None  # a verdict reads no send evidence (reports do)
        analyses = [
            Analysis.build(m, resolve_context(m, self.options.declared, evidence), self.options)
            for m in messages
        ]
        views = [v for a in analyses for v in a.views.values()]
        if verify is not None and verify.docs:
            # a field the rewrite left alone is the text already tokenised: its doc
            # is reused (tokenising is per text, so it is the same doc)
            known = verify.docs
            todo = []
            for view in views:
                doc = known.get(view.norm)
                if doc is None:
                    todo.append(view)
                else:
                    view.doc = doc
            views = todo
        bases = {}
        if verify is not None and verify.bases:
            from ..nlp.pipeline import retokenize, tokenizes_only

            if tokenizes_only(self.options.spacy_model):
                bases = verify.bases
                # the rewritten field: the original's tokens, the lines around the
                # rewrite tokenised again (see retokenize)
                todo = []
                for a in analyses:
                    base = bases.get(id(a.message))
                    for view in a.views.values():
                        if view.doc is not None:
                            continue
                        doc = None
                        if base is not None and view.name == verify.field_name and base.doc is not None:
                            doc = retokenize(base.doc, base.norm, view.norm, self.options.spacy_model)
                        if doc is None:
                            todo.append(view)
                        else:
                            view.doc = doc
                views = todo
        for view, doc in zip(views, pipe((v.norm for v in views), self.options.spacy_model)):
            view.doc = doc
        compiled = self.compiled
        rules = self.rules
        only = None
        if verify is not None:
            only = verify.field_name
            rules = [r for r in rules if verify.field_name in r.fields
                     and SEVERITY_RANK.get(r.severity, 0) >= verify.min_rank]
        results = []
        regions = verify.regions if verify is not None else {}
        for a in analyses:
            region = regions.get(id(a.message))
            if region is not None:
                a.verdict_region = (verify.field_name, region[0], region[1])
            base = bases.get(id(a.message))
            compiled.match(a, only=only, base=None if base is None else {only: base})
            findings = list(self._run_rules(a, rules))
            findings.sort(key=Finding.sort_key)
            kept, notices = apply_suppressions(a.message, findings, self.rules,
                                               self.options.known_codes)
            results.append(Result(a.message, a.context, kept, notices))
        if rewrites:
            from .rewrite import offer_rewrites

            offer_rewrites(self, analyses, results)
        return results

    def _run_rules(self, a: Analysis, rules: list[Rule] | None = None) -> Iterator[Finding]:
        views = a.views.keys()
        matches = a.matches
        #: correspondence (a person writing to a person or a list) is judged once here,
        #: by category group, not rule by rule: expressive language there is honest, so
        #: authenticity rules stay silent, and pressure needs strong evidence
        correspondence = a.context.purpose == CORRESPONDENCE
        for rule in self.rules if rules is None else rules:
            group = category_group(rule.category) if correspondence else ""
            if group == "authenticity":
                continue
            if isinstance(rule, PatternRule) and rule.id not in matches:
                continue  # the matchers found nothing for it: nothing to judge
            if views.isdisjoint(rule.fields):
                continue
            if rule.applies and not rule.applies.all_hold(a):
                continue
            exempt = rule.exempt
            # context exemptions first (cheap); text exemptions only when something matched
            if exempt.whole_message and exempt.any_holds(a, text=False):
                continue
            found = [build(a, rule, hit) for hit in rule.find(a)]
            if found and exempt.reads_text and exempt.any_holds(a):
                continue
            if group == "pressure":
                found = [f for f in found if _sells_nearby(a, f)]
            yield from found


#: how far either side of a finding, within its paragraph, a sell counts as "next to it"
NEARBY = 300


def _sells_nearby(a: Analysis, f: Finding) -> bool:
    """Strong evidence for pressure in correspondence: the paragraph around the finding
    sells (an offer, a discount, a call to action, an opt-out footer, a price beside
    one of them). "URGENT: the build
    is broken" to a list is a person's alarm; "URGENT: order now, $19.95" forwarded to
    it is still a sales pitch."""
    text = a.message.text(f.field)
    lo = max(0, f.start - NEARBY)
    hi = min(len(text), f.end + NEARBY)
    para_start = text.rfind("\n\n", lo, f.start)
    para_end = text.find("\n\n", f.end, hi)
    window = text[para_start + 2 if para_start != -1 else lo:para_end if para_end != -1 else hi]
    signals = commercial_signals(window)
    # a price alone is information (a box-office figure, what a part cost); a sell asks
    # for something: an offer, a discount, a call to action, or a price beside one
    return len(signals) >= 2 or any(s != "price" for s in signals)
