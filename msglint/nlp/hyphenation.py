"""pyphen's English hyphenation patterns, kept between runs.

textstat counts the syllables of a word missing from the CMU dictionary (a brand
name, a British spelling) by pyphen's hyphenation points, so msglint does too. The
first such word makes pyphen parse its ``hyph_en_US.dic`` in Python: about 0.12 s,
a quarter of what msglint adds to spaCy's own start-up on a pre-commit run. The
parsed patterns are plain data, so they are written once as JSON to msglint's cache
folder and read back (a few milliseconds) on later runs.

The entry lives in msglint's cache folder (:mod:`msglint.cache`), named by pyphen's
version and the dictionary file's path, size and modification time, so an upgrade
never reads a stale one. Anything unexpected (a folder that cannot be written, a
damaged file, a pyphen whose internals moved) falls back to pyphen's own parsing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import cache

LANG = "en_US"


def english_pyphen() -> Any | None:
    """``pyphen.Pyphen(lang="en_US")``, its patterns read from the cache when they can be."""
    try:
        import pyphen
    except ImportError:  # pragma: no cover - pyphen is a textstat dependency
        return None
    try:
        _seed(pyphen)
    except Exception:  # noqa: BLE001 - the cache is an optimisation only
        pass
    try:
        return pyphen.Pyphen(lang=LANG)
    except Exception:  # pragma: no cover - defensive across pyphen versions
        return None


def _seed(pyphen: Any) -> None:
    """Put the English patterns in pyphen's own in-process cache (``hdcache``), from
    msglint's cache file, or parsed by pyphen and then written to that file."""
    path = pyphen.LANGUAGES[pyphen.language_fallback(LANG)]
    if path in pyphen.hdcache:
        return
    entry = _entry(path, getattr(pyphen, "__version__", "?"))
    if entry is not None:
        hd = _read(pyphen, entry)
        if hd is not None:
            pyphen.hdcache[path] = hd
            return
    hd = pyphen.HyphDict(path)
    pyphen.hdcache[path] = hd
    if entry is not None:
        _write(hd, entry)


def _entry(path: Path, version: str) -> Path | None:
    return cache.entry(f"pyphen-{LANG}", version, cache.file_key(path))


def _read(pyphen: Any, entry: Path) -> Any | None:
    data = cache.read(entry)
    try:
        patterns = {key: (int(offset), tuple(map(int, values)))  # map: a C loop per pattern
                    for key, (offset, values) in data["patterns"].items()}
        maxlen = int(data["maxlen"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if not patterns:
        return None
    hd = pyphen.HyphDict.__new__(pyphen.HyphDict)  # what HyphDict.__init__ leaves behind
    hd.patterns, hd.cache, hd.maxlen = patterns, {}, maxlen
    return hd


def _write(hd: Any, entry: Path) -> None:
    patterns = getattr(hd, "patterns", None)
    if not isinstance(patterns, dict) or not isinstance(getattr(hd, "maxlen", None), int):
        return
    out = {}
    for key, value in patterns.items():
        offset, values = value
        if type(offset) is not int or any(type(v) is not int for v in values):
            return  # nonstandard hyphenation data: not plain numbers, not cached
        out[key] = [offset, list(values)]
    cache.write(entry, {"patterns": out, "maxlen": hd.maxlen})
