"""Apply inline and front-matter suppressions, and report the ones that did nothing.

A ``msglint: disable`` that suppresses nothing is noise that hides future problems
(the copy changed, the rule was renamed), so, as ruff does with RUF100, msglint
reports it as a notice from its own rule ``MSG001 unused-suppression``: a registered
rule like any other (``--ignore MSG001``, ``severity``, ``msglint explain MSG001``),
whose category is ``suppression`` because it judges the directives, not the copy.

A code that names no rule at all (a typo, ``MSG10``, or a rule since removed) is
reported the same way, as ruff reports an unknown code in ``noqa``: otherwise the
directive silently suppresses nothing and the typo is never seen.
"""

from __future__ import annotations

from typing import Iterator

from ..model import Finding, Message
from .rule import Hit, Rule

UNUSED_CODE = "MSG001"
UNUSED_NAME = "unused-suppression"


def _no_spans(a, rule) -> Iterator[Hit]:  # the notices come from apply_suppressions
    return iter(())


UNUSED_RULE = Rule(
    id=UNUSED_CODE,
    name=UNUSED_NAME,
    category="suppression",
    severity="warning",
    fields=(),
    message="A msglint: disable directive, or a msglint-disable entry, suppressed nothing or names no rule.",
    why=(
        "A suppression that does nothing hides future problems: the copy changed, or the "
        "rule was renamed, and the directive now silences whatever comes next. Only codes "
        "of rules that ran are judged, so ignoring a rule in config does not turn its "
        "directives into noise. A code that names no rule, code, rule name or category is "
        "always reported: it is a typo, and it suppresses nothing."
    ),
    suggestion="Remove the directive, or fix its codes.",
    description=(
        "Reports inline directives (`<!-- msglint: disable=... -->`, `disable-next-line`, "
        "`{# msglint: ... #}`) and front-matter `msglint-disable` entries that suppressed no "
        "finding of a rule that ran, and codes in them that name no rule."
    ),
    use_instead='Front matter: "msglint-disable: [MSG101]" only on a message MSG101 flags',
    examples={
        "flag": [
            {"subject": "Our spring range is in", "msglint-disable": "MSG101"},
            {"subject": "Winter coats, 20% off until Sunday 30 Nov", "msglint-disable": "faux-intimacy"},
            {"subject": "New colours for the Trail jacket", "msglint-disable": ["MSG261", "MSG111"]},
            {"subject": "Nicely done! 20% off", "msglint-disable": ["MSG101", "MSG10l"]},
        ],
        "pass": [
            {"subject": "Nicely done! 20% off", "msglint-disable": "MSG101"},
            {"subject": "Psst: the sale starts early", "msglint-disable": "faux-intimacy"},
            {"subject": "Our spring range is in"},
        ],
    },
    origin=f"{__name__}.UNUSED_RULE",
    kind="meta",
    runner=_no_spans,
)


def _matches(codes: tuple[str, ...], finding: Finding) -> bool:
    return not codes or finding.rule in codes or finding.name.upper() in codes \
        or finding.category.upper() in codes


def apply_suppressions(
    message: Message, findings: list[Finding], rules: list[Rule],
    known: frozenset[str] | None = None,
) -> tuple[list[Finding], list[Finding]]:
    """The findings no directive suppresses, and MSG001's notices about the directives.

    ``known``: every code, upper-cased rule name and category of the registry, selected
    or not; a directive code outside it is reported as unknown (skipped when None)."""
    file_codes: tuple[str, ...] | None = message.meta.get("disable")
    file_used: set[str] = set()
    kept: list[Finding] = []
    for f in findings:
        if file_codes is not None:
            hit = [c for c in file_codes if _matches((c,), f)]
            if hit:
                file_used.update(hit)
                continue
        suppressed = False
        for sup in message.suppressions:
            if sup.start_line <= f.line <= sup.end_line and _matches(sup.codes, f):
                sup.used = True
                suppressed = True
        if not suppressed:
            kept.append(f)

    notices: list[Finding] = []
    meta = next((r for r in rules if r.id == UNUSED_CODE), None)
    if meta is None:  # MSG001 not selected
        return kept, notices
    # only complain about codes of rules that ran (by code, name or category): ignoring
    # a rule in config must not turn every inline directive for it into noise
    active = registry_keys(r for r in rules if r.kind != "meta")
    for sup in message.suppressions:
        for code in _unknown(sup.codes, known):
            notices.append(_notice(meta, f"unknown code {code} in suppression: no rule has this "
                                         "code, name or category", sup.line, sup.column))
        if sup.used or (sup.codes and not any(c in active for c in sup.codes)):
            continue
        what = ",".join(sup.codes) or "all rules"
        notices.append(_notice(meta, f"unused suppression ({what}): nothing was flagged here",
                               sup.line, sup.column))
    for code in _unknown(file_codes or (), known):
        notices.append(_notice(meta, f"unknown msglint-disable entry {code}: no rule has this "
                                     "code, name or category", message.line, 1))
    for code in file_codes or ():
        if code not in file_used and code in active:
            notices.append(_notice(meta, f"unused msglint-disable entry {code}: nothing was flagged",
                                   message.line, 1))
    return kept, notices


def _unknown(codes, known: frozenset[str] | None) -> list[str]:
    return [] if known is None else [c for c in codes if c not in known]


def registry_keys(rules) -> frozenset[str]:
    """What a directive may name: every rule's code, upper-cased name and category."""
    return frozenset(key for r in rules for key in (r.id, r.name.upper(), r.category.upper()))


def _notice(rule: Rule, text: str, line: int, column: int) -> Finding:
    return Finding(
        rule=rule.id,
        name=rule.name,
        category=rule.category,
        severity=rule.severity,
        field="",
        line=line,
        column=column,
        end_line=line,
        end_column=column,
        text="",
        message=text,
        suggestion=rule.suggestion,
    )
