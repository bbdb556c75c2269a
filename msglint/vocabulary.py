"""The public vocabulary: categories, relationship types and purposes (explained in
``docs/concepts.md``).

These strings appear in JSON output, config files and rule packs, so they are spelled
exactly as the docs spell them and checked everywhere they are read.
"""

from __future__ import annotations

AUTHENTICITY = (
    "unearned-praise",
    "false-exclusivity",
    "fake-confirmation",
    "faux-intimacy",
    "false-reply",
    "sender-identity",
)
PRESSURE = (
    "false-urgency",
    "false-scarcity",
    "social-proof",
    "confirmshaming",
    "hype",
    "curiosity-bait",
    "shouting",
    "claim-mismatch",
)
TONE = (
    "relationship-mismatch",
    "purpose-mismatch",
    "self-centered",
    "readability",
    "compliance",
)
CATEGORIES: tuple[str, ...] = AUTHENTICITY + PRESSURE + TONE

RELATIONSHIPS: tuple[str, ...] = (
    "unknown",
    "basic-exchange",
    "fling",
    "buddies",
    "best-friends",
    "business-partners",
    "concierge",
)

PURPOSES: tuple[str, ...] = (
    "promotional",
    "transactional",
    "service-recovery",
    "feedback-reply",
    "milestone",
    "newsletter",
    # not a campaign: a person writing to a person or a discussion list
    "correspondence",
)


def category_group(category: str) -> str:
    if category in AUTHENTICITY:
        return "authenticity"
    if category in PRESSURE:
        return "pressure"
    return "tone"


#: Capitals that are names, units and acronyms, not raised voices.
ACRONYMS = frozenset("""
    AM PM UTC GMT CET CEST EST EDT PST PDT BST USA US UK EU NYC LA SF DC UAE
    FAQ VIP PIN ID IDS PDF TV HD UHD LED USB GPS SMS API URL HTML CSS AI VR AR
    DIY OK CEO CFO CTO HR IT PR QA RSVP ETA FYI TBA TBD ASAP NB PS PPS
    USD EUR GBP CAD AUD JPY CHF VAT GST APR IRA ATM SUV RV EV BBQ XL XXL XS
    NASA IKEA LEGO BMW IBM UPS DHL FEDEX USPS ASOS HBO CNN BBC NBA NFL MLB NHL
    COVID GDPR NHS UNESCO NATO FIFA UEFA HDMI OLED LCD CPU GPU RAM SSD DVD ISBN SSO
    UNIQLO MUJI ZARA ASICS SKIMS MANGO ARKET UGG DKNY ALDI LIDL CHANEL PRADA GUCCI FENDI
    NIKE ADIDAS PUMA FILA JBL AMD ASUS HP LG REI ABBA
""".split())
