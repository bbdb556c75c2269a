"""Write a file atomically: all of it or nothing.

The content goes to a temporary file in the target's folder, is synced, then replaces
the target with ``os.replace`` (atomic on POSIX and Windows). An exception or Ctrl-C
removes the temporary file, so a CI artefact, a cache entry or an audit shard is never
half written. Reports, the cache and ``msglint audit`` all write through here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import IO, Iterator, TextIO


@contextlib.contextmanager
def atomic_file(path: str, binary: bool = False) -> Iterator[IO]:
    """A file handle whose content lands at ``path`` whole when the block ends."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        with (os.fdopen(fd, "wb") if binary else
              os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); what we write gets the usual permissions
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_output(path: str) -> "contextlib.AbstractContextManager[TextIO]":
    """:func:`atomic_file` for text (UTF-8, ``\\n`` line ends)."""
    return atomic_file(path)
