"""msglint inside Dask: lint a Dask DataFrame or bag of messages, get findings back
as a Dask DataFrame (``pip install 'msglint[dask]'``).

    >>> import dask.dataframe as dd, msglint.dask
    >>> ddf = dd.read_parquet("s3://archive/2025/*.parquet")  # subject, from, body, ... columns
    >>> findings = msglint.dask.lint_dataframe(ddf, relationship="basic-exchange")
    >>> findings.groupby("category").size().compute()

Why this shape: archive users already hold their mail in a distributed engine, so
msglint runs inside it as one ``map_partitions`` rather than growing a scheduler
of its own. Each partition is linted by ordinary msglint code (the same readers,
the same session, the same findings as ``msglint check``); only the plumbing is
Dask's.

Sessions: building one (rule packs, matchers, the spaCy pipeline) takes about a
second, linting a message a few milliseconds. A task therefore carries only a small
:class:`SessionSpec` (the configuration and command-line choices), and each worker
process builds the session for a spec once and keeps it (:func:`get_session`); the
session itself is never pickled. :class:`MsglintPlugin` builds it when a worker
starts, so the first partition does not pay for it (and a worker restarted after a
crash builds it again by itself).

Nothing in msglint imports this module on the normal path: ``msglint check`` never
loads Dask.

The findings schema (one row a finding, a notice or a damaged message; the order is
the input's, each message's findings in ``check``'s order) is :data:`SCHEMA`.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .model import Finding, Message, Result, SourceError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .api import Overrides, Session
    from .config import Config

try:  # the plugin base class only; everything else in Dask is imported when used
    from distributed import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - dask without distributed: no plugin needed
    _PluginBase = object  # type: ignore[assignment,misc]


#: (column, dtype, meaning): the findings DataFrame, the Parquet and JSON-lines shards
#: of ``msglint audit``. The finding columns are those of ``check``'s JSON findings.
SCHEMA: tuple[tuple[str, str, str], ...] = (
    ("id", "str", "message id: the record's id, else PATH:LINE (an unreadable file: PATH)"),
    ("source", "str", "the file (or URL) the message was read from"),
    ("source_line", "int64", "the message's line in it (a record's line or row number); 0 when unknown"),
    ("kind", "str", "finding, notice (MSG001, an unused suppression) or error (check's error records: "
                    "a damaged message or file)"),
    ("rule", "str", "rule code, e.g. MSG101 (empty for an error)"),
    ("name", "str", "rule name, e.g. unearned-praise"),
    ("category", "str", "rule category, e.g. false-urgency"),
    ("severity", "str", "info, warning or error; an error row has check's level (warning for a "
                        "skipped binary file or a doubt, else error)"),
    ("field", "str", "subject, preheader, from or body"),
    ("line", "int64", "start line of the quoted text (1-based; 0 for an error)"),
    ("column", "int64", "start column (1-based, in characters)"),
    ("end_line", "int64", "end line"),
    ("end_column", "int64", "end column (exclusive, as in check's JSON)"),
    ("text", "str", "the quoted text"),
    ("message", "str", "what is wrong (for an error: why the message could not be read or linted)"),
    ("suggestion", "str", "what to write instead"),
)
COLUMNS: tuple[str, ...] = tuple(name for name, _, _ in SCHEMA)
INT_COLUMNS = frozenset(name for name, dtype, _ in SCHEMA if dtype == "int64")


@dataclass(frozen=True)
class SessionSpec:
    """What a worker needs to build a session: small, picklable, compared by value.

    Rule packs named by ``extend-rules`` are read on the worker, so on a cluster
    they must be at the same path there (a shared file system or the same image)."""

    config: "Config | None" = None
    overrides: "Overrides | None" = None
    key: str = field(default="", compare=False)

    @classmethod
    def make(cls, config: "Config | None" = None, overrides: "Overrides | None" = None,
             **options: Any) -> "SessionSpec":
        from .api import Overrides

        if overrides is None:
            overrides = Overrides(**options)
        elif options:
            raise TypeError("give either overrides or keyword options, not both")
        key = hashlib.sha256(pickle.dumps((config, overrides))).hexdigest()
        return cls(config, overrides, key)


_SESSIONS: dict[str, tuple["Session", threading.Lock]] = {}
_BUILDING = threading.Lock()
#: sessions built in this process, by spec key (the tests check it stays at one)
BUILT: Counter = Counter()


def get_session(spec: SessionSpec) -> tuple["Session", threading.Lock]:
    """This process's session for ``spec``, built on first use, and the lock to lint
    under. A worker with several threads shares one session: the linter's caches and
    the spaCy pipeline are not made for concurrent use, and the GIL would leave
    threads nothing to gain on this pure-Python work anyway (use 1 thread a worker)."""
    entry = _SESSIONS.get(spec.key)
    if entry is None:
        with _BUILDING:
            entry = _SESSIONS.get(spec.key)
            if entry is None:
                from .api import make_session

                entry = _SESSIONS[spec.key] = (make_session(spec.config, spec.overrides), threading.Lock())
                BUILT[spec.key] += 1
    return entry


class MsglintPlugin(_PluginBase):  # type: ignore[misc,valid-type]
    """Builds the session when a worker starts (``client.register_plugin``), so the
    first partition on every worker, and on a worker restarted after a crash, does not
    wait for it. Optional: :func:`get_session` builds it on first use anyway."""

    name = "msglint-session"

    def __init__(self, spec: SessionSpec):
        self.spec = spec
        self.name = f"msglint-session-{spec.key[:12]}"

    def setup(self, worker: Any = None) -> None:
        get_session(self.spec)


# --- results to rows -----------------------------------------------------------


def finding_row(msg: Message, f: Finding, kind: str) -> tuple:
    return (msg.id, msg.path, msg.line, kind, f.rule, f.name, f.category, f.severity, f.field,
            f.line, f.column, f.end_line, f.end_column, f.text, f.message, f.suggestion)


def error_row(err: SourceError, msg_id: str | None = None) -> tuple:
    """A damaged message (or file) as a row: its id when known, else ``PATH:LINE``."""
    where = f"{err.path}:{err.line}" if err.line else err.path
    return (msg_id or where, err.path, err.line or 0, "error", "", "", "", err.level, "",
            0, 0, 0, 0, "", err.message, "")


def result_rows(result: Result) -> list[tuple]:
    """A message's findings then its notices, each in check's order."""
    msg = result.message
    return ([finding_row(msg, f, "finding") for f in result.findings]
            + [finding_row(msg, n, "notice") for n in result.notices])


def lint_items(items: Iterable[Message | SourceError], session: "Session",
               lock: threading.Lock | None = None) -> Iterator[Result | SourceError]:
    """:func:`msglint.api.lint_stream`, guarded: if the linter raises on a batch
    (a message no reader should have produced), the batch is linted again one
    message at a time and the message that fails comes back as an error naming its
    id, so one bad record never fails a partition (and with it, after Dask's
    retries, the whole run)."""
    from .api import lint_stream
    from .sources.jsonlines import RecordError

    items = list(items)
    lock = lock or threading.Lock()
    try:
        with lock:  # (results are yielded after the lock is released, never while held)
            done = list(lint_stream(items, session))
    except Exception:
        done = None
    if done is not None:
        yield from done
        return
    for item in items:
        if isinstance(item, SourceError):
            yield item
            continue
        try:
            with lock:
                one = list(session.linter.lint([item]))
            yield from one
        except Exception as exc:
            yield RecordError(item.path, f"message {item.id}: internal error while linting "
                                         f"({type(exc).__name__}: {exc}); please report this",
                              item.line or None, record_id=item.id)


def rows_of(items: Iterable[Result | SourceError]) -> list[tuple]:
    rows: list[tuple] = []
    for item in items:
        if isinstance(item, SourceError):
            rows.append(error_row(item, getattr(item, "record_id", None)))
        else:
            rows.extend(result_rows(item))
    return rows


def frame(rows: list[tuple]) -> "pd.DataFrame":
    """Rows as a pandas DataFrame with :data:`SCHEMA`'s columns and types."""
    import pandas as pd

    df = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    return df.astype({c: ("int64" if c in INT_COLUMNS else str) for c in COLUMNS})


