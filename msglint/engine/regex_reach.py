"""How far a regex's match attempt reads, and rescanning a text after a small change.

An example rewrite is linted to check that msglint passes it (see
:mod:`msglint.engine.rewrite`); it differs from the original field in a sentence or
two. A regex whose attempts read a bounded stretch around where they start (its
*reach*: :func:`reach_of_pattern`) need not be run over the whole rewrite: the original's
matches away from the change hold, shifted, and only the attempts that read the
change are made again (:func:`rescan`). Three kinds of reach: a fixed number of
characters (:func:`_reach`), a number of lines (:func:`_line_reach`), and runs of the
few kinds of characters an unbounded repeat can consume, measured on the text
(:func:`_run_reach`). ``tests/test_match_against.py`` holds every built-in regex's
rescan to a whole scan.
"""

from __future__ import annotations

import re
from typing import Callable


def _reach_end(text: str, start: int, ahead: int, lines: int) -> int:
    """Where an attempt at ``start`` stops reading: ``start + ahead``, or with
    ``lines``, ``ahead`` past the ``lines``-th line break from ``start`` on (the end of
    the text when there are fewer) (see :func:`_reach`, :func:`_line_reach`)."""
    if not lines:
        return start + ahead
    at = start
    for _ in range(lines):
        found = text.find("\n", at)
        if found == -1:
            return len(text) + ahead
        at = found + 1
    return at + ahead


class _FixedReach:
    """An attempt at ``start`` reads nothing before ``start - back`` nor at or past
    ``start + ahead`` (:func:`_reach`)."""

    __slots__ = ("back", "ahead")

    def __init__(self, back: int, ahead: int) -> None:
        self.back, self.ahead = back, ahead

    def end(self, text: str, start: int) -> int:
        return start + self.ahead

    def first(self, text: str, head: int, lo: int) -> int:
        """The first position at or after ``lo`` whose attempt reads at or past ``head``."""
        return max(lo, head - self.ahead + 1)


class _LineReach(_FixedReach):
    """... nor at or past ``ahead`` past the ``lines``-th line break from ``start`` on
    (:func:`_line_reach`)."""

    __slots__ = ("lines",)

    def __init__(self, back: int, ahead: int, lines: int) -> None:
        super().__init__(back, ahead)
        self.lines = lines

    def end(self, text: str, start: int) -> int:
        return _reach_end(text, start, self.ahead, self.lines)

    def first(self, text: str, head: int, lo: int) -> int:
        # up to the lines-th last line break before head - ahead
        at = head - self.ahead
        for _ in range(self.lines):
            at = text.rfind("\n", 0, at) if at > 0 else -1
            if at == -1:
                break
        return max(lo, at + 1) if at != -1 else lo


def reach_of_pattern(pattern: "re.Pattern[str]"):
    """How far a match attempt of ``pattern`` reads around where it starts (a
    :class:`_FixedReach`, :class:`_LineReach` or :class:`_RunReach`), or None."""
    fixed = _reach(pattern)
    if fixed is not None:
        return _FixedReach(*fixed)
    lines = _line_reach(pattern)
    if lines is not None:
        return _LineReach(*lines)
    return _run_reach(pattern)


