"""``msglint lsp``: a Language Server (pygls) over stdio, so every editor shows
msglint's findings where the copy is written.

* **Diagnostics** for every file type ``msglint check`` reads, read by the same
  readers from the editor's unsaved text: on open and save at once, on change after
  a short pause (typing is not interrupted by a lint per keystroke). Codes, severities
  and messages are the findings' own; unused suppressions (MSG001) and files that
  cannot be read are reported too, as ``check`` reports them.
* **Ranges** are exact: a finding's 1-based line and column count characters (code
  points); LSP positions are 0-based and count UTF-16 code units unless the client
  negotiated another encoding, so an emoji before a phrase moves its range by two
  units, not one. The conversion is done here, explicitly, for whatever encoding
  pygls agreed on with the client (it reads the client's edits in that encoding too).
* **Code actions** ("quick fix") for findings whose suggestion carries a rewrite:
  the edit from :mod:`msglint.fixes`, offered only where it lands on characters the
  writer typed.
* **Hover** over a flagged span shows the rule's page, as ``msglint explain`` prints it.
* **Configuration**: each document is linted with the config file found above it
  (``msglint.toml``, ``.msglint.toml`` or a ``pyproject.toml`` with
  ``[tool.msglint]``), re-read when it changes on disk; a broken config is shown as
  a diagnostic, not a crash. A file ``check`` would pass over (the exclude globs:
  ``README*`` and the config's own) gets no diagnostics. Inline suppressions apply
  because the file's own reader reads them.

One session per config file is built once and kept: the engine stays warm between
keystrokes. Lints run one at a time on a worker thread, off the protocol loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
from bisect import bisect_right
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from . import __version__
from .model import Finding, Message, Result, SourceError, UsageError

#: the pause after the last change before a document is linted again
DEBOUNCE_SECONDS = 0.3
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
SOURCE = "msglint"
log = logging.getLogger(__name__)


class Lines:
    """Positions in one document: msglint's (1-based line, 1-based column counted in
    code points, or a code point offset) to LSP's (0-based line, 0-based character
    counted in the negotiated encoding's units) and back."""

    def __init__(self, text: str, encoding: str = types.PositionEncodingKind.Utf16):
        self.text = text
        self.starts = [0]
        pos = text.find("\n")
        while pos != -1:
            self.starts.append(pos + 1)
            pos = text.find("\n", pos + 1)
        self.encoding = str(getattr(encoding, "value", encoding))

    def units(self, s: str) -> int:
        if self.encoding == "utf-8":
            return len(s.encode("utf-8", "surrogatepass"))
        if self.encoding == "utf-32":
            return len(s)
        return len(s.encode("utf-16-le", "surrogatepass")) // 2

    def _line(self, line0: int) -> str:
        start = self.starts[line0]
        end = self.starts[line0 + 1] - 1 if line0 + 1 < len(self.starts) else len(self.text)
        return self.text[start:end]

    def position(self, line: int, column: int) -> types.Position:
        """A finding's (line, column), 1-based, as an LSP position."""
        line0 = min(max(line - 1, 0), len(self.starts) - 1)
        text = self._line(line0)
        return types.Position(line=line0, character=self.units(text[: max(column - 1, 0)]))

    def at(self, offset: int) -> types.Position:
        """A code point offset in the document as an LSP position."""
        offset = min(max(offset, 0), len(self.text))
        line0 = bisect_right(self.starts, offset) - 1
        return types.Position(line=line0, character=self.units(self.text[self.starts[line0]:offset]))


def _contains(rng: types.Range, pos: types.Position) -> bool:
    start, end = (rng.start.line, rng.start.character), (rng.end.line, rng.end.character)
    return start <= (pos.line, pos.character) <= end


def _overlaps(a: types.Range, b: types.Range) -> bool:
    a0, a1 = (a.start.line, a.start.character), (a.end.line, a.end.character)
    b0, b1 = (b.start.line, b.start.character), (b.end.line, b.end.character)
    return a0 <= b1 and b0 <= a1


@dataclass
class Problem:
    """One diagnostic and what the code action and hover need to know about it."""

    diagnostic: types.Diagnostic
    rule: str | None = None
    edit: types.TextEdit | None = None
    title: str = ""


