"""Required literals: a fast "cannot match" test for a regex.

Most rule and purpose regexes can only match where some word occurs: ``\\bwe let you
down\\b`` needs "we let you down", ``\\b(?:sorry|apologies) for`` needs "sorry for"
or "apologies for". Python's ``re`` has no such prefilter and tries every position;
a substring test (``in``, done in C) is far cheaper. :func:`required_literals`
derives, from the parsed pattern, a set of strings one of which must appear in any
text the pattern matches (compared case-insensitively), or ``None`` when it cannot
tell. The derivation is conservative: it only ever answers with a necessary condition.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
#: alternations wider than this are not worth a prefilter
MAX_ALTERNATIVES = 64
MIN_USEFUL = 3


def _alternatives(items) -> frozenset[str] | None:
    """Strings one of which any match of the sequence ``items`` contains."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(cand: frozenset[str] | None) -> None:
        nonlocal best
        if cand and (best is None or min(map(len, cand)) > min(map(len, best))):
            best = cand

    def close_run() -> None:
        if run:
            consider(frozenset(["".join(run)]))
            run.clear()

    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(arg).lower())
            continue
        if name == "AT":  # \b, ^, $: zero width, the run goes on
            continue
        close_run()
        if name == "SUBPATTERN":
            consider(_alternatives(arg[-1]))
        elif name == "BRANCH":
            parts = [_alternatives(branch) for branch in arg[1]]
            if all(parts):
                union = frozenset().union(*parts)
                if len(union) <= MAX_ALTERNATIVES:
                    consider(union)
        elif name in _REPEATS and arg[0] >= 1:
            consider(_alternatives(arg[2]))
    close_run()
    return best


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains, or None."""
    if pattern.flags & re.VERBOSE:
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled already
        return None
    found = _alternatives(parsed)
    if not found or min(map(len, found)) < MIN_USEFUL:
        return None
    return found


_GATES: dict[re.Pattern[str], frozenset[str] | None] = {}


def gate_for(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """:func:`required_literals`, derived once per pattern per process."""
    try:
        return _GATES[pattern]
    except KeyError:
        gate = _GATES[pattern] = required_literals(pattern)
        return gate


def may_match(required: frozenset[str] | None, lowered: str) -> bool:
    """False only when ``lowered`` (the text, lower-cased) cannot hold a match."""
    return required is None or any(lit in lowered for lit in required)
