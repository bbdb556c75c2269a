"""Saved emails: ``.eml`` (RFC 5322, read with the stdlib :mod:`email`, ``policy.default``).

Subject and sender display name come from the headers (RFC 2047 decoded); the body is
the text/plain part, else the HTML part read as visible text (see
:mod:`msglint.sources.html`), decoded with the part's own charset and transfer
encoding. Quoted reply text and the signature are not the sender's copy: they are
blanked (same length, newlines kept) so every position still holds.

Facts rules read are kept in ``meta``: ``in_reply_to``, ``references``,
``list_unsubscribe``, ``links`` (from the HTML part), ``kind="full-email"``, and the
declared context from ``X-Msglint-Relationship`` / ``X-Msglint-Purpose`` /
``X-Msglint-Disable`` headers.

Positions: a header field points at its header line and the value's column; a body
character points at its line in the file: exactly for 7bit/8bit and quoted-printable
parts, and line by line from the part's first line for base64 (never past the part's
last line).
"""

from __future__ import annotations

import codecs
import email
import re
from email.message import EmailMessage
from email.policy import EmailPolicy
from functools import lru_cache
from typing import Any, Iterator

from ..model import Field, LineIndex, Message, SourceError, SourceMap
from ..text.directives import parse_directives, strip_directives
from ..text.templates import blank, mask_templates
from .html import extract_html
from .mapping import InvalidMessage, message_from_mapping
from .structured import align

HEADER_LINE_RE = re.compile(r"([!-9;-~]+)[ \t]*:[ \t]*")
CONTEXT_HEADERS = {
    "relationship": "x-msglint-relationship",
    "purpose": "x-msglint-purpose",
    "msglint-disable": "x-msglint-disable",
}
META_HEADERS = {"in_reply_to": "in-reply-to", "references": "references", "list_unsubscribe": "list-unsubscribe",
                # evidence of what kind of send this is (engine/context.py weighs it)
                "list_id": "list-id", "list_post": "list-post", "precedence": "precedence",
                "thread_index": "thread-index", "thread_topic": "thread-topic"}
#: headers only bulk senders (email service providers) add: the mark of a campaign send
ESP_HEADERS = ("x-campaign", "x-campaignid", "x-campaign-id", "x-mailgun-tag", "x-mailgun-variables",
               "x-mc-user", "x-mcda", "x-sg-eid", "x-sg-id", "x-ses-outgoing", "x-sfmc-stack",
               "x-emarsys-identify", "x-marketo-id", "x-mailchimp-campaign", "x-rpcampaign",
               "x-listmember", "x-csa-complaints", "list-unsubscribe-post", "x-mailer-sid",
               "x-sendgrid-eid", "x-cmae-analysis", "x-ebs", "x-sib-id", "x-job")

ON_WROTE_RE = re.compile(r"^[ \t]*On\b.{0,300}\bwrote:[ \t]*$")
ORIGINAL_RE = re.compile(r"^[ \t]*-{2,}[ \t]*(?:Original|Forwarded) Message[ \t]*-{2,}[ \t]*$", re.IGNORECASE)
#: Outlook's rule above a quoted message: a separator only when a "From:" line follows,
#: or a newsletter's footer (unsubscribe link, postal address) after a row of
#: underscores would be blanked as if it were quoted
RULE_RE = re.compile(r"^[ \t]*_{20,}[ \t]*$")
LIST_FOOTER_RE = re.compile(r"listinfo|\(?un\)?subscri|mailing list|list maintainer|list archive", re.IGNORECASE)
#: a mailing list's own footer (Mailman's "listinfo" page, "... maillist"), not a sender's
MAILING_LIST_RE = re.compile(r"listinfo|/mailman/|mailing ?list\b|maillist\b", re.IGNORECASE)
OUTLOOK_FROM_RE = re.compile(r"^[ \t]*From:[ \t]*\S")
OUTLOOK_SENT_RE = re.compile(r"^[ \t]*(?:Sent|Date):[ \t]*\S")


