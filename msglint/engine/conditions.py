"""Context conditions: when a rule applies, and what exempts a match.

The same words can be honest for one brand and false for another, so a rule may say
``applies: {purpose: [promotional]}`` (only judge promotions) or
``exempt: {relationship: [best-friends], sentence: ['\\border\\b']}`` (praise tied to
an order in the same sentence is earned). Keys:

- ``relationship`` / ``purpose``: lists of vocabulary values;
- ``meta``: message facts that must be present (``in_reply_to``, ``list_unsubscribe``);
- ``kind``: source kinds (``full-email`` for .eml and .html files);
- ``mentions``: regexes searched in the whole message's copy;
- ``sentence``: regexes searched in the sentence around the match;
- ``body-mentions``: regexes searched in the body only.

``applies`` holds when every key given holds; ``exempt`` holds when any key holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from ..validate import unknown_value
from ..vocabulary import PURPOSES, RELATIONSHIPS
from .safe_regex import compile_safe

if TYPE_CHECKING:  # pragma: no cover
    from .analysis import Analysis

KEYS = ("relationship", "purpose", "meta", "kind", "mentions", "sentence", "body-mentions")
REGEX_KEYS = ("mentions", "sentence", "body-mentions")


@dataclass(frozen=True)
class Condition:
    relationship: tuple[str, ...] = ()
    purpose: tuple[str, ...] = ()
    meta: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    mentions: tuple[re.Pattern[str], ...] = ()
    sentence: tuple[re.Pattern[str], ...] = ()
    body_mentions: tuple[re.Pattern[str], ...] = field(default=())
    #: derived once: does any key hold a value? does any whole-message key?
    active: bool = field(default=False, init=False, repr=False, compare=False)
    whole_message: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        whole = any((self.relationship, self.purpose, self.meta, self.kind, self.mentions,
                     self.body_mentions))
        object.__setattr__(self, "whole_message", whole)
        object.__setattr__(self, "active", whole or bool(self.sentence))

    @classmethod
    def parse(cls, data: Any, where: str, per_match: bool = True) -> "Condition":
        """``per_match=False`` (for ``applies``) refuses ``sentence``, which only an
        exemption checked against each match can use."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise ValueError(f"{where}: must be a mapping")
        allowed = KEYS if per_match else tuple(k for k in KEYS if k != "sentence")
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise ValueError(f"{where}.{unknown[0]}: unknown condition (expected: {', '.join(allowed)})")
        values: dict[str, tuple] = {}
        for key in KEYS:
            raw = data.get(key)
            if raw is None:
                continue
            items = [raw] if isinstance(raw, str) else list(raw)
            if key == "relationship":
                _check_vocab(items, RELATIONSHIPS, f"{where}.{key}")
            if key == "purpose":
                _check_vocab(items, PURPOSES, f"{where}.{key}")
            if key in REGEX_KEYS:
                compiled = []
                for i, pattern in enumerate(items):
                    try:
                        compiled.append(compile_safe(str(pattern)))
                    except (re.error, ValueError) as exc:
                        raise ValueError(f"{where}.{key}[{i}]: invalid regex: {exc}") from exc
                items = compiled
            values[key.replace("-", "_")] = tuple(items)
        return cls(**values)

    def uses(self, key: str) -> bool:
        return bool(getattr(self, key.replace("-", "_")))

    def __bool__(self) -> bool:
        return self.active

    # -- evaluation -------------------------------------------------------------------
    def _checks(self, a: "Analysis", sentence: str | None, text: bool = True):
        ctx = a.context
        if self.relationship:
            yield ctx.relationship in self.relationship
        if self.purpose:
            yield ctx.purpose in self.purpose
        if self.meta:
            yield any(a.message.meta.get(k) for k in self.meta)
        if self.kind:
            yield a.message.meta.get("kind") in self.kind
        if not text:
            return
        if self.mentions:
            copy = a.all_text
            yield any(p.search(copy) for p in self.mentions)
        if self.body_mentions:
            body = a.norm_text("body")
            yield any(p.search(body) for p in self.body_mentions)
        if self.sentence and sentence is not None:
            yield any(p.search(sentence) for p in self.sentence)

    def all_hold(self, a: "Analysis", sentence: str | None = None) -> bool:
        return all(self._checks(a, sentence))

    def any_holds(self, a: "Analysis", sentence: str | None = None, text: bool = True) -> bool:
        """``text=False`` checks only the context keys (cheap: no regex over the copy)."""
        return any(self._checks(a, sentence, text))

    @property
    def reads_text(self) -> bool:
        return bool(self.mentions or self.body_mentions)


def _check_vocab(items: list, allowed: tuple[str, ...], where: str) -> None:
    for item in items:
        if problem := unknown_value(item, allowed):
            raise ValueError(f"{where}: {problem}")
