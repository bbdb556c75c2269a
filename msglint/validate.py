"""The checks of a value against a fixed list that configuration, rule packs and
message metadata share, with one wording for each error.

Each returns None when the value is fine, else the message to raise in the caller's
own error type (a config error naming its key, a rule-pack error naming its file, a
message error naming its field), so the wording is the same wherever the value came
from.
"""

from __future__ import annotations

from typing import Any, Iterable

from .model import SEVERITIES


def unknown_value(value: Any, allowed: Iterable[str], what: str = "value") -> str | None:
    """None when ``value`` is one of ``allowed``, else ``unknown WHAT 'x' (expected
    one of: a, b)``."""
    allowed = tuple(allowed)
    if value in allowed:
        return None
    return f"unknown {what} {value!r} (expected one of: {', '.join(allowed)})"


def severity_problem(level: Any) -> str | None:
    """None for a severity msglint knows, else ``must be one of info, warning, error``."""
    if level in SEVERITIES:
        return None
    return f"must be one of {', '.join(SEVERITIES)}"