class _ReadPolicy(EmailPolicy):
    """``policy.default``, remembering each header's parsed value by name and raw value.

    Under ``policy.default`` every fetch of a header (``msg.get``, and each
    ``get_content_type``, ``get_param``, ``get_content_charset`` the parser and this
    reader make) runs the header registry's parser again: 14 fetches a message, 19,823
    for 1,400 ordinary mails, of only 2,655 distinct headers (Content-Type 9,559 times,
    105 distinct). The parse is a pure function of the name and the raw value (the
    same ``header_fetch_parse``, header objects are immutable strings), so the
    remembered object is the one a fresh parse would give."""

    def header_fetch_parse(self, name: str, value: Any) -> Any:
        if type(value) is str:  # (a header object, with a ``name``, is returned as is)
            return _parsed_header(self, name, value)
        return super().header_fetch_parse(name, value)


@lru_cache(maxsize=32)
def _parsed_header(pol: EmailPolicy, name: str, value: str) -> Any:
    return EmailPolicy.header_fetch_parse(pol, name, value)


#: the policy every message is parsed with
READ_POLICY = _ReadPolicy()


# -- position helpers -----------------------------------------------------------------

class _ShiftIndex:
    """Offsets of a part that sits verbatim in the file at ``base``."""

    __slots__ = ("index", "base")

    def __init__(self, index: LineIndex, base: int):
        self.index, self.base = index, base

    def position(self, offset: int) -> tuple[int, int]:
        return self.index.position(self.base + offset)

    def __len__(self) -> int:
        return len(self.index)

    def window(self, lo: int, hi: int) -> "_ShiftIndex":
        """The same positions for offsets ``lo``..``hi`` of the part, holding only their
        lines (:meth:`LineIndex.window`): a message of a big mbox sent to a worker."""
        return _ShiftIndex(self.index.window(self.base + lo, self.base + hi), self.base)


class _DecodedHeaderIndex:
    """Positions in an RFC 2047 encoded header's decoded value. The decoded words are
    not in the file, so a character is reported on the header's line at the column it
    would have if the value were written out decoded (the column the report's snippet
    of the decoded subject marks), not all at the value's first column."""

    __slots__ = ("line", "column")

    def __init__(self, index: LineIndex, value_start: int):
        self.line, self.column = index.position(value_start)

    def position(self, offset: int) -> tuple[int, int]:
        return self.line, self.column + max(offset, 0)


class _OffsetIndex:
    """Offsets of decoded text, each character mapped to its file offset."""

    __slots__ = ("index", "offsets", "base")

    def __init__(self, index: LineIndex, offsets: list[int], base: int = 0):
        # offsets are relative to ``base`` (the part's start): adding it here, for the
        # few positions asked for, not to every character of the part
        self.index, self.offsets, self.base = index, offsets, base

    def position(self, offset: int) -> tuple[int, int]:
        offsets = self.offsets
        if not offsets:
            return self.index.position(0)
        return self.index.position(self.base + offsets[min(max(offset, 0), len(offsets) - 1)])


class _PartLines(LineIndex):
    """Decoded text whose lines are counted from its part's first line, pinned to the
    part's last line: decoded base64 often has more lines than the encoded part, and a
    line past it would be another part's, another message's in an mbox, or past the
    end of the file. Everything from the last line on is at its first column, so a
    span never ends before it starts (decoded columns are not the file's anyway)."""

    __slots__ = ("last",)

    def __init__(self, text: str, line_base: int, last: int):
        super().__init__(text, line_base)
        self.last = last

    def position(self, offset: int) -> tuple[int, int]:
        line, column = super().position(offset)
        return (line, column) if line < self.last else (self.last, 1)


