"""Start-up work that only some runs need is deferred to first use.

A pre-commit hook lints one file per run, so what the engine builds before the first
message counts on every commit (issue #18: start-up within 1.3x of importing spaCy).
The regexes' reach (how far a match attempt reads: :func:`reach_of_pattern`) is only read when a rewrite is linted against its original;
it used to be worked out for every regex when the matchers were built.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import msglint
from msglint.api import make_session
from msglint.engine import patterns, regex_reach


def _fail(*_args, **_kwargs):
    raise AssertionError("a regex's reach was worked out")


def test_building_the_matchers_works_out_no_reach(monkeypatch):
    monkeypatch.setattr(patterns, "reach_of_pattern", _fail)
    session = make_session()
    compiled = session.linter.compiled
    assert compiled._regexes.entries, "the built-in rules have regexes"
    # a message with no finding to rewrite reads no reach either
    results = msglint.lint([{"subject": "Your order has shipped",
                             "body": "It left our warehouse today and should arrive on Thursday."}])
    assert results[0].findings == []


def test_reach_on_first_use_is_the_eager_reach():
    index = make_session().linter.compiled._regexes
    for idx, entry in enumerate(index.entries):
        pattern = entry[2]
        first = index.reach_of(idx)
        assert index.reach_of(idx) is first  # worked out once
        eager = regex_reach.reach_of_pattern(pattern)
        assert (first is None) == (eager is None)
        if first is not None:
            assert type(first) is type(eager) and first.back == eager.back
            text = "Save 20% now!\nOnly  today -- ends at midnight: shop.example/sale\n"
            assert [first.end(text, i) for i in range(len(text))] == \
                [eager.end(text, i) for i in range(len(text))]


GC_PROBE = """
import gc, sys
import msglint
from msglint import gcstate
if sys.argv[1] == "cli":
    gcstate.pause()
    assert not gc.isenabled()
msglint.lint([{"subject": "Your order has shipped", "body": "It should arrive on Thursday."}])
print(gc.isenabled(), gc.get_freeze_count() > 0, gc.get_threshold()[0] == gcstate.YOUNG_THRESHOLD)
"""


@pytest.mark.parametrize("mode, expected", [("cli", "True True True"), ("library", "True False False")])
def test_collection_paused_for_start_up_only(mode, expected):
    # the command pauses collection during start-up and the first lint resumes it
    # (start-up's objects frozen, young collections less often); a library user's
    # process is left alone
    out = subprocess.run([sys.executable, "-c", GC_PROBE, mode], capture_output=True, text=True,
                         check=True)
    assert out.stdout.split() == expected.split()


def test_the_command_runs_through_the_pausing_entry_point():
    text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    assert 'msglint = "msglint.__main__:main"' in text


DICTIONARY_PROBE = """
import gc, sys
import msglint
from msglint import gcstate
if sys.argv[1] == "cli":
    gcstate.pause()
body = " ".join(["We restocked the garden shop with seedlings, tools and compost this week."] * 4)
msglint.lint([{"subject": "New stock in the garden shop", "body": body}])
print(len(gc.get_objects()))
"""


def test_the_dictionary_loaded_mid_run_is_frozen_in_the_command_only():
    # the first scored body makes NLTK parse the CMU dictionary (some 280,000 lists);
    # the command freezes them so no full collection walks them (gcstate.adopt), a
    # library user's process keeps them in the collector's view
    def tracked(mode: str) -> int:
        out = subprocess.run([sys.executable, "-c", DICTIONARY_PROBE, mode], capture_output=True,
                             text=True, check=True)
        return int(out.stdout.split()[-1])

    library = tracked("library")
    assert library > 200_000  # the dictionary is there, tracked
    assert tracked("cli") < library // 4


WORKER_PROBE = """
import gc, os
from msglint import gcstate, parallel
from msglint.api import Overrides
from msglint.config import Config
before = gc.get_threshold()[0]
parallel._init_worker(Config(), Overrides(), os.getpid())
print(before, gc.get_threshold()[0] == gcstate.YOUNG_THRESHOLD)
"""


def test_a_jobs_worker_collects_its_young_objects_as_the_command_does():
    out = subprocess.run([sys.executable, "-c", WORKER_PROBE], capture_output=True, text=True,
                         check=True)
    from msglint import gcstate

    before, tuned = out.stdout.split()
    assert before != str(gcstate.YOUNG_THRESHOLD) and tuned == "True"
