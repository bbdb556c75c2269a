"""Readers: files in, :class:`~msglint.model.Message` objects out.

Each format has one module; this package maps a file to its reader, decodes bytes to
text, and walks folders with include/exclude globs. Readers yield messages and
:class:`~msglint.model.SourceError` values, never raise for bad input, so one broken
file never stops the run.
"""

from __future__ import annotations

import fnmatch
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Iterator

if TYPE_CHECKING:  # pragma: no cover
    import re

from ..model import Message, SourceError
from .sniff import INTERNAL_ERROR, decode, looks_binary  # noqa: F401 (the readers' helpers, re-exported)

Reader = Callable[[str, str], Iterator["Message | SourceError"]]

DEFAULT_INCLUDE: tuple[str, ...] = (
    "*.txt", "*.md", "*.markdown", "*.eml", "*.html", "*.htm", "*.mjml", "*.csv",
    "*.json", "*.yaml", "*.yml", "*.j2", "*.jinja", "*.jinja2", "*.njk", "*.liquid", "*.hbs",
    "*.mbox",
)
DEFAULT_EXCLUDE: tuple[str, ...] = (
    ".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox",
    ".pytest_cache", ".mypy_cache", "build", "dist", "*.egg-info",
    "pyproject.toml", "msglint.toml", ".msglint.toml", ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml", "package.json", "package-lock.json",
    # a template repository's own documentation is not campaign copy
    "README*", "CHANGELOG*", "CONTRIBUTING*", "LICENSE*", "CODE_OF_CONDUCT*",
)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
#: the start of the message for a reader that raised instead of yielding a SourceError
TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")


#: extension -> (module, function, keyword arguments); each module is imported on first
#: use, so a run over Markdown files never loads the HTML or email stack
READERS: dict[str, tuple[str, str, tuple]] = {
    ".txt": ("plaintext", "read_text", ()),
    ".md": ("plaintext", "read_text", (("markdown", True),)),
    ".markdown": ("plaintext", "read_text", (("markdown", True),)),
    **{ext: ("html", "read_html", ()) for ext in (".html", ".htm", ".mjml", ".njk", ".liquid", ".hbs")},
    ".eml": ("eml", "read_eml", ()),
    ".csv": ("tabular", "read_csv", ()),
    **{ext: ("structured", "read_structured", ()) for ext in (".json", ".yaml", ".yml")},
    **{ext: ("jsonlines", "read_jsonl", ()) for ext in (".jsonl", ".ndjson")},
}
_LOADED: dict[str, Reader] = {}


def _load_reader(ext: str) -> Reader:
    reader = _LOADED.get(ext)
    if reader is None:
        import functools
        import importlib

        module, func, kwargs = READERS[ext]
        fn = getattr(importlib.import_module(f"{__name__}.{module}"), func)
        reader = _LOADED[ext] = functools.partial(fn, **dict(kwargs)) if kwargs else fn
    return reader


def reader_for(path: str) -> Reader | None:
    """The reader for ``path`` by its extension (``x.html.j2`` reads as HTML)."""
    name = path.lower()
    for suffix in TEMPLATE_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            if "." not in os.path.basename(name):
                name += ".html"
            break
    ext = os.path.splitext(name)[1]
    return _load_reader(ext) if ext in READERS else None


def is_mbox(path: str, fh: "BinaryIO | None" = None) -> bool:
    """Whether ``path`` is read as an mbox archive: named ``*.mbox`` or ``mbox``, or
    with no suffix msglint reads and a From_ line then a header line at its start
    (read from ``fh``, the open file, which is put back at its start; else opened).

    Archives have no suffix of their own in the wild (``Inbox``, ``All mail
    Including Spam and Trash``), so the file's start decides for those; a file with
    a suffix msglint reads is never sniffed."""
    name = os.path.basename(path).lower()
    if name == "mbox" or name.endswith(".mbox"):
        return True
    if path == "-" or reader_for(path) is not None:
        return False
    try:
        if fh is None:
            with open(path, "rb") as f:
                head = f.read(1024)
        else:
            head = fh.read(1024)
            fh.seek(0)
    except OSError:
        return False
    from .mbox import looks_like_mbox

    return looks_like_mbox(head)


def read_bytes(data: bytes, path: str, reader: Reader | None = None) -> Iterator[Message | SourceError]:
    reader = reader or reader_for(path) or _load_reader(".txt")
    if looks_binary(data):
        yield SourceError(path, "binary file skipped", skipped=True)
        return
    text = decode(data).replace("\x00", " ")
    try:
        yield from reader(text, path)
    except RecursionError:
        yield SourceError(path, "document is nested too deeply to read")
    except Exception as exc:  # a reader bug must not end the run: report it, go on
        yield SourceError(path, f"{INTERNAL_ERROR} ({type(exc).__name__}: {exc}); please report this")


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Message | SourceError]:
    """Read one file (or ``-`` for standard input, read as plain text)."""
    if path == "-":
        import sys

        data = sys.stdin.buffer.read()
        yield from read_bytes(data, "<stdin>", _load_reader(".txt"))
        return
    try:
        with open(path, "rb") as fh:
            if is_mbox(path, fh):
                # streamed from the open file a message at a time; max-file-size caps
                # each message, not the archive
                from .mbox import read_mbox

                yield from read_mbox(fh, path, max_bytes)
                return
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                yield SourceError(path, f"file is {size} bytes, over the {max_bytes}-byte limit (max-file-size); skipped")
                return
            data = fh.read()
    except FileNotFoundError:
        kind = "broken symbolic link" if os.path.islink(path) else "no such file"
        yield SourceError(path, kind)
        return
    except IsADirectoryError:
        yield SourceError(path, "is a directory")
        return
    except OSError as exc:
        yield SourceError(path, f"cannot read: {exc.strerror or exc}")
        return
    yield from read_bytes(data, path)


