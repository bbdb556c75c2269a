"""Mail archives: ``mbox`` files (Gmail Takeout, Thunderbird, ``mail``), read message by message.

Why a reader of its own: every other reader gets a whole file as text, under the
``max-file-size`` cap; an archive is often gigabytes of 100,000 messages. This one is
handed the open file and streams it: it holds one message at a time (at most
``max-file-size`` bytes of it, the cap applying per message here), so memory is flat
however long the archive.

Splitting follows the standard library's :class:`mailbox.mbox`: a message starts at
every line that begins with ``From `` (the From_ line), and the empty line before the
next From_ line belongs to no message. Text before the first From_ line is not a
message. (``mailbox`` itself keeps a table of every message's offsets, which grows with
the archive, so the same convention is applied here line by line.)

Body lines that the writer quoted so they would not split the archive (``>From ``,
``>>From `` ...) are unquoted the mboxrd way: one ``>`` is removed. ``mailbox`` quotes
``From `` lines when it writes but leaves the quotes in when it reads; unquoted, such
a line is the sender's copy, not a quoted reply that :func:`~msglint.sources.eml.blank_quoted`
would blank. Its columns still point at the file: the removed ``>`` is added back.

Each message is decoded (UTF-8, else Windows-1252, else Latin-1) and read by
:func:`msglint.sources.eml.read_message`, exactly as the same message saved as an
``.eml`` is read, with positions in the archive: a finding's line is its line in the
mbox file. A message's id is ``PATH#N`` (N counts from 1 in file order); a message
that cannot be read is a :class:`~msglint.model.SourceError` naming its number and
first line, and the messages after it are still read.
"""

from __future__ import annotations

import re
from typing import BinaryIO, Iterator

from ..model import LineIndex, Message, SourceError

FROM_ = b"From "
#: a From_ line and a header line after it: how a file with no known suffix is told
#: to be an mbox (``From the desk of ...`` followed by prose is not one)
SNIFF_RE = re.compile(rb"From \S+ [^\r\n]*\r?\n[!-9;-~]+[ \t]*:")
#: a body line the writer quoted: ``>From `` (mboxo and mboxrd), ``>>From `` (mboxrd)
QUOTED_FROM_RE = re.compile(r"^>(>*From )", re.MULTILINE)
#: lines are read in pieces of at most this many bytes, so one enormous line (a file
#: with no newlines) is never held whole beyond the per-message cap
READ_PIECE = 1 << 20


def looks_like_mbox(head: bytes) -> bool:
    """Whether a file's first bytes are a From_ line followed by a header line."""
    return SNIFF_RE.match(head) is not None


class UnquotedIndex(LineIndex):
    """A message's line index whose unquoted ``From `` lines are one column to the
    right in the file, where the removed ``>`` still stands."""

    __slots__ = ("unquoted",)

    def __init__(self, text: str, line_base: int, unquoted: frozenset[int]):
        super().__init__(text, line_base)
        self.unquoted = unquoted  # file line numbers

    def position(self, offset: int) -> tuple[int, int]:
        line, column = super().position(offset)
        return line, column + 1 if line in self.unquoted else column


def read_mbox(fh: BinaryIO, path: str, max_bytes: int) -> Iterator[Message | SourceError]:
    """Every message of the open mbox file ``fh``, in file order, one held at a time."""
    from .sniff import looks_binary

    head = fh.read(8192)
    fh.seek(0)
    if looks_binary(head):
        yield SourceError(path, "binary file skipped", skipped=True)
        return
    number = 0  # messages started so far
    start = 0  # file line of the current message's From_ line (0: none yet)
    pieces: list[bytes] | None = []  # None: the message is over the cap, only counted
    size = 0
    lines = 0  # complete lines read so far
    at_line_start = True
    preamble = False  # non-empty text before the first From_ line
    while True:
        piece = fh.readline(READ_PIECE)
        if not piece:
            break
        if at_line_start and piece.startswith(FROM_):
            if start:
                yield from _finish(path, number, start, pieces, size, max_bytes)
            elif preamble:
                yield SourceError(path, "text before the first 'From ' line is not a message; skipped", 1)
            number += 1
            start = lines + 1
            pieces, size = [], 0
        if start:
            size += len(piece)
            if pieces is not None:
                if size > max_bytes:
                    pieces = None  # drop it now: only its size is reported
                else:
                    pieces.append(piece)
        elif piece.strip():
            preamble = True
        at_line_start = piece.endswith(b"\n")
        lines += at_line_start
    if start:
        yield from _finish(path, number, start, pieces, size, max_bytes)
    elif preamble:  # (an empty file is an empty mailbox)
        yield SourceError(path, "not an mbox file: no line starts with 'From '", 1)


def _finish(path: str, number: int, start: int, pieces: list[bytes] | None, size: int,
            max_bytes: int) -> Iterator[Message | SourceError]:
    where = f"message {number}"
    if pieces is None:
        yield SourceError(path, f"{where}: {size} bytes, over the {max_bytes}-byte limit "
                                f"(max-file-size); skipped", start)
        return
    data = b"".join(pieces)
    # the empty line before the next From_ line separates messages (as in mailbox)
    if data.endswith(b"\n\r\n"):
        data = data[:-2]
    elif data.endswith(b"\n\n"):
        data = data[:-1]
    try:
        yield from _read_one(data, path, number, start)
    except RecursionError:
        yield SourceError(path, f"{where}: message is nested too deeply to read", start)
    except Exception as exc:  # a reader bug must not end the run: report it, go on
        from .sniff import INTERNAL_ERROR

        yield SourceError(path, f"{where}: {INTERNAL_ERROR} ({type(exc).__name__}: {exc}); "
                                f"please report this", start)


def _read_one(data: bytes, path: str, number: int, start: int) -> Iterator[Message | SourceError]:
    from .sniff import decode, looks_binary
    from .eml import read_message

    where = f"message {number}"
    if looks_binary(data):
        yield SourceError(path, f"{where}: binary content skipped", start, skipped=True)
        return
    text = decode(data).replace("\x00", " ")
    unquoted: set[int] = set()
    if ">From " in text:
        line, last = start, 0
        for m in QUOTED_FROM_RE.finditer(text):
            line += text.count("\n", last, m.start())
            last = m.start()
            unquoted.add(line)
        text = QUOTED_FROM_RE.sub(r"\1", text)
    index = (UnquotedIndex(text, start - 1, frozenset(unquoted)) if unquoted
             else LineIndex(text, start - 1))
    for item in read_message(text, path, index=index, message_id=f"{path}#{number}", line=start):
        if isinstance(item, SourceError):
            item = SourceError(item.path, f"{where}: {item.message}", item.line or start,
                               skipped=item.skipped, warning=item.warning)
        yield item