def rescan(pattern: "re.Pattern[str]", text: str, before: list[tuple[int, int]], head: int,
            new_end: int, old_end: int, reach, *, search: "tuple | None" = None,
            holds: "Callable[[int, int], bool] | None" = None) -> list[tuple[int, int]]:
    """The spans ``pattern.finditer(text)`` yields, from those it yielded on a text
    that differs from ``text`` only between ``head`` and ``old_end`` (``new_end`` in
    ``text``). ``reach`` (:func:`reach_of_pattern`): no attempt to match at a position reads
    a character more than ``reach.back`` before it, nor at or past
    ``reach.end(text, position)``, which never decreases as the position moves on; no
    match is empty.

    ``finditer`` tries every position from where its last match ended. An attempt
    that reads the common head only ends as it did in the other text, so the other
    text's matches found that way are kept and the scan resumes where they leave it;
    it runs on ``text`` itself through the changed part, up to a position past it by
    ``back`` where the other text's scan was also trying positions (inside none of
    its matches): from there on both scans try the same positions on the same text
    and yield the other text's remaining matches, moved by the change in length.

    ``search``: ``(pattern, text)`` that yield the same spans as ``pattern`` on
    ``text`` from any position to any end (a case-sensitive twin and the lower-cased
    text, ``lazy_regex.py``), scanned instead. ``holds(lo, hi)``: False only when no
    match lies within ``text[lo:hi]`` (its required words are not there,
    ``literals.py``): that part is then not scanned. The rescan of a long line (the
    reach of a regex whose repeats stop at a line break is the whole line) mostly
    finds nothing, and finding that by its required words costs a few substring
    searches instead of a match attempt at every position."""
    from bisect import bisect_left

    finder, scanned = search if search is not None else (pattern, text)
    shift = new_end - old_end
    n = len(text)
    out: list[tuple[int, int]] = []
    pos = 0
    end_of = reach.end
    for start, end in before:  # found by attempts reading the head only
        if end_of(text, start) > head:
            break
        out.append((start, end))
        pos = end
    # the attempts the other text's scan failed before its next match read the head only
    pos = reach.first(text, head, pos)
    back = reach.back
    starts = [start for start, _ in before]
    while True:
        x = max(pos, new_end + back)
        while True:  # not inside one of the other text's matches
            j = bisect_left(starts, x - shift) - 1
            if j < 0 or before[j][1] <= x - shift:
                break
            x = before[j][1] + shift
        limit = end_of(text, x) + 1  # attempts before x read nothing at or past it
        if limit >= n:
            if holds is None or holds(pos, n):
                out.extend(m.span() for m in finder.finditer(scanned, pos, n))
            return out
        for m in (finder.finditer(scanned, pos, limit) if holds is None or holds(pos, limit) else ()):
            if m.start() >= x:
                break
            out.append(m.span())
            pos = m.end()
        if pos <= x:  # both scans try x next (x - shift in the other text)
            k = bisect_left(starts, x - shift)
            out.extend((start + shift, end + shift) for start, end in before[k:])
            return out


def _parsed_nonempty(pattern: "re.Pattern[str]"):
    """``(parsed, sre_parse, sre_compile, sre_constants)`` for a regex that cannot match the empty
    string (the reach functions' common start), else None."""
    try:
        from re import _compiler as sre_compile, _constants as C, _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - before Python 3.11
        import sre_compile  # type: ignore[no-redef]
        import sre_constants as C  # type: ignore[no-redef]
        import sre_parse  # type: ignore[no-redef]
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - a pattern re compiled parses
        return None
    if parsed.getwidth()[0] == 0:
        return None
    return parsed, sre_parse, sre_compile, C


