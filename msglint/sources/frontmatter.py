"""YAML front matter (``---`` ... ``---`` at the top of a file), shared by the
plain-text/Markdown and HTML readers.

Front matter declares a message's copy fields and context. Its values are located in
the file through the YAML node positions, so a finding in a front-matter subject
points at the subject's own line and column, quoted or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Generator

import yaml

from ..model import Field, LineIndex, SourceError, SourceMap
from ..yamlsafe import pick_loader
from ..text.directives import strip_directives
from ..text.templates import mask_templates
from .mapping import FIELD_KEYS

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)", re.DOTALL)

#: libyaml's safe loader when PyYAML was built with it: several times faster than the
#: pure-Python one over a folder of templates
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class FrontMatter:
    match: re.Match[str]
    data: dict
    root: Any  # the YAML mapping node, for positions

    @property
    def end(self) -> int:
        return self.match.end()


def read_front_matter(source: str, path: str) -> FrontMatter | SourceError | None:
    """The file's front matter, a ``SourceError`` naming its line, or None."""
    fm = FRONT_MATTER_RE.match(source)
    if not fm:
        return None
    try:
        loader = pick_loader(fm.group(1), _LOADER, yaml.SafeLoader)(fm.group(1))
        try:  # one parse: the node tree gives positions, and the data is built from it
            root = loader.get_single_node()
            data = (loader.construct_document(root) if root is not None else None) or {}
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        return SourceError(path, f"invalid front matter: {getattr(exc, 'problem', None) or exc}", line)
    if not isinstance(data, dict):
        return SourceError(path, "front matter must be a mapping of keys to values", 2)
    return FrontMatter(fm, data, root)


def take_front_matter(source: str, path: str, index: LineIndex
                      ) -> Generator[SourceError, None, "tuple[FrontMatter | None, dict[str, Field]] | None"]:
    """The opening of a reader whose files may start with front matter (plain text,
    Markdown, HTML), as a sub-generator: ``got = yield from take_front_matter(...)``.

    It yields what to report (unknown keys, copy a YAML comment cut short) and returns
    the front matter (None when the file has none) with its copy fields. When the front
    matter is broken it yields that error and returns None: the file has no message."""
    fm = read_front_matter(source, path)
    if isinstance(fm, SourceError):
        yield fm
        return None
    if fm is None:
        return None, {}
    fields = front_matter_fields(source, fm, index)
    yield from front_matter_warnings(source, fm, path)
    return fm, fields


def _value_node(node: Any, keys: tuple[str, ...]) -> Any:
    if not isinstance(node, yaml.MappingNode):
        return None
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value in keys:
            return value_node
    return None


def front_matter_fields(source: str, fm: FrontMatter, index: LineIndex) -> dict[str, Field]:
    """Copy fields declared in the front matter, mapped to their place in the file."""
    from .structured import align  # shared with the JSON/YAML reader

    offset = fm.match.start(1)
    fields: dict[str, Field] = {}
    for name, keys in FIELD_KEYS.items():
        value = next((fm.data[k] for k in keys if fm.data.get(k) is not None), None)
        if value is None:
            continue
        text = mask_templates(strip_directives(str(value)))
        node = _value_node(fm.root, keys)
        if node is not None:
            smap = align(text, source, offset + node.start_mark.index, offset + node.end_mark.index, index)
        else:  # pragma: no cover - keys found in data are found in the node
            smap = SourceMap(index)
            smap.add(0, offset, linear=False)
        fields[name] = Field(name, text, smap)
    return fields


def front_matter_warnings(source: str, fm: FrontMatter, path: str) -> list[SourceError]:
    """Keys msglint does not read (``subjcet: ...`` would leave the subject unchecked
    without a word) and copy values a YAML comment cut short (``subject: Your order
    #4412 has shipped``)."""
    from .mapping import unknown_key_message, unknown_keys
    from .yamlcomment import comment_warnings, copy_nodes

    out = [SourceError(path, unknown_key_message(key), key_line(source, fm, (key,)), warning=True,
                       code="unknown-key") for key in unknown_keys(fm.data)]
    line_offset = source.count("\n", 0, fm.match.start(1))
    return out + list(comment_warnings(path, source, copy_nodes(fm.root),
                                       base=fm.match.start(1), line_offset=line_offset))


def key_line(source: str, fm: FrontMatter, keys: tuple[str, ...]) -> int:
    """The line of the first of ``keys`` in the front matter (for error messages)."""
    node = _value_node(fm.root, keys)
    if node is None:
        return 1
    return source.count("\n", 0, fm.match.start(1) + node.start_mark.index) + 1
