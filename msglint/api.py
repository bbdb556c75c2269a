"""The Python API, and the pipeline the CLI is built on.

    >>> import msglint
    >>> results = msglint.lint([{"subject": "Nicely done! 50% off"}])
    >>> [f.category for f in results[0].findings]
    ['unearned-praise']

``lint`` takes messages (mappings or :class:`~msglint.model.Message`), ``lint_paths``
takes files and folders; both return :class:`~msglint.model.Result` objects with typed
:class:`~msglint.model.Finding` values, exactly as the CLI reports them.
"""

from __future__ import annotations

import dataclasses
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from .config import Config, find_config, load_config, rule_settings
from .engine.context import Declared
from .engine.linter import Linter, LintOptions
from .engine.registry import Registry
from .rules import load_registry
from .engine.rule import Rule
from .engine.suppress import registry_keys
from .model import Message, Result, SourceError
from .sources import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, discover, read_path
from .sources.mapping import (
    InvalidMessage, looks_like_message, message_from_mapping, unknown_key_message, unknown_keys,
)


@dataclass
class Overrides:
    """Command-line choices layered over the configuration file."""

    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    relationship: str | None = None
    purpose: str | None = None
    spacy_model: str | None = None
    fail_on: str | None = None


@dataclass
class Session:
    """Everything one run needs, resolved once: config, rules and the linter."""

    config: Config
    registry: Registry
    rules: list[Rule]
    linter: Linter

    @property
    def include(self) -> tuple[str, ...]:
        return tuple(self.config.include) if self.config.include else DEFAULT_INCLUDE

    @property
    def exclude(self) -> tuple[str, ...]:
        return DEFAULT_EXCLUDE + tuple(self.config.exclude)


def resolve_config(paths: Iterable[str] = (), config_path: str | None = None,
                   isolated: bool = False) -> Config:
    if isolated:
        return Config()
    if config_path:
        return load_config(Path(config_path))
    first = next((p for p in paths if p != "-"), ".")
    found = find_config(Path(first))
    return load_config(found) if found else Config()


def make_session(config: Config | None = None, overrides: Overrides | None = None) -> Session:
    ov = overrides or Overrides()
    # the caller's Config is never changed: command-line choices land on a copy
    base = config or Config()
    config = dataclasses.replace(base, fail_on=ov.fail_on or base.fail_on)
    registry = load_registry(config.extend_rules)
    select = ov.select if ov.select is not None else config.select
    if ov.extend_select:
        select = list(select or ["ALL"]) + ov.extend_select
    # configured selectors first, so an error names the file it is in
    prefix = f"{config.path}: " if config.path else ""
    for key, selectors in (("select", config.select or []), ("ignore", config.ignore),
                           ("severity", list(config.severity))):
        for selector in selectors:
            registry.expand(selector, f"{prefix}{key}")
    rules = registry.selected(select, list(config.ignore) + list(ov.ignore), config.severity)
    if config.columns or "msglint.sources.tabular" in sys.modules:
        from .sources.tabular import set_columns  # the CSV reader's extra headers, per session

        set_columns(config.columns)
    options = LintOptions(
        declared=Declared(
            config_relationship=config.relationship,
            config_purpose=config.purpose,
            cli_relationship=ov.relationship,
            cli_purpose=ov.purpose,
        ),
        spacy_model=ov.spacy_model or config.spacy_model,
        settings=rule_settings(config, [r for r in rules if r.settings]),
        known_codes=registry_keys(registry),
    )
    return Session(config, registry, rules, Linter(rules, options))


def read_all(paths: Iterable[str], session: Session) -> Iterator[Message | SourceError]:
    """Every message from every file, in path order, errors interleaved."""
    for path in discover(paths, session.include, session.exclude):
        yield from read_path(path, session.config.max_file_size)


def iter_results(paths: Iterable[str], session: Session) -> Iterator[Result | SourceError]:
    """Lint files, streaming: results in input order, with source errors in place."""
    return lint_stream(read_all(paths, session), session)


def lint_stream(items: Iterable[Message | SourceError], session: Session) -> Iterator[Result | SourceError]:
    """Lint a stream of messages and source errors, batch by batch; each error comes
    out exactly where it stood in the input (after the results of the messages read
    before it), so the order never depends on batching or on ``--jobs``."""
    from collections import deque

    pending: deque[tuple[int, SourceError]] = deque()  # (messages read before it, error)

    def messages() -> Iterator[Message]:
        seen = 0
        for item in items:
            if isinstance(item, SourceError):
                pending.append((seen, item))
            else:
                seen += 1
                yield item

    done = 0
    for result in session.linter.lint(messages()):
        while pending and pending[0][0] <= done:
            yield pending.popleft()[1]
        yield result
        done += 1
    while pending:
        yield pending.popleft()[1]


class UnknownKeyWarning(UserWarning):
    """A message mapping given to :func:`lint` carries a key msglint does not read."""


def _as_message(item: Any, index: int, strict: bool = False) -> Message:
    if isinstance(item, Message):
        return item
    if isinstance(item, str):
        item = {"subject": item}
    if not isinstance(item, Mapping):
        raise TypeError(f"message {index}: expected a mapping, a string or a Message")
    unknown = unknown_keys(item)
    if not looks_like_message(item):
        # a result with no findings would read as "clean" for copy never read
        hint = f"; {unknown_key_message(unknown[0]).replace(' ignored', '')}" if unknown else ""
        raise ValueError(f"message {index + 1}: no copy field (subject, preheader, from or body){hint}")
    for key in unknown:
        text = f"message {index + 1}: {unknown_key_message(key)}"
        if strict:
            raise ValueError(text)
        warnings.warn(text, UnknownKeyWarning, stacklevel=3)
    return message_from_mapping(item, path="<api>", line=index + 1, default_id=str(item.get("id", index + 1)))


def lint(messages: Iterable[Any], *, config: Config | None = None, strict: bool | None = None,
         **overrides: Any) -> list[Result]:
    """Lint messages given as mappings (``subject``, ``preheader``, ``from``, ``body``,
    ``relationship``, ``purpose`` ...), strings (a subject) or ``Message`` objects.

    A mapping with no copy field raises ``ValueError`` (naming a misspelt key when there
    is one), so a message that could not be read never comes back as a clean result;
    other unknown keys give an :class:`UnknownKeyWarning`, or a ``ValueError`` with
    ``strict=True`` (default: the config's ``strict``)."""
    session = make_session(config, Overrides(**overrides))
    strict = session.config.strict if strict is None else strict
    msgs = []
    try:
        for i, m in enumerate(messages):  # a loop, not a comprehension: the warning names the caller
            msgs.append(_as_message(m, i, strict))
    except InvalidMessage as exc:
        raise ValueError(str(exc)) from exc
    return list(session.linter.lint(msgs))


def lint_paths(paths: Iterable[str], *, config: Config | str | None = None,
               **overrides: Any) -> list[Result | SourceError]:
    """Lint files and folders; unreadable files come back as ``SourceError`` values."""
    paths = list(paths)
    if not isinstance(config, Config):
        config = resolve_config(paths, config)
    session = make_session(config, Overrides(**overrides))
    return list(iter_results(paths, session))
