"""Python checks: rules that patterns cannot express.

Subject-versus-body claims, capitals ratios, readability, header and compliance
checks need code. Each is a function registered with :func:`check`, carrying the same
metadata as a YAML rule (code, name, category, severity, fields, message, why,
suggestion, examples), so the registry, the docs and the example tests treat both
kinds alike. One module per concern; add new modules to ``MODULES``.
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Iterator

from ..engine.conditions import Condition
from ..engine.lazy_regex import rx  # noqa: F401 - the checks import it from here
from ..engine.rule import Rule, RuleMetadataError, validate_metadata

MODULES = (
    "shouting",
    "claims",
    "headers",
    "readability",
    "compliance",
    "voice",
    "sender",
    "purpose",
)

_CHECKS: list[Rule] = []
_LOADED = False


def check(
    *,
    id: str,
    name: str,
    category: str,
    severity: str,
    fields: tuple[str, ...] | list[str],
    message: str,
    why: str,
    suggestion: str,
    examples: dict[str, list[Any]],
    applies: dict | None = None,
    exempt: dict | None = None,
    use_instead: str = "",
) -> Callable[[Callable], Callable]:
    """Register a Python check; the function's docstring becomes its description."""

    def decorate(fn: Callable[..., Iterator]) -> Callable:
        description = " ".join((fn.__doc__ or "").split())
        try:
            checked = validate_metadata(id=id, name=name, category=category, severity=severity,
                                        fields=fields, examples=examples, description=description)
        except RuleMetadataError as exc:
            raise RuleMetadataError(exc.key, f"{exc.problem} (check {id} in {fn.__module__}.{fn.__name__})") from exc
        _CHECKS.append(
            Rule(
                id=id,
                name=name,
                category=category,
                severity=severity,
                fields=checked,
                message=message,
                why=why,
                suggestion=suggestion,
                examples=examples,
                applies=Condition.parse(applies, f"{id}.applies", per_match=False),
                exempt=Condition.parse(exempt, f"{id}.exempt"),
                description=description,
                use_instead=use_instead,
                origin=f"{fn.__module__}.{fn.__name__}",
                kind="python",
                runner=fn,
            )
        )
        return fn

    return decorate


def all_checks() -> list[Rule]:
    global _LOADED
    if not _LOADED:
        for mod in MODULES:
            importlib.import_module(f"{__name__}.{mod}")
        _LOADED = True
    return list(_CHECKS)
