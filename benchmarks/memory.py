"""Does msglint's memory stay flat as an archive grows? Peak RSS at 10k and 100k messages.

    python benchmarks/memory.py [--small 10000] [--large 100000] [--jobs 1,2]

Builds the corpus of ``benchmarks/bench.py`` (deterministic generated mail) as one
mbox of each size, lints each with a JSON report written to a file, as
``msglint check`` does, in a fresh child process per run, and prints the peak RSS
(``VmHWM``) of the linting process and, for ``--jobs`` above 1, of its largest
worker, with the ratio large / small. Flat memory is a ratio near 1: what a run
keeps must not grow with the number of messages (spaCy's vocabulary grows with
every new word it meets, which is why each batch is linted in a memory zone;
see docs/performance.md).

The 100k run takes minutes at ``--jobs 1``; ``--large 50000`` gives a quicker look.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402  (this folder's benchmark: its corpus and measuring child)


def measure(n: int, jobs: int, tmp: Path) -> dict:
    folder = tmp / f"n{n}"
    if not folder.exists():  # built once, for every --jobs value
        bench.build_corpus(folder, n, ["mbox"])
    out = tmp / f"n{n}-j{jobs}.json"
    run = bench._child(bench._RUN_MSGLINT, str(folder), str(jobs), str(out))
    out.unlink()
    return run


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--small", type=int, default=10_000, help="messages in the small archive [10000]")
    ap.add_argument("--large", type=int, default=100_000, help="messages in the large archive [100000]")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values [1,2]")
    args = ap.parse_args(argv)
    jobs_values = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in jobs_values:
            runs = {n: measure(n, jobs, Path(tmp)) for n in (args.small, args.large)}
            small, large = runs[args.small], runs[args.large]
            print(f"--jobs {jobs}: {args.small} messages {small['seconds']:.1f} s, "
                  f"{args.large} messages {large['seconds']:.1f} s "
                  f"({small['findings']} and {large['findings']} findings)")
            print(f"  peak RSS, linting process: {small['rss_kb'] / 1024:.0f} MB -> "
                  f"{large['rss_kb'] / 1024:.0f} MB ({large['rss_kb'] / small['rss_kb']:.2f}x)")
            if jobs > 1:
                print(f"  peak RSS, largest worker: {small['children_rss_kb'] / 1024:.0f} MB -> "
                      f"{large['children_rss_kb'] / 1024:.0f} MB "
                      f"({large['children_rss_kb'] / small['children_rss_kb']:.2f}x)")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
