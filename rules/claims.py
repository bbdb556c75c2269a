"""Claim mismatch: what the subject or preheader promises against what the body says.

A subject is read alone in the inbox; the body is read after the open. When the
subject claims a personal gift and the body says "we found you", or "50% off" becomes
"up to 50% off", the open was bought with a claim the message does not stand behind
(Haskell 2019: "You've been given this Delta flight deal" / "We found you Delta flights";
see docs/concepts.md for the sources).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..engine.analysis import Analysis
from ..engine.checks import Hit, check, rx
from ..engine.lazy_regex import lazy
from ..engine.rule import Rule

TEASER_FIELDS = ("subject", "preheader")


GIFT_RE = rx(
    r"\byou(?:'ve| have| are|'re)? (?:been )?(?:given|gifted|granted|selected|chosen|"
    r"(?:pre-?)?(?:approved|selected|qualified)|awarded|picked)\b"
    r"|\b(?:hand-?picked|reserved|exclusively|just) for you\b"
)
GENERIC_BODY_RE = rx(
    r"\bwe(?:'ve| have)? found (?:you )?\b|\beveryone\b|\ball (?:our )?(?:customers|members|subscribers|travell?ers)\b"
    r"|\bsite-?wide\b|\bopen to all\b|\bavailable to all\b|\banyone\b"
)
PERCENT_RE = rx(r"(?<!up to )(?<!\d)(\d{1,2})\x00* ?(?:%|percent) off\b")
UP_TO_RE = rx(r"\bup to (\d{1,2}) ?(?:%|percent)(?: off)?\b")
FREE_RE = rx(r"\bfree\b")
FREE_CONDITION_RE = rx(
    r"\bwith (?:any |every |a |your )?(?:purchase|order|subscription)\b|\bwhen you (?:spend|buy|order|subscribe)\b"
    r"|\borders? (?:over|above|of) \$?\d|\bminimum (?:spend|order|purchase)\b|\bmin\.? (?:spend|order)\b"
    r"|\bpurchase (?:is )?required\b|\bterms (?:and conditions )?apply\b|\bwith the purchase of\b"
)
CONFIRMED_RE = rx(r"\bconfirmed\b|\bconfirmation\b")
CONFIRMED_SUBSTANCE_RE = rx(
    r"\b(?:order|booking|reservation|payment|appointment|subscription|ticket|reference|confirmation)"
    r" ?(?:#|no\.?|number|code|id)\b|\byour (?:order|booking|reservation|payment|appointment|registration)\b"
    r"|\b[A-Z]{2,}\d{3,}\b|#\d{3,}"
)
DEADLINE_RE = rx(
    r"\b(?:ends|expires|ending|closes) (?:tonight|today|tomorrow|soon|at midnight|in \d+ hours?)\b"
    r"|\blast (?:chance|call|day)\b|\b(?:today|tonight) only\b|\b\d+[- ]hours? (?:left|only|deadline|sale)\b"
    r"|\bfinal hours\b|\bdeadline\b"
)
DATE_RE = rx(
    r"\b\d{1,2}(?:st|nd|rd|th)? (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]* \d{1,2}(?:st|nd|rd|th)?\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
    r"|\b\d{1,2}(?::\d{2})? ?(?:am|pm)\b|\b\d{1,2}:\d{2}\b"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
)


def _teasers(a: Analysis) -> Iterator[tuple[str, str]]:
    for name in TEASER_FIELDS:
        view = a.view(name)
        if view is not None:
            yield name, view.norm


def _quote(m: re.Match[str]) -> str:
    return " ".join(m.group(0).split())


COMMON = dict(category="claim-mismatch", fields=["subject", "preheader"])


@check(
    id="MSG271",
    name="personal-claim-generic-body",
    severity="error",
    message='The {field} says "{claim}", but the body says "{evidence}": the offer is not personal.',
    why=(
        "A subject that frames a deal as given, selected or approved for the reader, "
        "followed by a body that admits it was found for everyone, is a claim the message "
        "itself contradicts (Haskell 2019)."
    ),
    suggestion="Make the subject match the body: describe the deal, not a personal grant.",
    use_instead='Subject: "Delta flights under $200"; body: "We found Delta flights under $200."',
    examples={
        "flag": [
            {"subject": "✈ You've been given this Delta flight deal under $200",
             "body": "We found you Delta flights under $200!"},
            {"subject": "You're approved: 30% off for all customers",
             "body": "This week all our customers get 30% off."},
            {"preheader": "Hand-picked for you", "body": "Everyone on our list gets these picks."},
        ],
        "pass": [
            {"subject": "Delta flights under $200", "body": "We found Delta flights under $200!"},
            {"subject": "You've been given a $20 credit", "body": "We added $20 to your account after the delay."},
            {"subject": "We found you Delta flights under $200", "body": "We found you Delta flights under $200!"},
        ],
    },
    **COMMON,
)
def personal_claim_generic_body(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Compares a personal-grant claim in the subject or preheader with generic wording
    in the body ("we found you", "everyone", "all customers")."""
    claims = [(name, m) for name, text in _teasers(a) if (m := GIFT_RE.search(text))]
    if not claims:  # the short teaser first: most messages stop here
        return
    evidence = GENERIC_BODY_RE.search(a.norm_text("body"))
    if not evidence:
        return
    for name, m in claims:
        if m:
            yield Hit(name, m.start(), m.end(), message=rule.message.format(
                field=name, claim=_quote(m), evidence=_quote(evidence).strip()))


