"""Self-centred voice: copy about what the company wants.

Todd Haskell's diagnosis of inauthentic email (2019) is that it is "superficially about what the
customer wants, but underneath ... all about what the company wants". Two signs of it
need code: counting "we/our/us" against "you/your" across the whole body (a ratio, not
a phrase), and the company's own targets given as the reason for the message.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..engine.analysis import REGEX_WINDOW, Analysis
from ..engine.checks import Hit, check
from ..engine.lazy_regex import lazy
from ..engine.literals import gate_for
from ..engine.rule import Rule

WE_RE = lazy(r"(?<![\w'])(?:we|our|ours|us|ourselves)(?![\w-])", re.IGNORECASE)
YOU_RE = lazy(r"(?<![\w'])(?:you|your|yours|yourself|yourselves)(?![\w-])", re.IGNORECASE)
#: "us" in an invitation to the reader is about the reader's need, not the company's
US_FOR_READER_RE = lazy(
    r"\b(?:contact|email|e-mail|call|phone|text|message|tell|ask|write to|reply to|"
    r"talk to|chat with|join|visit|follow|find|reach) us\b|\blet us know\b",
    re.IGNORECASE,
)
MIN_WE = 6
RATIO = 2.0


def pronoun_counts(text: str) -> tuple[list[re.Match[str]], int]:
    """We-words (minus "US" the country and "contact us"-style invitations) and the
    number of you-words."""
    we = [m for m in WE_RE.finditer(text) if m.group(0) != "US"]
    if any(m.group(0).lower() == "us" for m in we):  # only then look for invitations
        spared = {m.end() - 2 for m in US_FOR_READER_RE.finditer(text)}
        we = [m for m in we if not (m.group(0).lower() == "us" and m.start() in spared)]
    return we, len(YOU_RE.findall(text))


WE_BODY = (
    "We are proud to announce our biggest launch yet. Our team has worked for a year on "
    "our new range, and we think it is our best work. We built it in our own studio, and "
    "we can't wait to share it."
)


@check(
    id="MSG321",
    name="we-dominates-you",
    category="self-centered",
    severity="info",
    fields=["body"],
    message='The body uses "we/our/us" {we} times against {you} for "you/your": it is about the company, not the reader.',
    why=(
        "Copy that talks mostly about the sender is, in Todd Haskell's words (2019), \"all about what "
        "the company wants\"; the reader keeps reading for what is in it for them. The "
        "\"you\" attitude is a staple of business-writing guidance."
    ),
    suggestion="Rewrite from the reader's side: what they get, what changes for them (\"You can now...\").",
    use_instead='"You can now order the new range in five colours, made in our own studio."',
    exempt={"purpose": ["service-recovery"]},
    examples={
        "flag": [
            {"body": WE_BODY},
            {"body": "At Acme we believe in quality. Our founders started us in a garage, and "
                     "we have grown every year since. Our values guide us. We listen, we learn, "
                     "and our people make us who we are."},
            {"body": "We're excited! We have moved our warehouse, we have new trucks, and our "
                     "drivers are ready. We think our customers will love it. Thanks, you."},
        ],
        "pass": [
            {"body": "You asked for more colours, so your favourite boots now come in five. "
                     "You can order them today, and we will ship them in two days. If they do "
                     "not fit you, send them back to us free. Our team can help you choose your size."},
            {"body": "We're sorry. We sent the wrong size and we should have checked. We have "
                     "refunded the $40 and we will send the right pair today at our cost.",
             "purpose": "service-recovery"},
            {"body": "Contact us, call us, email us or chat with us: we are open every day. "
                     "Let us know what you need."},
            {"body": "Flights from the US to the UK are on sale. We found fares from $299 for "
                     "you and your family."},
        ],
    },
)
def we_dominates_you(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Counts we-words (we, our, ours, us, ourselves) against you-words (you, your,
    yours) in the body and flags when there are at least six we-words and more than
    twice as many as you-words. "US" in capitals and invitations ("contact us", "let us
    know") are not counted; apologies are exempt, since taking responsibility is
    rightly said with "we". The finding points at the first we-word."""
    text = a.norm_text("body")
    we, you = pronoun_counts(text)
    if len(we) < MIN_WE or len(we) <= RATIO * you:
        return
    first = we[0]
    yield Hit("body", first.start(), first.end(),
          message=rule.message.format(we=len(we), you=you))


