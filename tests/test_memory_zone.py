"""Memory stays flat over a long run: each batch is linted in a spaCy memory zone.

spaCy's vocabulary keeps every string it meets. An archive of 100k messages meets
millions of distinct words (names, URLs, codes, junk), so without the zone the
string store grows with every batch. These tests lint many batches of messages made
of words never seen before and check that the store does not grow, and that the
findings of a batch after many zones are those of the same message linted alone
(the matchers' own strings outlive the zones).
"""

from __future__ import annotations

import random

import msglint
from msglint.api import make_session
from msglint.engine.linter import BATCH
from msglint.model import Message
from msglint.nlp.pipeline import get_nlp

FLAGGED = {"subject": "Nicely done! You've been given this deal", "body": "Only today: buy now."}


def _unique_words(rng: random.Random, n: int) -> str:
    return " ".join("".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9)) for _ in range(n))


def _messages(rng: random.Random, n: int) -> list[dict]:
    return [{"subject": f"Notes {_unique_words(rng, 2)}",
             "body": f"Our team read {_unique_words(rng, 30)} and wrote back."} for _ in range(n)]


def _findings(result) -> list[tuple]:
    return [(f.rule, f.field, f.start, f.end, f.text, f.message, f.suggestion) for f in result.findings]


def test_string_store_does_not_grow_with_batches():
    session = make_session()
    rng = random.Random(7)
    strings = get_nlp().vocab.strings
    list(session.linter.lint([msglint.api._as_message(m, i) for i, m in enumerate(_messages(rng, BATCH))]))
    after_one = len(strings)
    for _ in range(4):
        list(session.linter.lint([msglint.api._as_message(m, i)
                                  for i, m in enumerate(_messages(rng, 2 * BATCH))]))
    # 4 x 128 messages of 32 new words each: ~16k new strings without the zones
    assert len(strings) - after_one < 200, (after_one, len(strings))


def test_findings_after_many_zones_are_a_fresh_lints():
    alone = msglint.lint([FLAGGED])[0]
    assert alone.findings, "the probe message must be flagged"
    rng = random.Random(11)
    session = make_session()
    items = _messages(rng, 3 * BATCH) + [FLAGGED]
    results = list(session.linter.lint([msglint.api._as_message(m, i) for i, m in enumerate(items)]))
    assert _findings(results[-1]) == _findings(alone)
    assert isinstance(results[-1].message, Message)
