"""Real-mail benchmark: msglint against the tokenizer floor and proselint, one run.

    python benchmarks/realmail.py PATH [--no-proselint]

PATH is an mbox or a folder of .eml files. Printed, each measured in a fresh child
process in the same run (wall time; CPU time = user + sys of the child and what it
waited for, not reliable for the default run, whose forked workers may not be waited
for; peak RSS of the child itself, from ``/usr/bin/time``):

* the floor: the stdlib's email parser (``policy.default``) plus one spaCy blank-English
  tokenisation of subject and body (``nlp.pipe``, batch 256);
* ``msglint check --isolated -f json --fail-on never`` with ``--jobs 1`` and by default;
* proselint on the same bodies, when it is installed;
* start-up: ``msglint check`` on one small file against
  ``python -c "import spacy; spacy.blank('en')"``;
* the ratios to the floor (and proselint's to msglint's default run).

Figures are ratios from one run: shared machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable

#: what the floor and proselint children share: every message of a folder or an mbox,
#: parsed by the stdlib, as "subject\nbody text"
MAIL_TEXTS = r'''
import sys, email, mailbox, os
from email import policy
path = sys.argv[1]
def messages():
    if os.path.isdir(path):
        for root, _, files in os.walk(path):
            for name in sorted(files):
                with open(os.path.join(root, name), "rb") as fh:
                    yield fh.read()
    else:
        for m in mailbox.mbox(path, create=False):
            yield m.as_bytes()
def texts():
    for raw in messages():
        msg = email.message_from_bytes(raw, policy=policy.default)
        body = msg.get_body(preferencelist=("plain", "html"))
        try:
            text = body.get_content() if body is not None else ""
        except Exception:
            text = ""
        yield (str(msg.get("subject", "")) + "\n" + (text if isinstance(text, str) else ""))
'''

FLOOR = MAIL_TEXTS + r'''
import spacy
nlp = spacy.blank("en")
n = 0
for doc in nlp.pipe(texts(), batch_size=256):
    n += len(doc)
print(n)
'''

PROSELINT = MAIL_TEXTS + r'''
from proselint.tools import LintFile
from proselint.registry import CheckRegistry
from proselint.checks import __register__
CheckRegistry().register_many(__register__)
for text in texts():
    LintFile("<mail>", text).lint()
'''


def run(cmd: list[str], cwd: str | None = None) -> dict:
    """Run ``cmd``; its wall time, CPU time (user + sys of the processes it waited for:
    a ``--jobs`` run's forked workers may not be among them, so its CPU is a floor)
    and peak RSS (``/usr/bin/time``'s maximum resident set of the process itself)."""
    timer = ["/usr/bin/time", "-f", "%M"] if os.path.exists("/usr/bin/time") else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(timer + cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    lines = out.stderr.decode(errors="replace").strip().splitlines()
    rss_kb = int(lines[-1]) if timer and lines and lines[-1].isdigit() else 0
    return {"wall": wall, "cpu": cpu, "rss_mb": rss_kb / 1024, "out": out.stdout}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path")
    ap.add_argument("--no-proselint", action="store_true")
    args = ap.parse_args()
    root = str(Path(__file__).resolve().parent.parent)
    path = os.path.abspath(args.path)
    check = [PY, "-m", "msglint", "check", "--isolated", "-f", "json", "--fail-on", "never"]
    rows = []
    floor = run([PY, "-c", FLOOR, path])
    tokens = int(floor["out"].strip() or 0)
    rows.append(("floor (email + spaCy blank pipe)", floor))
    one = run(check + ["-j", "1", path], cwd=root)
    rows.append(("msglint --jobs 1", one))
    default = run(check + [path], cwd=root)
    rows.append(("msglint default", default))
    prose = None
    if not args.no_proselint and subprocess.run([PY, "-c", "import proselint"],
                                                stderr=subprocess.DEVNULL).returncode == 0:
        prose = run([PY, "-c", PROSELINT, path])
        rows.append(("proselint, same bodies", prose))
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp, "one.md")
        small.write_text("---\nsubject: Your order has shipped\n---\nYour parcel left our "
                         "warehouse today and should arrive on Thursday.\n")
        start = run(check + [str(small)], cwd=root)
        spacy_start = run([PY, "-c", "import spacy; spacy.blank('en')"])
    print(f"{path}: {tokens} tokens (floor)")
    print(f"{'run':36} {'cpu s':>8} {'wall s':>8} {'peak RSS MB':>12} {'cpu / floor':>12}")
    for name, r in rows:
        print(f"{name:36} {r['cpu']:8.2f} {r['wall']:8.2f} {r['rss_mb']:12.0f} {r['cpu'] / floor['cpu']:12.2f}")
    print("(CPU of the default run: only what was waited for)")
    print(f"wall ratio --jobs 1 / floor: {one['wall'] / floor['wall']:.2f}; "
          f"default / floor: {default['wall'] / floor['wall']:.2f}")
    if prose is not None:
        print(f"proselint / msglint default (wall): {prose['wall'] / default['wall']:.2f}x")
    print(f"start-up: msglint {start['wall']:.2f} s vs import spacy + blank('en') "
          f"{spacy_start['wall']:.2f} s ({start['wall'] / spacy_start['wall']:.2f}x)")


if __name__ == "__main__":
    main()
