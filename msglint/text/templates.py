"""Blank out template syntax without moving anything.

Email templates are full of ``{{ first_name }}``, ``{% if vip %}``, ``*|FNAME|*`` and
``%%First%%``. That syntax is not copy: it must never produce a finding (``{{ URGENT }}``)
nor hide one, and a finding after it must still point at its true line and column. So
each construct is replaced by spaces of the same length (newlines kept), which the
tokenizer skips and which keeps every offset where it was.

Comment blocks (Liquid and Django ``{% comment %}...{% endcomment %}``, Handlebars
``{{!-- ... --}}``) are blanked whole: their text is a note to the template's
authors, never copy.

The scan is linear. One regex of lazy alternatives (``\\{\\{.*?\\}\\}``) rescans to
the end of the text from every opener that has no closer: 40 KB of ``{{`` took 25
seconds. Here each closer is looked for once from any point (:class:`~msglint.text.delimited.Closer`
remembers where the next one is, or that there is none), so an opener without a
closer costs one lookup, not a scan.
"""

from __future__ import annotations

import re

from .delimited import Closer, blank_spans

_COMMENT_OPEN_RE = re.compile(r"\{%-?\s*comment\b[^%]*?-?%\}")
_COMMENT_CLOSE_RE = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
_MERGE_TAG_RE = re.compile(r"\*\|[A-Za-z0-9_:\- ]+\|\*")  # Mailchimp
_PERCENT_RE = re.compile(r"%%[=\[]?[^%\n]{1,200}?[\]=]?%%")  # Salesforce / ExactTarget


def blank(text: str) -> str:
    """``text`` as spaces of the same length, newlines kept: hides it without moving
    anything after it (templates, directives, code, quoted replies)."""
    return "".join(ch if ch == "\n" else " " for ch in text)


#: the constructs by their first two characters, in the order they are tried at one
#: position: comment blocks first, then the longest delimiters ({{{ }}} before {{ }});
#: a pair is (opener, closer), a single regex is a construct of bounded length
_KINDS: dict[str, tuple] = {
    "{%": ((_COMMENT_OPEN_RE, _COMMENT_CLOSE_RE),  # Liquid / Django comment block
           ("{%", "%}")),  # Jinja / Liquid tags
    "{{": (("{{!--", "--}}"),  # Handlebars block comment (may hold "}}")
           ("{{{", "}}}"),  # Handlebars raw output
           ("{{", "}}")),  # Jinja / Django / Liquid / Handlebars output
    "{#": (("{#", "#}"),),  # Jinja comments
    "<%": (("<%", "%>"),),  # ERB / EJS
    "*|": (_MERGE_TAG_RE,),
    "%%": (_PERCENT_RE,),
}


def template_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every template construct, in order, not overlapping."""
    live = {prefix: list(kinds) for prefix, kinds in _KINDS.items()}
    closers: dict[object, Closer] = {}
    starts = _starts(live)
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = starts.search(text, pos)
        if m is None:
            return spans
        start = m.start()
        kinds = live[m.group()]
        end = -1
        for kind in list(kinds):
            if isinstance(kind, re.Pattern):
                bm = kind.match(text, start)
                if bm is not None:
                    end = bm.end()
                    break
                continue
            opener, closer = kind
            finder = closers.get(kind)
            if finder is None:
                finder = closers[kind] = Closer(text, closer)
            if finder.end_after(start) < 0:
                # no closer from here on: this kind cannot close again in this text
                kinds.remove(kind)
                if not kinds:
                    del live[m.group()]
                    starts = _starts(live)
                continue
            if isinstance(opener, str):
                if not text.startswith(opener, start):
                    continue
                body = start + len(opener)
            else:
                om = opener.match(text, start)
                if om is None:
                    continue
                body = om.end()
            end = finder.end_after(body)
            if end >= 0:
                break
        if end < 0:
            pos = start + 1
        else:
            spans.append((start, end))
            pos = end


def _starts(live: dict[str, list]) -> re.Pattern[str]:
    """A regex finding where a construct still able to close may start."""
    return re.compile("|".join(re.escape(prefix) for prefix in live) or r"(?!)")


def mask_templates(text: str) -> str:
    """Replace template constructs by same-length blanks (keeping newlines)."""
    if "{" not in text and "*|" not in text and "%%" not in text and "<%" not in text:
        return text
    return blank_spans(text, template_spans(text), blank)