def _line_reach(pattern: "re.Pattern[str]") -> tuple[int, int, int] | None:
    """``(back, ahead, lines)`` for a regex whose unbounded repeats cannot match a line
    break (``\\d+``, ``[a-z]+``, ``[^.!?\\n]*``): the rest of it matches at most
    ``lines - 1`` characters, so a match holds at most that many line breaks and an
    attempt at a position reads nothing past the ``lines``-th line break from it on,
    save its lookaheads, anchors and word boundaries (``ahead`` past it); ``back`` as
    in :func:`_reach`. None when a lookaround has no bound, an unbounded repeat can
    match a line break, a match can be empty, or the pattern refers back to a group."""
    got = _parsed_nonempty(pattern)
    if got is None:
        return None
    parsed, sre_parse, sre_compile, C = got
    unbounded = 1 << 30
    flags = pattern.flags
    leaves = {C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY, C.CATEGORY}
    extra = [2, 2]

    def leaf_breaks(item) -> bool:
        """Whether this one-character item matches a line break."""
        sub = sre_parse.SubPattern(parsed.state, [item])
        return sre_compile.compile(sub, flags).match("\n") is not None

    def breaks(items) -> bool:
        """Whether the items can consume a line break."""
        for op, av in items:
            if op in leaves:
                if leaf_breaks((op, av)):
                    return True
            elif op == C.SUBPATTERN:
                if breaks(av[-1]):
                    return True
            elif op == C.BRANCH:
                if any(breaks(sub) for sub in av[1]):
                    return True
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT) or op == getattr(C, "POSSESSIVE_REPEAT", None):
                if breaks(av[2]):
                    return True
            elif op == getattr(C, "ATOMIC_GROUP", None):
                if breaks(av):
                    return True
            elif op not in (C.AT, C.ASSERT, C.ASSERT_NOT):  # (zero width)
                return True
        return False

    def width(items) -> int | None:
        """The most characters the items consume outside unbounded repeats."""
        total = 0
        for op, av in items:
            if op in leaves:
                total += 1
            elif op == C.SUBPATTERN:
                w = width(av[-1])
                if w is None:
                    return None
                total += w
            elif op == C.BRANCH:
                ws = [width(sub) for sub in av[1]]
                if any(w is None for w in ws):
                    return None
                total += max(ws)
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT) or op == getattr(C, "POSSESSIVE_REPEAT", None):
                low, high, sub = av
                w = width(sub)
                if w is None:
                    return None
                if high >= unbounded or high == C.MAXREPEAT:
                    if breaks(sub):
                        return None
                else:
                    total += high * w
            elif op == getattr(C, "ATOMIC_GROUP", None):
                w = width(av)
                if w is None:
                    return None
                total += w
            elif op in (C.ASSERT, C.ASSERT_NOT):
                direction, sub = av
                w = sub.getwidth()[1]
                if w >= unbounded or width(sub) is None:
                    return None
                extra[0 if direction < 0 else 1] += w + 2
            elif op == C.AT:
                extra[0] += 2
                extra[1] += 2
            else:  # a back reference, a conditional group, anything not listed
                return None
        return total

    try:
        most = width(parsed)
    except Exception:  # pragma: no cover - an item the compiler refuses alone
        return None
    if most is None:
        return None
    return extra[0], extra[1], most + 1


def _reach(pattern: "re.Pattern[str]") -> tuple[int, int] | None:
    """``(back, ahead)``: a match attempt at a position reads no character more than
    ``back`` before it, nor ``ahead`` or more after it: the widest match, plus every
    lookahead's widest reach, plus two for an anchor or a word boundary, which looks at
    the characters either side or whether the text ends there; lookbehinds likewise. None when some width has no
    bound, a match can be empty, or the pattern refers back to a group."""
    try:
        from re import _constants as C, _parser as sre_parse  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - before Python 3.11
        import sre_constants as C  # type: ignore[no-redef]
        import sre_parse  # type: ignore[no-redef]
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        low, high = parsed.getwidth()
    except Exception:  # pragma: no cover - a pattern re compiled parses
        return None
    unbounded = 1 << 30
    if low == 0 or high >= unbounded:
        return None
    extra = [1, 1]
    known = {C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY, C.CATEGORY, C.RANGE, C.NEGATE}
    for name in ("LITERAL_IGNORE", "NOT_LITERAL_IGNORE", "IN_IGNORE", "RANGE_UNI_IGNORE",
                 "LITERAL_UNI_IGNORE", "NOT_LITERAL_UNI_IGNORE", "IN_UNI_IGNORE",
                 "LITERAL_LOC_IGNORE", "NOT_LITERAL_LOC_IGNORE", "IN_LOC_IGNORE"):
        if hasattr(C, name):
            known.add(getattr(C, name))

    def walk(items) -> bool:
        for op, av in items:
            if op in known:
                continue
            if op in (C.ASSERT, C.ASSERT_NOT):
                direction, sub = av
                width = sub.getwidth()[1]
                if width >= unbounded or not walk(sub):
                    return False
                extra[0 if direction < 0 else 1] += width
            elif op == C.AT:  # (reads a character either side, or where the text ends)
                extra[0] += 2
                extra[1] += 2
            elif op == C.BRANCH:
                if not all(walk(sub) for sub in av[1]):
                    return False
            elif op == C.SUBPATTERN:
                if not walk(av[-1]):
                    return False
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT) or op == getattr(C, "POSSESSIVE_REPEAT", None):
                if not walk(av[2]):
                    return False
            elif op == getattr(C, "ATOMIC_GROUP", None):
                if not walk(av):
                    return False
            else:  # a back reference, a conditional group, anything not listed
                return False
        return True

    if not walk(parsed):
        return None
    return extra[0], high + extra[1]



