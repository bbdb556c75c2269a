"""Blank out template syntax without moving anything.

Email templates are full of ``{{ first_name }}``, ``{% if vip %}``, ``*|FNAME|*`` and
``%%First%%``. That syntax is not copy: it must never produce a finding (``{{ URGENT }}``)
nor hide one, and a finding after it must still point at its true line and column. So
each construct is replaced by spaces of the same length (newlines kept), which the
tokenizer skips and which keeps every offset where it was.
"""

from __future__ import annotations

import re

# Order matters: the longest delimiters first ({{{ }}} before {{ }}).
TEMPLATE_RE = re.compile(
    r"""
      \{\{\{.*?\}\}\}          # Handlebars raw
    | \{\{.*?\}\}              # Jinja / Django / Liquid / Handlebars output
    | \{%.*?%\}                # Jinja / Liquid tags
    | \{\#.*?\#\}              # Jinja comments
    | \*\|[A-Za-z0-9_:\- ]+\|\*    # Mailchimp merge tags
    | %%[=\[]?[^%\n]{1,200}?[\]=]?%%   # Salesforce / ExactTarget personalisation
    | <%.*?%>                  # ERB / EJS
    """,
    re.VERBOSE | re.DOTALL,
)


def blank(text: str) -> str:
    """``text`` as spaces of the same length, newlines kept: hides it without moving
    anything after it (templates, directives, code, quoted replies)."""
    return "".join(ch if ch == "\n" else " " for ch in text)


def _blank_match(match: re.Match[str]) -> str:
    return blank(match.group(0))


def mask_templates(text: str) -> str:
    """Replace template constructs by same-length blanks (keeping newlines)."""
    if "{" not in text and "*|" not in text and "%%" not in text and "<%" not in text:
        return text
    return TEMPLATE_RE.sub(_blank_match, text)
