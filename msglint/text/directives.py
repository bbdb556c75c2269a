"""Inline suppression comments: ``<!-- msglint: disable=MSG101 -->`` and friends.

Forms (in HTML/Markdown comments or Jinja comments ``{# ... #}``):

- ``msglint: disable=MSG101,MSG102`` ... ``msglint: enable``: a region (to the end of
  the file when never re-enabled); ``disable`` with no codes covers every rule.
- ``msglint: disable-next-line=MSG101``: only the following line.
- ``msglint: disable-line=MSG101``: the directive's own line.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator, TypeVar

from ..model import LineIndex, Message, Suppression
from .templates import blank

T = TypeVar("T")

DIRECTIVE_RE = re.compile(
    r"(?:<!--|\{\#)\s*msglint:\s*(?P<verb>disable-next-line|disable-line|disable|enable)"
    r"(?:\s*=\s*(?P<codes>[A-Za-z0-9_,\s-]*?))?\s*(?:-->|\#\})"
)

END_OF_FILE = 10**9


def _codes(raw: str | None) -> tuple[str, ...]:
    if not raw:
        return ()
    return tuple(sorted({c.strip().upper() for c in raw.split(",") if c.strip()}))


def parse_directives(source: str, index: LineIndex | None = None) -> list[Suppression]:
    """Find every directive in ``source`` and turn it into line ranges."""
    if "msglint:" not in source:
        return []
    index = index or LineIndex(source)
    found: list[Suppression] = []
    open_regions: list[Suppression] = []
    for m in DIRECTIVE_RE.finditer(source):
        line, col = index.position(m.start())
        verb, codes = m.group("verb"), _codes(m.group("codes"))
        if verb == "disable-next-line":
            # the line after the directive's end, through the index (in decoded text,
            # a quoted-printable part, the next line need not be the next file line)
            nl = source.find("\n", m.end())
            nxt = index.position(nl + 1)[0] if 0 <= nl < len(source) - 1 else line + 1
            found.append(Suppression(codes, nxt, nxt, line, col))
        elif verb == "disable-line":
            found.append(Suppression(codes, line, line, line, col))
        elif verb == "disable":
            sup = Suppression(codes, line, END_OF_FILE, line, col)
            found.append(sup)
            open_regions.append(sup)
        else:  # enable closes the matching regions (all of them when no codes)
            for sup in list(open_regions):
                if not codes or set(sup.codes) & set(codes) or not sup.codes:
                    sup.end_line = line
                    open_regions.remove(sup)
    return found


def strip_directives(text: str) -> str:
    """Blank directive comments (same length) so they are never read as copy."""
    if "msglint:" not in text:
        return text
    return DIRECTIVE_RE.sub(lambda m: blank(m.group(0)), text)


def assign_suppressions(messages: list[Message], suppressions: list[Suppression]) -> None:
    """Give each message of a many-message file (CSV, JSON, YAML) the directives
    written inside it: those from its first line up to the next message's."""
    if messages and suppressions:
        for _ in assign_in_order(sorted(messages, key=lambda m: m.line), suppressions):
            pass


def assign_in_order(items: Iterable[Message | T], suppressions: list[Suppression]) -> Iterator[Message | T]:
    """:func:`assign_suppressions` for items that arrive in line order, streaming.

    A message owns the directives from its first line up to the next message's, so
    each message is held back only until the next one arrives (with whatever came
    between it and that one), never the whole file."""
    pending = sorted(suppressions, key=lambda sup: sup.line)
    k = 0
    held: list[Message | T] = []  # a message, then the items after it
    for item in items:
        if isinstance(item, Message):
            if held:
                owner = held[0]
                assert isinstance(owner, Message)
                while k < len(pending) and pending[k].line < item.line:
                    owner.suppressions.append(pending[k])
                    k += 1
                yield from held
                held = []
            held.append(item)  # (the first message also owns directives above it)
        elif held:
            held.append(item)
        else:
            yield item
    if held:
        owner = held[0]
        assert isinstance(owner, Message)
        owner.suppressions.extend(pending[k:])
        yield from held

