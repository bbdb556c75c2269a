"""A generated archive: deterministic messages as JSON-lines (and Parquet) shards and
.eml files, for the tests and the benchmark (no real mail is ever needed).

Messages come from :func:`make_message` (honest and manipulative subjects,
preheaders, ~150-word bodies; also the benchmarks' corpus, ``benchmarks/bench.py``),
given varied senders, campaigns and declared context by :func:`make_record`, so an
audit's per-sender and per-campaign tables have something to rank.
"""

from __future__ import annotations

import json
import random
from email.message import EmailMessage
from pathlib import Path

SENDERS = ["Acme", "Ann at Acme", "Breaking News", "Team Acme", "URGENT ALERTS", "Kite Travel",
           "Bob from Kite", "Your Account"]
PURPOSES = [None, None, None, "promotional", "newsletter", "transactional"]
RELATIONSHIPS = [None, None, "basic-exchange", "concierge", "business-partners"]

SUBJECT_OPENERS = [
    "Nicely done! You're getting {pct}% off", "Your {season} picks are here",
    "Last chance: {pct}% off ends tonight", "New arrivals in {thing}",
    "Ahem: you're approved for {thing} under ${price}", "We found you {thing} under ${price}",
    "Your order #{num} has shipped", "Only {small} left in your size",
    "A note from our founder", "Sale ends {day} Nov at 23:59 CET",
    "Thanks for {num} rides with us", "What's new at Acme this month",
]
PREHEADERS = [
    "Plus free delivery on orders over ${price}.", "See what's new this week.",
    "Don't miss out on these deals.", "Your receipt is inside.",
    "Hand-picked for you by our team.", "Everything you need for {season}.",
]
WORDS = (
    "our team has put together a selection of {thing} for the {season} season and we "
    "think you will find something you like there are new colours new sizes and a few "
    "old favourites back in stock delivery is free on orders over the usual amount and "
    "returns are free within thirty days if anything is not quite right you can read "
    "the full terms on our website where you will also find the size guide the care "
    "instructions and answers to the questions customers ask most often we update the "
    "range every week so it is worth checking back if you do not see what you want "
    "today prices shown include tax and are correct at the time of sending while stocks "
    "last some items may sell out quickly in popular sizes"
).split()
THINGS = ["rain jackets", "running shoes", "Delta flights", "city breaks", "garden tools",
          "winter coats", "coffee beans", "desk lamps"]
SEASONS = ["spring", "summer", "autumn", "winter", "holiday"]
EXTRA = [
    "Yes. Correct. Confirmed.", "You won't believe these prices!!!", "Psst, just between us.",
    "Only 2 left!", "We miss you.", "This is HUGE.", "Hurry, act now.",
    "Unsubscribe at any time from the link below.", "Acme Ltd, 1 High Street, London.",
]


def make_message(i: int, rng: random.Random) -> dict:
    vals = dict(pct=rng.choice([10, 20, 25, 50]), season=rng.choice(SEASONS),
                thing=rng.choice(THINGS), price=rng.choice([49, 99, 200, 400]),
                num=rng.randint(2, 99999), small=rng.randint(1, 5), day=rng.randint(1, 30))
    subject = rng.choice(SUBJECT_OPENERS).format(**vals)
    pre = rng.choice(PREHEADERS).format(**vals)
    sentences = []
    words = 0
    while words < 150:
        n = rng.randint(8, 22)
        start = rng.randint(0, len(WORDS) - n)
        chunk = " ".join(WORDS[start:start + n]).format(**vals)
        sentences.append(chunk[0].upper() + chunk[1:] + rng.choice([".", ".", ".", "!", "?"]))
        words += n
        if rng.random() < 0.15:
            sentences.append(rng.choice(EXTRA))
    paras, para = [], []
    for s in sentences:
        para.append(s)
        if len(para) >= rng.randint(3, 5):
            paras.append(" ".join(para))
            para = []
    if para:
        paras.append(" ".join(para))
    return {"id": f"m{i}", "subject": subject, "preheader": pre, "from": "Acme",
            "body": "\n\n".join(paras)}


