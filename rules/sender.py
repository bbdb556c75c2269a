"""Sender identity: a From name that hides who is sending.

The sender name is the first thing an inbox shows and the one readers use to decide
whether a message is from someone they deal with. A name that is an alert ("Security
Alert"), an instruction ("Update your record:"), a slogan or a shout ("WOW WOW WOW"),
a headline ("Council Update (via Acme)"), a sentence ("we're so worried"), a call to
action ("Sign our card >>"), a fake thread or recipient ("me, Ana (3)", "To: Ana"), or
a bare first name on a brand's campaign, borrows the authority of a system notice or
the warmth of a friend instead of saying who is writing. These are judged from the
shape of the name and small closed word classes (alarm words, headline nouns, status
words, verbs of a call to action), never from lists of senders; a person, a brand, a
team or an organisation, alone or together ("Ana at Acme"), passes.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..engine.analysis import Analysis
from ..engine.checks import Hit, check
from ..engine.context import SIGNALS
from ..engine.lazy_regex import lazy
from ..engine.rule import Rule
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
    wow omg yay hey psst whoa amazing incredible huge big hot mega super insane great best top
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
    """The display name of the sender, with its span in the normalised field; a bare
    address ("urgent@acme.example") is returned whole, since it is what the reader sees."""
    view = a.view("from")
    if view is None:
        return None
    text = view.norm[:MAX_NAME]
    span = display_span(text)
    if span is None:
        m = ADDRESS_LOCAL_RE.match(text)
        return (text[m.start():m.end()].strip(), m.start(), m.end()) if m else None
    return text[span[0]:span[1]], span[0], span[1]


def _transactional(a: Analysis) -> bool:
    return a.context.purpose == "transactional"


@lru_cache(maxsize=4096)
def judge(name: str, transactional: bool = False) -> tuple[str, str, int, int] | None:
    """What a sender name is when it is not a name, as ``(family, reason, start, end)``:
    family "alert" (MSG151), "sentence" (MSG154), "thread" (MSG155) or "shout" (MSG152).
    One family per name, so a name gets one finding; each of the five checks asks, so
    the answer is kept (a campaign's messages share a handful of sender names)."""
    if ADDRESS_LOCAL_RE.match(name):
        return headline_reason(name, transactional)
    why = no_identity_reason(name, frozenset() if transactional else TRANSACTION_WORDS)
    if why is not None:
        return ("alert", *why)
    got = headline_reason(name, transactional)
    if got is not None:
        return got
    why = shout_reason(name)
    if why is not None:
        return ("shout", *why)
    return None


def _judged(a: Analysis, rule: Rule, family: str) -> Iterator[Hit]:
    got = _name(a)
    if got is None or a.context.purpose == "correspondence":
        # correspondence: a person writing; authenticity categories stay silent there
        return
    name, base, _ = got
    why = judge(name, _transactional(a))
    if why is None or why[0] != family:
        return
    _, reason, s, e = why
    shown = name if family == "shout" else name[s:e]
    tag = tagged_sender(name, e) if family != "shout" else None
    suggestion = None
    if tag:
        # the real sender is already in the name: say it plainly
        with_person = "" if _is_person_head(_words(tag)) else f' or a person with it ("Ana at {tag}")'
        suggestion = (f'Send as "{tag}"{with_person}: the sender name says who is writing, '
                      f'and {reason} belongs in the subject, if anywhere.')
    yield Hit("from", base + s, base + e,
              message=rule.message.replace("{match}", " ".join(shown.split()))
              .replace("{reason}", reason), suggestion=suggestion)


TAG_WORD_RE = lazy(r"^(?:via|from|by|at)\.?(?:\s+|$)", re.IGNORECASE)


def tagged_sender(name: str, end: int) -> str | None:
    """The sender tagged on after a headline ("Council Update (via Acme)" -> "Acme"),
    when it is a name msglint itself would pass; None otherwise."""
    rest = name[end:].strip()
    rest = re.sub(r"^[^\w]+", "", rest)
    rest = TAG_WORD_RE.sub("", rest)
    rest = re.sub(r"^[^\w]+|[^\w.]+$", "", rest)
    if not re.search(r"[^\W\d_]", rest) or len(rest) > 60 or re.search(r"[()\[\]|<>{}:]", rest):
        return None
    if judge(rest) is not None or bare_first_name(rest) is not None:
        return None
    return rest


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
            {"from": "Harbour Update (via Acme)"},
            {"from": "Riverside DISASTER"},
            {"from": "Approval Needed"},
            {"from": "March 3, 2026"},
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
            {"from": "Acme Alerts"},
            {"from": "Acme Weekly Update"},
            {"from": "Acme Breaking News"},
            {"from": "Urgent Care of Acme"},
        ],
    },
)
def sender_is_alert(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags a sender name made only of alert, instruction or hype words (once those
    are taken away no name is left: "Security Alert", "WOW WOW WOW"), a name that opens
    with an instruction ("Update your record:"), or an alert used as a headline beside
    the brand ("Action Required | Acme"), and a name whose first part is a headline, a
    status line or a date even with the sender tagged on after it ("Council Update (via
    Acme)", "Approval Needed", "Riverside DISASTER", "June 3, 2026"). "Acme
    Security", "Acme Alerts" and "Acme News" keep their name and pass."""
    yield from _judged(a, rule, "alert")


REPEAT_RE = lazy(r"\b(\w{2,})\b(?:[\s,!.]+\1\b){1,}", re.IGNORECASE)


#: "RUIZ,ANA" or "RUIZ, ANA (Acme)": a surname and a given name as a company directory
#: writes them, a person's name and not a raised voice
DIRECTORY_NAME_RE = lazy(r"^\W*[A-Z][A-Z'-]+\s*,\s*[A-Z][A-Z'-]+\b")
ROMAN_RE = lazy(r"^[IVXLCDM]{2,}$")
#: organisation acronyms that are not in the general list
ORG_ACRONYMS = frozenset("PAC HQ LLC INC LTD GMBH PLC CO".split())


def _acronym_shape(word: str) -> bool:
    """A capitalised token that is an acronym or a number, not a raised word: no vowel
    ("QRS", "HQ"), a Roman numeral ("XIV"), an organisation suffix ("PAC")."""
    core = word.replace("'", "").replace("-", "")
    return not re.search(r"[AEIOUY]", core) or bool(ROMAN_RE.match(core)) or core in ORG_ACRONYMS


def _person_in_capitals(name: str) -> bool:
    """A person's name set in capitals ("RUIZ,ANA", "DR ANA RUIZ", "ANA RUIZ") names
    the sender; capitals there are a keyboard habit or a directory's, not an ad."""
    if DIRECTORY_NAME_RE.match(name):
        return True
    words = _words(name)
    while words and words[0] in TITLE_WORDS:
        words = words[1:]
    return bool(words) and words[0] in FIRST_NAMES and len(words) <= 4 \
        and not any(w in GENERIC_WORDS or w in ALARM_WORDS for w in words)


#: a person with the brand: "Ana at Acme", "Ana Ruiz on Team Acme", "Ana from Acme"
PERSON_AT_RE = lazy(r"^[A-Z][a-z]+(?:[ \t][A-Z][\w'-]+)?[ \t](?:at|from|on|with|for)[ \t]+\S")


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
            and len(w.replace(".", "")) >= 2 and "&" not in w and "." not in w
            and not _acronym_shape(w)]
    if len(caps) >= 2 and any(len(w) >= 3 for w in caps) and not _person_in_capitals(name):
        first = name.find(caps[0])
        last = name.rfind(caps[-1]) + len(caps[-1])
        return "set in capitals", first, last
    if stripped.endswith(":"):
        return "ends with a colon, like a headline", 0, len(stripped)
    if re.search(r"[!?]\s*$", stripped):
        words = _words(stripped)
        # a one-word brand with an exclamation mark in its name ("Yahoo!") is a name
        # and a person with the brand and one "!" ("Ana Ruiz at Acme!") is exuberant, not an ad
        if (len(words) >= 2 and not (PERSON_AT_RE.match(stripped) and stripped.endswith("!")
                                     and not stripped.endswith("!!"))) \
                or re.search(r"[!?]{2,}\s*$", stripped) or (words and words[0] in GENERIC_WORDS):
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
            {"from": "RUIZ,ANA (Acme-Madrid)"},
            {"from": "Ana Ruiz at Acme!"},
        ],
    },
)
def sender_shouts(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags a sender name that still names the sender but shouts: two or more words
    in capitals that are not acronyms, a word repeated three times (twice for an alert
    or hype word), or a name ending in ":" or "!" (a one-word brand spelled with "!",
    like "Yahoo!", passes). Names with no identity at all are MSG151's; a surname and a
    given name from a directory ("RUIZ,ANA") and acronyms ("QRS HQ") are not shouting."""
    yield from _judged(a, rule, "shout")



# -- names that are headlines, sentences, calls to action or fake conversations ------
#
# A sender name is read as a *name*: a person, a brand, a team, an organisation. Real
# campaigns fill the slot with other things a reader mistakes for a sender: a headline
# ("Council Update", "Riverside DISASTER"), a status line ("Approval Needed"), a
# date, a sentence ("we're so tense"), a call to action ("Stand with Ana >>"), a fake
# recipient ("To: Ana Ruiz") or a fake thread ("me, Ana (3)"). Tagging the real sender
# on afterwards ("Council Update (via Acme)") does not help: the name the reader sees
# first is still the headline. These families are closed word classes and shapes,
# not lists of names.

#: singular headline nouns: "an alert", "an update", "a poll" is an item of news, not a
#: sender; the plural or mass form names a channel ("Acme Alerts", "Acme News") and passes
HEADLINE_NOUNS = frozenset("""
    alert update notice notification reminder bulletin announcement poll survey petition
    questionnaire warning invite invitation request question
""".split())
#: alarm, disaster, sensation and feeling words: a name holding one is a headline
ALARM_WORDS = frozenset("""
    breaking urgent emergency disaster disastrous tragedy tragic devastating devastated
    devastation shocking shocker stunning stunner meltdown panic panicking nightmare crisis
    catastrophe catastrophic outrage outrageous disgusting disgusted terrible horrible
    brutal brutally awful heartbreaking heartbroken heart-dropping bombshell scandal
    exposed ruined blindsided humiliating humiliated humiliation plummets plummeting
    plummeted tantrum outbreak fiasco chaos collapse collapsing crushed crushing
    sinking soaring skyrocketing losing defeated destroyed obliterated trounced
    worst alarm mayday unbelievable speechless shocked stunned furious
    outraged terrified terrifying scared worried nervous stressed overwhelmed crying
    sobbing tearful weeping disappointed angry heartbreak
    omg whoa yikes uh-oh goodbye farewell
    error failure failed missed expired expiring deadline overdue
    intercepted leaked murder corrupt unconstitutional busted countdown extension
    horrific appalling dire grim alarming troubling frightening chilling jaw-dropping
    heart-wrenching gutted betrayed livid enraged shameful disgraceful pathetic
    unacceptable rigged scandalous explosive blowout landslide bleak plunging tanking
    anxious panicked frustrated ecstatic overjoyed elated desperate begging
""".split())
#: mood and hype words that also sit in brand names ("Bad Robot", "Mad Paws", "Epic
#: Games", "Critical Role"): a headline only in lower case ("bad news again"), in capitals
#: ("BAD news"), beside "news" or "update", or with the sender tagged on after them
MOOD_WORDS = frozenset("""
    bad sad mad sick sorry upset tears trouble caught vs versus epic critical incredible
    miracle wow classified confidential sos thrilled
""".split())
#: status words that end a notice: "Approval Needed", "Input Requested", "Poll Accepted"
STATUS_WORDS = frozenset("""
    needed required requested missing pending accepted delivered attached enclosed
    confirmed declined approved activated unlocked received overdue due expired
    announced defunded registered cancelled canceled suspended locked flagged rejected
    denied incomplete unverified unconfirmed undeliverable awaiting
""".split())
#: verbs that open a call to action aimed at the reader
CTA_VERBS = frozenset("""
    sign read reply respond confirm rate click open watch listen vote begin submit answer
    please hurry act claim verify update check call renew activate download redeem
    unlock review see thank tell demand donate give pass stand take make
    save stop defend protect elect defeat beat abolish fix ruin destroy expose impeach
    end flip keep fight dump crush ban endorse do
""".split())
#: calls to action that are also how organisations name themselves ("Save the Children",
#: "Stand Up To Cancer", "Hold the Line"): flagged only with more evidence
SLOGAN_VERBS = frozenset("save stop defend protect elect defeat beat abolish fix end flip keep fight stand make take crush ban endorse".split())
#: words that end an organisation's or a team's name
ORG_WORDS = frozenset("""
    team hq headquarters pac party committee campaign fund caucus coalition project
    foundation network inc llc ltd co company group club society association union
    council league alliance institute center centre trust action office staff crew
    democrats republicans dems gop store shop services service clinic care relief
""".split())
#: titles before a person's name
TITLE_WORDS = frozenset("""
    mr mrs ms mx dr prof rev rabbi pastor father sister rep sen gov senator congressman
    congresswoman representative governor mayor speaker chairman chairwoman chair president
    former lt col gen sgt capt judge justice sir dame lord lady
""".split())
PRONOUN_WORDS = frozenset("""
    we we're we've we'll we'd i i'm i've i'll i'd you you're you've you'll it's that's
    there's here's what's who's us our your my this these those they they're
    not don't can't won't didn't isn't aren't wasn't shouldn't wouldn't couldn't
    is are was were be been has have had do does did will would should could must
""".split())
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|"
          "december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
DATE_RE = lazy(
    rf"^\W*(?:(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s*\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b(?:,?\s*\d{{4}})?"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|(?:as of\s+)?\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)"
    r"|(?:as of)\b)",
    re.IGNORECASE,
)
RECIPIENT_RE = lazy(r"^[^\w(\[]*(?:to|attn|attention|for|re)\s*:\s*\S|^[^\w(\[]*dear\s+\w", re.IGNORECASE)
#: "me, Ana (3)", "Ana, me (2)", "(1) Calendar Invite", "[2] unread notes"
THREAD_COUNT_RE = lazy(r"\(\s*\d{1,2}\s*\)\s*$")
LEADING_COUNT_RE = lazy(r"^[^\w(\[]*[(\[]\s*\d{1,2}\s*[)\]]\s*\S")
ME_FIRST_RE = lazy(r"^[^\w]*(?:me|you)\s*(?:,|&|and\s)", re.IGNORECASE)
#: what splits a headline from the sender tagged on after it: "(via Acme)", "[Acme]",
#: " -- Acme", " | Acme", " >> Acme", " via Acme", "Ana: ...", "Jo @ Acme", " at Acme"
ATTRIBUTION_RE = lazy(
    # each alternative starts where no blank precedes it, so a run of blanks is read once
    r"(?<!\s)(?:\s*[(\[{]|(?:\s+|(?<=[^\w\s]))(?:via|from|at|@|on|by)\.?\s+|\s*(?:--+|\|\|?|>>+|->|=>|\u2192|\u27a2|\u2190)"
    r"|\s+[-\u2013\u2014]\s+|\s*:\s+|\s*,\s+|\s*@)",
    re.IGNORECASE,
)
#: decoration before a name: emoji, arrows, stars, bullets
LEAD_DECORATION_RE = lazy(r"^[^\w(\[\"'$]*")
DOMAIN_RE = lazy(r"^[\w.-]+\.(?:com|org|net|us|gov|edu|io|co|info|biz|uk|de|eu|ca)\b", re.IGNORECASE)
ADDRESS_LOCAL_RE = lazy(r"^\s*<?([^\s<>@]+)@[^\s<>@]+>?\s*$")
#: a sentence's end, not an initial or an abbreviation ("Ana R.", "Acme Inc.")
SENTENCE_END_RE = lazy(r"(?:(?<![a-z])[a-z]{3,}\.|\?|\.\.\.|\u2026)\s*$")
MATCH_RE = lazy(r"(?<!\d)\d+\s*(?:%|x)[\s-]*match|\bmatch(?:ing)?\s+(?:active|alert|activated|unlocked)|^\W*\d+\s*(?:hours?|minutes?|days?)\W*$", re.IGNORECASE)
ABBREVIATIONS = frozenset("inc co ltd jr sr st corp bros dept intl assn".split())


def _word_spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).strip(".-'").lower(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def _head(name: str) -> tuple[int, int]:
    """The span of the part of the name read first: the name up to the sender tagged on
    after it ("Council Update (via Acme)" -> "Council Update"), decoration removed."""
    start = LEAD_DECORATION_RE.match(name).end()
    # a leading count or bracket tag belongs to the head: "[NEW] what's going on"
    rest = name[start:]
    m = re.match(r"[(\[]+[^()\[\]]{1,40}[)\]]+\s*", rest)
    skip = m.end() if m and rest[m.end():].strip() and re.search(r"\w", rest[m.end():]) else 0
    m = ATTRIBUTION_RE.search(name, start + skip + 1)
    end = m.start() if m else len(name)
    while end > start and not (name[end - 1].isalnum() or name[end - 1] in "?!.\u2026'"):
        end -= 1
    return start, max(end, start)


def _is_person_head(words: list[str]) -> bool:
    """A title and a name, or a first name, opens the head: "Ana", "Sen. Ana Ruiz"."""
    if not words:
        return False
    if words[0] in TITLE_WORDS:
        return True
    return words[0] in FIRST_NAMES


#: words that name a party's members: an organisation at the end of a name ("Acme
#: Democrats"), a topic inside one ("news for Republicans")
MEMBER_WORDS = frozenset("democrats republicans dems gop".split())


def _org_head(words: list[str]) -> bool:
    """The head names an organisation or a team: "Acme PAC", "Team Ana", "Urgent Care
    of Acme", "Emergency Committee for Acme"."""
    return bool(words) and (words[-1] in ORG_WORDS or words[0] == "team" or any(
        w in ORG_WORDS and w not in MEMBER_WORDS for w in words[1:]))


#: words that press a call to action: "Read Before You Delete", "Respond ASAP"
URGING_WORDS = frozenset("before asap immediately now today tonight here again".split())
#: aux and modal verbs: after a name they make it a sentence ("Acme just announced",
#: "Ana can still win"); "will" is left out, it is also a given name
AUX_WORDS = frozenset("""
    just can cannot can't must should could would is are was were has have had
    isn't aren't wasn't hasn't haven't
""".split())
READ_VERBS = frozenset("read reply respond listen watch open confirm sign answer check call vote".split())
SUBJECT_PRONOUNS = frozenset("we i you they this it he she".split())
#: channel words that are a brand's own ("Acme Alerts", "Acme News"), but a headline
#: when the real sender is tagged on after them ("Council Alerts (via Acme)")
CHANNEL_WORDS = frozenset("alerts updates news stories headlines watch polling".split())
NUMERIC_DATE_RE = lazy(r"(?<![\w/.])\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})(?![\w/.])")
#: a leading bracketed tag: "[URGENT] Acme HQ", "(PRESS) Acme"
LEAD_TAG_RE = lazy(r"^[^\w(\[]*[(\[]+\s*([^()\[\]]{1,40}?)\s*[)\]]+")


#: "Acme Weekly Update": a regular issue of the brand's own, not a headline
PERIODICAL_WORDS = frozenset("daily weekly monthly quarterly annual morning evening weekend".split())


#: what tags a sender on after a headline, as opposed to a country or a note: "(via
#: Acme)", "[Acme]", ">> Acme", "| Acme", "-- Acme"; or an arrow or "!" closing the name
TAG_RE = lazy(r"\bvia\b|\[|>>|->|\u2192|\||--|@|(?:>>|->|\u2192|!)\s*$", re.IGNORECASE)


def _call_to_action(name: str, head: str, words: list[str], end: int, org: bool) -> bool:
    """Does a head opening with a verb of ``CTA_VERBS`` ask the reader to act? "Save
    the Children", "Stand Up To Cancer" and "Hold the Line" are how organisations
    name themselves; "Sign our card", "Stand with Ana >>", "please reply soon" ask."""
    first, rest = words[0], words[1:]
    lower_start = head.lstrip()[:1].islower()
    tagged = bool(TAG_RE.search(name, end)) or TAG_RE.search(head) is not None and head.rstrip().endswith("!")
    raw_first = head.split()[0].strip("\"'")
    if first == "please" or (lower_start and rest) or (len(raw_first) >= 3 and raw_first.isupper()
                                                       and raw_first not in ACRONYMS and rest):
        # "please reply soon", "sign here", "THANK Dr. Ruiz": asked, or shouted
        return True
    if any(w in URGING_WORDS for w in rest) or (first in READ_VERBS and any(
            len(w) >= 6 and w.endswith("ly") for w in rest)):
        # "Read Before You Delete", "Listen Closely", "Respond Immediately"
        return True
    if rest[:1] == ["action"] or rest[:1] == ["not"]:
        # "Take Action", "Do not skip this"
        return True
    if org:
        return False
    if rest[:1] in (["up"], ["a"], ["an"]):
        return False
    if rest[:1] == ["the"]:
        return tagged
    if rest[:1] and (rest[0] in ("this", "these", "with", "now", "action", "here", "today")
                     or rest[0] in ("our", "your") and first not in SLOGAN_VERBS):
        # "Stand with Ana", "Take action", "Sign our card"; "Protect Our Winters" is a name
        return True
    if first not in SLOGAN_VERBS:
        # "Read Before You Delete", "Sign now for Acme", "Confirm: ..."; brands named with
        # a verb are set in title case with no tag ("Open Table", "Check Point Software")
        parts = head.split()[1:]
        return tagged or head.rstrip().endswith(":") or any(
            p[:1].islower() and p.lower() not in FUNCTION_WORDS for p in parts) or any(
            w in GENERIC_WORDS or w in ALARM_WORDS or w in HEADLINE_NOUNS for w in rest)
    parts = head.split()
    # "Elect Ana Ruiz", "Defeat Ana Ruiz": a campaign's slogan for or against a person;
    # "Keep America Beautiful", "Save the Children" name organisations and pass
    return tagged or (first in ("elect", "defeat", "beat", "dump", "crush", "impeach")
                      and len(parts) in (2, 3, 4) and all(p[:1].isupper() for p in parts[1:]))


def headline_reason(name: str, transactional: bool = False) -> tuple[str, str, int, int] | None:
    """Why a sender name is something other than a name, as ``(family, reason, start,
    end)``: family "thread" (a fake recipient or thread), "sentence" (a sentence, a
    question or a call to action) or "alert" (a headline, a status line, a date), or None.
    On a transactional message a notice is what the mail is ("Order Update", "Payment
    Received"): headline nouns and status words are not judged there."""
    # a bare address reads as its mailbox: "urgent@acme.example"
    m = ADDRESS_LOCAL_RE.match(name)
    if m:
        local = re.split(r"[-_.+]+", m.group(1).lower())
        if any(w in ALARM_WORDS or w in HEADLINE_NOUNS or w in ("must", "final", "finalnotice")
               for w in local) and not set(local) <= {"info", "news", "alerts", "updates", "hello"}:
            return "alert", "a headline", m.start(1), m.end(1)
        return None
    stripped = name.strip()
    if RECIPIENT_RE.search(name):
        s = LEAD_DECORATION_RE.match(name).end()
        return "thread", "a recipient line", s, len(name.rstrip())
    if ME_FIRST_RE.search(stripped) and THREAD_COUNT_RE.search(stripped):
        # a mail client's thread line with the reader first: the reader seems to be writing
        s = LEAD_DECORATION_RE.match(name).end()
        return "thread", "a thread of messages with the reader", s, len(stripped)
    if LEADING_COUNT_RE.search(name):
        s = LEAD_DECORATION_RE.match(name).end()
        return "thread", "an unread-message count", s, len(name.rstrip())
    if DATE_RE.match(name):
        s, e = _head(name)
        return "alert", "a date", s, e
    m = NUMERIC_DATE_RE.search(name)
    if m:
        return "alert", "a date", m.start(), m.end()
    m = LEAD_TAG_RE.match(name)
    if m:
        tag = [w for w, _, _ in _word_spans(m.group(1))]
        if tag and any(w in ALARM_WORDS or w in STATUS_WORDS or w in HEADLINE_NOUNS
                       or (w in GENERIC_WORDS and w not in PRONOUN_WORDS and w not in ("me", "it", "here"))
                       for w in tag) and not transactional:
            return "alert", "a headline", m.start(1), m.end(1)
    s, e = _head(name)
    head = name[s:e]
    spans = _word_spans(head)
    words = [w for w, _, _ in spans]
    if not words:
        return None
    if DOMAIN_RE.match(head.strip()):
        return None
    alpha = re.search(r"[^\W\d_]", head)
    lower_start = alpha is not None and alpha.group(0).islower()
    person = _is_person_head(words)
    org = _org_head(words)
    # a call to action: "Sign our Card!", "Stand with Ana >>", "please reply soon"
    if words[0] in CTA_VERBS and not person and _call_to_action(name, head, words, e, org):
        return "sentence", "a call to action", s, e
    # a sentence: a contraction, a pronoun and a verb, a question, lower case
    raw = head.split()
    if any(w in ("we're", "we've", "i'm", "i've", "you're", "you've") for w in words) or (
            any(w in ("it's", "that's", "there's", "here's", "what's", "don't", "can't", "won't",
                      "didn't", "isn't") for w in words)
            and (lower_start or len(words) >= 3 or any(p[:1].islower() or (p.isupper() and len(p) > 2)
                                                       for p in raw[1:]))):
        # "we're so worried", "it's over"; brands named with one ("That's It", "Don't Panic")
        # are two words in title case
        return "sentence", "a sentence", s, e
    if re.search(r"\?\s*$", head) or (SENTENCE_END_RE.search(head) and words[-1] not in ABBREVIATIONS
                                        and len(words) >= 2):
        return "sentence", "a sentence" if not head.rstrip().endswith("?") else "a question", s, e
    # a sender tagged on after the head: "(via Acme)", "[Acme]", "| Acme", "-- Acme";
    # a country or a note in brackets ("Acme News (UK)") is part of a name
    tagged = TAG_RE.search(name, e) is not None or re.match(r"\s*\(\s*via\b", name[e:], re.I) is not None
    # a head made only of alert and hype words: "Last chance (via Acme)"
    if all(w in GENERIC_WORDS or w in FUNCTION_WORDS or w in HEADLINE_NOUNS for w in words) \
            and any(w not in FUNCTION_WORDS and w != "me" for w in words) and not transactional:
        return "alert", "an alert with the sender tagged on after it" if tagged else "an alert", s, e
    # a headline: an alarm word, a singular headline noun, a status line
    hit = next(((a, b) for w, a, b in spans if w in ALARM_WORDS or (
        w in MOOD_WORDS and (lower_start or tagged or head[a:b].isupper() and len(head[a:b]) > 2
                             or "news" in words or "update" in words))), None)
    # "Acme Breaking News" is the brand's news channel; "Breaking News" alone is a headline
    channel = words[-2:] == ["breaking", "news"] and len(words) > 2 and not tagged and not any(
        w in ALARM_WORDS or w in GENERIC_WORDS for w in words[:-2])
    if hit and (not org or "news" in words) and not channel:
        return "alert", "a headline", s, e
    if transactional:
        pass
    elif any((w in HEADLINE_NOUNS or w.rsplit("-", 1)[-1] in HEADLINE_NOUNS)
             and (i == len(words) - 1 or words[i + 1] in FUNCTION_WORDS or words[i + 1] in STATUS_WORDS)
             for i, w in enumerate(words)) \
            and not org and not person \
            and not (words[-1] in HEADLINE_NOUNS and _org_head(words[:-1])) \
            and not (len(words) > 2 and words[-2] in PERIODICAL_WORDS and not tagged):
        # "Acme Weekly Update", like "Acme Network Alert", is the brand's own channel
        return "alert", "a headline", s, e
    if not transactional and (
            (tagged and (words[-1] in CHANNEL_WORDS or words[-1] in HEADLINE_NOUNS))
            or (person and words[-1] in ("alert", "warning", "notice") and len(words) > 1)):
        # "Council Alerts (via Acme)", "Ana Ruiz Update via Acme", "Ana Ruiz Alert": the
        # name the reader sees is what the message is about, not who sends it
        return "alert", "a headline with the sender tagged on after it" if tagged else "a headline", s, e
    if words[0] == "official" and len(words) > 1 and not org:
        # "Official Poll", "Official Report Card": authority claimed without saying whose
        return "alert", "a headline", s, e
    if MATCH_RE.search(head):
        return "alert", "a headline", s, e
    if not transactional and not org and (
            words[-1] in STATUS_WORDS
            or (words[0] in STATUS_WORDS and len(words) > 1 and words[0] != "due"
                and (words[1] in FUNCTION_WORDS or lower_start))):
        # "Approval Needed", "confirmed by the Times", "Registered for the draw";
        # "Approved Cash", "Locked Out Escape Rooms" are names
        return "alert", "a status line", s, e
    if lower_start and not person and len(words) >= 2 and \
            (any(w in PRONOUN_WORDS for w in words) or words[0].endswith("ing")):
        return "sentence", "a sentence", s, e
    raw = head.split()
    if len(words) >= 3 and any(w in AUX_WORDS for w in words[1:-1] + words[-1:]) and (
            tagged or not all(p[:1].isupper() or not p[:1].isalpha() for p in raw)):
        # "Acme just announced", "Ana can still win": a subject and its verb
        return "sentence", "a sentence", s, e
    if len(raw) >= 2 and words[0] in SUBJECT_PRONOUNS and raw[1][:1].islower():
        # "We need your view on this", "This one matters"; "We Are Knitters" is a name
        return "sentence", "a sentence", s, e
    if tagged and head.rstrip().endswith("!") and TAG_RE.search(name, e):
        return "shout", "ends its first part with an exclamation, like a slogan", s, e
    if lower_start and not person and len(words) >= 3 and not DOMAIN_RE.search(head) and \
            any(w in ("in", "of", "to", "the", "on", "for", "with", "is", "a") for w in words[1:]):
        # "out of time in the city", "plea to the mayor": a phrase in lower case
        return "sentence", "a sentence", s, e
    if lower_start and len(words) == 1 and words[0].endswith(("ing", "ed")) and not person:
        return "sentence", "a sentence", s, e
    # a verb shouted after a name: "Acme PLUMMETS", "Ana Ruiz BLINDSIDED"
    for w, a_, b_ in spans if len(spans) > 1 or tagged else ():
        # (a brand may be one such word in capitals: "WIRED")
        cap = head[a_:b_]
        if cap.isupper() and len(cap) >= 5 and cap.endswith(("ED", "ING")) and cap not in ACRONYMS:
            return "alert", "a headline", s, e
    # a later part that is an alert: "Ana: Approval Needed", "Acme - Final Notice"
    m = re.match(r"\s*(?::\s*|\[\s*)", name[e:])
    if m and not transactional:
        # the part after "Ana:" or inside "Ana Ruiz [...]": "Ana: Reply Needed",
        # "Ana Ruiz [please reply soon]", "Ana: Sign Now"
        ts = e + m.end()
        te = ATTRIBUTION_RE.search(name, ts + 1)
        te = te.start() if te else len(name.rstrip())
        tspans = _word_spans(name[ts:te])
        twords = [w for w, _, _ in tspans]
        if tspans and (twords[-1] in STATUS_WORDS or twords[-1] in HEADLINE_NOUNS
                       or any(w in ALARM_WORDS for w in twords)):
            return "alert", "a status line", ts + tspans[0][1], ts + tspans[-1][2]
        if tspans and (twords[0] == "please" or (twords[0] in CTA_VERBS and len(twords) > 1 and (
                twords[1] in URGING_WORDS or twords[1] in ("our", "your", "this", "here")))):
            return "sentence", "a call to action", ts + tspans[0][1], ts + tspans[-1][2]
    return None


@check(
    id="MSG154",
    name="sender-is-sentence",
    category="sender-identity",
    severity="error",
    fields=["from"],
    message='The sender name "{match}" is {reason}, not a name: the reader cannot tell who is writing.',
    why=(
        "A From line that is a sentence (\"we're so sorry\"), a question or a call to action "
        "(\"Sign our card >>\") speaks in the sender's place, so the reader opens the message "
        "to find out who it is from. " + WHY_COMMON
    ),
    suggestion="Use the brand or a person with the brand as the sender, and put the message in the subject.",
    use_instead='From: "Acme" or "Ana at Acme"',
    examples={
        "flag": [
            {"from": "we're so worried"},
            {"from": "Can you help us?"},
            {"from": "please reply soon"},
            {"from": "Sign the card >> Acme"},
            {"from": "Stand with Ana Ruiz (via Acme)"},
            {"from": "hoping to hear back"},
        ],
        "pass": [
            {"from": "Save the Children"},
            {"from": "Stand Up To Cancer"},
            {"from": "Read & Co. Books"},
            {"from": "You Need A Budget"},
            {"from": "We Are Knitters"},
            {"from": "Chip Ruiz, Acme"},
        ],
    },
)
def sender_is_sentence(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags a sender name that is a sentence (a contraction such as "we're", a pronoun
    and a verb in lower case, a closing "?", "." or "..."), or that opens with a call to
    action aimed at the reader ("please reply soon", "Sign our card", "Stand with Ana >>").
    Organisations named with a verb ("Save the Children", "Stand Up To Cancer") and
    brands in title case ("We Are Knitters") pass."""
    yield from _judged(a, rule, "sentence")


@check(
    id="MSG155",
    name="sender-fakes-conversation",
    category="sender-identity",
    severity="error",
    fields=["from"],
    message='The sender name "{match}" is {reason}, not a name: it fakes a conversation the reader never had.',
    why=(
        "A From line that reads like a recipient line (\"To: Ana Ruiz\"), a thread with the "
        "reader in it (\"me, Ana (3)\") or an unread count (\"(1) Calendar Invite\") "
        "imitates the reader's own inbox instead of saying who is writing. " + WHY_COMMON
    ),
    suggestion="Use the brand or a person with the brand as the sender; a real thread shows itself.",
    use_instead='From: "Ana at Acme"',
    examples={
        "flag": [
            {"from": "To: Ana Ruiz"},
            {"from": "me, Ana (3)"},
            {"from": "(1) Calendar Invite"},
            {"from": "Dear Ana Ruiz"},
            {"from": "[2] unread messages from Acme"},
        ],
        "pass": [
            {"from": "Ana Ruiz"},
            {"from": "Ana at Acme"},
            {"from": "Acme (UK)"},
            {"from": "Ruiz, Ana"},
            {"from": "Today Show"},
        ],
    },
)
def sender_fakes_conversation(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags a sender name that poses as part of the reader's own mail: a recipient
    line ("To: ...", "Dear ..."), a thread count with the reader in it ("me, Ana (3)"),
    or an unread-message count at the start ("(1) Calendar Invite", "[2] unread notes")."""
    yield from _judged(a, rule, "thread")


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


#: selling and fundraising calls a person's note does not make: "Shop our new
#: collection", "add to cart", "chip in $5"
SELLING_RE = lazy(
    r"\bshop (?:our|my|the|now|today|these|this)\b|\bbuy (?:now|today|yours?)\b|\bnew (?:collection|arrivals?|range)\b"
    r"|\b(?:add to|your) (?:cart|basket|bag)\b|\bcheck ?out now\b|\border (?:now|today|yours)\b"
    r"|\b(?:donate|chip in|give) (?:now|today|\$)|\bpromo(?:tion(?:al)?)? code\b|\bcoupon\b"
    r"|\blimited[- ]time (?:offer|only)\b|\bsubscribe (?:now|today)\b",
    re.IGNORECASE,
)


def correspondence(a: Analysis) -> bool:
    """Evidence that a person is writing to a person or a discussion list: the purpose
    ``correspondence`` (inferred from headers and quoting, or declared), reply headers
    (In-Reply-To, References), or a list that takes posts (List-Post)."""
    meta = a.message.meta
    return a.context.purpose == "correspondence" or bool(
        meta.get("in_reply_to") or meta.get("references") or meta.get("list_post"))


def brand_send(a: Analysis) -> bool:
    """Evidence that a brand or campaign is sending: a declared purpose, or selling or
    newsletter copy (the signals purpose inference reads). A first name over a subject
    alone, or over a note with none of these, may be a person writing, so it is not
    judged; correspondence never is. A List-Unsubscribe header alone is no evidence:
    discussion lists carry one too."""
    if correspondence(a):
        return False
    if a.context.purpose_source != "inferred":
        return True
    text = "\n".join(a.norm_text(f) for f in ("subject", "preheader", "body"))
    return SELLING_RE.search(text) is not None or any(
        p.search(text) for purpose, patterns in SIGNALS
        if purpose in ("promotional", "newsletter") for p in patterns)


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
            {"from": "Ana", "subject": "lunch on Friday?"},
            {"from": "Tom", "body": "Has anyone got the new driver working on arm64?"},
            {"from": "Ana", "body": "Shop the new range.", "in_reply_to": "<1@mail.example>"},
        ],
    },
)
def sender_bare_first_name(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags a promotional or newsletter sender name that is a single common given name
    ("Ana", "Jessica"), matched against an embedded list of first names (names that
    are also brands are left out). A person with the brand ("Ana at Acme"), a full
    name ("Dr. Ana Ruiz"), the brand or a team passes, as does a transactional note.
    Only a brand send is judged: a declared purpose, or selling or newsletter copy in the
    message; a first name over a subject alone or a plain note may be a person writing,
    and correspondence (a reply, a discussion list, the purpose ``correspondence``) is
    a person writing."""
    got = _name(a)
    if got is None:
        return
    name, base, _ = got
    span = bare_first_name(name)
    if span is None or not brand_send(a):
        return
    s, e = span
    yield Hit("from", base + s, base + e)
