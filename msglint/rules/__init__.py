"""The built-in rules, and the one function that loads rule content.

Every built-in rule lives in one folder, the top-level ``rules/`` of the repository:
YAML packs of pattern rules (``*.yaml``) next to the Python checks (``*.py``), one file
per concern. This package is that folder: in a checkout it adds ``rules/`` to its own
``__path__`` (so ``import msglint.rules.shouting`` reads ``rules/shouting.py``, and a
check function pickled for a worker process imports the same way); an installed wheel
carries the same files inside the package (``pyproject.toml``'s force-include).

The engine (:mod:`msglint.engine`) is the framework and never imports this package;
this package imports the engine. Callers that need the rules (the CLI, the API, the
rule docs, the language server) call :func:`load_registry`.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Iterable

from ..engine.checks import rules_of
from ..engine.registry import Registry
from ..engine.rule import Rule
from ..model import UsageError

_HERE = Path(__file__).resolve().parent
#: a checkout: the rules sit in the repository's top-level folder, not in the package
_CHECKOUT_RULES = _HERE.parent.parent / "rules"
if not any(_HERE.glob("*.yaml")) and (_HERE.parent.parent / "pyproject.toml").is_file() \
        and _CHECKOUT_RULES.is_dir() and str(_CHECKOUT_RULES) not in __path__:
    __path__.append(str(_CHECKOUT_RULES))


def rule_dirs() -> list[Path]:
    """The folders holding the built-in rules (this package's ``__path__``)."""
    return [Path(p) for p in __path__]


def builtin_packs() -> list[Path]:
    """The built-in YAML packs, by file name."""
    found = {p.name: p for d in rule_dirs() for p in d.glob("*.yaml")}
    return [found[name] for name in sorted(found)]


def check_modules() -> list[str]:
    """The modules of Python checks: every module of this package, by name."""
    return sorted(f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__)
                  if not m.name.startswith("_"))


_CHECKS: list[Rule] | None = None


def all_checks() -> list[Rule]:
    """Every built-in Python check, module by module, in definition order."""
    global _CHECKS
    if _CHECKS is None:
        _CHECKS = [rule for name in check_modules()
                   for rule in rules_of(importlib.import_module(name))]
    return list(_CHECKS)


def load_registry(extend_rules: Iterable[str | Path] = ()) -> Registry:
    """The registry of every rule: the built-in packs and checks, MSG001 (unused
    suppressions), and the team's own packs (``extend-rules``: files or folders)."""
    from ..engine.packs import load_pack
    from ..engine.safe_regex import trusted
    from ..engine.suppress import UNUSED_RULE

    rules: list[Rule] = []
    with trusted():  # ours: their regexes are checked by the test suite instead
        for pack in builtin_packs():
            rules.extend(load_pack(pack, built_in=True))
    rules.extend(all_checks())
    rules.append(UNUSED_RULE)
    for extra in extend_rules:
        p = Path(extra)
        packs = sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml")) if p.is_dir() else [p]
        if not p.exists():
            raise UsageError(f"extend-rules: {p}: no such file or folder")
        for pack in packs:
            rules.extend(load_pack(pack))
    return Registry(rules)
