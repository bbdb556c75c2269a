"""Context from evidence: campaign send or correspondence, what it rests on, and how the
engine judges correspondence (authenticity silent, pressure only next to a sell).

Every message here is written for the test; none is taken from any dataset."""

from __future__ import annotations

import pytest

from msglint.engine.context import Declared, resolve_context
from msglint.engine.evidence import (
    CAMPAIGN, CORRESPONDENCE, blank_non_copy, commercial_signals, send_evidence,
)
from msglint.sources.eml import read_eml
from msglint.sources.mapping import message_from_mapping


def msg(**obj):
    return message_from_mapping(obj, path="<t>", default_id="t")


def eml(headers: str, body: str):
    return next(read_eml(headers.strip() + "\n\n" + body, "<t>.eml"))


REPLY_BODY = ("Sounds good, I'll bring the maps.\n\n"
              "> Shall we meet at the station at nine?\n> Bring a map.\n")


# -- the verdict -------------------------------------------------------------------------

def test_subject_line_alone_is_a_campaign():
    ev = send_evidence(msg(subject="Re: your discount"))
    assert ev.kind == CAMPAIGN and ev.correspondence == ()


def test_quoted_reply_is_correspondence():
    ev = send_evidence(msg(subject="Re: Sunday", body=REPLY_BODY))
    assert ev.kind == CORRESPONDENCE and "quoted text" in ev.correspondence


def test_reply_headers_are_correspondence():
    ev = send_evidence(msg(subject="Re: minutes", in_reply_to="<a@b.example>", body="Agreed."))
    assert ev.kind == CORRESPONDENCE and ev.correspondence == ("reply headers",)


def test_a_quoted_reply_that_sells_is_a_campaign():
    body = "Order now: 30% off everything, $19.99 a pair.\n\n> Do you still stock the boots?"
    ev = send_evidence(msg(subject="Re: boots", body=body))
    assert ev.kind == CAMPAIGN
    assert {"price", "discount", "call to action"} <= set(ev.signals)


def test_bulk_sender_headers_make_a_campaign_whatever_the_quoting():
    ev = send_evidence(msg(subject="Re: Sunday", body=REPLY_BODY, esp="x-campaign-id"))
    assert ev.kind == CAMPAIGN


def test_thread_index_counts_only_when_it_is_a_reply():
    base = "A" * 32  # what every Outlook message carries
    assert send_evidence(msg(subject="Hello", thread_index=base, body="Hi")).kind == CAMPAIGN
    ev = send_evidence(msg(subject="RE: Hello", thread_index=base + "BBBBBBB", body="Hi"))
    assert ev.kind == CORRESPONDENCE and "Thread-Index of a reply" in ev.correspondence


def test_discussion_list_post_is_correspondence_and_its_footer_is_no_sell():
    m = msg(subject="[hikers] Route for Saturday", list_id="<hikers.lists.example>",
            list_post="<mailto:hikers@lists.example>",
            body="I'd go by the ridge.\n\nTo unsubscribe, visit the list page.")
    ev = send_evidence(m)
    assert ev.kind == CORRESPONDENCE and ev.signals == ()


def test_announcement_list_is_not_a_discussion():
    m = msg(subject="[acme-announce] Version 2 is out", list_id="<acme-announce.lists.example>",
            list_post="<mailto:acme-announce@lists.example>", body="Version 2 is out.")
    assert send_evidence(m).kind == CAMPAIGN


def test_bulk_removal_language_is_a_sell_even_on_a_list():
    m = msg(subject="[hikers] Business opportunity", list_id="<hikers.lists.example>",
            list_post="<mailto:hikers@lists.example>",
            body="This is a one-time mailing. Earn money from home: call toll-free today.")
    assert send_evidence(m).kind == CAMPAIGN


def test_commercial_signals_count_each_kind_once():
    assert commercial_signals("$5, $10 and $20") == ["price"]
    assert commercial_signals("See you at nine.") == []


# -- context -----------------------------------------------------------------------------

def test_inferred_correspondence_shows_its_evidence():
    ctx = resolve_context(msg(subject="Re: Sunday", body=REPLY_BODY))
    assert (ctx.purpose, ctx.purpose_source, ctx.send) == ("correspondence", "inferred", CORRESPONDENCE)
    assert '"quoted text"' in ctx.purpose_reason and "no commercial signals" in ctx.purpose_reason
    assert "quoted text" in ctx.correspondence_evidence


def test_declared_purpose_wins_over_evidence():
    ctx = resolve_context(msg(subject="Re: Sunday", body=REPLY_BODY, purpose="promotional"))
    assert (ctx.purpose, ctx.send) == ("promotional", CAMPAIGN)
    ctx = resolve_context(msg(subject="Re: Sunday", body=REPLY_BODY), Declared(cli_purpose="newsletter"))
    assert ctx.purpose == "newsletter"


def test_declared_correspondence_is_judged_as_correspondence():
    ctx = resolve_context(msg(subject="Nicely done!", purpose="correspondence"))
    assert (ctx.purpose, ctx.send) == ("correspondence", CORRESPONDENCE)


def test_a_brand_reply_that_sells_stays_a_brand_reply():
    m = msg(subject="Re: my idea", in_reply_to="<a@b.example>",
            body="Thanks for your suggestion. Shop the sale: 20% off.")
    assert resolve_context(m).purpose == "feedback-reply"


# -- the engine --------------------------------------------------------------------------

