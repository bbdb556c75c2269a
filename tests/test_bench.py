"""The benchmark script runs end to end and prints every figure it promises."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import BENCHMARKS

BENCH = os.path.join(BENCHMARKS, "bench.py")


def test_bench_prints_floor_ratio_scaling_and_identity():
    proc = subprocess.run(
        [sys.executable, BENCH, "--n", "24", "--formats", "md,csv,json",
         "--jobs", "1,2", "--no-startup", "--repeat", "1"],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert re.search(r"corpus: 24 messages in \d+ files \(md,csv,json\)", out)
    assert re.search(r"floor \(read \+ spacy\.blank\('en'\)\.pipe once\): [\d.]+ s, \d+ tokens", out)
    for jobs in (1, 2):
        assert re.search(rf"msglint --jobs {jobs}: [\d.]+ s, \d+ messages/s, \d+ tokens/s, peak RSS \d+ MB"
                         rf".*ratio to floor [\d.]+x", out), out
    assert re.search(r"scaling --jobs 1 -> 2: [\d.]+x", out)
    assert "JSON reports identical across --jobs: yes" in out


def test_bench_reads_an_mbox_corpus():
    # --read-only streams every message through the readers and prints time and peak RSS
    proc = subprocess.run(
        [sys.executable, BENCH, "--n", "30", "--formats", "mbox", "--read-only",
         "--no-startup"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "corpus: 30 messages in 1 files (mbox)" in proc.stdout
    assert re.search(r"reading only: [\d.]+ s, \d+ messages/s, 30 messages, 0 errors, peak RSS \d+ MB",
                     proc.stdout), proc.stdout
