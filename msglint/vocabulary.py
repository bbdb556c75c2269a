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