def _scan_headers(source: str) -> tuple[dict[str, tuple[int, int, int]], int]:
    """Header name -> (line start, value start, value end) for the first occurrence of
    each, and the offset where the body starts."""
    headers: dict[str, tuple[int, int, int]] = {}
    pos, n = 0, len(source)
    current: str | None = None
    first = True
    while pos < n:
        eol = source.find("\n", pos)
        end = n if eol == -1 else eol
        line = source[pos:end].rstrip("\r")
        nxt = n if eol == -1 else eol + 1
        if not line:
            return headers, nxt
        if first and line.startswith("From "):  # mbox separator
            first = False
            pos = nxt
            continue
        first = False
        if line[0] in " \t":
            if current is not None and current in headers:
                start, vstart, _ = headers[current]
                headers[current] = (start, vstart, pos + len(line))
        else:
            m = HEADER_LINE_RE.match(line)
            if not m:
                return headers, pos  # not a header: the body starts here
            current = m.group(1).lower()
            if current not in headers:
                headers[current] = (pos, pos + m.end(), pos + len(line))
            else:
                current = None  # a repeated header: keep the first one's place
        pos = nxt
    return headers, n


def _header_field(name: str, value: str, raw: tuple[int, int, int] | None, source: str,
                  index: LineIndex) -> Field:
    """The field for a decoded header ``value``, template tags blanked. The value is
    aligned with the header *before* blanking (blanking keeps every length), so the
    blanks of a tag never get matched to spaces inside the tag's raw text."""
    text = mask_templates(value)
    if raw is None:
        smap = SourceMap(index)
        smap.add(0, 0, linear=False)
        return Field(name, text, smap)
    _, vstart, vend = raw
    if "=?" in source[vstart:vend]:  # RFC 2047 encoded words: the decoded text's columns
        smap = SourceMap.identity(_DecodedHeaderIndex(index, vstart))
    else:
        smap = align(value, source, vstart, vend, index)
    return Field(name, text, smap)


# -- decoding -------------------------------------------------------------------------

def _codec(charset: str | None) -> str:
    try:
        return codecs.lookup(charset or "utf-8").name
    except LookupError:
        return "utf-8"


def _bytes_to_text(data: bytes, charset: str | None) -> str:
    codec = _codec(charset)
    if codec in ("ascii", "utf-8"):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", errors="replace")
    return data.decode(codec, errors="replace")


#: quoted-printable escapes: a run of ``=XX`` bytes, or ``=`` before optional blanks and a
#: line break (a soft break: nothing) or the end of the part (dropped)
_QP_ESCAPE_RE = re.compile(r"(?:=[0-9A-Fa-f]{2})+|=[ \t]*(?:\r\n|[\r\n]|\Z)")
#: codecs that decode one byte to one character (undecodable bytes to one U+FFFD)
_SINGLE_BYTE_CODECS = ("iso8859", "cp125", "cp437", "cp850", "latin", "koi8", "mac-", "tis-620")


def _decode_qp(raw: str, charset: str | None) -> tuple[str, list[int]]:
    """Quoted-printable to text, with the raw offset of every decoded character.

    The bytes and their raw offsets are built run by run (a run of literal text or of
    ``=XX`` escapes), and the bytes are decoded at once in C; each character is mapped
    to the offset of its first byte. Only a multi-byte charset other than UTF-8 takes
    the byte-by-byte path (:func:`_decode_qp_bytewise`), which gives the same map."""
    data = bytearray()
    src: list[int] = []
    pos = 0
    for m in _QP_ESCAPE_RE.finditer(raw):
        start = m.start()
        if start > pos:
            _qp_literal(raw, pos, start, data, src)
        end = pos = m.end()
        if raw[start + 1:start + 2] in ("", " ", "\t", "\r", "\n"):
            continue  # soft line break, or a trailing "=": nothing
        data.extend(bytes.fromhex(raw[start:end].replace("=", "")))
        src.extend(range(start, end, 3))
    if pos < len(raw):
        _qp_literal(raw, pos, len(raw), data, src)
    n = len(raw)
    codec = _codec(charset)
    if codec in ("ascii", "utf-8"):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            codec = "cp1252"
        else:
            if len(text) == len(data):
                offsets = src
            else:  # a character's offset is its first byte's (not a continuation byte)
                offsets = [o for b, o in zip(data, src) if b & 0xC0 != 0x80]
            offsets.append(n)
            return text, offsets
    if codec.startswith(_SINGLE_BYTE_CODECS):
        text = bytes(data).decode(codec, errors="replace")
        if len(text) == len(data):
            src.append(n)
            return text, src
    return _decode_qp_bytewise(data, src, n, codec)


