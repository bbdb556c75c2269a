"""Sender identity: a From name that hides who is sending.

The sender name is the first thing an inbox shows and the one readers use to decide
whether a message is from someone they deal with. A name that is an alert ("Security
Alert"), an instruction ("Update your record:"), a slogan or a shout ("WOW WOW WOW"),
or a bare first name on a brand's campaign, borrows the authority of a system notice
or the warmth of a friend instead of saying who is writing. Deciding that a name has
*no identity left* once the alert words are taken away needs code, not a phrase list.
"""

from __future__ import annotations

import re
from typing import Iterator

from . import check
from ..engine.analysis import Analysis
from ..engine.lazy_regex import lazy
from ..engine.rule import Rule
from ..model import Finding
from .shouting import ACRONYMS

WHY_COMMON = (
    "The sender name tells the reader who is writing; the US CAN-SPAM Act (15 U.S.C. 7704(a)(1)) "
    "treats misleading header information, including the From line, as deceptive, and "
    "mailbox providers advise a recognisable brand or person name."
)

#: Words that carry no identity: alerts, instructions, hype. A name made only of these
#: (and function words) says nothing about who is sending.
GENERIC_WORDS = frozenset("""
    alert alerts notice notices notification notifications warning warnings reminder reminders
    breaking news final urgent important attention security action required immediate
    update updates record records your you you're you've account verify verification confirm
    confirmation claim open click read reply act now today tonight here this me it
    last chance don't dont miss out limited time hurry quick fast
    wow omg yay hey psst whoa amazing incredible huge big hot mega super insane
    sale sales deal deals offer offers savings save discount discounts free gift gifts prize
    winner won win congratulations congrats exclusive special new
    payment due overdue failed expired expiring expires suspended locked
""".split())
#: Words of a transaction notice: no identity on a promotion ("Order Update" selling
#: boots), but a plain "Billing" or "Orders" on a real invoice or receipt is not judged.
TRANSACTION_WORDS = frozenset("""
    order orders shipping shipment delivery parcel package invoice billing tracking status
""".split())
FUNCTION_WORDS = frozenset("a an the of for to from and & or in on at by with is are be has have just".split())

ALERT_PHRASE_RE = lazy(
    r"\b(?:breaking news|final notice|final warning|last warning|security alert|fraud alert|"
    r"action required|action needed|urgent(?: notice| alert| action)?|important(?: notice| update)?|"
    r"attention(?: required)?|account (?:alert|notice|suspended|locked)|payment (?:due|failed|overdue)|"
    r"last chance|don'?t miss(?: out)?|you(?:'ve| have)? won|congratulations|winner)\b",
    re.IGNORECASE,
)
INSTRUCTION_RE = lazy(
    r"^\W*(?:update|verify|confirm|claim|open|click|read|reply|act|check|call|renew|activate|"
    r"download|redeem|unlock|review|respond to|see|watch|shop|buy|get|grab|don'?t miss)\s+"
    r"(?:your|you|now|here|this|me|it|today|immediately|asap|the)\b",
    re.IGNORECASE,
)
#: separators that make a phrase a headline inside a name: "Breaking News | Acme"
HEADLINE_SEP_RE = lazy(r"\s*[:|!\u2013\u2014]\s*|\s+-\s+")
WORD_RE = lazy(r"[^\W\d_][\w'\u2019&.-]*", re.UNICODE)
CAPS_WORD_RE = lazy(r"(?<![\w'])[A-Z][A-Z'&.-]*[A-Z](?![\w'])")
ADDRESS_RE = lazy(r"(?<!\s)\s*<[^<>]*>\s*$|(?<!\s)\s*\([^()]*@[^()]*\)\s*$")
#: a sender name longer than this is not a name; only its start is read
MAX_NAME = 300
EMAIL_ONLY_RE = lazy(r"^\s*<?[^\s<>@]+@[^\s<>@]+>?\s*$")


def display_span(text: str) -> tuple[int, int] | None:
    """The span of the display name in a From value ("Acme <news@acme.com>" -> "Acme");
    None when there is no display name (a bare address)."""
    if not text.strip() or EMAIL_ONLY_RE.match(text):
        return None
    end = len(text)
    m = ADDRESS_RE.search(text)
    if m:
        end = m.start()
    start = 0
    while start < end and (text[start].isspace() or text[start] in "\"'"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"'"):
        end -= 1
    return (start, end) if end > start else None