class _RunReach:
    """A reach for a regex whose unbounded repeats each consume characters of a few
    kinds only (``\\W*``, ``\\s+``, ``[^:\\n]*``, ``[\\d,.]*``): how far an attempt at
    a position reads is computed on the text itself (:func:`_run_reach`), each such
    repeat read as running to the end of the run of the characters it can consume."""

    __slots__ = ("back", "read")

    def __init__(self, back: int, read) -> None:
        self.back = back
        self.read = read  # (text, start) -> where an attempt at start stops reading

    def end(self, text: str, start: int) -> int:
        return self.read(text, start)

    def first(self, text: str, head: int, lo: int) -> int:
        """The first position at or after ``lo`` whose attempt reads at or past
        ``head`` (``end`` never decreases as the start moves on: halving)."""
        read = self.read
        if lo >= head or read(text, lo) > head:
            return lo
        hi, step = head, 1  # back from head by doubling steps: the reach is short
        while True:
            at = head - step
            if at <= lo:
                break
            if read(text, at) <= head:
                lo = at
                break
            hi, step = at, step * 2
        while hi - lo > 1:  # read(lo) <= head < read(hi) (or hi = head: read(head) > head)
            mid = (lo + hi) // 2
            if read(text, mid) > head:
                hi = mid
            else:
                lo = mid
        return hi


