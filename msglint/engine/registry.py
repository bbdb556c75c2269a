"""One registry of every rule: built-in YAML packs, Python checks, user packs.

``msglint rules``, ``msglint explain``, configuration ``select``/``ignore`` and the
linter all read this registry, so a rule exists in exactly one place. Building it
never imports spaCy: listing and explaining rules stays instant.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Iterable

from ..model import UsageError
from ..validate import severity_problem
from ..vocabulary import CATEGORIES
from .rule import Rule


def builtin_pack_dir() -> Path:
    """Installed wheels carry the packs as ``msglint/_packs``; a checkout has ``rules/``."""
    here = Path(__file__).resolve().parent.parent
    installed = here / "_packs"
    return installed if installed.is_dir() else here.parent / "rules"


def builtin_packs() -> list[Path]:
    return sorted(builtin_pack_dir().glob("*.yaml"))


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

    @classmethod
    def load(cls, extend_rules: Iterable[str | Path] = ()) -> "Registry":
        from ..checks import all_checks
        from .packs import load_pack
        from .suppress import UNUSED_RULE

        from .safe_regex import trusted

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
        return cls(rules)

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
