"""Checks on headers: reply markers in the subject, and the sender name.

Both rely on facts only the source knows (an .eml's ``In-Reply-To``/``References``),
so they are Python checks reading ``Message.meta``.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..engine.analysis import Analysis
from ..engine.checks import Hit, check
from ..engine.lazy_regex import lazy
from ..engine.rule import Rule

#: after any leading symbols or emoji ("🔥 Re: ..."), which a real client never adds
#: not a brand styled with a colon ("re:Invent", "RE:WIRED"): a letter right after the colon
REPLY_RE = lazy(r"^[^\w]*((?:re|fwd?|fw|aw|sv|vs|tr)\s*(?:\[\d+\])?\s*:)(?![^\W\d_])", re.IGNORECASE)


@check(
    id="MSG141",
    name="false-reply",
    category="false-reply",
    severity="error",
    fields=["subject"],
    message='"{match}" marks this as a reply or forward, but it replies to nothing.',
    why=(
        "Re: and Fwd: claim a conversation the reader took part in. On a campaign send they "
        "are a trick to win the open, and inbox providers and readers treat them as such."
    ),
    suggestion="Remove the reply prefix and say what the message is about.",
    use_instead='Subject: "Our autumn catalogue is out"',
    examples={
        "flag": [
            "Re: your discount",
            "Fwd: this week's best deals",
            "FW: Quick question about your account",
            "RE[2]: following up",
            "🔥 Re: the sale you asked about",
        ],
        "pass": [
            {"subject": "Re: my suitcase arrived damaged", "in_reply_to": "<abc@example.com>"},
            {"subject": "Re: order 1234", "references": "<a1@example.com> <a2@example.com>"},
            "Renew your membership",
            "Refresh your wardrobe: 20% off",
            "🔥 Restock: the Cloud sneaker",
            "re:Invent 2026: registration is open",
        ],
    },
    exempt={"meta": ["in_reply_to", "references"]},
)
def false_reply(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags a Re:/Fwd:/FW: prefix on a subject when the message carries no In-Reply-To
    or References header (campaign, CSV and template copy never does)."""
    view = a.view("subject")
    if view is None:
        return
    m = REPLY_RE.match(view.norm)
    if m:
        yield Hit("subject", m.start(1), m.end(1))
