"""The mbox reader: splitting as the stdlib does, From_ quoting, positions in the
archive, per-message decoding, damaged messages, streaming and ``--jobs``.

Every archive here is written by the test itself."""

from __future__ import annotations

import base64
import json
import mailbox
from pathlib import Path

import pytest
from click.testing import CliRunner

from msglint import parallel
from msglint.api import lint_paths
from msglint.cli import main
from msglint.model import Message, SourceError
from msglint.sources import DEFAULT_INCLUDE, discover, is_mbox, read_path

FROM_LINE = "From sender@example.com Mon Jan  1 00:00:00 2024\n"


def _mbox(*messages: str) -> str:
    """An mbox of ``messages`` (each without its From_ line), empty line between."""
    return "".join(FROM_LINE + m.rstrip("\n") + "\n\n" for m in messages)


def _write(tmp_path: Path, text: str | bytes, name: str = "box.mbox") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _read(path: Path, max_bytes: int = 10 * 1024 * 1024) -> list:
    return list(read_path(str(path), max_bytes))


def _where(source: str, needle: str, start: int = 0) -> tuple[int, int]:
    """1-based (line, column) of ``needle`` in ``source``."""
    pos = source.index(needle, start)
    return source.count("\n", 0, pos) + 1, pos - (source.rfind("\n", 0, pos) + 1) + 1


SALE = ("From: Acme Deals <deals@acme.example>\nSubject: Last chance: 50% off ends tonight!!!\n"
        "Content-Type: text/plain; charset=utf-8\n\nHurry, act now. Only 2 left!\n")
REPLY = ("From: Ana at Wayfare <ana@wayfare.example>\nSubject: Re: your suitcase\n"
         "In-Reply-To: <orig-1@example.com>\nList-Unsubscribe: <https://wayfare.example/u>\n\n"
         "We have issued a refund of $89.\n")
FAKE = "From: Deals <d@shop.example>\nSubject: Re: your discount\n\nNicely done! Here is 20% off.\n"


def test_messages_are_read_in_order_with_ids_lines_and_meta(tmp_path):
    text = _mbox(SALE, REPLY, FAKE)
    path = _write(tmp_path, text)
    out = _read(path)
    assert all(isinstance(m, Message) for m in out) and len(out) == 3
    assert [m.id for m in out] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    starts = [i + 1 for i, line in enumerate(text.split("\n")) if line.startswith("From ")]
    assert [m.line for m in out] == starts
    assert out[0].text("subject") == "Last chance: 50% off ends tonight!!!"
    assert out[1].text("from") == "Ana at Wayfare"
    assert out[1].meta["in_reply_to"] == "<orig-1@example.com>"
    assert out[1].meta["list_unsubscribe"] == "<https://wayfare.example/u>"
    assert all(m.meta["kind"] == "full-email" for m in out)
    assert out[2].text("body") == "Nicely done! Here is 20% off."


def test_split_matches_the_standard_library(tmp_path):
    # mailbox's convention: every line starting "From " starts a message, and the empty
    # line before it belongs to neither; a last message without a final newline included
    text = _mbox(SALE, REPLY) + FROM_LINE + FAKE.rstrip("\n")
    path = _write(tmp_path, text)
    ours = [m for m in _read(path)]
    box = mailbox.mbox(str(path), create=False)
    try:
        theirs = [box.get_bytes(key) for key in box.keys()]
    finally:
        box.close()
    assert len(ours) == len(theirs) == 3
    for msg, raw in zip(ours, theirs):
        body = raw.decode().split("\n\n", 1)[1].strip()
        assert msg.text("body") == body


def test_crlf_archive(tmp_path):
    text = _mbox(SALE, FAKE).replace("\n", "\r\n")
    out = _read(_write(tmp_path, text.encode("utf-8")))
    assert [m.text("subject") for m in out] == ["Last chance: 50% off ends tonight!!!", "Re: your discount"]
    body = out[1].fields["body"]
    assert body.text == "Nicely done! Here is 20% off."
    assert body.position(0) == _where(text, "Nicely")


def test_finding_positions_are_lines_of_the_mbox(tmp_path):
    text = _mbox(SALE, REPLY, FAKE)
    path = _write(tmp_path, text)
    results = lint_paths([str(path)], config=None, select=["ALL"])
    assert len(results) == 3
    third = results[2]
    reply = [f for f in third.findings if f.category == "false-reply"]
    assert reply and (reply[0].line, reply[0].column) == _where(text, "Re: your discount")
    praise = [f for f in third.findings if f.text == "Nicely done"]
    assert praise and (praise[0].line, praise[0].column) == _where(text, "Nicely done")
    hurry = [f for f in results[0].findings if f.text.startswith("Hurry")]
    assert hurry and (hurry[0].line, hurry[0].column) == _where(text, "Hurry")
    # the genuine reply in the middle is not a false reply
    assert not [f for f in results[1].findings if f.category == "false-reply"]