def _run_reach(pattern: "re.Pattern[str]") -> _RunReach | None:
    """A :class:`_RunReach` for ``pattern``, or None when a lookbehind has no bound, an
    unbounded repeat holds a lookaround, a match can be empty, or the pattern refers
    back to a group.

    Each part of the pattern is read as a function of where it starts: how far it
    can advance and how far it reads (a part reads the character after what it
    consumes, an anchor or word boundary the characters either side, a lookahead as
    far as its own parts). A part of bounded width ``w`` with no lookaround advances
    ``w`` at most; an unbounded repeat consumes only characters its one-character
    parts match, all in one run from where it starts, so it advances at most to the
    end of the longest such run (matched in C); a bounded repeat of ``n`` is its part
    ``n`` times over; a branch its widest alternative. Every function never moves
    back as its start moves on, so the whole attempt reads nothing at or past the
    composition."""
    got = _parsed_nonempty(pattern)
    if got is None:
        return None
    parsed, sre_parse, sre_compile, C = got
    unbounded = 1 << 30
    flags = pattern.flags
    leaf_ops = {C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY, C.CATEGORY}
    repeats = {C.MAX_REPEAT, C.MIN_REPEAT}
    if hasattr(C, "POSSESSIVE_REPEAT"):
        repeats.add(C.POSSESSIVE_REPEAT)
    atomic = getattr(C, "ATOMIC_GROUP", None)
    back = [2]

    class Unbounded(Exception):
        pass

    def leaves(items, out) -> None:
        """The one-character parts of ``items`` (no lookaround, anchor or reference)."""
        for op, av in items:
            if op in leaf_ops:
                out.append((op, av))
            elif op == C.SUBPATTERN:
                leaves(av[-1], out)
            elif op == atomic:
                leaves(av, out)
            elif op == C.BRANCH:
                for sub in av[1]:
                    leaves(sub, out)
            elif op in repeats:
                leaves(av[2], out)
            else:
                raise Unbounded

    def plain_width(items) -> int | None:
        """The widest match of ``items`` when it is bounded and reads nothing around
        what it consumes (no anchor or lookaround); else None."""
        try:
            leaves(items, [])
        except Unbounded:
            return None
        w = sre_parse.SubPattern(parsed.state, list(items)).getwidth()[1]
        return None if w >= unbounded else w

    def behind(items) -> int | None:
        """How far before where they are tried the lookbehinds among ``items`` read,
        lookbehinds within them included (two more for each: a word boundary or an
        anchor in it reads a character before); None when that has no bound."""
        most = 0
        for op, av in items:
            if op in (C.ASSERT, C.ASSERT_NOT):
                direction, sub = av
                inner = behind(sub)
                if inner is None:
                    return None
                if direction < 0:
                    w = sub.getwidth()[1]
                    if w >= unbounded:
                        return None
                    inner += w + 2
                most = max(most, inner)
            elif op in (C.SUBPATTERN, atomic, C.BRANCH) or op in repeats:
                subs = ([av[-1]] if op == C.SUBPATTERN else [av] if op == atomic
                        else av[1] if op == C.BRANCH else [av[2]])
                for sub in subs:
                    inner = behind(sub)
                    if inner is None:
                        return None
                    most = max(most, inner)
        return most

    def run(sub):
        found: list = []
        leaves(sub, found)
        body = sre_parse.SubPattern(parsed.state, [(C.BRANCH, (None, [
            sre_parse.SubPattern(parsed.state, [leaf]) for leaf in found]))])
        star = sre_parse.SubPattern(parsed.state, [(C.MAX_REPEAT, (0, C.MAXREPEAT, body))])
        matcher = sre_compile.compile(star, flags).match

        def step(text, x):
            end = matcher(text, x).end()
            return end, end + 1
        return step

    def seq(items):
        w = plain_width(items)
        if w is not None:
            return lambda text, x: (x + w, x + w + 1)
        steps = [item(op, av) for op, av in items]

        def step(text, x):
            read = x
            for s in steps:
                x, r = s(text, x)
                if r > read:
                    read = r
            return x, read
        return step

    def item(op, av):
        if op in leaf_ops:
            return lambda text, x: (x + 1, x + 1)
        w = plain_width([(op, av)])
        if w is not None:
            return lambda text, x: (x + w, x + w + 1)
        if op == C.SUBPATTERN:
            return seq(av[-1])
        if op == atomic:
            return seq(av)
        if op == C.BRANCH:
            alts = [seq(sub) for sub in av[1]]

            def branch(text, x):
                ends = [a(text, x) for a in alts]
                return max(e[0] for e in ends), max(e[1] for e in ends)
            return branch
        if op in repeats:
            low, high, sub = av
            if high >= unbounded or high == C.MAXREPEAT:
                return run(sub)
            once = seq(sub)

            def repeat(text, x):
                read = x
                for _ in range(high):
                    x, r = once(text, x)
                    if r > read:
                        read = r
                return x, read
            return repeat
        if op == C.AT:  # (reads a character either side, or where the text ends)
            return lambda text, x: (x, x + 2)
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if direction < 0:  # a lookbehind reads back from where it is tried
                w = behind([(op, av)])
                if w is None:
                    raise Unbounded
                back[0] = max(back[0], w)  # (every part is tried at or after the start)
                return lambda text, x: (x, x + 1)
            inner = seq(sub)

            def ahead(text, x):
                return x, inner(text, x)[1]
            return ahead
        raise Unbounded  # a back reference, a conditional group, anything not listed

    if len(parsed) and parsed[0][0] == C.AT and (parsed[0][1] == C.AT_BEGINNING_STRING or (
            parsed[0][1] == C.AT_BEGINNING and not flags & re.MULTILINE)):
        return None  # it can only match at the start: a whole scan fails at once elsewhere
    try:
        whole = seq(list(parsed))
    except Unbounded:
        return None
    except Exception:  # pragma: no cover - an item the compiler refuses alone
        return None
    return _RunReach(back[0], lambda text, x: whole(text, x)[1] + 1)