def _name(a: Analysis) -> tuple[str, int, int] | None:
    view = a.view("from")
    if view is None:
        return None
    text = view.norm[:MAX_NAME]
    span = display_span(text)
    if span is None:
        return None
    return text[span[0]:span[1]], span[0], span[1]


def _words(name: str) -> list[str]:
    return [w.strip(".-'\u2019").lower().replace("\u2019", "'") for w in WORD_RE.findall(name)]


def identity_words(name: str, extra: frozenset[str] = frozenset()) -> list[str]:
    """Words of the name left once alert, instruction and hype words are taken away."""
    return [w for w in _words(name)
            if w and w not in GENERIC_WORDS and w not in FUNCTION_WORDS and w not in extra]


def no_identity_reason(name: str, extra: frozenset[str] = frozenset()) -> tuple[str, int, int] | None:
    """Why a sender name hides the sender, with the span to point at, or None.
    ``extra``: more words that carry no identity in this message's context."""
    m = INSTRUCTION_RE.search(name)
    if m:
        return "an instruction", m.start(), len(name)
    words = _words(name)
    if words and not identity_words(name, extra):
        return "an alert or slogan with no name in it", 0, len(name)
    m = ALERT_PHRASE_RE.search(name)
    if m:
        before, after = name[:m.start()], name[m.end():]
        if HEADLINE_SEP_RE.match(after) or re.search(r"[:|!\u2013\u2014]\s*$|\s-\s*$", before):
            return "a headline", m.start(), m.end()
    return None


@check(
    id="MSG151",
    name="sender-is-alert",
    category="sender-identity",
    severity="error",
    fields=["from"],
    message='The sender name "{match}" is {reason}, not a name: the reader cannot tell who is writing.',
    why=(
        "A From line that reads like a system alert, an instruction or a slogan borrows the "
        "authority of a notice instead of saying who sent it. " + WHY_COMMON
    ),
    suggestion="Use the brand or a person with the brand as the sender, and put the news in the subject.",
    use_instead='From: "Acme" or "Ana at Acme"',
    examples={
        "flag": [
            {"from": "update your record:"},
            {"from": "Breaking News"},
            {"from": "Final Notice"},
            {"from": "Security Alert <alerts@acme-mail.com>"},
            {"from": "Action Required | Acme"},
            {"from": "WOW WOW WOW"},
            {"from": "Order Update", "body": "Walking boots are 20% off this week."},
            {"from": "Parcel Delivery Notification", "body": "Shop our new range."},
        ],
        "pass": [
            {"from": "Acme Security"},
            {"from": "The Acme Team"},
            {"from": "Acme News <news@acme.com>"},
            {"from": "Ana at Acme"},
            {"from": "Final Draft Films"},
            {"from": "Acme Orders"},
            {"from": "Delivery Hero"},
            {"from": "Billing", "subject": "Your invoice INV-2231", "purpose": "transactional"},
        ],
    },
)
def sender_is_alert(a: Analysis, rule: Rule) -> Iterator[Finding]:
    """Flags a sender name made only of alert, instruction or hype words (once those
    are taken away no name is left: "Security Alert", "WOW WOW WOW"), a name that opens
    with an instruction ("Update your record:"), or an alert used as a headline beside
    the brand ("Action Required | Acme"). "Acme Security" keeps its name and passes."""
    got = _name(a)
    if got is None:
        return
    name, base, _ = got
    extra = frozenset() if a.context.purpose == "transactional" else TRANSACTION_WORDS
    why = no_identity_reason(name, extra)
    if why is None:
        return
    reason, s, e = why
    yield a.finding(rule, "from", base + s, base + e,
                    message=rule.message.replace("{match}", " ".join(name[s:e].split()))
                    .replace("{reason}", reason))


REPEAT_RE = lazy(r"\b(\w{2,})\b(?:[\s,!.]+\1\b){1,}", re.IGNORECASE)