def excluded(rel: str, exclude: Iterable[str] = DEFAULT_EXCLUDE) -> bool:
    """Whether :func:`discover` leaves out the path ``rel`` (relative to the folder being
    checked, parts separated by ``/``): an exclude glob matches the whole path or one of
    its parts (``build`` leaves out ``build/a.md`` and ``copy/build``; ``README*`` any
    README, in any folder)."""
    return _matches(rel, exclude)


def selected(rel: str, include: Iterable[str] = DEFAULT_INCLUDE,
             exclude: Iterable[str] = DEFAULT_EXCLUDE) -> bool:
    """Whether :func:`discover` takes the file at ``rel`` when it walks a folder: an
    include glob matches its name and the path is not :func:`excluded`. The same rule
    for files listed another way (``check --diff``, the archive audit's inputs)."""
    return _matches(rel.rsplit("/", 1)[-1], include) and not _matches(rel, exclude)


def _matches(rel: str, patterns: Iterable[str]) -> bool:
    """Whether the path, or one of its parts, matches one of the globs."""
    glob = _glob_regex(tuple(patterns))
    norm = os.path.normcase  # as fnmatch.fnmatch does (identity on POSIX)
    return glob.match(norm(rel)) is not None or any(glob.match(norm(p)) for p in rel.split("/"))


@lru_cache(maxsize=32)
def _glob_regex(patterns: tuple[str, ...]) -> "re.Pattern[str]":
    """The globs as one regex (``fnmatch``'s own translation, joined): one C match per
    path part instead of a ``fnmatch`` call per glob per part for every file."""
    import re

    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{fnmatch.translate(os.path.normcase(p))})" for p in patterns))


def discover(
    paths: Iterable[str],
    include: Iterable[str] = DEFAULT_INCLUDE,
    exclude: Iterable[str] = DEFAULT_EXCLUDE,
) -> Iterator[str]:
    """Expand folders into the files to check, sorted, so runs are deterministic.

    A file named explicitly is checked whatever its extension (pre-commit passes exact
    names) unless the exclude globs match its path relative to the current folder;
    folders are walked and filtered by the include globs.
    """
    include, exclude = tuple(include), tuple(exclude)
    for raw in paths:
        if raw == "-":
            yield raw
            continue
        p = Path(raw)
        if p.is_dir():
            yield from _walk_sorted(str(p), "", include, exclude)
        elif not excluded(_relative_to_cwd(p), exclude):
            yield raw


def _walk_sorted(folder: str, rel: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[str]:
    """The files below ``folder`` in sorted order of their full paths, as they are found.

    Sorting every path of a tree needs them all in memory at once (100,000 files in
    one folder were 11 MB of the main process). Sorted order is also a depth-first
    walk that orders a folder's entries by name, a subfolder as its name plus the
    separator (``a-b.md`` < ``a/x.md`` < ``a0.md``, as the full paths compare); only
    the names of the folders being walked are held. Like ``os.walk``: unreadable
    folders are passed over, and symbolic links to folders are not followed."""
    keys: list[str] = []  # a file's name, or a folder's name plus the separator
    folders: dict[str, bool] = {}  # folder key -> descend into it (not a symbolic link)
    try:
        with os.scandir(folder) as it:
            for entry in it:
                try:
                    is_dir = entry.is_dir()
                except OSError:
                    is_dir = False
                if not is_dir:
                    keys.append(entry.name)
                    continue
                try:
                    descend = not entry.is_symlink()
                except OSError:
                    descend = False
                key = entry.name + os.sep
                folders[key] = descend
                keys.append(key)
    except OSError:
        return
    keys.sort()
    for key in keys:
        descend = folders.get(key)
        name = key[:-1] if descend is not None else key
        rel_name = f"{rel}/{name}" if rel else name
        if descend is None:  # a file
            if selected(rel_name, include, exclude):
                yield os.path.join(folder, name)
        elif descend and not excluded(rel_name, exclude):
            yield from _walk_sorted(os.path.join(folder, name), rel_name, include, exclude)


def _relative_to_cwd(path: Path) -> str:
    """A named file's path as the exclude globs see it: relative to the current folder,
    or only its name when it lies outside (so a CI workspace under ``build/`` is not
    mistaken for a build folder)."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return path.name
    return path.name if rel.startswith("..") else rel.replace(os.sep, "/")
