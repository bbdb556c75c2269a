"""A progress bar on standard error while many files are checked.

Shown only when standard error is a terminal and ``--quiet`` was not given, so CI
logs, pipes, pre-commit and report files never see it. It draws at most ten times a
second, only once a run has lasted long enough to need it, and erases itself before
anything else is printed to the same terminal, so findings are never interleaved
with a half-drawn bar::

    checking [##########----------]  512/1024 files  87.3 files/s
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable, TextIO

#: seconds a run must last before the bar appears (quick runs stay clean)
DELAY = 0.5
#: seconds between redraws
INTERVAL = 0.1


class Progress:
    """Counts files as their results arrive and draws a one-line bar.

    ``update(path)`` is called for every result or error; a new path counts one file.
    ``clear()`` erases the bar (call before printing to the same terminal), and
    ``close()`` erases it for good.
    """

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool = True,
                 clock: Callable[[], float] = time.monotonic, unit: str = "files",
                 delay: float = DELAY) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.clock = clock
        self.unit = unit
        self.delay = delay
        self.count = 0
        self.started = clock()
        self._last_draw = float("-inf")
        self._last_path: str | None = None
        self._seen: set[str] = set()
        self._drawn = False

    @classmethod
    def for_terminal(cls, total: int, quiet: bool = False, stream: TextIO | None = None) -> "Progress":
        """A bar that draws only on an interactive standard error, and not when quiet."""
        stream = stream if stream is not None else sys.stderr
        enabled = total > 1 and progress_wanted(quiet, stream)
        return cls(total, stream, enabled)

    def update(self, path: str | None) -> None:
        if path is not None and path != self._last_path:
            self._last_path = path
            if path not in self._seen:
                self._seen.add(path)
                self.count += 1
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < self.delay or now - self._last_draw < INTERVAL:
            return
        self._draw(now)

    def render(self, now: float | None = None, width: int | None = None) -> str:
        now = self.clock() if now is None else now
        elapsed = max(now - self.started, 1e-9)
        rate = self.count / elapsed
        total = max(self.total, self.count)
        bar_width = 20
        filled = int(bar_width * self.count / total) if total else bar_width
        digits = len(str(total))
        line = (f"checking [{'#' * filled}{'-' * (bar_width - filled)}] "
                f"{self.count:>{digits}}/{total} {self.unit}  {rate:.1f} {self.unit}/s")
        if width:
            line = line[: max(width - 1, 0)]
        return line

    def _draw(self, now: float) -> None:
        try:
            width = os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):
            width = 80
        self.stream.write("\r\x1b[K" + self.render(now, width))
        self.stream.flush()
        self._drawn = True
        self._last_draw = now

    def clear(self) -> None:
        """Erase the bar (it comes back at the next update)."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
            self._last_draw = float("-inf")

    def close(self) -> None:
        self.clear()
        self.enabled = False


def progress_wanted(quiet: bool = False, stream: TextIO | None = None) -> bool:
    """Whether a bar could be shown at all: an interactive stderr, not ``--quiet``."""
    stream = stream if stream is not None else sys.stderr
    return not quiet and _is_terminal(stream) and os.environ.get("TERM") != "dumb"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
