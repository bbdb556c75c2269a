"""HTML email and template copy: ``.html``, ``.htm``, ``.mjml`` and HTML templates.

Only what a reader would see becomes copy: no ``<script>``, ``<style>``, ``<head>``,
comments or hidden elements. The hidden preheader block (``display:none`` /
``mso-hide:all`` / a ``preheader`` or ``preview`` class / ``<mj-preview>``) becomes
the preheader field, ``<title>`` (or ``<mj-title>``) the subject, unless YAML front
matter at the top of the file says otherwise. Links are kept as ``[text, href]``.

Template syntax is masked and directive comments blanked *before* parsing (both keep
every offset), and every character of every field maps back to its true line and
column in the file: text copied from the file maps one to one, decoded entities and
the line breaks inserted between blocks map to the construct that produced them.
The parser is :class:`html.parser.HTMLParser`, driven without recursion, so deeply
nested or broken markup cannot crash the reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Any, Iterator

from ..model import Field, LineIndex, Message, SourceError, SourceMap
from ..text.directives import parse_directives, strip_directives
from ..text.templates import blank, mask_templates
from .frontmatter import key_line, take_front_matter
from .mapping import COPY_KEYS, InvalidMessage, message_from_mapping, validate_context


#: Elements whose start and end separate text (so sentences never run together).
BLOCK_TAGS = frozenset(
    """address article aside blockquote br caption center dd div dl dt figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody thead
    tfoot td th tr ul mj-section mj-column mj-text mj-button mj-hero mj-wrapper mj-group
    mj-navbar mj-navbar-link mj-social mj-social-element mj-accordion mj-accordion-element
    mj-accordion-title mj-accordion-text mj-table mj-divider mj-spacer mj-image mj-carousel
    mj-body""".split()
)
#: Elements whose content is never copy.
SKIP_TAGS = frozenset(
    """script style template noscript svg object iframe textarea select mj-style
    mj-attributes mj-font mj-breakpoint mj-html-attributes""".split()
)
HEAD_TAGS = frozenset({"head", "mj-head"})
TITLE_TAGS = frozenset({"title", "mj-title"})
VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
LINK_TAGS = frozenset({"a", "mj-button", "mj-navbar-link", "mj-social-element"})
DOCUMENT_TAGS = frozenset({"html", "body", "mjml"})

HIDDEN_STYLE_RE = re.compile(
    r"(?:^|[;\s\"'])(?:display\s*:\s*none|mso-hide\s*:\s*all|visibility\s*:\s*hidden)", re.IGNORECASE
)
ZERO_HEIGHT_RE = re.compile(r"max-height\s*:\s*0(?:px|em|%)?\s*(?:!important\s*)?(?:;|$)", re.IGNORECASE)
OVERFLOW_HIDDEN_RE = re.compile(r"overflow\s*:\s*hidden", re.IGNORECASE)
PREHEADER_CLASS_RE = re.compile(r"pre-?header|preview", re.IGNORECASE)
HTML_SPACE_RE = re.compile(r"[ \t\n\r\f]+")
#: Characters that pad a preheader so the inbox preview stops there; trimmed at the end only.
TRAILING_PAD = " \t\r\n\f\xa0\u034f\u200b\u200c\u200d\u2060\ufeff\xad"


class _Buffer:
    """Field text under construction, with its source map."""

    __slots__ = ("parts", "length", "smap", "src_end", "last", "sep", "has_text")

    def __init__(self, index: Any, sep: str):
        self.parts: list[str] = []
        self.length = 0
        self.smap = SourceMap(index)
        self.src_end = -1  # source offset just past the last linear text; -1 after non-linear
        self.last = ""
        self.sep = sep
        self.has_text = False

    def add(self, text: str, src: int, linear: bool = True) -> None:
        if not text:
            return
        if not (linear and src == self.src_end):
            self.smap.add(self.length, src, linear)
        self.parts.append(text)
        self.length += len(text)
        self.src_end = src + len(text) if linear else -1
        self.last = text[-1]

    def add_data(self, data: str, src: int) -> None:
        """Add text from the file, collapsing runs of HTML white space to one space."""
        pos = 0
        for m in HTML_SPACE_RE.finditer(data):
            if m.start() > pos:
                self.add(data[pos:m.start()], src + pos)
                self.has_text = True
            if self.length and self.last not in " \n":
                self.add(" ", src + m.start())
            pos = m.end()
        if pos < len(data):
            self.add(data[pos:], src + pos)
            self.has_text = True

    def add_decoded(self, text: str, src: int) -> None:
        """Add text decoded from an entity: every character maps to the entity."""
        if not text:
            return
        if text.isspace() and text in " \t\n\r\f":
            if self.length and self.last not in " \n":
                self.add(" ", src, linear=False)
            return
        self.add(text, src, linear=False)
        self.has_text = True

    def separate(self, src: int) -> None:
        if self.length and self.last != self.sep and self.last != "\n":
            self.add(self.sep, src, linear=False)

    def text(self) -> str:
        return "".join(self.parts).rstrip(TRAILING_PAD)


@dataclass
class _Entry:
    tag: str
    mode: str  # body, preheader, subject, head, skip
    link: list | None = None  # [href, text parts]
    preheader_root: bool = False


@dataclass
class Extracted:
    """What an HTML document says: visible copy, subject, preheader, links."""

    body: Field | None = None
    subject: Field | None = None
    preheader: Field | None = None
    links: list[list[str]] = field(default_factory=list)
    full_email: bool = False


def _attr_map(attrs: list[tuple[str, str | None]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in attrs:
        if name not in out:
            out[name] = value if value is not None else ""
    return out


def _is_hidden(attrs: dict[str, str]) -> bool:
    if "hidden" in attrs:
        return True
    style = attrs.get("style", "")
    if not style:
        return False
    if HIDDEN_STYLE_RE.search(style):
        return True
    return bool(ZERO_HEIGHT_RE.search(style) and OVERFLOW_HIDDEN_RE.search(style))


def _marked_preheader(tag: str, attrs: dict[str, str]) -> bool:
    return bool(PREHEADER_CLASS_RE.search(attrs.get("class", "")) or PREHEADER_CLASS_RE.search(attrs.get("id", "")))


class _Extractor(HTMLParser):
    def __init__(self, text: str, index: Any, base: int):
        super().__init__(convert_charrefs=False)
        self.base = base
        self.lines = LineIndex(text)  # for the parser's (line, column) positions
        self.body = _Buffer(index, "\n")
        self.pre = _Buffer(index, " ")
        self.subject = _Buffer(index, " ")
        self.stack: list[_Entry] = []
        self.where: dict[str, list[int]] = {}
        self.links: list[list[str]] = []
        self.open_links: list[list] = []
        self.full_email = False
        self.pre_done = False
        self.subject_done = False

    # -- positions ---------------------------------------------------------------
    def _src(self) -> int:
        line, col = self.getpos()
        return self.base + self.lines.offset(line, col)

    def _mode(self) -> str:
        return self.stack[-1].mode if self.stack else "body"

    def _buffer(self, mode: str) -> _Buffer | None:
        if mode == "body":
            return self.body
        if mode == "preheader":
            return self.pre
        if mode == "subject":
            return self.subject
        return None

    # -- element stack -----------------------------------------------------------
    def _child_mode(self, tag: str, attrs: dict[str, str]) -> tuple[str, bool]:
        parent = self._mode()
        if parent in ("skip", "subject"):
            return parent, False
        if tag in TITLE_TAGS:
            return ("skip" if self.subject_done else "subject"), False
        if tag == "mj-preview":
            return ("skip" if self.pre_done else "preheader"), True
        if parent == "head" or tag in HEAD_TAGS:
            return "head", False
        if tag in SKIP_TAGS:
            return "skip", False
        if parent == "preheader":
            return "preheader", False
        hidden = _is_hidden(attrs)
        first = not self.pre_done and not self.body.has_text
        if not self.pre_done and _marked_preheader(tag, attrs) and (hidden or first):
            return "preheader", True
        if hidden:
            return ("preheader", True) if first else ("skip", False)
        return "body", False

    def _open(self, tag: str, attrs_list: list, push: bool) -> None:
        if tag in DOCUMENT_TAGS:
            self.full_email = True
        attrs = _attr_map(attrs_list)
        mode, pre_root = self._child_mode(tag, attrs)
        src = self._src()
        buf = self._buffer(mode)
        if buf is not None and tag in BLOCK_TAGS:
            buf.separate(src)
        if mode in ("body", "preheader"):
            if tag == "img" and attrs.get("alt"):
                for link in self.open_links:
                    link[1].append(" " + attrs["alt"] + " ")
        if not push or tag in VOID_TAGS:
            if tag in LINK_TAGS and attrs.get("href") and mode in ("body", "preheader"):
                self.links.append([" ".join(attrs.get("title", "").split()), attrs["href"]])
            return
        entry = _Entry(tag, mode, preheader_root=pre_root)
        if tag in LINK_TAGS and "href" in attrs and mode in ("body", "preheader"):
            entry.link = [attrs["href"], []]
            self.open_links.append(entry.link)
        self.where.setdefault(tag, []).append(len(self.stack))
        self.stack.append(entry)

    def _pop(self, src: int) -> None:
        entry = self.stack.pop()
        self.where[entry.tag].pop()
        if entry.link is not None:
            try:
                self.open_links.remove(entry.link)
            except ValueError:  # pragma: no cover - defensive
                pass
            text = " ".join("".join(entry.link[1]).split())
            self.links.append([text, entry.link[0]])
        if entry.tag in TITLE_TAGS and entry.mode == "subject":
            self.subject_done = self.subject.has_text or self.subject_done
        if entry.preheader_root and self.pre.has_text:
            self.pre_done = True
        buf = self._buffer(entry.mode)
        if buf is not None and entry.tag in BLOCK_TAGS:
            buf.separate(src)

    # -- HTMLParser callbacks ----------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._open(tag, attrs, push=True)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self._open(tag, attrs, push=False)
        if tag in BLOCK_TAGS:
            buf = self._buffer(self._mode())
            if buf is not None:
                buf.separate(self._src())

    def handle_endtag(self, tag: str) -> None:
        src = self._src()
        positions = self.where.get(tag)
        if not positions:
            if tag in BLOCK_TAGS:  # a stray </p> or </br> still separates text
                buf = self._buffer(self._mode())
                if buf is not None:
                    buf.separate(src)
            return
        target = positions[-1]
        while len(self.stack) > target:
            self._pop(src)

    def _text(self, text: str, decoded: bool) -> None:
        mode = self._mode()
        buf = self._buffer(mode)
        if buf is None:
            return
        src = self._src()
        if decoded:
            buf.add_decoded(text, src)
        else:
            buf.add_data(text, src)
        if self.open_links and mode != "subject":
            for link in self.open_links:
                link[1].append(text)

    def handle_data(self, data: str) -> None:
        self._text(data, decoded=False)

    def handle_entityref(self, name: str) -> None:
        decoded = unescape(f"&{name};")
        if decoded == f"&{name};":
            decoded = unescape(f"&{name}")
        self._text(decoded, decoded=True)

    def handle_charref(self, name: str) -> None:
        self._text(unescape(f"&#{name};"), decoded=True)

    def finish(self) -> None:
        src = self.base + len(self.rawdata)
        while self.stack:
            self._pop(src)


_INCOMPLETE_RE = re.compile(r"<[A-Za-z/!?]")


def _complete_prefix(work: str) -> str:
    """The document up to its first construct that can never be closed.

    Markup left open at the end of a file (a tag with no ``>`` after it, a comment with
    no ``-->``) is invisible in a browser, and the stdlib parser rescans the rest of
    the document for every such construct, which is quadratic on hostile input.
    """
    limit = len(work)
    m = _INCOMPLETE_RE.search(work, work.rfind(">") + 1)
    if m:
        limit = m.start()
    close = work.rfind("-->")
    opened = work.find("<!--", close + 3 if close != -1 else 0, limit)
    if opened != -1:
        limit = opened
    return work[:limit]


def extract_html(work: str, index: Any, base: int = 0) -> Extracted:
    """Visible copy of an HTML document.

    ``work`` is the document with template syntax and directives already blanked;
    ``index`` maps document offsets (plus ``base``) to file positions.
    """
    parser = _Extractor(work, index, base)
    try:
        parser.feed(_complete_prefix(work))
        parser.close()
    except (AssertionError, ValueError, IndexError):  # very old parsers on broken markup
        pass
    parser.finish()
    out = Extracted(links=parser.links, full_email=parser.full_email)
    for name, buf in (("body", parser.body), ("subject", parser.subject), ("preheader", parser.pre)):
        text = buf.text()
        if text.strip():
            setattr(out, name, Field(name, text, buf.smap))
    return out


# -- front matter -------------------------------------------------------------------

def read_html(source: str, path: str) -> Iterator[Message | SourceError]:
    index = LineIndex(source)
    suppressions = parse_directives(source, index)
    work = mask_templates(strip_directives(source))

    got = yield from take_front_matter(source, path, index)
    if got is None:
        return
    fm, fm_fields = got
    data: dict = {}
    if fm is not None:
        data = fm.data
        work = blank(work[: fm.end]) + work[fm.end:]

    meta_obj = {k: v for k, v in data.items() if k not in COPY_KEYS}
    try:
        validate_context({k: meta_obj.get(k) for k in ("relationship", "purpose")})
        msg = message_from_mapping(meta_obj, path=path, line=1, default_id=path)
    except InvalidMessage as exc:
        yield SourceError(path, str(exc), key_line(source, fm, ("relationship", "purpose")) if fm else 1)
        return

    found = extract_html(work, index)
    fields: dict[str, Field] = {}
    if found.subject is not None:
        fields["subject"] = found.subject
    if found.preheader is not None:
        fields["preheader"] = found.preheader
    if found.body is not None:
        fields["body"] = found.body
    fields.update(fm_fields)  # front matter wins over <title>
    msg.fields = {k: fields[k] for k in ("from", "subject", "preheader", "body") if k in fields}
    msg.meta["links"] = found.links
    if found.full_email and "kind" not in msg.meta:
        msg.meta["kind"] = "full-email"
    msg.suppressions = suppressions
    yield msg


