"""Sender-identity checks (MSG151-155): a From name that hides who is sending."""

from __future__ import annotations

import pytest

from msglint.api import Overrides, make_session
from msglint.rules.sender import display_span
from msglint.sources.mapping import message_from_mapping

_SESSION = make_session(overrides=Overrides(select=["MSG151", "MSG152", "MSG153", "MSG154", "MSG155"]))
PROMO_BODY = "Our summer sale is on: 30% off all sandals. Shop now."


def lint(sender: str, body: str = PROMO_BODY, **extra):
    msg = message_from_mapping({"from": sender, "body": body, **extra}, path="<t>", default_id="t")
    return next(iter(_SESSION.linter.lint([msg]))).findings


@pytest.mark.parametrize("sender,rule", [
    ("update your record:", "MSG151"),
    ("WOW WOW WOW", "MSG151"),
    ("Breaking News", "MSG151"),
    ("Final Notice", "MSG151"),
    ("Security Alert", "MSG151"),
    ("Action Required", "MSG151"),
    ("Hot Deals", "MSG151"),
    ("Congratulations!", "MSG151"),
    ("Verify your account", "MSG151"),
    ("Your Account <no-reply@acme-mail.example>", "MSG151"),
    ("Breaking News | Acme", "MSG151"),
    ("Acme - Final Notice", "MSG151"),
    ("ACME MEGA DEALS", "MSG152"),
    ("Acme Deals!", "MSG152"),
    ("Acme:", "MSG152"),
    ("Acme Acme Acme", "MSG152"),
    ("Ana", "MSG153"),
    ("Jessica <jessica@acme.example>", "MSG153"),
    ('"Tom" <tom@news.acme.example>', "MSG153"),
])
def test_flagged_senders(sender, rule):
    found = lint(sender)
    assert [f.rule for f in found] == [rule], found
    f = found[0]
    assert f.category == "sender-identity" and f.severity == "error"
    assert f.field == "from" and f.text and "<" not in f.text


@pytest.mark.parametrize("sender", [
    "Acme", "The Acme Team", "Acme Support", "Ana at Acme", "Ana from Acme", "Dr. Ana Ruiz",
    "Ana Ruiz", "Acme Security", "Acme Security Alerts", "Acme News", "IKEA USA", "H&M",
    "AT&T", "Yahoo!", "Free People", "New Balance", "Save the Children", "Final Draft Films",
    "Duran Duran", "Zara", "Customer Service", "news@acme.example", "<news@acme.example>",
    "Acme <NEWS@ACME.EXAMPLE>", "J.Crew", "Mr Porter",
])
def test_honest_senders_pass(sender):
    assert lint(sender) == []


def test_bare_first_name_only_on_brand_sends():
    assert lint("Ana", body="Your order #4412 has shipped. Tracking number 1Z999.") == []
    assert lint("Ana", body="Anything", purpose="newsletter")
    assert lint("Ana", body="We're sorry your parcel arrived damaged.") == []


def test_finding_points_at_display_name_in_full_header():
    found = lint("Security Alert <alerts@acme-mail.example>")
    assert found[0].text == "Security Alert"
    assert found[0].column == 1


@pytest.mark.parametrize("value,expected", [
    ("Acme <news@acme.example>", "Acme"),
    ('"Acme News" <news@acme.example>', "Acme News"),
    ("news@acme.example", None),
    ("Acme", "Acme"),
    ("   ", None),
])
def test_display_span(value, expected):
    span = display_span(value)
    assert (value[span[0]:span[1]] if span else None) == expected


# -- names that are headlines, sentences, calls to action or fake conversations ------
# (examples written for these tests; a name is judged on what the reader sees first)

