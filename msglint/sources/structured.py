"""Campaign files in JSON and YAML: ``.json``, ``.yaml``, ``.yml``.

A file holds one message object, or a top-level ``messages:`` list of them; top-level
keys beside the list (``relationship``, ``purpose``, ``msglint-disable`` ...) are
defaults for every message. Field names are those of :mod:`msglint.sources.mapping`.

Each message is reported at the line of its object, and each copy field maps back to
its value in the file (exactly for plain and simply quoted values, closely for values
with escapes or folding). A file that does not look like a campaign file (no
``messages`` list of message objects, no copy field) yields nothing: pre-commit hands
msglint every YAML and JSON file in a repository.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

import yaml

from ..model import LineIndex, Message, SourceError, SourceMap
from ..text.directives import assign_suppressions, parse_directives, strip_directives
from ..text.templates import mask_templates
from .mapping import (
    FIELD_KEYS, InvalidMessage, did_you_mean, looks_like_message, message_from_mapping, unknown_key_message,
    unknown_keys, validate_context,
)

_WS = " \t\r\n"
_ESCAPE_WINDOW = 12  # the longest escape (\U0001F600, '' or \") a value character may hide behind


def align(value: str, source: str, start: int, end: int, index: Any) -> SourceMap:
    """Map ``value`` (parsed from ``source[start:end]``) back onto the source text.

    Characters found in order in the source map one to one; folding, indentation,
    quotes and escapes between them start new segments; a character that cannot be
    found (a decoded escape) maps to where the scan stands.
    """
    smap = SourceMap(index)
    if source.startswith(value, start) and start + len(value) <= end:
        smap.add(0, start)
        return smap
    pos = source.find(value, start, end) if value else -1
    if pos != -1:
        smap.add(0, pos)
        return smap
    cur, expect = start, -1
    for i, ch in enumerate(value):
        found = -1
        if cur < end and source[cur] == ch:
            found = cur
        elif ch in _WS and cur < end and source[cur] in _WS:
            found = cur  # a folded line break read as a space (or the reverse)
        else:
            j = cur
            if ch not in _WS:
                while j < end and source[j] in _WS:
                    j += 1
            found = source.find(ch, j, min(end, j + _ESCAPE_WINDOW + 1))
        if found == -1:
            smap.add(i, min(cur, max(end - 1, start)), linear=False)
            expect = -1
            cur += _escape_length(source, cur, end)  # step over the escape it came from
            continue
        if found != expect:
            smap.add(i, found)
        expect = cur = found + 1
    if not value:
        smap.add(0, start)
    return smap


def align_json(value: str, source: str, start: int, end: int, index: Any) -> SourceMap | None:
    """Exact map of a decoded JSON string onto its literal ``source[start:end]``: runs
    between escapes map one to one, each escape to its backslash. None when the value
    is not that literal's decoding (then :func:`align` is used)."""
    smap = SourceMap(index)
    i, pos = 0, start
    for m in _JSON_ESCAPE_RE.finditer(source, start, end):
        if m.start() > pos:
            smap.add(i, pos)
            i += m.start() - pos
        smap.add(i, m.start(), linear=False)
        i += 1
        pos = m.end()
    if pos < end or i == 0:
        smap.add(i, pos)
    total = i + (end - pos)
    # the value may be shorter (trailing space stripped), never longer
    return smap if len(value) <= total else None


def _escape_length(source: str, pos: int, end: int) -> int:
    """Length of the JSON/YAML escape at ``pos`` (0 when there is none): ``\\n`` 2,
    ``\\xXX`` 4, ``\\uXXXX`` 6 (12 for a surrogate pair), ``\\UXXXXXXXX`` 10."""
    if pos >= end or source[pos] != "\\" or pos + 1 >= end:
        return 0
    kind = source[pos + 1]
    if kind == "u":
        if source[pos + 2:pos + 4].lower() in ("d8", "d9", "da", "db") and source.startswith("\\u", pos + 6):
            return 12
        return 6
    return {"U": 10, "x": 4}.get(kind, 2)


# -- locating values ----------------------------------------------------------------

