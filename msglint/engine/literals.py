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
import threading
from operator import itemgetter

try:  # Python 3.11+
    import re._parser as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
#: alternations wider than this are not worth a prefilter
MAX_ALTERNATIVES = 64
#: a set whose shortest string is shorter than this is too common to filter with
MIN_USEFUL = 2
#: at most this many sets per gate (the most selective ones)
MAX_SETS = 6

#: a gate: every set must have a member in the text, or the pattern cannot match
Gate = tuple[frozenset[str], ...]


def _selectivity(req: frozenset[str]) -> tuple[int, int]:
    return (min(map(len, req)), -len(req))


def _requirements(items) -> list[frozenset[str]]:
    """Sets of strings such that any match of the sequence ``items`` contains a member
    of every set (a conjunction of alternatives)."""
    reqs: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            reqs.append(frozenset(["".join(run)]))
            run.clear()

    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(arg).lower())
            continue
        if name == "AT":  # \b, ^, $: zero width, the run goes on
            continue
        if name in _REPEATS and arg[0] >= 1:
            body = list(arg[2])
            if body and all(str(o) == "LITERAL" for o, _ in body):
                # "ps" then "s+": the text holds "pss" (later copies end the run)
                run.extend(chr(a).lower() for _, a in body)
                close_run()
                continue
        close_run()
        if name == "SUBPATTERN":
            reqs.extend(_requirements(arg[-1]))
        elif name == "BRANCH":
            parts = [_requirements(branch) for branch in arg[1]]
            if all(parts):
                union = frozenset().union(*(max(p, key=_selectivity) for p in parts))
                if len(union) <= MAX_ALTERNATIVES:
                    reqs.append(union)
        elif name in _REPEATS and arg[0] >= 1:
            reqs.extend(_requirements(arg[2]))
    close_run()
    return reqs


def required_literals(pattern: re.Pattern[str]) -> Gate | None:
    """Sets of lower-case strings such that every text ``pattern`` matches in holds a
    member of each set; None when nothing useful is required."""
    if pattern.flags & re.VERBOSE:
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - the pattern compiled already
        return None
    useful = {req for req in _requirements(parsed)
              if min(map(len, req)) >= MIN_USEFUL}
    if not useful:
        return None
    return tuple(sorted(useful, key=lambda r: (_selectivity(r), sorted(r)), reverse=True)[:MAX_SETS])


_GATES: dict[re.Pattern[str], Gate | None] = {}


def gate_for(pattern: re.Pattern[str]) -> Gate | None:
    """:func:`required_literals`, derived once per pattern per process (and added to
    the literals :class:`Presence` looks for)."""
    try:
        return _GATES[pattern]
    except KeyError:
        gate = _GATES[pattern] = _STORE.gate(pattern)
        if gate:
            _INDEX.add(frozenset().union(*gate))
        return gate


class _GateStore:
    """Gates kept between runs in msglint's cache folder (:mod:`msglint.cache`).

    Deriving a gate parses the pattern with ``re``'s pure-Python parser: about 25 ms
    for the hundred patterns a pre-commit run meets. The gates of earlier runs are
    read back in one JSON load; new ones are written when the process exits. The
    entry is named by the Python version (its parser) and this module's file, so a
    change to either derives them afresh."""

    #: a store past this many patterns (a user's packs churning) grows no further
    LIMIT = 20_000

    def __init__(self) -> None:
        self._known: dict[str, list[list[str]] | None] | None = None
        self._new = False
        self._lock = threading.Lock()

    def _entry(self):
        import sys

        from .. import cache

        try:
            return cache.entry("gates", sys.version.split()[0], cache.file_key(__file__))
        except OSError:  # pragma: no cover - a module with no file (frozen)
            return None

    def _load(self) -> dict[str, list[list[str]] | None]:
        if self._known is None:
            from .. import cache

            data = cache.read(self._entry())
            self._known = data if isinstance(data, dict) else {}
        return self._known

    def gate(self, pattern: re.Pattern[str]) -> Gate | None:
        key = f"{int(pattern.flags)}:{pattern.pattern}"
        with self._lock:
            known = self._load()
            stored = known.get(key, False)
        if stored is None:
            return None
        if isinstance(stored, list) and stored and all(
                isinstance(req, list) and req and all(isinstance(lit, str) for lit in req)
                for req in stored):
            return tuple(frozenset(req) for req in stored)
        # not stored, or not lists of words (a damaged entry): derive it
        gate = required_literals(pattern)
        with self._lock:
            if len(known) < self.LIMIT:
                known[key] = [sorted(req) for req in gate] if gate else None
                if not self._new:
                    self._new = True
                    import atexit

                    atexit.register(self.save)
        return gate

    def save(self) -> None:
        """Write the store if this process derived new gates (at exit)."""
        from .. import cache

        with self._lock:
            if self._new and self._known is not None:
                cache.write(self._entry(), self._known)
                self._new = False


