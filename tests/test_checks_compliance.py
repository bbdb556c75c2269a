"""Compliance checks (MSG341-343): opt-out, postal address, ad identification."""

from __future__ import annotations

import pytest

from msglint.api import Overrides, make_session
from msglint.sources.mapping import message_from_mapping
from msglint.rules.compliance import postal_address

CODES = ["MSG341", "MSG342", "MSG343"]
ADDRESS = "Acme Outdoor, 221B Baker Street, London NW1 6XE"
_SESSION = make_session(overrides=Overrides(select=CODES))


def lint(obj: dict, **meta):
    msg = message_from_mapping(obj, path="<t>", default_id="t")
    msg.meta.update(meta)
    return next(iter(_SESSION.linter.lint([msg])))


def rules(result) -> list[str]:
    return sorted(f.rule for f in result.findings)


PROMO = {"kind": "full-email", "subject": "Autumn sale: 30% off tents",
         "body": "Our autumn sale is on: 30% off all tents.\n\nThanks,\nAcme Outdoor"}


def test_bare_promotional_email_misses_everything():
    r = lint(PROMO)
    assert rules(r) == CODES
    sev = {f.rule: f.severity for f in r.findings}
    assert sev == {"MSG341": "error", "MSG342": "warning", "MSG343": "info"}
    # the finding points at the footer, where the missing line belongs
    assert all(f.text == "Acme Outdoor" for f in r.findings)


def test_unsubscribe_link_in_meta_links_counts():
    r = lint(PROMO, links=[["Click here", "https://acme.example/email/unsubscribe?u=1"]])
    assert "MSG341" not in rules(r)
    r = lint(PROMO, links=[["Manage preferences", "https://acme.example/p"]])
    assert "MSG341" not in rules(r)
    r = lint(PROMO, links=[["Shop now", "https://acme.example/sale"]])
    assert "MSG341" in rules(r)


def test_list_unsubscribe_header_counts():
    r = lint({**PROMO, "list_unsubscribe": "<mailto:u@acme.example>"})
    assert "MSG341" not in rules(r)


@pytest.mark.parametrize("footer", [
    "Unsubscribe", "Opt out of marketing emails", "Update your email preferences",
    "Manage preferences", "To stop receiving these emails, reply STOP",
])
def test_opt_out_wordings(footer):
    r = lint({**PROMO, "body": PROMO["body"] + "\n" + footer})
    assert "MSG341" not in rules(r)


def test_only_full_emails_are_judged():
    r = lint({k: v for k, v in PROMO.items() if k != "kind"})
    assert rules(r) == []


@pytest.mark.parametrize("purpose,expected", [
    ("transactional", []),
    ("service-recovery", []),
    ("milestone", []),
    ("newsletter", ["MSG341", "MSG342"]),
    ("promotional", CODES),
])
def test_purposes(purpose, expected):
    assert rules(lint({**PROMO, "purpose": purpose})) == expected


def test_compliant_promotion_is_clean():
    body = (f"Our autumn sale is on: 30% off all tents.\n\n"
            f"You are receiving this email because you signed up at acme.example.\n"
            f"{ADDRESS}\nUnsubscribe")
    assert rules(lint({**PROMO, "body": body})) == []


@pytest.mark.parametrize("text", [
    "221B Baker Street, London",
    "1 Infinite Loop, Cupertino, CA 95014",
    "350 Fifth Ave, New York",
    "Acme Inc., P.O. Box 4410, Portland",
    "PO Box 12",
    "Acme GmbH, Hauptstraße 5",
    "Acme GmbH\n10115 Berlin",
    "12 rue de Rivoli, Paris",
    "Via Roma 10, Milano",
    "London EC1V 9HX",
    "Springfield, IL 62704",
])
def test_postal_addresses_recognised(text):
    assert postal_address(text), text


@pytest.mark.parametrize("text", [
    "Since 1998 Acme has made tents.",
    "Save on 3 Road bikes this week.",
    "Our Main Street promise: fair prices.",
    "Order 12345 ships from Portland.",
    "Call 555-0100 any day.",
])
def test_not_postal_addresses(text):
    assert not postal_address(text), text


def test_opt_out_search_on_lowered_text_matches_the_case_blind_regex():
    from msglint.rules.compliance import UNSUBSCRIBE_RE, mentions_opt_out

    # the lower-cased search is only the same when the pattern has no capital letter
    assert UNSUBSCRIBE_RE.pattern == UNSUBSCRIBE_RE.pattern.lower()
    texts = ["UNSUBSCRIBE here", "Opt-Out", "Manage your E-Mail Preferences", "nothing at all",
             "UNSUBſCRIBE", "unſubscribe", "LIſTINFO", "lıstinfo", "lİstinfo", "İ unsubscribe",
             "Stop receiving these EMAILS", "x-LEAVE@lists", "Kelvin \u212a opt out", ""]
    for text in texts:
        assert mentions_opt_out(text) == (UNSUBSCRIBE_RE.search(text) is not None), text