def test_quoted_from_lines_are_unquoted_and_do_not_split(tmp_path):
    body = ("Dear reader,\n"
            ">From the desk of our founder: thank you.\n"  # mboxo/mboxrd quoted "From "
            ">>From a quoted reply\n"  # mboxrd: was ">From a quoted reply"
            "Nicely done!\n")
    text = _mbox(SALE.split("\n\n")[0] + "\n\n" + body, FAKE)
    path = _write(tmp_path, text)
    out = _read(path)
    assert len(out) == 2  # the quoted line did not start a message
    got = out[0].fields["body"]
    assert "From the desk of our founder: thank you." in got.text
    assert ">From" not in got.text  # ">From a quoted reply" is quoted reply text: blanked
    # a character on an unquoted line points at its column in the file, past the ">"
    assert got.position(got.text.index("desk")) == _where(text, "desk")
    assert got.position(got.text.index("Nicely")) == _where(text, "Nicely")


def test_unquoted_positions_survive_the_trip_to_a_worker(tmp_path):
    import pickle

    text = _mbox(FAKE.rstrip("\n") + "\n>From the desk of our founder.\n")
    msg = _read(_write(tmp_path, text))[0]
    back = pickle.loads(pickle.dumps(msg))
    body = back.fields["body"]
    assert body.position(body.text.index("desk")) == _where(text, "desk")


def test_an_unquoted_from_line_starts_a_message_as_in_mailbox(tmp_path):
    text = _mbox(FAKE + "From here on, prices rise.\n")
    path = _write(tmp_path, text)
    box = mailbox.mbox(str(path), create=False)
    try:
        expected = len(box)
    finally:
        box.close()
    out = _read(path)
    assert expected == 2 and len(out) == 2
    assert isinstance(out[1], SourceError) and "message 2: not an email message" in str(out[1])


def test_a_damaged_message_in_the_middle_is_an_error_with_its_number_and_line(tmp_path):
    text = _mbox(SALE, "This message lost its headers.\nNothing to read.", FAKE)
    path = _write(tmp_path, text)
    out = _read(path)
    assert [type(m).__name__ for m in out] == ["Message", "SourceError", "Message"]
    line = _where(text, "This message lost")[0] - 1  # its From_ line
    assert str(out[1]) == f"{path}:{line}: message 2: not an email message: no headers found"
    assert out[1].level == "error"
    r = CliRunner().invoke(main, ["check", "--isolated", "-f", "json", str(path)])
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    assert [m["id"] for m in doc["messages"]] == [f"{path}#1", f"{path}#3"]
    assert doc["errors"][0]["line"] == line and "message 2" in doc["errors"][0]["message"]


def test_a_bad_declared_context_points_at_its_header_in_the_archive(tmp_path):
    bad = FAKE.replace("Subject:", "X-Msglint-Relationship: buddies-forever-nope\nSubject:")
    text = _mbox(SALE, bad)
    out = _read(_write(tmp_path, text))
    assert isinstance(out[1], SourceError)
    assert out[1].line == _where(text, "X-Msglint-Relationship")[0]
    assert out[1].message.startswith("message 2: ")


def test_a_message_over_the_size_cap_is_skipped_and_the_archive_is_not(tmp_path):
    big = FAKE.rstrip("\n") + "\n" + ("All work and no play. " * 60 + "\n") * 20
    text = _mbox(SALE, big, REPLY)
    path = _write(tmp_path, text)
    cap = 4096
    assert path.stat().st_size > cap  # the archive itself is over max-file-size
    out = _read(path, max_bytes=cap)
    assert [type(m).__name__ for m in out] == ["Message", "SourceError", "Message"]
    assert "message 2: " in out[1].message and f"over the {cap}-byte limit" in out[1].message
    assert out[1].line == _where(text, FAKE.split("\n")[0], text.index(SALE) + len(SALE))[0] - 1
    assert out[2].text("from") == "Ana at Wayfare"


