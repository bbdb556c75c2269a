"""Apply inline and front-matter suppressions, and report the ones that did nothing.

A ``msglint: disable`` that suppresses nothing is noise that hides future problems
(the copy changed, the rule was renamed), so, as ruff does with RUF100, msglint
reports it as a notice (``MSG001 unused-suppression``).
"""

from __future__ import annotations

from ..model import Finding, Message
from .rule import Rule

UNUSED_CODE = "MSG001"
UNUSED_NAME = "unused-suppression"


def _matches(codes: tuple[str, ...], finding: Finding) -> bool:
    return not codes or finding.rule in codes or finding.name.upper() in codes \
        or finding.category.upper() in codes


def apply_suppressions(
    message: Message, findings: list[Finding], rules: list[Rule]
) -> tuple[list[Finding], list[Finding]]:
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
    active = {r.id for r in rules}
    for sup in message.suppressions:
        if sup.used:
            continue
        # only complain about codes that ran: ignoring a rule in config must not
        # turn every inline directive for it into noise
        if sup.codes and not any(c in active or not c.startswith("MSG") for c in sup.codes):
            continue
        what = ",".join(sup.codes) or "all rules"
        notices.append(_notice(f"unused suppression ({what}): nothing was flagged here",
                               sup.line, sup.column))
    for code in file_codes or ():
        if code not in file_used and (code in active or not code.startswith("MSG")):
            notices.append(_notice(f"unused msglint-disable entry {code}: nothing was flagged",
                                   message.line, 1))
    return kept, notices


def _notice(text: str, line: int, column: int) -> Finding:
    return Finding(
        rule=UNUSED_CODE,
        name=UNUSED_NAME,
        category="suppression",
        severity="warning",
        field="",
        line=line,
        column=column,
        end_line=line,
        end_column=column,
        text="",
        message=text,
        suggestion="Remove the directive, or fix its codes.",
    )
