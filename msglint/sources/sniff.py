"""What every reader needs before it parses: is it text, and which text.

Kept apart from the package's dispatcher (``msglint/sources/__init__.py``) so a reader
such as the mbox one uses them without importing the dispatcher that imports it.
"""

from __future__ import annotations

INTERNAL_ERROR = "internal error while reading"


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (a BOM is dropped), else Windows-1252, else Latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def looks_binary(data: bytes) -> bool:
    """A file is binary when its head has NUL bytes in bulk or many control bytes."""
    head = data[:8192]
    if not head:
        return False
    if head.count(0) > max(1, len(head) // 100):
        return True
    # count control bytes in C: delete everything else and measure what is left
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls > len(head) // 10


#: every byte except the control characters that never appear in text (not \t\n\v\f\r)
_NOT_CONTROL = bytes(b for b in range(256) if not (b < 9 or 13 < b < 32))