def make_record(i: int, rng: random.Random, sentences: int | None = None) -> dict:
    """Message ``i``: an id, a sender, a campaign, copy; ``sentences`` cuts the body
    short (tests want many small messages, the benchmark realistic ones)."""
    rec = make_message(i, rng)
    if sentences is not None:
        first = rec["body"].split("\n\n")[0]
        rec["body"] = " ".join(first.replace("! ", "!\n").replace("? ", "?\n").replace(". ", ".\n")
                               .split("\n")[:sentences])
    rec["from"] = rng.choice(SENDERS)
    rec["campaign"] = f"campaign-{rng.randint(1, 40):02d}"
    for key, values in (("purpose", PURPOSES), ("relationship", RELATIONSHIPS)):
        value = rng.choice(values)
        if value:
            rec[key] = value
    return rec


def records(n: int, seed: int = 19, start: int = 0, sentences: int | None = None) -> list[dict]:
    rng = random.Random(seed)
    return [make_record(start + i, rng, sentences) for i in range(n)]


def write_jsonl(path: Path, recs: list[dict], extra_lines: dict[int, str] | None = None) -> None:
    """``recs`` one a line; ``extra_lines`` puts raw (e.g. damaged) lines before the
    record at that position."""
    lines = []
    for k, rec in enumerate(recs):
        if extra_lines and k in extra_lines:
            lines.append(extra_lines[k])
        lines.append(json.dumps(rec, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_parquet(path: Path, recs: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    keys: list[str] = []
    for rec in recs:
        keys.extend(k for k in rec if k not in keys)
    table = pa.table({k: pa.array([None if rec.get(k) is None else str(rec[k]) for rec in recs], pa.string())
                      for k in keys})
    pq.write_table(table, path)


def write_eml(path: Path, rec: dict) -> None:
    msg = EmailMessage()
    msg["From"] = f"{rec['from']} <news@example.com>"
    msg["To"] = "reader@example.org"
    msg["Subject"] = rec["subject"]
    msg["Message-ID"] = f"<{rec['id']}@example.com>"
    msg.set_content(rec["body"] + "\n")
    path.write_bytes(bytes(msg))


def write_mbox(path: Path, recs: list[dict]) -> None:
    """``recs`` as one mbox archive (a ``From `` line before each message; a body line
    that starts with ``From `` quoted as ``>From ``, the mboxrd way)."""
    with open(path, "wb") as fh:
        for k, rec in enumerate(recs):
            msg = EmailMessage()
            msg["From"] = f"{rec['from']} <news@example.com>"
            msg["Subject"] = rec["subject"]
            msg["Message-ID"] = f"<{rec['id']}@example.com>"
            msg.set_content(rec["body"] + "\n")
            body = bytes(msg).replace(b"\r\n", b"\n")
            body = b"\n".join(b">" + line if line.startswith(b"From ") else line for line in body.split(b"\n"))
            fh.write(f"From news@example.com Mon Jan  6 09:{k // 60 % 60:02d}:{k % 60:02d} 2025\n".encode())
            fh.write(body.rstrip(b"\n") + b"\n\n")


def write_archive(folder: Path, n: int, shards: int, seed: int = 19, sentences: int | None = None,
                  parquet: bool = False) -> list[Path]:
    """``n`` messages over ``shards`` JSON-lines shards (``part-NNN.jsonl``), and the
    same records as Parquet shards (``part-NNN.parquet``) when asked."""
    folder.mkdir(parents=True, exist_ok=True)
    recs = records(n, seed, sentences=sentences)
    per = -(-n // shards)
    paths = []
    for k in range(shards):
        chunk = recs[k * per:(k + 1) * per]
        if not chunk:
            break
        path = folder / f"part-{k:03d}.jsonl"
        write_jsonl(path, chunk)
        paths.append(path)
        if parquet:
            write_parquet(folder / f"part-{k:03d}.parquet", chunk)
    return paths
