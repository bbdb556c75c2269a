"""What every rule is, whether it comes from a YAML pack or a Python check.

A rule is metadata (code, name, category, severity, the fields it reads, the words it
says to the writer, its examples) plus a way to find spans. Pattern rules find spans
with phrase lists, spaCy token patterns and regexes (``patterns.py``); Python checks
find them with code (the top-level ``rules/`` folder, :mod:`msglint.engine.checks`).
Both share this class, one registry, one documentation page format, and one
example-driven test.

A rule reports what it matched, as hits (:class:`Hit`); it never builds a finding. The
one place hits become findings (message, suggestion, positions, rewrite requests) is
:mod:`msglint.engine.findings`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping, NamedTuple

from ..model import FIELDS
from ..validate import severity_problem
from ..vocabulary import CATEGORIES
from .conditions import Condition
from .settings import Setting

if TYPE_CHECKING:  # pragma: no cover
    from .analysis import Analysis

RULE_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*\d{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: every rule ships at least this many examples it must flag, and as many it must pass
MIN_EXAMPLES = 3


class Hit(NamedTuple):
    """What a rule matched: ``[start, end)`` of ``field``'s normalised text.

    ``message`` and ``suggestion``, when given, replace the rule's own (a check that
    counts words says how many); otherwise the rule's templates are filled with the
    matched words (:mod:`msglint.engine.findings`)."""

    field: str
    start: int
    end: int
    message: str | None = None
    suggestion: str | None = None


class RuleMetadataError(ValueError):
    """A rule's metadata is wrong: ``key`` names the offending key."""

    def __init__(self, key: str, problem: str):
        super().__init__(f"{key}: {problem}")
        self.key, self.problem = key, problem


def validate_metadata(*, id: Any, name: Any, category: Any, severity: Any, fields: Any,
                      examples: Any, description: str, built_in: bool = True) -> tuple[str, ...]:
    """The one validation YAML rules and Python checks both go through; returns the
    checked fields. Raises :class:`RuleMetadataError` naming the key, so a misspelt
    category fails at load, for either kind of rule, instead of loading quietly.

    Built-in rules must also carry a description and :data:`MIN_EXAMPLES` examples of
    each kind (the test suite runs them); a team's own pack (``extend-rules``) is held
    to the same keys and vocabulary, with examples and description recommended."""
    if not RULE_ID_RE.match(str(id)):
        raise RuleMetadataError("id", f"{id!r} is not a rule code like MSG101")
    if not NAME_RE.match(str(name)):
        raise RuleMetadataError("name", f"{name!r} must be kebab-case")
    if category not in CATEGORIES:
        raise RuleMetadataError("category", f"unknown category {category!r} (see docs/concepts.md)")
    if problem := severity_problem(severity):
        raise RuleMetadataError("severity", problem)
    try:
        checked = validate_fields(fields)
    except ValueError as exc:
        raise RuleMetadataError("fields", str(exc)) from exc
    if not isinstance(examples, Mapping) or set(examples) - {"flag", "pass"}:
        raise RuleMetadataError("examples", "must be a mapping with 'flag' and 'pass' lists")
    for kind in ("flag", "pass"):
        given = examples.get(kind) or []
        if not isinstance(given, list) or len(given) < (MIN_EXAMPLES if built_in else 0):
            raise RuleMetadataError(f"examples.{kind}",
                                    f"needs at least {MIN_EXAMPLES} examples (a list), has "
                                    f"{len(given) if isinstance(given, list) else 'none'}")
    if built_in and not description.strip():
        raise RuleMetadataError("description", "is required (a Python check's docstring)")
    return checked


@dataclass
class Rule:
    id: str
    name: str
    category: str
    severity: str
    fields: tuple[str, ...]
    message: str
    why: str
    suggestion: str
    examples: dict[str, list[Any]] = field(default_factory=dict)
    applies: Condition = field(default_factory=Condition)
    exempt: Condition = field(default_factory=Condition)
    #: phrase (lower-case, normalised) -> replacement, for concrete rewrite hints
    replace: dict[str, str] = field(default_factory=dict)
    #: purpose -> the suggestion for messages of that purpose: advice that fits one
    #: kind of message can be wrong for another ("You are unsubscribed" answers an
    #: unsubscribe, not a win-back email)
    suggestion_by_purpose: dict[str, str] = field(default_factory=dict)
    description: str = ""
    use_instead: str = ""
    origin: str = ""
    kind: str = "pattern"
    #: what a team may tune (``[tool.msglint.rules.<code>]``), read with ``Analysis.setting``
    settings: tuple[Setting, ...] = ()
    #: for Python checks: the function that yields hits
    runner: Callable[["Analysis", "Rule"], Iterator[Hit]] | None = None

    def find(self, a: "Analysis") -> Iterator[Hit]:
        """Yield this rule's hits in one message (context already checked)."""
        if self.runner is None:  # pragma: no cover - every rule kind sets one
            raise NotImplementedError(self.id)
        return self.runner(a, self)

    def setting(self, name: str) -> Setting:
        """The declaration of setting ``name`` (a rule reading an undeclared one is a bug)."""
        for s in self.settings:
            if s.name == name:
                return s
        raise KeyError(f"rule {self.id} declares no setting {name!r}")

    @property
    def depends_on(self) -> tuple[str, ...]:
        """Which parts of the context change this rule's verdict (for docs and reports)."""
        deps = []
        for key in ("relationship", "purpose"):
            if self.applies.uses(key) or self.exempt.uses(key):
                deps.append(key)
        return tuple(deps)

    def flag_examples(self) -> list[Mapping[str, Any]]:
        return [self.example_mapping(e) for e in self.examples.get("flag", [])]

    def pass_examples(self) -> list[Mapping[str, Any]]:
        return [self.example_mapping(e) for e in self.examples.get("pass", [])]

    def example_mapping(self, example: Any) -> Mapping[str, Any]:
        """An example is a string (copy for the rule's first field) or a mapping."""
        if isinstance(example, str):
            return {self.primary_field: example}
        return example

    @property
    def primary_field(self) -> str:
        for name in ("subject", "body", "preheader", "from"):
            if name in self.fields:
                return name
        return self.fields[0] if self.fields else "subject"


def validate_fields(fields: Any) -> tuple[str, ...]:
    if isinstance(fields, str):
        fields = [fields]
    bad = [f for f in fields if f not in FIELDS]
    if bad:
        raise ValueError(f"unknown field {bad[0]!r} (expected: {', '.join(FIELDS)})")
    return tuple(fields)
