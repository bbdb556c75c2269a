"""Rule settings: what a rule lets a team tune, declared by the rule itself.

A rule declares each setting once (name, type, default, one line of doc) in its
``check(...)`` call; the configuration reads the values from the rule's own table
(``[tool.msglint.rules.MSG331]`` in pyproject.toml, ``[rules.MSG331]`` in
msglint.toml), checks them against the declaration, and the rule reads the typed
value with ``a.setting(rule, "max-grade")``. The rule's documentation page and
``msglint init`` list the settings from the same declarations, so adding a setting is
one edit: the declaration, next to the code that reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..validate import unknown_value

#: a setting's type -> (how the docs name it, how a wrong value is described)
TYPES = {
    "number": ("number", "must be a number"),
    "integer": ("whole number", "must be a whole number"),
    "boolean": ("true or false", "must be true or false"),
    "string": ("string", "must be a string"),
    "strings": ("list of strings", "must be a list of non-empty strings"),
}


@dataclass(frozen=True)
class Setting:
    """One setting of a rule. ``type`` is one of :data:`TYPES`; ``old``: the older
    spelling of the same setting in the configuration, when it had one
    (``"readability.max-grade"``: the key ``max-grade`` of the ``readability`` table;
    ``"names"``: the top-level ``names`` list). ``example``: a value ``msglint init``
    shows, commented out (default: the default)."""

    name: str
    type: str
    default: Any
    doc: str
    old: str = ""
    #: a value to show in ``msglint init`` when the default is no useful example
    example: Any = None

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            problem = unknown_value(self.type, TYPES, "type")
            raise ValueError(f"setting {self.name}: {problem}")
        object.__setattr__(self, "default", self.parse(self.default))

    def parse(self, value: Any) -> Any:
        """``value`` as this setting's type; raises :class:`ValueError` saying what is wrong."""
        problem = TYPES[self.type][1]
        if self.type == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(problem)
            return float(value)
        if self.type == "integer":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(problem)
            return value
        if self.type == "boolean":
            if not isinstance(value, bool):
                raise ValueError(problem)
            return value
        if self.type == "string":
            if not isinstance(value, str):
                raise ValueError(problem)
            return value
        # strings
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError(problem)
        return tuple(value)

    @property
    def type_name(self) -> str:
        return TYPES[self.type][0]

    def toml(self, value: Any = None) -> str:
        """``value`` (default: the default) written as TOML."""
        value = self.default if value is None else value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return f"{value:g}"
        if isinstance(value, (list, tuple)):
            return "[" + ", ".join(_toml_str(v) for v in value) + "]"
        if isinstance(value, str):
            return _toml_str(value)
        return str(value)


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def parse_settings(declared: Any) -> tuple[Setting, ...]:
    """A rule's ``settings`` as declared: a list of :class:`Setting`, names unique."""
    if not declared:
        return ()
    out = tuple(declared)
    if not all(isinstance(s, Setting) for s in out):
        raise ValueError("must be a list of Setting(...)")
    names = [s.name for s in out]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ValueError(f"setting {dupes[0]!r} is declared twice")
    return out
