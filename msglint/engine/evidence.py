"""What kind of message is this: a campaign send, or a person writing to a person?

msglint judges marketing copy. Ordinary mail (a reply on a discussion list, a note
between colleagues) uses the same words for honest reasons: "URGENT" about a server
that is down, "Congratulations!" on a colleague's promotion, "Re:" on a reply whose
client dropped the In-Reply-To header. A reader tells the two apart from evidence, not
words, so this module collects it:

- correspondence: reply headers (In-Reply-To, References, Thread-Index), quoted text
  (``>`` lines, an "On ... wrote:" line, an "-----Original Message-----" block, a
  pasted header block), a personal ``-- `` signature, a discussion list people post to
  (``List-Post``);
- campaign: an email service provider's headers, a bulk list nobody posts to
  (``List-Unsubscribe`` or ``Precedence: bulk`` without ``List-Post``), and
  commercial copy: prices, discounts, offers, calls to action, an opt-out footer.

A message is correspondence when it carries correspondence evidence and too few
commercial signals to be selling (spam posted to a discussion list still sells, and
is still judged as a campaign). Copy with no headers and no body is a campaign, as
every rule example and subject-line list assumes.

The same module blanks the text inside a body that is not the writer's copy (quoted
text, signatures, PGP armour, pasted headers), so copy rules never read or report it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from ..model import Message
from ..text.templates import blank
from .lazy_regex import lazy, lowered, rx
from .literals import may_match, required_literals

CAMPAIGN = "campaign"
CORRESPONDENCE = "correspondence"

#: Commercial signals in copy: each pattern counts once however often it matches, so
#: "$5 ... $10 ... $20" is one signal and a price, an offer and a call to action are three.
COMMERCIAL: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (label, rx(p)) for label, p in (
        ("price", r"(?:[$£€]\s?\d[\d,]*(?:\.\d\d)?\b|\b\d+(?:\.\d\d)? ?(?:dollars|usd|eur|gbp)\b)"),
        ("discount", r"\b\d{1,2} ?(?:%|percent) off\b|\b(?:discount|coupon|promo code|voucher)s?\b"
                     r"|\bsave (?:up to |over |an extra )?[$£€]?\d"),
        ("offer", r"\b(?:special|limited[- ]time|exclusive|introductory|free) (?:offer|deal|trial|gift|bonus)s?\b"
                  r"|\bfree (?:shipping|delivery|samples?|quotes?|report|consultation|membership|access|software|download"
                  r"|info(?:rmation)?|(?:legal |financial )?advice)\b"
                  r"|\bguaranteed to\b|\b100% (?:free|guaranteed)\b"),
        ("call to action", r"\b(?:order|buy|shop|call|act|subscribe|sign up|register|apply|join) "
                           r"(?:now|today|here|online)\b|\bclick (?:here|below|the link)\b"
                           r"|\b(?:please )?visit (?:(?:our|my) (?:web ?site|store|shop)\b|https?://|www\.)"),
        ("unsubscribe link", r"\bunsubscribe\b"),
        ("opt-out footer", r"\bopt[- ]?out\b|\bto be removed\b"
                           r"|\bremoved? (?:yourself |you )?from (?:our|this|the|future) (?:\w+ ){0,2}(?:list|mailings?)\b"
                           r"|\breply with (?:the word )?\"?remove\b|\bleave this list\b|\bno removal is necessary\b"
                           r"|\bone[- ]time (?:mailing|e-?mail)\b"
                           r"|\byou (?:are receiving|received) this (?:letter|e-?mail|message|mailing) because\b"),
        ("money", r"\bmoney[- ]back\b|\bno (?:risk|obligation)\b|\b(?:credit card|cash|income|profits?) "
                  r"(?:needed|required|guaranteed|today|from home|opportunit(?:y|ies))\b"
                  r"|\b(?:make|earn) (?:money|\$)"),
        ("solicitation", r"\bbusiness (?:proposal|partner(?:ship)?|opportunit(?:y|ies))\b|\bnext of kin\b"
                         r"|\b(?:transfer|remit) (?:of )?(?:the |this )?(?:funds?|sum|money)\b"
                         r"|\b(?:us\$|usd) ?\d|\bmillion (?:united states |u\.?s\.? )?dollars\b"
                         r"|\burgent (?:business )?(?:assistance|proposal|reply|response)\b"
                         r"|\bstrictly (?:private|confidential)\b"),
        ("toll-free number", r"\btoll[- ]free\b|\b1[- .]?8(?:00|88|77|66)[- .]?\d{3}[- .]?\d{4}\b"),
    )
)

#: The unsubscribe line of a discussion list's footer ("To unsubscribe ... listinfo")
#: says nothing about the post above it: not counted on a list people post to. The
#: removal language of bulk mail ("to be removed", "this is a one-time mailing") is.
LIST_FOOTER_LABELS = frozenset({"unsubscribe link"})

#: Outlook's Thread-Index: 22 bytes (32 base64 characters) start a thread, and every
#: reply appends 5 more. Every message from Outlook carries one, so only a longer value
#: says "this is a reply".
THREAD_INDEX_BASE = 32

#: at most this many commercial signals for correspondence evidence to stand: people
#: mention a price or a link when they write, but a message with two kinds of sell
#: (a forwarded offer under a quoted line, spam posted to a list) is still a campaign
MAX_SIGNALS = 1


@dataclass(frozen=True)
class SendEvidence:
    """The verdict and what it rests on, for reports (``--show-context``, JSON)."""

    kind: str  # CAMPAIGN or CORRESPONDENCE
    correspondence: tuple[str, ...] = ()
    campaign: tuple[str, ...] = ()
    #: the commercial signals of the copy (a subset of ``campaign``)
    signals: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = []
        if self.correspondence:
            parts.append("correspondence evidence: " + ", ".join(self.correspondence))
        if self.campaign:
            parts.append("campaign evidence: " + ", ".join(self.campaign))
        return "; ".join(parts) or "no headers or quoting: judged as a campaign"


# -- text that is not the writer's copy --------------------------------------------------

_QUOTE_LINE_RE = lazy(r"(?m)^[ \t]*(?:>|\|[ \t])[^\n]*")
_ATTRIBUTION_RE = lazy(r"(?m)^[ \t]*(?:On\b[^\n]{0,300}\bwrote:|[^\n]{0,120}\b(?:wrote|writes|said):)[ \t]*$")
#: what every attribution line holds (the regex, tried at every line start, was most
#: of the time spent on a body: only the lines holding one of these are tried)
_ATTRIBUTION_WORD_RE = lazy(r"wrote:|writes:|said:")
_ORIGINAL_RE = lazy(r"(?im)^[ \t]*-{2,}[ \t]*(?:Original|Forwarded) Message[ \t]*-{2,}[ \t]*$"
                    r"|^[ \t]*Begin forwarded message:[ \t]*$")
_SIGNATURE_RE = lazy(r"(?m)^-- ?\r?$")
_PGP_RE = lazy(r"(?ms)^-----BEGIN PGP (?:SIGNATURE|PUBLIC KEY BLOCK|MESSAGE)-----$.*?^-----END PGP [A-Z ]+-----$"
               r"|^-----BEGIN PGP SIGNED MESSAGE-----\r?\n(?:Hash: [^\n]*\r?\n)?")
#: two or more consecutive lines of a pasted message header ("From: ...", "Subject: ...",
#: "Received: ...", "X-Mailer: ..."): the writer quoting a message, not writing copy
_HEADER_NAMES = (r"[ \t]*(?:from|to|cc|date|sent|subject|received|return-path|message-id|reply-to"
                 r"|content-type|mime-version|x-[\w-]+|delivered-to|in-reply-to|references|importance):")
_HEADER_LINE_RE = lazy(  # (never starts inside a run of blanks: linear even when searched)
    r"(?<![ \t])" + _HEADER_NAMES, re.IGNORECASE)
#: the same, found anywhere at a line's start (it never reaches past its line)
_HEADER_LINE_START_RE = lazy(r"(?m)^" + _HEADER_NAMES, re.IGNORECASE)


def _header_blocks(text: str, end: int) -> list[tuple[int, int]]:
    """Runs of two or more header lines (continuation lines included) starting before
    ``end``, walked line by line from each header line a regex finds (a regex for "a
    run of header lines" backtracks badly; walking every line of the body was most of
    the time spent here)."""
    blocks: list[tuple[int, int]] = []
    resume = 0  # lines before this belong to a run already walked
    for head in _HEADER_LINE_START_RE.finditer(text):
        start = head.start()
        if start >= end:
            break
        if start < resume:
            continue
        count = 1
        eol = text.find("\n", start)
        last_end = eol = len(text) if eol == -1 else eol
        pos = eol + 1
        while pos < end:
            eol = text.find("\n", pos)
            eol = len(text) if eol == -1 else eol
            if _HEADER_LINE_RE.match(text, pos, eol) is not None:
                count += 1
            elif not (eol > pos and text[pos] in " \t"):  # not a continuation line
                break
            last_end = eol
            pos = eol + 1
        if count >= 2:
            blocks.append((start, last_end))
        resume = pos
    return blocks


#: lines that are code or markup, not prose: an HTML doctype or tag, a shell prompt
_CODE_LINE_RE = lazy(r"(?m)^[ \t]*(?:<!DOCTYPE[^\n]*|</?[a-zA-Z][^\n]*>[ \t]*|[$#%] [^\n]*|#(?:include|define|if)[^\n]*)$")


def _attribution_lines(text: str, end: int) -> Iterator[re.Match[str]]:
    """``_ATTRIBUTION_RE.finditer(text, 0, end)``, trying only the lines that hold one of
    its words. A match never leaves its line and starts at the line's start, so each
    line holds at most one and the matches come in the same order."""
    tried = -1
    for word in _ATTRIBUTION_WORD_RE.finditer(text, 0, end):
        start = text.rfind("\n", 0, word.start()) + 1
        if start == tried:
            continue
        tried = start
        m = _ATTRIBUTION_RE.match(text, start, end)
        if m is not None:
            yield m


def non_copy_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans of a body that are not the writer's own copy, with what each is.

    An attribution line, an original-message marker and a signature delimiter cut
    the rest of the body (what follows is the quoted message or the signature).
    Remembered for the last few texts: a message's body is read by the send evidence
    and blanked twice (as read and as normalised, mostly the same text)."""
    return list(_non_copy_spans(text))