class _YamlLocator:
    def __init__(self, root: Any):
        self.root = root

    def node(self, path: tuple) -> Any:
        node = self.root
        for step in path:
            if isinstance(step, int):
                if not isinstance(node, yaml.SequenceNode) or step >= len(node.value):
                    return None
                node = node.value[step]
            else:
                if not isinstance(node, yaml.MappingNode):
                    return None
                found = None
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == step:
                        found = value_node  # the last duplicate wins, as when constructing
                if found is None:
                    return None
                node = found
        return node

    def line(self, path: tuple) -> int:
        node = self.node(path)
        return node.start_mark.line + 1 if node is not None else 1

    def span(self, path: tuple) -> tuple[int, int] | None:
        node = self.node(path)
        if isinstance(node, yaml.ScalarNode):
            return node.start_mark.index, node.end_mark.index
        return None


#: a string (the unrolled ``"[^"\\]*(?:\\.[^"\\]*)*"``: runs of plain characters at C
#: speed, not one alternation per character), a punctuation mark, or a bare literal
_JSON_TOKEN_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.DOTALL)
#: one JSON escape; a surrogate pair decodes to one character, like any other escape
_JSON_ESCAPE_RE = re.compile(r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", re.DOTALL)
_MAX_DEPTH = 3  # paths deeper than messages[i].field are never needed


class _JsonLocator:
    """Offsets of values in a JSON text, by path, from one iterative token scan."""

    def __init__(self, text: str, index: LineIndex):
        self.index = index
        self.starts: dict[tuple, int] = {}
        self.spans: dict[tuple, tuple[int, int]] = {}
        # frames: [kind, path, key-or-index, state]; state for objects: key/colon/value/after
        stack: list[list] = []
        for m in _JSON_TOKEN_RE.finditer(text):
            tok = m.group()
            frame = stack[-1] if stack else None
            if tok in ",:}]":
                if frame is None:
                    continue
                if tok == ",":
                    if frame[0] == "arr":
                        frame[2] += 1
                    else:
                        frame[3] = "key"
                elif tok == ":":
                    frame[3] = "value"
                else:
                    stack.pop()
                continue
            if frame is not None and frame[0] == "obj" and frame[3] == "key":
                try:
                    frame[2] = json.loads(tok)
                except ValueError:
                    frame[2] = tok
                frame[3] = "colon"
                continue
            path = () if frame is None else (*frame[1], frame[2])
            if len(path) <= _MAX_DEPTH:
                self.starts.setdefault(path, m.start())
                if tok.startswith('"'):
                    self.spans.setdefault(path, (m.start() + 1, m.end() - 1))
            if tok == "{":
                stack.append(["obj", path, None, "key"])
            elif tok == "[":
                stack.append(["arr", path, 0, "value"])
            elif frame is not None and frame[0] == "obj":
                frame[3] = "after"

    def line(self, path: tuple) -> int:
        return self.index.position(self.starts.get(path, 0))[0]

    def span(self, path: tuple) -> tuple[int, int] | None:
        return self.spans.get(path)


# -- reading ------------------------------------------------------------------------

def _documents(source: str, path: str, index: LineIndex) -> Iterator[tuple[Any, Any] | SourceError]:
    if path.lower().endswith(".json"):
        try:
            data = json.loads(source)
        except json.JSONDecodeError as exc:
            yield SourceError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
            return
        except RecursionError:
            yield SourceError(path, "invalid JSON: nested too deeply to read", 1)
            return
        yield data, _JsonLocator(source, index)
        return
    loader = None
    try:
        loader = yaml.SafeLoader(source)  # rejects unprintable characters at once
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            data = loader.construct_document(node)
            yield data, _YamlLocator(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        yield SourceError(path, f"invalid YAML: {problem}", line)
    finally:
        if loader is not None:
            loader.dispose()


def _message(
    item: dict, where: tuple, loc: Any, source: str, path: str, index: LineIndex, defaults: dict | None
) -> Message | SourceError:
    line = loc.line(where)
    # trailing white space (a YAML block scalar's last newline) is never copy
    obj = {k: strip_directives(v).rstrip() if isinstance(v, str) else v for k, v in item.items()}
    maps: dict[str, SourceMap] = {}
    for name, keys in FIELD_KEYS.items():
        key = next((k for k in keys if obj.get(k) is not None), None)
        if key is None:
            continue
        span = loc.span((*where, key))
        if span is not None:
            text = mask_templates(str(obj[key]))
            smap = align_json(text, source, span[0], span[1], index) \
                if isinstance(loc, _JsonLocator) else None
            maps[name] = smap or align(text, source, span[0], span[1], index)
    try:
        return message_from_mapping(
            obj, path=path, line=line, default_id=f"{path}:{line}", defaults=defaults, maps=maps
        )
    except InvalidMessage as exc:
        bad = exc.key
        return SourceError(path, str(exc), loc.line((*where, bad)) if bad in item else line)


def _near_copy_keys(obj: Any) -> list[str]:
    """Keys of a mapping that look like a misspelt copy field (``subjcet``): such an
    object was meant as a message, so reading nothing from it must not pass quietly."""
    if not isinstance(obj, dict):
        return []
    return [k for k in unknown_keys(obj) if did_you_mean(k) in FIELD_KEYS]


def _no_copy_field(obj: Any, label: str) -> str:
    near = _near_copy_keys(obj)
    hint = f"; {unknown_key_message(near[0]).replace(' ignored', '')}" if near else ""
    return f"{label} has no copy field (subject, preheader, from or body){hint}"


class _KeyWarnings:
    """Unknown keys of one file, each reported once (at its first place), not once per
    message: a list of 500 messages that all carry ``segment`` is one warning."""

    def __init__(self, path: str, loc: Any):
        self.path, self.loc, self.seen = path, loc, set()

    def __call__(self, obj: dict, where: tuple, extra: frozenset[str] = frozenset()) -> Iterator[SourceError]:
        for key in unknown_keys(obj, extra):
            if key in self.seen:
                continue
            self.seen.add(key)
            yield SourceError(self.path, unknown_key_message(key), self.loc.line((*where, key)),
                              warning=True, code="unknown-key")


def _from_document(data: Any, loc: Any, source: str, path: str, index: LineIndex) -> Iterator[Message | SourceError]:
    if not isinstance(data, dict):
        return
    messages = data.get("messages")
    keys = _KeyWarnings(path, loc)
    if isinstance(messages, list) and any(looks_like_message(m) or _near_copy_keys(m) for m in messages):
        defaults = {k: v for k, v in data.items() if k != "messages"}
        try:
            validate_context({k: defaults.get(k) for k in ("relationship", "purpose")})
        except InvalidMessage as exc:
            bad = exc.key
            yield SourceError(path, str(exc), loc.line((bad,)))
            return
        yield from keys(data, (), frozenset({"messages"}))
        for i, item in enumerate(messages):
            where = ("messages", i)
            if not isinstance(item, dict):
                yield SourceError(path, f"messages[{i}] is not a message object", loc.line(where))
                continue
            if not looks_like_message(item):
                yield SourceError(path, _no_copy_field(item, f"messages[{i}]"), loc.line(where))
                continue
            yield from keys(item, where)
            yield from _comment_warnings(loc, where, source, path)
            yield _message(item, where, loc, source, path, index, defaults)
    elif looks_like_message(data):
        yield from keys(data, ())
        yield from _comment_warnings(loc, (), source, path)
        yield _message(data, (), loc, source, path, index, None)
    elif _near_copy_keys(data):
        # {"subjcet": "..."}: meant as a message, yet nothing in it would be read
        yield SourceError(path, _no_copy_field(data, "the document"), loc.line((_near_copy_keys(data)[0],)))


def _comment_warnings(loc: Any, where: tuple, source: str, path: str) -> Iterator[SourceError]:
    """Copy values of the message at ``where`` that a YAML comment cut short."""
    if not isinstance(loc, _YamlLocator):
        return
    from .yamlcomment import comment_warnings, copy_nodes

    yield from comment_warnings(path, source, copy_nodes(loc.node(where)))


def read_structured(source: str, path: str) -> Iterator[Message | SourceError]:
    if not source.strip():
        return
    index = LineIndex(source)
    out: list[Message | SourceError] = []
    for doc in _documents(source, path, index):
        if isinstance(doc, SourceError):
            out.append(doc)
            continue
        data, loc = doc
        out.extend(_from_document(data, loc, source, path, index))
    assign_suppressions([m for m in out if isinstance(m, Message)], parse_directives(source, index))
    yield from out
