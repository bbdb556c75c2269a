"""Reject regular expressions that can backtrack catastrophically.

Rule packs are data that users write; a pattern such as ``(a+)+$`` would let one
crafted line of copy hang a CI run for hours. Python's ``re`` has no timeout, so
patterns are checked when the pack loads, and two classic ReDoS shapes are refused
with the file and key named: an unbounded repeat nested inside another unbounded
repeat (``(a+)+``), and an unbounded repeat over alternatives that can match the same
text (``(a|a)*``, ``(a|aa)*``). Input to every regex is also capped in
length by the engine.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from .lazy_regex import LazyPattern

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
    from re._constants import MAXREPEAT  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]
    from sre_constants import MAXREPEAT  # type: ignore[no-redef]

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


class UnsafePattern(ValueError):
    pass


def _is_unbounded(lo: int, hi: int) -> bool:
    return hi == MAXREPEAT or hi > 100


def _only_repeats(items) -> bool:
    """True when every element of ``items`` is optional or repeatable, so the body of
    an enclosing repeat can split the same input many ways ((a+)+, (\\w+\\s?)*)."""
    has_unbounded = False
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            lo, hi, _ = arg
            has_unbounded |= _is_unbounded(lo, hi)
            if lo > 0 and not _is_unbounded(lo, hi) and lo == hi:
                return False
        elif name == "SUBPATTERN":
            if not _only_repeats(arg[-1]):
                return False
            has_unbounded = True
        elif name in ("AT",):
            continue
        else:
            return False
    return has_unbounded


def _literal_prefix(items) -> tuple[tuple[int, ...], bool]:
    """The literal characters an alternative starts with, and whether that is all it is."""
    chars = []
    for op, arg in items:
        if str(op) != "LITERAL":
            return tuple(chars), False
        chars.append(arg)
    return tuple(chars), True


def _branch_overlaps(items) -> bool:
    """True when a repeated body ends in an alternation whose branches can match the
    same text: one literal branch equal to, or a prefix of, another, with nothing
    after it in the body to tell them apart. Python's parser factors ``(a|aa)`` into
    ``a(?:|a)``, so an empty branch beside another counts too."""
    items = [(op, arg) for op, arg in items if str(op) != "AT"]
    if not items:
        return False
    op, arg = items[-1]
    name = str(op)
    if name == "SUBPATTERN":
        return _branch_overlaps(arg[-1])
    if name != "BRANCH":
        return False
    branches = arg[1]
    for i, a in enumerate(branches):
        pa, whole_a = _literal_prefix(a)
        for b in branches[i + 1:]:
            pb, whole_b = _literal_prefix(b)
            if (whole_a and pb[:len(pa)] == pa) or (whole_b and pa[:len(pb)] == pb):
                return True
    return False


def _walk(items) -> None:
    for op, arg in items:
        name = str(op)
        if name in _REPEATS:
            lo, hi, sub = arg
            if _is_unbounded(lo, hi) and _only_repeats(sub):
                raise UnsafePattern("nested unbounded repetition (catastrophic backtracking)")
            if _is_unbounded(lo, hi) and _branch_overlaps(sub):
                raise UnsafePattern("repeated alternatives that match the same text (catastrophic backtracking)")
            _walk(sub)
        elif name == "SUBPATTERN":
            _walk(arg[-1])
        elif name == "BRANCH":
            for branch in arg[1]:
                _walk(branch)
        elif name in ("ASSERT", "ASSERT_NOT"):
            _walk(arg[1])


#: set while msglint's own packs load: their patterns are compiled, run and shape-checked
#: by the test suite (``tests/test_robustness.py``), so start-up compiles none of them
_TRUSTED: ContextVar[bool] = ContextVar("msglint_trusted_patterns", default=False)


@contextmanager
def trusted() -> Iterator[None]:
    """Patterns compiled inside this block are compiled on first use and skip the shape
    check (built-in packs only)."""
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


def compile_safe(pattern: str, flags: int = re.IGNORECASE) -> "re.Pattern[str] | LazyPattern":
    """Compile ``pattern`` or raise ``UnsafePattern`` / ``re.error``; inside
    :func:`trusted` (msglint's own packs), return it to be compiled on first use."""
    if _TRUSTED.get():
        from .lazy_regex import LazyPattern

        return LazyPattern(pattern, flags)
    compiled = re.compile(pattern, flags)
    _walk(sre_parse.parse(pattern, flags))
    return compiled