@pytest.mark.parametrize("sender,rule", [
    # a headline in the name, with or without the sender tagged on after it
    ("Harbour Update", "MSG151"),
    ("Council Vote Alert (via Acme)", "MSG151"),
    ("Ana Ruiz Alert", "MSG151"),
    ("Riverside DISASTER", "MSG151"),
    ("terrible outcome [Acme]", "MSG151"),
    ("BAD news for savers", "MSG151"),
    ("sad update", "MSG151"),
    ("Approval Needed", "MSG151"),
    ("Input Requested -- Acme", "MSG151"),
    ("Ana: Reply Needed", "MSG151"),
    ("Park Closures Alerts via Acme", "MSG151"),
    ("[URGENT] Acme HQ", "MSG151"),
    ("March 3, 2026", "MSG151"),
    ("Ana - 04/05/2026 (via Acme)", "MSG151"),
    ("300%-Match Active", "MSG151"),
    ("Official Member Poll", "MSG151"),
    ("Last chance (via Acme)", "MSG151"),
    ("urgent@acme.example", "MSG151"),
    ("Acme Rates PLUMMETING", "MSG151"),
    # a sentence, a question or a call to action
    ("we're so worried", "MSG154"),
    ("it's over", "MSG154"),
    ("Don't Delete This", "MSG154"),
    ("confirmed by the board", "MSG151"),
    ("This is not good", "MSG154"),
    ("Can you help us?", "MSG154"),
    ("Acme just announced this", "MSG154"),
    ("please reply soon", "MSG154"),
    ("Read Before You Delete", "MSG154"),
    ("Sign our card", "MSG154"),
    ("Stand with Ana Ruiz >>", "MSG154"),
    ("Thank the Nurses [Acme]", "MSG154"),
    ("Elect Ana Ruiz", "MSG154"),
    ("hoping to hear back", "MSG154"),
    ("out of luck in the city", "MSG154"),
    ("Ana Ruiz [please reply soon]", "MSG154"),
    ("Ana: please reply today", "MSG154"),
    ("Take Action | Acme", "MSG154"),
    ("Do not delete (Acme)", "MSG154"),
    ("Acme Can Still Win (via Acme PAC)", "MSG154"),
    ("Vote-Alert (via Acme)", "MSG151"),
    ("Harbour Update \u2757via Acme", "MSG151"),
    # a fake recipient, thread or unread count
    ("To: Ana Ruiz", "MSG155"),
    ("Dear Ana Ruiz", "MSG155"),
    ("me, Ana (3)", "MSG155"),
    ("(1) Calendar Invite", "MSG155"),
    ("[4] missed messages", "MSG155"),
    # the sender tagged after a slogan that ends in "!"
    ("Happy Friday! (via Acme)", "MSG152"),
])
def test_names_that_are_not_names(sender, rule):
    found = lint(sender)
    assert [f.rule for f in found] == [rule], (sender, [(f.rule, f.message) for f in found])
    assert found[0].category == "sender-identity" and found[0].suggestion


@pytest.mark.parametrize("sender", [
    # brand channels: plural or mass nouns name a channel, not an item of news
    "Acme Alerts", "Acme Price Alerts", "Acme News", "Acme Breaking News", "Acme Updates",
    "Acme Weekly", "Acme Daily Briefing", "Acme Network Alert", "Acme Rewards", "Acme Weekly Update",
    # organisations named with a verb or an alarm word
    "Save the Children", "Stand Up To Cancer", "Keep Rivers Clean", "Protect Our Rivers",
    "Open Table", "Check Point Software", "Give Directly", "Sign In With Acme",
    "Urgent Care of Acme", "Emergency Committee for Acme", "Disaster Relief Fund",
    "You Need A Budget", "We Are Knitters", "Our Place", "Read & Co. Books",
    # people, with or without the organisation
    "Ana Ruiz (via Acme Docs)", "Ana Ruiz on Acme Chat", "Chip Ruiz, Acme", "Rush Ruiz",
    "Ruiz, Ana", "RUIZ,ANA (Acme-Madrid,ex2)", "ANA RUIZ", "Dr Ana Ruiz", "Ana Ruiz Update",
    "Kelly R.", "Ana (personal)", "Team Ana", "Acme HQ", "QRS HQ", "QRS - MMXXVI",
    "Ana Ruiz at Acme!", "Jo on Team Acme!", "jo at acme", "ana de la cruz", "Do Something",
    "Ana Ruiz [Acme]", "Ana: Acme",
    # brand names that hold a mood or hype word
    "Bad Robot", "Mad Paws", "Epic Games", "Critical Role", "Double Trouble Brewing",
    # a headline noun that opens a brand name; a country after a channel
    "Poll Everywhere", "Survey Junkie", "The Petition Site", "Acme News (UK)", "Acme Alerts (EU)",
    # status words and contractions in brand names
    "Approved Cash", "Locked Out Escape Rooms", "Due Diligence Partners", "That's It", "It's Sugar",
    # brand styles: a word in capitals, a trailing full stop
    "WIRED", "Glossier.", "Acme (UK)", "news@acme.example", "info@acme.example",
])
def test_names_that_name_the_sender_pass(sender):
    assert lint(sender) == [], [(f.rule, f.message) for f in lint(sender)]


