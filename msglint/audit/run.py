"""``msglint audit``: lint an archive on a Dask cluster, one task per partition.

The client finds the shards and plans partitions (:mod:`.inputs`); each task reads
its partition's shards on a worker, lints them with that worker's session
(:func:`msglint.dask.get_session`), writes ``findings/part-NNNNN.<fmt>`` and returns
only its counts (:class:`.summary.PartitionStats`). The client merges the counts and
writes ``summary.json`` and ``summary.html``.

Faults. A worker that dies mid-run takes its running tasks with it; the scheduler
runs them again elsewhere (up to ``distributed.scheduler.allowed-failures`` times).
Nothing is lost or counted twice because a task's whole effect is one shard,
written to a temporary name and renamed into place (a reader sees the old shard or
the whole new one, never half), plus the counts it returns, which the client takes
once per partition. A rerun of a partition writes the same bytes. A damaged message
is a row of kind ``error`` naming its id; the run goes on.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import logging
import os
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterator

from ..atomic import atomic_file
from ..dask import COLUMNS, INT_COLUMNS, MsglintPlugin, SessionSpec, error_row, get_session, lint_items, result_rows
from ..model import SourceError, UsageError
from ..validate import unknown_value
from .inputs import Partition, find_shards, is_url, plan, read_shard
from .summary import PartitionStats, dumps, merge, render_html

if TYPE_CHECKING:  # pragma: no cover
    from distributed import Client

FORMATS = ("parquet", "jsonl")
#: a partition's input budget: big enough that a task lasts seconds (Dask's own
#: overhead is about a millisecond a task), small enough that every worker gets many
DEFAULT_PARTITION_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_SHARD_BYTES = 1024 * 1024 * 1024
FINDINGS_DIR = "findings"
#: messages linted at a time within a partition
CHUNK = 1000


class AuditFailed(Exception):
    """A partition failed on every attempt (``KilledWorker``: it took down a worker
    each time, out of memory or worse; or an error no message-level guard catches,
    such as a full disk). The run stops with no summary; the shards written are whole."""


@dataclass(frozen=True)
class OutputSpec:
    root: str  # a local folder or an fsspec URL
    fmt: str = "parquet"
    max_shard_bytes: int = DEFAULT_MAX_SHARD_BYTES

    def shard_path(self, index: int) -> str:
        ext = "parquet" if self.fmt == "parquet" else "jsonl"
        return f"{self.root.rstrip('/')}/{FINDINGS_DIR}/part-{index:05d}.{ext}"


# --- the worker side ---------------------------------------------------------------


def audit_partition(part: Partition, spec: SessionSpec, out: OutputSpec) -> PartitionStats:
    """One task: read, lint, write the shard, return the counts."""
    session, lock = get_session(spec)
    max_file = session.config.max_file_size
    items = (item for shard in part.shards for item in read_shard(shard, max_file, out.max_shard_bytes))
    stats = PartitionStats(part.index, [s.path for s in part.shards])
    rows: list[tuple] = []
    # a chunk at a time: only its messages and results are held, not a whole shard's
    # (a message read from JSON lines is about 4 KB of objects, four times its bytes)
    while chunk := list(itertools.islice(items, CHUNK)):
        for item in lint_items(chunk, session, lock):
            if isinstance(item, SourceError):
                row = error_row(item, getattr(item, "record_id", None))
                rows.append(row)
                stats.add_error(item, row[0])
            else:
                rows.extend(result_rows(item))
                stats.add_result(item)
    stats.rows = len(rows)
    write_atomic(out.shard_path(part.index), encode(rows, out.fmt))
    return stats


def encode(rows: list[tuple], fmt: str) -> bytes:
    """A shard's bytes: the same rows give the same bytes (no times, no worker names)."""
    if fmt == "jsonl":
        return "".join(json.dumps(dict(zip(COLUMNS, row)), ensure_ascii=False, separators=(", ", ": ")) + "\n"
                       for row in rows).encode("utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pydict({c: [r[i] for r in rows] for i, c in enumerate(COLUMNS)}, schema=arrow_schema())
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def arrow_schema() -> Any:
    import pyarrow as pa

    return pa.schema([(c, pa.int64() if c in INT_COLUMNS else pa.string()) for c in COLUMNS])


def write_atomic(target: str, data: bytes) -> None:
    """All of ``data`` at ``target`` or nothing: a local file is written to a temporary
    name in the same folder, synced and renamed over the target (``os.replace``);
    an object store (S3, GCS) publishes an object whole when its upload completes."""
    if is_url(target) and not target.startswith("file://"):
        import fsspec

        fs, path = fsspec.core.url_to_fs(target)
        fs.pipe_file(path, data)
        return
    if target.startswith("file://"):
        target = target[len("file://"):]
    # a worker on another machine may not see the folder yet
    os.makedirs(os.path.dirname(os.path.abspath(target)), exist_ok=True)
    with atomic_file(target, binary=True) as fh:
        fh.write(data)


# --- the client side ---------------------------------------------------------------


def prepare_output(out: OutputSpec) -> None:
    """Make ``DIR/findings`` and remove the shards and summary of an earlier run, so
    the folder never mixes two runs (a smaller rerun would leave stale shards)."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(out.root)
    findings = f"{root.rstrip('/')}/{FINDINGS_DIR}"
    fs.makedirs(findings, exist_ok=True)
    for pattern in ("part-*.parquet", "part-*.jsonl"):
        for old in fs.glob(f"{findings}/{pattern}"):
            fs.rm_file(old)
    remove_leftovers(out)
    for name in ("summary.json", "summary.html"):
        path = f"{root.rstrip('/')}/{name}"
        if fs.exists(path):
            fs.rm_file(path)


def remove_leftovers(out: OutputSpec) -> None:
    """Temporary files of attempts that died mid-write (a killed worker's), removed
    once every partition's shard is in place. (A worker cut off from the scheduler but
    still running could only rename the same bytes over a shard, or fail to.)"""
    import fsspec

    fs, root = fsspec.core.url_to_fs(out.root)
    for tmp in fs.glob(f"{root.rstrip('/')}/{FINDINGS_DIR}/.part-*.tmp"):
        with contextlib.suppress(OSError):
            fs.rm_file(tmp)


def run_audit(paths: list[str], out: OutputSpec, client: "Client", spec: SessionSpec, *,
              partition_bytes: int = DEFAULT_PARTITION_BYTES, top: int = 20,
              on_planned: Callable[[list[Partition]], None] | None = None,
              on_done: Callable[[PartitionStats], None] | None = None) -> dict:
    """Audit ``paths`` on ``client``'s cluster into ``out``; return the summary.

    ``on_planned`` is told the partitions before any runs, ``on_done`` each
    partition's counts as it finishes (in finishing order): the CLI draws its
    progress bar from them, the tests kill a worker from them."""
    from distributed import as_completed

    from .. import gcstate

    gcstate.settle()  # the cluster lints; this process's start-up is over (msglint.gcstate)

    if out.fmt not in FORMATS:
        raise UsageError(unknown_value(out.fmt, FORMATS, "findings format"))
    shards = find_shards(paths)
    if not shards:
        raise UsageError(f"no messages to audit in {', '.join(paths)}")
    parts = plan(shards, partition_bytes)
    if on_planned:
        on_planned(parts)
    prepare_output(out)
    # every worker (and any that joins or restarts later) builds the session now
    client.register_plugin(MsglintPlugin(spec))
    run = uuid.uuid4().hex[:8]
    futures = client.map(audit_partition, parts, spec=spec, out=out, pure=False,
                         key=[f"msglint-audit-{run}-{p.index:05d}" for p in parts])
    by_key = {fut.key: p for fut, p in zip(futures, parts)}
    stats: list[PartitionStats] = []
    try:
        for fut in as_completed(futures):
            try:
                part = fut.result()
            except Exception as exc:  # every retry failed: say which partition, then stop
                p = by_key[fut.key]
                names = ", ".join(s.path for s in p.shards[:3]) + (" ..." if len(p.shards) > 3 else "")
                raise AuditFailed(f"partition {p.index} ({names}) failed: {type(exc).__name__}: {exc}") from exc
            stats.append(part)
            if on_done:
                on_done(part)
    except BaseException:
        client.cancel(futures)
        raise
    remove_leftovers(out)
    summary = merge(stats, paths=list(paths), fmt=out.fmt, top=top)
    base = out.root.rstrip("/")
    write_atomic(f"{base}/summary.json", dumps(summary).encode("utf-8"))
    write_atomic(f"{base}/summary.html", render_html(summary).encode("utf-8"))
    return summary


@contextlib.contextmanager
def local_client(workers: int, threads: int = 1, memory_limit: str | None = None) -> Iterator["Client"]:
    """A cluster of ``workers`` processes on this machine (bound to 127.0.0.1, no
    dashboard) and a client for it, both closed on the way out."""
    from distributed import Client, LocalCluster

    kwargs: dict[str, Any] = {}
    if memory_limit:
        kwargs["memory_limit"] = memory_limit
    with LocalCluster(n_workers=workers, threads_per_worker=threads, processes=True,
                      host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR,
                      **kwargs) as cluster, Client(cluster) as client:
        yield client


@contextlib.contextmanager
def remote_client(address: str) -> Iterator["Client"]:
    from distributed import Client

    with Client(address, timeout="30s") as client:
        yield client
