"""``msglint lsp`` driven by pygls's own language client, as an editor drives it: the
server runs as ``python -m msglint lsp`` in a child process and speaks LSP over stdio.

Positions are checked against UTF-16 offsets computed here, from the text, not from
msglint: an emoji before a flagged phrase must move the range by two code units.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from msglint.lsp import Lines

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 90

SUBJECT = "\u2708\ufe0f\U0001f389 Nicely done! You're getting 50% off"
MD = (
    "---\n"
    f'subject: "{SUBJECT}"\n'
    "purpose: promotional\n"
    "---\n\n"
    "Hello there. Psst, prices drop tomorrow.\n"
    "<!-- msglint: disable-next-line=MSG203 -->\n"
    "Hurry, act now!\n"
)


def utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def apply_edit(text: str, rng: types.Range, new: str) -> str:
    """An editor applying a TextEdit: positions are UTF-16 code units."""
    lines = text.split("\n")

    def offset(pos: types.Position) -> int:
        before = sum(len(l) + 1 for l in lines[: pos.line])
        line, units, i = lines[pos.line], 0, 0
        while units < pos.character:
            units += 2 if ord(line[i]) > 0xFFFF else 1
            i += 1
        return before + i

    return text[: offset(rng.start)] + new + text[offset(rng.end):]


def range_text(text: str, rng: types.Range) -> str:
    return apply_edit(text, types.Range(start=rng.end, end=rng.end), "\x00").split("\x00")[0][
        len(apply_edit(text, types.Range(start=rng.start, end=rng.start), "\x00").split("\x00")[0]):]


class Editor:
    """A language client that remembers every diagnostics notification."""

    def __init__(self) -> None:
        self.client = LanguageClient("msglint-test", "1")
        self.published: list[types.PublishDiagnosticsParams] = []

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
            self.published.append(params)

    async def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        await self.client.start_io(sys.executable, "-m", "msglint", "lsp", cwd=str(REPO), env=env)
        await self.client.initialize_async(types.InitializeParams(
            process_id=os.getpid(), root_uri=None, capabilities=types.ClientCapabilities()))
        self.client.initialized(types.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    def open(self, path: Path, text: str, version: int = 1) -> str:
        uri = path.as_uri()
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
            uri=uri, language_id="markdown", version=version, text=text)))
        return uri

    async def diagnostics(self, uri: str, version: int) -> list[types.Diagnostic]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TIMEOUT
        while loop.time() < deadline:
            for p in self.published:
                if p.uri == uri and p.version == version:
                    return p.diagnostics
            await asyncio.sleep(0.05)
        raise AssertionError(f"no diagnostics for {uri} version {version} within {TIMEOUT}s")


def run(scenario) -> None:
    async def main() -> None:
        editor = Editor()
        await editor.start()
        try:
            await asyncio.wait_for(scenario(editor), TIMEOUT * 2)
        finally:
            await editor.stop()

    asyncio.run(main())


def test_diagnostics_code_action_apply_and_update(tmp_path):
    doc = tmp_path / "campaign.md"

    async def scenario(editor: Editor) -> None:
        uri = editor.open(doc, MD)
        diags = await editor.diagnostics(uri, 1)
        codes = [d.code for d in diags]
        assert "MSG101" in codes and "MSG131" in codes
        assert "MSG203" not in codes, "the inline suppression applies"
        (praise,) = [d for d in diags if d.code == "MSG101"]
        assert praise.source == "msglint" and praise.severity == types.DiagnosticSeverity.Warning
        line = MD.split("\n")[1]
        start = utf16(line[: line.index("Nicely")])
        assert start == line.index("Nicely") + 1, "the emoji are one more UTF-16 unit than code points"
        assert praise.range == types.Range(start=types.Position(line=1, character=start),
                                           end=types.Position(line=1, character=start + len("Nicely done")))
        assert range_text(MD, praise.range) == "Nicely done"

        hover = await editor.client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=1, character=start + 3)))
        assert hover is not None and "MSG101 unearned-praise" in hover.contents.value
        assert "Why is this bad?" in hover.contents.value

        actions = await editor.client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), range=praise.range,
            context=types.CodeActionContext(diagnostics=[praise])))
        (action,) = [a for a in actions if "MSG101" in a.title]
        assert action.kind == types.CodeActionKind.QuickFix
        (change,) = action.edit.document_changes
        (edit,) = change.edits
        new_text = apply_edit(MD, edit.range, edit.new_text)
        assert new_text.split("\n")[1] == 'subject: "\u2708\ufe0f\U0001f389 You\'re getting 50% off"'

        # the editor sends the edit as an incremental change, in UTF-16 positions
        editor.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangePartial(range=edit.range, text=edit.new_text)]))
        after = await editor.diagnostics(uri, 2)
        assert "MSG101" not in [d.code for d in after]
        assert "MSG131" in [d.code for d in after]

        # typing fast: only the text the writer stopped at is linted (debounced)
        for version, typed in ((3, "Act n"), (4, "Act no"), (5, "Act now!")):
            editor.client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(
                    text=new_text + typed + "\n")]))
        final = await editor.diagnostics(uri, 5)
        assert "MSG203" in [d.code for d in final]
        assert not [p for p in editor.published if p.uri == uri and p.version in (3, 4)]

    run(scenario)


def test_project_config_applies_and_every_format_is_read(tmp_path):
    project, other = tmp_path / "project", tmp_path / "other"
    project.mkdir()
    other.mkdir()
    (project / "msglint.toml").write_text('ignore = ["MSG131"]\nexclude = ["drafts"]\n', encoding="utf-8")
    docs = {
        "a.csv": "id,subject,body\n1,\"Nicely done! 50% off\",Psst. Sale.\n",
        "b.html": "<html><head><title>Psst: Nicely done!</title></head><body><p>Hello &amp; welcome.</p></body></html>\n",
        "c.eml": "From: Shop <shop@example.com>\nSubject: Nicely done! Psst\n\nHello there.\n",
        "d.json": '{"subject": "Nicely done! Psst, 50% off"}\n',
        "e.txt": "Subject: Nicely done! Psst\n\nHello.\n",
    }

    async def scenario(editor: Editor) -> None:
        for folder, ignored in ((project, True), (other, False)):
            for name, text in docs.items():
                uri = editor.open(folder / name, text)
                diags = await editor.diagnostics(uri, 1)
                codes = [d.code for d in diags]
                assert "MSG101" in codes, (name, codes)
                assert ("MSG131" in codes) is not ignored, (folder.name, name, codes)
                for d in diags:
                    if d.code == "MSG101":
                        assert range_text(text, d.range).lower() == "nicely done", (name, d.range)
        # what check passes over stays quiet: the config's exclude, and a README
        for name in ("drafts/x.md", "README.md"):
            (project / name).parent.mkdir(exist_ok=True)
            uri = editor.open(project / name, docs["e.txt"])
            assert list(await editor.diagnostics(uri, 1)) == [], name
        uri = editor.open(other / "README.md", docs["e.txt"])
        assert list(await editor.diagnostics(uri, 1)) == []
        # a broken config is reported on the file, not a crash; mending it applies at once
        broken = tmp_path / "broken"
        broken.mkdir()
        (broken / "msglint.toml").write_text("ignore = [MSG131\n", encoding="utf-8")
        uri = editor.open(broken / "e.txt", docs["e.txt"])
        (diag,) = await editor.diagnostics(uri, 1)
        assert diag.message.startswith("msglint configuration:") and "msglint.toml" in diag.message
        assert diag.severity == types.DiagnosticSeverity.Error
        (broken / "msglint.toml").write_text('ignore = ["MSG131"]\n', encoding="utf-8")
        editor.client.text_document_did_save(types.DidSaveTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=uri)))
        await asyncio.sleep(0)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + TIMEOUT
        while loop.time() < deadline:
            latest = [p for p in editor.published if p.uri == uri][-1].diagnostics
            if latest and latest[0].code:
                break
            await asyncio.sleep(0.05)
        codes = [d.code for d in latest]
        assert "MSG101" in codes and "MSG131" not in codes

    run(scenario)


def test_positions_follow_the_negotiated_encoding():
    text = "a\U0001f389 Nicely\nb"
    # column 4 (1-based, code points) is the "N"
    assert Lines(text).position(1, 4) == types.Position(line=0, character=4)
    assert Lines(text, types.PositionEncodingKind.Utf32).position(1, 4) == types.Position(line=0, character=3)
    assert Lines(text, types.PositionEncodingKind.Utf8).position(1, 4) == types.Position(line=0, character=6)
    assert Lines(text).at(text.index("b")) == types.Position(line=1, character=0)
