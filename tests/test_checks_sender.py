"""Sender-identity checks (MSG151-153): a From name that hides who is sending."""

from __future__ import annotations

import pytest

from msglint.api import Overrides, make_session
from msglint.checks.sender import display_span
from msglint.sources.mapping import message_from_mapping

_SESSION = make_session(overrides=Overrides(select=["MSG151", "MSG152", "MSG153"]))
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
