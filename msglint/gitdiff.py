"""``msglint check --diff REF``: only the files that changed since a git revision.

A large template repository checks in seconds when only the templates a branch
touched are read. "Changed" means files added, copied, modified or renamed in the
working tree (staged or not) relative to ``REF``, plus
untracked files that are not ignored (a new template not yet ``git add``-ed is still
about to be sent). Deleted files are left out. ``REF...`` (three dots) compares
with the merge base of ``REF`` and ``HEAD`` instead, which is what a pull request
shows: only the branch's own changes, not what landed on ``REF`` since. The list is then narrowed to the paths
given on the command line and filtered by the same include/exclude globs as a walk.

Git is run read-only (``diff``, ``ls-files``, ``rev-parse``); every failure (not a
repository, an unknown revision, git not installed) is a :class:`UsageError`, so the
CLI exits 2 with the reason.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Iterable

from .model import UsageError
from .sources import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, selected


def _git(args: list[str], cwd: str) -> str:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
            errors="surrogateescape", check=False,
            # never prompt, never page, and ignore the user's diff tooling
            env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat",
                 "GIT_EXTERNAL_DIFF": ""},
        )
    except FileNotFoundError as exc:
        raise UsageError("--diff needs git, and git was not found on PATH") from exc
    if proc.returncode != 0:
        raise _GitFailed(proc.stderr.strip() or f"git {' '.join(args)} failed")
    return proc.stdout


class _GitFailed(Exception):
    pass


def repo_root(cwd: str = ".") -> Path:
    """The top of the work tree containing ``cwd``, or a UsageError."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except _GitFailed as exc:
        raise UsageError(f"--diff: {os.path.abspath(cwd)} is not inside a git repository ({_first_line(exc)})") from exc
    return Path(out.strip())


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else "git failed"


def changed_files(ref: str, cwd: str = ".") -> list[str]:
    """Absolute paths of files added/changed vs ``ref`` in the working tree, plus
    untracked (not ignored) files; sorted, existing files only."""
    root = repo_root(cwd)
    if not ref or ref.startswith("-"):
        raise UsageError(f"--diff: {ref!r} is not a git revision")
    base = ref[:-3] if ref.endswith("...") else ref
    try:
        _git(["rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], str(root))
    except _GitFailed as exc:
        raise UsageError(f"--diff: unknown git revision {base!r} in {root}") from exc
    if base != ref:  # "main...": since the branch left main (the merge base), as a PR shows
        try:
            ref = _git(["merge-base", base, "HEAD"], str(root)).strip()
        except _GitFailed as exc:
            raise UsageError(f"--diff: {base!r} and HEAD have no common ancestor") from exc
    try:
        diff = _git(["-c", "core.quotepath=off", "diff", "--name-only", "-z", "--no-renames",
                     "--diff-filter=ACMRT", ref, "--"], str(root))
        untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], str(root))
    except _GitFailed as exc:
        raise UsageError(f"--diff {ref}: {_first_line(exc)}") from exc
    names = {n for n in (diff + untracked).split("\0") if n}
    out = []
    for name in names:
        full = root / name
        if full.is_file():
            out.append(str(full))
    return sorted(out)


def _under(path: Path, folders: list[Path]) -> bool:
    return any(path == f or f in path.parents for f in folders)


def diff_paths(
    ref: str,
    paths: Iterable[str] = (),
    include: Iterable[str] = DEFAULT_INCLUDE,
    exclude: Iterable[str] = DEFAULT_EXCLUDE,
    cwd: str = ".",
) -> list[str]:
    """The files ``msglint check --diff REF PATHS`` should read.

    Changed files, kept only when inside one of ``paths`` (the current folder when
    none are given, as for a plain check), matched by an include glob and by no
    exclude glob. Paths come back relative to ``cwd``, so reports read as usual.
    """
    include, exclude = tuple(include), tuple(exclude)
    paths = list(paths)
    if "-" in paths:
        raise UsageError("--diff cannot be combined with - (standard input)")
    targets = paths or ["."]
    base = Path(cwd).resolve()
    folders = [(base / p).resolve() for p in targets]
    for raw, folder in zip(targets, folders):
        if not folder.exists():
            raise UsageError(f"--diff: {raw}: no such file or folder")
    root = repo_root(str(folders[0] if folders[0].is_dir() else folders[0].parent))
    files = []
    for name in changed_files(ref, str(root)):
        full = Path(name).resolve()
        if not _under(full, folders):
            continue
        rel_to_root = full.relative_to(root.resolve()).as_posix()
        if not selected(rel_to_root, include, exclude):
            continue
        try:
            shown = os.path.relpath(full, base)
        except ValueError:  # another drive on Windows
            shown = str(full)
        files.append(shown)
    return files
