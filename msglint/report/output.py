"""Write a report file atomically: all of it or nothing (see :mod:`msglint.atomic`).

Kept as the reporters' name for it; the helper itself sits below both the reporters
and the cache.
"""

from __future__ import annotations

from ..atomic import atomic_output

__all__ = ["atomic_output"]
