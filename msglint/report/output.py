"""Write a report file atomically: all of it or nothing.

The report goes to a temporary file in the target's folder, then replaces the target
with ``os.replace`` (atomic on POSIX and Windows). An exception or Ctrl-C removes the
temporary file, so a CI artefact is never half a JSON document.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import Iterator, TextIO


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[TextIO]:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".msglint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); a report gets the usual permissions
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
