"""The ``msglint`` command: check, eval, rules, explain, init.

A thin shell over :mod:`msglint.api`. Exit codes follow ruff: 0 clean, 1 findings at
or above ``--fail-on``, 2 usage, configuration or input errors (other files are
still checked first). Heavy imports (spaCy, Jinja2) happen only inside commands that
need them, so ``msglint --help``, ``rules`` and ``explain`` start instantly.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn, TextIO

import click

from . import __version__
from .model import UsageError
from .vocabulary import PURPOSES, RELATIONSHIPS

FORMAT_CHOICES = ["text", "json", "jsonl", "html", "sarif", "github", "junit"]


def _fail_usage(message: str) -> NoReturn:
    click.echo(f"msglint: error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="msglint")
def main() -> None:
    """msglint: lint marketing copy for inauthentic language, dishonest pressure and
    tone that does not fit the relationship."""


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for raw in values for v in raw.split(",") if v.strip()]


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_CHOICES), default="text",
              show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file (atomically).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--select", multiple=True, help="Rules to run: codes, prefixes, names or categories (comma-separated).")
@click.option("--extend-select", multiple=True, help="Add rules to the configured selection.")
@click.option("--ignore", multiple=True, help="Rules to skip (comma-separated).")
@click.option("--fail-on", type=click.Choice(["info", "warning", "error", "never"]),
              help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--relationship", type=click.Choice(RELATIONSHIPS), help="Relationship type, when nothing else declares it.")
@click.option("--purpose", type=click.Choice(PURPOSES), help="Message purpose, when nothing else declares it.")
@click.option("--spacy-model", help="An installed spaCy pipeline to use instead of blank English.")
@click.option("--diff", "diff_ref", metavar="REF",
              help="Check only files added or changed since git REF (and untracked files).")
@click.option("--subject", help="Check this subject line directly (no files).")
@click.option("--preheader", help="With --subject/--body: the preheader.")
@click.option("--body", help="With --subject: the body copy.")
@click.option("--from", "sender", help="With --subject/--body: the sender name.")
@click.option("--show-context", is_flag=True, help="Show each message's relationship and purpose (and why).")
@click.option("--color/--no-color", default=None, help="Force colour on or off [default: on a terminal].")
@click.option("-q", "--quiet", is_flag=True, help="Print only findings and errors.")
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes [default: config 'jobs', else the number of cores; "
                   "never more than the usable cores].")
@click.option("--strict", is_flag=True, default=None,
              help="Unknown keys and CSV columns are errors (exit 2), not warnings [default: config 'strict'].")
@click.option("--allow-empty", is_flag=True,
              help="Exit 0, not 2, when the paths hold no messages (pre-commit passes every JSON, YAML "
                   "and CSV file of a repository, most of them not campaigns).")
def check(paths, fmt, output, config_path, isolated, select, extend_select, ignore, fail_on,
          relationship, purpose, spacy_model, subject, preheader, body, sender, show_context,
          color, quiet, jobs, diff_ref, strict, allow_empty) -> None:
    """Check campaign files (folders are walked; - reads standard input), or copy given
    with --subject/--body (then no paths: one or the other)."""
    from .api import Overrides, make_session, resolve_config
    from .model import SourceError
    from .nlp.pipeline import ModelError
    from .report import ReportOptions, Summary, make_reporter, write_report
    from .report.output import atomic_output

    direct = any(v is not None for v in (subject, body, preheader, sender))
    if direct and diff_ref:
        _fail_usage("--diff checks files; it cannot be combined with --subject/--body")
    if direct and paths:
        # checking only one of the two would report "All clear" on copy never read
        _fail_usage(f"--subject/--body/--preheader/--from check copy given on the command line; "
                    f"they cannot be combined with paths ({', '.join(paths)}): run msglint once for each")
    if not paths and not direct and not diff_ref:
        _fail_usage("no paths given (try: msglint check examples/, or --subject \"...\")")
    try:
        config = resolve_config(paths or ["."], config_path, isolated)
        session = make_session(config, overrides := Overrides(
            select=_split(select) or None,
            ignore=_split(ignore),
            extend_select=_split(extend_select),
            relationship=relationship,
            purpose=purpose,
            spacy_model=spacy_model,
            fail_on=fail_on,
        ))
    except UsageError as exc:
        _fail_usage(str(exc))
    if diff_ref:
        from .gitdiff import diff_paths

        try:
            paths = tuple(diff_paths(diff_ref, paths, session.include, session.exclude))
        except UsageError as exc:
            _fail_usage(str(exc))
        if not paths and not quiet:
            click.echo(f"msglint: no changed files to check since {diff_ref}", err=True)

    use_color = color if color is not None else (output is None and sys.stdout.isatty()
                                                 and "NO_COLOR" not in os.environ)
    options = ReportOptions(color=bool(use_color and fmt == "text"), show_context=show_context, quiet=quiet,
                            fail_on=session.config.fail_on)

    from .progress import Progress, progress_wanted

    progress = Progress(0, enabled=False)
    if not direct and progress_wanted(quiet):
        from .sources import discover

        paths = tuple(discover(paths, session.include, session.exclude))
        progress = Progress.for_terminal(len(paths), quiet)
    # the bar is erased before anything is printed to the terminal it shares
    shares_tty = output is None and sys.stdout.isatty()

    if direct:
        from .sources.mapping import message_from_mapping

        fields = {"subject": subject, "preheader": preheader, "body": body, "from": sender}
        msg = message_from_mapping({k: v for k, v in fields.items() if v is not None},
                                   path="<command-line>", default_id="command-line")
        items = iter(session.linter.lint([msg]))
    else:
        from .parallel import iter_results as parallel_results

        jobs = _cap_jobs(jobs, session.config.jobs, quiet)
        items = parallel_results(paths, session, jobs=jobs, overrides=overrides)
    if strict if strict is not None else session.config.strict:
        items = _strict_items(items)

    def on_item(item) -> None:
        if isinstance(item, SourceError) or (shares_tty and (
                fmt != "text" or show_context or item.findings or item.notices)):
            progress.clear()
        if isinstance(item, SourceError):
            click.echo(f"msglint: {item.level}: {item}", err=True)
        progress.update(item.path if isinstance(item, SourceError) else item.message.path)

    def run(out: TextIO) -> Summary:
        try:
            return write_report(make_reporter(fmt, out, options), session.rules, items, on_item)
        finally:
            progress.close()

    try:
        if output:
            with atomic_output(output) as fh:
                summary = run(fh)
        else:
            summary = run(sys.stdout)
    except (UsageError, ModelError) as exc:
        _fail_usage(str(exc))
    except BrokenPipeError:  # `msglint check ... | head`: the reader left, stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except OSError as exc:  # the report could not be written (missing folder, no space)
        _fail_usage(f"{output or '<stdout>'}: cannot write the report: {exc.strerror or exc}")
    except KeyboardInterrupt:
        click.echo("msglint: interrupted; no report written", err=True)
        sys.exit(130)

    if summary.errors:
        sys.exit(2)
    if not direct and summary.messages == 0 and not allow_empty and not diff_ref:
        # nothing was read: a verdict would be about copy never checked
        click.echo(f"msglint: error: no messages were read from {_no_messages_reason(paths, session)}; "
                   "nothing was checked (--allow-empty accepts this)", err=True)
        sys.exit(2)
    sys.exit(1 if summary.failed(session.config.fail_on) else 0)


def _session_options(command):
    """The configuration, rule-selection and context options that ``eval`` and ``audit``
    share (``check`` words some of them its own way and has more)."""
    for option in reversed([
        click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file."),
        click.option("--isolated", is_flag=True, help="Ignore all configuration files."),
        click.option("--select", multiple=True, help="Rules to run (comma-separated)."),
        click.option("--ignore", multiple=True, help="Rules to skip (comma-separated)."),
        click.option("--relationship", type=click.Choice(RELATIONSHIPS),
                     help="Relationship type, when nothing else declares it."),
        click.option("--purpose", type=click.Choice(PURPOSES), help="Message purpose, when nothing else declares it."),
    ]):
        command = option(command)
    return command


@main.command("eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--clean", is_flag=True,
              help="Treat every message in PATHS as honest copy: every finding is a false alarm.")
@click.option("--label", "labels", multiple=True, metavar="COLUMN=CATEGORY[,CATEGORY...]",
              help="A label column and the categories (or a group: pressure, authenticity) that flag it.")
@click.option("--column", "columns", multiple=True, metavar="NAME=FIELD",
              help="Read column NAME as a message field (subject, preheader, from, body, id, ...).")
@click.option("--by", metavar="COLUMN", help="Break each label's counts down by the values of COLUMN.")
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]), default="warning",
              show_default=True, help="Lowest severity that counts as flagging a message.")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the result to a file (atomically).")
@click.option("--examples", type=click.IntRange(min=0),
              help="Examples per label or rule [default: 5 labelled, 2 with --clean].")
@click.option("--min-f1", multiple=True, metavar="LABEL=X", help="Exit 1 when LABEL's F1 is below X.")
@click.option("--max-rate", multiple=True, metavar="CATEGORY=X",
              help="With --clean: exit 1 when CATEGORY (or a group) fires on more than X of the messages.")
@_session_options
@click.option("-j", "--jobs", type=click.IntRange(min=1),
              help="Worker processes [default: config 'jobs', else the number of cores].")
@click.option("--color/--no-color", default=None, help="Force colour on or off [default: on a terminal].")
def eval_cmd(paths, clean, labels, columns, by, min_severity, fmt, output, examples, min_f1, max_rate,
             config_path, isolated, select, ignore, relationship, purpose, jobs, color) -> None:
    """Measure msglint against labelled messages, or against honest mail (--clean).

    \b
    msglint eval subjects.csv --label urgent=false-urgency --label bait=curiosity-bait
    msglint eval --clean sent-mail.mbox --max-rate pressure-authenticity=0.03

    A labelled file (.csv, .tsv, .jsonl) has message columns plus label columns
    (true/false, 1/0, yes/no); a column named after a category needs no --label.
    Exit 0 when it ran, 1 when a --min-f1/--max-rate threshold is missed, 2 on usage
    or input errors."""
    from .api import Overrides, make_session, resolve_config
    from .evaluation import (apply_thresholds, parse_pairs, parse_thresholds, read_labelled,
                             score_clean, score_labelled)
    from .parallel import iter_results, lint_items
    from .report.evaluation import write_json, write_text
    from .report.output import atomic_output

    try:
        if not clean and len(paths) != 1:
            raise UsageError("a labelled evaluation reads one file (or use --clean for honest mail)")
        if clean and (labels or columns or by):
            raise UsageError("--clean takes no --label/--column/--by: every message counts as honest")
        f1_limits = parse_thresholds(min_f1, "--min-f1")
        rate_limits = parse_thresholds(max_rate, "--max-rate")
        config = resolve_config(paths, config_path, isolated)
        overrides = Overrides(select=_split(select) or None, ignore=_split(ignore),
                              relationship=relationship, purpose=purpose)
        session = make_session(config, overrides)
        jobs = _cap_jobs(jobs, session.config.jobs, quiet=False)
        if clean:
            items = iter_results(paths, session, jobs=jobs, overrides=overrides)
            ev = score_clean(list(paths), items, min_severity, 2 if examples is None else examples)
        else:
            data = read_labelled(paths[0], parse_pairs(labels, "--label"), parse_pairs(columns, "--column"), by)
            items = lint_items(data.messages, session, jobs=jobs, overrides=overrides)
            ev = score_labelled(data, items, min_severity, 5 if examples is None else examples)
        apply_thresholds(ev, f1_limits, rate_limits)
    except UsageError as exc:
        _fail_usage(str(exc))
    except KeyboardInterrupt:
        click.echo("msglint: interrupted; nothing written", err=True)
        sys.exit(130)
    for err in ev.errors:
        click.echo(f"msglint: {err.level}: {err}", err=True)
    if not ev.messages:
        _fail_usage(f"no message was read from {', '.join(paths)}: nothing was measured")
    use_color = color if color is not None else (output is None and sys.stdout.isatty()
                                                 and "NO_COLOR" not in os.environ)

    def render(out: TextIO) -> None:
        if fmt == "json":
            write_json(ev, out)
        else:
            write_text(ev, out, color=bool(use_color))

    try:
        if output:
            with atomic_output(output) as fh:
                render(fh)
        else:
            render(sys.stdout)
    except BrokenPipeError:  # `msglint eval ... | head`: the reader left, stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as exc:
        _fail_usage(f"{output or '<stdout>'}: cannot write the result: {exc.strerror or exc}")
    if any(err.level == "error" for err in ev.errors):
        sys.exit(2)
    sys.exit(0 if ev.passed else 1)


def _no_messages_reason(paths: tuple[str, ...], session) -> str:
    """Why a run read no message, in the user's terms: no files matched, or the files
    found held no campaign copy (each skip was reported above)."""
    from .sources import discover

    shown = ", ".join(paths) if len(paths) <= 3 else f"{', '.join(paths[:3])} and {len(paths) - 3} more"
    found = sum(1 for _ in discover(paths, session.include, session.exclude))
    if not found:
        return f"{shown}: no files to check there (include: {', '.join(session.include)})"
    return f"{shown}: {found} file{'s' if found != 1 else ''} found, none holding campaign copy (see above)"


def _strict_items(items):
    """``--strict``: a key or column msglint would ignore is an error, not a warning."""
    import dataclasses

    from .model import SourceError

    for item in items:
        if isinstance(item, SourceError) and item.code == "unknown-key" and item.warning:
            item = dataclasses.replace(item, warning=False)
        yield item


def _cap_jobs(jobs: int | None, configured: int | None, quiet: bool) -> int:
    """Worker processes: never more than the cores this process may use. More workers
    than cores only share the same cores and pay the start-up of each (``--jobs 16``
    on 2 cores was 1.7 times slower than ``--jobs 1``)."""
    from .parallel import default_jobs

    usable = default_jobs()
    given = "--jobs" if jobs is not None else "config 'jobs ='"
    jobs = jobs if jobs is not None else configured
    if jobs is None:
        return usable
    if jobs > usable:
        if not quiet:
            click.echo(f"msglint: note: {given} {jobs} capped at {usable}, the number of usable cores", err=True)
        return usable
    return jobs


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Include this config's extend-rules.")
def rules_cmd(fmt: str, config_path: str | None) -> None:
    """List every rule: code, name, category, severity."""
    import json

    from .api import resolve_config
    from .rules import load_registry

    try:
        config = resolve_config(["."], config_path)
        registry = load_registry(config.extend_rules)
    except UsageError as exc:
        _fail_usage(str(exc))
    rules = list(registry)
    if fmt == "json":
        click.echo(json.dumps([{"code": r.id, "name": r.name, "category": r.category,
                                "severity": r.severity, "kind": r.kind, "fields": list(r.fields),
                                "depends_on": list(r.depends_on)} for r in rules], indent=2))
        return
    widths = [max(len(r.id) for r in rules), max(len(r.name) for r in rules),
              max(len(r.category) for r in rules)]
    click.echo(f"{'code':<{widths[0]}}  {'name':<{widths[1]}}  {'category':<{widths[2]}}  severity")
    for r in rules:
        click.echo(f"{r.id:<{widths[0]}}  {r.name:<{widths[1]}}  {r.category:<{widths[2]}}  {r.severity}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain a rule: what it does, why it matters, an example, what to write instead."""
    from .rules import load_registry
    from .ruledoc import rule_page

    from .api import resolve_config

    try:
        registry = load_registry(resolve_config(["."]).extend_rules)
    except UsageError as exc:
        _fail_usage(str(exc))
    rule = registry.get(code)
    if rule is None:
        _fail_usage(f"unknown rule {code!r} (see: msglint rules)")
    click.echo(rule_page(rule))