@lru_cache(maxsize=8)
def _non_copy_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    spans: list[tuple[int, int, str]] = []
    cut = len(text)
    cut_kind = ""
    for pattern, kind in ((_ORIGINAL_RE, "original message"), (_SIGNATURE_RE, "signature")):
        m = pattern.search(text)
        if m and m.start() < cut:
            cut, cut_kind = m.start(), kind
    for m in _attribution_lines(text, cut):
        after = text[m.end():m.end() + 400].lstrip("\r\n")
        if after.lstrip().startswith(">") or "On " == m.group(0).lstrip()[:3]:
            cut, cut_kind = m.start(), "attribution line"
            break
    if cut < len(text):
        spans.append((cut, len(text), cut_kind))
    for pattern, kind in ((_QUOTE_LINE_RE, "quoted text"), (_PGP_RE, "PGP armour"),
                          (_CODE_LINE_RE, "code")):
        for m in pattern.finditer(text, 0, cut):
            if m.end() > m.start():
                spans.append((m.start(), m.end(), kind))
    spans.extend((s, e, "pasted header block") for s, e in _header_blocks(text, cut))
    spans.sort()
    return tuple(spans)


@lru_cache(maxsize=8)
def blank_non_copy(text: str) -> str:
    """``text`` with quoted text, signatures, PGP armour, pasted headers and code lines
    blanked (same length, newlines kept), so positions hold and rules see only copy."""
    if not text:
        return text
    spans = _non_copy_spans(text)
    if not spans:
        return text
    out, pos = [], 0
    for start, end, _ in spans:
        if end <= pos:
            continue
        start = max(start, pos)
        out.append(text[pos:start])
        out.append(blank(text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


# -- the verdict -------------------------------------------------------------------------

#: what a discussion list's footer says (a mailing list puts it under a "-- " line)
LIST_FOOTER_RE = lazy(r"listinfo|\(?un\)?subscri|mailing list|list maintainer|list archive", re.IGNORECASE)

#: a list's subject tag ("[ILUG] ...", "Re: [SAtalk] ..."): lists people post to tag
#: each post so members can tell the threads apart
LIST_TAG_RE = lazy(r"^\W*(?:(?:re|aw|sv|fwd?|fw)\s*:\s*)*\[[\w .-]{1,30}\]", re.IGNORECASE)
#: a list only its owner posts to: an announcement, a newsletter, a digest
ANNOUNCE_RE = lazy(r"announce|newsletter|\bnews\b|digest|offers|promo|deals", re.IGNORECASE)

#: a reply prefix followed by a list's subject tag: "Re: [ILUG] ...", "RE: [SAtalk] ..."
LIST_REPLY_RE = lazy(r"^\W*(?:re|aw|sv)\s*(?:\[\d+\])?\s*:\s*\[[\w .-]{1,30}\]", re.IGNORECASE)


def _present(meta: dict, key: str) -> bool:
    value = meta.get(key)
    return bool(value) and str(value).strip().lower() not in ("no", "none")


_GATES: list | None = None


def _gates() -> list:
    """Each commercial signal's required words (:mod:`literals`), derived on first use."""
    global _GATES
    if _GATES is None:
        _GATES = [required_literals(pattern.compiled()) for _, pattern in COMMERCIAL]
    return _GATES


def commercial_signals(text: str) -> list[str]:
    """The labels of the commercial signals ``text`` carries, each once, in table order.

    A signal whose regex needs a word the lower-cased text lacks is not searched for
    (the regexes, case-blind over a whole message, were most of the send evidence)."""
    low = lowered(text)
    if low is None:  # a case oddity (lazy_regex.CASE_ODDITIES): a required word can
        # match without being in the lower-cased text, so the regexes run ungated
        return [label for label, pattern in COMMERCIAL if pattern.search(text)]
    return [label for (label, pattern), gate in zip(COMMERCIAL, _gates())
            if may_match(gate, low) and pattern.found_in(text, low)]


@lru_cache(maxsize=512)
def sells(text: str) -> bool:
    """Whether ``text`` carries any commercial signal (``bool(commercial_signals(text))``),
    stopping at the first. Remembered for the last 512 texts: the capitals check asks
    it of the paragraph around each run, and the runs of one paragraph ask it of the
    same text (22,406 questions, 2,527 distinct texts, on the spam mbox)."""
    return any(pattern.search(text) for _, pattern in COMMERCIAL)


def send_evidence(message: Message) -> SendEvidence:
    """Decide campaign or correspondence for a message from its headers and body."""
    meta = message.meta
    body = message.text("body")
    corr: list[str] = []
    if _present(meta, "in_reply_to") or _present(meta, "references"):
        corr.append("reply headers")
    if len(str(meta.get("thread_index") or "").strip()) > THREAD_INDEX_BASE:
        corr.append("Thread-Index of a reply")
    for kind in meta.get("quoting") or ():  # what the .eml reader blanked
        if kind not in corr and kind != "list footer":
            corr.append(kind)
    for start, _, kind in non_copy_spans(body):
        if kind in ("code", "PGP armour") or kind in corr:
            continue
        if kind == "signature" and LIST_FOOTER_RE.search(body, start, start + 400):
            continue  # the list's footer under a "-- " line, not the writer's signature
        corr.append(kind)
    discussion = False
    if not ANNOUNCE_RE.search(str(meta.get("list_id") or "")):
        if _present(meta, "list_post"):
            discussion = True
            corr.append("discussion list (List-Post)")
        elif _present(meta, "list_id") and LIST_TAG_RE.search(message.text("subject")):
            discussion = True
            corr.append("discussion list (List-Id, subject tag)")
    if _present(meta, "list_id") and LIST_REPLY_RE.match(message.text("subject")):
        # "Re: [ILUG] ...": the list tagged the post this one answers
        corr.append("reply within the list's thread")

    camp: list[str] = []
    if _present(meta, "esp"):
        camp.append(f"bulk-sender headers ({meta['esp']})")
    if not discussion:
        if _present(meta, "list_unsubscribe"):
            camp.append("List-Unsubscribe header")
        elif str(meta.get("precedence", "")).strip().lower() in ("bulk", "list", "junk") \
                and not _present(meta, "list_id"):
            camp.append("Precedence: bulk")
    copy = "\n".join(message.text(f) for f in ("subject", "preheader")) + "\n" + blank_non_copy(body)
    signals = commercial_signals(copy)
    if discussion:  # a discussion list's own footer says nothing about the post
        signals = [s for s in signals if s not in LIST_FOOTER_LABELS]
    camp.extend(signals)

    if corr and not _present(meta, "esp") and len(signals) <= MAX_SIGNALS:
        return SendEvidence(CORRESPONDENCE, tuple(corr), tuple(camp), tuple(signals))
    return SendEvidence(CAMPAIGN, tuple(corr), tuple(camp), tuple(signals))