@check(
    id="MSG272",
    name="discount-claim-exceeds-body",
    severity="error",
    message='The {field} promises "{claim}", but the body only offers "{evidence}".',
    why="A flat discount in the subject that becomes \"up to\" in the body overstates the offer to win the open.",
    suggestion='Say "up to" in the subject too, or give the flat discount the subject promises.',
    use_instead='Subject: "Up to 50% off summer styles"',
    examples={
        "flag": [
            {"subject": "50% off everything", "body": "Save up to 50% off selected styles."},
            {"subject": "FIFTY PERCENT OFF today", "body": "Up to 50 percent off hotels."},
            {"preheader": "40% off all boots", "body": "Up to 40% off a few boots."},
        ],
        "pass": [
            {"subject": "Up to 50% off summer styles", "body": "Save up to 50% off selected styles."},
            {"subject": "50% off everything", "body": "Everything in store is 50% off."},
            {"subject": "20% off boots", "body": "Boots are 20% off, and up to 30% off in the outlet."},
        ],
    },
    **COMMON,
)
def discount_claim_exceeds_body(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags a flat "N% off" in the subject or preheader when the body offers only "up to"
    that much and never the flat discount itself."""
    body = a.norm_text("body")
    up_to = list(UP_TO_RE.finditer(body))
    if not up_to:
        return
    flat_in_body = {m.group(1) for m in PERCENT_RE.finditer(body)}
    for name, text in _teasers(a):
        text_digits = _spelled_numbers(text)
        for m in PERCENT_RE.finditer(text_digits):
            pct = m.group(1)
            if pct in flat_in_body:
                continue
            ev = next((u for u in up_to if u.group(1) == pct), None)
            if ev is None:
                continue
            start, end = m.start(), m.end()  # padding kept the offsets aligned
            yield Hit(name, start, end, message=rule.message.format(
                field=name, claim=text[start:end], evidence=_quote(ev)))


_NUMBERS = {"ten": "10", "fifteen": "15", "twenty": "20", "twenty-five": "25", "thirty": "30",
            "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "seventy-five": "75"}
_NUMBER_RE = lazy(r"\b(" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _spelled_numbers(text: str) -> str:
    """Spell "FIFTY PERCENT" as "50 PERCENT", padding so offsets stay comparable."""
    return _NUMBER_RE.sub(lambda m: _NUMBERS[m.group(1).lower()].ljust(len(m.group(1))).replace(" ", "\x00"), text)


@check(
    id="MSG273",
    name="free-with-conditions",
    severity="error",
    message='The {field} says "free", but the body attaches a condition: "{evidence}".',
    why="\"Free\" with a purchase or a minimum spend is a discount, not a gift; hiding the condition below the fold misleads.",
    suggestion="Put the condition in the subject (\"Free shipping on orders over $50\").",
    use_instead='Subject: "Free shipping on orders over $50"',
    examples={
        "flag": [
            {"subject": "A free tote for you", "body": "Get a free tote with any purchase over $80."},
            {"subject": "FREE shipping this week", "body": "Free shipping on orders over $50."},
            {"preheader": "Free gift inside", "body": "Free gift when you spend $100 or more. Terms apply."},
        ],
        "pass": [
            {"subject": "Free shipping on orders over $50", "body": "Free shipping on orders over $50."},
            {"subject": "Free returns, always", "body": "Returns are free, with no minimum."},
            {"subject": "Your free guide to composting", "body": "Download the guide below. No sign-up needed."},
        ],
    },
    **COMMON,
)
def free_with_conditions(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags "free" in the subject or preheader when the body adds a purchase, minimum
    spend or subscription condition that the subject does not state."""
    if not any(FREE_RE.search(text) for _, text in _teasers(a)):
        return
    cond = FREE_CONDITION_RE.search(a.norm_text("body"))
    if not cond:
        return
    for name, text in _teasers(a):
        m = FREE_RE.search(text)
        if m and not FREE_CONDITION_RE.search(text):
            yield Hit(name, m.start(), m.end(), message=rule.message.format(
                field=name, evidence=_quote(cond)))


@check(
    id="MSG274",
    name="confirmation-without-substance",
    severity="error",
    message='The {field} says "{claim}", but the body confirms nothing the reader did.',
    why="A confirmation needs something to confirm: an order, a booking, a payment. Without one, the word only borrows a receipt's authority.",
    suggestion="Drop \"confirmed\"; describe the offer.",
    use_instead='Subject: "An extra 10% off this weekend"',
    applies={"purpose": ["promotional", "newsletter", "milestone"]},
    examples={
        "flag": [
            {"subject": "Confirmed: an extra 10% off", "body": "Shop our sale and take an extra 10% off."},
            {"subject": "Your discount is confirmed", "body": "Use code SAVE10 on any order."},
            {"preheader": "Confirmation inside", "body": "Big savings on hotels this weekend."},
        ],
        "pass": [
            {"subject": "Confirmed: your booking", "body": "Booking reference AB1234 for 2 nights."},
            {"subject": "Booking confirmed", "body": "Your reservation at Hotel Sol is confirmed for 12 May.", "purpose": "transactional"},
            {"subject": "An extra 10% off this weekend", "body": "Shop our sale."},
        ],
    },
    **COMMON,
)
def confirmation_without_substance(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags "confirmed"/"confirmation" in the subject or preheader of a message whose
    body names no order, booking, payment or reference."""
    claims = [(name, m) for name, text in _teasers(a) if (m := CONFIRMED_RE.search(text))]
    if not claims or CONFIRMED_SUBSTANCE_RE.search(a.norm_text("body")):
        return
    for name, m in claims:
        if m:
            yield Hit(name, m.start(), m.end(), message=rule.message.format(
                field=name, claim=_quote(m)))


@check(
    id="MSG275",
    name="deadline-without-date",
    severity="warning",
    message='The {field} says "{claim}", but the body gives no date or time for it.',
    why="A deadline the message cannot state is pressure without a basis; readers learn to ignore it.",
    suggestion="State the real end: \"Sale ends Sunday 30 Nov at 23:59 CET.\"",
    use_instead='Subject: "Sale ends Sunday at midnight"; body: "Ends 30 Nov, 23:59 CET."',
    exempt={"purpose": ["transactional"]},
    examples={
        "flag": [
            {"subject": "Last chance for 30% off", "body": "Shop the sale before it's gone."},
            {"subject": "Ends tonight!", "body": "Everything is 20% off."},
            {"preheader": "Final hours to save", "body": "Save on all boots while you can."},
        ],
        "pass": [
            {"subject": "Last chance for 30% off", "body": "The sale ends 30 Nov at 23:59 CET."},
            {"subject": "Ends tonight", "body": "Offer closes at 11:59 pm tonight (Pacific)."},
            {"subject": "Winter boots are in", "body": "Shop the new range."},
        ],
    },
    **COMMON,
)
def deadline_without_date(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags a deadline in the subject or preheader when no field gives a date, weekday
    or clock time for it."""
    claims = [(name, m) for name, text in _teasers(a)
              if (m := DEADLINE_RE.search(text)) and not DATE_RE.search(text)]
    if not claims or DATE_RE.search(a.norm_text("body")):
        return
    for name, m in claims:
        if m:
            yield Hit(name, m.start(), m.end(), message=rule.message.format(
                field=name, claim=_quote(m)))
