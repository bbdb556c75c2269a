"""Copy cut short by a YAML comment.

In YAML a ``#`` after a space starts a comment, so ``subject: Your order #4412 has
shipped`` reads as "Your order", and ``subject: #1 in running shoes`` as no subject at
all: the copy msglint checks is not the copy that is sent, and nothing says so. A
plain (unquoted) copy value followed on its line by a comment that starts right at a
word (``#4412``, ``#1``, ``#BlackFriday``) is reported as a warning naming the line.
A comment written as one (``# A/B variant 2``: a space after the ``#``) is left alone,
as are quoted and block values, where ``#`` is text.
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Iterator

import yaml

from ..model import SourceError

#: blanks, then "#" and at once a character that is not a blank: the rest of the line
_CUT_RE = re.compile(r"(?<![ \t])[ \t]+(#\S[^\r\n]*)")
#: at most this much of the lost text is quoted in the warning
SHOWN = 40


def cut_text(node: Any, text: str, base: int = 0) -> str | None:
    """The comment that cut plain scalar ``node`` short, or None.

    ``text`` is the YAML source the node's marks index, starting at ``base``."""
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):
        return None
    m = _CUT_RE.match(text, base + node.end_mark.index)
    return m.group(1).rstrip() if m else None


def comment_warnings(path: str, text: str, nodes: Iterable[tuple[str, Any]],
                     base: int = 0, line_offset: int = 0) -> Iterator[SourceError]:
    """A warning for each ``(key, value node)`` whose plain value a comment cut short.

    ``line_offset`` is added to the node's 1-based line (front matter starts below
    its opening ``---``)."""
    for key, node in nodes:
        lost = cut_text(node, text, base)
        if lost is None:
            continue
        shown = lost if len(lost) <= SHOWN else lost[:SHOWN - 1] + "\u2026"
        read = repr(node.value) if isinstance(node.value, str) and node.value else "empty"
        yield SourceError(
            path,
            f"`{key}` is read as {read}: \"{shown}\" after it is a YAML comment "
            "(a # after a space starts one); quote the value to keep it",
            node.start_mark.line + 1 + line_offset,
            warning=True,
        )


def copy_nodes(mapping: Any) -> list[tuple[str, Any]]:
    """``(key, value node)`` of ``mapping`` (a YAML mapping node) for each copy-field
    key present (the last duplicate, as constructing the mapping keeps), in file order."""
    from .mapping import COPY_KEYS

    if not isinstance(mapping, yaml.MappingNode):
        return []
    found: dict[str, Any] = {}
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value in COPY_KEYS:
            found[key_node.value] = value_node
    return sorted(found.items(), key=lambda kv: kv[1].start_mark.index)