def shout_reason(name: str) -> tuple[str, int, int] | None:
    """Capitals, repeated words or a trailing colon or exclamation in a sender name."""
    stripped = name.rstrip()
    m = REPEAT_RE.search(name)
    if m:
        count = len(re.findall(r"\b" + re.escape(m.group(1)) + r"\b", m.group(0), re.IGNORECASE))
        if count >= 3 or m.group(1).lower() in GENERIC_WORDS:
            return "repeats a word", m.start(), m.end()
    caps = [w for w in CAPS_WORD_RE.findall(name)
            if w.replace(".", "").replace("&", "").replace("'", "").replace("-", "") not in ACRONYMS
            and len(w.replace(".", "")) >= 2 and "&" not in w and "." not in w]
    if len(caps) >= 2 and any(len(w) >= 3 for w in caps):
        first = name.find(caps[0])
        last = name.rfind(caps[-1]) + len(caps[-1])
        return "set in capitals", first, last
    if stripped.endswith(":"):
        return "ends with a colon, like a headline", 0, len(stripped)
    if re.search(r"[!?]\s*$", stripped):
        words = _words(stripped)
        # a one-word brand with an exclamation mark in its name ("Yahoo!") is a name
        if len(words) >= 2 or re.search(r"[!?]{2,}\s*$", stripped) or \
                (words and words[0] in GENERIC_WORDS):
            return "ends with an exclamation, like a slogan", 0, len(stripped)
    return None


@check(
    id="MSG152",
    name="sender-shouts",
    category="sender-identity",
    severity="error",
    fields=["from"],
    message='The sender name "{match}" {reason}: it shouts for attention instead of naming the sender.',
    why=(
        "Capitals, repeated words and a trailing \"!\" or \":\" turn the sender name into an "
        "ad, the one place where the reader looks for who is writing. " + WHY_COMMON
    ),
    suggestion="Write the sender as the brand or a person's name in normal case, with no punctuation.",
    use_instead='From: "Acme" instead of "ACME DEALS!"',
    examples={
        "flag": [
            {"from": "ACME SUPER SAVERS"},
            {"from": "Acme Deals!"},
            {"from": "Acme:"},
            {"from": "Acme Acme Acme"},
            {"from": "Ana from Acme!!"},
        ],
        "pass": [
            {"from": "IKEA USA"},
            {"from": "Yahoo!"},
            {"from": "H&M"},
            {"from": "Acme <NEWS@ACME.COM>"},
            {"from": "Duran Duran"},
            {"from": "AT&T Wireless"},
        ],
    },
)
def sender_shouts(a: Analysis, rule: Rule) -> Iterator[Finding]:
    """Flags a sender name that still names the sender but shouts: two or more words
    in capitals that are not acronyms, a word repeated three times (twice for an alert
    or hype word), or a name ending in ":" or "!" (a one-word brand spelled with "!",
    like "Yahoo!", passes). Names with no identity at all are MSG151's."""
    got = _name(a)
    if got is None:
        return
    name, base, _ = got
    extra = frozenset() if a.context.purpose == "transactional" else TRANSACTION_WORDS
    if no_identity_reason(name, extra) is not None:
        return
    why = shout_reason(name)
    if why is None:
        return
    reason, s, e = why
    yield a.finding(rule, "from", base + s, base + e,
                    message=rule.message.replace("{match}", " ".join(name.split()))
                    .replace("{reason}", reason))


