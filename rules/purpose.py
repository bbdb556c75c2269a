"""Purpose mismatch: copy that does not fit the moment it is sent in.

The same sentence ("Shop now: 30% off") is fine in a promotion and wrong inside an
apology. These checks read the message's purpose (declared, or inferred and shown in
the report) and look for what that moment needs or must not carry: selling inside a
service-recovery message (Michelli), a promotion sent back to a customer who made a
suggestion (the grocery customer of Avery, Fournier and Wittenbraker 2014), and an
apology that never names what went wrong (Michelli; sources in docs/concepts.md).
"""

from __future__ import annotations

from typing import Iterator

from ..engine.analysis import Analysis
from ..engine.checks import Hit, check, rx
from ..engine.rule import Rule


SELLING_RE = rx(
    r"\b\d{1,2} ?(?:%|percent) off\b|\bshop (?:now|the|our)\b|\bbuy now\b|\border now\b|\bbook now\b"
    r"|\buse (?:the )?(?:promo |discount )?code\b|\bpromo code\b|\bdon'?t miss\b"
    r"|\bupgrade (?:now|today)\b|\bupgrade to (?:premium|pro|plus|gold|platinum|our|a paid|the paid)\b|\bcheck out our (?:new|latest|sale)\b|\bnew arrivals\b"
    r"|\b(?:our|the) (?:summer |winter |spring |autumn |fall |big |flash |annual )?sale\b"
    r"|\blimited[- ]time\b|\bwhile you(?:'re| are) (?:here|at it)\b|\btreat yourself\b"
    r"|\bbest[- ]sellers?\b|\bsave (?:up to |an extra )?\$?\d"
)
#: a discount offered as compensation for the problem is service recovery, not selling
COMPENSATION_RE = rx(
    r"\bfor the (?:trouble|inconvenience|delay|mix-?up|mistake)\b|\bto make (?:it|this|things) (?:up|right)\b"
    r"|\bas an apology\b|\bby way of apology\b|\bon us\b|\bour treat\b|\bgoodwill\b"
    r"|\bto say sorry\b|\bmake amends\b|\bcompensat"
)


def selling_spans(a: Analysis, name: str, spare_compensation: bool = True) -> list[tuple[int, int]]:
    """First selling call per sentence of a field, skipping sentences that offer the
    discount as compensation for the problem."""
    view = a.view(name)
    if view is None:
        return []
    out = []
    for s, e in view.sentences():
        sentence = view.norm[s:e]
        if spare_compensation and COMPENSATION_RE.search(sentence):
            continue
        m = SELLING_RE.search(sentence)
        if m:
            out.append((s + m.start(), s + m.end()))
    return out