def _lint(m):
    from msglint import api
    return [f for r in api.lint([m]) for f in r.findings]


def codes(m):
    return {f.rule: f for f in _lint(m)}


def test_correspondence_silences_authenticity_categories():
    found = codes(msg(subject="Re: the launch", body="Congrats! Way to go on the launch.\n\n"
                                                      "> We shipped it last night."))
    assert not {"MSG141", "MSG101"} & set(found)


def test_the_same_reply_without_evidence_is_judged_as_a_campaign():
    found = codes(msg(subject="Re: the launch", body="Congrats! Way to go."))
    assert "MSG141" in found


def test_pressure_in_correspondence_needs_a_sell_in_its_paragraph():
    alarm = msg(subject="Re: build", body="URGENT: the build is broken again, please look.\n\n"
                                          "> Did the nightly pass?")
    assert not any(f.category == "shouting" for f in _lint(alarm))
    pitch = msg(subject="Re: build", body="URGENT: order now, only $19.95 today.\n\n"
                                          "> Did the nightly pass?")
    assert any(f.category == "shouting" for f in _lint(pitch))
    report = msg(subject="Re: films", body="The new films are selling like hot cakes: $40m in a week.\n\n"
                                           "> Are they popular abroad?")
    assert not any(f.category == "false-scarcity" for f in _lint(report))


# -- text that is not copy ---------------------------------------------------------------

def test_blanking_keeps_positions_and_hides_non_copy():
    text = ("Here is the log.\n"
            "From: someone@example.org\nSubject: WARNING LOUD\n\n"
            "-----BEGIN PGP SIGNATURE-----\nABCDEF\n-----END PGP SIGNATURE-----\n"
            "> QUOTED SHOUTING\n"
            "Thanks.\n-- \nSAM AT HOME\n")
    out = blank_non_copy(text)
    assert len(out) == len(text) and out.count("\n") == text.count("\n")
    assert out.startswith("Here is the log.\n") and "Thanks." in out
    for hidden in ("WARNING LOUD", "PGP", "QUOTED SHOUTING", "SAM AT HOME"):
        assert hidden not in out


def test_quoted_shouting_is_never_reported():
    found = _lint(msg(subject="Lunch", body="See you at one.\n\n> HUGE SALE TODAY ONLY"))
    assert not any(f.category == "shouting" for f in found)


# -- the .eml reader's evidence ----------------------------------------------------------

def test_eml_keeps_list_and_reply_facts():
    m = eml("From: Ann <ann@example.org>\nSubject: Re: [hikers] Saturday\n"
            "List-Id: <hikers.lists.example>\nList-Post: <mailto:hikers@lists.example>",
            "Count me in.\n\nOn Fri, Bo wrote:\n> Who is coming?\n")
    assert m.meta["list_id"] and m.meta["list_post"]
    assert "attribution line" in m.meta["quoting"]
    ctx = resolve_context(m)
    assert ctx.purpose == "correspondence"
    assert "reply within the list's thread" in ctx.correspondence_evidence


def test_eml_list_footer_is_not_a_personal_signature():
    m = eml("From: Ann <ann@example.org>\nSubject: Saturday",
            "Count me in.\n-- \nHikers list: https://lists.example/listinfo/hikers\n")
    assert m.meta["quoting"] == ["list footer"]


@pytest.mark.parametrize("rule_line", ["_" * 30, "-" * 30])
def test_eml_a_rule_above_the_footer_does_not_hide_it(rule_line):
    body = (f"In this issue: three walks.\n{rule_line}\n"
            "Acme Outdoor, 221B Baker Street, London NW1 6XE\nUnsubscribe: https://acme.example/u\n")
    m = eml("From: Acme <news@acme.example>\nSubject: Issue 12", body)
    assert "221B Baker Street" in m.text("body") and "Unsubscribe" in m.text("body")


def test_eml_mailing_list_footer_under_a_rule_is_not_copy():
    body = ("Version 2 fixes the sync bug.\n" + "_" * 40 + "\nhikers maillist  -  hikers@lists.example\n"
            "https://lists.example/mailman/listinfo/hikers\nPlease DO NOT reply to this list!\n")
    m = eml("From: Ann <ann@example.org>\nSubject: Version 2", body)
    assert "DO NOT" not in m.text("body") and m.meta["quoting"] == ["list footer"]


def test_eml_outlook_rule_above_a_quoted_message_still_cuts():
    body = "Fine by me.\n" + "_" * 32 + "\nFrom: Bo\nSent: Friday\nSubject: plan\n\nOLD TEXT\n"
    m = eml("From: Ann <ann@example.org>\nSubject: RE: plan", body)
    assert "OLD TEXT" not in m.text("body")
    assert "original message" in m.meta["quoting"]


# -- pressure next to its own basis ------------------------------------------------------

def test_a_short_cry_reads_the_basis_the_next_sentence_gives():
    dated = _lint(msg(body="Don't miss it! The talk is on Thursday 12 June at 18:00 in room 4."))
    assert not any(f.rule == "MSG203" for f in dated)
    bare = _lint(msg(body="Don't miss it! Everything must go."))
    assert any(f.rule == "MSG203" for f in bare)
    # a longer sentence stands alone: its neighbour's date is not its basis
    long = _lint(msg(body="Don't miss it or you will regret it for years. The talk is on 12 June at 18:00."))
    assert any(f.rule == "MSG203" for f in long)
