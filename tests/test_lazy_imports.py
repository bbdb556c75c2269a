"""``msglint --help``, ``rules`` and ``explain`` never import spaCy (start instantly).

Each check runs in a fresh interpreter, so nothing another test imported counts.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("spacy", "thinc", "numpy", "textstat")

SCRIPT = """
import sys
from click.testing import CliRunner
from msglint.cli import main
r = CliRunner().invoke(main, {args!r})
assert r.exit_code == 0, r.output
heavy = [m for m in {heavy!r} if m in sys.modules]
print(",".join(heavy))
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["rules"], ["rules", "--format", "json"],
                                  ["explain", "MSG101"], ["check", "--help"]])
def test_no_spacy_for_quick_commands(args):
    out = subprocess.run([sys.executable, "-c", SCRIPT.format(args=args, heavy=HEAVY)],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"msglint {' '.join(args)} imported {out.stdout.strip()}"


def test_importing_the_package_is_cheap():
    code = "import sys, msglint, msglint.cli, msglint.api; print([m for m in %r if m in sys.modules])" % (HEAVY,)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_parallel_main_process_needs_no_spacy_to_plan():
    from tests.conftest import BENCHMARKS

    # (the benchmark's own process too: it measures children, and must not weigh on them)
    code = ("import sys, runpy; import msglint.parallel; runpy.run_path(%r); "
            "print([m for m in %r if m in sys.modules])" % (os.path.join(BENCHMARKS, "bench.py"), HEAVY))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
