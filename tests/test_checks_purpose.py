"""Purpose-mismatch (MSG311-313) and self-centred voice (MSG321-322) checks, and
honest copy that must pass every check of this kind."""

from __future__ import annotations

import pytest

from msglint.api import Overrides, make_session
from msglint.model import SEVERITY_RANK
from msglint.sources.mapping import message_from_mapping

MINE = ("MSG15", "MSG31", "MSG32", "MSG33", "MSG34")
_ALL = make_session(overrides=Overrides())


def lint(obj: dict, **meta):
    msg = message_from_mapping(obj, path="<t>", default_id="t")
    msg.meta.update(meta)
    return next(iter(_ALL.linter.lint([msg])))


def mine(result, min_severity: str = "info") -> list[str]:
    return sorted(f.rule for f in result.findings if f.rule.startswith(MINE)
                  and SEVERITY_RANK[f.severity] >= SEVERITY_RANK[min_severity])


# -- the grocery customer of Avery, Fournier and Wittenbraker: ideas answered with promotions --

GROCERY_PROMO_REPLY = {
    "from": "FreshCart", "subject": "Thanks for your feedback!",
    "body": ("Thanks for your feedback! We love hearing from our customers. This week only, "
             "get 20% off fresh fruit and veg. Shop now and use code FRESH20 at checkout."),
}
GROCERY_REAL_REPLY = {
    "from": "Sam at FreshCart", "subject": "Your idea about delivery slots",
    "body": ("Thanks for your suggestion about earlier delivery slots. You were not the only "
             "one to ask, and from Monday you can book a 7am slot in the app. Tell us how it "
             "works for you: just reply to this email."),
}


def test_seed_004_promotion_in_answer_to_suggestion():
    r = lint(GROCERY_PROMO_REPLY)
    assert r.context.purpose == "feedback-reply"
    hits = [f for f in r.findings if f.rule == "MSG312"]
    assert hits and hits[0].category == "purpose-mismatch" and hits[0].severity == "warning"
    assert "suggestion" in hits[0].message


def test_seed_004_reply_that_reports_back_passes():
    r = lint(GROCERY_REAL_REPLY)
    assert r.context.purpose == "feedback-reply"
    assert mine(r) == []


# -- Michelli: service recovery ----------------------------------------------------------

def test_selling_inside_apology():
    r = lint({"subject": "We're sorry about your order",
              "body": "We're sorry your order arrived late. Don't miss our summer sale: 30% off "
                      "everything this week. Shop now!"})
    assert r.context.purpose == "service-recovery"
    hits = [f for f in r.findings if f.rule == "MSG311"]
    assert [h.text for h in hits] == ["Don't miss", "Shop now"]


def test_compensation_is_not_selling():
    r = lint({"body": "We're sorry your parcel arrived damaged. A replacement is on its way, and "
                      "please take 20% off your next order for the trouble."})
    assert mine(r) == []


def test_apology_without_acknowledgment():
    r = lint({"subject": "An apology",
              "body": "We apologize for any inconvenience this may have caused. We value your "
                      "business and thank you for your patience."})
    assert r.context.purpose == "service-recovery"
    assert [f.rule for f in r.findings if f.rule == "MSG313"] == ["MSG313"]


def test_sorry_for_inconvenience_alone_is_inferred_as_service_recovery():
    r = lint({"body": "Sorry for any inconvenience. Thanks for your patience."})
    assert r.context.purpose == "service-recovery"
    assert "MSG313" in [f.rule for f in r.findings]


# -- self-centred --------------------------------------------------------------------------

def test_company_goal_is_a_warning():
    r = lint({"subject": "Help us hit our Q4 target",
              "body": "It's the end of our quarter, and we're 50 orders short of our goal. "
                      "Take 20% off today."})
    hits = [f for f in r.findings if f.rule == "MSG322"]
    assert {h.field for h in hits} == {"subject", "body"}
    assert all(h.severity == "warning" and h.category == "self-centered" for h in hits)


def test_we_ratio_is_info_and_counts_pronouns():
    r = lint({"body": "We are proud of our new range. Our team built it in our studio and we "
                      "think we did our best work. We hope you like it."})
    hits = [f for f in r.findings if f.rule == "MSG321"]
    assert len(hits) == 1 and hits[0].severity == "info"
    assert '"we/our/us" 8 times against 1 for "you/your"' in hits[0].message


# -- honest copy: nothing at warning or above from these checks ------------------------------

HONEST = {
    "plain receipt": {
        "from": "Acme", "subject": "Your receipt for order #4412",
        "body": ("Thanks for your order. Order #4412\n1 x Trail boots, size 9: $120.00\n"
                 "Shipping: $0.00\nOrder total: $120.00\nWe'll email you when it ships."),
    },
    "real apology": {
        "from": "Ana at Acme", "subject": "We're sorry about your boots",
        "body": ("We're sorry: your boots arrived two days late and the box was damaged. We've "
                 "refunded the $9.99 delivery fee to your card, and a courier will collect the "
                 "box on Thursday. We apologize for the inconvenience."),
    },
    "best-friends note": {
        "from": "Harley Owners Group", "relationship": "best-friends", "purpose": "milestone",
        "subject": "Ten years on the road with you",
        "body": ("Ten years ago you joined us for your first ride. Since then you've logged "
                 "40,000 miles with the club. We're so glad you're part of this family. See you "
                 "at the rally in June."),
    },
    "concierge note": {
        "from": "Maya Lopez, Acme Private Travel", "relationship": "concierge",
        "subject": "Your Lisbon itinerary",
        "body": ("Good afternoon, Ms. Reyes. Your suite at the Palacio is confirmed for 12 to 15 "
                 "May, with the late checkout you asked for. Your driver will meet you at "
                 "arrivals. Should you wish to change anything, I am at your service."),
    },
    "feedback reply": GROCERY_REAL_REPLY,
    "newsletter": {
        "from": "The Acme Trail", "subject": "Issue 12: three walks for rainy days",
        "body": ("In this issue: three short walks for rainy days, how to dry wet boots, and a "
                 "reader's photo from Snowdonia. Happy walking."),
    },
    "plain promotion": {
        "from": "Acme", "subject": "Winter coats: 30% off until Sunday",
        "body": ("All winter coats are 30% off until Sunday 30 Nov at 23:59 CET. Free returns, "
                 "as always."),
    },
}


@pytest.mark.parametrize("name", list(HONEST))
def test_honest_copy_has_no_warning_from_these_checks(name):
    r = lint(HONEST[name])
    assert mine(r, "warning") == [], [(f.rule, f.text) for f in r.findings]
