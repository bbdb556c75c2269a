"""Paired delimiters found in linear time: ``<!-- -->``, code fences, ``{{ }}``.

A lazy regex such as ``<!--.*?-->`` rescans to the end of the text from every
opener that has no closer, so a text of many unclosed openers costs time by the
square of its length (a 1 MB file of them never finishes). A :class:`Closer` looks
for its closing delimiter once from any point and remembers the answer, so an
opener without a closer costs one lookup.
"""

from __future__ import annotations

import re
from typing import Callable


class Closer:
    """The next occurrence of a closing delimiter at or after a position, for
    positions that only move forward, each part of the text searched at most once."""

    __slots__ = ("text", "find", "width", "_from", "_at", "_none_from")

    def __init__(self, text: str, closer: str | re.Pattern[str]):
        self.text = text
        if isinstance(closer, str):
            self.find: Callable[[int], tuple[int, int]] = self._find_str(closer)
        else:
            self.find = self._find_re(closer)
        self._from = self._at = -1  # no closer starts in [_from, _at); one starts at _at
        self._none_from = len(text) + 1  # no closer starts at or after this

    def end_after(self, pos: int) -> int:
        """The end of the first closer starting at or after ``pos``, or -1."""
        if pos >= self._none_from:
            return -1
        if not (self._from <= pos <= self._at):
            start, end = self.find(pos)
            if start < 0:
                self._none_from = pos
                return -1
            self._from, self._at, self.width = pos, start, end - start
        return self._at + self.width

    def _find_str(self, closer: str) -> Callable[[int], tuple[int, int]]:
        def find(pos: int) -> tuple[int, int]:
            at = self.text.find(closer, pos)
            return at, at + len(closer)
        return find

    def _find_re(self, closer: re.Pattern[str]) -> Callable[[int], tuple[int, int]]:
        def find(pos: int) -> tuple[int, int]:
            m = closer.search(self.text, pos)
            return (m.start(), m.end()) if m else (-1, -1)
        return find


def delimited_spans(text: str, opener: re.Pattern[str],
                    closer_for: Callable[[re.Match[str]], str | re.Pattern[str]]) -> list[tuple[int, int]]:
    """``(start, end)`` of each opener match and the first closer after it, left to
    right, not overlapping: what ``re.finditer(opener + ".*?" + closer, DOTALL)``
    finds, in linear time. ``closer_for`` gives the closer for an opener match."""
    closers: dict[object, Closer] = {}
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in opener.finditer(text):
        if m.start() < pos:
            continue
        closer = closer_for(m)
        finder = closers.get(closer)
        if finder is None:
            finder = closers[closer] = Closer(text, closer)
        end = finder.end_after(m.end())
        if end >= 0:
            spans.append((m.start(), end))
            pos = end
    return spans


def blank_spans(text: str, spans: list[tuple[int, int]], blank: Callable[[str], str]) -> str:
    """``text`` with each span replaced by ``blank`` of it (same length)."""
    if not spans:
        return text
    parts = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(blank(text[start:end]))
        last = end
    parts.append(text[last:])
    return "".join(parts)