@dataclass
class Linted:
    version: int | None
    problems: list[Problem] = field(default_factory=list)
    #: the session the document was linted with (its rules, for hover)
    session: Any = None


class SessionCache:
    """One session per config file, rebuilt when the file changes on disk."""

    def __init__(self) -> None:
        self._sessions: dict[str, tuple[tuple[int, int], Any]] = {}

    def get(self, path: str):
        from .api import make_session
        from .config import find_config, load_config

        folder = Path(path).parent if path else Path.cwd()
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        found = find_config(folder)
        key = str(found) if found else ""
        stat = found.stat() if found else None
        mtime = (stat.st_mtime_ns, stat.st_size) if stat else (0, 0)
        cached = self._sessions.get(key)
        if cached is not None and cached[0] == mtime:
            return cached[1]
        session = make_session(load_config(found) if found else None)
        self._sessions[key] = (mtime, session)
        return session


class MsglintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("msglint", __version__)
        self.sessions = SessionCache()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task] = {}
        # one lint at a time, off the loop: the engine is not shared between threads
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="msglint-lint")

    # -- linting -----------------------------------------------------------------------

    def lint_text(self, uri: str, text: str, encoding: str) -> tuple[list[Problem], Any]:
        """Diagnostics for one document's text, read as ``check`` reads its file, and
        the session that linted it."""
        from .fixes import fix_for, source_fix
        from .report.base import problems
        from .sources import read_bytes

        path = to_fs_path(uri) or uri.rsplit("/", 1)[-1] or "untitled.txt"
        lines = Lines(text, encoding)
        try:
            session = self.sessions.get(path)
        except UsageError as exc:
            rng = types.Range(start=lines.at(0), end=lines.at(0))
            return [Problem(types.Diagnostic(range=rng, message=f"msglint configuration: {exc}",
                                             severity=types.DiagnosticSeverity.Error, source=SOURCE))], None
        if self._excluded(path, session):
            return [], session
        items = list(read_bytes(text.encode("utf-8", "replace"), path))
        messages = [m for m in items if isinstance(m, Message)]
        out: list[Problem] = []
        for err in (e for e in items if isinstance(e, SourceError)):
            line = max((err.line or 1) - 1, 0)
            rng = types.Range(start=types.Position(line=line, character=0),
                              end=lines.position(line + 1, 10**9))
            out.append(Problem(types.Diagnostic(
                range=rng, message=err.message, source=SOURCE,
                severity=types.DiagnosticSeverity.Error if err.level == "error"
                else types.DiagnosticSeverity.Warning)))
        results: list[Result] = list(session.linter.lint(messages))
        for result in results:
            for f in problems(result):
                out.append(self._problem(f, result, session, lines, fix_for, source_fix))
        return out, session

    def _excluded(self, path: str, session) -> bool:
        """Whether ``check`` would pass this file over: the exclude globs (the defaults,
        such as ``README*``, and the config's) match its path relative to the config's
        folder (else the workspace root), so a repository's own docs stay quiet."""
        from .sources import excluded

        if not os.path.isabs(path):
            return excluded(os.path.basename(path), session.exclude)
        base = session.config.path.parent if session.config.path else Path(self.workspace.root_path or os.getcwd())
        rel = os.path.relpath(path, base)
        if rel.startswith(".."):
            rel = os.path.basename(path)
        return excluded(rel.replace(os.sep, "/"), session.exclude)

    def _problem(self, f: Finding, result: Result, session, lines: Lines, fix_for, source_fix) -> Problem:
        rng = types.Range(start=lines.position(f.line, f.column), end=lines.position(f.end_line, f.end_column))
        message = f.message + (f"\n{f.suggestion}" if f.suggestion else "")
        diag = types.Diagnostic(range=rng, message=message, severity=SEVERITY.get(f.severity),
                                code=f.rule, source=SOURCE)
        problem = Problem(diag, rule=f.rule)
        fld = result.message.fields.get(f.field)
        if fld is not None and f in result.findings:
            fix = fix_for(f, session.registry.get(f.rule), fld.text)
            span = source_fix(fix, fld, lines.text) if fix is not None else None
            if span is not None:
                problem.edit = types.TextEdit(range=types.Range(start=lines.at(span[0]), end=lines.at(span[1])),
                                              new_text=fix.replacement)
                problem.title = f"msglint: {fix.title} ({f.rule})"
        return problem

    async def lint_later(self, uri: str, delay: float) -> None:
        """Lint the document as it is after ``delay`` and publish, unless it changed
        meanwhile (then the lint scheduled by that change publishes instead)."""
        if delay:
            await asyncio.sleep(delay)
        doc = self.workspace.get_text_document(uri)
        text, version = doc.source, doc.version
        encoding = self.workspace.position_encoding or types.PositionEncodingKind.Utf16
        loop = asyncio.get_running_loop()
        try:
            found, session = await loop.run_in_executor(self.worker, self.lint_text, uri, text, encoding)
        except Exception as exc:  # a bug must not take the editor's server down
            log.exception("msglint: linting %s failed", uri)
            self.window_log_message(types.LogMessageParams(type=types.MessageType.Error,
                                                           message=f"msglint: linting {uri} failed: {exc}"))
            return
        current = self.workspace.get_text_document(uri)
        if current.version != version or current.source != text:
            return  # changed while linting: the lint already scheduled for it publishes
        self.linted[uri] = Linted(version, found, session)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=[p.diagnostic for p in found]))

    def schedule(self, uri: str, delay: float) -> None:
        """(Re)start the document's lint: a pending one is cancelled (debouncing)."""
        task = self.pending.pop(uri, None)
        if task is not None and not task.done():
            task.cancel()
        self.pending[uri] = asyncio.ensure_future(self.lint_later(uri, delay))


server = MsglintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: MsglintServer, params: types.DidOpenTextDocumentParams) -> None:
    """A file just opened is linted at once: the writer looks at it now."""
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: MsglintServer, params: types.DidChangeTextDocumentParams) -> None:
    """Linted after a pause in typing; a change in the pause restarts the wait."""
    ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: MsglintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)  # a saved config file applies from here on


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: MsglintServer, params: types.DidCloseTextDocumentParams) -> None:
    """A closed file's diagnostics are cleared, as editors expect of a linter."""
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.linted.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_action(ls: MsglintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Quick fixes for the rewrites in the range, for the version they were computed
    on only (a versioned edit, so a client never applies it to changed text)."""
    uri = params.text_document.uri
    linted = ls.linted.get(uri)
    if linted is None:
        return []
    doc = ls.workspace.get_text_document(uri)
    if doc.version != linted.version:
        return []  # the fixes were computed for text that is no longer there
    actions = []
    for p in linted.problems:
        if p.edit is None or not _overlaps(p.diagnostic.range, params.range):
            continue
        actions.append(types.CodeAction(
            title=p.title, kind=types.CodeActionKind.QuickFix, diagnostics=[p.diagnostic],
            is_preferred=True,
            edit=types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=linted.version),
                edits=[p.edit])])))
    return actions


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: MsglintServer, params: types.HoverParams) -> types.Hover | None:
    """The page of each rule flagged under the cursor, as ``msglint explain`` prints it."""
    from .ruledoc import rule_page

    linted = ls.linted.get(params.text_document.uri)
    if linted is None:
        return None
    doc = ls.workspace.get_text_document(params.text_document.uri)
    if doc.version != linted.version:
        return None
    under = [p for p in linted.problems if p.rule and _contains(p.diagnostic.range, params.position)]
    if not under or linted.session is None:
        return None
    session = linted.session
    pages, seen = [], set()
    for p in under:
        rule = session.registry.get(p.rule)
        if rule is None or rule.id in seen:
            continue
        seen.add(rule.id)
        pages.append(rule_page(rule))
    if not pages:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                                    value="\n---\n\n".join(pages)),
                       range=under[0].diagnostic.range)


def serve_stdio() -> None:
    """Run the server on standard input and output until the client says exit."""
    logging.basicConfig(level=logging.WARNING, format="msglint lsp: %(levelname)s: %(message)s")
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    server.start_io()
