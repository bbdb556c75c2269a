"""Benchmark msglint against the floor: reading the files and tokenising them once.

    python benchmarks/bench.py [--n 1000] [--formats md,csv,json,mbox] [--jobs 1,2] [--repeat 3]
    python benchmarks/bench.py --n 100000 --formats mbox --read-only --no-startup

Builds a deterministic corpus in a temporary folder (N messages: subject, preheader
and a ~150-word body, split over several formats), then prints, from one run:

* msglint's time, messages/s, tokens/s and peak RSS for each ``--jobs`` value;
* the floor: the same files read and their text tokenised once with
  ``spacy.blank("en").pipe``, and msglint's ratio to it;
* ``--jobs`` scaling (the first jobs value over each other one);
* ``msglint serve``: the time ``POST /api/lint`` takes to answer for one typical
  email (the corpus's messages: subject, preheader, a ~150-word body), over HTTP on
  127.0.0.1 with the engine warm, as the drafting page asks as the writer types;
* start-up: ``msglint check`` on one message (a subject and a scored body) vs
  ``python -c "import spacy; spacy.blank('en')"``, run alternately; the medians and
  the median of the pairs' ratios.

With ``--read-only`` only the reading is measured (every message streamed through
its reader, nothing linted): time and peak RSS, which for ``--formats mbox`` at
``--n 10000`` and ``--n 100000`` shows whether an archive streams with flat memory.

Every measurement runs in a fresh child process, so imports, caches and peak RSS
(that child's ``VmHWM``) belong to the run measured and nothing else. For ``--jobs``
the largest worker's peak is the highest ``VmHWM`` among the child's descendants
(workers forked by the fork server are not its children), sampled every 0.5 s; where
there is no ``/proc``, ``ru_maxrss`` of its waited-for children. Only the standard
library is used for measuring.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from msglint.audit.sample import make_message

def available_formats() -> set[str]:
    from msglint.sources import is_mbox, reader_for

    return {fmt for fmt in ("md", "csv", "json", "yaml", "html", "eml", "mbox")
            if reader_for(f"x.{fmt}") is not None or (fmt == "mbox" and is_mbox("x.mbox"))}


def write_mbox(path: Path, messages, start: int = 0) -> None:
    """An mbox archive as a mail client exports it, written a message at a time (a
    100k-message archive is never held whole): plain-text messages, every third one
    multipart with an HTML part, every seventh a plain one with a quoted ``>From `` line."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for k, m in enumerate(messages, start):
            body = m["body"]
            if k % 7 == 1 and k % 3:  # a plain-text message (see below)
                body += "\n\n>From the desk of our founder: thank you for reading."
            fh.write(f"From news@acme.example Mon Jan  1 00:00:{k % 60:02d} 2024\n"
                     f"From: {m['from']} <news@acme.example>\nTo: reader@example.com\n"
                     f"Subject: {m['subject']}\nMessage-ID: <{m['id']}@acme.example>\n"
                     "MIME-Version: 1.0\n")
            if k % 3 == 0:
                html = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n"))
                fh.write('Content-Type: multipart/alternative; boundary="b"\n\n--b\n'
                         "Content-Type: text/html; charset=utf-8\n\n"
                         f"<html><body>\n<div style=\"display:none\">{m['preheader']}</div>\n"
                         f"{html}</body></html>\n--b--\n\n")
            else:
                fh.write(f"Content-Type: text/plain; charset=utf-8\n\n{body}\n\n")


