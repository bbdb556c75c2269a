"""Build a :class:`Message` from a plain mapping of field names to strings.

The one place that knows the recognised keys, shared by the CSV, JSON and YAML
readers, by rule examples, by ``msglint check --subject`` and by the Python API, so
every entry point reads a campaign object the same way.
"""

from __future__ import annotations

from typing import Any, Mapping

from ..model import Field, LineIndex, Message, SourceMap
from ..text.templates import mask_templates
from ..validate import unknown_value
from ..vocabulary import PURPOSES, RELATIONSHIPS

#: Accepted spellings for each field.
FIELD_KEYS: dict[str, tuple[str, ...]] = {
    "subject": ("subject", "subject_line", "subject-line"),
    "preheader": ("preheader", "preview", "preview_text", "preview-text"),
    "from": ("from", "sender", "from_name", "from-name", "sender_name"),
    "body": ("body", "text", "copy", "body_text"),
}
#: every spelling of a copy field's key
COPY_KEYS: frozenset[str] = frozenset(k for keys in FIELD_KEYS.values() for k in keys)
META_KEYS: dict[str, tuple[str, ...]] = {
    "relationship": ("relationship",),
    "purpose": ("purpose",),
    "in_reply_to": ("in_reply_to", "in-reply-to"),
    "references": ("references",),
    "list_unsubscribe": ("list_unsubscribe", "list-unsubscribe"),
    "kind": ("kind",),
    # what kind of send this is (a discussion list, a reply thread, a bulk send):
    # evidence engine/context.py weighs when no purpose is declared
    "list_id": ("list_id", "list-id"),
    "list_post": ("list_post", "list-post"),
    "precedence": ("precedence",),
    "thread_index": ("thread_index", "thread-index"),
    "thread_topic": ("thread_topic", "thread-topic"),
    "esp": ("esp",),
}
DISABLE_KEYS = ("msglint-disable", "msglint_disable")

#: Every key a campaign object may carry; anything else is ignored, with a warning
#: (see :func:`unknown_keys`).
KNOWN_KEYS = frozenset(
    k for keys in (*FIELD_KEYS.values(), *META_KEYS.values()) for k in keys
) | {"id", "links", *DISABLE_KEYS}
#: the spellings a did-you-mean offers: one per key, the documented one
CANONICAL_KEYS: tuple[str, ...] = (
    *FIELD_KEYS, *META_KEYS, "id", "links", "msglint-disable",
)


def did_you_mean(key: str, choices: tuple[str, ...] | frozenset[str] = CANONICAL_KEYS) -> str | None:
    """The known key ``key`` is most likely a misspelling of, or None.

    Typos are compared lower-cased with ``-`` and ``_`` folded (``Subject_Line`` is
    close to ``subject-line``), so a misspelt copy key is caught, not silently ignored:
    a campaign whose ``subjcet`` is never read looks exactly like a clean one."""
    import difflib

    fold: dict[str, str] = {}
    for c in sorted(choices):  # sorted: the same answer on every run, whatever the set order
        fold.setdefault(c.lower().replace("-", "_"), c)
    probe = str(key).strip().lower().replace("-", "_").replace(" ", "_")
    if probe in fold:
        return fold[probe]
    found = difflib.get_close_matches(probe, sorted(fold), n=1, cutoff=0.75)
    return fold[found[0]] if found else None


def unknown_keys(obj: Mapping[str, Any], extra: frozenset[str] = frozenset()) -> list[str]:
    """The keys of ``obj`` msglint does not read, in the object's own order."""
    return [str(k) for k in obj if k not in KNOWN_KEYS and k not in extra]


def unknown_key_message(key: str) -> str:
    """The warning for a key msglint ignores: what it does with it, and the likely
    intended key when there is one (under ``--strict`` the same text is an error)."""
    guess = did_you_mean(key)
    hint = f"did you mean {guess!r}?" if guess else f"msglint reads: {', '.join(CANONICAL_KEYS)}"
    return f"unknown key {key!r} ignored ({hint})"


def parse_links(value: Any) -> list[list[str]]:
    """``links`` as the HTML and .eml readers give them: ``[text, href]`` pairs.

    A campaign object may list pairs, ``{text, href}`` mappings or bare hrefs."""
    if isinstance(value, (str, Mapping)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        raise InvalidMessage("links: expected a list of [text, href] pairs", "links")
    out: list[list[str]] = []
    for item in value:
        if isinstance(item, str):
            out.append(["", item])
        elif isinstance(item, Mapping):
            out.append([str(item.get("text", "")), str(item.get("href", ""))])
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            out.append([str(item[0]), str(item[1])])
        else:
            raise InvalidMessage(f"links: cannot read {item!r} (expected [text, href])", "links")
    return out


class InvalidMessage(ValueError):
    """A campaign object whose declared context is not in the vocabulary; ``key``
    names the offending key, so readers can point at its line."""

    def __init__(self, message: str, key: str = ""):
        super().__init__(message)
        self.key = key


def _lookup(obj: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if key in obj and obj[key] is not None:
            return obj[key]
    return None


def looks_like_message(obj: Any) -> bool:
    """True for a mapping with at least one copy field (or a ``messages`` list)."""
    if not isinstance(obj, Mapping):
        return False
    return any(_lookup(obj, keys) is not None for keys in FIELD_KEYS.values())


def parse_disable(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.split(",")
    return tuple(sorted({str(v).strip().upper() for v in value if str(v).strip()}))


def validate_context(meta: dict[str, Any]) -> None:
    rel, purpose = meta.get("relationship"), meta.get("purpose")
    if rel is not None and (problem := unknown_value(rel, RELATIONSHIPS, "relationship")):
        raise InvalidMessage(problem, "relationship")
    if purpose is not None and (problem := unknown_value(purpose, PURPOSES, "purpose")):
        raise InvalidMessage(problem, "purpose")


def message_from_mapping(
    obj: Mapping[str, Any],
    *,
    path: str = "<input>",
    line: int = 1,
    default_id: str | None = None,
    defaults: Mapping[str, Any] | None = None,
    maps: Mapping[str, SourceMap] | None = None,
) -> Message:
    """Turn ``obj`` into a message.

    ``defaults`` supplies file-level context (front matter) that the object may
    override. ``maps`` gives exact source maps per field where the reader knows them;
    otherwise a field's positions are counted from ``line`` (its record's line).
    """
    fields: dict[str, Field] = {}
    for name, keys in FIELD_KEYS.items():
        value = _lookup(obj, keys)
        if value is None:
            continue
        text = mask_templates(str(value))
        smap = (maps or {}).get(name) or SourceMap.identity(LineIndex(text, line - 1))
        fields[name] = Field(name, text, smap)
    meta: dict[str, Any] = {}
    for source in (defaults or {}), obj:
        for name, keys in META_KEYS.items():
            value = _lookup(source, keys)
            if value is not None:
                meta[name] = str(value).strip()
    validate_context(meta)
    if obj.get("links") is not None:
        meta["links"] = parse_links(obj["links"])
    disable = set(parse_disable((defaults or {}).get("msglint-disable")))
    disable |= set(parse_disable(_lookup(obj, DISABLE_KEYS)))
    if disable:
        meta["disable"] = tuple(sorted(disable))
    msg_id = obj.get("id")
    return Message(
        id=str(msg_id) if msg_id not in (None, "") else (default_id or f"{path}:{line}"),
        path=path,
        line=line,
        fields=fields,
        meta=meta,
    )