_GOAL = r"(?:target|goal|numbers|quota|sales (?:target|goal|numbers)|revenue (?:target|goal))s?"
GOAL_RES = (
    lazy(r"\b(?:to |help us |helping us )?(?:hit|reach|meet|make|beat|smash|crush) our "
               r"(?:(?:monthly|quarterly|annual|yearly|year-end|end-of-year|weekly|q[1-4]|sales|revenue|"
               r"fundraising|signup|sign-up) )?" + _GOAL + r"\b", re.IGNORECASE),
    lazy(r"\bwe(?:'re| are)? (?:need|trying|hoping|have|want|aim|aiming|looking) to "
               r"(?:hit|reach|meet|make|beat) (?:our|the|a|this) (?:\w+ ){0,2}" + _GOAL + r"\b",
               re.IGNORECASE),
    lazy(r"\bwe(?:'re| are)? (?:still |just |only )?(?:need|trying|hoping) to (?:reach|hit|sell|clear|move|get to) "
               r"(?:another |just |only )?(?:\d[\d,]*|a (?:few|couple)|\w+ more)\b", re.IGNORECASE),
    lazy(r"\bhelp us (?:reach|hit|meet|beat|get to|cross|smash|make) (?:our |the |a |this )?"
               r"(?:[\w-]+ ){0,3}?(?:" + _GOAL + r"|milestone|\d[\d,]*(?: \w+)?)\b", re.IGNORECASE),
    lazy(r"\b(?:help us|we need to|we have to|we must) (?:clear|empty|shift|move) (?:our |the )?"
               r"(?:excess |extra |old )?(?:inventory|stock|warehouse|shelves|overstock)\b", re.IGNORECASE),
    lazy(r"\b(?:before|end of|close of|finish|close out|end|last week of) our (?:fiscal |financial )?"
               r"(?:quarter|year|month)(?![\w-])", re.IGNORECASE),
    lazy(r"\bour (?:fiscal |financial )?quarter (?:ends|closes|is ending|is closing)\b", re.IGNORECASE),
    # "we have a target to hit this quarter", "our numbers to make"
    lazy(r"\b(?:we(?:'ve| have)?(?: got| still)? (?:an? |some )?|our )"
               r"(?:(?:sales|revenue|monthly|quarterly|weekly|q[1-4]|year-end) )?"
               r"(?:target|quota|numbers) to (?:hit|make|meet|reach)\b", re.IGNORECASE),
    lazy(r"\bwe(?:'re| are) (?:only |just |so |still )?(?:\d[\d,]*|a (?:few|handful of)) "
               r"(?:\w+ )?(?:sales|orders|sign-?ups|subscribers|bookings|customers|members) "
               r"(?:short|away) (?:of|from)\b", re.IGNORECASE),
)


@check(
    id="MSG322",
    name="company-goal-as-reason",
    category="self-centered",
    severity="warning",
    fields=["subject", "preheader", "body"],
    message='"{match}" gives the company\'s own target as the reason to act; the reader has no stake in it.',
    why=(
        "Asking the reader to buy so the company can hit a number is the clearest case of "
        "copy \"all about what the company wants\" (Haskell 2019), and it spends goodwill the "
        "relationship has not built."
    ),
    suggestion="Give the reader's reason instead: what the offer does for them, and when it really ends.",
    use_instead='"Our winter coats are 30% off until Sunday 30 Nov."',
    examples={
        "flag": [
            "Help us hit our Q4 target: 20% off everything",
            {"body": "We need to reach 500 new members by Friday, so join today and save 10%."},
            {"body": "It's the last week of our quarter and we're trying to hit our sales goal."},
            {"body": "We're only 40 orders away from our record. Help us get there!"},
            {"body": "Help us clear our warehouse: everything must go."},
            {"body": "We have a target to hit this quarter, so everything is 20% off."},
        ],
        "pass": [
            {"body": "We need to reach you about your delivery on Friday. Please call us."},
            "Our quarterly newsletter is here",
            {"body": "You hit your goal! 10,000 steps today."},
            {"body": "Our goal is to get every order to you within two days."},
            {"body": "Help us make the app better: tell us what you would change."},
            {"body": "Set a target to hit each week and the app tracks your progress."},
        ],
    },
)
def company_goal_as_reason(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags the company's own targets given as the reason for the message: "help us hit
    our target", "we need to reach 500 members", "before our quarter ends", "we're
    only 40 orders away", "help us clear our warehouse". "We need to reach you",
    "our quarterly newsletter" and "your goal" are not targets of the company's."""
    for name in rule.fields:
        view = a.view(name)
        if view is None or not a.reads_field(name):
            continue
        # In a rewrite's lint, only the lines its verdict reads: no pattern here can
        # match a line break and their lookarounds read a blank or the end alike at
        # a line's end, so each line's matches (and which overlap) are the whole
        # text's (compared on every rewrite: tests/test_verdict_region.py)
        lines = a.verdict_lines(name)
        spans: list[tuple[int, int]] = []
        for rx in GOAL_RES:
            if lines is None:
                found = view.search(rx)
            elif view.presence.may_match(gate_for(rx)):
                found = rx.finditer(view.norm, lines[0], min(lines[1], REGEX_WINDOW))
            else:
                continue
            for m in found:
                if any(m.start() < e and s < m.end() for s, e in spans):
                    continue
                spans.append((m.start(), m.end()))
        for s, e in sorted(spans):
            yield Hit(name, s, e)
