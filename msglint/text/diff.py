"""Where two texts differ: the common head and tail of a text and its rewrite."""

from __future__ import annotations


def changed(old: str, new: str) -> tuple[int, int, int]:
    """``(head, new_end, old_end)``: ``old`` and ``new`` share their first ``head``
    characters and everything after ``old_end`` in ``old`` and ``new_end`` in ``new``
    (the longest such head, then the longest such tail not reaching into it; found by
    halving, since slices compare in C)."""
    n = min(len(old), len(new))
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[:mid] == new[:mid]:
            lo = mid
        else:
            hi = mid - 1
    head = lo
    lo, hi = 0, n - head
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if old[len(old) - mid:] == new[len(new) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return head, len(new) - lo, len(old) - lo