def test_each_message_has_its_own_charset(tmp_path):
    latin_8bit = ("From: Shop <s@shop.example>\nSubject: Soldes d'\xe9t\xe9\n"
                  "Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: 8bit\n\n"
                  "Cr\xe8me br\xfbl\xe9e for everyone.\n").encode("latin-1")
    utf8_qp = ("From: =?utf-8?q?Caf=C3=A9_Lumi=C3=A8re?= <news@cafe.example>\n"
               "Subject: =?utf-8?b?" + base64.b64encode("Nicely done! été".encode()).decode() + "?=\n"
               "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
               "Bonjour, caf=C3=A9 cr=C3=A8me is here. A soft =\nwrapped line.\n").encode("ascii")
    utf8_8bit = ("From: Zoë <z@shop.example>\nSubject: Naïve café\n"
                 "Content-Type: text/plain; charset=utf-8\n\nDéjà vu.\n").encode("utf-8")
    data = b"".join(FROM_LINE.encode() + m + b"\n" for m in (latin_8bit, utf8_qp, utf8_8bit))
    path = _write(tmp_path, data)
    out = _read(path)
    assert [m.text("subject") for m in out] == ["Soldes d'été", "Nicely done! été", "Naïve café"]
    assert out[0].text("body") == "Crème brûlée for everyone."
    assert out[1].text("from") == "Café Lumière"
    body = out[1].fields["body"]
    assert "café crème" in body.text and "soft wrapped line." in body.text
    text = data.decode("latin-1")
    assert body.position(body.text.index("wrapped")) == _where(text, "wrapped")
    assert out[1].fields["subject"].position(0) == (_where(text, "=?utf-8?b?")[0], 10)
    assert out[2].text("from") == "Zoë" and out[2].text("body") == "Déjà vu."


def test_html_part_and_base64_body(tmp_path):
    html = ("From: Acme <news@acme.example>\nSubject: Spring picks\nMIME-Version: 1.0\n"
            'Content-Type: multipart/alternative; boundary="b1"\n\n--b1\n'
            "Content-Type: text/html; charset=utf-8\n\n"
            '<html><body><p>Only 2 left in your size!</p>'
            '<a href="https://acme.example/unsub">Unsubscribe</a></body></html>\n--b1--\n')
    payload = base64.encodebytes("Héllo there.\nNicely done!\n".encode()).decode("ascii")
    b64 = ("From: Shop <s@shop.example>\nSubject: Hi\nContent-Type: text/plain; charset=utf-8\n"
           "Content-Transfer-Encoding: base64\n\n" + payload)
    text = _mbox(html, b64)
    out = _read(_write(tmp_path, text))
    body = out[0].fields["body"]
    assert "Only 2 left in your size!" in body.text
    assert ["Unsubscribe", "https://acme.example/unsub"] in [list(x) for x in out[0].meta["links"]]
    assert body.position(body.text.index("Only")) == _where(text, "Only 2 left")
    b = out[1].fields["body"]
    assert b.text == "Héllo there.\nNicely done!"
    assert b.position(b.text.index("Nicely"))[0] == _where(text, payload.split("\n")[0])[0]  # the part's one line


def test_what_is_read_as_an_mbox(tmp_path):
    archive = _mbox(FAKE)
    assert is_mbox(str(_write(tmp_path, archive, "mbox")))
    assert is_mbox(str(_write(tmp_path, archive, "Inbox")))  # no suffix: sniffed
    assert is_mbox(str(_write(tmp_path, "whatever", "x.MBOX")))
    assert not is_mbox(str(_write(tmp_path, archive, "notes.txt")))  # a known suffix wins
    prose = "From the desk of our founder\nWe are thrilled to write.\n"
    assert not is_mbox(str(_write(tmp_path, prose, "letter")))
    sniffed = _read(tmp_path / "Inbox")
    assert len(sniffed) == 1 and sniffed[0].id == f"{tmp_path / 'Inbox'}#1"
    assert "*.mbox" in DEFAULT_INCLUDE
    _write(tmp_path, archive, "sub.mbox")
    assert str(tmp_path / "sub.mbox") in list(discover([str(tmp_path)]))


def test_not_an_mbox_and_empty_and_preamble(tmp_path):
    out = _read(_write(tmp_path, "Just some notes.\n", "a.mbox"))
    assert len(out) == 1 and isinstance(out[0], SourceError) and out[0].line == 1
    assert "not an mbox file" in out[0].message
    assert _read(_write(tmp_path, "", "empty.mbox")) == []
    out = _read(_write(tmp_path, "stray text\n" + _mbox(FAKE), "pre.mbox"))
    assert isinstance(out[0], SourceError) and "before the first 'From ' line" in out[0].message
    assert isinstance(out[1], Message) and out[1].line == 2
    out = _read(_write(tmp_path, b"\x00\x01\x02" * 400, "bin.mbox"))
    assert len(out) == 1 and out[0].skipped


