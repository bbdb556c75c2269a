"""Shouting: capitals, punctuation runs and emoji overload.

Patterns could list "!!!", but deciding that "FIFTY PERCENT OFF" shouts while "USA"
and "FAQ" do not needs a count of letters, runs and a list of acronyms, so these are
Python checks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from ..engine.analysis import Analysis
from ..engine.checks import Hit, Setting, check
from ..engine.evidence import sells
from ..engine.lazy_regex import lazy
from ..engine.rule import Rule
from ..vocabulary import ACRONYMS  # names, units and acronyms: capitals that are no raised voice

# every alternative starts at a token boundary, so a long unbroken run of text is
# scanned once (an unanchored \S+@ backtracks quadratically)
URL_RE = lazy(r"(?<!\S)(?:https?://|www\.)\S+|(?<!\S)[^\s@]+@\S+")
CAPS_WORD_RE = lazy(r"(?<![\w'])[A-Z][A-Z'\-]*[A-Z](?![\w'])")
CAPS_RUN_RE = lazy(
    # words one or two blanks apart: a wider gap separates columns ("WORDS     ISSUE 296")
    r"(?<![\w'])[A-Z][A-Z'\-]*[A-Z](?:[ \t]{1,2}(?:[A-Z][A-Z'\-]*[A-Z]|[0-9$%]+|&))*(?![\w'])"
)
PUNCT_RUN_RE = lazy(r"!{2,}|\?{2,}|[!?]*(?:\?!|!\?)[!?]*")
EMOJI_RE = lazy(
    "[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2190-\u21FF\u2300-\u23FF]"
    "[\uFE0F\u200D\U0001F3FB-\U0001F3FF]*"
)


class _Urls:
    """Whether a position is inside a URL or an email address, asked for candidates
    only, in text order: the word around a position is matched once, however many
    candidates it holds (a 40 KB word of them was matched 4,000 times, quadratic)."""

    __slots__ = ("text", "_word", "_span")

    def __init__(self, text: str):
        self.text = text
        self._word = -1
        self._span = (0, 0)

    def __contains__(self, start: int) -> bool:
        text = self.text
        left = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start), text.rfind("\t", 0, start)) + 1
        if left != self._word:
            m = URL_RE.match(text, left)
            self._word, self._span = left, (m.span() if m else (0, 0))
        return self._span[0] <= start < self._span[1]


SENDER_CAPS_RE = lazy(r"(?<![\w'])[A-Z][A-Z&'\-]*[A-Z](?![\w'])")


def sender_brand_words(a: Analysis) -> frozenset[str]:
    """Capitalised words of the sender's name ("UNIQLO", "ASICS Europe"): the brand
    writing its own name, not a raised voice. A sender name with two or more capitalised
    words ("ACME FLASH DEALS") is itself shouting and vouches for nothing."""
    view = a.view("from")
    if view is None:
        return frozenset()
    name = view.norm.split("<", 1)[0]
    words = [w for w in SENDER_CAPS_RE.findall(name) if w not in ACRONYMS]
    return frozenset(words) if len(words) == 1 else frozenset()


#: words that, set alone in capitals, raise the voice rather than name a product
SHOUT_WORDS = frozenset("""
    FREE NOW HURRY HUGE SALE LAST TODAY TONIGHT NEW BIG BEST OFF SAVE SAVINGS DEAL DEALS
    URGENT MISS LIMITED EXCLUSIVE FINAL ENDS ENDING ONLY OPEN WOW AMAZING INCREDIBLE INSANE
    MASSIVE EPIC GIANT MEGA BONUS GIFT WIN WINNER ALERT WARNING IMPORTANT ATTENTION
    REMINDER DEADLINE EXPIRES CLEARANCE EVERYTHING QUICK FAST SECRET SPECIAL OFFER OFFERS
    DISCOUNT PRICE PRICES LOWEST CHEAP GUARANTEED STOP NEVER ALWAYS HOT YES LOVE GONE
    CHANCE HOURS DAYS MINUTES LEFT CLICK ORDER BUY CALL SUBSCRIBE REGISTER JOIN HERE
