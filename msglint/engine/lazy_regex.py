"""Regexes compiled on first use.

msglint's rules and checks hold a few hundred regexes. Compiling them all at start-up
was most of the time between spaCy's import and the first finding: a pre-commit hook
on one template paid for every pattern, though the required-word gates
(``literals.py``) keep most of them from ever running on a given text. A
:class:`LazyPattern` compiles itself the first time it searches.

Only msglint's own patterns are lazy (the test suite compiles and runs every one of
them); a user's rule pack is compiled at load, so a bad pattern is an error naming
its file before any copy is read.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

#: the characters for which a case-blind search of a text and a case-sensitive search
#: of its lower-cased copy can differ, for the patterns :func:`case_sensitive_twin`
#: accepts: İ (two characters lower-cased), and ı and the long s (``re.IGNORECASE``
#: matches them to "i" and "s", ``str.lower`` leaves them). Found by trying every code
#: point (``tests/test_lowered_search.py``)
CASE_ODDITIES = ("\u0130", "\u0131", "\u017f")


def lowered(text: str) -> str | None:
    """``text.lower()``, for the case-sensitive twins of case-blind patterns to search
    (:func:`case_sensitive_twin`); None when ``text`` holds a :data:`CASE_ODDITIES`
    character (then the patterns themselves must search ``text``)."""
    for ch in CASE_ODDITIES:
        if ch in text:
            return None
    return text.lower()


_ASCII_UPPER = range(ord("A"), ord("Z") + 1)
_NESTED = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}


def _no_upper(items: Any) -> bool:
    """Whether a parsed pattern matches the same characters ignoring case as it does
    case-sensitively in lower-cased text: its literals and ranges are ASCII without a
    capital letter, and no group changes the flags."""
    for op, arg in items:
        name = str(op)
        if name in ("LITERAL", "NOT_LITERAL"):
            if arg >= 128 or arg in _ASCII_UPPER:
                return False
        elif name == "IN":
            for iop, iarg in arg:
                iname = str(iop)
                if iname == "LITERAL":
                    if iarg >= 128 or iarg in _ASCII_UPPER:
                        return False
                elif iname == "RANGE":
                    lo, hi = iarg
                    if hi >= 128 or (lo <= ord("Z") and hi >= ord("A")):
                        return False
                elif iname not in ("CATEGORY", "NEGATE"):
                    return False
        elif name in ("ANY", "AT", "GROUPREF"):
            continue
        elif name == "SUBPATTERN":
            _, add, delete, sub = arg
            if add or delete or not _no_upper(sub):
                return False
        elif name == "BRANCH":
            if not all(_no_upper(b) for b in arg[1]):
                return False
        elif name in _NESTED:
            if not _no_upper(arg[2]):
                return False
        elif name in ("ASSERT", "ASSERT_NOT"):
            if not _no_upper(arg[1]):
                return False
        elif name == "ATOMIC_GROUP":
            if not _no_upper(arg):
                return False
        elif name == "GROUPREF_EXISTS":
            _, yes, no = arg
            if not _no_upper(yes) or (no is not None and not _no_upper(no)):
                return False
        else:
            return False
    return True


def case_sensitive_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-sensitive pattern that finds in ``lowered(text)`` the matches (the same
    spans) ``pattern``, case-blind, finds in ``text``; None when there is none this
    simple (``pattern`` not case-blind, or holding a capital or non-ASCII literal, a
    flag group, ...). Python's ``re`` gives up its literal-prefix search and tests
    every character through its case tables when ignoring case: the twin is faster.

    Why the spans are the same: ignoring case, ``re`` tests a literal or a character
    class against the lower case of a character (the class lower-cased, plus
    "fixes" such as the long s for "s"), a category (``\\w``, ``\\d``, ``\\s``,
    ``\\b``) against the character itself, a back-reference by lower case. For every
    character but :data:`CASE_ODDITIES`, ``str.lower`` gives one character, with the
    same categories, that a lower-case ASCII literal or range holds exactly when the
    case-blind test passes (every code point tried, in the tests); so each test, and so
    each match attempt, comes out the same at every position."""
    if not isinstance(pattern.pattern, str):
        return None
    flags = pattern.flags
    if not flags & re.IGNORECASE or flags & (re.ASCII | re.LOCALE):
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, flags)
        if not _no_upper(parsed):
            return None
        twin = re.compile(pattern.pattern, flags & ~re.IGNORECASE)
    except (re.error, RecursionError):  # pragma: no cover - it compiled already
        return None
    if twin.flags & re.IGNORECASE:  # an inline (?i)
        return None
    return twin


class LazyPattern:
    """A stand-in for ``re.Pattern`` that compiles on first use."""

    __slots__ = ("pattern", "flags", "_compiled", "_twin")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None
        self._twin: Any = False

    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return compiled

    def twin(self) -> re.Pattern[str] | None:
        """:func:`case_sensitive_twin` of the compiled pattern (derived once)."""
        twin = self._twin
        if twin is False:
            twin = self._twin = case_sensitive_twin(self.compiled())
        return twin

    def search(self, string: str, *args: Any) -> re.Match[str] | None:
        return (self._compiled or self.compiled()).search(string, *args)

    def found_in(self, string: str, low: str | None) -> bool:
        """Whether ``self.search(string)`` finds a match; ``low``: ``lowered(string)``,
        searched by the case-sensitive twin when there is one."""
        if low is not None:
            twin = self._twin if self._twin is not False else self.twin()
            if twin is not None:
                return twin.search(low) is not None
        return (self._compiled or self.compiled()).search(string) is not None

    def match(self, string: str, *args: Any) -> re.Match[str] | None:
        return (self._compiled or self.compiled()).match(string, *args)

    def fullmatch(self, string: str, *args: Any) -> re.Match[str] | None:
        return (self._compiled or self.compiled()).fullmatch(string, *args)

    def finditer(self, string: str, *args: Any) -> Iterator[re.Match[str]]:
        return (self._compiled or self.compiled()).finditer(string, *args)

    def findall(self, string: str, *args: Any) -> list[Any]:
        return (self._compiled or self.compiled()).findall(string, *args)

    def sub(self, repl: Any, string: str, count: int = 0) -> str:
        return (self._compiled or self.compiled()).sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str]:
        return (self._compiled or self.compiled()).split(string, maxsplit)

    @property
    def groups(self) -> int:
        return self.compiled().groups

    @property
    def groupindex(self) -> Any:
        return self.compiled().groupindex

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self.flags})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)


def rx(pattern: str) -> LazyPattern:
    """``pattern`` matched case-insensitively and compiled on first use: how the checks
    and the purpose and send signals write theirs."""
    return LazyPattern(pattern, re.IGNORECASE)
