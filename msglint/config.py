"""Configuration: ``[tool.msglint]`` in pyproject.toml, or msglint.toml / .msglint.toml.

Found from the checked path upward (as ruff does); ``--config`` names a file
directly. Unknown keys and bad values are errors naming the file and the key, because
a silently ignored ``ignroe = [...]`` is worse than no config at all.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import UsageError
from .validate import severity_problem, unknown_value
from .vocabulary import PURPOSES, RELATIONSHIPS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAMES = (".msglint.toml", "msglint.toml", "pyproject.toml")
FAIL_ON = ("info", "warning", "error", "never")

KEYS = {
    "select", "ignore", "severity", "extend-rules", "relationship", "purpose", "include",
    "exclude", "fail-on", "max-file-size", "spacy-model", "readability", "jobs", "names",
    "columns", "strict",
}
#: what a ``columns`` entry may map a CSV header to
COLUMN_TARGETS = ("subject", "preheader", "from", "body", "html", "id", "relationship", "purpose",
                  "msglint-disable")
READABILITY_KEYS = {"max-grade", "max-sentence-words", "min-reading-ease"}


@dataclass
class Config:
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    extend_rules: list[str] = field(default_factory=list)
    relationship: str | None = None
    purpose: str | None = None
    include: list[str] | None = None
    exclude: list[str] = field(default_factory=list)
    fail_on: str = "warning"
    max_file_size: int = 10 * 1024 * 1024
    spacy_model: str | None = None
    readability: dict[str, float] = field(default_factory=dict)
    jobs: int | None = None
    #: names written in capitals on purpose ("NORTH FACE", "AIR MAX"): not shouting
    names: list[str] = field(default_factory=list)
    #: CSV header -> the field it holds, for exports whose headers msglint does not know
    columns: dict[str, str] = field(default_factory=dict)
    #: unknown keys and columns are errors (exit 2), not warnings
    strict: bool = False
    path: Path | None = None


def find_config(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a pyproject.toml counts only
    when it has a ``[tool.msglint]`` table)."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for directory in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml":
                try:
                    data = tomllib.loads(candidate.read_text(encoding="utf-8"))
                except (OSError, tomllib.TOMLDecodeError):
                    continue
                if "msglint" not in data.get("tool", {}):
                    continue
            return candidate
    return None


def load_config(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from exc
    table = data.get("tool", {}).get("msglint", {}) if path.name == "pyproject.toml" else data
    where = f"{path}: [tool.msglint]" if path.name == "pyproject.toml" else str(path)
    return parse_config(table, where, base=path.parent, path=path)


def parse_config(table: dict[str, Any], where: str, base: Path | None = None,
                 path: Path | None = None) -> Config:
    def fail(key: str, problem: str) -> UsageError:
        return UsageError(f"{where}: {key}: {problem}")

    if not isinstance(table, dict):
        raise UsageError(f"{where}: must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key (expected one of: {', '.join(sorted(KEYS))})")
    cfg = Config(path=path)

    def str_list(key: str) -> list[str] | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "must be a list of strings")
        return list(value)

    cfg.select = str_list("select")
    cfg.ignore = str_list("ignore") or []
    cfg.include = str_list("include")
    cfg.exclude = str_list("exclude") or []
    cfg.names = str_list("names") or []
    if any(not n.strip() for n in cfg.names):
        raise fail("names", "must not hold an empty name")
    rules = str_list("extend-rules") or []
    cfg.extend_rules = [str((base / r) if base and not Path(r).is_absolute() else Path(r)) for r in rules]

    sev = table.get("severity", {})
    if not isinstance(sev, dict):
        raise fail("severity", "must be a table of rule = level")
    for key, level in sev.items():
        if problem := severity_problem(level):
            raise fail(f"severity.{key}", problem)
    cfg.severity = dict(sev)

    rel = table.get("relationship")
    if rel is not None and (problem := unknown_value(rel, RELATIONSHIPS)):
        raise fail("relationship", problem)
    cfg.relationship = rel
    purpose = table.get("purpose")
    if purpose is not None and (problem := unknown_value(purpose, PURPOSES)):
        raise fail("purpose", problem)
    cfg.purpose = purpose

    fail_on = table.get("fail-on", "warning")
    if fail_on not in FAIL_ON:
        raise fail("fail-on", f"must be one of {', '.join(FAIL_ON)}")
    cfg.fail_on = fail_on

    size = table.get("max-file-size", cfg.max_file_size)
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise fail("max-file-size", "must be a positive number of bytes")
    cfg.max_file_size = size

    model = table.get("spacy-model")
    if model is not None and not isinstance(model, str):
        raise fail("spacy-model", "must be a pipeline name")
    cfg.spacy_model = model

    jobs = table.get("jobs")
    if jobs is not None and (not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1):
        raise fail("jobs", "must be a positive whole number")
    cfg.jobs = jobs

    columns = table.get("columns", {})
    if not isinstance(columns, dict):
        raise fail("columns", "must be a table of \"CSV header\" = \"field\"")
    for header, target in columns.items():
        if target not in COLUMN_TARGETS:
            raise fail(f"columns.{header}", f"unknown field {target!r} (expected one of: {', '.join(COLUMN_TARGETS)})")
    cfg.columns = dict(columns)

    strict = table.get("strict", False)
    if not isinstance(strict, bool):
        raise fail("strict", "must be true or false")
    cfg.strict = strict

    read = table.get("readability", {})
    if not isinstance(read, dict):
        raise fail("readability", "must be a table")
    for key, value in read.items():
        if key not in READABILITY_KEYS:
            raise fail(f"readability.{key}", f"unknown key (expected one of: {', '.join(sorted(READABILITY_KEYS))})")
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise fail(f"readability.{key}", "must be a number")
    cfg.readability = dict(read)
    return cfg
