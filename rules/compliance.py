"""Compliance: what a commercial email must carry.

Only a whole email can be judged: a subject line or a CSV row of copy has no footer,
so these checks apply to ``full-email`` messages (.eml files and full HTML documents)
whose purpose is commercial. They look for an opt-out path (link text or address, a
``List-Unsubscribe`` header, or the words in the body), a postal address, and, for
promotions, words that identify the message as an advertisement. They say what is
missing; they are not legal advice, and the last one depends on the jurisdiction.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..engine.analysis import Analysis
from ..engine.checks import Hit, check
from ..engine.lazy_regex import lazy
from ..engine.rule import Rule

UNSUBSCRIBE_RE = lazy(
    r"unsubscribe|opt[ _-]?out|(?:manage|update|change|edit)[ _-]?(?:your[ _-]?)?(?:e-?mail[ _-]?|subscription[ _-]?|notification[ _-]?|communication[ _-]?|marketing[ _-]?)?preferences"
    r"|(?:e-?mail|subscription|communication|marketing)[ _-]?(?:preferences|settings)"
    r"|stop (?:receiving|getting) (?:these|our|marketing|promotional) e-?mails|remove me from"
    r"|(?:subscription|preference|e-?mail) (?:centre|center)"
    r"|(?:manage|update|change|edit) (?:your |my )?(?:e-?mail )?subscriptions?\b"
    # the opt-outs of older and plain-text lists: "to be removed, reply REMOVE",
    # "send a blank message to ...-leave@", a list's (un)subscription footer
    r"|to be removed\b|reply (?:with )?(?:the word )?[\"']?remove\b|remove (?:yourself|your (?:e-?mail|address|name))\b"
    r"|leave this list|-(?:leave|unsubscribe|request)@|\(un\)subscri|listinfo",
    re.IGNORECASE,
)

_STREET_WORDS = (
    r"Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.?|Way|"
    r"Place|Pl\.?|Court|Ct\.?|Square|Sq\.?|Parkway|Pkwy\.?|Highway|Hwy\.?|Terrace|Crescent|"
    r"Close|Circle|Loop|Row|Plaza|Alley|Mews|Quay|Wharf|Walk|Hill|Park|Gardens|Green"
)
POSTAL_RES = (
    # 221B Baker Street, 1 Infinite Loop, 350 Fifth Ave
    lazy(r"\b\d{1,5}[A-Za-z]?,?\s+(?:[A-Z0-9][\w'.-]{0,40}\s+){1,4}(?:" + _STREET_WORDS + r")(?=\W|$)"),
    # Hauptstraße 5, Kurfürstendamm 21 is too open; German/Dutch/Nordic suffixes with a number
    lazy(r"\b[A-ZÄÖÜ][\wäöüß-]{0,40}(?:stra(?:ss|ß)e|str\.|weg|gasse|platz|allee|damm|ring|gade|vej|straat|gatan)\s+\d{1,4}[a-z]?\b"),
    # 12 rue de Rivoli, Via Roma 10, Calle Mayor 5, Avenida da Liberdade 10
    lazy(r"\b\d{1,4},?\s+(?:rue|avenue|boulevard|place|chemin|quai)\s+\w", re.IGNORECASE),
    lazy(r"\b(?:Via|Viale|Piazza|Calle|Avenida|Rua|Plaza|Paseo|Carrer)\s+(?:[\w'.-]+\s+){0,3}\d{1,4}\b"),
    # P.O. Box 123, Postfach 10 10, BP 42
    lazy(r"\b(?:P\.? ?O\.? ?Box|Post Office Box|Postfach|Apartado|Case postale|BP)\s*\d+", re.IGNORECASE),
    # City, ST 12345 (US), and City ST 12345-6789
    lazy(r"\b[A-Z][a-zA-Z.\s-]{1,30},?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?\b"),
    # UK postcode: SW1A 1AA, EC1V 9HX, M1 1AE
    lazy(r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b"),
    # 10115 Berlin, 75001 Paris, 1011 AB Amsterdam
    # (after a comma or at a line start, so "Since 1998 Acme" is not a postcode)
    lazy(r"(?:^|,\s*)(?:[A-Z]{1,2}-)?\d{4,5}(?:\s[A-Z]{2})?\s+[A-ZÄÖÜ][a-zäöüéèß]+(?:[ -][A-Z][a-zäöüéèß]+)?\b",
               re.MULTILINE),
)

AD_IDENTIFICATION_RE = lazy(
    r"\b(?:advertisement|advertising|advert|sponsored|paid promotion|promotional (?:e-?mail|message|offer|communication)"
    r"|marketing (?:e-?mail|message|communication)|commercial (?:e-?mail|message|communication)"
    r"|this (?:e-?mail|message) is an? (?:ad|promotion|offer))\b"
    r"|\[ad\]|\(ad\)|^[ \t]*ad[ \t]*[:|-]",  # (not \s*: a run of blank lines was quadratic)
    re.IGNORECASE | re.MULTILINE,
)

LAW = (
    "US CAN-SPAM Act, 15 U.S.C. 7704(a)(3)-(5); UK PECR reg. 22-23 and the CAP Code "
    "(rules 2.1, 10); EU e-Commerce Directive 2000/31/EC art. 6 and the ePrivacy Directive art. 13"
)


def _links(a: Analysis) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    raw: Any = a.message.meta.get("links") or []
    for item in raw:
        if isinstance(item, (list, tuple)) and item:
            text = str(item[0] or "")
            href = str(item[1] or "") if len(item) > 1 else ""
            out.append((text, href))
        elif isinstance(item, str):
            out.append(("", item))
    return out


#: ``UNSUBSCRIBE_RE`` matched case-sensitively, for lower-cased text (every letter of
#: the pattern is lower case)
_UNSUBSCRIBE_LOWER = lazy(UNSUBSCRIBE_RE.pattern)


def mentions_opt_out(text: str) -> bool:
    """``UNSUBSCRIBE_RE.search(text) is not None``, searched case-sensitively in the
    lower-cased text (a quarter of the time: a case-blind alternation is tried at every
    position with case folding). Trying every code point: a character matches one of
    the pattern's characters ignoring case exactly when its lower case is that
    character, and is a word character exactly when its lower case is, except ı and
    the long s (which match i and s) and İ (whose lower case is two characters); a
    text holding one of those is searched as before."""
    low = text.lower()
    if len(low) != len(text) or "\u0131" in text or "\u017f" in text:
        return UNSUBSCRIBE_RE.search(text) is not None
    return _UNSUBSCRIBE_LOWER.search(low) is not None


def has_opt_out(a: Analysis) -> bool:
    if a.message.meta.get("list_unsubscribe"):
        return True
    if any(mentions_opt_out(t) or mentions_opt_out(h) for t, h in _links(a)):
        return True
    return mentions_opt_out(a.all_text)


def postal_address(text: str) -> re.Match[str] | None:
    for rx in POSTAL_RES:
        m = rx.search(text)
        if m:
            return m
    return None


def _footer(a: Analysis) -> tuple[str, int, int]:
    """Where a missing footer item belongs: the body's last line (or the subject)."""
    for name in ("body", "subject", "preheader", "from"):
        text = a.norm_text(name)
        if text.strip():
            end = len(text.rstrip())
            start = text.rfind("\n", 0, end) + 1
            while start < end and text[start].isspace():
                start += 1
            return name, start, end
    return "body", 0, 0


