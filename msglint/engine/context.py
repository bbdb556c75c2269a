"""Decide the context a message is judged in: relationship type and purpose.

Declared values win, in this order: the message itself (campaign object, CSV row,
front matter or headers of its file), then configuration, then command-line flags.
When nothing declares a purpose it is inferred from the copy, and the evidence is
kept so reports can show *why* msglint thought a message was, say, transactional.
An undeclared relationship is ``unknown`` and judged as instrumental, the common case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Context, Message
from .evidence import CAMPAIGN, CORRESPONDENCE, SendEvidence, send_evidence
from .lazy_regex import lazy, lowered, rx
from .literals import LiteralIndex, Presence, gate_for


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(map(rx, patterns))


#: Strong evidence per purpose, in precedence order: the first purpose with evidence
#: wins, because an apology that also sells is still an apology (and the selling is
#: what purpose-mismatch flags), and a receipt with an upsell is still a receipt.
SIGNALS: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...] = (
    ("service-recovery", _rx(
        r"\bwe(?:'re| are)(?: so| very| truly| really)? sorry\b",
        r"\b(?:we|i) (?:sincerely |truly )?apologi[sz]e\b",
        r"\b(?:our|my) (?:sincere |deepest )?apologies\b",
        r"\bwe (?:made|got) (?:a|it) (?:mistake|wrong)\b",
        r"\bwe let you down\b",
        r"\byour complaint\b",
        r"\b(?:arrived|was|were|came) (?:damaged|broken|late)\b",
        r"\b(?:sorry|apologies) for (?:any|the) (?:inconvenience|trouble|confusion)\b",
    )),
    ("feedback-reply", _rx(
        r"\bthanks?(?: you)? for (?:your|the) (?:suggestion|feedback|idea|review|ideas|suggestions)\b",
        # not a request for feedback ("share your feedback", "leave your review")
        # the look-behinds sit after "your", so they run only where "your" matched
        r"\byour(?<!share your)(?<!leave your)(?<!give your)(?<!send your)(?<!submit your)"
        r"(?<!post your)(?<!write your)(?<!add your)(?<!us your)"
        r" (?:suggestion|feedback|idea|review|survey response)s?\b"
        r"(?! (?:matters|counts|is important|means a lot))",
        r"\byou suggested\b",
    )),
    ("transactional", _rx(
        r"\border\s*(?:#|no\.?|number)\s*:?\s*[A-Z0-9-]*\d",
        r"\b(?:has|have) (?:been )?(?:shipped|dispatched|delivered)\b",
        r"\bout for delivery\b",
        r"\btracking (?:number|link|code)\b",
        r"\b(?:receipt|invoice) (?:for|#|no\.?|number)\b",
        r"\bpassword reset\b|\breset (?:your |the )?(?:[\w-]+ )?password\b",
        r"\b(?:confirmation|verification|booking|reservation) (?:number|code|reference)\b",
        r"\bpayment (?:received|failed|declined|confirmed)\b",
        r"\b(?:order|booking|reservation|appointment) (?:is |has been |was )?confirmed\b",
        r"\b(?:refund|credit) (?:has been|was|of \$?\d[\d.,]*) ?(?:issued|processed|applied)?\b.*\b(?:issued|processed|applied|to your)\b",
        r"\border total\b|\bsubtotal\b",
    )),
    ("milestone", _rx(
        r"\bhappy (?:\d+\w* )?(?:anniversary|birthday)\b",
        r"\banniversary\b(?! (?:sale|offer|deal|event|discount|savings|special)s?\b)",
        r"\b\d+(?:st|nd|rd|th)? (?:years?|months?) (?:with us|together|of membership|as a member)\b",
        r"\byou(?:'ve| have) been (?:a member|with us) for\b",
        r"\byour (?:first|longest|fastest|biggest|\d+(?:st|nd|rd|th)) (?:[\w-]+ ){0,2}?"
        r"(?:order|ride|booking|trip|visit|run|race|marathon|swim|walk|workout|class)\b",
    )),
    ("newsletter", _rx(
        r"\bnewsletter\b",
        r"\bin this (?:issue|edition)\b",
        r"\b(?:issue|edition|vol\.?) (?:#|no\.? ?)?\d+\b",
        r"\b(?:weekly|monthly) (?:digest|roundup|round-up|update)\b",
        r"(?m:^)\s*this (?:week|month) (?:at|in|on)\b",
    )),
    ("promotional", _rx(
        r"\d+ ?% off\b|\bpercent off\b",
        r"\bsale\b",
        r"\bshop (?:now|the)\b|\bbuy now\b|\bbook now\b|\border now\b",
        r"\b(?:discount|coupon|promo code|voucher)s?\b",
        r"\bdeals?\b|\boffers?\b",
        r"\bfree shipping\b",
        r"\b(?:under|from|only) \$\d[\d,.]*",
        r"\bsave (?:up to |an extra )?\$?\d",
    )),
)

FALLBACK_PURPOSE = "promotional"

#: Transactional words that claim a transaction without naming one.
UNANCHORED_TRANSACTIONAL = lazy(
    r"payment (?:received|confirmed)|(?:order|booking|reservation|appointment) (?:is |has been |was )?confirmed",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Declared:
    """Context declared outside the message (configuration, then CLI)."""

    config_relationship: str | None = None
    config_purpose: str | None = None
    cli_relationship: str | None = None
    cli_purpose: str | None = None


#: purposes the copy can name that outrank correspondence evidence when the reply also
#: sells: a brand answering a complaint or a suggestion with an offer is still the brand
#: (and the selling is what purpose-mismatch flags); "sorry, my mistake" in a list reply
#: is a person, and a discussion list is nobody's customer desk
BRAND_REPLIES = ("service-recovery", "feedback-reply")


def infer_purpose(message: Message, send: SendEvidence | None = None) -> tuple[str, str]:
    """Guess the purpose from the evidence and the copy; return ``(purpose, reason)``.

    A message that is correspondence by its evidence (``evidence.py``) is
    ``correspondence`` unless its copy is a brand's reply to a customer; otherwise the
    copy's own signals decide, as they always have."""
    purpose, reason = _copy_purpose(message)
    send = send or send_evidence(message)
    brand_reply = purpose in BRAND_REPLIES and send.signals and not any(
        e.startswith(("discussion list", "reply within the list")) for e in send.correspondence)
    if send.kind == CORRESPONDENCE and not brand_reply:
        found = ", ".join(f'"{e}"' for e in send.correspondence[:4])
        sells = ", ".join(f'"{e}"' for e in send.signals)
        return CORRESPONDENCE, (f"inferred from {found}; "
                                + (f"commercial signals: {sells}" if sells else "no commercial signals"))
    return purpose, reason