@main.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--pyproject", is_flag=True, help="Append a [tool.msglint] table to pyproject.toml instead.")
@click.option("--force", is_flag=True, help="Overwrite an existing file (or [tool.msglint] table).")
def init(path: str | None, pyproject: bool, force: bool) -> None:
    """Write a commented starter config (msglint.toml, or PATH)."""
    from .init_config import write_starter

    try:
        target = write_starter(path, pyproject=pyproject, force=force)
    except UsageError as exc:
        _fail_usage(str(exc))
    click.echo(f"msglint: wrote {target}" + (" [tool.msglint]" if pyproject else ""), err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (anything but loopback exposes your drafts to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in a web browser.")
@click.option("--allow-host", multiple=True, metavar="NAME",
              help="Another host name the page may be reached by (the Host header is checked).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="Use this config file.")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
def serve(host, port, open_browser, allow_host, config_path, isolated) -> None:
    """A local web page for drafting: findings highlighted as you type."""
    from .api import resolve_config
    from .serve import Engine, make_server, url_of

    try:
        engine = Engine.create(resolve_config(["."], config_path, isolated))
        server = make_server(engine, host, port, allow_host)
    except UsageError as exc:
        _fail_usage(str(exc))
    except OSError as exc:
        _fail_usage(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    url = url_of(server)
    click.echo(f"msglint: drafting page on {url} (Ctrl+C stops it)", err=True)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
def lsp() -> None:
    """A language server over stdio: diagnostics, quick fixes and rule pages in your editor."""
    from .lsp import serve_stdio

    serve_stdio()


@main.command("audit")
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", required=True, metavar="DIR",
              help="Folder (or fsspec URL) for findings/part-NNNNN.* and summary.json/.html.")
@click.option("-f", "--format", "fmt", type=click.Choice(["parquet", "jsonl"]), default="parquet",
              show_default=True, help="Findings shard format.")
@click.option("--scheduler", metavar="ADDRESS", help="Run on this Dask scheduler (tcp://host:8786) "
              "instead of a local cluster.")
@click.option("-j", "--workers", type=click.IntRange(min=1),
              help="Local cluster worker processes [default: config 'jobs', else the number of cores].")
@click.option("--partition-size", type=click.IntRange(min=1), metavar="BYTES",
              help="Input bytes per task [default: 16 MiB].")
@click.option("--max-shard-size", type=click.IntRange(min=1), metavar="BYTES",
              help="Skip (and report) a .jsonl/.ndjson/.parquet shard over this size [default: 1 GiB]; "
              "an mbox is streamed, and max-file-size caps each of its messages.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Senders and campaigns listed in the summary.")
@_session_options
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or closing line.")
def audit(paths, output, fmt, scheduler, workers, partition_size, max_shard_size, top, config_path,
          isolated, select, ignore, relationship, purpose, quiet) -> None:
    """Audit an archive on a Dask cluster (needs: pip install 'msglint[dask]').

    \b
    msglint audit archive/2025/ -o audit-2025/
    msglint audit s3://bucket/mail/*.parquet -o s3://bucket/audit/ --scheduler tcp://10.0.0.5:8786

    Reads JSON lines, Parquet, mbox, .eml folders and every format check reads.
    Exit 0 when the run finished (findings are its data); 2 on usage errors or when a
    partition failed on every retry (no summary is written)."""
    from .audit.cli import run_audit_command

    run_audit_command(paths=list(paths), output=output, fmt=fmt, scheduler=scheduler, workers=workers,
                      partition_size=partition_size, max_shard_size=max_shard_size, top=top,
                      config_path=config_path, isolated=isolated, select=_split(select),
                      ignore=_split(ignore), relationship=relationship, purpose=purpose, quiet=quiet)


if __name__ == "__main__":  # pragma: no cover
    main()