@check(
    id="MSG311",
    name="selling-in-apology",
    category="purpose-mismatch",
    severity="warning",
    fields=["subject", "preheader", "body"],
    message='"{match}" sells inside an apology: the reader hears that the sale mattered more than the problem.',
    why=(
        "Service recovery is the moment to fix the problem and mend the relationship; "
        "brands that treat it as another chance to sell are, in Joseph Michelli's words, \"chasing "
        "the next customer and the next sale\"."
    ),
    suggestion="Take the promotion out of this message; fix the problem, say what you did, and send offers another day.",
    use_instead='"We\'re sorry your order arrived late. We have refunded the delivery fee."',
    applies={"purpose": ["service-recovery"]},
    examples={
        "flag": [
            {"body": "We're sorry your order arrived late. While you're here, check out our new arrivals!"},
            {"body": "We apologize for the damaged parcel. Our summer sale is on now: 30% off everything. Shop now."},
            {"subject": "We're sorry. Upgrade to Premium today",
             "body": "We're sorry the app was down on Tuesday. Upgrade to Premium for priority support."},
            {"purpose": "service-recovery", "body": "About your complaint: don't miss our flash sale this weekend."},
        ],
        "pass": [
            {"body": "We're sorry your order arrived late. We've refunded the $4.99 delivery fee."},
            {"body": "We're sorry the parcel arrived damaged. Please take 20% off your next order for the trouble."},
            {"body": "Shop now: 30% off everything.", "purpose": "promotional"},
            {"body": "We apologize: the discount code in yesterday's email did not work. It is fixed now."},
        ],
    },
)
def selling_in_apology(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """In a service-recovery message (an apology or complaint reply), flags promotional
    calls: "N% off", "shop now", "use code", "don't miss", "upgrade to", "our sale",
    "new arrivals". A discount offered in the same sentence as compensation ("20% off
    your next order for the trouble") is service recovery and passes."""
    for name in rule.fields:
        for s, e in selling_spans(a, name):
            yield Hit(name, s, e)


#: a report back on what was done with the customer's input. Naming the suggestion
#: alone ("thanks for your suggestion about delivery windows") and then selling is
#: the grocery customer of Avery, Fournier and Wittenbraker (2014): he sent ideas, got
#: promotions back and felt ignored.
ACKNOWLEDGE_RE = rx(
    r"\bas you suggested\b|\b(?:because|thanks to|based on) (?:of )?your (?:suggestion|idea|feedback|request|review)\b"
    r"|\bwe(?:'ve| have)? (?:changed|added|fixed|updated|introduced|launched|extended|moved|switched|removed|"
    r"started|stopped|passed (?:it|this|your \w+) (?:on|to)|shared (?:it|this|your \w+) with|forwarded)\b"
    r"|\bwe(?:'re| are| will|'ll) (?:now |be )?(?:looking into|testing|trying|adding|changing|fixing|working on|"
    r"trialling|trialing|piloting|rolling out)\b"
    r"|\bfrom now on\b|\bstarting (?:today|tomorrow|next|on|from|this)\b|\bis now (?:available|live|on)\b"
    r"|\byou can now\b|\bhas been (?:added|changed|fixed|updated)\b"
    r"|\bfrom (?:today|tomorrow|next \w+|(?:mon|tues|wednes|thurs|fri|satur|sun)day|\d{1,2}(?:st|nd|rd|th)? \w+),? "
    r"(?:you can|you'll|you will|we(?:'ll| will)?|every|all|our)\b"
)


@check(
    id="MSG312",
    name="promotion-answers-suggestion",
    category="purpose-mismatch",
    severity="warning",
    fields=["subject", "preheader", "body"],
    message='"{match}" answers the customer\'s suggestion with a promotion, without saying what was done with it.',
    why=(
        "A customer who sends suggestions wants to be a business partner; the grocery "
        "customer in Avery, Fournier and Wittenbraker (Harvard Business Review, 2014) sent ideas, got a stream of promotions back, \"feels ignored and "
        "cuts his order\". Acknowledge the input and report back before selling."
    ),
    suggestion="Name what they suggested and what you did with it (\"You suggested 7am slots; from Monday you can book them\"); leave the offer out or put it after.",
    use_instead='"You suggested earlier delivery slots. From Monday, you can book 7am slots."',
    applies={"purpose": ["feedback-reply"]},
    examples={
        "flag": [
            {"body": "Thanks for your feedback! Shop now and save 15% on your next basket."},
            {"purpose": "feedback-reply", "subject": "Thanks for writing in",
             "body": "We love hearing from customers. Don't miss our weekend sale: 20% off fresh fruit."},
            {"body": "Thanks for your suggestion. Use code THANKS10 for 10% off your next order."},
            {"purpose": "feedback-reply", "body": "Thanks for your suggestion about delivery windows. "
                     "This week only: 20% off fresh fruit. Shop now."},
        ],
        "pass": [
            {"body": "Thanks for your suggestion about earlier delivery slots. From Monday you can "
                     "book 7am slots. Shop now for Monday."},
            {"body": "Thanks for your feedback. We've passed it on to our delivery team."},
            {"purpose": "feedback-reply",
             "body": "You asked for paper bags instead of plastic. We've switched, and this week "
                     "everything is 10% off to celebrate."},
            {"body": "Shop now and save 15% on your next basket.", "purpose": "promotional"},
        ],
    },
)
def promotion_answers_suggestion(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """In a feedback-reply message, flags promotional calls ("shop now", "N% off", "use
    code") when the copy never reports what was done with the customer's input ("we've
    changed...", "we're testing...", "from Monday you can...", "as you suggested").
    A bare "thanks for your feedback", or naming the suggestion without an answer, is
    not an acknowledgement."""
    if ACKNOWLEDGE_RE.search(a.all_text):
        return
    for name in rule.fields:
        for s, e in selling_spans(a, name, spare_compensation=False):
            yield Hit(name, s, e)


GENERIC_APOLOGY_RE = rx(
    r"\b(?:(?:we(?:'re| are)? |i(?:'m| am)? )?(?:so |very |truly |sincerely )?sorry|"
    r"(?:we|i) (?:sincerely |truly |deeply )?apologi[sz]e|(?:our|my) (?:sincere |deepest )?apologies|"
    r"(?:we|i) regret)"
    r" for (?:any|the|all the|this|these|those|that) (?:inconvenience|trouble|confusion|frustration|"
    r"issues?|problems?|disruption|disappointment|difficulties|hassle)(?: (?:this|that|it) (?:may have |has |might have )?caused)?"
    r"|\b(?:apologies|sorry) for (?:any|the) (?:inconvenience|trouble|confusion)"
)
#: words that name what went wrong
PROBLEM_RE = rx(
    r"\b(?:orders?|deliver(?:y|ies|ed)|charged?|charges|overcharged?|double[- ]charged|bill(?:ed|ing)?|"
    r"invoice|payment|refunds?|delay(?:s|ed)?|damaged?|broken|late|missing|lost|errors?|wrong|faulty|"
    r"defective|cancel(?:l)?ed|cancellation|outage|down|downtime|maintenance|unavailable|offline|"
    r"crash(?:ed|es)?|bug|parcel|package|shipment|item|booking|reservation|flight|subscription|"
    r"size|leak(?:ed)?|spoiled|expired|stale|cold|rude|wait(?:ed|ing)?|queue|on hold|"
    r"password|login|log in|account|app|website|site|card|price|coupon|code|voucher|link)\b"
)


@check(
    id="MSG313",
    name="apology-without-acknowledgment",
    category="purpose-mismatch",
    severity="warning",
    fields=["subject", "preheader", "body"],
    message='"{match}" apologises for an unnamed "inconvenience": nothing says what went wrong.',
    why=(
        "An apology mends a relationship only when it shows the company understood the "
        "problem; \"sorry for any inconvenience\" with nothing named reads as a form letter "
        "(Michelli: service recovery is a chance to fix the problem and mend the relationship)."
    ),
    suggestion="Name the problem and what you did about it: \"We're sorry your order arrived two days late; we've refunded the delivery fee.\"",
    use_instead='"We\'re sorry we charged you twice on 3 May. The $42 refund is on its way."',
    applies={"purpose": ["service-recovery"]},
    examples={
        "flag": [
            {"body": "We apologize for any inconvenience this may have caused. We value your "
                     "business and appreciate your patience."},
            {"body": "We're sorry for the inconvenience. Thank you for being a valued customer."},
            {"purpose": "service-recovery", "subject": "A note from us",
             "body": "Sorry for any trouble. We hope to see you again soon."},
        ],
        "pass": [
            {"body": "We're sorry your order arrived late. We apologize for the inconvenience and "
                     "have refunded the delivery fee."},
            {"body": "We apologize for the inconvenience: we charged your card twice on 3 May. "
                     "The refund is on its way."},
            {"body": "We're sorry we let you down. Sorry for any inconvenience: the app was down "
                     "for two hours on Tuesday."},
            {"body": "Scheduled maintenance on Sunday 02:00-04:00. Sorry for any inconvenience.",
             "purpose": "transactional"},
        ],
    },
)
def apology_without_acknowledgment(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """In a service-recovery message, flags a generic apology ("we apologize for any
    inconvenience", "sorry for the trouble") when no field names what went wrong: an
    order, a delivery, a charge, a delay, damage, something late, missing or wrong, an
    outage. Apologies that name the problem pass."""
    if PROBLEM_RE.search(a.all_text):
        return
    for name in rule.fields:
        view = a.view(name)
        if view is None:
            continue
        for m in view.search(GENERIC_APOLOGY_RE):
            yield Hit(name, m.start(), m.end())
            return
