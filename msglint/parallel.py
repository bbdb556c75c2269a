"""``--jobs N``: lint on several processes, report in input order, byte for byte.

The main process discovers the files and hands work to a pool of worker processes.
On Linux they are forked from a fork server that has imported spaCy, built the blank
English pipeline and loaded the readability data once (:mod:`msglint.warmup`); the
main process itself never imports spaCy and is never forked. Elsewhere (macOS,
Windows) workers are spawned as fresh interpreters. Each worker builds its own
:class:`~msglint.api.Session` (rules, matchers) from the same configuration and
overrides, once.

Work is split two ways:

* small files are grouped (up to :data:`GROUP_BYTES` or :data:`GROUP_FILES`) and a
  worker reads and lints the whole group, returning its results;
* a big file (over :data:`BIG_FILE`, e.g. a CSV of thousands of rows, or an mbox
  archive however big) or standard input is read here, message by message, and
  sent to the workers in chunks of :data:`CHUNK_CHARS` characters of text, at most
  :data:`CHUNK_MESSAGES` messages (small chunks keep the workers evenly loaded to
  the end; see docs/performance.md, issue #18); workers send back only the verdicts
  (context, findings, notices), which are joined to the messages kept here.

At most ``jobs * WINDOW_PER_JOB`` tasks of files, or ``jobs *
WINDOW_MESSAGES_PER_JOB`` messages, are in flight; results are emitted strictly in
task order, so memory stays flat with corpus size and the output of ``--jobs N`` is
identical to ``--jobs 1``. A corpus too small to repay the start-up of the workers
(one file, or under :data:`SMALL_CORPUS` bytes in all) is linted in this process.

Ctrl-C: workers ignore SIGINT; the main process gets ``KeyboardInterrupt``, kills
the workers and re-raises, so the CLI exits 130 with no partial report and no hang.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
from collections import deque
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .model import Message, Result, SourceError

if TYPE_CHECKING:  # pragma: no cover
    from .api import Overrides, Session
    from .config import Config

#: below this many bytes in all, workers cost more to start than they save
SMALL_CORPUS = 512 * 1024
#: files over this size are read by the main process and split into message chunks
BIG_FILE = 256 * 1024
#: a task of small files carries at most this many bytes / files
GROUP_BYTES = 64 * 1024
GROUP_FILES = 64
#: a task of messages from one big file ends at this many characters of field text
#: (a long message goes alone or nearly) ...
CHUNK_CHARS = 16 * 1024
#: ... or at this many messages (short ones: CSV rows)
CHUNK_MESSAGES = 64
#: tasks in flight per worker, counted as tasks of small files ...
WINDOW_PER_JOB = 3
#: ... or as messages, for message chunks (bounds memory; enough that a slow chunk at
#: the head of the window does not leave the other workers idle)
WINDOW_MESSAGES_PER_JOB = 384


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def iter_results(paths: Iterable[str], session: "Session", jobs: int | None = None,
                 overrides: "Overrides | None" = None) -> Iterator[Result | SourceError]:
    """Like :func:`msglint.api.iter_results`, on ``jobs`` processes (default: the
    configured ``jobs``, else the number of cores). Same items, same order."""
    from .api import Overrides, lint_stream
    from .sources import discover

    if jobs is None:
        jobs = session.config.jobs or default_jobs()
    max_bytes = session.config.max_file_size
    found = discover(paths, session.include, session.exclude)
    if jobs <= 1:
        yield from lint_stream(_read_files(found, max_bytes), session)
        return
    # look ahead only as far as the choice needs (SMALL_CORPUS bytes), not at every
    # file: a corpus of 100,000 files is never a list of paths and sizes here
    ahead: list[tuple[str, int]] = []
    total = 0
    for path in found:
        ahead.append((path, _size(path)))
        total += ahead[-1][1]
        if total >= SMALL_CORPUS and len(ahead) >= 2:  # (one file alone is judged by its size)
            break
    sized = itertools.chain(ahead, ((path, _size(path)) for path in found))
    if not _worth_workers([p for p, _ in ahead], [s for _, s in ahead]):
        yield from lint_stream(_read_files((p for p, _ in sized), max_bytes), session)
        return
    yield from _run_pool(_tasks(sized, max_bytes), session, jobs, overrides or Overrides())


def _size(path: str) -> int:
    if path == "-":
        return 0  # unknown length: alone, it is linted here (a pipe is usually small)
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _worth_workers(files: list[str], sizes: list[int]) -> bool:
    if not files:
        return False
    if len(files) == 1:
        return sizes[0] > BIG_FILE
    return sum(sizes) >= SMALL_CORPUS


def _read_files(files: Iterable[str], max_bytes: int) -> Iterator[Message | SourceError]:
    from .sources import read_path

    for path in files:
        yield from read_path(path, max_bytes)


# --- the main process side -------------------------------------------------------


def _tasks(sized: Iterable[tuple[str, int]], max_bytes: int) -> Iterator[tuple]:
    """("files", [paths]) groups and, for big files, ("local", items) for source
    errors and ("messages", [Message]) chunks, in input order, lazily."""
    from .sources import is_mbox, read_path

    group: list[str] = []
    group_bytes = 0
    for path, size in sized:
        # an mbox is read here whatever its size (max-file-size caps its messages,
        # not the archive), so its messages are spread over the workers instead of one
        # worker reading the archive alone and sending every result back at once
        if size > BIG_FILE and (size <= max_bytes or is_mbox(path)) or path == "-":
            if group:
                yield ("files", group)
                group, group_bytes = [], 0
            yield from _chunks(read_path(path, max_bytes))
            continue
        group.append(path)
        group_bytes += size
        if group_bytes >= GROUP_BYTES or len(group) >= GROUP_FILES:
            yield ("files", group)
            group, group_bytes = [], 0
    if group:
        yield ("files", group)


def _chunks(items: Iterable[Message | SourceError]) -> Iterator[tuple]:
    """("local", [error]) and ("messages", [Message]) tasks for a stream of messages
    read here, in input order, :data:`CHUNK_MESSAGES` messages a task."""
    chunk: list[Message] = []
    chars = 0
    for item in items:
        if isinstance(item, SourceError):
            if chunk:
                yield ("messages", chunk)
                chunk, chars = [], 0
            yield ("local", [item])
            continue
        chunk.append(_compact(item))
        chars += sum(len(f.text) for f in item.fields.values())
        if len(chunk) >= CHUNK_MESSAGES or chars >= CHUNK_CHARS:
            yield ("messages", chunk)
            chunk, chars = [], 0
    if chunk:
        yield ("messages", chunk)


#: a field whose line index holds more lines than this is sent with its own lines only
COMPACT_LINES = 256


def _compact(message: Message) -> Message:
    """``message`` with every field's line index cut to the lines the field comes
    from, when the index is a big file's: the rows of one spreadsheet share the whole
    file's table, and pickling it into every chunk made sending a file's rows
    quadratic in its length. Positions are unchanged (``SourceMap.for_text``)."""
    for fld in message.fields.values():
        index = fld.smap.index  # a LineIndex, or a reader's own kind (sources/eml.py)
        if hasattr(index, "window") and len(index) > COMPACT_LINES:
            fld.smap = fld.smap.for_text(len(fld.text))
    return message


def lint_items(items: Iterable[Message | SourceError], session: "Session", jobs: int | None = None,
               overrides: "Overrides | None" = None) -> Iterator[Result | SourceError]:
    """Lint messages read by the caller (``msglint eval``'s labelled rows) on ``jobs``
    processes, in chunks; same items, same order as :func:`msglint.api.lint_stream`."""
    from .api import Overrides, lint_stream

    if jobs is None:
        jobs = session.config.jobs or default_jobs()
    if jobs <= 1:
        yield from lint_stream(items, session)
        return
    yield from _run_pool(_chunks(items), session, jobs, overrides or Overrides())


def _run_pool(tasks: Iterable[tuple], session: "Session", jobs: int,
              overrides: "Overrides") -> Iterator[Result | SourceError]:
    from concurrent.futures import ProcessPoolExecutor

    from . import gcstate

    gcstate.settle()  # the workers lint; this process's start-up is over (msglint.gcstate)
    executor = ProcessPoolExecutor(max_workers=jobs, mp_context=_mp_context(),
                                   initializer=_init_worker,
                                   initargs=(session.config, overrides, os.getpid()))
    window: deque = deque()
    # the window's weight: a task of files counts as a full chunk of messages
    unit = max(1, WINDOW_MESSAGES_PER_JOB // WINDOW_PER_JOB)
    limit = jobs * WINDOW_MESSAGES_PER_JOB
    weight = 0
    max_bytes = session.config.max_file_size
    finished = False

    def collect(entry) -> list:
        nonlocal weight
        kind, payload, pending, cost = entry
        weight -= cost
        if kind == "local":
            return payload
        out = pending.result()
        if kind == "messages":
            return [Result(m, ctx_, findings, notices)
                    for m, (ctx_, findings, notices) in zip(payload, out)]
        return out

    try:
        for kind, payload in tasks:
            if kind == "local":
                window.append((kind, payload, None, 0))
            elif kind == "files":
                window.append((kind, None, executor.submit(_lint_files, payload, max_bytes), unit))
            else:
                window.append((kind, payload, executor.submit(_lint_messages, payload), len(payload)))
            weight += window[-1][3]
            # emit what is ready at the head; block only when the window is full
            while window and (weight > limit or window[0][0] == "local"
                              or window[0][2].done()):
                yield from collect(window.popleft())
        while window:
            yield from collect(window.popleft())
        finished = True
    finally:
        if finished:
            executor.shutdown(wait=True)
        else:  # Ctrl-C, an error, or the consumer stopped early: stop now, never hang
            _kill(executor)


#: what the fork server imports before forking workers
PRELOAD = ["msglint.warmup"]


def _mp_context() -> Any:
    """``forkserver`` with :data:`PRELOAD` on Linux, else ``spawn``.

    Not plain ``fork``: the main process may have threads (a caller's, or the
    executor's) and is kept free of spaCy. The fork server is a fresh, single-threaded
    interpreter that only imports and forks. macOS is left on ``spawn``, its default,
    because frameworks there are not safe to use in a forked child."""
    import multiprocessing
    import sys

    if sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)  # (no effect once a fork server runs)
        return ctx
    return multiprocessing.get_context("spawn")


def _kill(executor: Any) -> None:
    procs = list((getattr(executor, "_processes", None) or {}).values())
    for p in procs:
        try:
            p.terminate()
        except Exception:  # pragma: no cover - already gone
            pass
    executor.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        p.join(timeout=5)


# --- the worker side -------------------------------------------------------------

_SESSION: "Session | None" = None


def _init_worker(config: "Config", overrides: "Overrides", main_pid: int) -> None:
    global _SESSION
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    from . import gcstate
    from .api import make_session

    gcstate.young_less_often()  # a worker lints as the command's process does

    _SESSION = make_session(config, overrides)
    # a worker whose main process died (kill -9) exits instead of waiting for work
    # forever. Not its parent's death: a forked worker's parent is the fork server,
    # which outlives the main process for as long as any worker does
    threading.Thread(target=_watch_main, args=(main_pid,), daemon=True).start()


def _watch_main(main_pid: int) -> None:  # pragma: no cover - runs in workers
    """Exit this worker within a second of the main process's end.

    Linux gives a pidfd, which becomes readable when that process exits (a zombie
    included) and cannot be confused with a later process given the same pid. Other
    POSIX systems poll the pid; Windows, where ``os.kill`` would terminate the
    process, watches for the worker's parent (the main process, under ``spawn``) to
    change."""
    import select
    import time

    pidfd = None
    try:
        pidfd = os.pidfd_open(main_pid)  # type: ignore[attr-defined]
    except (AttributeError, OSError):  # not Linux 5.3+, or already gone
        pass
    parent = os.getppid()
    while True:
        if pidfd is not None:
            if select.select([pidfd], [], [], 1.0)[0]:
                os._exit(1)
            continue
        time.sleep(1.0)
        if os.getppid() != parent or (os.name == "posix" and not _alive(main_pid)):
            os._exit(1)


def _alive(pid: int) -> bool:
    """Whether ``pid`` exists (POSIX only: on Windows ``os.kill`` terminates it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - the pid went to another user's process
        return False
    return True


def _lint_files(paths: list[str], max_bytes: int) -> list[Result | SourceError]:
    from .api import lint_stream

    assert _SESSION is not None
    return list(lint_stream(_read_files(paths, max_bytes), _SESSION))


def _lint_messages(messages: list[Message]) -> list[tuple]:
    assert _SESSION is not None
    return [(r.context, r.findings, r.notices) for r in _SESSION.linter.lint(messages)]
