"""pyphen's English patterns cached between runs: faster, never different."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pyphen

from msglint import cache

WORDS = ["hyphenation", "favourites", "colours", "zorblaxification", "acme", "unbelievable",
         "organisation", "catalogue", "programme", "jewellery", "a", "", "xylophonist"]

PROBE = """
import json, sys
import pyphen
if sys.argv[1] == "no-parse":  # the patterns must come from the cache file
    def refuse(self, path):
        raise AssertionError("parsed the dictionary")
    pyphen.HyphDict.__init__ = refuse
from msglint.nlp.hyphenation import english_pyphen
h = english_pyphen()
print(json.dumps([h.positions(w) for w in json.loads(sys.argv[2])]))
"""


def _probe(cache: str, mode: str = "parse") -> list:
    env = dict(os.environ, MSGLINT_CACHE_DIR=cache)
    proc = subprocess.run([sys.executable, "-c", PROBE, mode, json.dumps(WORDS)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-800:]
    return json.loads(proc.stdout)


def _reference() -> list:
    path = pyphen.LANGUAGES[pyphen.language_fallback("en_US")]
    h = pyphen.Pyphen(lang="en_US")
    h.hd = pyphen.HyphDict(path)  # parsed here, not from any cache
    return [list(h.positions(w)) for w in WORDS]


def test_patterns_are_cached_and_read_back_the_same(tmp_path):
    first = _probe(str(tmp_path))
    [entry] = list(tmp_path.glob("pyphen-en_US-*.json"))
    second = _probe(str(tmp_path), "no-parse")
    assert first == second == _reference()
    assert json.loads(entry.read_text())["maxlen"] > 3


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv("MSGLINT_CACHE_DIR", "")
    assert cache.cache_dir() is None
    monkeypatch.setenv("MSGLINT_CACHE_DIR", str(tmp_path / "c"))
    assert cache.cache_dir() == tmp_path / "c"
    monkeypatch.delenv("MSGLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "msglint"


def test_a_damaged_cache_file_is_parsed_again_and_replaced(tmp_path):
    _probe(str(tmp_path))
    [entry] = list(tmp_path.glob("pyphen-en_US-*.json"))
    entry.write_text('{"patterns": {"ab": [1, ', encoding="utf-8")
    assert _probe(str(tmp_path)) == _reference()
    assert json.loads(entry.read_text())["patterns"]  # rewritten whole


def test_a_cache_path_that_is_a_file_changes_nothing(tmp_path):
    # a cache folder that cannot be made (unwritable for any user, root included)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    assert _probe(str(blocker / "msglint")) == _reference()
    assert blocker.read_text(encoding="utf-8") == "x"
