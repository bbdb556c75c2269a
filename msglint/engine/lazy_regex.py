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


class LazyPattern:
    """A stand-in for ``re.Pattern`` that compiles on first use."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return compiled

    def search(self, string: str, *args: Any) -> re.Match[str] | None:
        return (self._compiled or self.compiled()).search(string, *args)

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
