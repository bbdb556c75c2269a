"""Load rule packs: YAML files of pattern rules, validated with file and key named.

A pack looks like::

    rules:
      - id: MSG101
        name: unearned-praise
        category: unearned-praise      # exactly one from docs/concepts.md
        severity: warning              # info | warning | error
        fields: [subject, preheader, body]
        match:
          phrases: ["nicely done", "way to go"]      # token phrases, case- and contraction-blind
          patterns: [[{NORM: you}, {NORM: did}, {NORM: it}]]   # spaCy Matcher patterns
          regex: ['\\bcongrat(s|ulations)\\b']                   # on normalised text
          scope: anywhere              # or: start (the match must open the field)
        applies: {purpose: [promotional]}
        exempt: {relationship: [best-friends], sentence: ['\\border\\b']}
        message: "..."                 # one sentence; {match} is the matched words
        why: "..."
        suggestion: "..."
        suggestion-by-purpose: {transactional: "..."}   # when the advice depends on the purpose
        replace: {"you've been given": "here's"}
        examples:
          flag: ["Nicely done! 50% off"]
          pass: [{subject: "Nicely done on your 100th ride", purpose: milestone}]
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..model import UsageError
from ..vocabulary import PURPOSES
from ..yamlsafe import pick_loader
from .conditions import Condition
from .patterns import PatternRule
from .rule import RuleMetadataError, validate_metadata
from .safe_regex import compile_safe

RULE_KEYS = {
    "id", "name", "category", "severity", "fields", "match", "applies", "exempt",
    "message", "why", "suggestion", "replace", "examples", "description", "use-instead",
    "suggestion-by-purpose",
}
MATCH_KEYS = {"phrases", "patterns", "regex", "scope"}
REQUIRED = ("id", "name", "category", "severity", "message", "why", "suggestion", "match")


class PackError(UsageError):
    """A malformed rule pack: names the file and the key."""


#: libyaml's parser when PyYAML has it (the packs load on every run: start-up time)
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """A safe YAML loader that remembers the line of each rule mapping."""


class _PyLineLoader(yaml.SafeLoader):
    """The same in pure Python, for a pack nested too deeply for libyaml
    (:mod:`msglint.yamlsafe`): it stops with ``RecursionError`` instead of crashing."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