def empty_frame() -> "pd.DataFrame":
    """The schema with no rows: Dask's ``meta``."""
    return frame([])


# --- records (DataFrame rows, bag items) to messages -------------------------------


def _clean(value: Any) -> Any:
    """A cell as message_from_mapping wants it: missing values (None, NaN, NA) are absent."""
    if value is None:
        return None
    try:
        import pandas as pd

        if pd.api.types.is_scalar(value) and pd.isna(value):
            return None
    except (ImportError, TypeError, ValueError):  # pragma: no cover
        pass
    return value


def record_items(records: Iterable[tuple[Any, Any]], default_source: str) -> Iterator[Message | SourceError]:
    """``(position, record)`` pairs to messages, each read exactly as a JSON-lines
    record: a ``source`` key names the file, a ``line`` key the line (else the
    position); a :class:`Message` or a string (a subject) is taken as it is."""
    from .sources.jsonlines import record_message

    for position, rec in records:
        if isinstance(rec, Message):
            yield rec
            continue
        if isinstance(rec, str):
            rec = {"subject": rec}
        if not isinstance(rec, dict):
            yield record_message(rec, default_source, _int(position, 0))
            continue
        obj = {k: v for k, v in ((k, _clean(v)) for k, v in rec.items()) if v is not None}
        source = str(obj.pop("source", default_source))
        line = _int(obj.pop("line", position), position)
        yield record_message(obj, source, line)