APPLIES = {"kind": ["full-email"], "purpose": ["promotional", "newsletter"]}
FOOTER = ("We may send you offers from time to time.\n\nAcme Outdoor Ltd")
ADDRESS = "Acme Outdoor, 221B Baker Street, London NW1 6XE"
UNSUB = "Unsubscribe: https://acme.example/u/123"


@check(
    id="MSG341",
    name="no-unsubscribe",
    category="compliance",
    severity="error",
    fields=["body"],
    message="This commercial email has no unsubscribe or opt-out link and no List-Unsubscribe header.",
    why=(
        "Every commercial email must give a working way to opt out of further mail "
        f"({LAW}); without one, readers report it as spam instead, and mailbox providers "
        "now require one-click List-Unsubscribe for bulk senders."
    ),
    suggestion="Add an unsubscribe link in the footer (\"Unsubscribe\" or \"Manage email preferences\") and a List-Unsubscribe header.",
    use_instead='Footer: "Don\'t want these emails? Unsubscribe." with a working link',
    applies=APPLIES,
    examples={
        "flag": [
            {"kind": "full-email", "subject": "Autumn sale: 30% off tents",
             "body": f"Our autumn sale is on: 30% off all tents.\n\n{ADDRESS}"},
            {"kind": "full-email", "purpose": "newsletter", "subject": "The Acme Trail, issue 12",
             "body": f"In this issue: three walks for rainy days.\n\n{ADDRESS}"},
            {"kind": "full-email", "subject": "New boots are in",
             "body": f"Shop the new range today.\n\nQuestions? Contact us any time.\n{ADDRESS}"},
        ],
        "pass": [
            {"kind": "full-email", "subject": "Autumn sale: 30% off tents",
             "body": f"Our autumn sale is on: 30% off all tents.\n\n{ADDRESS}\n{UNSUB}"},
            {"kind": "full-email", "subject": "Autumn sale: 30% off tents",
             "list_unsubscribe": "<https://acme.example/u/123>",
             "body": f"Our autumn sale is on: 30% off all tents.\n\n{ADDRESS}"},
            {"kind": "full-email", "subject": "New boots are in",
             "body": f"Shop the new range today.\n\nManage your email preferences.\n{ADDRESS}"},
            {"kind": "full-email", "subject": "New boots are in",
             "body": f"Shop the new range today.\n\n{ADDRESS}\nSubscription centre"},
            {"kind": "full-email", "purpose": "newsletter", "subject": "Issue 4",
             "body": f"In this issue: pens.\n{ADDRESS}\nUpdate your subscription"},
            # plain-text list opt-outs are opt-outs too
            {"kind": "full-email", "purpose": "newsletter", "subject": "Issue 9",
             "body": f"In this issue: inks.\n{ADDRESS}\nTo be removed, reply with REMOVE in the subject."},
            {"kind": "full-email", "purpose": "newsletter", "subject": "Issue 10",
             "body": f"In this issue: nibs.\n_____________________________\n{ADDRESS}\n"
                     "Send a blank message to pens-leave@lists.acme.example to leave this list."},
            # personal mail owes no footer
            {"kind": "full-email", "purpose": "correspondence", "subject": "Lunch on Friday?",
             "body": "Are you free at one? The new place on the corner does a good soup."},
            {"subject": "Autumn sale: 30% off tents", "body": "Our autumn sale is on: 30% off all tents."},
            {"kind": "full-email", "purpose": "transactional", "subject": "Your order #4412 has shipped",
             "body": "Your order #4412 has shipped. Track it in the app."},
        ],
    },
)
def no_unsubscribe(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """For a full email (.eml or HTML document) that is promotional or a newsletter,
    looks for an opt-out path: a List-Unsubscribe header, a link whose text or address
    says unsubscribe / opt out / manage preferences, or those words in the copy. Copy
    snippets (CSV rows, subject lines) are not judged; transactional mail is exempt."""
    name, s, e = _footer(a)
    if name not in a.views or a.unread(name, s, e):
        return  # (a rewrite's lint: the footer lies outside what its verdict reads)
    if has_opt_out(a):
        return
    yield Hit(name, s, e)


@check(
    id="MSG342",
    name="no-postal-address",
    category="compliance",
    severity="warning",
    fields=["body"],
    message="This commercial email gives no postal address for the sender.",
    why=(
        "A commercial email must include the sender's valid physical postal address "
        "(CAN-SPAM, 15 U.S.C. 7704(a)(5)(A)(iii)); EU and UK rules require the sender's "
        "geographic address to be easily available (e-Commerce Directive art. 5, UK "
        "E-Commerce Regulations reg. 6). A street address or a registered PO Box counts."
    ),
    suggestion="Add the company's postal address to the footer (a street address or a registered PO Box).",
    use_instead='Footer: "Acme Outdoor, 221B Baker Street, London NW1 6XE"',
    applies=APPLIES,
    examples={
        "flag": [
            {"kind": "full-email", "subject": "Autumn sale",
             "body": f"30% off all tents this week.\n\n{FOOTER}\n{UNSUB}"},
            {"kind": "full-email", "subject": "Open 7 days a week",
             "body": f"Visit us on Main Street, open 7 days a week. Call 555-0100.\n{UNSUB}"},
            {"kind": "full-email", "purpose": "newsletter", "subject": "Issue 12",
             "body": f"In this issue: 3 Road bikes we love, and 10 tips for winter rides.\n{UNSUB}"},
        ],
        "pass": [
            {"kind": "full-email", "subject": "Autumn sale",
             "body": f"30% off all tents.\n\n{ADDRESS}\n{UNSUB}"},
            {"kind": "full-email", "subject": "Autumn sale",
             "body": f"30% off all tents.\n\nAcme Inc., P.O. Box 4410, Portland, OR 97208\n{UNSUB}"},
            {"kind": "full-email", "subject": "Herbst-Sale",
             "body": f"30% auf alle Zelte.\n\nAcme GmbH, Hauptstraße 5, 10115 Berlin\n{UNSUB}"},
            {"subject": "Autumn sale", "body": "30% off all tents this week."},
        ],
    },
)
def no_postal_address(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """For a promotional or newsletter full email, looks for a postal address anywhere
    in the copy: a number with a capitalised street name and street word ("221B Baker
    Street", "1 Infinite Loop"), a European street form ("Hauptstraße 5", "12 rue de
    Rivoli"), a PO Box or Postfach, a US "City, ST 12345", a UK postcode or a
    "10115 Berlin" postcode with its city."""
    name, s, e = _footer(a)
    if name not in a.views or a.unread(name, s, e):
        return  # (a rewrite's lint: the footer lies outside what its verdict reads)
    if postal_address(a.all_text):
        return
    yield Hit(name, s, e)


@check(
    id="MSG343",
    name="ad-not-identified",
    category="compliance",
    severity="info",
    fields=["body"],
    message="This promotion never says it is an advertisement or why the reader receives it; some jurisdictions require one or the other.",
    why=(
        "CAN-SPAM requires \"clear and conspicuous identification that the message is an "
        "advertisement or solicitation\" unless the recipient gave affirmative consent "
        "(15 U.S.C. 7704(a)(5)(A)(i)); the UK CAP Code (rule 2.1) and the EU e-Commerce "
        "Directive (art. 6(a)) require commercial communications to be clearly identifiable "
        "as such. Whether words are needed depends on the jurisdiction and on consent, so "
        "this is information, not an error."
    ),
    suggestion="Say what the message is and why it was sent: \"You're receiving this marketing email because you signed up at acme.com.\"",
    use_instead='Footer: "This is a marketing email from Acme. You get it because you joined our list."',
    applies={"kind": ["full-email"], "purpose": ["promotional"]},
    examples={
        "flag": [
            {"kind": "full-email", "subject": "Autumn sale: 30% off tents",
             "body": f"Our autumn sale is on: 30% off all tents.\n\n{ADDRESS}\n{UNSUB}"},
            {"kind": "full-email", "subject": "Flights under $200",
             "body": f"Book now: flights to Lisbon under $200.\n\n{ADDRESS}\n{UNSUB}"},
            {"kind": "full-email", "purpose": "promotional", "subject": "Meet our new range",
             "body": f"Shop the new range today.\n\n{ADDRESS}\nManage email preferences"},
        ],
        "pass": [
            {"kind": "full-email", "subject": "[Ad] Autumn sale: 30% off tents",
             "body": f"Our autumn sale is on: 30% off all tents.\n\n{ADDRESS}\n{UNSUB}"},
            {"kind": "full-email", "subject": "Autumn sale: 30% off tents",
             "body": f"Our autumn sale is on.\n\nYou are receiving this email because you signed up "
                     f"at acme.example.\n{ADDRESS}\n{UNSUB}"},
            {"kind": "full-email", "subject": "Autumn sale: 30% off tents",
             "body": f"Our autumn sale is on.\n\nThis is a promotional email from Acme.\n{ADDRESS}\n{UNSUB}"},
            {"kind": "full-email", "purpose": "newsletter", "subject": "The Acme Trail, issue 12",
             "body": f"In this issue: three walks for rainy days.\n\n{ADDRESS}\n{UNSUB}"},
        ],
    },
)
def ad_not_identified(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """For a promotional full email, looks for words identifying it as an advertisement
    ("Ad:", "[Ad]", "advertisement", "sponsored", "promotional email", "marketing
    email") or stating the consent it is sent on ("you are receiving this because you
    signed up / subscribed / opted in"). Newsletters and transactional mail are not
    judged."""
    text = a.all_text
    if AD_IDENTIFICATION_RE.search(text) or CONSENT_RE.search(text):
        return
    name, s, e = _footer(a)
    if name not in a.views:
        return
    yield Hit(name, s, e)


CONSENT_RE = lazy(
    r"\byou(?:'re| are)? (?:receiving|getting|received|get) this(?: \w+){0,2} (?:because|as)\b"
    r"|\byou (?:signed up|subscribed|opted in|joined|registered|asked)\b"
    r"|\bsent to you because\b",
    re.IGNORECASE,
)