def _qp_literal(raw: str, start: int, end: int, data: bytearray, src: list[int]) -> None:
    """Literal quoted-printable text ``raw[start:end]`` as bytes, with their offsets
    (a character outside ASCII as its UTF-8 bytes, each at the character's offset)."""
    seg = raw[start:end]
    if seg.isascii():
        data.extend(seg.encode("ascii"))
        src.extend(range(start, end))
        return
    for i, c in enumerate(seg, start):
        encoded = c.encode("utf-8") if ord(c) > 127 else bytes((ord(c),))
        data.extend(encoded)
        src.extend([i] * len(encoded))


def _decode_qp_bytewise(data: bytearray, src: list[int], n: int, codec: str) -> tuple[str, list[int]]:
    """Decode ``data`` with an incremental decoder, byte by byte, mapping each character
    to the offset of the byte where it started (any charset)."""
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    chars: list[str] = []
    offsets: list[int] = []
    pending = -1
    for k, byte in enumerate(data):
        if pending == -1:
            pending = src[k]
        out = decoder.decode(bytes((byte,)))
        if out:
            chars.append(out)
            offsets.extend([pending] * len(out))
            pending = -1
    tail = decoder.decode(b"", final=True)
    if tail:
        chars.append(tail)
        offsets.extend([max(pending, 0)] * len(tail))
    offsets.append(n)
    return "".join(chars), offsets


def _part_text(part: EmailMessage, raw: str, where: int, source: str, index: LineIndex) -> tuple[str, Any]:
    """A leaf part's decoded text and an index mapping its offsets to file positions."""
    cte = str(part.get("content-transfer-encoding", "7bit")).strip().lower()
    charset = part.get_content_charset()
    if cte == "quoted-printable":
        text, offsets = _decode_qp(raw, charset)
        return text, _OffsetIndex(index, offsets, where)
    if cte == "base64":
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:  # noqa: BLE001 - broken base64 is reported as empty
            data = b""
        text = _bytes_to_text(data, charset)
        last = index.position(where + max(len(raw.rstrip()) - 1, 0))[0]
        return text, _PartLines(text, index.position(where)[0] - 1, last)
    text = raw
    if _codec(charset) == "utf-8" and not text.isascii():
        try:  # the file was read as Windows-1252 but this part is UTF-8
            fixed = text.encode("cp1252").decode("utf-8")
            if fixed != text:
                text = fixed
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return text, _ShiftIndex(index, where)


def _leaves(msg: EmailMessage) -> Iterator[tuple[EmailMessage, str]]:
    """Leaf parts in file order with their content type, not descending into attached
    messages.

    The type is worked out once per part: under ``policy.default`` every
    ``get_content_type`` (and ``get_content_maintype`` ...) parses the Content-Type
    header again, which was most of the time spent reading a message."""
    stack = [msg]
    while stack:
        part = stack.pop()
        ctype = part.get_content_type()
        maintype = ctype.partition("/")[0]
        if maintype == "multipart" and part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(reversed(payload))
            continue
        if maintype == "message":
            continue
        yield part, ctype


# -- damaged structure ----------------------------------------------------------------