_PURPOSE_INDEX: LiteralIndex | None = None


def _purpose_index() -> LiteralIndex:
    """The purpose signals' required words in an index of their own: the shared one
    holds every rule's words, and the whole message's text holds many of them."""
    global _PURPOSE_INDEX
    if _PURPOSE_INDEX is None:
        index = LiteralIndex()
        for _, patterns in SIGNALS:
            for pattern in patterns:
                gate = gate_for(pattern)
                if gate:
                    index.add(frozenset().union(*gate))
        _PURPOSE_INDEX = index
    return _PURPOSE_INDEX


def _copy_purpose(message: Message) -> tuple[str, str]:
    """The purpose the copy's own words signal; return ``(purpose, reason)``."""
    text = "\n".join(message.text(f) for f in ("subject", "preheader", "body"))
    evidence: dict[str, list[str]] = {}
    low = lowered(text)  # for the patterns' case-sensitive twins (None: not usable)
    present = Presence(text.lower() if low is None else low, _purpose_index())
    for purpose, patterns in SIGNALS:
        gates = [gate_for(p) for p in patterns]
        if not any(present.may_match(g) for g in gates):
            continue
        for pattern, gate in zip(patterns, gates):
            if not present.may_match(gate):
                continue
            twin = None if low is None else pattern.twin()
            if twin is None:
                m = pattern.search(text)
            else:  # where the twin finds the first match, the pattern finds it too
                m = twin.search(low)
                if m:
                    m = pattern.search(text, m.start())
            if m:
                evidence.setdefault(purpose, []).append(" ".join(m.group(0).split())[:40])
    if message.meta.get("in_reply_to") and not evidence.get("service-recovery") \
            and evidence.get("feedback-reply"):
        chosen = "feedback-reply"
    else:
        chosen = next((p for p, _ in SIGNALS if evidence.get(p)), None)
    if chosen == "transactional" and evidence.get("promotional") and all(
            UNANCHORED_TRANSACTIONAL.fullmatch(e) for e in evidence["transactional"]):
        # "Payment confirmed: 20% off" names no order, amount or reference: it borrows a
        # receipt's words to sell, which is what fake-confirmation must see
        quoted = ", ".join(f'"{e}"' for e in evidence["promotional"][:3])
        return "promotional", (f'inferred from {quoted}; "{evidence["transactional"][0]}" '
                               "names no order, payment or reference")
    if chosen is None:
        return FALLBACK_PURPOSE, "no purpose signals in the copy; judged as promotional"
    quoted = ", ".join(f'"{e}"' for e in evidence[chosen][:3])
    return chosen, f"inferred from {quoted}"


def resolve_context(message: Message, declared: Declared = Declared(),
                    evidence: bool = True) -> Context:
    """The message's relationship and purpose. ``evidence=False``: the send evidence
    (what the report lists; no rule reads it) is only gathered to infer a purpose
    that was not declared."""
    rel, rel_source = message.meta.get("relationship"), "message"
    if rel is None and declared.config_relationship:
        rel, rel_source = declared.config_relationship, "config"
    if rel is None and declared.cli_relationship:
        rel, rel_source = declared.cli_relationship, "cli"
    if rel is None:
        rel, rel_source = "unknown", "default"

    purpose, p_source, reason = message.meta.get("purpose"), "message", ""
    if purpose is None and declared.config_purpose:
        purpose, p_source = declared.config_purpose, "config"
    if purpose is None and declared.cli_purpose:
        purpose, p_source = declared.cli_purpose, "cli"
    if purpose is None or evidence:
        send = send_evidence(message)
    else:
        send = SendEvidence(CAMPAIGN)  # (not read: the purpose is declared)
    if purpose is None:
        purpose, reason = infer_purpose(message, send)
        p_source = "inferred"
    return Context(rel, purpose, rel_source, p_source, reason,
                   # a declared purpose decides the send too: only correspondence is not
                   # a campaign, whatever the evidence says
                   send=CORRESPONDENCE if purpose == CORRESPONDENCE else CAMPAIGN,
                   correspondence_evidence=send.correspondence, campaign_evidence=send.campaign)
