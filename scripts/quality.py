#!/usr/bin/env python3
"""Measure msglint's judgment on the development sets and write the table in
docs/quality.md (between its ``quality:begin`` and ``quality:end`` markers).

    python scripts/quality.py PATH-TO-DEV-SETS [--doc docs/quality.md] [--jobs N]

PATH-TO-DEV-SETS holds the four files its README describes (researcher-coded subject
lines, shop-page texts, ordinary and spam mail as mbox). They are not part of this
project: the script reads them, runs ``msglint eval`` on each (the msglint that
``python -m msglint`` imports), and writes only figures, with the commit and the date.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- quality:begin -->", "<!-- quality:end -->"

CITP = "citp-subjects-dev.csv"
CITP_LABELS = [
    ("deceptive_re_fwd", "false-reply", "deceptive Re:/Fwd:"),
    ("urgency", "false-urgency", "urgency"),
    ("forward_referencing", "curiosity-bait", "forward referencing (curiosity bait)"),
    ("sensationalism", "hype,shouting", "sensationalism"),
    ("obscured_name", "sender-identity", "obscured sender name"),
]
SHOP = "ec-darkpattern-dev.tsv"
HAM = "spamassassin-easy-ham-2.mbox"
SPAM = "spamassassin-spam-1.mbox"
CLEAN_CATEGORIES = (
    "unearned-praise", "false-exclusivity", "fake-confirmation", "faux-intimacy", "false-reply",
    "sender-identity", "false-urgency", "false-scarcity", "social-proof", "confirmshaming", "hype",
    "curiosity-bait", "shouting", "claim-mismatch",
)


def run_eval(args: list[str], jobs: int) -> tuple[list[str], dict]:
    cmd = [sys.executable, "-m", "msglint", "eval", "--isolated", "-j", str(jobs), "-f", "json", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if proc.returncode not in (0, 1, 2) or not proc.stdout.strip():
        sys.exit(f"quality: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    shown = ["msglint", "eval", *[a if not os.path.isabs(a) else "$DEV/" + os.path.basename(a) for a in args]]
    return shown, json.loads(proc.stdout)


def commit() -> str:
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True, cwd=ROOT)
    return rev.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "") if rev.returncode == 0 else "unknown"


def f2(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def citp_section(dev: Path, jobs: int) -> list[str]:
    args = [str(dev / CITP)]
    for column, categories, _ in CITP_LABELS:
        args += ["--label", f"{column}={categories}"]
    cmd, doc = run_eval(args, jobs)
    rows = {entry["label"]: entry for entry in doc["labels"]}
    out = [f"### Researcher-coded subject lines and sender names ({doc['messages']:,} campaign emails)", "",
           f"`{' '.join(cmd)}`", "",
           "| researchers' code | msglint categories | support | tp | fp | fn | precision | recall | F1 |",
           "|---|---|---|---|---|---|---|---|---|"]
    for column, categories, title in CITP_LABELS:
        e = rows[column]
        out.append(f"| {title} | {categories.replace(',', ', ')} | {e['support']} | {e['tp']} | {e['fp']} | "
                   f"{e['fn']} | {f2(e['precision'])} | {f2(e['recall'])} | {f2(e['f1'])} |")
    return out


def shop_section(dev: Path, jobs: int) -> list[str]:
    args = [str(dev / SHOP), "--column", "text=body", "--label", "label=pressure,authenticity",
            "--min-severity", "info", "--by", "pattern_category"]
    cmd, doc = run_eval(args, jobs)
    e = doc["labels"][0]
    out = [f"### Shop-page texts: dark pattern or ordinary ({doc['messages']:,} texts)", "",
           f"`{' '.join(cmd)}`", "",
           "| label 1 against any pressure or authenticity finding (info and above) | support | tp | fp | fn "
           "| precision | recall | F1 |",
           "|---|---|---|---|---|---|---|---|",
           f"| all dark patterns | {e['support']} | {e['tp']} | {e['fp']} | {e['fn']} | {f2(e['precision'])} | "
           f"{f2(e['recall'])} | {f2(e['f1'])} |", "",
           "| pattern type | support | caught | recall |", "|---|---|---|---|"]
    for value, cell in e["by"].items():
        support = cell["tp"] + cell["fn"]
        if support:
            out.append(f"| {value} | {support} | {cell['tp']} | {f2(cell['recall'])} |")
    ordinary = e["by"].get("Not Dark Pattern")
    if ordinary:
        n = ordinary["fp"] + ordinary["tn"]
        out += ["", f"Ordinary shop texts flagged: {ordinary['fp']} of {n} ({pct(ordinary['fp'] / n)})."]
    return out


def clean_section(dev: Path, name: str, title: str, jobs: int) -> tuple[list[str], dict]:
    cmd, doc = run_eval(["--clean", str(dev / name)], jobs)
    n = doc["messages"]
    cats = {c["category"]: c for c in doc["categories"]}
    out = [f"### {title} ({n:,} messages)", "", f"`{' '.join(cmd)}`", "",
           f"Messages with a pressure or authenticity finding (warning and above): "
           f"**{doc['groups']['pressure-authenticity']['messages']:,} ({pct(doc['groups']['pressure-authenticity']['rate'])})**.",
           ""]
    fired = [c for c in CLEAN_CATEGORIES if c in cats]
    if fired:
        out += ["| category | messages | rate |", "|---|---|---|"]
        for c in sorted(fired, key=lambda c: (-cats[c]["messages"], c)):
            out.append(f"| {c} | {cats[c]['messages']} | {pct(cats[c]['rate'])} |")
    others = [c for c in doc["categories"] if c["category"] not in CLEAN_CATEGORIES]
    if others:
        out += ["", "Tone and compliance categories (not counted above): " + ", ".join(
            f"{c['category']} {pct(c['rate'])}" for c in others) + "."]
    if doc["errors"]:
        for level, said in (("error", "Messages not read"), ("warning", "Messages read with a warning")):
            errs = [e for e in doc["errors"] if e["level"] == level]
            if errs:
                out += ["", f"{said}: {len(errs)} ("
                        + "; ".join(f"line {e['line']}: {e['message']}" for e in errs[:3]) + ")."]
    return out, doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dev", type=Path, help="folder holding the development sets")
    parser.add_argument("--doc", type=Path, default=ROOT / "docs" / "quality.md")
    parser.add_argument("--jobs", type=int, default=2)
    ns = parser.parse_args()
    dev = ns.dev.resolve()
    missing = [f for f in (CITP, SHOP, HAM, SPAM) if not (dev / f).is_file()]
    if missing:
        sys.exit(f"quality: {dev} lacks {', '.join(missing)}")
    from msglint import __version__

    lines = [BEGIN,
             f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d} on commit `{commit()}` "
             f"(msglint {__version__}) by `python scripts/quality.py $DEV`, where `$DEV` is the folder of "
             f"development sets.", ""]
    lines += citp_section(dev, ns.jobs) + [""]
    lines += shop_section(dev, ns.jobs) + [""]
    ham, _ = clean_section(dev, HAM, "Ordinary mail: personal, mailing lists, subscribed newsletters", ns.jobs)
    spam, _ = clean_section(dev, SPAM, "Spam", ns.jobs)
    lines += ham + [""] + spam + [END]
    text = ns.doc.read_text(encoding="utf-8") if ns.doc.exists() else f"# Quality\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        sys.exit(f"quality: {ns.doc} has no {BEGIN} ... {END} section to fill")
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    new = head + "\n".join(lines) + tail
    tmp = ns.doc.with_suffix(".tmp")
    tmp.write_text(new, encoding="utf-8")
    os.replace(tmp, ns.doc)
    print(f"quality: wrote {ns.doc}")


if __name__ == "__main__":
    main()
