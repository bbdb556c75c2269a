"""Benchmark ``msglint audit`` against ``msglint check --jobs 2`` on the same archive.

    python benchmarks/audit.py [--n 4000] [--shards 16] [--workers 1,2]

Builds N generated messages (:mod:`msglint.audit.sample`, ~150-word bodies) as
JSON-lines shards in a temporary folder, then times, each as a fresh command:

* ``msglint check SHARDS --jobs 2 --format jsonl`` (the single-machine baseline);
* ``msglint audit DIR -j W`` on a local cluster for each W in ``--workers``;

and, in this process, the audit itself on an already running cluster of W workers
whose sessions are built (the part that grows with the archive: on a real cluster
the workers are up before the run and their start-up is paid once). It prints messages per second for each,
the overhead of ``audit -j 2`` over ``check --jobs 2`` (whole commands and the
steady-state run) and whether every run found the same number of findings.

Figures from a shared machine are noisy: compare runs from the same hour.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


class _TreeCPU:
    """CPU seconds (user + system) of a process's descendants, sampled every 0.2 s
    with psutil (a dependency of distributed) in a thread: the workers of a fork
    server or a Dask nanny are not all waited for, so rusage would miss them."""

    def __init__(self, pid: int, include_root: bool = True):
        import psutil

        self.root = psutil.Process(pid)
        self.include_root = include_root
        self.seen: dict[int, float] = {}
        self.base = self._own() if not include_root else 0.0

    def _own(self) -> float:
        t = self.root.cpu_times()
        return t.user + t.system

    def sample(self) -> None:
        import psutil

        try:
            tree = ([self.root] if self.include_root else []) + self.root.children(recursive=True)
        except psutil.Error:
            return
        for p in tree:
            try:
                t = p.cpu_times()
                self.seen[p.pid] = max(self.seen.get(p.pid, 0.0), t.user + t.system)
            except psutil.Error:
                pass

    def total(self) -> float:
        return sum(self.seen.values())


def _timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds of a command and every process under it. On a
    loaded machine the CPU time is the steadier figure."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cpu = _TreeCPU(proc.pid)
    while proc.poll() is None:
        cpu.sample()
        time.sleep(0.2)
    return time.perf_counter() - t0, cpu.total()


def _sampling(cpu: _TreeCPU, stop: "threading.Event") -> None:
    while not stop.wait(0.2):
        cpu.sample()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python benchmarks/audit.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=4000, help="messages [4000]")
    ap.add_argument("--shards", type=int, default=16, help="JSON-lines shards [16]")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts [1,2]")
    ap.add_argument("--partition-size", type=int, default=256 * 1024,
                    help="audit input bytes per task [256 KiB: a few tasks per worker at the default n]")
    args = ap.parse_args(argv)
    workers = [int(w) for w in args.workers.split(",") if w]

    from msglint.api import Overrides
    from msglint.audit.run import OutputSpec, local_client, run_audit
    from msglint.audit.sample import write_archive
    from msglint.config import Config
    from msglint.dask import MsglintPlugin, SessionSpec

    py = [sys.executable, "-m", "msglint"]
    with tempfile.TemporaryDirectory(prefix="msglint-audit-bench-") as tmp:
        folder = Path(tmp) / "archive"
        shards = write_archive(folder, args.n, args.shards)
        size = sum(p.stat().st_size for p in shards)
        print(f"archive: {args.n} messages in {len(shards)} JSON-lines shards, {size / 1e6:.1f} MB")
        n = args.n

        report = Path(tmp) / "check.jsonl"
        t, cpu = _timed(py + ["check", *map(str, shards), "--jobs", "2", "--isolated", "-q", "--format", "jsonl",
                              "-o", str(report)])
        check_findings = json.loads(report.read_text(encoding="utf-8").splitlines()[-1])["findings"]
        print(f"msglint check --jobs 2 (whole command): {t:.1f} s, {n / t:.0f} messages/s; "
              f"CPU {cpu:.1f} s ({cpu / n * 1000:.1f} ms a message)")
        check_wall, check_cpu = t, cpu

        walls: dict[int, float] = {}
        cpus: dict[int, float] = {}
        found: dict[str, int] = {}
        for w in workers:
            out = Path(tmp) / f"audit-cli-{w}"
            t, cpu = _timed(py + ["audit", str(folder), "-o", str(out), "-j", str(w), "--isolated", "-q",
                                  "--format", "jsonl", "--partition-size", str(args.partition_size)])
            walls[w], cpus[w] = t, cpu
            found[f"audit -j {w}"] = json.loads((out / "summary.json").read_text(encoding="utf-8"))["findings"]
            print(f"msglint audit -j {w} (whole command, cluster start-up included): {t:.1f} s, "
                  f"{n / t:.0f} messages/s; CPU {cpu:.1f} s ({cpu / n * 1000:.1f} ms a message)")

        spec = SessionSpec.make(Config(), Overrides())
        runs: dict[int, float] = {}
        for w in workers:
            t0 = time.perf_counter()
            with local_client(w) as client:
                client.wait_for_workers(w)
                client.register_plugin(MsglintPlugin(spec))  # sessions built before the clock starts
                up = time.perf_counter() - t0
                out = Path(tmp) / f"audit-run-{w}"
                # the workers' CPU from here on (their start-up is already spent)
                cpu = _TreeCPU(os.getpid(), include_root=False)
                cpu.sample()
                before = dict(cpu.seen)
                stop = threading.Event()
                sampler = threading.Thread(target=_sampling, args=(cpu, stop), daemon=True)
                sampler.start()
                t1 = time.perf_counter()
                summary = run_audit([str(folder)], OutputSpec(str(out), "parquet"), client, spec,
                                    partition_bytes=args.partition_size)
                runs[w] = time.perf_counter() - t1
                stop.set()
                sampler.join()
                cpu.sample()
                run_cpu = cpu.total() - sum(before.values())
            found[f"run {w}"] = summary["findings"]
            written = sum(p.stat().st_size for p in (out / "findings").iterdir())
            print(f"audit run on {w} running worker(s) (reading, linting, shards, summary): "
                  f"{runs[w]:.1f} s, {n / runs[w]:.0f} messages/s (cluster start-up and sessions {up:.1f} s, "
                  "not counted); "
                  f"workers' CPU {run_cpu:.1f} s ({run_cpu / n * 1000:.1f} ms a message); "
                  f"Parquet findings {written / 1e6:.2f} MB, {written / max(summary['output']['rows'], 1):.0f} "
                  f"bytes a row, {written / n:.0f} bytes a message")

        if 1 in runs and 2 in runs:
            print(f"scaling 1 -> 2 workers: {runs[1] / runs[2]:.2f}x (run), {walls[1] / walls[2]:.2f}x (command)")
        if 2 in walls:
            print(f"overhead of audit -j 2 over check --jobs 2: {walls[2] / check_wall:.2f}x wall, "
                  f"{cpus[2] / check_cpu:.2f}x CPU (whole commands); "
                  f"{runs[2] / check_wall:.2f}x (run on a running cluster vs check's whole command)")
        same = set(found.values()) == {check_findings}
        print(f"findings: check {check_findings}; " + ", ".join(f"{k} {v}" for k, v in found.items())
              + f" -> {'same' if same else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