def _int(value: Any, default: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return int(default) if isinstance(default, int) else 0


def lint_pandas(pdf: "pd.DataFrame", spec: SessionSpec, source: str = "<dataframe>") -> "pd.DataFrame":
    """One partition: a pandas DataFrame of messages to a DataFrame of findings.

    Columns are the campaign keys ``check`` reads (``subject``, ``preheader``,
    ``from``, ``body`` and their spellings, ``id``, ``relationship``, ``purpose``, ...)
    plus optional ``source`` and ``line``; without a ``line`` column a row's line is its
    integer index + 1 (so ids stay the same however the frame is partitioned)."""
    session, lock = get_session(spec)
    positions = [(_int(ix, n) + 1 if not isinstance(ix, bool) else n + 1)
                 for n, ix in enumerate(pdf.index)]
    records = zip(positions, pdf.to_dict("records"))
    return frame(rows_of(lint_items(record_items(records, source), session, lock)))


def lint_dataframe(ddf: Any, *, config: "Config | None" = None, source: str = "<dataframe>",
                   **overrides: Any) -> Any:
    """Findings for every row of the Dask DataFrame ``ddf`` as a Dask DataFrame of
    :data:`SCHEMA` (lazy: nothing runs until ``.compute()``/``.to_parquet()``).
    ``overrides`` are :class:`msglint.api.Overrides` fields (select, ignore,
    relationship, purpose, ...)."""
    spec = SessionSpec.make(config, **overrides)
    return ddf.map_partitions(lint_pandas, spec, source, meta=empty_frame(),
                              enforce_metadata=False, align_dataframes=False)


def _bag_partition(records: Iterable[Any], spec: SessionSpec, source: str) -> list[dict]:
    session, lock = get_session(spec)
    items = record_items(enumerate(records, 1), source)
    return [dict(zip(COLUMNS, row)) for row in rows_of(lint_items(items, session, lock))]


def lint_bag(bag: Any, *, config: "Config | None" = None, source: str = "<bag>",
             **overrides: Any) -> Any:
    """Findings for a Dask bag of messages (mappings, strings or ``Message``
    objects) as a Dask DataFrame of :data:`SCHEMA`. Give records an ``id`` (or a
    ``line``): a bag partition does not know its place in the whole, so a record
    without either is named by its place in its partition."""
    spec = SessionSpec.make(config, **overrides)
    return bag.map_partitions(_bag_partition, spec, source).to_dataframe(meta=empty_frame())
