"""msglint's cache folder: derived data kept between runs to shorten start-up.

A pre-commit hook starts msglint once per commit, so work redone on every start
(parsing the same rule packs, pyphen parsing the same hyphenation dictionary) is
paid again and again. What can be derived from a file and read back faster is kept
here as JSON: plain data, never code (no pickle), so a damaged or hostile entry can
only fail to load. (One entry is a folder: the CMU dictionary as an NLTK corpus,
``nltk_data-*``, which textstat reads through NLTK; see :mod:`msglint.nlp.readability`.)

The folder is ``$MSGLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/msglint``, else
``~/.cache/msglint``; ``MSGLINT_CACHE_DIR=`` (empty) turns the cache off. An entry's
name hashes everything its content depends on (the source file's path, size and
modification time, and the versions of the code that derived it), so a changed
file or an upgrade never reads a stale entry. Entries are written atomically. A
folder that cannot be written, or an entry that cannot be read, means the data is
derived as if there were no cache: the cache can make a run faster, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def cache_dir() -> Path | None:
    """Where msglint keeps derived data between runs, or None when turned off."""
    explicit = os.environ.get("MSGLINT_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit.strip() else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "msglint"


def file_key(path: str | os.PathLike) -> str:
    """What identifies one version of a file: its path, size and modification time."""
    st = os.stat(path)
    return f"{os.fspath(path)}|{st.st_size}|{st.st_mtime_ns}"


def entry(kind: str, *key: str) -> Path | None:
    """The cache file for ``kind`` data derived from ``key`` (None: cache off)."""
    folder = named(kind, *key)
    return None if folder is None else folder.with_name(folder.name + ".json")


def named(kind: str, *key: str) -> Path | None:
    """``kind-DIGEST`` in the cache folder, the digest hashing ``key`` (None: cache off).
    :func:`entry` adds ``.json``; a caller that needs a folder of files uses it as is."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256("\n".join(key).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return folder / f"{kind}-{digest}"


def read(path: Path | None) -> Any | None:
    """The JSON data of a cache entry, or None when there is none or it is unreadable."""
    if path is None:
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def write(path: Path | None, data: Any) -> None:
    """Write a cache entry whole or not at all; any failure only leaves it unwritten."""
    if path is None:
        return
    from .atomic import atomic_output

    try:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(str(path)) as fh:  # readers running at the same time see old or new
            fh.write(text)
    except (OSError, TypeError, ValueError):
        pass
