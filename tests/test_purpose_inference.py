"""Purpose inference: each purpose from its own copy, the reason string, precedence,
and the near-misses that used to be misread."""

from __future__ import annotations

import pytest

from msglint.engine.context import Declared, infer_purpose, resolve_context
from msglint.sources.mapping import message_from_mapping


def msg(**obj):
    return message_from_mapping(obj, path="<t>", default_id="t")


CASES = [
    # promotional
    ("promotional", {"subject": "Summer sale", "body": "30% off all sandals. Shop now."}, "30% off"),
    ("promotional", {"subject": "Flights under $200", "body": "Book now for spring."}, "under $200"),
    ("promotional", {"subject": "Anniversary sale", "body": "40% off everything this week."}, "40% off"),
    ("promotional", {"subject": "Tell us what you think",
                     "body": "Share your feedback and get 10% off your next order."}, "10% off"),
    # transactional
    ("transactional", {"subject": "Your receipt", "body": "Receipt for order #1234. Order total $42.10."},
     "order #1234"),
    ("transactional", {"subject": "On its way", "body": "Your parcel has shipped. Tracking number 1Z999."},
     "has shipped"),
    ("transactional", {"subject": "Reset your password", "body": "Use the link to reset your password."},
     "Reset your password"),
    ("transactional", {"subject": "Your order is confirmed",
                       "body": "Order #5521: 1 rain jacket. Here is 10% off your next one."},
     "order is confirmed"),
    # a confirmation that names nothing, above an offer, borrows a receipt's words
    ("promotional", {"subject": "Payment confirmed: 20% off", "body": "Shop the sale today."},
     "20% off"),
    # service-recovery
    ("service-recovery", {"subject": "About your order",
                          "body": "We're sorry your parcel arrived damaged. A new one is on its way."},
     "We're sorry"),
    ("service-recovery", {"body": "Our apologies: we charged you twice. The refund is on its way."},
     "Our apologies"),
    ("service-recovery", {"body": "Sorry for any inconvenience. Thanks for your patience."},
     "Sorry for any inconvenience"),
    ("service-recovery", {"subject": "We're sorry - 20% off inside",
                          "body": "We apologize for the delay. Shop our sale."}, "We're sorry"),
    # feedback-reply
    ("feedback-reply", {"body": "Thanks for your suggestion about earlier delivery slots."},
     "Thanks for your suggestion"),
    ("feedback-reply", {"body": "You suggested paper bags, so we switched."}, "You suggested"),
    ("feedback-reply", {"body": "Thanks for your review of the Trail boots. We changed the laces."},
     "Thanks for your review"),
    # milestone
    ("milestone", {"subject": "Happy 5th anniversary", "body": "Thank you for 5 years with us."},
     "Happy 5th anniversary"),
    ("milestone", {"subject": "Thank you", "body": "You have been a member for 3 years."},
     "You have been a member for"),
    ("milestone", {"subject": "Happy birthday, Sam", "body": "A treat on us."}, "Happy birthday"),
    ("milestone", {"subject": "Congrats on your first half marathon!",
                   "body": "You ran 21.1 km on Sunday in 1:52:04."}, "your first half marathon"),
    # newsletter
    ("newsletter", {"subject": "The Acme Trail", "body": "In this issue: three walks for rainy days."},
     "In this issue"),
    ("newsletter", {"subject": "This week at Acme", "body": "New recipes and a store opening."},
     "This week at"),
    ("newsletter", {"subject": "Acme monthly digest", "body": "Everything from June."}, "monthly digest"),
    # correspondence: a person replying, from the evidence rather than the words
    ("correspondence", {"subject": "Re: the coast road",
                        "body": "Count me in.\n\n> Anyone up for the coast road on Sunday?\n> Leaving at nine."},
     "quoted text"),
    ("correspondence", {"subject": "Re: minutes", "in_reply_to": "<m1@club.example>",
                        "body": "Looks right to me. See you Tuesday."}, "reply headers"),
]


@pytest.mark.parametrize("purpose,obj,evidence", CASES,
                         ids=[f"{p}-{i}" for i, (p, _, _) in enumerate(CASES)])
def test_inferred_purpose_and_reason(purpose, obj, evidence):
    got, reason = infer_purpose(msg(**obj))
    assert got == purpose, reason
    assert reason.startswith("inferred from ")
    assert f'"{evidence}"' in reason


def test_every_purpose_is_covered_twice():
    from collections import Counter

    from msglint.vocabulary import PURPOSES
    counts = Counter(p for p, _, _ in CASES)
    assert all(counts[p] >= 2 for p in PURPOSES), counts


def test_no_signals_falls_back_to_promotional_and_says_so():
    purpose, reason = infer_purpose(msg(subject="New arrivals", body="Fresh styles just landed."))
    assert purpose == "promotional"
    assert reason == "no purpose signals in the copy; judged as promotional"


@pytest.mark.parametrize("obj", [
    {"body": "Leave your review and enter our prize draw."},
    {"body": "Your feedback matters! Take our two-minute survey."},
    {"body": "Give us your feedback and win a hamper."},
])
def test_requests_for_feedback_are_not_feedback_replies(obj):
    assert infer_purpose(msg(**obj))[0] != "feedback-reply"


def test_this_week_mid_sentence_is_not_a_newsletter():
    assert infer_purpose(msg(body="30% off this week in all stores."))[0] == "promotional"


def test_reply_with_feedback_words_is_a_feedback_reply():
    m = msg(subject="Re: my idea", body="Your idea is a good one. Shop the sale: 20% off.",
            in_reply_to="<a@b.example>")
    assert infer_purpose(m)[0] == "feedback-reply"


def test_declared_purpose_wins_and_is_not_inferred():
    m = msg(subject="Summer sale", body="30% off", purpose="newsletter")
    ctx = resolve_context(m)
    assert (ctx.purpose, ctx.purpose_source, ctx.purpose_reason) == ("newsletter", "message", "")
    ctx = resolve_context(msg(subject="Summer sale"), Declared(config_purpose="milestone"))
    assert (ctx.purpose, ctx.purpose_source) == ("milestone", "config")
    ctx = resolve_context(msg(subject="Summer sale", body="30% off"))
    assert ctx.purpose_source == "inferred" and ctx.purpose_reason.startswith("inferred from")
