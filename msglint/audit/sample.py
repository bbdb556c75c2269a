"""A generated archive: deterministic messages as JSON-lines (and Parquet) shards and
.eml files, for the tests and the benchmark (no real mail is ever needed).

Messages come from :func:`msglint.bench.make_message` (honest and manipulative
subjects, preheaders, bodies) with varied senders, campaigns and declared context,
so an audit's per-sender and per-campaign tables have something to rank.
"""

from __future__ import annotations

import json
import random
from email.message import EmailMessage
from pathlib import Path

from ..bench import make_message

SENDERS = ["Acme", "Ann at Acme", "Breaking News", "Team Acme", "URGENT ALERTS", "Kite Travel",
           "Bob from Kite", "Your Account"]
PURPOSES = [None, None, None, "promotional", "newsletter", "transactional"]
RELATIONSHIPS = [None, None, "basic-exchange", "concierge", "business-partners"]


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