#: Common given names (US, UK, Spanish, German, French, Italian, Portuguese and a few
#: more), lower-case. Names that are also well-known brands are left out.
FIRST_NAMES = frozenset("""
    aaron abby abigail adam adrian aidan aiden alan albert alejandro alex alexander alexandra
    alexis alfie ali alice alicia alison allison amanda amber amelia amy ana andrea andreas
    andrew andy angela angelica anita ann anna anne annie anthony antonio april archie
    arthur ashley audrey austin ava barbara becky bella ben benjamin beth bethany betty
    bill billy bob bobby brad bradley brandon brenda brian bridget brittany bruce bryan
    caitlin caleb cameron camila carl carla carlos carmen carol caroline carolyn catherine
    charles charlie charlotte chelsea chloe chris christian christina christine christopher
    claire clara claudia colin connor craig cristina cynthia daisy dan dana daniel daniela
    danielle danny darren dave david debbie deborah denise dennis diana diane diego
    dominic donna doris dorothy dylan ed eddie edward eileen elena eli elijah elisa elizabeth
    ella ellie emily emma eric erica erik erin ethan eva evan evelyn fatima felix fernando
    fiona florence frank freddie frederick gabriel gabriela gary gemma george georgia gerald
    gina giulia giuseppe glenn gloria grace greg gregory hailey hannah hans harper harriet
    harry hayley heather heidi helen henry holly hugo ian isaac isabel isabella isabelle
    jack jackie jacob jacqueline jade jake james jamie jan jane janet janice jasmine jason
    javier jean jeff jeffrey jen jenna jennifer jenny jeremy jerry jess jessica jill jim
    jimmy jo joan joanna joanne joe joel johanna john johnny jon jonathan jordan jorge jose
    joseph josh joshua joy juan judith judy julia julian julie justin karen kate katherine
    kathleen kathryn kathy katie kayla keith kelly ken kenneth kevin kim kimberly kyle
    laura lauren leah leo leon liam lily linda lisa liz lizzie logan lorena louis louise
    lucas lucia lucy luis luke lydia madison maggie manuel marco margaret maria marie marina
    mario mark marta martha martin mary matt matthew maya megan melanie melissa mia
    michael michelle miguel mike mila miriam molly monica nancy naomi natalie nathan
    nicholas nick nicole nina noah nora olivia oliver owen pablo pam pamela patricia
    patrick paul paula pedro peter philip phoebe pierre rachel rafael ralph raquel rebecca
    richard rick rita rob robert robin rosa rose ruby russell ruth ryan sally sam samantha
    samuel sandra sara sarah scott sean sebastian sergio sharon shirley simon sofia sophia
    sophie stacy stephanie stephen steve steven susan suzanne tara teresa theo theresa
    thomas tim timothy tina todd tom tommy tony tracy tyler valentina vanessa victor
    vincent virginia walter wayne will william zach zachary zoe
""".split())


def bare_first_name(name: str) -> tuple[int, int] | None:
    words = WORD_RE.findall(name)
    if len(words) != 1:
        return None
    word = words[0]
    # "Ana" or a lower-case "ana" (a signature style); "ANA" is an acronym or a shout
    if word.lower() in FIRST_NAMES and not word.isupper():
        start = name.find(word)
        return start, start + len(word)
    return None


@check(
    id="MSG153",
    name="sender-bare-first-name",
    category="sender-identity",
    severity="error",
    fields=["from"],
    message='The sender is only "{match}", a first name with no brand: the campaign poses as a note from someone the reader knows.',
    why=(
        "A bare first name on a brand's promotion or newsletter imitates a personal email "
        "from a friend or colleague; the reader opens it thinking they know the sender "
        "(faux intimacy in the From line; Haskell 2019). " + WHY_COMMON
    ),
    suggestion='Say who the person writes for ("Sarah at Acme"), or send as the brand.',
    use_instead='From: "Ana at Acme"',
    applies={"purpose": ["promotional", "newsletter"]},
    examples={
        "flag": [
            {"from": "Ana", "body": "Our summer sale is on: 30% off all sandals."},
            {"from": "Jessica <jessica@deals.acme.com>", "body": "Shop now and save 20% on boots."},
            {"from": "Mike", "body": "In this issue: ten new recipes.", "purpose": "newsletter"},
            {"from": "sarah", "body": "Shop the new range: 20% off."},
        ],
        "pass": [
            {"from": "Ana at Acme", "body": "Our summer sale is on: 30% off all sandals."},
            {"from": "Dr. Ana Ruiz", "body": "Book a check-up and save 10%."},
            {"from": "The Acme Team", "body": "Shop now and save 20% on boots."},
            {"from": "Ana", "body": "Your order #4412 has shipped.", "purpose": "transactional"},
            {"from": "Acme Support", "body": "Shop now and save 20% on boots."},
            {"from": "Max", "body": "New this week: stream the new season from Sunday."},
        ],
    },
)
def sender_bare_first_name(a: Analysis, rule: Rule) -> Iterator[Finding]:
    """Flags a promotional or newsletter sender name that is a single common given name
    ("Ana", "Jessica"), matched against an embedded list of first names (names that
    are also brands are left out). A person with the brand ("Ana at Acme"), a full
    name ("Dr. Ana Ruiz"), the brand or a team passes, as does a transactional note."""
    got = _name(a)
    if got is None:
        return
    name, base, _ = got
    span = bare_first_name(name)
    if span is None:
        return
    s, e = span
    yield a.finding(rule, "from", base + s, base + e)
