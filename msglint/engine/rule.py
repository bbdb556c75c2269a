"""What every rule is, whether it comes from a YAML pack or a Python check.

A rule is metadata (code, name, category, severity, the fields it reads, the words it
says to the writer, its examples) plus a way to find spans. Pattern rules find spans
with phrase lists, spaCy token patterns and regexes (``patterns.py``); Python checks
find them with code (``msglint/checks``). Both share this class, one registry, one
documentation page format, and one example-driven test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping

from ..model import FIELDS
from ..validate import severity_problem
from ..vocabulary import CATEGORIES
from .conditions import Condition
from .rewrite import capitalise_first

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Finding
    from .analysis import Analysis

RULE_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*\d{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: every rule ships at least this many examples it must flag, and as many it must pass
MIN_EXAMPLES = 3


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
    #: for Python checks: the function that yields findings
    runner: Callable[["Analysis", "Rule"], Iterator["Finding"]] | None = None

    def find(self, a: "Analysis") -> Iterator["Finding"]:
        """Yield this rule's findings for one message (context already checked)."""
        if self.runner is None:  # pragma: no cover - every rule kind sets one
            raise NotImplementedError(self.id)
        return self.runner(a, self)

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

    def format_message(self, match_text: str) -> str:
        return _fill(self.message, match_text)

    def format_suggestion(self, match_text: str, sentence: str = "", purpose: str = "") -> str:
        text = _fill(self.suggestion_by_purpose.get(purpose, self.suggestion), match_text)
        rewrite = self.rewrite(match_text, sentence)
        if rewrite:
            text = f'{text} For example: "{rewrite}"'
        return text

    def rewrite(self, match_text: str, sentence: str) -> str:
        """The sentence with the matched words replaced, when the rule knows how.

        Punctuation that only belonged to the dropped words ("Nicely done!" -> "") goes
        with them; a result with fewer than two words is no example, so none is given.
        """
        if not self.replace or not sentence:
            return ""
        key = " ".join(match_text.lower().replace("\u2019", "'").split())
        replacement = self.replace.get(key)
        if replacement is None:
            replacement = self.replace.get(key.rstrip("!.:,;?"))
        if replacement is None:
            return ""
        idx = sentence.lower().find(match_text.lower())
        if idx == -1:
            return ""
        before, after = sentence[:idx], sentence[idx + len(match_text):]
        if not replacement:
            after = re.sub(r"^\s*[!.:,;?\u2026]+(?:\.\.)?", "", after)
            before = re.sub(r"[,:;]\s*$", "", before)
        out = re.sub(r"\s{2,}", " ", f"{before}{replacement}{after}").strip()
        out = re.sub(r"^[\s,:;!.\u2026-]+", "", out)
        if len(re.findall(r"[A-Za-z0-9$%]+", out)) < 2 or out.lower() == sentence.lower():
            return ""
        return capitalise_first(out)


def _fill(template: str, match_text: str) -> str:
    return template.replace("{match}", " ".join(match_text.split()))


def validate_fields(fields: Any) -> tuple[str, ...]:
    if isinstance(fields, str):
        fields = [fields]
    bad = [f for f in fields if f not in FIELDS]
    if bad:
        raise ValueError(f"unknown field {bad[0]!r} (expected: {', '.join(FIELDS)})")
    return tuple(fields)
