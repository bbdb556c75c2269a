"""The body of ``msglint audit``, kept out of :mod:`msglint.cli` so that module stays
free of Dask (``msglint check`` never imports it) and its command stays one small
function."""

from __future__ import annotations

import sys
import time
from typing import NoReturn

import click

from ..model import UsageError

INSTALL_HINT = "msglint audit needs Dask: pip install 'msglint[dask]'"


def _fail(message: str) -> NoReturn:
    click.echo(f"msglint: error: {message}", err=True)
    sys.exit(2)


def run_audit_command(*, paths: list[str], output: str, fmt: str, scheduler: str | None,
                      workers: int | None, partition_size: int | None, max_shard_size: int | None,
                      top: int, config_path: str | None, isolated: bool, select: list[str],
                      ignore: list[str], relationship: str | None, purpose: str | None,
                      quiet: bool) -> None:
    try:
        import distributed  # noqa: F401
        import fsspec  # noqa: F401
        if fmt == "parquet":
            import pyarrow  # noqa: F401
    except ImportError as exc:
        _fail(f"{INSTALL_HINT} ({exc.name} is not installed)")
    from ..api import Overrides, make_session, resolve_config
    from ..dask import SessionSpec
    from ..parallel import default_jobs
    from ..progress import Progress
    from .run import (DEFAULT_MAX_SHARD_BYTES, DEFAULT_PARTITION_BYTES, AuditFailed, OutputSpec,
                      local_client, remote_client, run_audit)

    if scheduler and workers:
        _fail("-j/--workers sizes a local cluster; with --scheduler the cluster's own workers run the audit")
    local = [p for p in paths if "://" not in p]
    try:
        config = resolve_config(local or ["."], config_path, isolated)
        overrides = Overrides(select=select or None, ignore=ignore, relationship=relationship, purpose=purpose)
        make_session(config, overrides)  # a bad selection or rule pack fails here, not on every worker
    except UsageError as exc:
        _fail(str(exc))
    spec = SessionSpec.make(config, overrides)
    out = OutputSpec(output, fmt, max_shard_size or DEFAULT_MAX_SHARD_BYTES)
    progress = Progress(0, enabled=False)
    started = time.monotonic()

    def planned(parts) -> None:
        nonlocal progress
        progress = Progress.for_terminal(len(parts), quiet)
        progress.unit = "partitions"

    def done(stats) -> None:
        progress.update(str(stats.index))

    try:
        with (remote_client(scheduler) if scheduler else
              local_client(workers or config.jobs or default_jobs())) as client:
            summary = run_audit(paths, out, client, spec, top=top,
                                partition_bytes=partition_size or DEFAULT_PARTITION_BYTES,
                                on_planned=planned, on_done=done)
    except (UsageError, AuditFailed) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        progress.close()
        click.echo("msglint: interrupted; the summary was not written", err=True)
        sys.exit(130)
    except OSError as exc:
        _fail(f"{output}: {exc.strerror or exc}")
    finally:
        progress.close()
    if not quiet:
        elapsed = time.monotonic() - started
        n = summary["messages"]
        click.echo(f"msglint: audited {n} messages in {summary['inputs']['partitions']} partitions "
                   f"({elapsed:.1f} s, {n / max(elapsed, 1e-9):.0f} messages/s): {summary['findings']} findings "
                   f"in {summary['messages_with_findings']} messages, "
                   f"{summary['errors']} read errors, {summary['warnings'] + summary['skipped']} read warnings; "
                   f"wrote {output.rstrip('/')}/summary.html", err=True)