def build_corpus(folder: Path, n: int, formats: list[str], seed: int = 1234) -> dict:
    """N messages spread evenly over ``formats``; md and yaml as one file per message,
    csv as files of many rows, json as files with ``messages`` lists, mbox as one archive."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    per = [n // len(formats) + (1 if k < n % len(formats) else 0) for k in range(len(formats))]
    i = 0
    files = 0
    for fmt, count in zip(formats, per):
        sub = folder / fmt
        sub.mkdir(exist_ok=True)
        if fmt == "mbox":  # one archive, generated as it is written
            write_mbox(sub / "archive.mbox", (make_message(i + k, rng) for k in range(count)), i)
            i += count
            files += 1
            continue
        msgs = [make_message(i + k, rng) for k in range(count)]
        i += count
        if fmt == "md":
            for k, m in enumerate(msgs):
                (sub / f"msg{k:06d}.md").write_text(
                    f"---\nsubject: {json.dumps(m['subject'])}\npreheader: {json.dumps(m['preheader'])}\n"
                    f"from: {m['from']}\n---\n{m['body']}\n", encoding="utf-8")
                files += 1
        elif fmt in ("csv", "json"):
            per_file = 2000
            for start in range(0, len(msgs), per_file):
                part = msgs[start:start + per_file]
                path = sub / f"campaign{start // per_file:04d}.{fmt}"
                if fmt == "csv":
                    with open(path, "w", encoding="utf-8", newline="") as fh:
                        w = csv.DictWriter(fh, fieldnames=["id", "from", "subject", "preheader", "body"])
                        w.writeheader()
                        w.writerows(part)
                else:
                    path.write_text(json.dumps({"messages": part}, indent=1), encoding="utf-8")
                files += 1
        elif fmt == "yaml":
            import yaml

            for k, m in enumerate(msgs):
                (sub / f"msg{k:06d}.yaml").write_text(yaml.safe_dump(m, sort_keys=False), encoding="utf-8")
                files += 1
        else:
            raise SystemExit(f"bench: unsupported format {fmt!r}")
    return {"messages": n, "files": files}


# --- measurements, each in a child process -----------------------------------------

#: shared by the child programs below
_PEAK_KB = r"""
import resource
def peak_kb():
    # this process's own high-water mark: VmHWM belongs to the memory map exec made;
    # ru_maxrss keeps the forking parent's peak across exec (Linux), so a bench that
    # built a 100k corpus before starting this child would be read as this child's
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

_DESCENDANTS_PEAK = r"""
import os, threading
_peaks = {}
def _descendants_peak():
    # the highest VmHWM seen among this process's descendants, sampled until exit
    me = os.getpid()
    while True:
        parents = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open(f"/proc/{name}/stat") as fh:
                        parents[int(name)] = int(fh.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    pass
        for pid in parents:
            p, seen = parents.get(pid), 0
            while p is not None and p != me and seen < 64:
                p, seen = parents.get(p), seen + 1
            if p == me:
                try:
                    with open(f"/proc/{pid}/status") as fh:
                        for line in fh:
                            if line.startswith("VmHWM:"):
                                _peaks[pid] = max(_peaks.get(pid, 0), int(line.split()[1]))
                except OSError:
                    pass
        time.sleep(0.5)
if os.path.isdir("/proc"):
    threading.Thread(target=_descendants_peak, daemon=True).start()
def children_peak_kb():
    if _peaks:
        return max(_peaks.values())
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
"""

_RUN_MSGLINT = _PEAK_KB + r"""
import json, resource, sys, time
t0 = time.perf_counter()
""" + _DESCENDANTS_PEAK + r"""
from msglint.api import Overrides, make_session
from msglint.config import Config
from msglint.parallel import iter_results
from msglint.report import ReportOptions, Summary, make_reporter
import io
folder, jobs = sys.argv[1], int(sys.argv[2])
session = make_session(Config(), Overrides())
summary = Summary()
out = open(sys.argv[3], "w", encoding="utf-8")
rep = make_reporter("json", out, ReportOptions())
rep.start(session.rules)
tokens = 0
for item in iter_results([folder], session, jobs=jobs, overrides=Overrides()):
    if hasattr(item, "findings"):
        summary.add(item); rep.result(item)
    else:
        summary.add_error(item); rep.error(item)
rep.finish(summary)
out.close()
dt = time.perf_counter() - t0
self_rss = peak_kb()
kids = children_peak_kb()
print(json.dumps({"seconds": dt, "messages": summary.messages, "errors": summary.errors,
                  "findings": summary.findings, "rss_kb": self_rss, "children_rss_kb": kids}))
"""

_RUN_FLOOR = _PEAK_KB + r"""
import json, resource, sys, time
t0 = time.perf_counter()
import spacy
from msglint.api import read_all, make_session
from msglint.config import Config
nlp = spacy.blank("en")
session = make_session(Config())
def texts():
    for item in read_all([sys.argv[1]], session):
        fields = getattr(item, "fields", None)
        if fields:
            for f in fields.values():
                yield f.text
tokens = 0
messages = 0
for doc in nlp.pipe(texts(), batch_size=256):
    tokens += len(doc)
dt = time.perf_counter() - t0
print(json.dumps({"seconds": dt, "tokens": tokens,
                  "rss_kb": peak_kb()}))
"""