""".split())


#: words whose capitals carry the drama of a display line even alone: a negation or an
#: intensifier ("Prices will NOT stay this low", "the best week EVER"), insistence ("you
#: MUST try it"), a reversal or a verdict ("summer is OVER", "the rivals are BACK"), a
#: verb of conflict or feeling ("critics HATE it", "SLAMS") and the nouns of an exposé
#: ("the whole TRUTH"). In a subject or preheader they are emphasis by volume; in a body,
#: where a writer without italics stresses a word ("I did NOT say that"), they are not asked.
EMPHATIC_WORDS = frozenset("""
    NOT NEVER EVER AGAIN JUST STILL ALMOST REALLY LITERALLY ACTUALLY TRULY SO WAY WHAT
    NOTHING EVERYTHING EVERYONE NOBODY ANYONE DOESNT DONT CANT WONT ISNT ARENT WASNT DIDNT
    MUST NEED NEEDS CAN WILL OVER BACK LOST LOSES LOSE WINS BEATS
    LOVE LOVES HATE HATES SUES CUTS CRUSH CRUSHES DEFEAT DEFEATS SLAMS DESTROYS
    TRUTH LIES TROUBLE
""".split())


def _emphatic(word: str) -> bool:
    """A capitalised word that stresses the drama of a display line (``EMPHATIC_WORDS``)."""
    return word.strip("'-").replace("'", "") in EMPHATIC_WORDS


def _selling(word: str) -> bool:
    """A selling word in capitals ("FREE", "SALE", "NOW"), not just a shouted form."""
    return word.strip("'-").replace("'", "") in SHOUT_WORDS


def _raised_word(word: str) -> bool:
    """A lone capitalised word that shouts: a selling word, or a verb, adverb or
    superlative form (FINALLY, DROPPING, BIGGEST; product and place names in capitals
    rarely end so: BILLY, ITALY and WEST are not caught)."""
    core = word.strip("'-").replace("'", "")
    return core in SHOUT_WORDS or (len(core) >= 5 and core.endswith(("ING", "ED"))) \
        or (len(core) >= 6 and core.endswith("LY"))  \
        or (len(core) >= 6 and core.endswith("EST") and core != "FOREST")  # BIGGEST, not WEST


#: a word that introduces a name: "the BILLY bookcase", "our PURE HEAT serum"
_NAME_BEFORE_RE = lazy(r"(?:^|[\s(\"'])(?:the|our|your|a|an|this|that|my|their|each|every)[ \t]+$",
                       re.IGNORECASE)
#: the lower-case word that follows a product name ("... serum", "... is back")
_NAME_AFTER_RE = lazy(r"(?<![ \t])[ \t]+[a-z]")


def _names_a_product(text: str, start: int, end: int) -> bool:
    """Is the capitalised run at ``start:end`` a product or range name in a sentence:
    after an article or a possessive and before a lower-case word ("the MAGIC BULLET
    blender", "our PURE HEAT serum is back")? Only runs holding no selling word are
    asked: "the HUGE SALE starts" still shouts."""
    return _NAME_BEFORE_RE.search(text, max(0, start - 12), start) is not None \
        and _NAME_AFTER_RE.match(text, end) is not None


def _promotional(text: str, start: int, end: int) -> bool:
    """Is the body around a capitalised run promotional copy: an exclamation mark in its
    line, or a sell (price, offer, call to action) in its paragraph? A run of capitals
    with no selling word in it, in a paragraph that sells nothing, is a house style for
    titles and names ("COURAGE UNDER FIRE" in a film listing), not a raised voice."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if "!" in text[line_start:len(text) if line_end == -1 else line_end]:
        return True
    lo, hi = max(0, start - 300), min(len(text), end + 300)
    para_start = text.rfind("\n\n", lo, start)
    para_end = text.find("\n\n", end, hi)
    window = text[para_start + 2 if para_start != -1 else lo:para_end if para_end != -1 else hi]
    return sells(window)


#: short words of running English: a run holding one is language, not a row of codes
#: ("WE NEED YOU", "NO ONE", "JUMP FOR JOY")
COMMON_SHORT = frozenset("""
    A AN THE AND OR BUT IF OF TO IN ON AT BY FOR FROM WITH AS IS ARE WAS WERE BE BEEN AM
    I WE YOU HE SHE IT THEY ME US HIM HER THEM MY OUR YOUR HIS ITS
    NO NOT YES DO DOES DID DONE GO GOT GET HAS HAVE HAD CAN WILL JUST ALL ONE TWO SO UP
    OUT OFF NOW NEW TOO VERY WHAT WHO WHY HOW THIS THAT THEN THAN WHEN EVEN MORE MOST
    SOME ANY EACH BACK OVER AWAY HERE THERE
""".split())


def _acronym_run(words: list[str], field: str) -> bool:
    """In a body, a run of short capitalised tokens holding no word of running English
    ("PXE BIOS", "UBS AG", "III IDE"): codes, tickers and acronyms side by side in
    technical or financial writing. Shouted copy has a longer word or a common one in
    it ("GET IN WITH THE FOUNDERS", "WE NEED YOU"). A subject is a display line where
    capitals are a choice, so it is not asked."""
    return field == "body" and all(
        len(w.strip("'-")) <= 4 and w.strip("'-") not in COMMON_SHORT for w in words)


#: what introduces capitals that are not the writer's voice: a command to type ("To
#: join, send: SUBSCRIBE WORDS"), a byline ("By JANE DOE" over a pasted article)
_LITERAL_BEFORE_RE = lazy(r"(?:\b(?:send|type|enter|command|reply with|the word)\s*:?[ \t]*|^[ \t]*By[ \t]+)$",
                          re.IGNORECASE | re.MULTILINE)


def _literal_or_byline(text: str, start: int) -> bool:
    """Capitals the reader is told to type, or a pasted article's byline."""
    line_start = text.rfind("\n", 0, start) + 1
    return _LITERAL_BEFORE_RE.search(text, line_start, start) is not None


_IDENT_TOKEN_RE = lazy(r"(?<![\w])[A-Z][A-Z]*[0-9_][A-Z0-9_]*(?![\w])")
_CAPS_TOKEN_RE = lazy(r"(?<![\w'])[A-Z]{2,}(?![\w'])")


def _identifiers(text: str) -> frozenset[str]:
    """Capitalised words the text uses as identifiers: those on a line that also holds
    two or more identifier-shaped tokens ("the substrings CURRENT1, CURRENT2, NEW and
    OLD", "merge = diff3 CURRENT1 OLD CURRENT2 > NEW"). Documentation names its
    placeholders in capitals; wherever else the word appears, it is the same name."""
    found: set[str] = set()
    if "_" not in text and not any(map(str.isdigit, text)):
        return frozenset()
    window = text[:REPEAT_WINDOW]
    # the identifier tokens of every line in one scan (a token holds no line break and
    # its lookarounds read a line break as they read the line's edge); then only the
    # lines holding two or more are read for capitalised words
    per_line: dict[int, int] = {}
    for m in _IDENT_TOKEN_RE.finditer(window):
        start = window.rfind("\n", 0, m.start()) + 1
        per_line[start] = per_line.get(start, 0) + 1
    for start, count in per_line.items():
        if count >= 2:
            end = window.find("\n", start)
            found.update(_CAPS_TOKEN_RE.findall(window[start:len(window) if end == -1 else end]))
    return frozenset(found)


class _IdentifierTest:
    """``word in _identifiers(text)``, asked of a few words: the lines holding the word
    are read, not every line of the text."""

    __slots__ = ("window", "known")

    def __init__(self, text: str) -> None:
        self.window = text[:REPEAT_WINDOW]
        self.known: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        found = self.known.get(word)
        if found is None:
            found = self.known[word] = self._find(word)
        return found

    def _find(self, word: str) -> bool:
        window = self.window
        at = window.find(word)
        while at != -1:
            start = window.rfind("\n", 0, at) + 1
            end = window.find("\n", at)
            if end == -1:
                end = len(window)
            line = window[start:end]
            if word in _CAPS_TOKEN_RE.findall(line) and len(_IDENT_TOKEN_RE.findall(line)) >= 2:
                return True
            at = window.find(word, end)
        return False


def _markup(text: str, start: int, end: int) -> bool:
    """Capitals that are markup or code: a tag name after "<" or "</", an attribute or
    variable before "=" ("<TABLE CELLPADDING=5>", "MAXLEN=80")."""
    return text.endswith(("<", "</"), max(0, start - 2), start) or text.startswith("=", end)


def _written_plainly(a: Analysis, run: str) -> bool:
    """The same words written elsewhere in the message in ordinary case ("World Wide
    Words" in the subject, "WORLD WIDE WORDS" as the masthead; "_Siberia Bound_" and
    "SIBERIA BOUND"): a name set in capitals for display, which the writer does not
    otherwise shout. Only runs of two or more words holding no selling word are asked."""
    words = run.split()
    if len(words) < 2:
        return False
    lowered = [w.lower() for w in words]
    pattern = None
    for view in a.views.values():
        norm, low = view.norm, view.lower
        window = min(len(norm), REPEAT_WINDOW)
        # Ignoring case, an ASCII letter matches its two cases and, of all other
        # characters, only İ and ı (i), the Kelvin sign (k) and the long s, which
        # lower() does not map to it. Without those, where lower() keeps every
        # position, a match starts where the lowered text holds the first word, and
        # the text holds every word lowered: the scan below visits those starts only,
        # in order and past each match, as ``finditer`` would.
        plain = len(low) == len(norm) and not any(c in norm for c in "\u0130\u0131\u212a\u017f")
        if plain and not all(w in low for w in lowered):
            continue
        if pattern is None:
            pattern = re.compile(r"(?<![\w])" + r"[\s_*\-]+".join(map(re.escape, words)) + r"(?![\w])",
                                 re.IGNORECASE)
        if plain:
            first = lowered[0]
            at = low.find(first, 0, window)
            while at != -1:
                found = pattern.match(norm, at, window)
                if found is None:
                    at = low.find(first, at + 1, window)
                    continue
                if not found.group(0).isupper():
                    return True
                at = low.find(first, found.end(), window)
            continue
        for found in pattern.finditer(norm, 0, window):
            if not found.group(0).isupper():
                return True
    return False


def _log_label(text: str, start: int, end: int, run: str) -> bool:
    """A label that opens line after line of the same shape ("SITE WARNING: ..." in a
    program's report, "NOTE:" in a changelog): machine output or a form, not a voice
    raised at the reader. Three lines or more, each starting with the label and a colon."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip() or not text.startswith(":", end):
        return False
    return text.count("\n" + run + ":", 0, REPEAT_WINDOW) + text.startswith(run + ":") >= 3


def _repeated(text: str, run: str) -> bool:
    """The same capitalised run (no selling word in it) written again in the field: a
    name the writer keeps using ("REVOLUTION OS", a product, a film), not a raised
    voice, which rarely repeats itself word for word."""
    return len(run) >= 4 and text.count(run, 0, REPEAT_WINDOW) >= 2


#: how much of a field is searched for a repeated run (a bound, not a judgement)
REPEAT_WINDOW = 100_000
_HEADING_TRIM = " \t:.-=*#|[]()0123456789"


#: a heading or a title in capitals is short; a longer run is a sentence said loudly
MAX_TITLE_WORDS = 4


def _title_or_heading(text: str, start: int, end: int, n_words: int, raised: bool) -> bool:
    """A short run of capitals holding no selling word, in a body that does not sell
    around it (no "!" in its line, no price, offer or call to action in its paragraph):
    a plain-text heading on its own line ("IN THIS ISSUE", "UPCOMING EVENTS"), or a
    title or name in a newsletter's house style inside a sentence ("COURAGE UNDER
    FIRE", two or three words and no shouted verb). Plain text has no bold or italics,
    so capitals stand in for them; in a paragraph that sells, the same capitals shout."""
    if n_words > MAX_TITLE_WORDS or _promotional(text, start, end):
        return False
    if _heading(text, start, end):
        # a heading heads something: text follows it (a line of capitals alone, a
        # button's "NO THANKS", heads nothing)
        return bool(text[end:].strip(_HEADING_TRIM + "\n"))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end == -1 else line_end]
    in_sentence = any(c.islower() for c in line)
    return in_sentence and not raised and n_words <= MAX_TITLE_WORDS - 1


def _heading(text: str, start: int, end: int) -> bool:
    """The run is its line's whole text, with no exclamation mark: a section heading in
    a plain-text newsletter or a note ("IN THIS ISSUE", "UPCOMING EVENTS:"), which
    capitals mark because plain text has no bold. A shout ends in "!" or sits in a
    sentence; a heading holding a selling word ("HUGE SALE TODAY") is not asked."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before = text[line_start:start].strip(_HEADING_TRIM)
    if before or "!" in text[line_start:end + 1]:
        return False
    # a run-in heading: the capitals, a wide gap, then the paragraph's prose
    # ("COCKLES OF ONE'S HEART  You may recall ...")
    return not text[end:line_end].strip(_HEADING_TRIM) or RUN_IN_RE.match(text, end) is not None


#: (never starts inside a run of blanks, so a search is linear too)
RUN_IN_RE = lazy(r"(?<![ \t])[ \t]{2,}[A-Z][a-z]")


@lru_cache(maxsize=8)
def _names_re(names: tuple[str, ...]) -> "re.Pattern[str] | None":
    """One regex for the configured ``names``, longest first, as whole words."""
    if not names:
        return None
    alternatives = "|".join(re.escape(n.strip()) for n in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])")


