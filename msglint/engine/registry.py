"""One registry of every rule: built-in YAML packs, Python checks, user packs.

``msglint rules``, ``msglint explain``, configuration ``select``/``ignore`` and the
linter all read this registry, so a rule exists in exactly one place. This module is
the container (look-up, selectors, severity overrides); what goes in it is loaded by
the rule content, :func:`msglint.rules.load_registry`, since the engine never imports
the rules. Building it never imports spaCy: listing and explaining rules stays instant.
"""

from __future__ import annotations

import copy
from typing import Iterable

from ..model import UsageError
from ..validate import severity_problem
from ..vocabulary import CATEGORIES
from .rule import Rule


class Registry:
    def __init__(self, rules: Iterable[Rule]):
        self.rules: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in self.rules:
                other = self.rules[rule.id]
                raise UsageError(
                    f"{rule.origin}: rule {rule.id} is already defined in {other.origin}"
                )
            self.rules[rule.id] = rule
        self.by_name = {r.name: r for r in self.rules.values()}

    def __iter__(self):
        return iter(sorted(self.rules.values(), key=lambda r: r.id))

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, key: str) -> Rule | None:
        return self.rules.get(key.upper()) or self.by_name.get(key.lower())

    def expand(self, selector: str, where: str = "select") -> set[str]:
        """Rule ids for a selector: ALL, a code, a code prefix, a rule name or a category."""
        sel = selector.strip()
        if sel.upper() == "ALL":
            return set(self.rules)
        if sel.upper() in self.rules:
            return {sel.upper()}
        if sel.lower() in self.by_name:
            return {self.by_name[sel.lower()].id}
        if sel.lower() in CATEGORIES:
            return {r.id for r in self.rules.values() if r.category == sel.lower()}
        prefixed = {rid for rid in self.rules if rid.startswith(sel.upper())}
        if prefixed and sel[:1].isalpha():
            return prefixed
        raise UsageError(f"{where}: unknown rule, prefix or category {selector!r}")

    def selected(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
        severity: dict[str, str] | None = None,
    ) -> list[Rule]:
        """The rules to run, with severity overrides applied (copies; the registry is untouched)."""
        chosen: set[str] = set()
        for sel in (select if select is not None else ["ALL"]):
            chosen |= self.expand(sel, "select")
        for sel in ignore:
            chosen -= self.expand(sel, "ignore")
        overrides: dict[str, str] = {}
        for key, level in (severity or {}).items():
            if problem := severity_problem(level):
                raise UsageError(f"severity.{key}: {problem}")
            for rid in self.expand(key, f"severity.{key}"):
                overrides[rid] = level
        out = []
        for rid in sorted(chosen):
            rule = self.rules[rid]
            if rid in overrides and overrides[rid] != rule.severity:
                # a shallow copy, not dataclasses.replace: subclasses (PatternRule) keep
                # attributes outside the dataclass fields (phrases, patterns, regexes)
                rule = copy.copy(rule)
                rule.severity = overrides[rid]
            out.append(rule)
        return out