_RUN_READ = _PEAK_KB + r"""
import json, sys, time
t0 = time.perf_counter()
from msglint.api import read_all, make_session
from msglint.config import Config
session = make_session(Config())
messages = errors = chars = 0
for item in read_all([sys.argv[1]], session):
    fields = getattr(item, "fields", None)
    if fields is None:
        errors += 1
    else:
        messages += 1
        chars += sum(len(f.text) for f in fields.values())
dt = time.perf_counter() - t0
print(json.dumps({"seconds": dt, "messages": messages, "errors": errors, "chars": chars,
                  "rss_kb": peak_kb()}))
"""


def _child(code: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench: child failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _median_run(repeat: int, code: str, *args: str) -> dict:
    """The run with the median time of ``repeat`` fresh child runs."""
    runs = sorted((_child(code, *args) for _ in range(max(1, repeat))), key=lambda r: r["seconds"])
    return runs[len(runs) // 2]


def _timed(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


_STARTUP_BODY = (
    "Our team has put together a selection of desk lamps for the winter season, and we "
    "think you will find something you like. There are new colours, new sizes and a few "
    "old favourites back in stock. Delivery is free on orders over the usual amount, and "
    "returns are free within thirty days if anything is not quite right. You can read the "
    "full terms on our website, where you will also find the size guide and the care "
    "instructions. We update the range every week, so it is worth checking back.\n"
)


def startup(runs: int = 7) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        # one message as a pre-commit hook sees it: a subject and a body long enough for
        # the readability rules to score (the dictionary and textstat load)
        small = Path(tmp) / "one.md"
        small.write_text("---\nsubject: Nicely done! 50% off\n---\n" + _STARTUP_BODY, encoding="utf-8")
        exe = Path(sys.executable).with_name("msglint")
        check = [str(exe)] if exe.exists() else [sys.executable, "-m", "msglint"]
        # alternate the two commands, so a busy moment on a shared machine slows both
        # of a pair; the ratio is the median of the pairs' ratios
        pairs = [(_timed(check + ["check", "--isolated", "-q", str(small)], 1),
                  _timed([sys.executable, "-c", "import spacy; spacy.blank('en')"], 1))
                 for _ in range(runs)]
    return {"msglint_check_s": statistics.median(o for o, _ in pairs),
            "spacy_blank_s": statistics.median(b for _, b in pairs),
            "ratio": statistics.median(o / b for o, b in pairs)}


_RUN_SERVE = r"""
import http.client, json, random, statistics, sys, threading, time
from msglint.audit.sample import make_message
from msglint.config import Config
from msglint.serve import Engine, make_server
n = int(sys.argv[1])
t0 = time.perf_counter()
engine = Engine.create(Config())
warm = time.perf_counter() - t0
server = make_server(engine, "127.0.0.1", 0)
thread = threading.Thread(target=server.serve_forever, daemon=True)
thread.start()
rng = random.Random(4321)
times = []
for i in range(n):
    m = make_message(i, rng)
    body = json.dumps({**{k: m[k] for k in ("from", "subject", "preheader", "body")}, "fixes": True})
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    t = time.perf_counter()
    conn.request("POST", "/api/lint", body, {"Content-Type": "application/json"})
    resp = conn.getresponse()
    resp.read()
    times.append(time.perf_counter() - t)
    conn.close()
    if resp.status != 200:
        raise SystemExit(f"POST /api/lint answered {resp.status}")
server.shutdown()
server.server_close()
times.sort()
print(json.dumps({"requests": n, "median_s": statistics.median(times),
                  "p95_s": times[min(n - 1, round(0.95 * (n - 1)))], "max_s": times[-1], "warm_s": warm}))
"""


def serve_latency(requests: int = 100) -> dict:
    """``POST /api/lint`` answer times for ``requests`` typical emails, in a fresh child."""
    return _child(_RUN_SERVE, str(requests))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python benchmarks/bench.py", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1000, help="messages in the corpus [1000]")
    ap.add_argument("--formats", default="md,csv,json",
                    help="comma-separated: md,csv,json,yaml,mbox (those without a reader are skipped)")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to time [1,2]")
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up measurement")
    ap.add_argument("--no-serve", action="store_true", help="skip the msglint serve request-latency measurement")
    ap.add_argument("--keep", help="build the corpus in this folder and keep it")
    ap.add_argument("--read-only", action="store_true",
                    help="only stream every message through the readers (no linting): the time "
                         "and peak RSS of reading, e.g. to show an mbox of 100k messages streams")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the floor and each msglint measurement this many times and report the "
                         "median run (shared machines are noisy) [1]")
    args = ap.parse_args(argv)

    have = available_formats()
    formats = [f for f in args.formats.split(",") if f]
    skipped = [f for f in formats if f not in have]
    formats = [f for f in formats if f in have] or ["md"]
    jobs_list = [int(j) for j in args.jobs.split(",") if j]

    tmp = None
    if args.keep:
        folder = Path(args.keep)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="msglint-bench-")
        folder = Path(tmp.name) / "corpus"
    try:
        info = build_corpus(folder, args.n, formats)
        print(f"corpus: {info['messages']} messages in {info['files']} files ({','.join(formats)})"
              + (f"; skipped (no reader yet): {','.join(skipped)}" if skipped else ""))
        if args.read_only:
            r = _median_run(args.repeat, _RUN_READ, str(folder))
            print(f"reading only: {r['seconds']:.2f} s, {r['messages'] / r['seconds']:.0f} messages/s, "
                  f"{r['messages']} messages, {r['errors']} errors, peak RSS {r['rss_kb'] / 1024:.0f} MB")
            return 0
        floor = _median_run(args.repeat, _RUN_FLOOR, str(folder))
        tokens = floor["tokens"]
        print(f"floor (read + spacy.blank('en').pipe once): {floor['seconds']:.2f} s, "
              f"{tokens} tokens, {tokens / floor['seconds']:.0f} tokens/s, peak RSS {floor['rss_kb'] / 1024:.0f} MB")
        timings = {}
        for jobs in jobs_list:
            report = str(folder.parent / f"report-{jobs}.json") if tmp else os.devnull
            r = _median_run(args.repeat, _RUN_MSGLINT, str(folder), str(jobs), report)
            timings[jobs] = r["seconds"]
            rss = f"peak RSS {r['rss_kb'] / 1024:.0f} MB"
            if jobs > 1:
                rss += f" (main), {r['children_rss_kb'] / 1024:.0f} MB (largest worker)"
            print(f"msglint --jobs {jobs}: {r['seconds']:.2f} s, {r['messages'] / r['seconds']:.0f} messages/s, "
                  f"{tokens / r['seconds']:.0f} tokens/s, {rss}, {r['findings']} findings, "
                  f"ratio to floor {r['seconds'] / floor['seconds']:.2f}x")
        if len(jobs_list) > 1:
            base = jobs_list[0]
            for jobs in jobs_list[1:]:
                print(f"scaling --jobs {base} -> {jobs}: {timings[base] / timings[jobs]:.2f}x")
            if tmp:
                blobs = {j: Path(folder.parent / f"report-{j}.json").read_bytes() for j in jobs_list}
                same = len(set(blobs.values())) == 1
                print(f"JSON reports identical across --jobs: {'yes' if same else 'NO'}")
        if not args.no_serve:
            lat = serve_latency()
            print(f"serve: POST /api/lint for one typical email, warm engine, HTTP on 127.0.0.1: "
                  f"median {lat['median_s'] * 1000:.1f} ms, p95 {lat['p95_s'] * 1000:.1f} ms, "
                  f"max {lat['max_s'] * 1000:.1f} ms over {lat['requests']} requests "
                  f"(engine built and warmed once in {lat['warm_s']:.2f} s)")
        if not args.no_startup:
            s = startup()
            print(f"start-up: msglint check one message with a scored body {s['msglint_check_s']:.2f} s (median), "
                  f"python -c 'import spacy; spacy.blank(\"en\")' {s['spacy_blank_s']:.2f} s, "
                  f"ratio {s['ratio']:.2f}x")
    finally:
        if tmp:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