def test_notices_pass_on_transactional_mail():
    body = "Your order #4412 has shipped. Tracking number 1Z999."
    for sender in ("Order Update", "Delivery Notification", "Payment Received", "Acme Order Update"):
        assert lint(sender, body=body) == [], sender


def test_bare_first_name_needs_evidence_of_a_brand_send():
    # a subject alone, or a note with no selling or newsletter copy: maybe a person
    assert lint("Ana", body="") == []
    assert lint("Ana", body="Are we still on for lunch on Friday?") == []
    # a reply is correspondence
    assert lint("Ana", in_reply_to="<1@mail.example>") == []
    assert lint("Ana", references="<1@mail.example>") == []
    # selling copy, or a declared campaign purpose, is a brand send
    assert [f.rule for f in lint("Ana")] == ["MSG153"]
    assert [f.rule for f in lint("Ana", body="Hello!", purpose="promotional")] == ["MSG153"]


def test_correspondence_silences_sender_identity():
    from msglint.engine.analysis import Analysis
    from msglint.rules import load_registry
    from msglint.model import Context

    rules = {r.id: r for r in load_registry() if r.id in ("MSG151", "MSG153", "MSG154")}
    for sender, code in (("Ana", "MSG153"), ("Harbour Update", "MSG151"), ("please reply soon", "MSG154")):
        msg = message_from_mapping({"from": sender, "body": PROMO_BODY}, path="<t>", default_id="t")
        for purpose, expected in (("promotional", 1), ("correspondence", 0)):
            a = Analysis.build(msg, Context("unknown", purpose, "default", "inferred"))
            assert len(list(rules[code].runner(a, rules[code]))) == expected, (sender, purpose)


def test_list_post_from_a_person_passes(tmp_path):
    from msglint.api import iter_results

    eml = tmp_path / "post.eml"
    eml.write_text(
        "From: Tom <tom@lists.example.org>\n"
        "To: dev-list@lists.example.org\n"
        "Subject: Re: [dev] build fails on arm64\n"
        "In-Reply-To: <abc@lists.example.org>\n"
        "List-Unsubscribe: <mailto:dev-leave@lists.example.org>\n\n"
        "> does it still fail?\n\nYes, same error after the upgrade. I will send a patch.\n"
    )
    results = list(iter_results([str(eml)], _SESSION))
    assert [f.rule for r in results for f in r.findings] == []


@pytest.mark.parametrize("sender,tag", [
    ("Harbour Update (via Acme)", "Acme"),
    ("terrible outcome [Acme Action Fund]", "Acme Action Fund"),
    ("Input Requested -- Acme", "Acme"),
    ("Breaking News | Acme", "Acme"),
    ("Sign the card >> Acme", "Acme"),
    ("Park Alerts via Ana Ruiz", "Ana Ruiz"),
])
def test_suggestion_names_the_tagged_sender_and_passes(sender, tag):
    found = lint(sender)
    assert len(found) == 1
    assert f'Send as "{tag}"' in found[0].suggestion
    # the names the suggestion offers pass msglint itself
    for offered in (tag, f"Ana at {tag}"):
        assert lint(offered) == [], offered


def test_suggestion_without_a_tag_is_the_rule_hint():
    found = lint("Harbour Update")
    assert found[0].suggestion.startswith("Use the brand or a person with the brand")
