"""Plain-text and Markdown copy: ``.txt`` and ``.md``.

A file is one message: optional YAML front matter (``subject``, ``preheader``,
``from``, ``relationship``, ``purpose``, ``msglint-disable`` ...) or leading
``Subject:`` / ``Preheader:`` / ``From:`` header lines, then the body. In Markdown,
code (fenced blocks and inline backticks) and link targets are blanked, not read.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..model import Field, LineIndex, Message, SourceError, SourceMap
from ..text.directives import parse_directives, strip_directives
from ..text.delimited import blank_spans, delimited_spans
from ..text.templates import blank, mask_templates
from .frontmatter import take_front_matter
from .mapping import InvalidMessage, message_from_mapping, parse_disable, validate_context

HEADER_RE = re.compile(
    r"(?P<key>subject|preheader|preview|from|sender|relationship|purpose)[ \t]*:[ \t]*(?P<value>[^\r\n]*)",
    re.IGNORECASE,
)
HEADER_FIELDS = {"subject": "subject", "preheader": "preheader", "preview": "preheader",
                 "from": "from", "sender": "from"}

#: a code fence opens a line; it closes at a line holding only the same fence
MD_FENCE_OPEN_RE = re.compile(r"^(```|~~~)", re.MULTILINE)
MD_FENCE_CLOSE_RE = {f: re.compile(r"^%s[ \t]*$" % f, re.MULTILINE) for f in ("```", "~~~")}
MD_INLINE_CODE_RE = re.compile(r"`[^`\n]+`")
#: ](target "title"), the target holding at most one level of parentheses
#: (.../Foo_(bar)); no "(" in a plain run, so "](](](" is not rescanned to the end
MD_LINK_TARGET_RE = re.compile(r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
MD_HTML_COMMENT_OPEN_RE = re.compile(r"<!--")


def blank_markdown(text: str) -> str:
    """Blank code, link targets and comments in Markdown, keeping every offset.

    Fences and comments are paired in linear time (:mod:`msglint.text.delimited`):
    many unclosed ones must not make a file take the square of its length."""
    text = blank_spans(text, delimited_spans(text, MD_FENCE_OPEN_RE,
                                             lambda m: MD_FENCE_CLOSE_RE[m.group(1)]), blank)
    for pattern in (MD_INLINE_CODE_RE, MD_LINK_TARGET_RE):
        text = pattern.sub(lambda m: blank(m.group(0)), text)
    return blank_spans(text, delimited_spans(text, MD_HTML_COMMENT_OPEN_RE, lambda m: "-->"), blank)


def _field_value_span(line_start: int, m: re.Match[str]) -> tuple[int, int]:
    value = m.group("value").rstrip()
    start = line_start + m.start("value")
    return start, start + len(value)


def read_text(source: str, path: str, markdown: bool = False) -> Iterator[Message | SourceError]:
    index = LineIndex(source)
    suppressions = parse_directives(source, index)
    work = mask_templates(strip_directives(source))
    if markdown:
        work = blank_markdown(work)

    defaults: dict = {}
    spans: dict[str, tuple[int, int]] = {}
    body_start = 0

    got = yield from take_front_matter(source, path, index)
    if got is None:
        return
    fm, fm_fields = got
    if fm is not None:
        body_start = fm.end
        defaults = dict(fm.data)
    else:
        pos = 0
        while True:
            eol = source.find("\n", pos)
            line_text = source[pos:] if eol == -1 else source[pos:eol]
            m = HEADER_RE.fullmatch(line_text.rstrip("\r"))
            if not m:
                break
            key = m.group("key").lower()
            if key in HEADER_FIELDS:
                spans[HEADER_FIELDS[key]] = _field_value_span(pos, m)
            else:
                defaults[key] = m.group("value").strip()
            if eol == -1:
                pos = len(source)
                break
            pos = eol + 1
        body_start = pos

    meta = defaults
    try:
        validate_context({k: meta.get(k) for k in ("relationship", "purpose")})
        msg = message_from_mapping(meta, path=path, line=1, default_id=path)
    except InvalidMessage as exc:
        yield SourceError(path, str(exc), 1)
        return

    fields: dict[str, Field] = dict(fm_fields)
    for name, (start, end) in spans.items():
        fields[name] = Field(name, work[start:end], SourceMap.identity(index, start))
    body = work[body_start:]
    if body.strip():
        fields["body"] = Field("body", body, SourceMap.identity(index, body_start))
    msg.fields = {k: fields[k] for k in ("from", "subject", "preheader", "body") if k in fields}
    msg.suppressions = suppressions
    if "msglint-disable" in defaults:
        msg.meta["disable"] = parse_disable(defaults["msglint-disable"])
    yield msg
