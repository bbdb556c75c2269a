"""An archive's shards: found, sized, grouped into partitions, read on the workers.

Inputs are local paths (files or folders, walked as ``check`` walks them) or fsspec
URLs (``s3://bucket/2025/``, ``gcs://...``, ``file:///...``); every shard is read by
the reader ``check`` uses for its extension (:func:`msglint.sources.read_bytes`),
except Parquet, which has no text form and is read here, row by row, as JSON-lines
records are. A local mbox shard goes through :func:`msglint.sources.read_path` like
any file (its mbox reader streams it a message at a time); one at a URL is streamed
by the same reader from the store's file object.

Partitions group consecutive shards (sorted by path) up to a byte budget, so a
partition's index names the same shards in every run over the same inputs: the
findings shard ``part-00007`` always holds the same messages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from ..model import Message, SourceError
from ..sources import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, discover, selected

#: what a folder walk picks up: every format check reads, plus the archive formats
ARCHIVE_INCLUDE: tuple[str, ...] = DEFAULT_INCLUDE + ("*.jsonl", "*.ndjson", "*.parquet", "*.pq", "*.mbox")
PARQUET_SUFFIXES = (".parquet", ".pq")
#: formats whose one file holds a whole shard of messages, read whole: their size
#: limit is the audit's --max-shard-size, not the per-file max-file-size meant for
#: campaign files. (An mbox is streamed a message at a time by its reader, and
#: max-file-size caps each message, as in check.)
SHARD_SUFFIXES = (".jsonl", ".ndjson") + PARQUET_SUFFIXES
#: Parquet rows converted to records at a time (bounds memory on a big row group)
PARQUET_BATCH = 8192


@dataclass(frozen=True)
class Shard:
    path: str  # a local path, or a URL with its protocol
    size: int


@dataclass(frozen=True)
class Partition:
    """One task's work: ``index`` names its findings shard (``part-00007``)."""

    index: int
    shards: tuple[Shard, ...]

    @property
    def size(self) -> int:
        return sum(s.size for s in self.shards)


def is_url(path: str) -> bool:
    return "://" in path


def find_shards(paths: Iterable[str], include: Iterable[str] = ARCHIVE_INCLUDE,
                exclude: Iterable[str] = DEFAULT_EXCLUDE) -> list[Shard]:
    """Every shard below ``paths``, sorted within each path, in the order given."""
    include, exclude = tuple(include), tuple(exclude)
    shards: list[Shard] = []
    for raw in paths:
        if is_url(raw):
            shards.extend(_url_shards(raw, include, exclude))
            continue
        for path in discover([raw], include, exclude):
            try:
                size = os.path.getsize(path)
            except OSError:
                size = 0  # read_path reports why when the worker tries
            shards.append(Shard(path, size))
    return shards


def _url_shards(url: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[Shard]:
    import fsspec

    fs, root = fsspec.core.url_to_fs(url)
    proto = url.split("://", 1)[0]

    def full(p: str) -> str:
        return p if is_url(p) else f"{proto}://{p}"

    if any(ch in root for ch in "*?["):
        found = sorted(fs.glob(root, detail=True).items())
    elif fs.isdir(root):
        found = sorted(fs.find(root, detail=True).items())
        base = root.rstrip("/") + "/"
        found = [(p, info) for p, info in found
                 if selected(p[len(base):], include, exclude)]
    else:
        found = [(root, fs.info(root))]
    for p, info in found:
        if info.get("type") == "directory":
            continue
        yield Shard(full(p), int(info.get("size") or 0))


def plan(shards: list[Shard], partition_bytes: int, partition_files: int = 1000) -> list[Partition]:
    """Consecutive shards grouped up to ``partition_bytes`` (or ``partition_files``);
    a shard bigger than the budget is a partition of its own (it is never split, so
    give big archives as many shards)."""
    parts: list[Partition] = []
    group: list[Shard] = []
    size = 0
    for shard in shards:
        if group and (size + shard.size > partition_bytes or len(group) >= partition_files):
            parts.append(Partition(len(parts), tuple(group)))
            group, size = [], 0
        group.append(shard)
        size += shard.size
    if group:
        parts.append(Partition(len(parts), tuple(group)))
    return parts


# --- the worker side ---------------------------------------------------------------


def read_shard(shard: Shard, max_file_bytes: int, max_shard_bytes: int) -> Iterator[Message | SourceError]:
    """A shard's messages and source errors, in order; never raises for bad input."""
    path = shard.path
    lower = path.lower()
    limit = max_shard_bytes if lower.endswith(SHARD_SUFFIXES) else max_file_bytes
    if is_url(path) and (lower.endswith(".mbox") or lower.rsplit("/", 1)[-1] == "mbox"):
        yield from _mbox_url(path, max_file_bytes)  # (a local one: read_path, below)
        return
    if lower.endswith(PARQUET_SUFFIXES):
        yield from _parquet(path, limit)
        return
    if not is_url(path):
        from ..sources import read_path

        yield from read_path(path, limit)
        return
    from ..sources import read_bytes

    try:
        import fsspec

        fs, root = fsspec.core.url_to_fs(path)
        size = fs.size(root)
        if size is not None and size > limit:
            yield SourceError(path, f"file is {size} bytes, over the {limit}-byte limit; skipped")
            return
        data = fs.cat_file(root)
    except (OSError, ValueError) as exc:
        yield SourceError(path, f"cannot read: {exc}")
        return
    yield from read_bytes(data, path)


def _mbox_url(path: str, max_message_bytes: int) -> Iterator[Message | SourceError]:
    """An mbox archive at a URL, streamed by the mbox reader from the store's file
    object, as :func:`msglint.sources.read_path` streams a local one."""
    from ..sources.mbox import read_mbox

    try:
        import fsspec

        fs, root = fsspec.core.url_to_fs(path)
        handle = fs.open(root, "rb")
    except (OSError, ValueError) as exc:
        yield SourceError(path, f"cannot read: {exc}")
        return
    with handle:
        yield from read_mbox(handle, path, max_message_bytes)


def _parquet(path: str, limit: int) -> Iterator[Message | SourceError]:
    """Parquet rows as JSON-lines records: row ``n`` (1-based) is line ``n``."""
    from ..dask import _clean
    from ..sources.jsonlines import UnknownKeys, record_message

    try:
        import pyarrow.parquet as pq

        if is_url(path):
            import fsspec

            fs, root = fsspec.core.url_to_fs(path)
            handle: Any = fs.open(root, "rb")
        else:
            handle = open(path, "rb")
    except (OSError, ValueError) as exc:
        yield SourceError(path, f"cannot read: {exc}")
        return
    with handle:
        try:
            size = handle.seek(0, os.SEEK_END)
            handle.seek(0)
            if size > limit:
                yield SourceError(path, f"file is {size} bytes, over the {limit}-byte limit; skipped")
                return
            pf = pq.ParquetFile(handle)
            # unknown columns once a shard, as a JSON-lines shard reports unknown keys
            yield from UnknownKeys(path)({name: None for name in pf.schema_arrow.names}, None)
            batches = pf.iter_batches(batch_size=PARQUET_BATCH)
            line = 0
            for batch in batches:
                for row in batch.to_pylist():
                    line += 1
                    obj = {k: v for k, v in ((k, _clean(v)) for k, v in row.items()) if v is not None}
                    yield record_message(obj, path, line)
        except Exception as exc:  # pyarrow's errors for a damaged file are many kinds
            yield SourceError(path, f"cannot read Parquet: {type(exc).__name__}: {exc}")