_STORE = _GateStore()


def may_match(required: Gate | None, lowered: str) -> bool:
    """False only when ``lowered`` (the text, lower-cased) cannot hold a match."""
    return required is None or all(any(lit in lowered for lit in req) for req in required)


def holds_within(required: Gate, lowered: str):
    """``holds(lo, hi)``: False only when ``lowered[lo:hi]`` cannot hold a match of a
    pattern with this gate (a match of it lying within that part holds a member of each
    set there; ``lowered`` keeps the text's positions)."""
    find = lowered.find

    def holds(lo: int, hi: int) -> bool:
        for req in required:
            for lit in req:
                if find(lit, lo, hi) != -1:
                    break
            else:
                return False
        return True

    return holds


class LiteralIndex:
    """Required literals in one Aho-Corasick automaton (the shared index
    :func:`gate_for` fills holds every one seen so far; a caller with a few patterns of
    its own can keep a smaller one, whose automaton reports fewer hits per text).

    Testing a text for each gate's literals one ``in`` at a time costs a Python call
    per literal per pattern per field: about 200 patterns on every field of every
    message. The automaton (``pyahocorasick``, C) finds all of them in one pass
    over the text; a gate is then one set test. It is rebuilt when a new pattern's
    literals arrive (the first messages of a run); without ``pyahocorasick`` the
    substring test is used."""

    def __init__(self) -> None:
        self.literals: set[str] = set()
        #: the longest literal (for :meth:`Presence.around`)
        self.longest = 0
        self.version = 0
        self._automaton = None
        self._built = -1
        self._lock = threading.Lock()

    def add(self, gate: frozenset[str]) -> None:
        if not gate <= self.literals:
            with self._lock:
                self.literals |= gate
                self.longest = max([self.longest] + [len(lit) for lit in gate])
                self.version += 1

    def automaton(self):
        if self._built != self.version:
            with self._lock:
                if self._built != self.version:
                    try:
                        import ahocorasick
                    except ImportError:  # pragma: no cover - a declared dependency
                        return None
                    auto = ahocorasick.Automaton()
                    for lit in self.literals:
                        auto.add_word(lit, lit)
                    if self.literals:
                        auto.make_automaton()
                    self._automaton, self._built = auto, self.version
        return self._automaton


_INDEX = LiteralIndex()
_SECOND = itemgetter(1)


class Presence:
    """Which required literals occur in one lower-cased text, found in one pass.

    ``index``: the literals looked for (by default the shared index of every gate
    :func:`gate_for` derived); a gate whose literals are not all in it must not be
    asked of this text."""

    __slots__ = ("text", "index", "_found", "_version")

    def __init__(self, lowered: str, index: LiteralIndex | None = None):
        self.text = lowered
        self.index = _INDEX if index is None else index
        self._found: frozenset[str] | None = None
        self._version = -1

    @classmethod
    def around(cls, lowered: str, base: "Presence", start: int, end: int) -> "Presence":
        """The presence of ``lowered``, a text that differs from ``base``'s only in
        ``[start, end)`` (its own offsets; the same before, the same after), from
        ``base``'s: the literals found there and those found in the change and a
        literal's length either side of it. A superset of the text's own (a literal
        of ``base``'s may be gone), which every gate may read: a pattern it lets through
        is then matched and finds nothing, never a miss."""
        out = cls(lowered)
        found = base._found
        if found is not None and base._version == _INDEX.version:
            auto = _INDEX.automaton()
            if auto is not None and _INDEX.literals:
                span = _INDEX.longest
                lo, hi = max(0, start - span + 1), min(len(lowered), end + span - 1)
                if hi > lo:
                    found = found | frozenset(map(_SECOND, auto.iter(lowered, lo, hi)))
                out._found, out._version = found, base._version
        return out

    def found(self) -> frozenset[str] | None:
        """Every registered literal the text holds (None without the automaton)."""
        index = self.index
        if self._version != index.version:
            auto = index.automaton()
            if auto is None or not index.literals:
                return None
            self._found = frozenset(map(_SECOND, auto.iter(self.text)))  # C loop per hit
            self._version = index.version
        return self._found

    def may_match(self, required: Gate | None) -> bool:
        """False only when the text cannot hold a match of a pattern with this gate."""
        if required is None:
            return True
        found = self._found if self._version == self.index.version else self.found()
        if found is None:
            return may_match(required, self.text)
        for req in required:
            if found.isdisjoint(req):  # type: ignore[union-attr]
                return False
        return True
