"""The framework for Python checks: rules that patterns cannot express.

Subject-versus-body claims, capitals ratios, readability, header and compliance
checks need code. Each is a function registered with :func:`check`, carrying the same
metadata as a YAML rule (code, name, category, severity, fields, message, why,
suggestion, examples), so the registry, the docs and the example tests treat both
kinds alike. A check yields hits (:class:`Hit`: a span of a field's normalised text, and
optionally its own message); :mod:`msglint.engine.findings` turns them into findings.

This module is the engine's side: the checks themselves are rule content, in the
top-level ``rules/`` folder (the package :mod:`msglint.rules`), which imports this
module and is never imported by the engine.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator

from .conditions import Condition
from .lazy_regex import rx  # (re-exported: the checks import it from here)
from .rule import Hit, Rule, RuleMetadataError, validate_metadata
from .settings import Setting, parse_settings

__all__ = ["Hit", "Setting", "check", "rx", "rules_of"]

#: the attribute :func:`check` sets on the function it registers
RULE_ATTR = "msglint_rule"


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
    settings: list[Setting] | tuple[Setting, ...] = (),
) -> Callable[[Callable], Callable]:
    """Declare a Python check; the function's docstring becomes its description.

    ``settings``: what a team may tune, each a :class:`Setting` (name, type, default,
    doc); the check reads a value with ``a.setting(rule, name)``, the configuration
    reads it from ``[tool.msglint.rules.<id>]``, and the docs list it.

    The function is returned unchanged, with its :class:`Rule` as ``msglint_rule``;
    the content loader (:mod:`msglint.rules`) collects them module by module."""

    def decorate(fn: Callable[..., Iterator[Hit]]) -> Callable:
        description = " ".join((fn.__doc__ or "").split())
        try:
            checked = validate_metadata(id=id, name=name, category=category, severity=severity,
                                        fields=fields, examples=examples, description=description)
            declared = parse_settings(settings)
        except ValueError as exc:
            if not isinstance(exc, RuleMetadataError):
                exc = RuleMetadataError("settings", str(exc))
            raise RuleMetadataError(exc.key, f"{exc.problem} (check {id} in {fn.__module__}.{fn.__name__})") from exc
        setattr(fn, RULE_ATTR, Rule(
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
            settings=declared,
        ))
        return fn

    return decorate


def rules_of(module: Any) -> list[Rule]:
    """The checks a module defines (not those it imports), in definition order."""
    return [getattr(obj, RULE_ATTR) for obj in vars(module).values()
            if callable(obj) and getattr(obj, "__module__", None) == module.__name__
            and isinstance(getattr(obj, RULE_ATTR, None), Rule)]
