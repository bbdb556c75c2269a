"""Choosing a YAML loader that cannot crash the interpreter.

libyaml's loader (PyYAML's ``CSafeLoader``) is several times faster than the
pure-Python one, which matters for front matter read from every template. But it
composes nested flow collections by C recursion: 50,000 ``[`` in a row overflow the
C stack and kill the process (a segmentation fault, no error, no report). The
pure-Python loader recurses in Python and stops with ``RecursionError``, which the
readers report as "nested too deeply". So text whose flow brackets could nest deeper
than any real campaign or rule pack does is read with the pure-Python loader.
"""

from __future__ import annotations

import re
from typing import TypeVar

#: flow nesting deeper than this goes to the pure-Python loader (libyaml crashed
#: between 20,000 and 50,000 on an 8 MB stack; threads may have less)
MAX_FLOW_DEPTH = 500

_BRACKETS_RE = re.compile(r"[\[\]{}]")

L = TypeVar("L")


def flow_depth_over(text: str, limit: int = MAX_FLOW_DEPTH) -> bool:
    """Could the flow collections of ``text`` nest deeper than ``limit``? (Brackets
    inside quoted strings count too: an over-estimate only picks the slower loader.)"""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for m in _BRACKETS_RE.finditer(text):
        if m.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


def pick_loader(text: str, fast: type[L], safe: type[L]) -> type[L]:
    """``fast`` (libyaml) unless ``text`` could nest deeply enough to crash it."""
    return safe if fast is not safe and flow_depth_over(text) else fast
