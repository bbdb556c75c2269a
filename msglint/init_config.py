"""``msglint init``: write a commented starter configuration.

The starter names every setting a team is likely to change, each with the values it
accepts (taken from :mod:`msglint.vocabulary`, :mod:`msglint.config` and the rules'
own setting declarations, so the comments cannot drift from what the loader checks). It is written to ``msglint.toml``
or appended to ``pyproject.toml`` as ``[tool.msglint]``; an existing file (or an
existing ``[tool.msglint]`` table) is never overwritten without ``force``.
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

from .config import FAIL_ON
from .model import SEVERITIES, UsageError
from .vocabulary import AUTHENTICITY, PRESSURE, PURPOSES, RELATIONSHIPS, TONE


def _wrap(text: str, prefix: str = "# ") -> str:
    return "\n".join(textwrap.wrap(text, width=86, initial_indent=prefix, subsequent_indent=prefix,
                                   break_on_hyphens=False, break_long_words=False))


def starter_config(table: str = "") -> str:
    """The starter text. ``table`` is the header prefix: ``""`` for msglint.toml,
    ``"tool.msglint"`` for pyproject.toml."""
    def header(name: str | None) -> str:
        parts = [p for p in (table, name) if p]
        return f"[{'.'.join(parts)}]" if parts else ""

    top = header(None)
    lines = [
        "# msglint configuration (docs/configuration.md lists every key).",
        "# msglint finds this file from the checked path upward; --config names one directly.",
    ]
    if top:
        lines.append(top)
    lines += [
        "",
        "# The relationship the brand has with its readers. Copy is judged in this context:",
        "# expressive language (praise, intimacy, gifts) is honest only in expressive ones.",
        _wrap("One of: " + ", ".join(RELATIONSHIPS) + "."),
        "# Left unset, it is \"unknown\" (judged as an instrumental relationship). A",
        "# message's own front matter or headers override this.",
        '# relationship = "basic-exchange"',
        "",
        "# What messages are for, when a message does not say (otherwise it is inferred).",
        _wrap("One of: " + ", ".join(PURPOSES) + "."),
        '# purpose = "promotional"',
        "",
        "# The lowest severity that makes `msglint check` exit 1 (and so block a send).",
        _wrap("One of: " + ", ".join(FAIL_ON) + ' ("never": report, do not fail).'),
        'fail-on = "warning"',
        "",
        "# Rules to run, and rules to skip. Each entry is ALL, a rule code (MSG101), a code",
        "# prefix (MSG1), a rule name (unearned-praise) or a category. `msglint rules` lists",
        "# every rule.",
        _wrap("Authenticity categories: " + ", ".join(AUTHENTICITY) + "."),
        _wrap("Pressure categories: " + ", ".join(PRESSURE) + "."),
        _wrap("Tone categories: " + ", ".join(TONE) + "."),
        'select = ["ALL"]',
        "ignore = []",
        "",
        "# Files to read when a folder is checked, and files or folders to skip (globs).",
        '# include = ["*.md", "*.txt", "*.html", "*.eml"]',
        '# exclude = ["drafts"]',
        "",
        "# Extra rule packs in the built-in YAML format (files or folders, relative to",
        "# this file).",
        '# extend-rules = ["msglint-rules/"]',
        "",
        "# Per-rule severity, by code, name, prefix or category.",
        _wrap("One of: " + ", ".join(SEVERITIES) + "."),
        header("severity"),
        '# MSG261 = "info"',
        '# false-urgency = "error"',
        "",
    ]
    lines += _rule_settings(header)
    return "\n".join(line for line in lines if line is not None)


def _rule_settings(header) -> list[str]:
    """One table per rule that declares settings, each setting commented out with its
    doc, type and default (from the declarations: :mod:`msglint.engine.settings`)."""
    from .rules import all_checks

    lines = ["# Rule settings, one table per rule (`msglint explain CODE` describes each).", ""]
    for rule in sorted((r for r in all_checks() if r.settings), key=lambda r: r.id):
        lines.append(f"# {rule.id} {rule.name}")
        lines.append(header(f"rules.{rule.id}"))
        for setting in rule.settings:
            lines.append(_wrap(f"{setting.name} ({setting.type_name}, default {setting.toml()}): "
                               f"{setting.doc}."))
            lines.append(f"# {setting.name} = {setting.toml(setting.example)}")
        lines.append("")
    return lines


_TABLE_RE = re.compile(r"^\s*\[\s*tool\s*\.\s*msglint\s*(?:\.[^\]]*)?\]\s*(?:#.*)?$")
_ANY_TABLE_RE = re.compile(r"^\s*\[\[?[^\]]+\]\]?\s*(?:#.*)?$")


def _drop_msglint_tables(text: str) -> str:
    """``text`` without its ``[tool.msglint]`` and ``[tool.msglint.*]`` tables."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        if _TABLE_RE.match(line):
            skipping = True
            continue
        if skipping and _ANY_TABLE_RE.match(line):
            skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def write_starter(path: str | os.PathLike[str] | None = None, pyproject: bool = False,
                  force: bool = False) -> Path:
    """Write the starter config and return where it went.

    ``pyproject``: append a ``[tool.msglint]`` table to ``path`` (default
    ``pyproject.toml``, created when missing). Otherwise write ``path`` (default
    ``msglint.toml``). Raises :class:`UsageError` rather than overwrite, unless ``force``.
    """
    if pyproject:
        target = Path(path or "pyproject.toml")
        existing = ""
        if target.exists():
            try:
                existing = target.read_text(encoding="utf-8")
            except OSError as exc:
                raise UsageError(f"{target}: cannot read: {exc.strerror or exc}") from exc
            if any(_TABLE_RE.match(line) for line in existing.splitlines()):
                if not force:
                    raise UsageError(f"{target} already has a [tool.msglint] table (use --force to replace it)")
                existing = _drop_msglint_tables(existing)
        if existing and not existing.endswith("\n"):
            existing += "\n"
        text = existing + ("\n" if existing.strip() else "") + starter_config("tool.msglint")
        _write(target, text)
        return target

    target = Path(path or "msglint.toml")
    if target.exists() and not force:
        raise UsageError(f"{target} already exists (use --force to overwrite it)")
    _write(target, starter_config())
    return target


def _write(target: Path, text: str) -> None:
    import tempfile

    folder = target.resolve().parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=".msglint-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from exc