_BOUNDARY_LINE_RE = re.compile(r"^--([^\s]{1,70}?)(?:--)?[ \t]*\r?$", re.MULTILINE)
_STRUCTURE_DEFECTS = ("StartBoundaryNotFoundDefect", "MultipartInvariantViolationDefect",
                      "NoBoundaryInMultipartDefect")


def recover_structure(msg: EmailMessage, source: str, body_start: int) -> tuple[EmailMessage, str] | None:
    """A readable stand-in for a multipart message whose declared boundary never
    appears in its body (the parser then keeps the whole body, delimiters and part
    headers included, as one undecodable payload, and the message reads as empty
    copy), and a notice saying what was done; None for a sound message.

    The boundary the body's delimiter lines actually use is taken instead; with none,
    the body is read as plain text. The stand-in's parts are substrings of the file,
    so every position still points at the file."""
    if msg.get_content_maintype() != "multipart":
        return None
    if msg.is_multipart() and not any(type(d).__name__ in _STRUCTURE_DEFECTS for d in msg.defects):
        return None
    body = source[body_start:]
    declared = msg.get_param("boundary")
    used = [m.group(1) for m in _BOUNDARY_LINE_RE.finditer(body)]
    said = f'the boundary "{declared}" never appears' if declared else "no boundary is declared"
    if used:
        boundary = max(dict.fromkeys(used), key=used.count)  # the most frequent, first on a tie
        header = f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n'
        note = f'damaged MIME structure: {said}; read the parts found with "{boundary}"'
    else:
        header = "Content-Type: text/plain\n\n"
        note = f"damaged MIME structure: {said} and no part delimiters were found; body read as plain text"
    return email.message_from_string(header + body, policy=READ_POLICY), note


# -- quoted replies and signatures ----------------------------------------------------

def blank_quoted(text: str, strict: bool = True, found: list[str] | None = None) -> str:
    """Blank quoted reply text (``>`` lines, an ``On ... wrote:`` line, and in text from
    HTML all after it, a forwarded or original message) and the signature after a
    ``-- `` line.

    With ``strict``, an ``On ... wrote:`` line counts only when quoted lines follow it
    (plain text); text taken from HTML has no ``>`` markers, so there it always counts.

    ``found``, when given, receives what was blanked ("quoted text", "attribution line",
    "original message", "signature"): the evidence that a person is replying, which
    the blanking itself would otherwise hide from the engine.
    """
    lines = text.split("\n")
    spans: list[tuple[int, int]] = []
    cut = -1
    offset = 0
    kind = ""
    attribution = False  # a plain-text attribution line was blanked (the reply goes on)
    for i, line in enumerate(lines):
        s = line.rstrip("\r")
        nxt = lines[i + 1].rstrip("\r") if i + 1 < len(lines) else ""
        rest = [ln for ln in lines[i + 1:i + 4] if ln.strip()]
        quoted_next = not rest or rest[0].lstrip().startswith(">")
        if s == "-- ":
            # a discussion list puts its own footer under the same delimiter
            footer = LIST_FOOTER_RE.search("\n".join(lines[i + 1:i + 6]))
            cut, kind = offset, "list footer" if footer else "signature"
            break
        if ORIGINAL_RE.match(s) or (OUTLOOK_FROM_RE.match(s) and OUTLOOK_SENT_RE.match(nxt)) \
                or (RULE_RE.match(s) and rest and OUTLOOK_FROM_RE.match(rest[0])):
            cut, kind = offset, "original message"
            break
        if RULE_RE.match(s) and MAILING_LIST_RE.search("\n".join(rest)):
            # a mailing list's footer under its rule ("listinfo", "mailing list"): the
            # list's words, not the writer's (a newsletter's own footer is kept)
            cut, kind = offset, "list footer"
            break
        # an attribution line: in plain text, where the quoted lines carry ">", only the
        # line itself goes (the quoted lines go one by one below), so a reply written
        # between quoted passages stays the writer's copy; text from HTML has no
        # markers, so there everything after the line is the quoted message
        if ON_WROTE_RE.match(s) and (quoted_next or not strict):
            if not strict:
                cut, kind = offset, "attribution line"
                break
            attribution = True
            spans.append((offset, offset + len(s)))
            offset += len(line) + 1
            continue
        if s.lstrip().startswith("On ") and len(s) < 300 and nxt.rstrip().endswith("wrote:"):
            rest2 = [ln for ln in lines[i + 2:i + 5] if ln.strip()]
            if not strict:
                cut, kind = offset, "attribution line"
                break
            if not rest2 or rest2[0].lstrip().startswith(">"):
                attribution = True
                spans.append((offset, offset + len(s)))
                offset += len(line) + 1
                continue
        if attribution and spans and spans[-1][1] == offset - 1 and s.rstrip().endswith("wrote:") \
                and not s.lstrip().startswith(">"):
            # the second line of a two-line attribution ("On ..., Ana Ruiz" / "<ana@...> wrote:")
            spans.append((offset, offset + len(s)))
            offset += len(line) + 1
            continue
        if s.lstrip().startswith(">"):
            spans.append((offset, offset + len(s)))
        offset += len(line) + 1
    if found is not None:
        if spans:
            found.append("quoted text")
        if attribution:
            found.append("attribution line")
        if kind and kind not in found:
            found.append(kind)
    if cut == -1 and not spans:
        return text
    parts: list[str] = []
    pos = 0
    for start, end in spans:
        parts.append(text[pos:start])
        parts.append(" " * (end - start))
        pos = end
    if cut != -1:
        parts.append(text[pos:cut])
        parts.append(blank(text[cut:]))
    else:
        parts.append(text[pos:])
    return "".join(parts)


