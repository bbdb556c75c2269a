"""Readability: body copy harder to read than the audience target.

Grade level and reading ease are arithmetic over words, sentences and syllables
(textstat, run offline by :mod:`msglint.nlp.readability`), so these are Python checks.
They judge style, not honesty, and report at ``info``. Targets are the rules'
settings (``[tool.msglint.rules.MSG331]`` ``max-grade`` and ``min-reading-ease``,
``[tool.msglint.rules.MSG332]`` ``max-sentence-words``; the older
``[tool.msglint.readability]`` table still sets them); short bodies are not scored,
since formulas on a few sentences are noise.
"""

from __future__ import annotations

from typing import Iterator

from ..engine.analysis import Analysis
from ..engine.checks import Hit, Setting, check
from ..engine.rule import Rule
from ..nlp import readability as rd

#: bodies shorter than this are scored only for very hard words (below)
MIN_WORDS = 40
#: a body of SHORT_MIN_WORDS to MIN_WORDS words is flagged only when its reading ease is
#: this far under the target: one long sentence cannot push ease that low, only long,
#: many-syllable words can ("operationalises cross-functional visibility ...")
SHORT_MIN_WORDS = 20
SHORT_EASE_MARGIN = 30.0

WHY = (
    "Plain-language guidance (the US Plain Writing Act guidelines, the UK Government "
    "Digital Service style guide) aims public copy at about a 9th-grade reading level "
    "and sentences of 15-20 words; email is read fast, on phones, and hard copy is skimmed "
    "or skipped. Scores are textstat's Flesch-Kincaid grade and Flesch reading ease."
)


def _body(a: Analysis) -> tuple[str, int] | None:
    text = a.norm_text("body")
    # only whether it reaches SHORT_MIN_WORDS and MIN_WORDS is read: counted that far
    n = rd.count_words(rd.without_urls(text), MIN_WORDS)
    if n < SHORT_MIN_WORDS:
        return None
    return text, n


def _hardest_sentence(text: str) -> tuple[int, int]:
    """The sentence with the highest Flesch-Kincaid score (its words, and textstat's
    count of their syllables), to point the finding at."""
    best, best_score = (0, 0), float("-inf")
    for s, e in rd.sentence_spans(text):
        ws = rd.words(rd.without_urls(text[s:e]))
        if not ws:
            continue
        # textstat's count of " ".join(ws), word by word (rd.word_syllables)
        score = 0.39 * len(ws) + 11.8 * sum(map(rd.word_syllables, ws)) / len(ws)
        if score > best_score:
            best, best_score = (s, e), score
    return best


_HARD_BODY = (
    "In accordance with our recently implemented organisational restructuring, "
    "customers utilising legacy subscription arrangements will experience "
    "modifications to their contractual entitlements, including reconfigured "
    "eligibility determinations and comprehensive recalculation of accumulated "
    "promotional accruals. Consequently, we recommend familiarising yourself with "
    "the supplementary documentation accompanying this communication."
)
_PLAIN_BODY = (
    "Your new plan starts on 1 June. The price stays the same. You keep all your points, "
    "and you can still use them on any order. If you want to change plans, reply to this "
    "email or call us. We are here from 8am to 8pm, every day of the week. Thanks for "
    "being with us."
)