def _hide_names(text: str, names: tuple[str, ...]) -> str:
    """``text`` with the configured names blanked (same length) for the capitals scan."""
    pattern = _names_re(names)
    if pattern is None:
        return text
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _shouty(word: str, brand: frozenset[str] = frozenset()) -> bool:
    core = word.strip("'-")
    if len(core) < 2 or core.replace("'", "").replace("-", "") in ACRONYMS or core in brand:
        return False
    if not any(c in "AEIOUY" for c in core):
        return False  # no vowel, nothing to say aloud: an identifier (MSG, PHP, DNS, HTML)
    # "USB-C", "NASA-JPL": every hyphenated part an acronym or a single letter
    parts = core.split("-")
    return not (len(parts) > 1 and all(len(p) == 1 or p in ACRONYMS for p in parts))


@check(
    id="MSG261",
    name="all-caps",
    category="shouting",
    severity="warning",
    fields=["subject", "preheader", "body"],
    message='"{match}" is set in capitals, which reads as shouting.',
    why=(
        "Capitals raise the voice. A run of them in a subject or body pressures the reader "
        "rather than informing them; acronyms and names in capitals are not flagged."
    ),
    suggestion="Write it in sentence case and let the offer speak for itself.",
    use_instead='Subject: "You\'re getting 50% off"',
    settings=[
        Setting("names", "strings", [],
                "names the copy writes in capitals on purpose (brands, product lines, events), "
                "matched as whole words, case-sensitively: not counted, though shouting around "
                "them still is", old="names", example=["NORTH FACE", "AIR MAX 90"]),
    ],
    examples={
        "flag": [
            "Nicely done! You're getting FIFTY PERCENT OFF",
            "24 HOUR DEADLINE: save now",
            "HUGE SUMMER SALE STARTS NOW",
            {"body": "Our prices are DROPPING this weekend."},
            "Meet the HUGE SUMMER SALE today",
            # a heading that sells, or one that shouts with "!", is still shouting
            {"body": "HUGE SUMMER SALE\nEverything must go."},
            {"body": "GET IN WITH THE FOUNDERS!\nJoin today."},
            # a repeated run that sells still shouts each time
            {"body": "LAST CHANCE to save. Really, LAST CHANCE."},
            # no selling word in the run, but the paragraph sells
            {"body": "EXPERTS ARE TALKING ABOUT THIS PLAN. Order now for $29.95."},
            # a run-in heading that sells is still shouting
            {"body": "HUGE SAVINGS  Everything in store is half price."},
            # one code beside a selling word is no list of identifiers
            {"body": "Use code SAVE20 for FREE shipping."},
            # a line of capitals alone heads nothing: a button or a banner
            {"body": "ADD FOR BETTER RESULTS"},
            # short words of running English in capitals are a raised voice, not codes
            "NO ONE saw this coming",
            {"body": "Michelle just made us JUMP FOR JOY. Chip in $5 now."},
            # one word in capitals that carries the drama of a subject line
            "Our prices will NOT stay this low",
            "Our best week EVER",
            "The old rivals are BACK",
        ],
        "pass": [
            "New FAQ page for USA customers",
            "Free shipping to the UK and EU",
            "Your PIN and ID card are ready",
            "✈ Flights to NYC from $99",
            "USB-C hubs that fit under an IKEA desk",
            {"from": "HEATWAVE Swimwear", "subject": "HEATWAVE swimsuits are back"},
            {"body": "New lower prices on the BILLY bookcase and the POÄNG armchair."},
            "Shop MANGO and ZARA picks",
            "Meet the MAGIC BULLET blender",
            {"body": "Our PURE HEAT serum is back in stock."},
            # acronyms and codes side by side, identifiers without a vowel
            "Licence question: GPL & PHP",
            {"body": "The old box still boots MS DOS from the PXE BIOS."},
            {"body": "Shares in UBS AG rose two percent on Monday."},
            {"body": "Quarterly figures for KPMG and the XYZW fund"},
            # a name the writer keeps using is a name
            {"body": "We watched NIGHT HARBOUR on Friday. NIGHT HARBOUR is long but good."},
            # a plain-text heading on its own line
            {"body": "IN THIS ISSUE\nThree walks for rainy days.\n\nUPCOMING EVENTS:\nA talk on maps."},
            # a name set in capitals for display, written plainly elsewhere in the message
            {"subject": "Field Notes, issue 12",
             "body": "Welcome to FIELD NOTES, a letter about words: $5 a year."},
            # markup and variables
            {"body": "The page starts <TABLE BORDER=0 CELLPADDING=5> and the BUFFER_SIZE=80 line."},
            # a command to type, a pasted article's byline, a run-in heading
            {"body": "To join, send: SUBSCRIBE FIELDNOTES First-name Last-name"},
            {"body": "Worth a read:\n\nBy JANE MARLOWE\nThe council met on Tuesday."},
            {"body": "SLEEPING DOGS  Several of you asked where this phrase comes from."},
            # placeholders named beside identifiers, and the same name later on
            {"body": "The command may use the substrings PATH1, PATH2 and NEW.\n"
                     "If the program writes a file called NEW, the merge succeeded."},
            # a program's report: the same label opening line after line
            {"body": "Tonight's run:\nSITE WARNING: feed A timed out\nSITE WARNING: feed B moved\n"
                     "SITE WARNING: feed C not found"},
            # titles in a house style of capitals, in a paragraph that sells nothing
            {"body": "On the late film: COURAGE UNDER FIRE, then the news."},
            # in a body, one stressed word is a writer without italics
            {"body": "I did NOT say the shop would close."},
            "Shop the WAY collection of rain jackets",
        ],
    },
)
def all_caps(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags a run of two or more capitalised words (not acronyms), or a single
    capitalised word that raises the voice: a selling word ("FREE", "HUGE", "NOW"),
    a shouted verb or adverb ("DROPPING", "FINALLY"), or in a subject or preheader a
    word that carries the drama ("Prices will NOT stay", "summer is OVER", "critics HATE it").
    Acronyms, identifiers without a
    vowel, known brands in capitals, the sender's own capitalised name, product names in
    a sentence ("the BILLY bookcase", "our PURE HEAT serum is back") and the names
    listed in the ``names`` setting are not counted. Capitals that are not a voice are
    not flagged either: markup and variables, a run written plainly elsewhere in the
    message, and in a body a row of short codes ("PXE BIOS"), a name the writer repeats,
    a command to type, a byline, a label opening line after line, and a heading or a
    short title in a paragraph that sells nothing (no "!", price, offer or call to
    action). Quoted text, signatures and PGP armour are never read."""
    brand = sender_brand_words(a)
    names = a.setting(rule, "names")
    for name in rule.fields:
        view = a.view(name)
        if view is None or not a.reads_field(name):
            continue
        text = _hide_names(view.norm, names)
        urls = _Urls(text)
        # in a rewrite's lint, only the lines the verdict reads: a run never holds a
        # line break (its words are one or two blanks apart), so each line's runs are
        # the whole text's; and a word is asked whether it is an identifier only when
        # such a run holds it (the same answer as the whole text's set)
        lines = a.verdict_lines(name)
        if lines is None:
            idents = _identifiers(text) if name == "body" else frozenset()
            runs = CAPS_RUN_RE.finditer(text)
        else:
            idents = _IdentifierTest(text) if name == "body" else frozenset()
            runs = CAPS_RUN_RE.finditer(text, lines[0], lines[1])
        for m in runs:
            # each run is judged by itself (what it reads of the rest of the text is
            # the same for every run), and its hit is the run: in a rewrite's lint, a
            # run whose finding the verdict cannot read is not judged
            if a.unread(name, m.start(), m.end()):
                continue
            words = [w for w in CAPS_WORD_RE.findall(m.group(0))]
            shouty = [w for w in words if _shouty(w, brand) and w not in idents]
            if not shouty or m.start() in urls:
                continue
            raised = any(map(_raised_word, shouty))
            if not raised and (_names_a_product(text, m.start(), m.end())
                               or _acronym_run(shouty, name) or _repeated(text, m.group(0))):
                continue
            # a dramatic word in capitals raises a display line's voice even alone
            raised = raised or (name != "body" and any(map(_emphatic, shouty)))
            if name == "body" and (_log_label(text, m.start(), m.end(), m.group(0))
                                   or _literal_or_byline(text, m.start())):
                continue
            if _markup(text, m.start(), m.end()) or (not any(map(_selling, shouty))
                                                     and _written_plainly(a, m.group(0))):
                continue
            if name == "body" and not any(map(_selling, shouty)) \
                    and _title_or_heading(text, m.start(), m.end(), len(words), raised):
                continue
            if len(shouty) >= 2 and any(len(w) >= 3 for w in shouty) or raised:
                yield Hit(name, m.start(), m.end())


@check(
    id="MSG262",
    name="punctuation-run",
    category="shouting",
    severity="warning",
    fields=["subject", "preheader", "body"],
    message='"{match}" stacks exclamation or question marks.',
    why="Runs of ! and ?! are volume, not information; one mark is enough when it is earned.",
    suggestion="Use one full stop or one exclamation mark.",
    use_instead='Subject: "Our summer sale starts today."',
    examples={
        "flag": ["Sale starts now!!!", "Did you see this?!", "Last call!!", {"body": "Hurry!!! Ends soon"}],
        "pass": ["Sale starts now!", "Did you see our new range?", "Tickets: 2 left?", "Wow! New colours."],
    },
)
def punctuation_run(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags two or more exclamation marks in a row, and any ?! or !? combination."""
    for name in rule.fields:
        view = a.view(name)
        if view is None or not a.reads_field(name):
            continue
        text = view.norm
        if "!!" not in text and "??" not in text and "?!" not in text and "!?" not in text:
            continue  # every run of two or more holds one of these pairs
        urls = _Urls(text)
        # in a rewrite's lint, only the lines the verdict reads (a run of ! and ? never
        # holds a line break, so each line's runs are the whole text's)
        lines = a.verdict_lines(name)
        runs = PUNCT_RUN_RE.finditer(text) if lines is None else PUNCT_RUN_RE.finditer(text, *lines)
        for m in runs:
            # (each run judged by itself; in a rewrite's lint, one the verdict cannot
            # read is not asked whether it sits in a URL)
            if len(m.group(0)) >= 2 and not a.unread(name, m.start(), m.end()) and m.start() not in urls:
                yield Hit(name, m.start(), m.end())


@check(
    id="MSG263",
    name="emoji-overload",
    category="shouting",
    severity="warning",
    fields=["subject", "preheader", "body"],
    message="{match}",
    why="A subject crowded with emoji competes for attention instead of saying what is inside.",
    suggestion="Keep at most one emoji, where it adds meaning.",
    use_instead='Subject: "✈ Flights to Lisbon from $99"',
    examples={
        "flag": [
            "🔥🔥🔥 Sale starts now",
            "🎉 Big news 🎁 inside 🛍️ shop now",
            {"body": "Our new range is here 😍😍😍"},
        ],
        "pass": ["✈ Flights to Lisbon from $99", "Summer range is here ☀️", "🎉 Thank you for 5 years 🎂"],
    },
)
def emoji_overload(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags three or more emoji in a subject or preheader, or a run of three in a row
    anywhere."""
    for name in rule.fields:
        view = a.view(name)
        if view is None:
            continue
        emoji = list(EMOJI_RE.finditer(view.norm))
        if len(emoji) < 3:
            continue
        runs = _runs(view.norm, emoji)
        for start, end, count in runs:
            if count >= 3:
                yield Hit(name, start, end,
                      message=f"{count} emoji in a row crowd the copy.")
                break
        else:
            if name in ("subject", "preheader"):
                yield Hit(name, emoji[0].start(), emoji[-1].end(),
                      message=f"{len(emoji)} emoji in the {name} crowd out the words.")


def _runs(text: str, matches: list[re.Match[str]]) -> list[tuple[int, int, int]]:
    runs: list[tuple[int, int, int]] = []
    for m in matches:
        if runs and text[runs[-1][1]:m.start()].strip() == "":
            s, _, c = runs[-1]
            runs[-1] = (s, m.end(), c + 1)
        else:
            runs.append((m.start(), m.end(), 1))
    return runs