def test_input_file_is_never_changed(tmp_path):
    path = _write(tmp_path, _mbox(SALE, ">From x\n" + FAKE))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    _read(path)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_message_count_in_json(tmp_path):
    path = _write(tmp_path, _mbox(*[SALE, REPLY, FAKE] * 4))
    r = CliRunner().invoke(main, ["check", "--isolated", "-f", "json", str(path)])
    assert r.exit_code == 1
    doc = json.loads(r.stdout)
    assert len(doc["messages"]) == 12 and doc["summary"]["messages"] == 12
    assert doc["summary"]["files"] == 1 and not doc["errors"]


@pytest.fixture
def always_parallel(monkeypatch):
    """Workers for any corpus; a file over 2 KB is read here and sent in chunks of 5."""
    monkeypatch.setattr(parallel, "SMALL_CORPUS", 0)
    monkeypatch.setattr(parallel, "BIG_FILE", 2048)
    monkeypatch.setattr(parallel, "CHUNK_MESSAGES", 5)


def test_jobs_1_and_2_give_the_same_json(tmp_path, always_parallel):
    msgs = [SALE, REPLY, FAKE] * 6
    msgs[7] = "headerless text"  # a damaged message among them
    path = _write(tmp_path, _mbox(*msgs))
    config = _write(tmp_path, "max-file-size = 1024\n", "msglint.toml")  # under the archive's size
    runs = [CliRunner().invoke(main, ["check", "--config", str(config), "-f", "json", "--jobs", j, str(path)])
            for j in ("1", "2")]
    assert runs[0].exit_code == runs[1].exit_code == 2
    assert runs[0].stdout_bytes == runs[1].stdout_bytes
    doc = json.loads(runs[0].stdout)
    assert len(doc["messages"]) == 17 and len(doc["errors"]) == 1


def test_big_archive_is_split_into_message_chunks(tmp_path, always_parallel):
    path = _write(tmp_path, _mbox(*[SALE, REPLY, FAKE] * 4))
    size = path.stat().st_size
    tasks = list(parallel._tasks([(str(path), size)], max_bytes=400))  # the archive is over max-file-size
    assert size > 400 and [kind for kind, _ in tasks] == ["messages", "messages", "messages"]
    assert sum(len(payload) for _, payload in tasks) == 12


def test_a_base64_body_stays_inside_its_message(tmp_path):
    decoded = "".join(f"Paragraph {k}.\n" for k in range(30)) + "Nicely done!\n"
    payload = base64.encodebytes(decoded.encode("utf-8")).decode("ascii")
    b64 = ("From: Shop <s@shop.example>\nSubject: Hi\nContent-Type: text/plain; charset=utf-8\n"
           "Content-Transfer-Encoding: base64\n\n" + payload)
    text = _mbox(b64, FAKE)
    out = _read(_write(tmp_path, text))
    body = out[0].fields["body"]
    assert out[0].line <= body.position(body.text.index("Nicely"))[0] < out[1].line


def test_any_text_between_from_lines(tmp_path_factory):
    """Fuzz: copy-like text, From_ lines and quoted >From lines in any order read into
    messages and errors only (never the internal-error net), and every finding lies
    inside the file, its span never ending before it starts."""
    from hypothesis import given
    from hypothesis import strategies as st

    from tests.test_properties import SETTINGS, check_items, copyish

    folder = tmp_path_factory.mktemp("fuzz")
    pieces = st.one_of(copyish, st.sampled_from([FROM_LINE, "\n" + FROM_LINE, ">From x\n", ">>From y\n",
                                                 "Subject: Hi\n\n", "Content-Transfer-Encoding: base64\n\n"
                                                 "SMOpbGxvIHRoZXJlLgpOaWNlbHkgZG9uZSEK\n"]))

    @SETTINGS
    @given(parts=st.lists(pieces, max_size=12))
    def run(parts):
        text = FROM_LINE + "".join(parts)
        path = folder / "fuzz.mbox"
        path.write_bytes(text.encode("utf-8"))
        items = _read(path)
        check_items(items, text.replace("\r\n", "\n"))
        for item in items:
            if isinstance(item, SourceError) and not item.skipped:  # (a binary head is skipped whole)
                assert item.line is not None and item.message.startswith("message "), item

    run()