@check(
    id="MSG331",
    name="reading-level-too-hard",
    category="readability",
    severity="info",
    fields=["body"],
    message="The body reads at grade {grade} with reading ease {ease} (targets: grade at most {max_grade}, ease at least {min_ease}): many readers will skim or give up.",
    why=WHY,
    suggestion="Use shorter sentences and everyday words (\"use\" not \"utilise\", \"change\" not \"modification\").",
    use_instead='"Your new plan starts on 1 June. The price stays the same."',
    settings=[
        Setting("max-grade", "number", 9, "highest Flesch-Kincaid grade level (a US school grade)",
                old="readability.max-grade", example=8),
        Setting("min-reading-ease", "number", 50, "lowest Flesch reading ease (0-100, higher is easier)",
                old="readability.min-reading-ease", example=60),
    ],
    examples={
        "flag": [
            {"body": _HARD_BODY},
            {"body": "Notwithstanding previously communicated limitations, the comprehensive "
                     "reorganisation of our international distribution infrastructure necessitates "
                     "temporary adjustments to anticipated delivery timeframes for consignments "
                     "originating in continental European fulfilment facilities. Additionally, "
                     "administrative documentation associated with customs declarations may "
                     "occasionally require supplementary verification by authorised intermediaries."},
            {"body": "Our sophisticated, professionally engineered, temperature-regulating mattress "
                     "technology incorporates multilayered, pressure-redistributing viscoelastic "
                     "materials, delivering unparalleled ergonomic alignment and exceptional "
                     "thermoregulatory performance. Independent laboratory evaluations "
                     "consistently demonstrate considerable improvements in uninterrupted "
                     "restorative sleep among participating individuals, particularly "
                     "those experiencing recurring discomfort or nocturnal overheating."},
            {"body": "Cobble Insights operationalises cross-functional visibility by consolidating "
                     "heterogeneous organisational datasets into unified, configurable dashboards, "
                     "facilitating data-driven prioritisation across distributed enterprise stakeholders."},
        ],
        "pass": [
            {"body": _PLAIN_BODY},
            {"body": "Personalised recommendations. Sustainable materials. Complimentary "
                     "alterations. Comprehensive warranty coverage."},
            {"body": "Notwithstanding contractual reorganisation, comprehensive documentation is "
                     "available."},
            {"body": "This month: our knitting machine turned 30, the new mustard socks sold more "
                     "than the grey ones for the first time, and a reader sent us a photo of her "
                     "dog in a sock. We laughed."},
            {"body": "See the full terms at https://example.com/legal/terms-and-conditions/"
                     "international-subscription-arrangements-and-eligibility-determinations "
                     "before you buy. " + _PLAIN_BODY},
            {"body": "Big news. The shop is open late on Fridays now. Come by after work. "
                     "We have new bread, new cheese and fresh fruit every day. Parking is free. "
                     "Kids eat free on Sundays. Bring a friend and say hi. See you soon. "
                     "Questions? Just reply."},
        ],
    },
)
def reading_level_too_hard(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Scores a body of at least 40 words with textstat's Flesch-Kincaid grade and
    Flesch reading ease and flags it when the grade is above ``max-grade`` (default 9)
    or the ease below ``min-reading-ease`` (default 50). A body of 20 to 39 words is
    flagged only when its ease is 30 or more points below the target, which takes long,
    many-syllable words, not one long sentence. URLs and email addresses are
    not counted; a heading or button line counts as its own sentence. The finding
    points at the hardest sentence."""
    got = _body(a)
    if got is None:
        return
    text, n = got
    scores = rd.scores(text)
    max_grade, min_ease = a.setting(rule, "max-grade"), a.setting(rule, "min-reading-ease")
    if n < MIN_WORDS:
        if scores.reading_ease >= min_ease - SHORT_EASE_MARGIN:
            return
    elif scores.grade <= max_grade and scores.reading_ease >= min_ease:
        return
    s, e = _hardest_sentence(text)
    yield Hit("body", s, e, message=rule.message.format(
        grade=f"{scores.grade:g}", ease=f"{scores.reading_ease:g}",
        max_grade=f"{max_grade:g}", min_ease=f"{min_ease:g}"))


@check(
    id="MSG332",
    name="sentence-too-long",
    category="readability",
    severity="info",
    fields=["body"],
    message="This sentence runs to {words} words (target: at most {target}); readers lose the thread.",
    why=WHY,
    suggestion="Split it into two or three sentences, one idea each.",
    use_instead='"Your plan changes on 1 June. The price stays the same. Reply if you have questions."',
    settings=[
        Setting("max-sentence-words", "number", 30, "longest sentence, in words",
                old="readability.max-sentence-words", example=25),
    ],
    examples={
        "flag": [
            {"body": "We wanted to let you know that because of the changes we have been making "
                     "to the way our warehouses and delivery partners work together over the last "
                     "few months your next few orders may arrive a day or two later than usual "
                     "and we will keep you posted as things improve."},
            {"body": "Our summer collection is here with linen shirts and light cotton dresses and "
                     "sandals in six new colours and swimwear for the whole family and hats and "
                     "bags and sunglasses so you can get everything for your holiday in one place "
                     "without any stress at all this year."},
            {"body": "Thanks for your order. "
                     "If you need to change your delivery address or the day of delivery or want "
                     "to add items to your basket before it leaves our warehouse you can do that "
                     "in the app or on the website at any time up until midnight on the day before "
                     "your delivery slot."},
        ],
        "pass": [
            {"body": _PLAIN_BODY},
            {"body": "Shop the sale\nLinen shirts from $29\nCotton dresses from $39\nSandals in six "
                     "new colours\nSwimwear for the whole family\nHats, bags and sunglasses\n"
                     "Free returns on every order\nFind your store\nDownload the app\nThanks for "
                     "shopping with us"},
            {"body": "Track your parcel: https://example.com/track/a-very-long-tracking-link-with-"
                     "many-parts-that-is-not-a-sentence?id=123456789&utm_source=email&utm_medium="
                     "transactional&utm_campaign=shipping-confirmation-notification-series"},
            {"body": "If you need to change your delivery address or the day of delivery or want "
                     "to add items, you can do that in the app until midnight."},
        ],
    },
)
def sentence_too_long(a: Analysis, rule: Rule) -> Iterator[Hit]:
    """Flags the longest sentence of the body when it has more words than
    ``max-sentence-words`` (default 30). Sentences end at . ! ?, at blank lines, before
    list items and after short heading-like lines, so a list without full stops is
    not read as one long sentence. URLs are not counted as words."""
    text = a.norm_text("body")
    s, e, n = rd.longest_sentence(text)
    limit = a.setting(rule, "max-sentence-words")
    if n <= limit:
        return
    yield Hit("body", s, e, message=rule.message.format(words=n, target=f"{limit:g}"))