for _loader in (_LineLoader, _PyLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    # YAML 1.1 reads yes/no/on/off as booleans; in a phrase list "yes" is a word.
    _loader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def load_pack(path: str | Path, built_in: bool = False) -> list[PatternRule]:
    """The rules of one pack; ``built_in`` packs are held to the full metadata
    validation (examples and description required, see ``validate_metadata``)."""
    path = Path(path)
    data = _pack_data(path)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise PackError(f"{path}: a rule pack must be a mapping with a 'rules' list")
    unknown = sorted(k for k in data if k not in ("rules", "pack", "description", "__line__"))
    if unknown:
        raise PackError(f"{path}: unknown top-level key {unknown[0]!r}")
    return [_build_rule(raw, path, i, built_in) for i, raw in enumerate(data["rules"])]


def _pack_data(path: Path) -> Any:
    """The pack's YAML as data (mappings carry ``__line__``), from msglint's cache
    folder when this version of the file was read before (:mod:`msglint.cache`).

    Every start parses the built-in packs, and PyYAML builds its objects in Python even
    with libyaml: about 30 ms of a pre-commit run, against 1 ms to read the same data
    back as JSON. Only the parse is cached; the rules are still built and checked (and
    a user's regexes checked for ReDoS shapes) from the data on every run."""
    from .. import cache

    try:
        entry = cache.entry("pack", _PARSER_KEY, cache.file_key(path))
    except OSError:
        entry = None  # not there to stat: the read below says so
    data = cache.read(entry)
    if isinstance(data, dict):
        return data
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from exc
    try:
        data = yaml.load(text, Loader=pick_loader(text, _LineLoader, _PyLineLoader))  # noqa: S506
    except RecursionError as exc:
        raise PackError(f"{path}: invalid YAML: nested too deeply to read") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise PackError(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    if isinstance(data, dict) and _same_as_json(data):
        cache.write(entry, data)
    return data


def _same_as_json(data: Any) -> bool:
    """Whether ``data`` reads back from JSON unchanged (a date, a number as a key or a
    NaN would not: such a pack is parsed on every run instead)."""
    import json

    try:
        return json.loads(json.dumps(data)) == data
    except (TypeError, ValueError):
        return False


def _parser_key() -> str:
    """What the parsed data depends on besides the pack: this module (its loader and
    ``__line__`` marks) and PyYAML's version."""
    from .. import cache

    try:
        return f"{yaml.__version__}|{cache.file_key(__file__)}"
    except OSError:  # pragma: no cover - a module with no file (frozen)
        return f"{yaml.__version__}|{__name__}"


_PARSER_KEY = _parser_key()


def _build_rule(raw: Any, path: Path, index: int, built_in: bool = False) -> PatternRule:
    if not isinstance(raw, dict):
        raise PackError(f"{path}: rules[{index}]: each rule must be a mapping")
    line = raw.get("__line__", 0)
    rid = raw.get("id", f"rules[{index}]")
    where = f"{path}:{line}: rule {rid}"

    def fail(key: str, problem: str) -> PackError:
        return PackError(f"{where}: {key}: {problem}")

    unknown = sorted(k for k in raw if k not in RULE_KEYS and k != "__line__")
    if unknown:
        raise fail(unknown[0], "unknown key")
    for key in REQUIRED:
        if raw.get(key) in (None, ""):
            raise fail(key, "is required")
    examples = _strip_lines(raw.get("examples") or {})
    try:
        fields = validate_metadata(
            id=raw["id"], name=raw["name"], category=raw["category"], severity=raw["severity"],
            fields=raw.get("fields", ["subject", "preheader", "body"]), examples=examples,
            description=str(raw.get("description", "")), built_in=built_in)
    except RuleMetadataError as exc:
        raise fail(exc.key, exc.problem) from exc

    match = raw["match"]
    if not isinstance(match, dict):
        raise fail("match", "must be a mapping")
    bad = sorted(k for k in match if k not in MATCH_KEYS and k != "__line__")
    if bad:
        raise fail(f"match.{bad[0]}", "unknown key")
    def str_list(key: str) -> list[str]:
        value = match.get(key) or []
        if isinstance(value, str):  # one phrase or regex written without a list
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise fail(f"match.{key}", "must be a list of strings")
        return [str(v) for v in value]

    phrases = str_list("phrases")
    patterns = _strip_lines(match.get("patterns") or [])
    if not isinstance(patterns, list) or not all(
        isinstance(p, list) and p and all(isinstance(t, dict) for t in p) for p in patterns
    ):
        raise fail("match.patterns", "must be a list of token patterns (lists of mappings)")
    regexes = []
    for i, rx in enumerate(str_list("regex")):
        try:
            regexes.append(compile_safe(str(rx)))
        except (re.error, ValueError) as exc:
            raise fail(f"match.regex[{i}]", f"invalid or unsafe regex: {exc}") from exc
    if not (phrases or patterns or regexes):
        raise fail("match", "needs phrases, patterns or regex")
    scope = match.get("scope", "anywhere")
    if scope not in ("anywhere", "start"):
        raise fail("match.scope", "must be 'anywhere' or 'start'")
    _validate_token_patterns(patterns, fail)

    try:
        applies = Condition.parse(_strip_lines(raw.get("applies")), "applies", per_match=False)
        exempt = Condition.parse(_strip_lines(raw.get("exempt")), "exempt")
    except ValueError as exc:
        raise PackError(f"{where}: {exc}") from exc

    replace = raw.get("replace") or {}
    if not isinstance(replace, dict):
        raise fail("replace", "must map phrases to replacements")
    by_purpose = {k: v for k, v in (raw.get("suggestion-by-purpose") or {}).items() if k != "__line__"} \
        if isinstance(raw.get("suggestion-by-purpose") or {}, dict) else None
    if by_purpose is None:
        raise fail("suggestion-by-purpose", "must map purposes to suggestions")
    for purpose in by_purpose:
        if purpose not in PURPOSES:
            raise fail(f"suggestion-by-purpose.{purpose}", f"unknown purpose (expected one of: {', '.join(PURPOSES)})")

    return PatternRule(
        id=str(raw["id"]),
        name=str(raw["name"]),
        category=raw["category"],
        severity=raw["severity"],
        fields=fields,
        message=str(raw["message"]).strip(),
        why=str(raw["why"]).strip(),
        suggestion=str(raw["suggestion"]).strip(),
        suggestion_by_purpose={k: " ".join(str(v).split()) for k, v in by_purpose.items()},
        examples={"flag": list(examples.get("flag") or []), "pass": list(examples.get("pass") or [])},
        applies=applies,
        exempt=exempt,
        replace={" ".join(str(k).lower().split()): str(v) for k, v in replace.items() if k != "__line__"},
        description=str(raw.get("description", "")).strip(),
        use_instead=str(raw.get("use-instead", "")).strip(),
        origin=str(path),
        kind="pattern",
        phrases=phrases,
        token_patterns=patterns,
        regexes=regexes,
        scope=scope,
    )


_TOKEN_KEYS = {
    "ORTH", "TEXT", "NORM", "LOWER", "LENGTH", "IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER",
    "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_SENT_START", "LIKE_NUM",
    "LIKE_URL", "LIKE_EMAIL", "SHAPE", "PREFIX", "SUFFIX", "OP", "LEMMA", "POS", "TAG", "DEP",
    "ENT_TYPE", "SPACY", "IS_BRACKET", "IS_QUOTE", "IS_CURRENCY", "_",
}


def _validate_token_patterns(patterns: list, fail) -> None:
    for i, pattern in enumerate(patterns):
        for j, token in enumerate(pattern):
            for key in token:
                if key.upper() not in _TOKEN_KEYS:
                    raise fail(f"match.patterns[{i}][{j}].{key}", "unknown token attribute")
                if key.upper() in ("LEMMA", "POS", "TAG", "DEP", "ENT_TYPE"):
                    raise fail(
                        f"match.patterns[{i}][{j}].{key}",
                        "needs a trained pipeline; use NORM/LOWER so the rule works offline",
                    )
