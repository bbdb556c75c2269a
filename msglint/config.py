"""Configuration: ``[tool.msglint]`` in pyproject.toml, or msglint.toml / .msglint.toml.

Found from the checked path upward (as ruff does); ``--config`` names a file
directly. Unknown keys and bad values are errors naming the file and the key, because
a silently ignored ``ignroe = [...]`` is worse than no config at all.

Rule settings are read from one table per rule (``[tool.msglint.rules.MSG331]``, or
``[rules.MSG331]`` in msglint.toml) and checked against what the rule declares
(:mod:`msglint.engine.settings`): this module knows no setting by name. The older
spellings (the ``readability`` table, the top-level ``names`` list) are the rules'
own declarations too (``Setting(old=...)``), mapped onto the same settings.
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
    "columns", "strict", "rules",
}
#: what a ``columns`` entry may map a CSV header to
COLUMN_TARGETS = ("subject", "preheader", "from", "body", "html", "id", "relationship", "purpose",
                  "msglint-disable")


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
    #: rule code -> setting name -> value (checked), from the per-rule tables
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None
    #: how the file's tables are named in messages: "tool.msglint." in pyproject.toml
    table_prefix: str = ""


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
    pyproject = path.name == "pyproject.toml"
    table = data.get("tool", {}).get("msglint", {}) if pyproject else data
    where = f"{path}: [tool.msglint]" if pyproject else str(path)
    return parse_config(table, where, base=path.parent, path=path,
                        table_prefix="tool.msglint." if pyproject else "")


def parse_config(table: dict[str, Any], where: str, base: Path | None = None,
                 path: Path | None = None, table_prefix: str = "") -> Config:
    def fail(key: str, problem: str) -> UsageError:
        return UsageError(f"{where}: {key}: {problem}")

    if not isinstance(table, dict):
        raise UsageError(f"{where}: must be a table")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key (expected one of: {', '.join(sorted(KEYS))})")
    cfg = Config(path=path, table_prefix=table_prefix)

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
    if read:
        old = _old_spellings("readability.")
        for key, value in read.items():
            if key not in old:
                raise fail(f"readability.{key}", f"unknown key (expected one of: {', '.join(sorted(old))})")
            try:
                old[key][1].parse(value)
            except ValueError as exc:
                raise fail(f"readability.{key}", str(exc)) from exc
    cfg.readability = dict(read)

    tables = table.get("rules", {})
    if not isinstance(tables, dict):
        raise fail("rules", "must hold one table per rule ([rules.MSG331])")
    if tables:
        cfg.rules = _rule_tables(tables, path, where, table_prefix)
    return cfg


def _declared() -> dict[str, Any]:
    """Every built-in rule that declares settings, by code and by name."""
    from .rules import all_checks

    out: dict[str, Any] = {}
    for rule in all_checks():
        if rule.settings:
            out[rule.id] = out[rule.name] = rule
    return out


def _old_spellings(prefix: str) -> dict[str, tuple[Any, Any]]:
    """Older spellings starting with ``prefix`` -> (rule, setting)."""
    out = {}
    for rule in {id(r): r for r in _declared().values()}.values():
        for setting in rule.settings:
            if setting.old.startswith(prefix):
                out[setting.old[len(prefix):]] = (rule, setting)
    return out


def _rule_tables(tables: dict[str, Any], path: Path | None, where: str,
                 table_prefix: str) -> dict[str, dict[str, Any]]:
    """The per-rule tables, checked against each rule's declared settings."""
    declared = _declared()
    out: dict[str, dict[str, Any]] = {}
    for key, values in tables.items():
        here = f"{path}: [{table_prefix}rules.{key}]" if path else f"{where}: [rules.{key}]"
        rule = declared.get(key.upper()) or declared.get(key.lower())
        if rule is None:
            with_settings = sorted({r.id for r in declared.values()})
            raise UsageError(f"{here}: no rule with settings has this code or name "
                             f"(rules with settings: {', '.join(with_settings)})")
        if not isinstance(values, dict):
            raise UsageError(f"{here}: must be a table of setting = value")
        if rule.id in out:
            raise UsageError(f"{here}: {rule.id} is configured twice (by code and by name)")
        checked: dict[str, Any] = {}
        for name, value in values.items():
            setting = next((s for s in rule.settings if s.name == name), None)
            if setting is None:
                raise UsageError(f"{here}: {name}: unknown setting of {rule.id} (expected one of: "
                                 f"{', '.join(s.name for s in rule.settings)})")
            try:
                checked[name] = setting.parse(value)
            except ValueError as exc:
                raise UsageError(f"{here}: {name}: {exc}") from exc
        out[rule.id] = checked
    return out


def rule_settings(cfg: Config, rules: Any) -> dict[str, dict[str, Any]]:
    """Rule code -> setting -> value for ``rules`` (those that declare settings): the
    per-rule tables first, then the older spellings (``readability``, ``names``),
    else nothing (the rule's declared default applies)."""
    out: dict[str, dict[str, Any]] = {}
    where = str(cfg.path) if cfg.path else "configuration"
    for rule in rules:
        values: dict[str, Any] = {}
        for setting in rule.settings:
            given = cfg.rules.get(rule.id, {})
            if setting.name in given:
                values[setting.name] = given[setting.name]
                continue
            value = _old_value(cfg, setting.old) if setting.old else None
            if value is not None:
                try:
                    values[setting.name] = setting.parse(value)
                except ValueError as exc:
                    raise UsageError(f"{where}: {setting.old}: {exc}") from exc
        if values:
            out[rule.id] = values
    return out


def _old_value(cfg: Config, old: str) -> Any:
    """The value an older spelling gives (``readability.max-grade``: the key of the
    ``readability`` table; ``names``: the top-level list), None when not given."""
    attr, _, key = old.partition(".")
    value = getattr(cfg, attr.replace("-", "_"), None)
    if key:
        return value.get(key) if isinstance(value, dict) else None
    return value or None