# -- the reader -----------------------------------------------------------------------

def _header_str(msg: EmailMessage, name: str) -> str | None:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - malformed header: fall back to the raw text
        raw = msg.get_all(name, failobj=None) if hasattr(msg, "get_all") else None
        value = raw[0] if raw else None
    if value is None:
        return None
    return " ".join(str(value).split())


def _sender(msg: EmailMessage) -> str | None:
    try:
        header = msg.get("from")
        if header is None:
            return None
        addresses = getattr(header, "addresses", ())
        if addresses:
            first = addresses[0]
            name = (first.display_name or "").strip()
            return name or first.addr_spec
        return " ".join(str(header).split()) or None
    except Exception:  # noqa: BLE001
        return _header_str(msg, "from")


def read_eml(source: str, path: str) -> Iterator[Message | SourceError]:
    """The reader for a ``.eml`` file: the whole file is one message."""
    return read_message(source, path)


def read_message(source: str, path: str, *, index: LineIndex | None = None,
                 message_id: str | None = None, line: int = 1) -> Iterator[Message | SourceError]:
    """One RFC 5322 message, which may sit inside a bigger file (an mbox).

    ``index`` maps offsets of ``source`` to positions in that file (by default the
    message is the file: ``LineIndex(source)``); ``line`` is the file line where the
    message starts, for the message itself and for errors about it as a whole;
    ``message_id`` defaults to ``path``. A leading mbox ``From `` line is skipped.
    Sharing this one function is what makes a message in an mbox read exactly as the
    same message saved as ``.eml``.
    """
    if index is None:
        index = LineIndex(source)
    headers, body_start = _scan_headers(source)
    if not headers:
        yield SourceError(path, "not an email message: no headers found", line)
        return
    try:
        msg = email.message_from_string(source, policy=READ_POLICY)
    except Exception as exc:  # noqa: BLE001 - the parser is lenient; be safe anyway
        yield SourceError(path, f"cannot parse email: {exc}", line)
        return

    meta_obj: dict[str, Any] = {"kind": "full-email"}
    for key, header in META_HEADERS.items():
        value = _header_str(msg, header)
        if value:
            meta_obj[key] = value
    for key, header in CONTEXT_HEADERS.items():
        value = _header_str(msg, header)
        if value:
            meta_obj[key] = value.strip()
    try:
        message = message_from_mapping(meta_obj, path=path, line=line, default_id=message_id or path)
    except InvalidMessage as exc:
        bad = f"x-msglint-{exc.key}"
        at = index.position(headers[bad][0])[0] if bad in headers else line
        yield SourceError(path, str(exc), at)
        return

    fields: dict[str, Field] = {}
    subject = _header_str(msg, "subject")
    if subject:
        fields["subject"] = _header_field("subject", strip_directives(subject), headers.get("subject"),
                                          source, index)
    sender = _sender(msg)
    if sender:
        fields["from"] = _header_field("from", strip_directives(sender), headers.get("from"), source, index)

    parts_root = msg
    recovered = recover_structure(msg, source, body_start)
    if recovered is not None:  # read what can be read, and say it was damaged
        parts_root, note = recovered
        where_ct = headers.get("content-type")
        yield SourceError(path, note, index.position(where_ct[0])[0] if where_ct else 1, warning=True)

    plain: tuple[str, Any] | None = None
    html: tuple[str, Any] | None = None
    #: (first line, last line) of each encoded part, its decoded text and index:
    #: directives there are read from the decoded text ("=3D" is quoted-printable "=")
    encoded: list[tuple[int, int, str, Any]] = []
    cursor = body_start
    for part, ctype in _leaves(parts_root):
        try:
            raw = part.get_payload()
        except Exception:  # noqa: BLE001
            continue
        if not isinstance(raw, str) or not raw:
            continue
        where = source.find(raw, cursor)
        if where == -1:
            where = body_start
        else:
            cursor = where + len(raw)
        maintype, _, subtype = ctype.partition("/")
        if maintype != "text" or part.get_content_disposition() == "attachment":
            continue
        decoded = None
        if subtype == "plain" and plain is None:
            decoded = plain = _part_text(part, raw, where, source, index)
        elif subtype == "html" and html is None:
            decoded = html = _part_text(part, raw, where, source, index)
        if decoded is not None and decoded[0] != raw:
            encoded.append((index.position(where)[0], index.position(where + len(raw))[0], *decoded))

    links: list[list[str]] = []
    quoting: list[str] = []
    if html is not None:
        found = extract_html(mask_templates(strip_directives(html[0])), html[1])
        links = found.links
        if found.preheader is not None:
            fields["preheader"] = found.preheader
        if plain is None and found.body is not None:
            body = blank_quoted(found.body.text, strict=False, found=quoting)
            if body.strip():
                fields["body"] = Field("body", body.rstrip(), found.body.smap)
    if plain is not None:
        quoting.clear()
        body = blank_quoted(mask_templates(strip_directives(plain[0])), found=quoting).replace("\r", " ")
        if body.strip():
            fields["body"] = Field("body", body.rstrip(), SourceMap.identity(plain[1]))

    message.meta["links"] = links
    esp = sorted(h for h in ESP_HEADERS if h in headers)
    if esp:
        message.meta["esp"] = ", ".join(esp)
    if quoting:
        message.meta["quoting"] = quoting
    message.fields = {k: fields[k] for k in ("from", "subject", "preheader", "body") if k in fields}
    message.suppressions = _directives(source, index, encoded)
    yield message


def _directives(source: str, index: LineIndex, encoded: list[tuple[int, int, str, Any]]) -> list:
    """The file's directives: those of encoded parts read from their decoded text
    (a quoted-printable ``disable=3DMSG101`` names MSG101; a base64 part's are not in
    the raw text at all), the rest from the file as written."""
    found = [sup for sup in parse_directives(source, index)
             if not any(first <= sup.line <= last for first, last, _, _ in encoded)]
    for _, _, text, part_index in encoded:
        found.extend(parse_directives(text, part_index))
    return sorted(found, key=lambda sup: (sup.line, sup.column))
